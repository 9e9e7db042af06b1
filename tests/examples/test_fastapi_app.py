"""The FastAPI example: one AsyncSession per request, on the emulator (TestClient)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from examples.fastapi_app import create_app
from particle_orm.client import VirtualClock
from particle_orm.emulator import Emulator


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=21)


@pytest.fixture
def http(emu: Emulator) -> Iterator[TestClient]:
    # A virtual clock makes the client's retry backoff instant.
    make = lambda: emu.async_client(rate_limits=None, clock=VirtualClock())  # noqa: E731
    with TestClient(create_app(make)) as client:
        yield client


def _writes(emu: Emulator) -> list[tuple[str, str]]:
    return [
        (e.method, e.path)
        for e in emu.journal
        if e.method != "GET" and not e.path.endswith("/query")
    ]


def test_create_company_with_people_in_one_commit(http: TestClient, emu: Emulator) -> None:
    body = {
        "name": "Acme",
        "domains": ["acme.com"],
        "people": [
            {"name": "Lovelace, Ada", "email": "ada@acme.com"},
            {"name": "Hopper, Grace", "email": "grace@acme.com"},
        ],
    }
    response = http.post("/companies", json=body)
    assert response.status_code == 201
    out = response.json()
    assert out["calls"] == 3 and len(out["people"]) == 2 and all(out["people"])
    company_id = out["company"]["record_id"]
    assert _writes(emu)[0] == ("PUT", "/v2/objects/companies/records")
    read = http.get(f"/companies/{company_id}").json()
    assert read["name"] == "Acme" and sorted(read["team"]) == sorted(out["people"])


def test_patch_sends_one_call_for_several_fields(http: TestClient, emu: Emulator) -> None:
    company_id = http.post("/companies", json={"name": "Acme"}).json()["company"]["record_id"]
    emu.journal.clear()
    response = http.patch(
        f"/companies/{company_id}", json={"name": "Acme Inc", "description": "Rockets"}
    )
    assert response.status_code == 200
    assert response.json()["calls"] == 1
    assert _writes(emu) == [("PATCH", f"/v2/objects/companies/records/{company_id}")]
    assert http.get(f"/companies/{company_id}").json()["description"] == "Rockets"


def test_each_request_gets_its_own_session(http: TestClient, emu: Emulator) -> None:
    company_id = http.post("/companies", json={"name": "Acme"}).json()["company"]["record_id"]
    http.patch(f"/companies/{company_id}", json={"name": "One"})
    # A second request must not reuse the first one's (now stale) instance.
    assert http.get(f"/companies/{company_id}").json()["name"] == "One"


def test_unknown_company_is_404(http: TestClient) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert http.get(f"/companies/{missing}").status_code == 404


def test_commit_error_is_a_502_with_outcomes(http: TestClient, emu: Emulator) -> None:
    emu.faults.server_error(500, method="PUT", path_prefix="/v2/objects/people", times=5)
    body = {"name": "Acme", "people": [{"name": "Ada", "email": "ada@acme.com"}]}
    response = http.post("/companies", json=body)
    assert response.status_code == 502
    outcomes = [op["outcome"] for op in response.json()["operations"]]
    assert outcomes == ["applied", "failed"]
