"""The ``particle-orm`` console script (also ``python -m particle_orm``).

Commands::

    particle-orm demo [--companies N] [--seed N] [--paced]
    particle-orm emulator serve [--host 127.0.0.1] [--port 8700] [--db FILE] [--seed N]
    particle-orm inspect [--object SLUG ...] [--list SLUG ...] [-o FILE]
    particle-orm schema diff MODULE[:ATTR] [--json] [--fail-on error|warning|info]
    particle-orm schema sync MODULE[:ATTR] [--dry-run] [--allow-archive]

The token comes from ``ATTIO_API_KEY``; ``--base-url`` points at another server (a served
emulator needs no token). Exit codes: ``0`` success or a clean diff, ``1`` differences
found, ``2`` an error (printed as one line on stderr, never with the token), ``130``
interrupted.

Example:
    >>> main(["--version"])  # doctest: +SKIP
    particle-orm 0.1.0
    >>> main(["schema", "diff", "no_such_module_xyz"])
    2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from particle_orm.cli._context import Context
from particle_orm.cli._errors import CLIError, ExitCode, describe_error
from particle_orm.cli._parser import DEFAULT_COMPANIES, build_parser

__all__ = [
    "DEFAULT_COMPANIES",
    "CLIError",
    "ExitCode",
    "build_parser",
    "demo",
    "main",
]


def demo(
    out: TextIO | None = None,
    *,
    companies: int = DEFAULT_COMPANIES,
    seed: int = 2024,
    paced: bool = False,
    err: TextIO | None = None,
) -> int:
    """Run ``particle-orm demo``: results to ``out`` (stdout), progress to ``err`` (stderr).

    ``companies`` sets the size (each brings 4 people and a pipeline entry); ``paced``
    applies Attio's real rate limits. Returns the exit code (0).

    Example::

        demo(companies=10)
    """
    # Imported on demand: the demo's model classes register themselves process-wide, and
    # must not collide with a user's models in ``schema diff`` (a class named Opportunity).
    from particle_orm.cli._demo import run_demo

    return run_demo(out, companies=companies, seed=seed, paced=paced, err=err)


def _dispatch(args: argparse.Namespace, ctx: Context) -> ExitCode:
    if args.command == "demo":
        return ExitCode(
            demo(ctx.out, companies=args.companies, seed=args.seed, paced=args.paced, err=ctx.err)
        )
    if args.command == "emulator":
        from particle_orm.cli._serve import run_serve

        return run_serve(args, ctx)
    from particle_orm.cli import _schema

    if getattr(args, "token", None):
        ctx.note(
            "particle-orm: warning: --token is visible to other users in the process list; "
            "prefer the ATTIO_API_KEY environment variable"
        )
    if args.command == "inspect":
        return _schema.run_inspect(args, ctx)
    if args.schema_command == "diff":
        return _schema.run_diff(args, ctx)
    return _schema.run_sync(args, ctx)


def main(argv: Sequence[str] | None = None, *, transport: Any = None) -> int:
    """Run ``particle-orm`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code.

    ``transport`` (an httpx transport) replaces the network: a hook for tests and for
    embedding the CLI. Expected failures print ``particle-orm: error: <one line>`` on
    stderr and return ``2``; usage errors exit through argparse with ``2`` too.

    Example::

        sys.exit(main(["schema", "diff", "myapp.models"]))
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(sys.stdout, sys.stderr, transport)
    try:
        return int(_dispatch(args, ctx))
    except KeyboardInterrupt:
        ctx.note("particle-orm: interrupted")
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:
        message = describe_error(exc, getattr(args, "base_url", None))
        if message is None:
            raise
        code = exc.code if isinstance(exc, CLIError) else ExitCode.ERROR
        ctx.note(f"particle-orm: error: {message}")
        return int(code)
