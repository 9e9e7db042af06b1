"""The argument parser of ``particle-orm``: every subcommand, its options and its help.

Example:
    >>> args = build_parser().parse_args(["schema", "diff", "myapp.models", "--json"])
    >>> args.command, args.schema_command, args.module, args.json
    ('schema', 'diff', 'myapp.models', True)
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from particle_orm.cli._connect import BASE_URL_ENV_VAR, add_connection_options
from particle_orm.client import TOKEN_ENV_VAR

__all__ = ["DEFAULT_COMPANIES", "EXIT_CODES_HELP", "build_parser"]

DEFAULT_COMPANIES = 60
"""Companies ``demo`` imports by default (each with 4 people and 1 pipeline entry)."""

EXIT_CODES_HELP = """\
exit codes:
  0    success; schema diff: the models match the workspace
  1    schema diff: differences found; schema sync --dry-run: actions to take;
       schema sync: issues left that sync cannot fix
  2    error: usage, configuration (no token), connection or API error
  130  interrupted (Ctrl-C)"""
"""The exit-code table shown by ``--help``: scripts may rely on it."""

_CONNECTION_HELP = f"""\
connection: the token is read from ${TOKEN_ENV_VAR}; --base-url (or ${BASE_URL_ENV_VAR})
points at another server. A served emulator on a loopback address needs no token: it is
fetched from its control plane (GET /_emulator/token) and never printed."""

_MODULE_HELP = (
    "the models: a module (myapp.models: its model classes), MODULE:ATTR (one model class "
    "or an iterable of them) or a file (models.py)"
)


class _Formatter(argparse.HelpFormatter):
    """Wraps prose paragraphs; keeps tables (paragraphs with indented lines) as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for para in text.split("\n\n"):
            if any(line.startswith("  ") for line in para.splitlines()):
                paragraphs.append(para)
            else:
                paragraphs.append(
                    textwrap.fill(
                        " ".join(para.split()),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                    )
                )
        return "\n\n".join(paragraphs)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port in 0..65535, got {text!r}")
    return value


def _add_demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="run the end-to-end demo on an embedded emulator (no token, no network)",
        description="Start an embedded Attio emulator, sync a small custom schema, import a "
        "few hundred records in one session commit (progress on stderr), run showcase "
        "queries and an update, and print tables and the API calls of each step.",
        epilog=EXIT_CODES_HELP,
        formatter_class=_Formatter,
    )
    p.add_argument(
        "--companies",
        type=_positive_int,
        default=DEFAULT_COMPANIES,
        metavar="N",
        help=f"companies to import, each with 4 people and a list entry "
        f"(default: {DEFAULT_COMPANIES})",
    )
    p.add_argument("--seed", type=int, default=2024, help="seed of ids and data (default: 2024)")
    p.add_argument(
        "--paced",
        action="store_true",
        help="pace calls at Attio's real rate limits (25 writes/s), as against api.attio.com",
    )


