"""The client-side rate governor: separate request budgets for reads and writes.

Attio allows 100 reads and 25 writes per second. Each budget is a GCRA ("virtual
scheduling") bucket: a caller *reserves* the next free slot under a lock, without
blocking, then sleeps until that slot. Because reserving never blocks, one governor can be
shared by the threads of a sync client, the tasks of an async client, and even by several
clients. After a 429 the bucket is paused until the ``Retry-After`` instant.

With ``burst=1`` (the default) no half-open one-second window ever holds more than
``reads_per_second`` reads or ``writes_per_second`` writes; a larger burst lets that many
requests go back to back and allows up to ``rate + burst - 1`` in a window.

Example:
    >>> from particle_orm.client import VirtualClock
    >>> limits = RateLimits(reads_per_second=2, writes_per_second=1)
    >>> gov = RateGovernor(limits, clock=VirtualClock())
    >>> [gov.reserve("read") for _ in range(3)], gov.reserve("write")
    ([0.0, 0.5, 1.0], 0.0)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from particle_orm.client._clock import Clock, SystemClock

__all__ = ["Kind", "RateGovernor", "RateLimits"]

Kind = Literal["read", "write"]
"""A request draws on the read budget (GET, query and search POSTs) or the write budget."""

_KINDS: tuple[Kind, ...] = ("read", "write")


@dataclass(frozen=True)
class RateLimits:
    """Requests per second allowed for reads and writes, and the burst size.

    ``None`` for a rate means that kind is not limited client-side.

    Example:
        >>> RateLimits()
        RateLimits(reads_per_second=100.0, writes_per_second=25.0, burst=1)
        >>> RateLimits(writes_per_second=10).writes_per_second
        10
    """

    reads_per_second: float | None = 100.0
    writes_per_second: float | None = 25.0
    burst: int = 1

    def __post_init__(self) -> None:
        for name in ("reads_per_second", "writes_per_second"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0
            ):
                raise ValueError(f"RateLimits.{name} must be a number > 0 or None, got {value!r}")
        if isinstance(self.burst, bool) or not isinstance(self.burst, int) or self.burst < 1:
            raise ValueError(f"RateLimits.burst must be an int >= 1, got {self.burst!r}")

    @classmethod
    def unlimited(cls) -> RateLimits:
        """No client-side limit (429s from the server still pause the governor).

        Example:
            >>> RateLimits.unlimited().reads_per_second is None
            True
        """
        return cls(reads_per_second=None, writes_per_second=None)

    def per_second(self, kind: Kind) -> float | None:
        """The rate for ``kind``.

        Example:
            >>> RateLimits().per_second("write")
            25.0
        """
        return self.reads_per_second if kind == "read" else self.writes_per_second


class _Bucket:
    __slots__ = ("interval", "tat", "tolerance")

    def __init__(self, rate: float | None, burst: int) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.tolerance = (burst - 1) * self.interval
        # Theoretical arrival time of the next request (GCRA); -inf = never used.
        self.tat = float("-inf")


class RateGovernor:
    """Admits requests at most at the configured rates; thread- and task-safe.

    ``reserve(kind)`` returns the monotonic instant at which the caller may send;
    ``acquire``/``aacquire`` reserve and then sleep until then with the governor's clock.

    Example:
        >>> from particle_orm.client import VirtualClock
        >>> clock = VirtualClock()
        >>> gov = RateGovernor(RateLimits(reads_per_second=10), clock=clock)
        >>> gov.acquire("read"); gov.acquire("read")
        >>> round(clock.monotonic(), 3)
        0.1
    """

    def __init__(self, limits: RateLimits | None = None, *, clock: Clock | None = None) -> None:
        self._limits = limits if limits is not None else RateLimits.unlimited()
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._lock = threading.Lock()
        self._buckets = {
            kind: _Bucket(self._limits.per_second(kind), self._limits.burst) for kind in _KINDS
        }

    @property
    def limits(self) -> RateLimits:
        """The configured limits."""
        return self._limits

    @property
    def clock(self) -> Clock:
        """The clock used to wait for slots."""
        return self._clock

    def _bucket(self, kind: Kind) -> _Bucket:
        try:
            return self._buckets[kind]
        except KeyError:
            raise ValueError(f"kind must be 'read' or 'write', got {kind!r}") from None

    def reserve(self, kind: Kind) -> float:
        """Claim the next free slot for ``kind`` and return its monotonic time (never blocks).

        Example:
            >>> from particle_orm.client import VirtualClock
            >>> RateGovernor(RateLimits(), clock=VirtualClock()).reserve("write")
            0.0
        """
        bucket = self._bucket(kind)
        with self._lock:
            now = self._clock.monotonic()
            start = max(bucket.tat, now)
            slot = max(now, start - bucket.tolerance)
            bucket.tat = start + bucket.interval
            return slot

    def pause_until(self, kind: Kind, instant: float) -> None:
        """Admit no ``kind`` request before the monotonic ``instant`` (used after a 429).

        Example:
            >>> from particle_orm.client import VirtualClock
            >>> gov = RateGovernor(RateLimits(), clock=VirtualClock())
            >>> gov.pause_until("read", 3.0)
            >>> gov.reserve("read"), gov.reserve("write")
            (3.0, 0.0)
        """
        bucket = self._bucket(kind)
        with self._lock:
            # Shift by the tolerance so the burst allowance is not spent at the resume instant.
            bucket.tat = max(bucket.tat, instant + bucket.tolerance)

    def acquire(self, kind: Kind) -> None:
        """Block the calling thread until a ``kind`` request may be sent."""
        wait = self.reserve(kind) - self._clock.monotonic()
        if wait > 0:
            self._clock.sleep(wait)

    async def aacquire(self, kind: Kind) -> None:
        """Suspend the calling task until a ``kind`` request may be sent."""
        wait = self.reserve(kind) - self._clock.monotonic()
        if wait > 0:
            await self._clock.asleep(wait)

    def __repr__(self) -> str:
        return f"RateGovernor({self._limits!r})"
