"""The rate governor: separate read and write budgets, shared by threads and tasks."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from particle_orm.client import Kind, RateGovernor, RateLimits, VirtualClock
from tests.client.conftest import ENTRY_ID, RECORD_ID, MakeAsyncClient, MakeClient, MockAttio


class FrozenClock(VirtualClock):
    """Time stands still; sleeps are only recorded. Slots then follow the schedule exactly."""

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)


class RecordingGovernor(RateGovernor):
    """Records every admitted slot (kind, monotonic instant)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.admitted: list[tuple[Kind, float]] = []
        self._record_lock = threading.Lock()

    def reserve(self, kind: Kind) -> float:
        slot = super().reserve(kind)
        with self._record_lock:
            self.admitted.append((kind, slot))
        return slot

    def slots(self, kind: Kind) -> list[float]:
        return sorted(s for k, s in self.admitted if k == kind)


def max_in_any_window(slots: list[float], width: float = 1.0) -> int:
    """Most slots inside any half-open window [t, t + width)."""
    best = 0
    j = 0
    for i, start in enumerate(slots):
        j = max(j, i)
        while j < len(slots) and slots[j] < start + width - 1e-9:
            j += 1
        best = max(best, j - i)
    return best


def test_reads_and_writes_have_separate_budgets() -> None:
    gov = RateGovernor(
        RateLimits(reads_per_second=4, writes_per_second=2, headroom=1.0), clock=FrozenClock()
    )
    reads = [gov.reserve("read") for _ in range(5)]
    writes = [gov.reserve("write") for _ in range(3)]
    assert reads == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])
    assert writes == pytest.approx([0.0, 0.5, 1.0])


def test_burst_lets_requests_go_back_to_back_then_spaces_them() -> None:
    gov = RateGovernor(RateLimits(reads_per_second=10, burst=3, headroom=1.0), clock=FrozenClock())
    assert [gov.reserve("read") for _ in range(5)] == pytest.approx([0, 0, 0, 0.1, 0.2])


def test_idle_time_does_not_bank_more_than_the_burst() -> None:
    clock = VirtualClock()
    gov = RateGovernor(RateLimits(reads_per_second=10, burst=2, headroom=1.0), clock=clock)
    gov.reserve("read")
    clock.advance(100)
    assert [gov.reserve("read") for _ in range(3)] == pytest.approx([100, 100, 100.1])


def test_acquire_sleeps_until_the_slot() -> None:
    clock = VirtualClock()
    gov = RateGovernor(RateLimits(writes_per_second=25, headroom=1.0), clock=clock)
    for _ in range(3):
        gov.acquire("write")
    assert clock.sleeps == pytest.approx([0.04, 0.04])
    assert clock.monotonic() == pytest.approx(0.08)


def test_pause_delays_only_that_kind_and_then_spaces_requests() -> None:
    gov = RateGovernor(RateLimits(reads_per_second=10, burst=5, headroom=1.0), clock=FrozenClock())
    gov.pause_until("read", 2.0)
    assert [gov.reserve("read") for _ in range(2)] == pytest.approx([2.0, 2.1])
    assert gov.reserve("write") == 0.0


def test_unlimited_admits_immediately_but_still_honours_pauses() -> None:
    gov = RateGovernor(RateLimits.unlimited(), clock=FrozenClock())
    assert [gov.reserve("read") for _ in range(3)] == [0.0, 0.0, 0.0]
    gov.pause_until("write", 1.5)
    assert gov.reserve("write") == 1.5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reads_per_second": 0},
        {"writes_per_second": -1},
        {"burst": 0},
        {"burst": True},
        {"reads_per_second": "100"},
    ],
)
def test_invalid_limits_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        RateLimits(**kwargs)  # type: ignore[arg-type]


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="'read' or 'write'"):
        RateGovernor(RateLimits()).reserve("delete")  # type: ignore[arg-type]


def _server() -> MockAttio:
    return MockAttio(default=httpx.Response(200, json={"data": {"ok": True}}))


