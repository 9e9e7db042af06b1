"""Fixtures for the emulator's own tests: a seeded emulator on a frozen clock and an httpx
client whose every request and response is checked against the patched Attio spec."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator
from tests.contract import ContractTransport, SpecContract, SpecUnavailable, get_contract

BASE = "https://api.attio.com"
T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def contract() -> SpecContract | None:
    """The patched spec, or None when ../shared is absent (tests then run unvalidated)."""
    try:
        return get_contract()
    except SpecUnavailable:
        return None


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=1234, clock=T0)


def make_client(
    emu: Emulator,
    contract: SpecContract | None,
    token: str | None = None,
    *,
    check_requests: bool = True,
) -> httpx.Client:
    transport: httpx.BaseTransport = emu.transport()
    if contract is not None:
        transport = ContractTransport(
            transport, contract, allow_unknown_routes=True, check_requests=check_requests
        )
    secret = emu.token if token is None else token
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return httpx.Client(transport=transport, base_url=BASE, headers=headers)


@pytest.fixture
def http(emu: Emulator, contract: SpecContract | None) -> Iterator[httpx.Client]:
    with make_client(emu, contract) as client:
        yield client


@pytest.fixture
def loose(emu: Emulator, contract: SpecContract | None) -> Iterator[httpx.Client]:
    """Like ``http`` but lets deliberately invalid requests through (responses still checked)."""
    with make_client(emu, contract, check_requests=False) as client:
        yield client


@pytest.fixture
def client_for(
    emu: Emulator, contract: SpecContract | None
) -> Callable[[str | None], httpx.Client]:
    def build(token: str | None) -> httpx.Client:
        return make_client(emu, contract, token)

    return build


def ok(response: httpx.Response) -> Any:
    """The ``data`` of a 200 response (fails with the body otherwise)."""
    assert response.status_code == 200, response.text
    return response.json()["data"]


def create(http: httpx.Client, obj: str, values: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = ok(
        http.post(f"/v2/objects/{obj}/records", json={"data": {"values": values}})
    )
    return result


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert an Attio error body and return it."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["status_code"] == status
    assert body["code"] == code, body
    assert set(body) >= {"status_code", "type", "code", "message"}
    return body
