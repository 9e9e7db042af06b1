"""The emulator's control plane: clock, deterministic ids, rate limits, faults and journal.

These objects hang off :class:`~particle_orm.emulator.Emulator` (``emu.clock``, ``emu.faults``,
``emu.journal``) so tests can steer time, inject failures and count calls.

Example:
    >>> clock = Clock(frozen_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    >>> clock.timestamp()
    '2024-01-02T03:04:05.000000000Z'
    >>> clock.advance(1.5).timestamp()
    '2024-01-02T03:04:06.500000000Z'
"""

from __future__ import annotations

import collections
import random
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, Literal

__all__ = [
    "Clock",
    "Fault",
    "Faults",
    "IdFactory",
    "Journal",
    "JournalEntry",
    "RateLimiter",
    "RateLimits",
    "format_timestamp",
]


def format_timestamp(moment: datetime) -> str:
    """Attio's timestamp form: UTC, 9 fractional digits, ``Z``.

    Example:
        >>> format_timestamp(datetime(2024, 5, 1, tzinfo=timezone.utc))
        '2024-05-01T00:00:00.000000000Z'
    """
    utc = moment.astimezone(timezone.utc) if moment.tzinfo else moment
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}000Z"


class Clock:
    """The emulator's notion of "now": real time, or frozen and moved by hand.

    Example:
        >>> c = Clock()
        >>> c.freeze(datetime(2030, 1, 1, tzinfo=timezone.utc)).now().year
        2030
    """

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._frozen = frozen_at

    @property
    def frozen(self) -> bool:
        """Whether time only moves through :meth:`advance`/:meth:`set`."""
        return self._frozen is not None

    def now(self) -> datetime:
        """The current instant (timezone-aware, UTC)."""
        if self._frozen is not None:
            return self._frozen
        return datetime.now(timezone.utc)

    def timestamp(self) -> str:
        """``now()`` in Attio's timestamp format."""
        return format_timestamp(self.now())

    def freeze(self, at: datetime | None = None) -> Clock:
        """Stop time at ``at`` (default: the current instant)."""
        moment = at or self.now()
        if moment.tzinfo is None:
            raise ValueError("Clock.freeze() needs a timezone-aware datetime")
        self._frozen = moment.astimezone(timezone.utc)
        return self

    set = freeze

    def unfreeze(self) -> Clock:
        """Follow real time again."""
        self._frozen = None
        return self

    def advance(self, seconds: float) -> Clock:
        """Move a frozen clock forward (freezing it at the current instant first)."""
        self._frozen = self.now() + timedelta(seconds=seconds)
        return self


class IdFactory:
    """UUIDs from ``random.Random(seed)``: the same seed gives the same ids in the same order.

    Example:
        >>> IdFactory(7).uuid() == IdFactory(7).uuid()
        True
    """

    def __init__(self, seed: int | str | None = None) -> None:
        self.seed = seed
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def reseed(self, seed: int | str | None) -> None:
        """Restart the sequence from ``seed``."""
        with self._lock:
            self.seed = seed
            self._rng = random.Random(seed)

    def uuid(self) -> str:
        """A new UUID (version 4 layout)."""
        with self._lock:
            bits = self._rng.getrandbits(128)
        return str(uuid.UUID(int=bits, version=4))

    def token(self) -> str:
        """A new 64-character API key, the length Attio's keys have."""
        with self._lock:
            return f"{self._rng.getrandbits(256):064x}"


@dataclass(frozen=True)
class RateLimits:
    """Attio's request budgets (FACTS.md §10).

    Example:
        >>> RateLimits().writes_per_second
        25
    """

    reads_per_second: int = 100
    writes_per_second: int = 25


class RateLimiter:
    """A one-second sliding window per workspace and kind, on the emulator clock.

    Example:
        >>> clock = Clock().freeze()
        >>> rl = RateLimiter(RateLimits(1, 1), clock)
        >>> rl.check("ws", "read") is None, rl.check("ws", "read") is not None
        (True, True)
    """

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self.limits = limits
        self._clock = clock
        self._hits: dict[tuple[str, str], collections.deque[datetime]] = {}
        self._lock = threading.Lock()

    def check(self, workspace_id: str, kind: Literal["read", "write"]) -> str | None:
        """Count one request; return a ``Retry-After`` HTTP date when over budget."""
        limit = self.limits.reads_per_second if kind == "read" else self.limits.writes_per_second
        now = self._clock.now()
        window_start = now - timedelta(seconds=1)
        with self._lock:
            hits = self._hits.setdefault((workspace_id, kind), collections.deque())
            while hits and hits[0] <= window_start:
                hits.popleft()
            if len(hits) >= limit:
                # Attio answers with the next whole second as an HTTP date.
                retry_at = hits[0] + timedelta(seconds=1)
                retry_at = retry_at.replace(microsecond=0) + timedelta(seconds=1)
                return format_datetime(retry_at, usegmt=True)
            hits.append(now)
        return None

    def reset(self) -> None:
        """Forget all counted requests."""
        with self._lock:
            self._hits.clear()


FaultKind = Literal["rate_limit", "server_error", "latency", "drop_response"]


