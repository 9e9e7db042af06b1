"""What the client tells observers: hook payloads and request counters.

Example:
    >>> info = RequestInfo("GET", "/v2/self", "read", 1)
    >>> info.method, info.attempt
    ('GET', 1)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from particle_orm.client._ratelimit import Kind

__all__ = ["ClientStats", "RequestHook", "RequestInfo", "ResponseHook", "ResponseInfo"]


@dataclass(frozen=True)
class RequestInfo:
    """Passed to ``on_request`` just before each attempt is sent.

    ``path`` has no query string and never any credential.

    Example:
        >>> RequestInfo("POST", "/v2/objects/people/records/query", "read", 2).kind
        'read'
    """

    method: str
    path: str
    kind: Kind
    attempt: int


@dataclass(frozen=True)
class ResponseInfo:
    """Passed to ``on_response`` after each attempt: ``status`` is ``None`` when no response
    arrived (timeout, connection error), and ``duration`` is in seconds.

    Example:
        >>> ResponseInfo("GET", "/v2/self", 200, 1, 0.012).status
        200
    """

    method: str
    path: str
    status: int | None
    attempt: int
    duration: float


RequestHook = Callable[[RequestInfo], object]
ResponseHook = Callable[[ResponseInfo], object]


@dataclass(frozen=True)
class ClientStats:
    """A snapshot of what a client has sent since it was created (or last reset).

    ``requests`` counts attempts (retries included); ``calls`` counts method calls.

    Example:
        >>> ClientStats().requests
        0
    """

    calls: int = 0
    requests: int = 0
    reads: int = 0
    writes: int = 0
    retries: int = 0
    rate_limited: int = 0
    server_errors: int = 0
    transport_errors: int = 0


class _StatsCounter:
    """Thread-safe mutable counters behind ``client.stats``."""

    __slots__ = ("_counts", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(ClientStats.__dataclass_fields__, 0)

    def add(self, **deltas: int) -> None:
        with self._lock:
            for name, delta in deltas.items():
                self._counts[name] += delta

    def snapshot(self) -> ClientStats:
        with self._lock:
            return ClientStats(**self._counts)

    def reset(self) -> None:
        with self._lock:
            for name in self._counts:
                self._counts[name] = 0
