"""The session as the query layer's binding: queries load through its identity map."""

from __future__ import annotations

import particle_orm.query  # noqa: F401  (installs Model.objects)
from particle_orm.client import AsyncAttioClient, AttioClient
from particle_orm.emulator import Emulator
from particle_orm.session import AsyncSession, Session
from particle_orm.standard import Company
from tests.session.conftest import calls


def test_query_returns_the_instances_of_the_identity_map(client: AttioClient) -> None:
    with Session(client) as session:
        acme = Company(name="Acme")
        session.add(acme)
        session.commit()
        (found,) = session.query(Company).filter(name="Acme")
        assert found is acme


def test_objects_uses_the_session_in_context_and_changes_are_tracked(
    client: AttioClient, emu: Emulator
) -> None:
    client.create_record("companies", {"name": [{"value": "Acme"}]})
    with Session(client) as session:
        (acme,) = Company.objects.filter(name="Acme")
        again = Company.objects.get(name="Acme")
        assert again is acme and acme in session
        emu.journal.clear()
        acme.description = "tracked"
        acme.linkedin = "acme"
        session.commit()
    assert calls(emu) == [("PATCH", f"/v2/objects/companies/records/{acme.record_id}")]


async def test_async_session_binding(aclient: AsyncAttioClient) -> None:
    await aclient.create_record("companies", {"name": [{"value": "Acme"}]})
    async with AsyncSession(aclient) as session:
        first = [c async for c in Company.objects.filter(name="Acme")]
        second = [c async for c in session.query(Company).all()]
        assert first == second and first[0] is second[0]
