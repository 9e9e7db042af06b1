"""Fixtures for the client tests: a scripted mock Attio, a virtual clock, client factories."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from particle_orm.client import AsyncAttioClient, AttioClient, RetryPolicy, VirtualClock

# Distinctive enough that any leak (whole or a long slice) is easy to find in output.
TOKEN = "attio-secret-token-DO-NOT-LEAK-5f3c9a7e1b2d4c6e8a0b"
RECORD_ID = "3a1f9b1e-0000-4000-8000-000000000001"
ENTRY_ID = "7c2e8d4f-1111-4111-8111-000000000002"
MEMBER_ID = "50cf242c-2222-4222-8222-000000000003"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def attio_error(status: int, code: str, message: str, **extra: Any) -> httpx.Response:
    """An error response shaped like Attio's."""
    kind = {401: "auth_error", 403: "auth_error", 429: "rate_limit_error"}.get(
        status, "invalid_request_error"
    )
    body = {"status_code": status, "type": kind, "code": code, "message": message, **extra}
    return httpx.Response(status, json=body)


class MockAttio:
    """A scripted server: replies are consumed in order, then ``default`` answers.

    Records every request (thread-safe) so tests can assert on method, path and body.
    """

    def __init__(self, *replies: Reply, default: Reply | None = None) -> None:
        self.replies: list[Reply] = list(replies)
        self.default = default if default is not None else httpx.Response(200, json={"data": {}})
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            reply = self.replies.pop(0) if self.replies else self.default
        if isinstance(reply, Exception):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return reply

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)

    @property
    def count(self) -> int:
        return len(self.requests)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle_async)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


NO_JITTER = RetryPolicy(max_attempts=5, max_total_seconds=60, backoff_base=0.5, jitter=0)


@pytest.fixture
def make_client(clock: VirtualClock) -> Iterator[Callable[..., AttioClient]]:
    made: list[AttioClient] = []

    def make(server: MockAttio | httpx.BaseTransport, **kwargs: Any) -> AttioClient:
        transport = server.transport() if isinstance(server, MockAttio) else server
        kwargs.setdefault("retry", NO_JITTER)
        if "governor" not in kwargs:
            kwargs.setdefault("clock", clock)
        client = AttioClient(TOKEN, transport=transport, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def make_async_client(clock: VirtualClock) -> Callable[..., AsyncAttioClient]:
    def make(server: MockAttio | httpx.AsyncBaseTransport, **kwargs: Any) -> AsyncAttioClient:
        transport = server.async_transport() if isinstance(server, MockAttio) else server
        kwargs.setdefault("retry", NO_JITTER)
        if "governor" not in kwargs:
            kwargs.setdefault("clock", clock)
        return AsyncAttioClient(TOKEN, transport=transport, **kwargs)

    return make


MakeClient = Callable[..., AttioClient]
MakeAsyncClient = Callable[..., AsyncAttioClient]
