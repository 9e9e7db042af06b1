"""``Q`` objects: conditions combined with ``&`` (``$and``), ``|`` (``$or``) and ``~`` (``$not``).

Example:
    >>> q = Q(name__contains="Apple") & ~Q(domains__root_domain="apple.com")
    >>> q
    <Q: (AND: ('name__contains', 'Apple'), (NOT (AND: ('domains__root_domain', 'apple.com'))))>
"""

from __future__ import annotations

from typing import Any

__all__ = ["Q", "RawFilter"]


class RawFilter:
    """A filter given as Attio JSON (``filter_raw``), passed through as is.

    Example:
        >>> RawFilter({"domains": {"$not_empty": True}}).filter
        {'domains': {'$not_empty': True}}
    """

    __slots__ = ("filter",)

    def __init__(self, filter: dict[str, Any]) -> None:
        if not isinstance(filter, dict):
            raise TypeError(f"filter_raw() takes a dict, got {type(filter).__name__}")
        self.filter = filter

    def __repr__(self) -> str:
        return f"RawFilter({self.filter!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RawFilter) and other.filter == self.filter

    def __hash__(self) -> int:
        return id(self)


class Q:
    """A tree of conditions: keyword lookups, nested ``Q`` and raw filters.

    An empty ``Q()`` is the identity of ``&`` and ``|``. Keyword arguments are sorted
    (as in Django), so the compiled JSON does not depend on argument order.

    Example:
        >>> (Q(stage="Lead") | Q(stage="Won")).connector
        'OR'
    """

    AND = "AND"
    OR = "OR"

    __slots__ = ("children", "connector", "negated")

    def __init__(
        self, *args: Q | RawFilter, _connector: str = "AND", _negated: bool = False, **kwargs: Any
    ) -> None:
        for arg in args:
            if not isinstance(arg, (Q, RawFilter)):
                raise TypeError(f"Q() positional arguments must be Q objects, got {arg!r}")
        self.children: list[Q | RawFilter | tuple[str, Any]] = [*args, *sorted(kwargs.items())]
        self.connector = _connector
        self.negated = _negated

    def _combine(self, other: object, connector: str) -> Q:
        if not isinstance(other, Q):
            raise TypeError(f"cannot combine Q with {type(other).__name__}")
        if not other.children:
            return self._copy()
        if not self.children:
            return other._copy()
        combined = Q(_connector=connector)
        for part in (self, other):
            # Squash same-connector children so chains stay flat ($and of three, not nested).
            if not part.negated and (part.connector == connector or len(part.children) == 1):
                combined.children.extend(part.children)
            else:
                combined.children.append(part)
        return combined

    def _copy(self) -> Q:
        q = Q(_connector=self.connector, _negated=self.negated)
        q.children = list(self.children)
        return q

    def __and__(self, other: object) -> Q:
        return self._combine(other, self.AND)

    def __or__(self, other: object) -> Q:
        return self._combine(other, self.OR)

    def __invert__(self) -> Q:
        q = self._copy()
        q.negated = not self.negated
        return q

    def __bool__(self) -> bool:
        return bool(self.children)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Q) and (self.connector, self.negated, self.children) == (
            other.connector,
            other.negated,
            other.children,
        )

    def __hash__(self) -> int:
        return hash((self.connector, self.negated, len(self.children)))

    def __repr__(self) -> str:
        inner = ", ".join(str(c) if isinstance(c, Q) else repr(c) for c in self.children)
        body = f"({self.connector}: {inner})"
        return f"<Q: {'(NOT ' + body + ')' if self.negated else body}>"

    def __str__(self) -> str:
        inner = ", ".join(str(c) if isinstance(c, Q) else repr(c) for c in self.children)
        body = f"({self.connector}: {inner})"
        return f"(NOT {body})" if self.negated else body
