"""AsyncAttioClient: the same decisions as the sync client, awaited."""

from __future__ import annotations

import logging

import httpx
import pytest

from particle_orm.client import (
    AmbiguousWriteError,
    AsyncAttioClient,
    ClientClosedError,
    ConfigurationError,
    NotFoundError,
    RequestInfo,
    ServerError,
    VirtualClock,
)
from tests.client.conftest import RECORD_ID, TOKEN, MakeAsyncClient, MockAttio, attio_error

OK = httpx.Response(200, json={"data": {"ok": True}})


def unavailable() -> httpx.Response:
    return httpx.Response(503, text="Service Unavailable")


async def test_429_with_http_date_is_retried(
    make_async_client: MakeAsyncClient, clock: VirtualClock
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "Wed, 01 Jan 2025 00:00:01 GMT"})
    server = MockAttio(limited, OK)
    async with make_async_client(server) as client:
        assert await client.get_record("people", RECORD_ID) == {"ok": True}
    assert server.count == 2 and clock.sleeps == [pytest.approx(1.0)]


async def test_429_with_seconds_is_retried(
    make_async_client: MakeAsyncClient, clock: VirtualClock
) -> None:
    server = MockAttio(httpx.Response(429, headers={"Retry-After": "2"}), OK)
    async with make_async_client(server) as client:
        await client.create_record("people", {})
    assert server.count == 2 and clock.sleeps == [pytest.approx(2.0)]


async def test_create_with_503_is_ambiguous_and_not_retried(
    make_async_client: MakeAsyncClient,
) -> None:
    server = MockAttio(unavailable(), default=OK)
    async with make_async_client(server) as client:
        with pytest.raises(AmbiguousWriteError) as info:
            await client.create_record("people", {"name": "Ada"})
    assert server.count == 1 and isinstance(info.value.__cause__, ServerError)


async def test_query_with_503_is_retried(
    make_async_client: MakeAsyncClient, clock: VirtualClock
) -> None:
    server = MockAttio(unavailable(), httpx.Response(200, json={"data": [{"n": 1}]}))
    async with make_async_client(server) as client:
        assert await client.query_entries("sales") == [{"n": 1}]
    assert server.count == 2 and clock.sleeps == [0.5]


async def test_put_assert_with_timeout_is_retried(make_async_client: MakeAsyncClient) -> None:
    server = MockAttio(httpx.ReadTimeout("timed out"), OK)
    async with make_async_client(server) as client:
        await client.assert_entry("sales", "companies", RECORD_ID, {"stage": "Lead"})
    assert server.count == 2


async def test_errors_map_the_same_way(make_async_client: MakeAsyncClient) -> None:
    server = MockAttio(attio_error(404, "not_found", "Record not found."))
    async with make_async_client(server) as client:
        with pytest.raises(NotFoundError, match=r"-> 404 not_found: Record not found\."):
            await client.get_record("people", RECORD_ID)


async def test_iter_records_is_an_async_iterator(make_async_client: MakeAsyncClient) -> None:
    pages = [
        httpx.Response(200, json={"data": [{"n": 0}, {"n": 1}]}),
        httpx.Response(200, json={"data": [{"n": 2}]}),
    ]
    server = MockAttio(*pages)
    async with make_async_client(server) as client:
        seen = [r["n"] async for r in client.iter_records("people", page_size=2)]
    assert seen == [0, 1, 2]
    assert [b["offset"] for b in server.bodies()] == [0, 2]


async def test_iter_entries_pages(make_async_client: MakeAsyncClient) -> None:
    server = MockAttio(
        httpx.Response(200, json={"data": [{"n": 0}]}),
        httpx.Response(200, json={"data": []}),
    )
    async with make_async_client(server) as client:
        seen = [e async for e in client.iter_entries("sales", page_size=1)]
    assert seen == [{"n": 0}] and server.count == 2


async def test_hooks_logging_and_redaction(
    make_async_client: MakeAsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[RequestInfo] = []
    server = MockAttio(unavailable(), OK)
    with caplog.at_level(logging.DEBUG, logger="particle_orm"):
        async with make_async_client(server, on_request=seen.append) as client:
            await client.list_objects()
            assert TOKEN not in repr(client) and repr(client).startswith("AsyncAttioClient(")
    assert [i.attempt for i in seen] == [1, 2]
    assert len([r for r in caplog.records if r.levelno == logging.DEBUG]) == 2
    assert TOKEN[:12] not in caplog.text and TOKEN[-12:] not in caplog.text


async def test_closed_client_refuses_calls(make_async_client: MakeAsyncClient) -> None:
    server = MockAttio()
    client = make_async_client(server)
    await client.aclose()
    with pytest.raises(ClientClosedError):
        await client.list_lists()
    await client.close()
    assert server.count == 0


def test_sync_only_transport_is_rejected() -> None:
    with pytest.raises(ConfigurationError, match="AsyncBaseTransport"):
        AsyncAttioClient(TOKEN, transport=httpx.HTTPTransport())  # type: ignore[arg-type]
