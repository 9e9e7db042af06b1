"""Plain-text tables for terminal output (no dependencies, no colour).

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> print_table(["name", "n"], [["Acme", 3], ["Globex", 12]], out, align="<>")
    >>> print(out.getvalue(), end="")
      name     n
      ------  --
      Acme     3
      Globex  12
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

__all__ = ["print_table"]


def _cell(value: object, width: int) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    out: TextIO,
    *,
    align: str = "",
    indent: str = "  ",
    max_width: int = 40,
) -> None:
    """Print ``rows`` under ``header``; ``align`` holds one ``<`` or ``>`` per column.

    Cells longer than ``max_width`` are cut with an ellipsis; an empty ``rows`` prints
    ``(no rows)``.
    """
    if not rows:
        print(f"{indent}(no rows)", file=out)
        return
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    aligns = align.ljust(len(header), "<")

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if a == ">" else v.ljust(w) for v, w, a in zip(values, widths, aligns)]
        return (indent + "  ".join(parts)).rstrip()

    print(line(list(header)), file=out)
    print(line(["-" * w for w in widths]), file=out)
    for row in cells:
        print(line(row), file=out)