@dataclass
class Fault:
    """One injected failure.

    ``kind``: ``rate_limit`` (429, not applied), ``server_error`` (``status``, JSON or plain
    body, not applied), ``latency`` (``seconds`` of delay, then normal handling) or
    ``drop_response`` (the request IS applied, then the transport raises
    ``httpx.ReadError`` or, with ``error="timeout"``, ``httpx.ReadTimeout``).
    ``method``/``path_prefix`` restrict which requests it hits.

    Example:
        >>> Fault("server_error", status=503, json_body=False).status
        503
    """

    kind: FaultKind
    status: int = 500
    json_body: bool = True
    seconds: float = 0.0
    error: Literal["read_error", "timeout"] = "read_error"
    method: str | None = None
    path_prefix: str | None = None

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to ``method path``."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_prefix is None or path.startswith(self.path_prefix)


class Faults:
    """A queue of one-shot faults plus per-kind probabilities.

    Example:
        >>> f = Faults(seed=1)
        >>> f.push(Fault("rate_limit")).take("GET", "/v2/self").kind
        'rate_limit'
        >>> f.take("GET", "/v2/self") is None
        True
    """

    def __init__(self, seed: int | str | None = None) -> None:
        self._queue: list[Fault] = []
        self._random: list[tuple[float, Fault]] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def push(self, *faults: Fault) -> Faults:
        """Queue faults; each hits the next matching request once."""
        with self._lock:
            self._queue.extend(faults)
        return self

    def rate_limit(self, times: int = 1, **match: Any) -> Faults:
        """Queue ``times`` 429 responses."""
        return self.push(*[Fault("rate_limit", **match) for _ in range(times)])

    def server_error(
        self, status: int = 500, *, times: int = 1, json_body: bool = True, **match: Any
    ) -> Faults:
        """Queue ``times`` 5xx responses (``json_body=False`` sends plain text)."""
        return self.push(
            *[Fault("server_error", status=status, json_body=json_body, **match)] * times
        )

    def latency(self, seconds: float, *, times: int = 1, **match: Any) -> Faults:
        """Queue ``times`` delayed responses."""
        return self.push(*[Fault("latency", seconds=seconds, **match)] * times)

    def drop_response(
        self, *, error: Literal["read_error", "timeout"] = "read_error", **match: Any
    ) -> Faults:
        """Apply the next matching request, then lose its response."""
        return self.push(Fault("drop_response", error=error, **match))

    def randomly(self, probability: float, fault: Fault) -> Faults:
        """Hit each matching request with ``fault`` at ``probability`` (0..1)."""
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"probability must be within 0..1, got {probability!r}")
        with self._lock:
            self._random.append((probability, fault))
        return self

    def clear(self) -> None:
        """Drop all queued and random faults."""
        with self._lock:
            self._queue.clear()
            self._random.clear()

    def __len__(self) -> int:
        return len(self._queue)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any (consumes a queued one)."""
        with self._lock:
            for i, fault in enumerate(self._queue):
                if fault.matches(method, path):
                    return self._queue.pop(i)
            for probability, fault in self._random:
                if fault.matches(method, path) and self._rng.random() < probability:
                    return fault
        return None


@dataclass(frozen=True)
class JournalEntry:
    """One handled request.

    ``at`` is the emulator clock's time when the request was received (the instant its
    writes use for ``created_at`` and ``active_from``); ``None`` only for entries built by
    hand without one. ``timestamp`` is the same instant in Attio's timestamp format.

    Example:
        >>> JournalEntry("GET", "/v2/self", 200, None, "ws").status
        200
        >>> JournalEntry("GET", "/v2/self", 200, None, "ws",
        ...              at=datetime(2030, 1, 1, tzinfo=timezone.utc)).timestamp
        '2030-01-01T00:00:00.000000000Z'
    """

    method: str
    path: str
    status: int
    body: Any
    workspace_id: str | None
    query: dict[str, str] = field(default_factory=dict)
    at: datetime | None = None

    @property
    def timestamp(self) -> str | None:
        """``at`` in Attio's timestamp format (``None`` without ``at``)."""
        return format_timestamp(self.at) if self.at is not None else None


class Journal:
    """Every request the emulator handled, in order.

    Example:
        >>> j = Journal()
        >>> j.record(JournalEntry("GET", "/v2/self", 200, None, None))
        >>> j.count("GET"), j.count(path="/v2/objects")
        (1, 0)
    """

    def __init__(self) -> None:
        self._entries: list[JournalEntry] = []
        self._lock = threading.Lock()

    def record(self, entry: JournalEntry) -> None:
        """Append one entry."""
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[JournalEntry]:
        """A snapshot of the entries."""
        with self._lock:
            return list(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self._entries)

    def count(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        workspace_id: str | None = None,
        status: int | None = None,
    ) -> int:
        """How many entries match (``path`` matches as a prefix)."""
        return sum(
            1
            for e in self.entries
            if (method is None or e.method == method.upper())
            and (path is None or e.path.startswith(path))
            and (workspace_id is None or e.workspace_id == workspace_id)
            and (status is None or e.status == status)
        )

    def clear(self) -> None:
        """Forget all entries."""
        with self._lock:
            self._entries.clear()
