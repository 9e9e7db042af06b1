"""The multi-tenant FastAPI example on two emulated workspaces."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from examples.multi_tenant import create_app
from particle_orm.client import VirtualClock
from particle_orm.emulator import Emulator


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=22)


@pytest.fixture
def workspaces(emu: Emulator) -> dict[str, Any]:
    return {"alpha": emu.workspace, "beta": emu.create_workspace(name="Beta")}


@pytest.fixture
def http(emu: Emulator, workspaces: dict[str, Any]) -> Iterator[TestClient]:
    tokens = {tenant: handle.token for tenant, handle in workspaces.items()}
    made: list[str] = []

    def make(token: str) -> Any:
        made.append(token)
        return emu.async_client(token=token, rate_limits=None, clock=VirtualClock())

    with TestClient(create_app(tokens, make)) as client:
        client.made = made  # type: ignore[attr-defined]
        yield client


def tenant(name: str) -> dict[str, str]:
    return {"X-Tenant": name}


def test_each_tenant_sees_only_its_workspace(
    http: TestClient, emu: Emulator, workspaces: dict[str, Any]
) -> None:
    for name in ("Acme", "Globex"):
        created = http.post("/companies", json={"name": name}, headers=tenant("alpha"))
        assert created.status_code == 201
        assert created.json()["workspace_id"] == workspaces["alpha"].id
    http.post("/companies", json={"name": "Initech"}, headers=tenant("beta"))
    alpha = http.get("/companies", headers=tenant("alpha")).json()
    beta = http.get("/companies", headers=tenant("beta")).json()
    assert [c["name"] for c in alpha] == ["Acme", "Globex"]
    assert [c["name"] for c in beta] == ["Initech"]
    assert http.get("/workspace", headers=tenant("beta")).json()["name"] == "Beta"
    beta_writes = emu.journal.count(
        "POST", "/v2/objects/companies/records", workspace_id=workspaces["beta"].id
    )
    assert beta_writes == 2  # 1 create + 1 query: alpha's requests never reached beta


def test_one_client_per_tenant_for_the_life_of_the_app(http: TestClient) -> None:
    for _ in range(3):
        http.get("/companies", headers=tenant("alpha"))
        http.get("/companies", headers=tenant("beta"))
    assert len(http.made) == 2  # type: ignore[attr-defined]


def test_concurrent_requests_of_two_tenants(http: TestClient, workspaces: dict[str, Any]) -> None:
    def create(job: tuple[str, int]) -> str:
        name, n = job
        response = http.post("/companies", json={"name": f"{name}-{n}"}, headers=tenant(name))
        assert response.status_code == 201
        return str(response.json()["workspace_id"])

    jobs = [(name, n) for n in range(4) for name in ("alpha", "beta")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(create, jobs))
    assert seen == [workspaces[name].id for name, _ in jobs]
    for name in ("alpha", "beta"):
        rows = http.get("/companies", headers=tenant(name)).json()
        assert [r["name"] for r in rows] == [f"{name}-{n}" for n in range(4)]


def test_unknown_tenant_is_404_and_missing_header_is_422(http: TestClient) -> None:
    assert http.get("/companies", headers=tenant("gamma")).status_code == 404
    assert http.get("/companies").status_code == 422
