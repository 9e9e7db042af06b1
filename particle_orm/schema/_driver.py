"""Sans-IO steps: schema work written once as a generator, driven by a sync or async client.

A step generator yields batches of :class:`Request` (client method calls) and receives
their results in order; it returns its answer through ``StopIteration``. The sync driver
runs a batch one call at a time, the async driver concurrently. Failures are thrown back
into the generator, so it can report partial progress (sync) before re-raising.

Example:
    >>> def steps():
    ...     objects, = yield [Request("list_objects")]
    ...     return len(objects)
    >>> class FakeClient:
    ...     def list_objects(self):
    ...         return [{"api_slug": "people"}]
    >>> run(steps(), FakeClient())
    1
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["Request", "Steps", "arun", "run"]

T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """One client call: a method name of ``AttioClient`` and its arguments.

    Example:
        >>> Request("list_attributes", ("objects", "people")).describe()
        "list_attributes('objects', 'people')"
    """

    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """A short, token-free rendering for logs and reports."""
        bits = [repr(a) for a in self.args]
        bits.extend(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{self.method}({', '.join(bits)})"


Steps = Generator[list[Request], list[Any], T]


def _call_all(batch: list[Request], client: Any) -> tuple[list[Any], Exception | None]:
    try:
        return [getattr(client, r.method)(*r.args, **r.kwargs) for r in batch], None
    except Exception as exc:
        return [], exc


async def _acall_all(batch: list[Request], client: Any) -> tuple[list[Any], Exception | None]:
    calls = (getattr(client, r.method)(*r.args, **r.kwargs) for r in batch)
    try:
        return list(await asyncio.gather(*calls)), None
    except Exception as exc:
        return [], exc


def run(steps: Steps[T], client: Any) -> T:
    """Drive ``steps`` with a sync client (calls in a batch run one after another).

    Example:
        >>> def nothing():
        ...     return 42
        ...     yield []
        >>> run(nothing(), client=None)
        42
    """
    try:
        batch = next(steps)
        while True:
            results, error = _call_all(batch, client)
            batch = steps.send(results) if error is None else steps.throw(error)
    except StopIteration as stop:
        result: T = stop.value
        return result


async def arun(steps: Steps[T], client: Any) -> T:
    """Drive ``steps`` with an async client (calls in a batch run concurrently).

    Example:
        >>> import asyncio
        >>> class FakeAsyncClient:
        ...     async def list_objects(self):
        ...         return []
        >>> def steps():
        ...     objects, = yield [Request("list_objects")]
        ...     return objects
        >>> asyncio.run(arun(steps(), FakeAsyncClient()))
        []
    """
    try:
        batch = next(steps)
        while True:
            results, error = await _acall_all(batch, client)
            batch = steps.send(results) if error is None else steps.throw(error)
    except StopIteration as stop:
        result: T = stop.value
        return result
