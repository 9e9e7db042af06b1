"""The ``particle-orm`` console script.

Subcommands:
  ``demo``: start the embedded emulator, create a few records through ``AttioClient`` and
  print them as a table.
  ``emulator serve [--host 127.0.0.1] [--port 8700] [--db FILE] [--seed N]``: run the
  emulator as an HTTP server (needs the ``server`` extra: uvicorn). Loopback by default.

Example:
    >>> main(["demo"])  # doctest: +ELLIPSIS
    Companies and people on the embedded Attio emulator...
    0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``particle-orm``."""
    parser = argparse.ArgumentParser(prog="particle-orm", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="run a short demo on the embedded emulator")
    emulator = sub.add_parser("emulator", help="the Attio emulator")
    emu_sub = emulator.add_subparsers(dest="emulator_command", required=True)
    serve = emu_sub.add_parser("serve", help="serve the emulator over HTTP (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default: loopback)")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--db", default=":memory:", help="SQLite file to persist to")
    serve.add_argument("--seed", type=int, default=None, help="deterministic ids")
    return parser


def _table(rows: list[list[str]], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip(), file=out)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)


def _first(values: list[dict[str, Any]], key: str) -> str:
    return str(values[0][key]) if values else ""


def demo(out: TextIO | None = None) -> int:
    """Create companies and people on an embedded emulator and print them (to stdout)."""
    out = out or sys.stdout
    from particle_orm.client import AttioClient
    from particle_orm.emulator import Emulator

    emu = Emulator(seed=2024)
    with AttioClient(emu.token, transport=emu.transport()) as client:
        for name, domain in (("Acme", "acme.com"), ("Globex", "globex.co.uk")):
            client.create_record("companies", {"name": name, "domains": [domain]})
        people = [
            ("Lovelace, Ada", "ada@acme.com", "acme.com", "+44 20 7946 0000"),
            ("Hopper, Grace", "grace@globex.co.uk", "globex.co.uk", "+1 415 555 0100"),
            ("Turing, Alan", "alan@acme.com", "acme.com", "+44 161 496 0000"),
        ]
        for name, email, company, phone in people:
            client.create_record(
                "people",
                {"name": name, "email_addresses": [email], "company": company,
                 "phone_numbers": [phone]},
            )  # fmt: skip
        companies = {
            r["id"]["record_id"]: _first(r["values"]["name"], "value")
            for r in client.query_records("companies")
        }
        records = client.query_records(
            "people", sorts=[{"direction": "asc", "attribute": "name", "field": "last_name"}]
        )
    print("Companies and people on the embedded Attio emulator", file=out)
    rows = [["name", "email", "phone", "company"]]
    for r in records:
        v = r["values"]
        company_id = _first(v["company"], "target_record_id")
        rows.append(
            [
                _first(v["name"], "full_name"),
                _first(v["email_addresses"], "email_address"),
                _first(v["phone_numbers"], "phone_number"),
                companies.get(company_id, ""),
            ]
        )
    _table(rows, out)
    print(f"\n{emu.journal.count()} API calls served in-process.", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``particle-orm`` console script."""
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        return demo()
    if args.command == "emulator" and args.emulator_command == "serve":
        from particle_orm.emulator import Emulator
        from particle_orm.emulator.server import serve

        emu = Emulator(args.db, seed=args.seed)
        print(f"Attio emulator on http://{args.host}:{args.port}", file=sys.stderr)
        # The token is not printed: fetch it from the loopback control plane instead.
        print(f"API token: GET http://{args.host}:{args.port}/_emulator/token", file=sys.stderr)
        serve(emu, host=args.host, port=args.port)
        return 0
    return 2  # pragma: no cover - argparse rejects anything else


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
