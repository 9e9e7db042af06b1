"""Score-based limits on the two query endpoints (FACTS.md §10, gotcha 18), off by default.

Attio gives every List records (``POST /v2/objects/{object}/records/query``) and List
entries (``POST /v2/lists/{list}/entries/query``) request a complexity score computed from
its filter, its sorts and the size of the object or list. A single query scoring over the
per-query limit is refused with a 429 on every attempt (retrying will not help; simplify
it), and the scores of a workspace's queries are also summed over a 10-second sliding
window. Both answer 429 ``rate_limit_error`` / ``rate_limit_exceeded`` with a
``Retry-After`` HTTP date.

**The formula below is a stand-in, not Attio's.** Attio does not publish its formula or its
limits [unverified], so :func:`query_score` is a documented, deterministic approximation
that grows with the same three things:

``score = 1 + conditions(filter) + len(sorts) + ceil(size / 10_000)``

* ``conditions`` (:func:`filter_conditions`) counts leaf comparisons: every operator
  (``$eq``, ``$in``, ``$contains``...) or shorthand scalar, on an attribute or one of its
  properties, walking ``$and``/``$or``/``$not`` and the implicit ``$and`` of several keys;
  a ``path`` filter counts its ``constraints`` plus one per ``[object, attribute]`` pair
  of its path (each hop is a join);
* every sort counts 1;
* ``size`` is the number of records of the object (or entries of the list) queried, so a
  query over 0 records adds 0, over 1-10,000 adds 1, over 10,001-20,000 adds 2...

The score is sent back in the ``x-attio-record-query-score`` header. The header name is
real (Attio lists it in ``access-control-expose-headers``); when Attio sends it and what it
holds are [unverified]: here it is the score above, on every answer to a scored query.

Example:
    >>> query_score({"name": "Acme", "$or": [{"domains": "a.com"}, {"domains": "b.com"}]},
    ...             [{"attribute": "name", "direction": "asc"}], size=25_000)
    8
    >>> limiter = QueryScoreLimiter(QueryScoreLimits(per_query=5), Clock().freeze())
    >>> limiter.admit("ws", 5) is None
    True
    >>> try:
    ...     limiter.admit("ws", 6)
    ... except AttioError as err:
    ...     print(err.status, err.code, err.headers["retry-after"] != "")
    429 rate_limit_exceeded True
"""

from __future__ import annotations

import collections
import math
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from particle_orm.emulator.control import Clock
from particle_orm.emulator.errors import AttioError

if TYPE_CHECKING:
    from particle_orm.emulator.store import WorkspaceIndex

__all__ = [
    "QUERY_ROUTES",
    "SCORE_HEADER",
    "SIZE_UNIT",
    "QueryScoreLimiter",
    "QueryScoreLimits",
    "container_size",
    "filter_conditions",
    "query_score",
]

SCORE_HEADER = "x-attio-record-query-score"
"""The response header carrying a query's score (name from real responses; content ours)."""

SIZE_UNIT = 10_000
"""Records (or entries) per point of the size term."""

QUERY_ROUTES: dict[str, str] = {"query_records": "record", "query_entries": "entry"}
"""Route names (see ``routes.Route.name``) that are scored, with what they query."""

_LOGICAL = ("$and", "$or")


def _expression_conditions(expr: Any) -> int:
    """Leaf comparisons in an attribute expression (an attribute's or a property's value)."""
    if not isinstance(expr, Mapping) or not expr:
        return 1  # a shorthand scalar ($eq), or something the filter compiler will refuse
    return sum(1 if key.startswith("$") else _expression_conditions(v) for key, v in expr.items())


def filter_conditions(filter: Any) -> int:
    """How many leaf comparisons a records/entries filter holds (0 for no filter).

    Malformed parts are counted as best they can be, never raised on: the query handler
    answers the filter's 400 itself.

    Example:
        >>> filter_conditions(None), filter_conditions({})
        (0, 0)
        >>> filter_conditions({"name": "Acme", "domains": {"$not_empty": True}})
        2
        >>> filter_conditions({"foundation_date": {"$gte": "2019-01-01", "$lte": "2019-12-31"}})
        2
        >>> filter_conditions({"primary_location": {"locality": "Cupertino", "region": "CA"}})
        2
        >>> filter_conditions({"$not": {"$or": [{"stage": "Lead"}, {"stage": "Won"}]}})
        2
        >>> filter_conditions({"path": [["companies", "team"], ["people", "name"]],
        ...                    "constraints": {"first_name": {"$eq": "John"}}})
        3
    """
    if not isinstance(filter, Mapping):
        return 0 if filter is None else 1
    if "path" in filter and "constraints" in filter:
        path = filter["path"]
        hops = len(path) if isinstance(path, list) else 1
        return hops + _expression_conditions(filter["constraints"])
    total = 0
    for key, value in filter.items():
        if key in _LOGICAL:
            items = value if isinstance(value, list) else [value]
            total += sum(filter_conditions(item) for item in items)
        elif key == "$not":
            total += filter_conditions(value)
        else:
            total += _expression_conditions(value)
    return total


def query_score(filter: Any, sorts: Any, size: int) -> int:
    """The stand-in complexity score of one query (see the module docstring).

    ``size`` is the number of records of the object (or entries of the list) queried.

    Example:
        >>> query_score(None, None, size=0)
        1
        >>> query_score({"name": "Acme"}, [{"attribute": "name", "direction": "asc"}], 10_001)
        5
    """
    sort_count = len(sorts) if isinstance(sorts, list) else 0
    return 1 + filter_conditions(filter) + sort_count + math.ceil(max(size, 0) / SIZE_UNIT)


