"""Retry-After parsing and the retry policy's bounds."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from particle_orm.client import RetryPolicy, parse_retry_after

NOW = datetime(2023, 5, 23, 14, 42, 0, 250000, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 23 May 2023 14:42:01 GMT", datetime(2023, 5, 23, 14, 42, 1, tzinfo=timezone.utc)),
        ("Tue, 23 May 2023 16:42:01 +0200", datetime(2023, 5, 23, 14, 42, 1, tzinfo=timezone.utc)),
        ("Tue, 23 May 2023 14:42:01 -0000", datetime(2023, 5, 23, 14, 42, 1, tzinfo=timezone.utc)),
        ("2", NOW + timedelta(seconds=2)),
        (" 1.5 ", NOW + timedelta(seconds=1.5)),
        ("0", NOW),
        ("-4", NOW),
    ],
)
def test_parse_retry_after(value: str, expected: datetime) -> None:
    parsed = parse_retry_after(value, NOW)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize("value", ["", "soon", "nan", "inf", "Tue, 99 Foo 2023"])
def test_unparseable_retry_after_is_none(value: str) -> None:
    assert parse_retry_after(value, NOW) is None


def test_backoff_is_exponential_and_capped() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_max=3.0, jitter=0)
    rng = random.Random(0)
    assert [policy.backoff(n, rng) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_jitter_stays_within_bounds_and_varies() -> None:
    policy = RetryPolicy(backoff_base=1.0, jitter=0.25)
    rng = random.Random(42)
    delays = [policy.backoff(1, rng) for _ in range(200)]
    assert all(1.0 <= d < 1.25 for d in delays)
    assert len(set(delays)) > 100


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": 1.5},
        {"max_total_seconds": -1},
        {"jitter": -0.1},
        {"backoff_base": "1"},
    ],
)
def test_invalid_policy_is_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_disabled_policy_makes_one_attempt() -> None:
    assert RetryPolicy.disabled().max_attempts == 1
