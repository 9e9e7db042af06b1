"""Streaming pages: offset paging with the next page requested while this one is used.

:class:`PagePlan` is the sans-I/O part (which ``limit``/``offset`` to ask for next, when
to stop); :func:`stream_pages` and :func:`astream_pages` drive it. While the caller
consumes page *n*, the request for page *n + 1* is already in flight (a worker thread for
sync clients, a task for async ones). At most one page is fetched ahead, so memory stays
bounded by two pages whatever the result size, and the client's read governor still
paces every request.

Example:
    >>> plan = PagePlan(offset=0, limit=1200, page_size=500)
    >>> plan.next_request()
    (0, 500)
    >>> plan.feed(500); plan.next_request()
    (500, 500)
    >>> plan.feed(500); plan.next_request()
    (1000, 200)
    >>> plan.feed(200); plan.next_request() is None
    True
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

__all__ = ["PagePlan", "astream_pages", "stream_pages"]

Page = list[dict[str, Any]]


class PagePlan:
    """Which page to fetch next: ``(offset, limit)``, or ``None`` when done.

    ``limit=None`` means "until a short page" (Attio returns no total; FACTS §4).
    """

    __slots__ = ("done", "offset", "page_size", "remaining")

    def __init__(self, *, offset: int, limit: int | None, page_size: int) -> None:
        if page_size < 1:
            raise ValueError(f"page_size must be >= 1, got {page_size}")
        self.offset = offset
        self.remaining = limit
        self.page_size = page_size
        self.done = limit == 0

    def next_request(self) -> tuple[int, int] | None:
        """The next ``(offset, limit)`` to ask for (does not advance the plan)."""
        if self.done:
            return None
        size = self.page_size if self.remaining is None else min(self.page_size, self.remaining)
        return self.offset, size

    def feed(self, count: int) -> None:
        """Record that the requested page returned ``count`` items."""
        request = self.next_request()
        if request is None:
            raise RuntimeError("feed() after the plan finished")
        _, asked = request
        self.offset += count
        if self.remaining is not None:
            self.remaining -= count
        if count < asked or self.remaining == 0:
            self.done = True


def _run_in(
    ctx: contextvars.Context, fetch: Callable[[int, int], Page], offset: int, limit: int
) -> Page:
    return ctx.run(fetch, offset, limit)


def stream_pages(
    fetch: Callable[[int, int], Page], plan: PagePlan, *, prefetch: bool = True
) -> Generator[Page, None, None]:
    """Yield pages from ``fetch(offset, limit)``, fetching one page ahead in a thread.

    The first page is fetched in the caller's thread (errors surface there and a
    one-page query starts no thread). Closing the generator early cancels the pending
    fetch if it has not started yet.
    """
    request = plan.next_request()
    if request is None:
        return
    page = fetch(*request)
    plan.feed(len(page))
    executor: ThreadPoolExecutor | None = None
    pending: Future[Page] | None = None
    try:
        while True:
            request = plan.next_request()
            if request is not None and prefetch:
                if executor is None:
                    executor = ThreadPoolExecutor(1, thread_name_prefix="particle-orm-prefetch")
                ctx = contextvars.copy_context()
                # The worker runs in a copy of our context (session hooks read it).
                pending = executor.submit(_run_in, ctx, fetch, *request)
            yield page
            if request is None:
                return
            if pending is not None:
                page, pending = pending.result(), None
            else:
                page = fetch(*request)
            plan.feed(len(page))
    finally:
        if pending is not None:
            pending.cancel()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


async def astream_pages(
    fetch: Callable[[int, int], Awaitable[Page]], plan: PagePlan, *, prefetch: bool = True
) -> AsyncGenerator[Page, None]:
    """Async twin of :func:`stream_pages`: the next page is fetched by a task."""
    request = plan.next_request()
    if request is None:
        return
    page = await fetch(*request)
    plan.feed(len(page))
    pending: asyncio.Task[Page] | None = None
    try:
        while True:
            request = plan.next_request()
            if request is not None and prefetch:
                pending = asyncio.ensure_future(fetch(*request))
            yield page
            if request is None:
                return
            if pending is not None:
                page, pending = await pending, None
            else:
                page = await fetch(*request)
            plan.feed(len(page))
    finally:
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pending
