"""``--help`` everywhere, ``--version``, usage errors and option validation."""

from __future__ import annotations

import pytest

from particle_orm import __version__
from particle_orm.cli import build_parser

from .conftest import Runner

HELP_PATHS = [
    [],
    ["demo"],
    ["emulator"],
    ["emulator", "serve"],
    ["inspect"],
    ["schema"],
    ["schema", "diff"],
    ["schema", "sync"],
]


@pytest.mark.parametrize("path", HELP_PATHS, ids=lambda p: " ".join(p) or "top")
def test_every_command_has_help_with_the_exit_codes(cli: Runner, path: list[str]) -> None:
    run = cli(*path, "--help")
    assert run.code == 0
    assert run.out.startswith(f"usage: particle-orm {' '.join(path)}".rstrip())
    assert "exit codes:" in run.out
    assert "2    error: usage" in run.out


def test_connection_commands_document_the_token_variable(cli: Runner) -> None:
    for path in (["inspect"], ["schema", "diff"], ["schema", "sync"]):
        out = cli(*path, "--help").out
        assert "--base-url URL" in out and "$ATTIO_API_KEY" in out


def test_version(cli: Runner) -> None:
    run = cli("--version")
    assert (run.code, run.out.strip()) == (0, f"particle-orm {__version__}")


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["nope"], "invalid choice: 'nope'"),
        (["schema"], "required: COMMAND"),
        (["schema", "diff"], "required: MODULE"),
        (["demo", "--companies", "0"], "expected 1 or more, got '0'"),
        (["demo", "--companies", "many"], "expected a whole number, got 'many'"),
        (["emulator", "serve", "--port", "70000"], "expected a port in 0..65535"),
        (["inspect", "--timeout", "-1"], "expected a positive number, got '-1'"),
        (["inspect", "--retries", "x"], "expected a whole number, got 'x'"),
        (["schema", "diff", "m", "--fail-on", "never"], "invalid choice: 'never'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(cli: Runner, argv: list[str], complaint: str) -> None:
    run = cli(*argv)
    assert run.code == 2
    assert complaint in run.err
    assert "Traceback" not in run.err


def test_serve_defaults_to_loopback() -> None:
    args = build_parser().parse_args(["emulator", "serve"])
    assert (args.host, args.port, args.db, args.seed) == ("127.0.0.1", 8700, ":memory:", None)


def test_inspect_options_accumulate() -> None:
    args = build_parser().parse_args(
        ["inspect", "--object", "people", "--object", "deals", "--list", "sales", "-o", "m.py"]
    )
    assert (args.objects, args.lists, str(args.output)) == (["people", "deals"], ["sales"], "m.py")
    defaults = build_parser().parse_args(["inspect"])
    assert (defaults.objects, defaults.lists, defaults.output) == (None, None, None)
    assert (defaults.timeout, defaults.retries) == (60.0, 4)