def _add_emulator(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    emulator = sub.add_parser(
        "emulator",
        help="the Attio emulator",
        description="The offline Attio emulator.",
        epilog=EXIT_CODES_HELP,
        formatter_class=_Formatter,
    )
    emu_sub = emulator.add_subparsers(dest="emulator_command", required=True, metavar="COMMAND")
    serve = emu_sub.add_parser(
        "serve",
        help="serve the emulator over HTTP (needs uvicorn: the 'server' extra)",
        description="Serve the emulator over HTTP until Ctrl-C. The token is never printed: "
        "fetch it from GET /_emulator/token (the CLI's other commands do so by themselves "
        "for a loopback --base-url).",
        epilog=EXIT_CODES_HELP,
        formatter_class=_Formatter,
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="bind address (default: 127.0.0.1; the control plane is unauthenticated)",
    )
    serve.add_argument(
        "--port", type=_port, default=8700, help="port, 0 for any free one (default: 8700)"
    )
    serve.add_argument("--db", default=":memory:", metavar="FILE", help="SQLite file to persist to")
    serve.add_argument("--seed", type=int, default=None, help="deterministic ids")
    serve.add_argument(
        "--fixture",
        type=Path,
        default=None,
        metavar="FILE",
        help="a JSON fixture (schema and records) to load at start",
    )
    serve.add_argument(
        "--log-level",
        default="warning",
        choices=("critical", "error", "warning", "info", "debug"),
        help="uvicorn's log level (default: warning)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")


def _add_inspect(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "inspect",
        help="generate typed models from a workspace's objects and lists",
        description="Introspect the workspace and write a module of typed models (one class "
        "per object and list). Without --object/--list: every object and list; naming some "
        "reads just those.",
        epilog=f"{_CONNECTION_HELP}\n\n{EXIT_CODES_HELP}",
        formatter_class=_Formatter,
    )
    p.add_argument(
        "--object",
        dest="objects",
        action="append",
        metavar="SLUG",
        help="an object to generate (repeatable)",
    )
    p.add_argument(
        "--list", dest="lists", action="append", metavar="SLUG", help="a list (repeatable)"
    )
    p.add_argument(
        "-o", "--output", type=Path, default=None, metavar="FILE", help="write here, not stdout"
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing --output file")
    p.add_argument(
        "--no-enums",
        action="store_true",
        help="plain Option/StatusValue fields instead of Enums of the select options",
    )
    p.add_argument(
        "--bind-by-id",
        action="store_true",
        help="bind models and fields by id, so they survive slug renames",
    )
    add_connection_options(p)


def _add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = sub.add_parser(
        "schema",
        help="compare models with a workspace (diff) or create what they need (sync)",
        description="Compare declared models with a workspace, or create what is missing.",
        epilog=EXIT_CODES_HELP,
        formatter_class=_Formatter,
    )
    schema_sub = schema.add_subparsers(dest="schema_command", required=True, metavar="COMMAND")
    diff = schema_sub.add_parser(
        "diff",
        help="report how the models and the workspace differ (exit 1 if they do)",
        description="Report missing objects, lists, attributes, options and statuses, type "
        "mismatches and constraint differences between MODULE's models and the workspace.",
        epilog=f"{_CONNECTION_HELP}\n\n{EXIT_CODES_HELP}",
        formatter_class=_Formatter,
    )
    diff.add_argument("module", metavar="MODULE", help=_MODULE_HELP)
    diff.add_argument("--json", action="store_true", help="a machine-readable report")
    diff.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="warning",
        help="the least severe issue that makes the exit code 1 (default: warning)",
    )
    diff.add_argument(
        "--include-undeclared",
        action="store_true",
        help="also list attributes, options and statuses the workspace has and the models "
        "do not declare (as info)",
    )
    add_connection_options(diff)
    sync = schema_sub.add_parser(
        "sync",
        help="create the objects, lists, attributes, options and statuses the models need",
        description="Create what MODULE's models need and the workspace lacks. Never deletes; "
        "archives only with --allow-archive.",
        epilog=f"{_CONNECTION_HELP}\n\n{EXIT_CODES_HELP}",
        formatter_class=_Formatter,
    )
    sync.add_argument("module", metavar="MODULE", help=_MODULE_HELP)
    sync.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    sync.add_argument(
        "--allow-archive",
        action="store_true",
        help="also archive custom attributes, options and statuses the models do not declare",
    )
    sync.add_argument(
        "--update-constraints",
        action="store_true",
        help="make is_unique / is_required match the fields",
    )
    sync.add_argument("--json", action="store_true", help="a machine-readable report")
    add_connection_options(sync)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``particle-orm`` (``--help`` on every level).

    Example:
        >>> build_parser().parse_args(["demo"]).companies
        60
    """
    from particle_orm import __version__

    parser = argparse.ArgumentParser(
        prog="particle-orm",
        description="particle_orm's command line: a demo, the Attio emulator, and schema "
        "tooling (generate models from a workspace, diff and sync models with it).",
        epilog=f"{_CONNECTION_HELP}\n\n{EXIT_CODES_HELP}",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"particle-orm {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_demo(sub)
    _add_emulator(sub)
    _add_inspect(sub)
    _add_schema(sub)
    return parser
