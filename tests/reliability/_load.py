"""Shared-client load against the rate-limited emulator: threads or tasks, real time.

The emulator enforces Attio's budgets with a one-second sliding window; the client is
configured to the same limits. Send instants are recorded by the client's ``on_request``
hook (the moment each attempt leaves the governor), so a test can check every one-second
window on the client side; the emulator's own sliding window answers 429 for any excess on
the server side, so ``server_429s() == 0`` proves the server saw the budgets respected.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from particle_orm.client import RequestInfo
from particle_orm.emulator import Emulator
from particle_orm.emulator import RateLimits as ServerLimits

READS_PER_SECOND = 100
WRITES_PER_SECOND = 25


def max_in_window(instants: Iterable[float], window: float = 1.0) -> int:
    """The most instants that fall in any half-open ``[t, t + window)`` interval."""
    times = sorted(instants)
    best = 0
    for i, start in enumerate(times):
        best = max(best, bisect.bisect_left(times, start + window) - i)
    return best


@dataclass
class SendLog:
    """Monotonic send instants per kind, appended from any thread."""

    read: list[float] = field(default_factory=list)
    write: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_request(self, info: RequestInfo) -> None:
        with self.lock:
            getattr(self, info.kind).append(time.monotonic())


def limited_emulator(seed: int = 5) -> Emulator:
    """An emulator enforcing Attio's read and write budgets."""
    return Emulator(seed=seed, rate_limits=ServerLimits(READS_PER_SECOND, WRITES_PER_SECOND))


def server_429s(emu: Emulator) -> int:
    return emu.journal.count(status=429)
