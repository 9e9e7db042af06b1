"""The WSGI example: one Session per request, on the emulator (httpx.WSGITransport)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from examples.wsgi_app import make_app
from particle_orm.client import VirtualClock
from particle_orm.emulator import Emulator


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=22)


@pytest.fixture
def http(emu: Emulator) -> Iterator[httpx.Client]:
    with emu.client(rate_limits=None, clock=VirtualClock()) as attio:
        transport = httpx.WSGITransport(app=make_app(attio))
        with httpx.Client(transport=transport, base_url="http://app") as client:
            yield client


def test_create_then_patch_then_read(http: httpx.Client, emu: Emulator) -> None:
    body = {"name": "Acme", "people": [{"name": "Ada", "email": "ada@acme.com"}]}
    created = http.post("/companies", json=body)
    assert created.status_code == 201 and created.json()["calls"] == 2
    company_id = created.json()["company"]["record_id"]
    emu.journal.clear()
    patched = http.patch(f"/companies/{company_id}", json={"name": "Acme Inc", "description": "x"})
    assert patched.status_code == 200 and patched.json()["calls"] == 1
    assert [e.method for e in emu.journal if e.method != "GET"] == ["PATCH"]
    assert http.get(f"/companies/{company_id}").json()["name"] == "Acme Inc"


def test_bad_requests(http: httpx.Client) -> None:
    assert http.post("/companies", json={"domains": []}).status_code == 400
    assert http.get("/nowhere").status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert http.get(f"/companies/{missing}").status_code == 404
    created = http.post("/companies", json={"name": "Acme"}).json()["company"]["record_id"]
    assert http.patch(f"/companies/{created}", json={"logo_url": "x"}).status_code == 400


def test_commit_error_is_a_502(http: httpx.Client, emu: Emulator) -> None:
    emu.faults.server_error(503, method="POST", path_prefix="/v2/objects/companies")
    response = http.post("/companies", json={"name": "Acme"})
    assert response.status_code == 502
    assert [op["outcome"] for op in response.json()["operations"]] == ["ambiguous"]
