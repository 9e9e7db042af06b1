"""Line layout for generated code, matching what ``ruff format`` (line length 100) keeps.

Generated modules must pass ``ruff format --check`` without running ruff, so the few
statement shapes the generator emits are laid out here the way the formatter would:
one line when it fits; otherwise the call's arguments move to their own line (one per
line, with a magic trailing comma, when they do not fit together); when the head
``name: Ann = call(`` is too long, the right-hand side goes in parentheses on its own
line; when even that does not fit, the annotation's subscript is split.

Example:
    >>> assign_call("    ", "x", "fields.Text", "fields.Text", ["read_only=True"])
    ['    x: fields.Text = fields.Text(read_only=True)']
    >>> lines = assign_call("    ", "y" * 70, "fields.Text", "fields.Text", ["read_only=True"])
    >>> lines[-1], len(lines)
    ('    )', 3)
"""

from __future__ import annotations

__all__ = ["WIDTH", "assign_call"]

WIDTH = 100


def _call_lines(indent: str, head: str, args: list[str]) -> list[str] | None:
    """``head(`` + arguments + ``)``, split the formatter's way; ``None`` if head overflows."""
    flat = f"{head}({', '.join(args)})"
    if len(flat) <= WIDTH:
        return [flat]
    if not args or len(head) + 1 > WIDTH:
        return None
    inner = indent + "    "
    joined = inner + ", ".join(args)
    if len(joined) <= WIDTH:
        return [f"{head}(", joined, f"{indent})"]
    return [f"{head}(", *(f"{inner}{a}," for a in args), f"{indent})"]


def assign_call(
    indent: str, target: str, annotation: str | None, call: str, args: list[str]
) -> list[str]:
    """Lay out ``target: annotation = call(args)`` as ruff format would.

    Example:
        >>> for line in assign_call("    ", "n" * 40, "fields.Select[list[" + "E" * 40 + "]]",
        ...                         "fields.Select", ["enum=E", "many=True"]):
        ...     print(line)
        ... # doctest: +NORMALIZE_WHITESPACE
        nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: fields.Select[
            list[EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE]
        ] = fields.Select(enum=E, many=True)
    """
    left = f"{indent}{target}" + (f": {annotation}" if annotation else "")
    lines = _call_lines(indent, f"{left} = {call}", args)
    if lines is not None:
        return lines
    if len(f"{left} = (") <= WIDTH:
        # The formatter wraps the right-hand side in parentheses, split inside if need be.
        inner = _call_lines(indent + "    ", f"{indent}    {call}", args)
        if inner is not None:
            return [f"{left} = (", *inner, f"{indent})"]
    if annotation and annotation.endswith("]") and "[" in annotation:
        outer, _, rest = annotation.partition("[")
        inside = rest[:-1]
        tail = _call_lines(indent, f"{indent}] = {call}", args)
        if tail is not None:
            return [f"{indent}{target}: {outer}[", f"{indent}    {inside}", *tail]
    # Nothing the formatter could do either: keep one (long) line.
    return [f"{left} = {call}({', '.join(args)})"]
