"""benchmarks/_report.py and _runner.py: results, pass/fail, RESULTS.md rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import BenchmarkSkipped, Report, Result
from benchmarks._runner import discover, render, run_benchmarks


def test_ratio_and_targets() -> None:
    ok = Result("x", "w", 2.0, "ms", baseline=1.0, max_ratio=2.5, max_value=3.0)
    assert ok.ratio == 2.0 and ok.passed is True
    assert Result("x", "w", 2.0, "ms", baseline=1.0, max_ratio=1.5).passed is False
    assert Result("x", "w", 2.0, "ops/s", min_value=3.0).passed is False
    assert Result("x", "w", 2.0, "ms").passed is None
    assert "ratio ≤ 1.5×" in Result("x", "w", 2.0, "ms", baseline=1.0, max_ratio=1.5).target


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": float("nan")}, "value must be finite"),
        ({"value": 1.0, "baseline": 0.0}, "baseline must be finite and > 0"),
        ({"value": 1.0, "max_ratio": 2.0}, "max_ratio needs a baseline"),
    ],
)
def test_invalid_results_rejected(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Result("bad", "w", unit="ms", **kwargs)  # type: ignore[arg-type]


def test_report_markdown_table() -> None:
    report = Report("demo", "A demo")
    report.record(
        "fast",
        workload="1 page",
        value=1.5,
        unit="ms",
        baseline=3.0,
        baseline_label="json.loads",
        max_value=2.0,
    )
    report.record("slow", workload="1 page", value=9.0, unit="ms", max_value=2.0)
    report.note("method: medians")
    text = report.to_markdown()
    assert text.startswith("## demo — A demo")
    assert "| fast | 1 page | 1.5 ms | 3 ms (json.loads) | 0.50× | ≤ 2 ms | ✅ |" in text
    assert "| slow | 1 page | 9 ms | – | – | ≤ 2 ms | ❌ |" in text
    assert "- method: medians" in text
    assert report.failed


def test_skip_is_reported() -> None:
    report = Report("demo")
    with pytest.raises(BenchmarkSkipped, match="no spec"):
        report.skip("no spec")


def test_discover_and_unknown_names() -> None:
    assert "contract" in discover()
    assert discover(["bench_contract"]) == ["contract"]
    with pytest.raises(LookupError, match=r"nope.*available: .*contract"):
        discover(["nope"])


def test_render_has_machine_section() -> None:
    text = render([Report("demo")], "python -m benchmarks demo")
    for key in ("CPU", "Cores", "Memory", "Python", "OS", "Date (UTC)"):
        assert f"| {key} |" in text
    assert "## demo" in text


def test_run_contract_benchmark_writes_results(tmp_path: Path, shared_attio: Path) -> None:
    output = tmp_path / "RESULTS.md"
    (report,) = run_benchmarks(["contract"], output=output, echo=False)
    assert report.error is None and report.skipped is None
    assert not report.failed
    names = [result.name for result in report.results]
    assert "people: check_response (formats asserted)" in names
    assert "## contract" in output.read_text(encoding="utf-8")


def test_a_partial_run_keeps_the_other_sections(tmp_path: Path) -> None:
    from benchmarks._runner import sections

    old = render([Report("contract", "C"), Report("decode", "D")], "python -m benchmarks")
    assert set(sections(old)) == {"contract", "decode"}
    fresh = Report("decode", "D new")
    text = render([fresh], "python -m benchmarks decode", sections(old))
    got = sections(text)
    assert list(got) == ["contract", "decode"]  # discovery order
    assert "D new" in got["decode"] and "Kept from an earlier run" not in got["decode"]
    assert got["contract"].startswith("## contract — C\n\n*(Kept from an earlier run")
    again = render([Report("query")], "python -m benchmarks query", got)
    assert sections(again)["contract"].count("Kept from an earlier run") == 1
