"""``particle-orm inspect``, ``schema diff`` and ``schema sync``.

They call :mod:`particle_orm.schema` (``introspect`` + ``generate_source``,
``diff_models``, ``sync_models``); this module only turns arguments into calls and
results into output and exit codes. Models are loaded (and bad module paths reported)
before any request.

Example:
    >>> fail_on_code(("warning",), "warning"), fail_on_code(("info",), "warning")
    (<ExitCode.DIFFERENCES: 1>, <ExitCode.OK: 0>)
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from particle_orm.cli._connect import Connection
from particle_orm.cli._context import Context
from particle_orm.cli._errors import CLIError, ExitCode
from particle_orm.cli._loader import load_models
from particle_orm.schema import (
    SyncError,
    diff_models,
    generate_source,
    introspect,
    sync_models,
)

__all__ = ["fail_on_code", "run_diff", "run_inspect", "run_sync"]

_RANK = {"error": 0, "warning": 1, "info": 2}


def fail_on_code(severities: Iterable[str], fail_on: str) -> ExitCode:
    """``DIFFERENCES`` when any severity is at least as bad as ``fail_on``, else ``OK``."""
    limit = _RANK[fail_on]
    return ExitCode.DIFFERENCES if any(_RANK[s] <= limit for s in severities) else ExitCode.OK


def _write_atomically(path: Path, text: str) -> None:
    # A failed or interrupted write must not leave a half-written models module behind.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_inspect(args: argparse.Namespace, ctx: Context) -> ExitCode:
    """Introspect the workspace and print (or write, ``-o``) a module of typed models."""
    objects: list[str] | None = args.objects
    lists: list[str] | None = args.lists
    if objects is not None or lists is not None:
        # Naming some objects means "just these": lists are only read when named too.
        objects, lists = objects or [], lists or []
    output: Path | None = args.output
    if output is not None:
        if output.is_dir():
            raise CLIError(f"-o {output}: is a directory")
        if not output.parent.is_dir():
            raise CLIError(f"-o {output}: no such directory: {output.parent}")
        if output.exists() and not args.force:
            raise CLIError(f"-o {output}: the file exists (pass --force to overwrite it)")
    conn = Connection.from_args(args, ctx.transport)
    with conn.client() as client:
        schema = introspect(client, objects=objects, lists=lists)
    source = generate_source(schema, enums=not args.no_enums, bind_by_id=args.bind_by_id)
    n_obj, n_list = len(schema.objects), len(schema.lists)
    summary = (
        f"{n_obj} object{'s' if n_obj != 1 else ''} and {n_list} list{'s' if n_list != 1 else ''}"
        f" ({schema.requests} API calls)"
    )
    if output is None:
        ctx.out.write(source)
        ctx.out.flush()
        ctx.note(f"Generated models for {summary}.")
    else:
        _write_atomically(output, source)
        ctx.note(f"Wrote models for {summary} to {output}.")
    return ExitCode.OK


def run_diff(args: argparse.Namespace, ctx: Context) -> ExitCode:
    """Compare the models of MODULE with the workspace; exit 1 when they differ."""
    models = load_models(args.module)
    conn = Connection.from_args(args, ctx.transport)
    with conn.client() as client:
        diff = diff_models(client, models, include_undeclared=args.include_undeclared)
    if args.json:
        print(diff.to_json(), file=ctx.out)
    else:
        print(diff.to_text(), file=ctx.out)
    return fail_on_code((i.severity for i in diff.issues), args.fail_on)


def run_sync(args: argparse.Namespace, ctx: Context) -> ExitCode:
    """Create what the models of MODULE need; exit 1 if something is left to do."""
    models = load_models(args.module)
    conn = Connection.from_args(args, ctx.transport)
    with conn.client() as client:
        try:
            result = sync_models(
                client,
                models,
                dry_run=args.dry_run,
                allow_archive=args.allow_archive,
                update_constraints=args.update_constraints,
            )
        except SyncError as exc:
            if exc.result is not None and exc.result.applied:
                applied = "\n".join(
                    f"  {a.kind.value:<20} {a.describe()}" for a in exc.result.applied
                )
                print(f"Applied before the failure:\n{applied}", file=ctx.out)
            raise
    print(result.to_json() if args.json else result.to_text(), file=ctx.out)
    if args.dry_run and result.actions:
        return ExitCode.DIFFERENCES
    # What sync cannot fix (a type mismatch...) still breaks reads or writes: say so.
    left = [issue for issue, _reason in result.skipped if issue.severity == "error"]
    return ExitCode.DIFFERENCES if left else ExitCode.OK
