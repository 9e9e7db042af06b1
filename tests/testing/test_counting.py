from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.testing import RequestLog, assert_num_requests


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=3)


def test_passes_on_the_exact_count(emu: Emulator) -> None:
    client = emu.client(rate_limits=None)
    with assert_num_requests(2, emu) as seen:
        client.get_self()
        client.query_records("people", limit=1)
    assert [str(r) for r in seen.requests] == [
        "GET /v2/self -> 200",
        "POST /v2/objects/people/records/query -> 200",
    ]


def test_a_mismatch_lists_every_request(emu: Emulator) -> None:
    client = emu.client(rate_limits=None)
    with pytest.raises(AssertionError) as info, assert_num_requests(1, emu):
        client.list_objects()
        client.list_attributes("objects", "people", show_archived=True)
        with pytest.raises(Exception):  # noqa: B017 (any API error; only the count matters)
            client.get_object("nope")
    assert str(info.value) == (
        "expected 1 request, 3 were made:\n"
        "  1. GET /v2/objects -> 200\n"
        "  2. GET /v2/objects/people/attributes?show_archived=true -> 200\n"
        "  3. GET /v2/objects/nope -> 404"
    )


def test_zero_expected_and_none_made_passes(emu: Emulator) -> None:
    with assert_num_requests(0, emu) as seen:
        pass
    assert seen.requests == []


def test_too_few_requests_fail_too(emu: Emulator) -> None:
    with (
        pytest.raises(AssertionError, match=r"^expected 2 requests, 0 were made$"),
        assert_num_requests(2, emu),
    ):
        pass


def test_retries_count_as_requests(emu: Emulator) -> None:
    from particle_orm.client import VirtualClock

    # A virtual clock: the backoff before the retry costs no real time.
    client = emu.client(rate_limits=None, clock=VirtualClock())
    emu.faults.server_error(503)
    with assert_num_requests(2, emu) as seen:
        client.get_self()
    assert [r.status for r in seen.requests] == [503, 200]


def test_a_watched_client_lists_its_own_requests(emu: Emulator) -> None:
    log = RequestLog()
    client = emu.client(rate_limits=None, on_response=log.on_response)
    log.watch(client)
    other = emu.client(rate_limits=None)
    with (
        pytest.raises(AssertionError, match=r"1 was made:\n  1\. GET /v2/lists -> 200$"),
        assert_num_requests(0, client),
    ):
        client.list_lists()
        other.list_objects()  # another client: not counted


def test_an_unwatched_client_is_counted_by_its_stats(emu: Emulator) -> None:
    client = emu.client(rate_limits=None)
    with assert_num_requests(1, client) as seen:
        client.get_self()
    assert seen.details is False
    with (
        pytest.raises(AssertionError, match="expected 0 requests, 1 was made"),
        assert_num_requests(0, client),
    ):
        client.get_self()


def test_a_request_log_and_a_journal_are_targets(emu: Emulator) -> None:
    log = RequestLog()
    client = emu.client(rate_limits=None, on_response=log.on_response)
    with assert_num_requests(1, log), assert_num_requests(1, emu.journal):
        client.get_self()
    assert len(log) == 1
    log.clear()
    assert log.requests == []


def test_anything_with_a_client_attribute_is_a_target(emu: Emulator) -> None:
    @dataclass
    class FakeSession:
        client: AttioClient

    session = FakeSession(emu.client(rate_limits=None))
    with assert_num_requests(1, session):
        session.client.get_self()


def test_async_clients_are_counted(emu: Emulator) -> None:
    log = RequestLog()
    client = emu.async_client(rate_limits=None, on_response=log.on_response)
    log.watch(client)
    with assert_num_requests(2, client) as seen:
        asyncio.run(client.list_objects())
        asyncio.run(client.get_self())
    assert [r.path for r in seen.requests] == ["/v2/objects", "/v2/self"]


def test_a_failing_block_is_not_masked(emu: Emulator) -> None:
    with pytest.raises(KeyError), assert_num_requests(5, emu):
        raise KeyError("boom")


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_bad_counts_are_rejected(bad: object, emu: Emulator) -> None:
    with (
        pytest.raises(ValueError, match="n must be an int >= 0"),
        assert_num_requests(bad, emu),  # type: ignore[arg-type]
    ):
        pass


def test_unknown_targets_are_rejected_by_type() -> None:
    with pytest.raises(TypeError, match="got dict"), assert_num_requests(1, {}):
        pass
