"""ContractTransport / AsyncContractTransport around httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.contract import (
    AsyncContractTransport,
    ContractTransport,
    ContractViolation,
    SpecContract,
)

BASE = "https://api.attio.com"
QUERY = "/v2/objects/people/records/query"


def _error(status: int) -> dict[str, Any]:
    return {
        "status_code": status,
        "type": "invalid_request_error",
        "code": "not_found",
        "message": "gone",
    }


class Server:
    """A canned server that remembers whether each request reached it."""

    def __init__(self, status: int, body: Any, *, raw: bytes | None = None) -> None:
        self.status, self.body, self.raw = status, body, raw
        self.received: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        if self.raw is not None:
            return httpx.Response(self.status, content=self.raw)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)


@pytest.fixture
def people(real_body: Callable[[str], Any]) -> Any:
    return real_body("records-query-people.json")


def _client(server: Server, contract: SpecContract, **options: Any) -> tuple[Any, Any]:
    transport = ContractTransport(httpx.MockTransport(server), contract, **options)
    return httpx.Client(transport=transport, base_url=BASE), transport


def test_valid_exchange_passes_and_is_counted(spec_contract: SpecContract, people: Any) -> None:
    client, transport = _client(Server(200, people), spec_contract)
    response = client.post(QUERY, json={"limit": 1})
    assert response.json() == people  # the body is still readable after checking
    assert transport.violations == []
    assert transport.seen == {("POST", "/v2/objects/{object}/records/query", 200): 1}


def test_unexercised_operations(spec_contract: SpecContract, people: Any) -> None:
    client, transport = _client(Server(200, people), spec_contract)
    before = {str(op) for op in transport.unexercised()}
    assert len(before) == len(spec_contract.operations())
    client.post(QUERY, json={})
    after = {str(op) for op in transport.unexercised()}
    assert before - after == {"POST /v2/objects/{object}/records/query"}


def test_invalid_request_raises_before_sending(spec_contract: SpecContract, people: Any) -> None:
    server = Server(200, people)
    client, transport = _client(server, spec_contract)
    with pytest.raises(ContractViolation) as caught:
        client.post(QUERY, json={"limit": "ten"})
    assert caught.value.direction == "request"
    assert server.received == []
    assert transport.violations == [caught.value]


def test_invalid_response_raises_with_pointer(spec_contract: SpecContract, people: Any) -> None:
    broken = json.loads(json.dumps(people))
    del broken["data"][0]["web_url"]
    client, transport = _client(Server(200, broken), spec_contract)
    with pytest.raises(ContractViolation, match="at /data/0"):
        client.post(QUERY, json={})
    assert len(transport.violations) == 1


def test_record_only_mode(spec_contract: SpecContract) -> None:
    client, transport = _client(
        Server(200, {"data": "nope"}), spec_contract, raise_on_violation=False
    )
    assert client.get("/v2/objects").status_code == 200
    assert [v.errors[0].pointer for v in transport.violations] == ["/data"]
    transport.clear()
    assert transport.violations == [] and not transport.seen


def test_checks_can_be_switched_off(spec_contract: SpecContract) -> None:
    server = Server(200, {"data": "nope"})
    client, transport = _client(server, spec_contract, check_requests=False, check_responses=False)
    client.post(QUERY, json={"limit": "ten"})
    assert len(server.received) == 1 and transport.violations == []
    assert transport.seen == {("POST", "/v2/objects/{object}/records/query", 200): 1}


def test_unknown_route_blocked_unless_allowed(spec_contract: SpecContract) -> None:
    client, _ = _client(Server(404, _error(404)), spec_contract)
    with pytest.raises(ContractViolation, match="no documented Attio operation"):
        client.get("/v2/objects/companies/records")
    client, transport = _client(Server(404, _error(404)), spec_contract, allow_unknown_routes=True)
    assert client.get("/v2/objects/companies/records").status_code == 404
    assert transport.seen == {("GET", "<unknown>", 404): 1}


def test_non_json_bodies(spec_contract: SpecContract) -> None:
    client, _ = _client(Server(502, None, raw=b"<html>Bad gateway</html>"), spec_contract)
    assert client.get("/v2/objects").status_code == 502  # gateways may send HTML
    client, _ = _client(Server(200, None, raw=b"<html>"), spec_contract)
    with pytest.raises(ContractViolation, match="not JSON"):
        client.get("/v2/objects")
    client, _ = _client(Server(200, {"data": []}), spec_contract)
    with pytest.raises(ContractViolation, match="request body is not JSON"):
        client.post(QUERY, content=b"limit=1")


def test_token_not_in_violation(spec_contract: SpecContract) -> None:
    client, _ = _client(Server(200, {"data": "nope"}), spec_contract)
    secret = "s3cr3t-token-value"
    with pytest.raises(ContractViolation) as caught:
        client.get("/v2/objects", headers={"Authorization": f"Bearer {secret}"})
    assert secret not in str(caught.value) and secret not in repr(caught.value)


def test_default_contract_is_the_shared_one(spec_contract: SpecContract) -> None:
    transport = ContractTransport(httpx.MockTransport(Server(200, {"data": []})))
    assert transport.contract is spec_contract


async def test_async_transport(spec_contract: SpecContract, people: Any) -> None:
    server = Server(200, people)
    transport = AsyncContractTransport(httpx.MockTransport(server), spec_contract)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        response = await client.post(QUERY, json={})
        assert response.json() == people
        with pytest.raises(ContractViolation) as caught:
            await client.post(QUERY, json={"offset": "ten"})
    assert caught.value.errors[0].pointer == "/offset"
    assert len(server.received) == 1
    assert transport.seen[("POST", "/v2/objects/{object}/records/query", 200)] == 1


async def test_async_invalid_response(spec_contract: SpecContract) -> None:
    transport = AsyncContractTransport(httpx.MockTransport(Server(200, {"data": 1})), spec_contract)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        with pytest.raises(ContractViolation, match="at /data"):
            await client.get("/v2/objects")


def test_query_parameters_checked(spec_contract: SpecContract) -> None:
    server = Server(200, {"data": []})
    client, _ = _client(server, spec_contract)
    client.get("/v2/webhooks", params={"limit": 5})
    with pytest.raises(ContractViolation, match=r"\?limit"):
        client.get("/v2/webhooks", params={"limit": "five"})
    assert len(server.received) == 1
