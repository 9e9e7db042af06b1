"""``particle-orm demo``: every step runs, prints its tables and its API calls."""

from __future__ import annotations

import io
import re

import pytest

from particle_orm.cli import demo
from particle_orm.cli._demo import summarize_plan
from particle_orm.cli._demo_data import PEOPLE_PER_COMPANY, build_dataset
from particle_orm.session import Plan

from .conftest import Runner


@pytest.fixture(scope="module")
def full_run() -> tuple[str, str]:
    """The default demo, run once for the module (it is the `make demo` acceptance)."""
    out, err = io.StringIO(), io.StringIO()
    assert demo(out, err=err) == 0
    return out.getvalue(), err.getvalue()


def _without_timings(text: str) -> str:
    return re.sub(r"\d+\.\d\d( s)?", "<t>", text)


def test_the_default_demo_imports_360_records(full_run: tuple[str, str]) -> None:
    out, _ = full_run
    assert "2. Import 360 records in one unit of work (60 companies, 240 people" in out
    assert "Plan: 360 calls in 2 layers" in out
    assert re.search(r"-> 360 API calls for 360 operations in \d+\.\d\d s", out)


def test_every_step_is_reported(full_run: tuple[str, str]) -> None:
    out, _ = full_run
    for heading in ("1. Schema", "2. Import", "3. Queries", "4. A unit of work", "5. Summary"):
        assert heading in out
    assert "diff before: 3 errors" in out and "diff after:  clean" in out
    assert "Sync applied 12 actions" in out
    assert "create_list          lists/pipeline" in out


def test_queries_print_tables(full_run: tuple[str, str]) -> None:
    out, _ = full_run
    assert ">>> DemoCompany.objects.filter(tier=Tier.ENTERPRISE, headcount__gte=1000)" in out
    assert "company__tier=Tier.ENTERPRISE" in out and 'prefetch_related("parent")' in out
    header = re.search(r"\n\s+company\s+domain\s+tier\s+headcount\n\s+-+", out)
    assert header is not None
    rows = out[header.end() :].split("\n")[1:6]
    assert all("Enterprise" in row for row in rows)
    headcounts = [int(r.split()[-1].replace(",", "")) for r in rows]
    assert headcounts == sorted(headcounts, reverse=True) and min(headcounts) >= 1000
    assert re.search(r"people at acme-labs\.com\s+4\n", out)


def test_prefetch_costs_one_extra_call(full_run: tuple[str, str]) -> None:
    out, _ = full_run
    rows = dict(re.findall(r"\n\s+(query: [a-z +]+?)\s{2,}(\d+\s+\d+\s+\d+)", out))
    assert rows["query: lookups"].split() == ["1", "0", "1"]
    assert rows["query: path + prefetch"].split() == ["2", "0", "2"]  # a query + one batch


def test_the_update_plan_patches_and_asserts(full_run: tuple[str, str]) -> None:
    out, _ = full_run
    section = out[out.index("4. A unit of work") : out.index("5. Summary")]
    assert "PATCH /v2/lists/pipeline/entries/{id}" in section
    assert "update DemoCompany [name, domains]" in section
    assert "assert DemoPerson" in section
    planned = int(re.search(r"Plan: (\d+) calls", section).group(1))  # type: ignore[union-attr]
    assert f"(2 to load, {planned} to commit)" in section


def test_summary_totals_add_up(full_run: tuple[str, str]) -> None:
    out, _ = full_run
    summary = out[out.index("5. Summary") :]
    steps = re.findall(r"\n\s+([a-z:+ ]+?)\s{2,}(\d+)\s+(\d+)\s+(\d+)\s+\d+\.\d\d", summary)
    *parts, total = steps
    assert total[0] == "total"
    for col in (1, 2, 3):
        assert sum(int(p[col]) for p in parts) == int(total[col])
    assert "take at least 15 s" in summary  # 381 writes at 25/s


def test_progress_goes_to_stderr(full_run: tuple[str, str]) -> None:
    out, err = full_run
    assert "importing [" in err and "360/360 100%" in err
    assert "importing [" not in out


def test_same_seed_same_output() -> None:
    runs = []
    for _ in range(2):
        out = io.StringIO()
        demo(out, companies=4, err=io.StringIO())
        runs.append(_without_timings(out.getvalue()))
    assert runs[0] == runs[1]


def test_cli_demo_options(cli: Runner) -> None:
    run = cli("demo", "--companies", "3", "--seed", "9")
    assert run.code == 0
    assert "Import 18 records" in run.out and "(seed 9)" in run.out
    assert "18/18 100%" in run.err


def test_demo_rejects_a_bad_size() -> None:
    with pytest.raises(ValueError, match="companies must be >= 1"):
        demo(io.StringIO(), companies=0)


def test_dataset_is_consistent() -> None:
    data = build_dataset(25, seed=3)
    assert data.total == 25 * (PEOPLE_PER_COMPANY + 2)
    names = [c.name for c in data.companies]
    assert len(set(names)) == len(names)
    emails = [p.email_addresses[0].email_address for p in data.people]
    assert len(set(emails)) == len(emails)
    for person in data.people:
        assert person.email_addresses[0].email_domain == person.company.domains[0].domain


def test_summarize_plan_of_nothing() -> None:
    assert summarize_plan(Plan(())) == []


def test_the_demo_models_load_only_for_the_demo() -> None:
    # They register process-wide: `schema diff` must not see a second "Opportunity".
    import subprocess
    import sys

    code = (
        "import sys; from particle_orm.cli import main, build_parser; "
        "build_parser().parse_args(['schema', 'diff', 'x']); "
        "print(sorted(m for m in sys.modules if m.startswith('particle_orm.cli._demo')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_parser_default_size_matches_the_demo() -> None:
    import inspect

    from particle_orm.cli import DEFAULT_COMPANIES, build_parser
    from particle_orm.cli._demo import run_demo

    assert build_parser().parse_args(["demo"]).companies == DEFAULT_COMPANIES
    assert inspect.signature(run_demo).parameters["companies"].default == DEFAULT_COMPANIES
