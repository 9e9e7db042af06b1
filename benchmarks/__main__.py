"""``python -m benchmarks [names...]``: run benchmarks and write benchmarks/RESULTS.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._runner import HERE, discover, run_benchmarks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list benchmarks and exit")
    parser.add_argument(
        "--output", type=Path, default=HERE / "RESULTS.md", help="where to write the results"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; write no file")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(discover()))
        return 0
    try:
        reports = run_benchmarks(args.names, output=None if args.no_write else args.output)
    except LookupError as error:
        parser.error(str(error))
    return 1 if any(report.failed for report in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