def test_budgets_hold_under_8_threads(make_client: MakeClient) -> None:
    clock = FrozenClock()
    gov = RecordingGovernor(RateLimits(headroom=1.0), clock=clock)
    server = _server()
    client = make_client(server, governor=gov)

    def work(n: int) -> None:
        for i in range(25):
            client.get_record("people", RECORD_ID)
            if i % 5 == 0:
                client.patch_record("people", RECORD_ID, {"name": f"t{n}"})
                client.patch_entry("sales", ENTRY_ID, {"stage": "Lead"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(8)))

    reads, writes = gov.slots("read"), gov.slots("write")
    assert (len(reads), len(writes), server.count) == (200, 80, 280)
    # Exactly the schedule of each budget: reads every 10 ms, writes every 40 ms, both from 0.
    assert reads == pytest.approx([i / 100 for i in range(200)])
    assert writes == pytest.approx([i / 25 for i in range(80)])
    assert max_in_any_window(reads) == 100
    assert max_in_any_window(writes) == 25
    assert client.stats.reads == 200 and client.stats.writes == 80


async def test_budgets_hold_under_50_concurrent_tasks(make_async_client: MakeAsyncClient) -> None:
    clock = FrozenClock()
    gov = RecordingGovernor(
        RateLimits(reads_per_second=100, writes_per_second=25, headroom=1.0), clock=clock
    )
    server = _server()

    async with make_async_client(server, governor=gov) as client:

        async def work(n: int) -> None:
            await client.query_records("people", filter={"name": f"p{n}"}, limit=1)
            await client.get_record("people", RECORD_ID)
            await client.put_record("people", RECORD_ID, {"name": f"p{n}"})

        await asyncio.gather(*(work(n) for n in range(50)))

    reads, writes = gov.slots("read"), gov.slots("write")
    assert (len(reads), len(writes), server.count) == (100, 50, 150)
    assert reads == pytest.approx([i / 100 for i in range(100)])
    assert writes == pytest.approx([i / 25 for i in range(50)])
    assert max_in_any_window(reads) == 100 and max_in_any_window(writes) == 25


def test_budgets_hold_with_a_moving_clock(make_client: MakeClient) -> None:
    """With sleeping advancing time (as in reality), no window ever exceeds the budget."""
    gov = RecordingGovernor(
        RateLimits(reads_per_second=100, writes_per_second=25, burst=4, headroom=1.0),
        clock=VirtualClock(),
    )
    client = make_client(_server(), governor=gov)

    def work(n: int) -> None:
        for _ in range(30):
            client.get_record("people", RECORD_ID)
            client.create_record("people", {"name": "x"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(8)))

    assert max_in_any_window(gov.slots("read")) <= 100 + 4 - 1
    assert max_in_any_window(gov.slots("write")) <= 25 + 4 - 1
    assert len(gov.slots("read")) == len(gov.slots("write")) == 240


async def test_one_governor_can_be_shared_by_sync_and_async_clients(
    make_client: MakeClient, make_async_client: MakeAsyncClient
) -> None:
    gov = RecordingGovernor(RateLimits(writes_per_second=25, headroom=1.0), clock=FrozenClock())
    sync_client = make_client(_server(), governor=gov)
    async with make_async_client(_server(), governor=gov) as async_client:
        assert async_client.governor is sync_client.governor is gov
        sync_client.delete_record("people", RECORD_ID)
        await async_client.delete_record("people", RECORD_ID)
        sync_client.delete_record("people", RECORD_ID)
    assert gov.slots("write") == pytest.approx([0.0, 0.04, 0.08])


def test_one_default_pacing_below_the_limits() -> None:
    # RateLimits() and the clients' default pace at the same fraction of the rates given,
    # so constructing limits by hand does not silently pace at exactly the server's limit.
    assert RateLimits() == RateLimits.attio()
    assert RateLimits(writes_per_second=10).paced("write") == pytest.approx(9.5)
    assert RateLimits(writes_per_second=10, headroom=1.0).paced("write") == 10
