"""Running a records/entries query page: walk the sort index when that is cheap, else sort.

A query sorted by one indexed key (see ``sorts.indexed_sort``) can be answered by walking
that index in key order, testing each row against the filter and stopping once the page is
full: cheap when many rows match, costly when few do. The general plan finds every matching
row first and sorts them: cheap when few match, costly when many do. So the walk goes first
and watches its own progress in SQLite VM instructions: after a short trial it projects what
the whole page would cost from the rows found so far, and gives up for the general plan when
that projection (or the walk itself) exceeds a cap. Both plans return the same rows in the
same order: rows with a key by key then insertion order, then rows without one by insertion
order.

Example:
    >>> from particle_orm.emulator.store import Store
    >>> page = QueryPage("record", "o", "w", limit=10, offset=0)
    >>> run_sorted_page(Store().db, page, general=("SELECT 1 WHERE 0", []))
    []
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal

from particle_orm.emulator.sorts import IndexedSort

__all__ = ["WALK_MAX_STEPS", "WALK_TRIAL_STEPS", "QueryPage", "run_sorted_page"]

# Budgets in units of _STEP_GRAIN SQLite VM instructions; a walk that tests a filter on each
# row runs ~5,000 instructions per ms on the benchmark machine, so the trial is ~2 ms and the
# cap ~50 ms. Counting instructions, not time, keeps the choice of plan deterministic.
WALK_TRIAL_STEPS = 10
WALK_MAX_STEPS = 250
_STEP_GRAIN = 1_000


@dataclass(frozen=True)
class QueryPage:
    """What one query asks for: the container, the page, and (optionally) the index walk.

    ``where`` is the filter compiled with ``correlated=True`` (per-row probes).

    Example:
        >>> QueryPage("entry", "list-1", "w", limit=5, offset=10).offset
        10
    """

    kind: Literal["record", "entry"]
    container_id: str
    workspace_id: str
    limit: int
    offset: int
    walk: IndexedSort | None = None
    where: tuple[str, list[object]] = ("1", [])


def _walk(
    db: sqlite3.Connection, page: QueryPage, walk: IndexedSort, matched: list[int]
) -> list[str]:
    """The page's ids, counting every matching row read in ``matched[0]`` as it streams."""
    outer = "r" if page.kind == "record" else "e"
    column = "object_id" if page.kind == "record" else "list_id"
    where, wparams = page.where
    key = walk.key.format(v="sv")
    guard = walk.guard.format(v="sv")
    wanted = page.offset + page.limit
    out: list[str] = []
    # CROSS JOIN keeps the index walk outermost (the planner would otherwise drive from a
    # filter's id list and sort everything, which is the general plan's job). Rows stream in
    # key order straight from the index; ties are put in insertion order here rather than by
    # an SQL sorter, which would hold rows back until a whole run of equal keys was read.
    cursor = db.execute(
        f"SELECT {outer}.id, {outer}.seq, {key} FROM value sv INDEXED BY {walk.index} "
        f"CROSS JOIN {page.kind} {outer} ON {outer}.id = sv.parent_id "
        f"WHERE sv.attribute_id = ? AND sv.active_until IS NULL{guard} "
        f"AND {key} IS NOT NULL AND {outer}.workspace_id = ? AND {outer}.{column} = ? "
        f"AND ({where}) ORDER BY {key} {walk.direction}",
        [walk.attribute_id, page.workspace_id, page.container_id, *wparams],
    )
    try:
        tied: list[tuple[int, str]] = []
        tied_key: object = None
        for rid, seq, value in cursor:
            matched[0] += 1
            if tied and value != tied_key:
                out.extend(rid for _, rid in sorted(tied))
                tied = []
                if len(out) >= wanted:
                    break
            tied_key = value
            tied.append((seq, rid))
        else:
            out.extend(rid for _, rid in sorted(tied))
    finally:
        cursor.close()
    if len(out) >= wanted:
        return out[page.offset : wanted]
    cursor = db.execute(
        f"SELECT {outer}.id FROM {page.kind} {outer} "
        f"WHERE {outer}.workspace_id = ? AND {outer}.{column} = ? AND ({where}) "
        f"AND NOT EXISTS (SELECT 1 FROM value sv INDEXED BY value_by_parent "
        f"WHERE sv.parent_id = {outer}.id AND sv.attribute_id = ? "
        f"AND sv.active_until IS NULL{guard} AND {key} IS NOT NULL) "
        f"ORDER BY {outer}.seq LIMIT ?",
        [page.workspace_id, page.container_id, *wparams, walk.attribute_id, wanted - len(out)],
    )
    try:
        for (rid,) in cursor:
            matched[0] += 1
            out.append(rid)
    finally:
        cursor.close()
    return out[page.offset :]


def _walk_if_cheap(db: sqlite3.Connection, page: QueryPage, walk: IndexedSort) -> list[str] | None:
    """The walk's page, or None once it looks (or is) costlier than ``WALK_MAX_STEPS``."""
    wanted = page.offset + page.limit
    matched = [0]
    steps = 0

    def too_costly() -> int:
        nonlocal steps
        steps += 1
        if steps <= WALK_TRIAL_STEPS:
            return 0
        # Projected cost of the whole page at the rate matching rows have come so far.
        return 1 if steps * wanted > WALK_MAX_STEPS * matched[0] else 0

    db.set_progress_handler(too_costly, _STEP_GRAIN)
    try:
        return _walk(db, page, walk, matched)
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    finally:
        db.set_progress_handler(None, 0)


def run_sorted_page(
    db: sqlite3.Connection, page: QueryPage, *, general: tuple[str, list[object]]
) -> list[str]:
    """The ids of one page: by the index walk while it stays cheap, else by ``general``.

    ``general`` is the complete query (filter, ``ORDER BY``, ``LIMIT``/``OFFSET``) as SQL and
    parameters; it simply runs when ``page.walk`` is None. An abandoned walk only read, so
    the open transaction is unaffected.

    Example:
        >>> from particle_orm.emulator.store import Store
        >>> page = QueryPage("record", "o", "w", limit=0, offset=0)
        >>> run_sorted_page(Store().db, page, general=("SELECT 'x'", []))
        []
    """
    if page.limit == 0:
        return []
    if page.walk is not None:
        found = _walk_if_cheap(db, page, page.walk)
        if found is not None:
            return found
    return [r[0] for r in db.execute(*general)]