def container_size(
    db: sqlite3.Connection, index: WorkspaceIndex, kind: str, key: str
) -> int | None:
    """Records of the object (``kind="record"``) or entries of the list (``"entry"``)
    named by slug or id ``key`` in the workspace of ``index``; ``None`` when unknown."""
    if kind == "record":
        obj = index.objects_by_slug.get(key) or index.objects_by_id.get(key)
        if obj is None:
            return None
        row = db.execute("SELECT COUNT(*) FROM record WHERE object_id=?", (obj.id,)).fetchone()
    else:
        lst = index.lists_by_slug.get(key) or index.lists_by_id.get(key)
        if lst is None:
            return None
        row = db.execute("SELECT COUNT(*) FROM entry WHERE list_id=?", (lst.id,)).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class QueryScoreLimits:
    """Score limits for the query endpoints; ``None`` turns a limit off.

    ``per_query``: the highest score one query may have (above it: 429 on every attempt).
    ``per_window``: the highest sum of a workspace's admitted query scores within
    ``window_seconds`` (a query that would go over waits, 429, for older ones to age out).
    A query scoring above ``per_window`` can never fit and is refused as too complex.
    With both ``None``, scores are only reported in the response header. The real limits
    are not published [unverified]: pick values that suit the test.

    Example:
        >>> QueryScoreLimits(per_query=10, per_window=30).window_seconds
        10.0
    """

    per_query: int | None = None
    per_window: int | None = None
    window_seconds: float = 10.0

    def __post_init__(self) -> None:
        for name in ("per_query", "per_window"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"QueryScoreLimits({name}=...): expected an int, got {value!r}")
            if value is not None and value < 1:
                raise ValueError(f"QueryScoreLimits({name}=...) must be at least 1, got {value}")
        if not self.window_seconds > 0:
            raise ValueError(
                f"QueryScoreLimits(window_seconds=...) must be positive, got {self.window_seconds}"
            )


def _http_date(moment: datetime) -> str:
    # Like RateLimiter: the whole second after ``moment``, as an HTTP date.
    return format_datetime(moment.replace(microsecond=0) + timedelta(seconds=1), usegmt=True)


class QueryScoreLimiter:
    """Applies :class:`QueryScoreLimits` per workspace on the emulator clock.

    Example:
        >>> clock = Clock().freeze()
        >>> limiter = QueryScoreLimiter(QueryScoreLimits(per_window=4), clock)
        >>> limiter.admit("ws", 3), limiter.used("ws")
        (None, 3)
        >>> try:
        ...     limiter.admit("ws", 2)
        ... except AttioError as err:
        ...     print(err.status, err.type)
        429 rate_limit_error
        >>> _ = clock.advance(10)  # the first query ages out of the window
        >>> limiter.admit("ws", 2), limiter.used("ws")
        (None, 2)
    """

    def __init__(self, limits: QueryScoreLimits, clock: Clock) -> None:
        self.limits = limits
        self._clock = clock
        self._hits: dict[str, collections.deque[tuple[datetime, int]]] = {}
        self._lock = threading.Lock()

    def _window(self, workspace_id: str, now: datetime) -> collections.deque[tuple[datetime, int]]:
        hits = self._hits.setdefault(workspace_id, collections.deque())
        window_start = now - timedelta(seconds=self.limits.window_seconds)
        while hits and hits[0][0] <= window_start:
            hits.popleft()
        return hits

    def used(self, workspace_id: str) -> int:
        """The sum of the workspace's admitted scores still within the window."""
        with self._lock:
            return sum(score for _, score in self._window(workspace_id, self._clock.now()))

    def admit(self, workspace_id: str, score: int) -> None:
        """Count a query of ``score``, or raise the 429 :class:`AttioError` refusing it.

        A refused query is not counted in the window.
        """
        limits = self.limits
        now = self._clock.now()
        ceilings = [n for n in (limits.per_query, limits.per_window) if n is not None]
        if ceilings and score > min(ceilings):
            raise AttioError(
                429,
                "rate_limit_exceeded",
                f"Query is too complex: its score of {score} exceeds the limit of "
                f"{min(ceilings)} for a single query. Simplify its filter or sorts; retrying "
                "will not help.",
                type="rate_limit_error",
                headers={"retry-after": _http_date(now)},
            )
        with self._lock:
            hits = self._window(workspace_id, now)
            if limits.per_window is not None:
                used = sum(s for _, s in hits)
                if used + score > limits.per_window:
                    # The earliest instant enough older scores have aged out for this one.
                    freed, retry_at = 0, now
                    for at, s in hits:
                        freed += s
                        if used - freed + score <= limits.per_window:
                            retry_at = at + timedelta(seconds=limits.window_seconds)
                            break
                    raise AttioError(
                        429,
                        "rate_limit_exceeded",
                        f"Query score limit exceeded ({used} of {limits.per_window} used in the "
                        f"last {limits.window_seconds:g} seconds, this query scores {score}), "
                        "please try again later",
                        type="rate_limit_error",
                        headers={"retry-after": _http_date(retry_at)},
                    )
            hits.append((now, score))

    def reset(self) -> None:
        """Forget all counted queries."""
        with self._lock:
            self._hits.clear()
