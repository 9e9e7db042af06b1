"""Clocks: the single source of time and sleeping for the rate governor and retries.

Injecting a clock makes backoff and throttling testable without real sleeping.

Example:
    >>> clock = VirtualClock()
    >>> clock.sleep(1.5)
    >>> clock.monotonic(), clock.sleeps
    (1.5, [1.5])
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock", "VirtualClock"]


@runtime_checkable
class Clock(Protocol):
    """Time source used by the client: monotonic seconds, wall time, and sleeping.

    Example:
        >>> isinstance(SystemClock(), Clock)
        True
    """

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""
        ...

    def now(self) -> datetime:
        """The current wall time as an aware UTC datetime."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block the calling thread for ``seconds``."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Suspend the calling task for ``seconds``."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic``, ``datetime.now(UTC)``, ``time.sleep``, ``asyncio.sleep``.

    Example:
        >>> SystemClock().now().tzinfo is not None
        True
    """

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0.0))

    def __repr__(self) -> str:
        return "SystemClock()"


class VirtualClock:
    """A manual clock for tests: sleeping advances virtual time instantly.

    Thread-safe. ``sleeps`` records every requested sleep. ``asleep`` yields to the event
    loop once so that other tasks interleave as they would with real sleeping.

    Example:
        >>> from datetime import datetime, timezone
        >>> clock = VirtualClock(start=datetime(2024, 1, 1, tzinfo=timezone.utc))
        >>> clock.advance(2)
        >>> clock.now().isoformat()
        '2024-01-01T00:00:02+00:00'
    """

    def __init__(self, start: datetime | None = None, *, monotonic_start: float = 0.0) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("VirtualClock(start=...) must be timezone-aware")
        self._start = start or datetime(2025, 1, 1, tzinfo=timezone.utc)
        self._origin = monotonic_start
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._origin + self._elapsed

    def now(self) -> datetime:
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def advance(self, seconds: float) -> None:
        """Move virtual time forward without recording a sleep."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._elapsed += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._elapsed += max(seconds, 0.0)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"VirtualClock(now={self.now().isoformat()})"
