"""A griffe extension that lets mkdocstrings render this package's docstrings.

The code's docstrings are Google style with a few reStructuredText habits (``Example:``
headings, ``:class:`X``` roles, ``::`` literal blocks, simple tables, and Sphinx's
``#:`` comments documenting a constant). Rather than rewrite hundreds of docstrings, the
docs build normalises them before parsing; the source stays readable in ``help()`` and
the IDE.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|meth|func|mod|attr|data|exc|obj|const):`~?([^`]+)`")
_EXAMPLE = re.compile(r"^(\s*)Example:\s*$")
_TABLE_RULE = re.compile(r"^\s*=+(\s+=+)+\s*$")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    if match.group(0).split("`", 1)[1].startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _literal_blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::") and not line.strip().startswith(">>>"):
            base = _indent(line)
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            k = j
            while k < len(lines) and (not lines[k].strip() or _indent(lines[k]) > base):
                k += 1
            block = lines[j:k]
            while block and not block[-1].strip():
                block.pop()
            if block:
                text = line.rstrip()[:-2].rstrip()
                if text.strip():
                    out.append(text + ":")
                out.append("")
                inner = min(_indent(b) for b in block if b.strip())
                pad = " " * base
                out.append(pad + "```python")
                out.extend(pad + b[inner:] if b.strip() else "" for b in block)
                out.append(pad + "```")
                out.append("")
                i = k
                continue
        out.append(line)
        i += 1
    return out


def _tables(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _TABLE_RULE.match(lines[i]):
            rules = [j for j in range(i, len(lines)) if _TABLE_RULE.match(lines[j])][:3]
            if len(rules) == 3:
                pad = " " * _indent(lines[i])
                out.append(pad + "```text")
                out.extend(lines[i : rules[2] + 1])
                out.append(pad + "```")
                i = rules[2] + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def normalise(text: str) -> str:
    """Rewrite the reStructuredText habits above into Google-style Markdown."""
    text = _ROLE.sub(_role, text)
    lines = [_EXAMPLE.sub(r"\1Examples:", line) for line in text.splitlines()]
    return "\n".join(_tables(_literal_blocks(lines)))


def comment_docstring(lines: list[str], lineno: int) -> str | None:
    """The ``#:`` comment block right above line ``lineno`` (1-based), if any."""
    found: list[str] = []
    i = lineno - 2
    while i >= 0 and lines[i].lstrip().startswith("#:"):
        found.insert(0, lines[i].lstrip()[2:].strip())
        i -= 1
    return "\n".join(found) if found else None


class RstDocstrings(griffe.Extension):
    """Normalise every docstring of the loaded package once it is loaded."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        seen: set[int] = set()

        def visit(obj: griffe.Object) -> None:
            if id(obj) in seen:
                return
            seen.add(id(obj))
            if obj.docstring is None and obj.is_attribute and obj.lineno is not None:
                text = comment_docstring(list(obj.module.lines), obj.lineno)
                if text is not None:
                    obj.docstring = griffe.Docstring(text, lineno=obj.lineno, parent=obj)
            if obj.docstring is not None:
                obj.docstring.value = normalise(obj.docstring.value)
            for member in obj.members.values():
                if not member.is_alias:
                    visit(member)  # type: ignore[arg-type]

        visit(pkg)
