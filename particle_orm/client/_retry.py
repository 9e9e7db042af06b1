"""Retry policy: how often and how long to retry, and parsing of ``Retry-After``.

Which failures are retried is decided by the client (see ``_base``): a 429 on any call;
5xx, timeouts and dropped connections only on idempotent calls.

Example:
    >>> from datetime import datetime, timezone
    >>> now = datetime(2023, 5, 23, 14, 42, 0, tzinfo=timezone.utc)
    >>> parse_retry_after("Tue, 23 May 2023 14:42:01 GMT", now).isoformat()
    '2023-05-23T14:42:01+00:00'
    >>> parse_retry_after("2", now).isoformat()
    '2023-05-23T14:42:02+00:00'
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = ["RetryPolicy", "parse_retry_after"]


def parse_retry_after(value: str, now: datetime) -> datetime | None:
    """Turn a ``Retry-After`` header (HTTP date or delay in seconds) into an aware UTC instant.

    Returns ``None`` for a value that is neither (the caller then falls back to backoff).
    Attio sends an HTTP date; seconds are accepted because proxies and older docs use them.

    Example:
        >>> from datetime import datetime, timezone
        >>> now = datetime(2024, 1, 1, tzinfo=timezone.utc)
        >>> parse_retry_after("0.5", now).isoformat()
        '2024-01-01T00:00:00.500000+00:00'
        >>> parse_retry_after("soon", now) is None
        True
    """
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if seconds != seconds or seconds in (float("inf"), float("-inf")):
            return None
        return now + timedelta(seconds=max(seconds, 0.0))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are always GMT; "-0000" parses as naive.
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds on retrying: attempts, total time, exponential backoff and jitter.

    ``max_attempts`` counts the first try. ``max_total_seconds`` bounds the time spent
    waiting between attempts for one call; a retry that would exceed it is not made.
    Backoff before attempt ``n + 1`` is ``min(backoff_max, backoff_base * 2 ** (n - 1))``
    plus a uniform random jitter in ``[0, jitter)`` seconds; a 429 waits until its
    ``Retry-After`` instant plus the same jitter, so that clients do not stampede.

    Example:
        >>> import random
        >>> RetryPolicy(max_attempts=3, jitter=0).backoff(2, random.Random(0))
        1.0
        >>> RetryPolicy.disabled().max_attempts
        1
    """

    max_attempts: int = 5
    max_total_seconds: float = 60.0
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ValueError(
                f"RetryPolicy.max_attempts must be an int >= 1, got {self.max_attempts!r}"
            )
        for name in ("max_total_seconds", "backoff_base", "backoff_max", "jitter"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"RetryPolicy.{name} must be a number >= 0, got {value!r}")

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries.

        Example:
            >>> RetryPolicy.disabled().max_attempts
            1
        """
        return cls(max_attempts=1)

    def jitter_seconds(self, rng: random.Random) -> float:
        """A random delay in ``[0, jitter)`` seconds.

        Example:
            >>> import random
            >>> RetryPolicy(jitter=0).jitter_seconds(random.Random(1))
            0.0
        """
        return rng.random() * self.jitter if self.jitter else 0.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based).

        Example:
            >>> import random
            >>> RetryPolicy(backoff_base=1, backoff_max=3, jitter=0).backoff(5, random.Random())
            3.0
        """
        exponential = float(self.backoff_base) * (2.0 ** max(attempt - 1, 0))
        return min(float(self.backoff_max), exponential) + self.jitter_seconds(rng)
