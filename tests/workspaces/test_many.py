"""Acceptance: many workspaces served concurrently from one process, with no cross-talk."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.client import AttioClient, RateLimits, VirtualClock
from particle_orm.emulator import Emulator
from particle_orm.emulator import RateLimits as EmulatorRateLimits
from particle_orm.errors import UnknownAttribute
from particle_orm.models import Model
from particle_orm.query import schema_cache
from particle_orm.session import AsyncSession, Session
from particle_orm.standard import Company
from tests.workspaces.conftest import TEXT

TENANTS = ("alpha", "beta")


class Account(Model):
    """One model class for every workspace; ``tier`` exists only in some of them."""

    class Meta:
        object = "companies"

    name: fields.Text = fields.Text()
    tier: fields.Text = fields.Text()


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=13)


@pytest.fixture
def tenants(emu: Emulator) -> dict[str, Any]:
    return {"alpha": emu.workspace, "beta": emu.create_workspace(name="Beta")}


def client_for(emu: Emulator, handle: Any, **options: Any) -> AttioClient:
    options.setdefault("rate_limits", None)
    options.setdefault("clock", VirtualClock())
    client: AttioClient = emu.client(token=handle.token, **options)
    return client


def handle_request(client: AttioClient, tenant: str, n: int) -> list[Any]:
    with Session(client) as session:
        session.add(Company(name=f"{tenant}-{n}"))
        session.commit()
        rows = list(Company.objects.all())
        assert all(r.id.workspace_id == session.workspace_id for r in rows)
        assert all(o.id.workspace_id == session.workspace_id for o in session.identity_map)
        return rows


def test_threads_serve_two_workspaces_without_cross_talk(
    emu: Emulator, tenants: dict[str, Any]
) -> None:
    clients = {t: client_for(emu, h) for t, h in tenants.items()}
    with ThreadPoolExecutor(max_workers=6) as pool:
        jobs = [pool.submit(handle_request, clients[t], t, i) for i in range(4) for t in TENANTS]
        for job in jobs:
            job.result()
    for tenant, handle in tenants.items():
        names = sorted(str(c.name) for c in Company.objects.using(clients[tenant]).all())
        assert names == [f"{tenant}-{i}" for i in range(4)]
        creates = emu.journal.count("POST", "/v2/objects/companies/records", workspace_id=handle.id)
        assert creates == 4 + 4 + 1  # 4 creates, 4 queries (POST …/query), the check above
    caches = {t: schema_cache(c) for t, c in clients.items()}
    assert caches["alpha"] is not caches["beta"]


async def test_asyncio_tasks_serve_two_workspaces_without_cross_talk(
    emu: Emulator, tenants: dict[str, Any]
) -> None:
    async def handle(client: Any, tenant: str, n: int) -> set[str]:
        async with AsyncSession(client) as session:
            session.add(Company(name=f"{tenant}-{n}"))
            await session.commit()
            rows = await Company.objects.alist()
            return {str(r.id.workspace_id) for r in rows}

    clients = {
        t: emu.async_client(token=h.token, rate_limits=None, clock=VirtualClock())
        for t, h in tenants.items()
    }
    seen = await asyncio.gather(*(handle(clients[t], t, i) for i in range(3) for t in TENANTS))
    assert all(len(s) == 1 for s in seen)
    for tenant, handle_ in tenants.items():
        rows = await Company.objects.using(clients[tenant]).alist()
        assert sorted(str(r.name) for r in rows) == [f"{tenant}-{i}" for i in range(3)]
        assert {r.id.workspace_id for r in rows} == {handle_.id}
    for c in clients.values():
        await c.aclose()


def test_a_commit_in_one_workspace_never_touches_the_other(
    emu: Emulator, tenants: dict[str, Any]
) -> None:
    alpha = client_for(emu, tenants["alpha"])
    with Session(alpha) as session:
        session.add(Company(name="only-alpha"))
        session.commit()
    beta_id = tenants["beta"].id
    assert [e for e in emu.journal if e.workspace_id == beta_id] == []


def test_each_workspace_keeps_within_its_own_rate_budget() -> None:
    # The emulator enforces 6 writes/s per workspace; each client paces itself to 5.
    emu = Emulator(
        seed=14, rate_limits=EmulatorRateLimits(reads_per_second=50, writes_per_second=6)
    )
    handles = {"alpha": emu.workspace, "beta": emu.create_workspace(name="Beta")}
    limits = RateLimits(reads_per_second=40, writes_per_second=5)
    clients = {t: emu.client(token=h.token, rate_limits=limits) for t, h in handles.items()}

    def burst(tenant: str) -> None:
        with Session(clients[tenant]) as session:
            session.add_all([Company(name=f"{tenant}-{i}") for i in range(7)])
            session.commit()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(burst, TENANTS))
    for handle in handles.values():
        assert emu.journal.count("POST", workspace_id=handle.id) == 7
        assert emu.journal.count(workspace_id=handle.id, status=429) == 0
    assert clients["alpha"].governor is not clients["beta"].governor


def test_a_custom_attribute_one_workspace_lacks(emu: Emulator, tenants: dict[str, Any]) -> None:
    alpha = client_for(emu, tenants["alpha"])
    beta = client_for(emu, tenants["beta"])
    alpha.create_attribute(
        "objects", "companies", {"title": "Tier", "api_slug": "tier", "type": "text", **TEXT}
    )
    for client in (alpha, beta):
        with Session(client) as session:
            session.add(Company(name="Acme"))
            session.commit()
    with Session(alpha) as session:
        (acme,) = Account.objects.all()
        acme.tier = "gold"
        session.commit()
    with Session(beta) as session:
        (acme,) = Account.objects.all()
        assert (acme.name, acme.tier) == ("Acme", None)  # absent here, no crash
        acme.tier = "gold"
        schema_cache(beta).preload(beta, [Account])
        mark = len(emu.journal)
        with pytest.raises(UnknownAttribute) as caught:
            session.commit()
        assert emu.journal.entries[mark:] == []
    assert caught.value.workspace_id == tenants["beta"].id
    assert "Account.tier" in str(caught.value)
    assert [a.tier for a in Account.objects.using(alpha).all()] == ["gold"]
