"""Python identifiers for Attio names: class, field and enum member names, and string literals.

Any slug or title (unicode, emoji, digits first, keywords, clashes) maps to a valid,
deterministic identifier; :class:`NameSpace` keeps names unique within a scope.

Example:
    >>> class_name("sales_pipeline"), field_name("2nd-owner"), member_name("Won 🎉")
    ('SalesPipeline', 'f_2nd_owner', 'WON')
    >>> py_string('say "hi"'), py_string("it's")
    ('\\'say "hi"\\'', '"it\\'s"')
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["NameSpace", "class_name", "field_name", "member_name", "py_string"]

_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")
_MAX = 60


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return [w for w in _NON_WORD.split(folded) if w]


def class_name(text: str, fallback: str = "Model") -> str:
    """``PascalCase`` from a slug, noun or title (``fallback`` when nothing is left).

    Example:
        >>> class_name("people"), class_name("écoles"), class_name("🎉", "Thing")
        ('People', 'Ecoles', 'Thing')
    """
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words)[:_MAX] or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name):  # "None", "True", "False"
        name = f"{name}_"
    return name


def field_name(slug: str) -> str:
    """A ``snake_case`` field name from an attribute slug (never starts with ``_``).

    Example:
        >>> field_name("class"), field_name("_secret"), field_name("Deal Value")
        ('class_', 'f_secret', 'deal_value')
    """
    words = _ascii_words(slug)
    name = "_".join(w.lower() for w in words)[:_MAX].rstrip("_") or "field"
    if name[0].isdigit() or slug.startswith("_"):
        name = f"f_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name = f"{name}_"
    return name


def member_name(title: str, fallback: str = "OPTION") -> str:
    """An ``UPPER_SNAKE`` enum member name from an option or status title.

    Example:
        >>> member_name("$1M-$10M"), member_name("In Progress"), member_name("✨")
        ('N_1M_10M', 'IN_PROGRESS', 'OPTION')
    """
    words = _ascii_words(title)
    name = "_".join(w.upper() for w in words)[:_MAX].rstrip("_") or fallback
    if name[0].isdigit():
        name = f"N_{name}"
    return name


def py_string(text: str) -> str:
    """A Python string literal, quoted the way ``ruff format`` leaves it.

    Double quotes unless that needs more escapes than single quotes.

    Example:
        >>> py_string("Won 🎉"), py_string("a\\\\b")
        ('"Won 🎉"', '"a\\\\\\\\b"')
    """
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for ch in text:
        if ch == "\\" or ch == quote:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(repr(ch)[1:-1])
    return quote + "".join(out) + quote


class NameSpace:
    """Hands out unique names in one scope (``name``, ``name_2``, ``name_3``...).

    Example:
        >>> ns = NameSpace(reserved=["Model"])
        >>> ns.take("Model"), ns.take("Deal"), ns.take("Deal")
        ('Model_2', 'Deal', 'Deal_2')
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used = set(reserved)

    def take(self, name: str) -> str:
        """Reserve and return ``name``, or the first free ``name_N``."""
        candidate, n = name, 1
        while candidate in self._used:
            n += 1
            candidate = f"{name}_{n}"
        self._used.add(candidate)
        return candidate

    def __contains__(self, name: object) -> bool:
        return name in self._used
