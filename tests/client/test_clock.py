"""The virtual clock used to test throttling and backoff without sleeping."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from particle_orm.client import Clock, SystemClock, VirtualClock


def test_virtual_clock_advances_on_sleep_and_records_it() -> None:
    clock = VirtualClock(datetime(2024, 1, 1, tzinfo=timezone.utc), monotonic_start=10.0)
    clock.sleep(0.5)
    clock.advance(1.0)
    assert clock.monotonic() == 11.5
    assert clock.now() == datetime(2024, 1, 1, 0, 0, 1, 500000, tzinfo=timezone.utc)
    assert clock.sleeps == [0.5]


async def test_virtual_clock_asleep() -> None:
    clock = VirtualClock()
    await clock.asleep(2.0)
    assert clock.monotonic() == 2.0 and clock.sleeps == [2.0]


def test_virtual_clock_rejects_naive_start_and_going_backwards() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        VirtualClock(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="backwards"):
        VirtualClock().advance(-1)


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock) and isinstance(VirtualClock(), Clock)
    assert SystemClock().now().tzinfo is not None
    assert SystemClock().monotonic() <= SystemClock().monotonic()
