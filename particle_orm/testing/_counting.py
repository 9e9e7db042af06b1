"""``assert_num_requests(n, target)``: pin how many HTTP requests a block of code makes.

The target can be an emulator (counted from its journal: what the server saw), a client
(counted from its hooks or its ``stats``), a :class:`RequestLog`, or anything with a
``client`` attribute (a session). On a mismatch the ``AssertionError`` lists every request
that was made, in order.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> emu = Emulator()
    >>> client = emu.client()
    >>> with assert_num_requests(1, emu):
    ...     _ = client.list_objects()
    >>> with assert_num_requests(0, emu):
    ...     _ = client.list_objects()
    Traceback (most recent call last):
    ...
    AssertionError: expected 0 requests, 1 was made:
      1. GET /v2/objects -> 200
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from particle_orm.client import AsyncAttioClient, AttioClient, RequestInfo, ResponseInfo
from particle_orm.emulator import Emulator, Journal

__all__ = ["LoggedRequest", "RequestCount", "RequestLog", "assert_num_requests"]


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the counter saw it; ``status`` is ``None`` when no response arrived.

    Example:
        >>> str(LoggedRequest("GET", "/v2/self", 200))
        'GET /v2/self -> 200'
    """

    method: str
    path: str
    status: int | None
    attempt: int = 1

    def __str__(self) -> str:
        status = "no response" if self.status is None else str(self.status)
        retry = f" (attempt {self.attempt})" if self.attempt > 1 else ""
        return f"{self.method} {self.path} -> {status}{retry}"


class RequestLog:
    """Client hooks that remember every attempt; wire it in when you build a client.

    ``watch(client)`` lets ``assert_num_requests(n, client)`` list the requests by name
    (the ``attio_client`` fixture does this for you).

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> log = RequestLog()
        >>> client = Emulator().client(on_response=log.on_response)
        >>> _ = client.get_self()
        >>> [str(r) for r in log.requests]
        ['GET /v2/self -> 200']
    """

    def __init__(self) -> None:
        self._requests: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def on_request(self, info: RequestInfo) -> None:
        """Pass as ``on_request=``; only responses are logged, so this is a no-op hook
        kept for symmetry with clients that want both."""

    def on_response(self, info: ResponseInfo) -> None:
        """Pass as ``on_response=``: logs one attempt."""
        with self._lock:
            self._requests.append(LoggedRequest(info.method, info.path, info.status, info.attempt))

    @property
    def requests(self) -> list[LoggedRequest]:
        """A snapshot of the logged attempts, oldest first."""
        with self._lock:
            return list(self._requests)

    def __len__(self) -> int:
        with self._lock:
            return len(self._requests)

    def clear(self) -> None:
        """Forget everything logged so far."""
        with self._lock:
            self._requests.clear()

    def watch(self, client: AttioClient | AsyncAttioClient) -> None:
        """Let ``assert_num_requests(n, client)`` use this log for ``client``'s details."""
        _client_logs[client] = self


_client_logs: weakref.WeakKeyDictionary[AttioClient | AsyncAttioClient, RequestLog] = (
    weakref.WeakKeyDictionary()
)


@dataclass
class RequestCount:
    """What ``assert_num_requests`` yields; ``requests`` is filled in when the block ends.

    Example:
        >>> RequestCount(2).expected
        2
    """

    expected: int
    requests: list[LoggedRequest] = field(default_factory=list)
    details: bool = True


# A probe returns a function that, called after the block, lists what happened inside it
# (or, when only a counter is available, returns a count and no details).
_Probe = Callable[[], "list[LoggedRequest] | int"]


def _journal_probe(journal: Journal) -> _Probe:
    start = len(journal)

    def done() -> list[LoggedRequest]:
        entries = journal.entries[start:]
        out = []
        for e in entries:
            query = "&".join(f"{k}={v}" for k, v in e.query.items())
            path = f"{e.path}?{query}" if query else e.path
            out.append(LoggedRequest(e.method, path, e.status))
        return out

    return done


def _log_probe(log: RequestLog) -> _Probe:
    start = len(log)
    return lambda: log.requests[start:]


def _client_probe(client: AttioClient | AsyncAttioClient) -> _Probe:
    log = _client_logs.get(client)
    if log is not None:
        return _log_probe(log)
    start = client.stats.requests
    return lambda: client.stats.requests - start


def _probe(target: Any) -> _Probe:
    if isinstance(target, Emulator):
        return _journal_probe(target.journal)
    if isinstance(target, Journal):
        return _journal_probe(target)
    if isinstance(target, RequestLog):
        return _log_probe(target)
    if isinstance(target, (AttioClient, AsyncAttioClient)):
        return _client_probe(target)
    inner = getattr(target, "client", None)
    if isinstance(inner, (AttioClient, AsyncAttioClient)):
        return _client_probe(inner)
    raise TypeError(
        "assert_num_requests() counts through an Emulator, its Journal, an AttioClient or "
        f"AsyncAttioClient, a RequestLog, or an object with a .client; got {type(target).__name__}"
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@contextmanager
def assert_num_requests(n: int, target: Any) -> Iterator[RequestCount]:
    """Assert that the block makes exactly ``n`` HTTP requests (retries count).

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> emu = Emulator()
        >>> with assert_num_requests(2, emu) as seen:
        ...     client = emu.client()
        ...     _ = client.get_self(), client.list_lists()
        >>> [r.path for r in seen.requests]
        ['/v2/self', '/v2/lists']
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"assert_num_requests: n must be an int >= 0, got {n!r}")
    done = _probe(target)
    count = RequestCount(n)
    yield count
    made = done()
    if isinstance(made, int):
        count.details = False
        if made != n:
            raise AssertionError(
                f"expected {_plural(n, 'request', 'requests')}, "
                f"{_plural(made, 'was', 'were')} made (pass the emulator, or a client built "
                "by the attio_client fixture or watched by a RequestLog, to see which)"
            )
        return
    count.requests = made
    if len(made) != n:
        listing = "\n".join(f"  {i}. {r}" for i, r in enumerate(made, 1))
        verb = "was" if len(made) == 1 else "were"
        head = f"expected {_plural(n, 'request', 'requests')}, {len(made)} {verb} made"
        raise AssertionError(f"{head}:\n{listing}" if made else head)
