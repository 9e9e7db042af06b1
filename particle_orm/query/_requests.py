"""Query requests as data, and the two drivers that send them (sync and async).

Multi-step operations (``prefetch_related`` batches) are written once as generators that
*yield* a :class:`QueryRequest` and receive the page; :func:`drive` and :func:`adrive`
run them against a sync or async client. Only the awaited call differs.

Example:
    >>> class Fake:
    ...     def query_records(self, obj, **kw):
    ...         return [{"obj": obj, **kw}]
    >>> QueryRequest("records", "people", None, None, 10, 0).send(Fake())[0]["limit"]
    10
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeVar

from particle_orm.query._workspace import arun_query, run_query

__all__ = ["QueryRequest", "adrive", "drive"]

R = TypeVar("R")
Page = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One ``POST …/records/query`` or ``…/entries/query`` call."""

    endpoint: str  # "records" | "entries"
    container: str
    filter: dict[str, Any] | None
    sorts: list[dict[str, Any]] | None
    limit: int | None
    offset: int | None
    #: The model the rows are for: when set, the drivers run the workspace schema
    #: checks (id → slug re-keying, unknown-attribute errors) around the call.
    model: Any = None

    def _method(self, client: Any) -> Any:
        return client.query_entries if self.endpoint == "entries" else client.query_records

    def send(self, client: Any) -> Page:
        """Send with a sync client."""
        page: Page = self._method(client)(
            self.container,
            filter=self.filter,
            sorts=self.sorts,
            limit=self.limit,
            offset=self.offset,
            # Models read attributes on first access; the rest of a page stays unparsed.
            lazy_values=True,
        )
        return page

    async def asend(self, client: Any) -> Page:
        """Send with an async client."""
        page: Page = await self._method(client)(
            self.container,
            filter=self.filter,
            sorts=self.sorts,
            limit=self.limit,
            offset=self.offset,
            # Models read attributes on first access; the rest of a page stays unparsed.
            lazy_values=True,
        )
        return page


def _checked(client: Any, request: QueryRequest) -> Page:
    if request.model is None:
        return request.send(client)
    return run_query(client, request.model, request.filter, lambda: request.send(client))


async def _achecked(client: Any, request: QueryRequest) -> Page:
    if request.model is None:
        return await request.asend(client)
    return await arun_query(client, request.model, request.filter, lambda: request.asend(client))


def drive(client: Any, steps: Generator[QueryRequest, Page, R]) -> R:
    """Run a request-yielding generator with a sync client; return its result."""
    try:
        request = next(steps)
        while True:
            request = steps.send(_checked(client, request))
    except StopIteration as stop:
        result: R = stop.value
        return result


async def adrive(client: Any, steps: Generator[QueryRequest, Page, R]) -> R:
    """Async twin of :func:`drive`."""
    try:
        request = next(steps)
        while True:
            request = steps.send(await _achecked(client, request))
    except StopIteration as stop:
        result: R = stop.value
        return result
