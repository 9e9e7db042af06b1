"""The CSV import example: idempotent imports on the emulator, and bad files caught early."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from examples.import_csv import (
    CSVImportError,
    PersonRow,
    import_people,
    main,
    progress_bar,
    read_rows,
)
from particle_orm.emulator import Emulator
from particle_orm.session import Progress

CSV = Path(__file__).resolve().parents[2] / "examples" / "data" / "people.csv"
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _writes(emu: Emulator) -> int:
    return sum(1 for e in emu.journal if e.method in WRITES and not e.path.endswith("/query"))


def _names(emu: Emulator) -> dict[str, str]:
    client = emu.client(rate_limits=None)
    return {
        p["values"]["email_addresses"][0]["email_address"]: p["values"]["name"][0]["full_name"]
        for p in client.query_records("people")
    }


def test_importing_twice_creates_nothing_new() -> None:
    emu = Emulator(seed=31)
    rows = read_rows(CSV)
    assert len(rows) == 20
    with emu.client(rate_limits=None) as client:
        first = import_people(client, rows)
        assert (first.people_created, first.companies_created, first.writes) == (20, 14, 34)
        after_first = _writes(emu)
        assert after_first == 34
        second = import_people(client, rows)
    assert (second.people_created, second.companies_created, second.people_updated) == (0, 0, 0)
    assert (second.people_unchanged, second.companies_existing, second.writes) == (20, 14, 0)
    assert second.api_calls == 2  # one lookup per kind; nothing written
    assert _writes(emu) == after_first
    assert len(emu.client().query_records("people")) == 20
    assert len(emu.client().query_records("companies")) == 14


def test_people_are_linked_to_their_companies() -> None:
    emu = Emulator(seed=32)
    with emu.client(rate_limits=None) as client:
        import_people(client, read_rows(CSV))
        companies = {
            c["id"]["record_id"]: c["values"]["domains"][0]["domain"]
            for c in client.query_records("companies")
        }
        people = {
            p["values"]["email_addresses"][0]["email_address"]: p["values"]
            for p in client.query_records("people")
        }
    mary = people["mary.jackson@orbit-dynamics.com"]  # written in mixed case in the CSV
    assert companies[mary["company"][0]["target_record_id"]] == "orbit-dynamics.com"
    assert people["annie@rocket-code.com"]["company"] == []  # no company_domain
    assert people["linus@kernel-works.org"]["job_title"] == []  # no job_title


def test_a_changed_row_updates_just_that_person(tmp_path: Path) -> None:
    emu = Emulator(seed=33)
    edited = tmp_path / "people.csv"
    text = CSV.read_text()
    edited.write_text(text.replace("Ada Lovelace,", "Augusta Ada King,").replace(
        "Founder", "Inventor"))  # fmt: skip
    with emu.client(rate_limits=None) as client:
        import_people(client, read_rows(CSV))
        before = _writes(emu)
        summary = import_people(client, read_rows(edited))
    assert (summary.people_updated, summary.people_unchanged, summary.writes) == (2, 18, 2)
    patches = [e for e in emu.journal.entries[-2:] if e.method == "PATCH"]
    assert len(patches) == 2 and _writes(emu) == before + 2
    assert _names(emu)["ada@analytical-engines.com"] == "Augusta Ada King"


def test_rows_built_in_code_are_normalised() -> None:
    emu = Emulator(seed=34)
    rows = [PersonRow(2, "Ada Lovelace", "ADA@Acme.com", "https://Acme.com/", None)]
    with emu.client(rate_limits=None) as client:
        assert import_people(client, rows).people_created == 1
        assert import_people(client, rows).writes == 0


@pytest.mark.parametrize(
    ("content", "line", "column", "problem"),
    [
        ("name,mail\nAda,ada@x.com\n", 1, None, "missing column(s): email"),
        ("name,email\nAda,not-an-email\n", 2, "email", "expected"),
        ("name,email\n,ada@x.com\n", 2, "name", "is empty"),
        ("name,email,company_domain\nAda,ada@x.com,not a domain\n", 2, "company_domain", ""),
        ("name,email\nAda,ada@x.com\nAda,ADA@X.com\n", 3, "email", "also on line 2"),
    ],
)
def test_bad_rows_are_named(
    tmp_path: Path, content: str, line: int, column: str | None, problem: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CSVImportError) as info:
        read_rows(path)
    assert (info.value.line, info.value.column) == (line, column)
    assert problem in info.value.problem
    assert str(info.value).startswith(f"{path}, line {line}")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CSVImportError, match="No such file"):
        read_rows(tmp_path / "nope.csv")


def test_main_on_the_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(CSV), "--emulator"]) == 0
    out, err = capsys.readouterr()
    first, second = out.splitlines()
    assert first.startswith("run 1: 20 rows: companies 14 created")
    assert "people 0 created, 0 updated, 20 unchanged (0 writes" in second
    assert err.count("saving [") == 1 and "34/34" in err  # one run wrote; a log line each


def test_main_reports_a_bad_file_without_touching_attio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ATTIO_API_KEY", raising=False)
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nAda\n")
    assert main([str(bad)]) == 2
    assert (
        capsys.readouterr().err == f"import_csv: error: {bad}, line 1: missing column(s): email\n"
    )


def test_progress_bar_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    show = progress_bar(out)
    show(Progress(1, 2, None))
    show(Progress(2, 2, None))
    assert out.getvalue().count("\r") == 2 and out.getvalue().endswith("2/2\n")


def test_docstring_examples() -> None:
    import doctest

    import examples.import_csv

    result = doctest.testmod(examples.import_csv, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
