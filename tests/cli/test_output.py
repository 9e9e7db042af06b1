"""Tables, the progress bar and error messages."""

from __future__ import annotations

import io

import pytest

from particle_orm.cli import CLIError, ExitCode
from particle_orm.cli._errors import describe_error
from particle_orm.cli._progress import ProgressBar
from particle_orm.cli._table import print_table
from particle_orm.client import (
    AuthenticationError,
    ConfigurationError,
    ConnectionFailedError,
    RequestTimeoutError,
)
from particle_orm.schema import UnknownSchemaEntity
from particle_orm.session import Progress


def test_table_aligns_and_cuts_long_cells() -> None:
    out = io.StringIO()
    print_table(["a", "n"], [["x" * 12, 5], ["y", 1234]], out, align="<>", max_width=8, indent="")
    assert out.getvalue().splitlines() == [
        "a            n",
        "--------  ----",
        "xxxxxxx…     5",
        "y         1234",
    ]


def test_table_without_rows() -> None:
    out = io.StringIO()
    print_table(["a"], [], out)
    assert out.getvalue() == "  (no rows)\n"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_redraws_one_line() -> None:
    out = _Tty()
    bar = ProgressBar("saving", out, width=4)
    for done in range(1, 4):
        bar(Progress(done, 3, None))
    text = out.getvalue()
    assert text.count("\r") == 3 and text.endswith("3/3 100%\n")
    assert text.count("\n") == 1
    assert bar.last == Progress(3, 3, None)


def test_progress_in_a_log_prints_quarters_only() -> None:
    out = io.StringIO()
    bar = ProgressBar("saving", out, width=4)
    for done in range(1, 101):
        bar(Progress(done, 100, None))
    lines = out.getvalue().splitlines()
    assert [line.split()[-1] for line in lines] == ["25%", "50%", "75%", "100%"]


def test_progress_of_a_single_operation() -> None:
    out = io.StringIO()
    ProgressBar("x", out)(Progress(1, 1, None))
    assert out.getvalue().count("\n") == 1 and "1/1 100%" in out.getvalue()


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (CLIError("bad"), "bad"),
        (ConfigurationError("no token"), "no token"),
        (ConnectionFailedError("GET", "/v2/objects", "refused"), "cannot reach http://h: GET"),
        (RequestTimeoutError("GET", "/v2/objects", "read timeout"), "cannot reach http://h"),
        (
            AuthenticationError("GET", "/v2/self", 401, code="unauthorized", message="Bad key"),
            "http://h rejected the API token: ",
        ),
        (UnknownSchemaEntity("objects", "x", ["people"]), "no object 'x' in the workspace"),
    ],
)
def test_expected_errors_have_messages(exc: BaseException, expected: str) -> None:
    message = describe_error(exc, "http://h")
    assert message is not None and message.startswith(expected)


def test_bugs_are_not_dressed_up() -> None:
    assert describe_error(ZeroDivisionError("oops")) is None


def test_exit_codes_are_stable() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 130]
    assert CLIError("x", ExitCode.DIFFERENCES).code == 1
