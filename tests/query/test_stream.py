"""Page streaming: the plan, fetching one page ahead (thread / task), stopping, errors.

Overlap is shown with events, not timing: the consumer holds page 1 until it sees the
request for page 2 start, which can only happen if that request was issued ahead.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from particle_orm.query._stream import PagePlan, astream_pages, stream_pages

# Generous deadlock guard: a correct implementation sets the event almost immediately.
GUARD = 10.0


def _page(offset: int, limit: int, total: int) -> list[dict[str, Any]]:
    return [{"n": i} for i in range(offset, min(offset + limit, total))]


@pytest.mark.parametrize(
    ("offset", "limit", "page", "total", "requests"),
    [
        (0, None, 500, 1200, [(0, 500), (500, 500), (1000, 500)]),
        (0, None, 500, 1000, [(0, 500), (500, 500), (1000, 500)]),
        (0, 1000, 500, 5000, [(0, 500), (500, 500)]),
        (0, 501, 500, 5000, [(0, 500), (500, 1)]),
        (499, 2, 500, 5000, [(499, 2)]),
        (0, 0, 500, 5000, []),
        (10, None, 500, 20, [(10, 500)]),
    ],
)
def test_page_plan(
    offset: int, limit: int | None, page: int, total: int, requests: list[tuple[int, int]]
) -> None:
    plan = PagePlan(offset=offset, limit=limit, page_size=page)
    seen = []
    while (request := plan.next_request()) is not None:
        seen.append(request)
        plan.feed(len(_page(*request, total)))
    assert seen == requests
    with pytest.raises(RuntimeError):
        plan.feed(1)
    with pytest.raises(ValueError):
        PagePlan(offset=0, limit=None, page_size=0)


def test_next_page_is_requested_while_the_current_one_is_consumed() -> None:
    started: dict[int, threading.Event] = {o: threading.Event() for o in (0, 5, 10)}
    asked = 0  # pages the consumer has asked for so far
    asked_at_start: dict[int, int] = {}

    def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        asked_at_start[offset] = asked
        started[offset].set()
        return _page(offset, limit, 12)

    pages = stream_pages(fetch, PagePlan(offset=0, limit=None, page_size=5))
    asked = 1
    first = next(pages)
    # Page 2 is already on its way while we still hold page 1.
    assert started[5].wait(GUARD)
    assert len(first) == 5
    asked = 2
    second = next(pages)
    assert started[10].wait(GUARD)
    asked = 3
    third = next(pages)
    assert [len(first), len(second), len(third)] == [5, 5, 2]
    with pytest.raises(StopIteration):
        next(pages)
    # Never more than one page ahead of what the consumer has asked for.
    assert asked_at_start == {0: 1, 5: 1, 10: 2}


def test_first_page_runs_in_the_callers_thread() -> None:
    threads: list[str] = []

    def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        threads.append(threading.current_thread().name)
        return _page(offset, limit, 3)

    assert [len(p) for p in stream_pages(fetch, PagePlan(offset=0, limit=None, page_size=5))] == [3]
    assert threads == [threading.current_thread().name]


def test_no_prefetch_mode_fetches_on_demand() -> None:
    calls: list[int] = []

    def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        calls.append(offset)
        return _page(offset, limit, 100)

    pages = stream_pages(fetch, PagePlan(offset=0, limit=None, page_size=10), prefetch=False)
    next(pages)
    assert calls == [0]
    next(pages)
    assert calls == [0, 10]
    pages.close()


def test_closing_early_stops_paging() -> None:
    calls: list[int] = []
    release = threading.Event()

    def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        calls.append(offset)
        if offset:
            release.wait(GUARD)
        return _page(offset, limit, 10_000)

    pages = stream_pages(fetch, PagePlan(offset=0, limit=None, page_size=10))
    next(pages)
    pages.close()
    release.set()
    # Only the page fetched ahead may have been requested; nothing after it.
    assert calls in ([0], [0, 10])


def test_errors_of_the_prefetched_page_reach_the_consumer() -> None:
    def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        if offset:
            raise LookupError("page 2 failed")
        return _page(offset, limit, 100)

    pages = stream_pages(fetch, PagePlan(offset=0, limit=None, page_size=10))
    assert len(next(pages)) == 10
    with pytest.raises(LookupError, match="page 2"):
        next(pages)


async def test_async_next_page_is_requested_ahead() -> None:
    started = {0: asyncio.Event(), 5: asyncio.Event(), 10: asyncio.Event()}

    async def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        started[offset].set()
        return _page(offset, limit, 12)

    pages = astream_pages(fetch, PagePlan(offset=0, limit=None, page_size=5))
    first = await pages.__anext__()
    await asyncio.wait_for(started[5].wait(), GUARD)
    assert not started[10].is_set()
    rest = [p async for p in pages]
    assert [len(first), *map(len, rest)] == [5, 5, 2]


async def test_async_close_cancels_the_pending_page() -> None:
    gate = asyncio.Event()
    cancelled: list[int] = []

    async def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
        if offset:
            try:
                await gate.wait()
            except asyncio.CancelledError:
                cancelled.append(offset)
                raise
        return _page(offset, limit, 100)

    pages = astream_pages(fetch, PagePlan(offset=0, limit=None, page_size=10))
    await pages.__anext__()
    await asyncio.sleep(0)  # let the prefetch task start waiting
    await pages.aclose()
    assert cancelled == [10]
