"""AsyncSession mirrors the Session acceptance tests (issue 6)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from particle_orm.client import AsyncAttioClient, ValueNotFoundError
from particle_orm.emulator import Emulator
from particle_orm.query._binding import current_binding
from particle_orm.session import AsyncSession, CommitError, OpKind, Progress
from particle_orm.standard import Company, Person
from tests.session._models import Pipeline
from tests.session.conftest import calls, writes

BOGUS = "00000000-0000-4000-8000-000000000000"


async def _count(client: AsyncAttioClient, object: str) -> int:
    return len(await client.query_records(object))


async def test_three_field_changes_on_one_record_are_one_call(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    data = await aclient.create_record("companies", {"name": [{"value": "Acme"}]})
    async with AsyncSession(aclient) as session:
        acme = session.load(Company, data)
        emu.journal.clear()
        acme.name = "Acme Inc"
        acme.description = "Rockets"
        acme.linkedin = "acme-inc"
        await session.commit()
    assert calls(emu) == [("PATCH", f"/v2/objects/companies/records/{acme.record_id}")]
    assert not acme.is_dirty


class _Gather(httpx.AsyncBaseTransport):
    """Holds matching requests until ``parties`` are in flight (fails if sent serially)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, prefixes: tuple[str, ...], parties: int):
        self.inner = inner
        self.prefixes = prefixes
        self.parties = parties
        self.arrived = 0
        self.all_here = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(self.prefixes) and request.method == "POST":
            self.arrived += 1
            if self.arrived >= self.parties:
                self.all_here.set()
            await asyncio.wait_for(self.all_here.wait(), timeout=10)
        return await self.inner.handle_async_request(request)


async def test_company_people_and_entries_company_first_then_concurrently(
    emu: Emulator,
) -> None:
    transport = _Gather(emu.async_transport(), ("/v2/objects/people", "/v2/lists/"), 4)
    async with (
        AsyncAttioClient(emu.token, transport=transport, rate_limits=None) as client,
        AsyncSession(client, max_workers=8) as session,
    ):
        acme = Company(name="Acme", domains=["acme.com"])
        session.add_all([Person(name="Ada", company=acme), Person(name="Grace", company=acme)])
        session.add_all([Pipeline(parent=acme), Pipeline(parent=acme, note="2")])
        assert [len(layer) for layer in session.plan().layers] == [1, 4]
        result = await session.commit()
    sent = calls(emu)
    assert result.calls == len(sent) == 5
    assert sent[0] == ("PUT", "/v2/objects/companies/records")
    assert transport.arrived == 4


async def test_reference_cycle_is_creates_plus_one_patch(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    async with AsyncSession(aclient) as session:
        ada = Person(name="Ada")
        acme = Company(name="Acme", team=[ada])
        ada.company = acme
        session.add(acme)
        assert [op.kind for op in session.plan()] == [OpKind.CREATE, OpKind.CREATE, OpKind.LINK]
        await session.commit()
    assert [m for m, _ in calls(emu)] == ["POST", "POST", "PATCH"]
    stored = await aclient.get_record("companies", acme.record_id)
    assert [v["target_record_id"] for v in stored["values"]["team"]] == [ada.record_id]


async def test_a_400_on_one_of_20_creates_then_recommit(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    async with AsyncSession(aclient) as session:
        people = [Person(name=f"P{i}", email_addresses=[f"p{i}@x.com"]) for i in range(20)]
        bad = people[3]
        bad.company = Company.deferred(BOGUS)
        entry = Pipeline(parent=Company(name="Team", team=[bad]))
        session.add_all([*people, entry])
        with pytest.raises(CommitError) as caught:
            await session.commit()
        err = caught.value
        assert len(err.applied) == 19 and len(err.not_attempted) == 2
        assert isinstance(err.failed[0].error, ValueNotFoundError)
        assert len(writes(emu)) == 20
        emu.journal.clear()
        bad.company = None
        result = await session.commit()
    assert result.calls == 3 and len(writes(emu)) == 3
    assert await _count(aclient, "people") == 20
    assert entry.entry_id is not None


async def test_lost_post_response_with_matching_attribute_does_not_duplicate(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    emu.faults.drop_response(method="POST", path_prefix="/v2/objects/people")
    async with AsyncSession(aclient) as session:
        ada = Person(email_addresses=["ada@example.com"])
        session.add(ada, upsert=False)
        await session.commit()
    assert [m for m, _ in calls(emu)] == ["POST", "PUT"]
    assert await _count(aclient, "people") == 1
    assert ada.record_id is not None


async def test_lost_assert_response_is_retried_without_duplicate(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    emu.faults.drop_response(method="PUT", path_prefix="/v2/objects/people")
    async with AsyncSession(aclient) as session:
        session.add(Person(email_addresses=["ada@example.com"]))
        await session.commit()
    assert await _count(aclient, "people") == 1


async def test_lost_response_without_matching_attribute_is_ambiguous(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    emu.faults.drop_response(method="POST", path_prefix="/v2/objects/companies")
    async with AsyncSession(aclient) as session:
        acme = Company(name="Acme")
        session.add(acme)
        with pytest.raises(CommitError) as caught:
            await session.commit()
        assert [r.obj for r in caught.value.ambiguous] == [acme]
        emu.journal.clear()
        await session.commit()
        assert calls(emu) == []
        created = (await aclient.query_records("companies"))[0]["id"]["record_id"]
        await session.resolve_ambiguous(acme, record_id=created)
        assert acme.record_id == created
    assert await _count(aclient, "companies") == 1


async def test_progress_binding_and_conveniences(aclient: AsyncAttioClient, emu: Emulator) -> None:
    seen: list[Progress] = []
    async with AsyncSession(aclient, progress=seen.append) as session:
        assert current_binding.get() is session
        made = await session.bulk_create([Company(name=f"C{i}") for i in range(3)])
        assert [p.done for p in seen] == [1, 2, 3]
        assert all(c.record_id for c in made)
        ada, created = await session.get_or_create(Person, email_addresses="ada@example.com")
        again, created_again = await session.update_or_create(
            Person, email_addresses="ada@example.com", defaults={"job_title": "CTO"}
        )
        assert created and not created_again and again is ada
        await session.refresh(ada)
        assert ada.job_title == "CTO"
        plan = await session.commit(dry_run=True)
        assert len(plan) == 0
    assert current_binding.get() is None
    assert await _count(aclient, "people") == 1


async def test_appending_patches_are_settled_by_rereading(
    aclient: AsyncAttioClient, emu: Emulator
) -> None:
    async with AsyncSession(aclient) as session:
        acme = Company(name="Acme", domains=["acme.com"], categories=["B2B"])
        session.add(acme)
        await session.commit()
        emu.journal.clear()
        emu.faults.drop_response(method="PATCH", path_prefix="/v2/objects/companies")
        acme.categories.append("SaaS")
        await session.commit()
        emu.faults.server_error(500, method="PATCH", path_prefix="/v2/objects/companies")
        acme.categories.append("B2C")
        await session.commit()
    assert [(e.method, e.status) for e in emu.journal] == [
        ("PATCH", 200),  # applied, response lost
        ("GET", 200),  # re-read: there, so done
        ("PATCH", 500),  # not applied
        ("GET", 200),  # re-read: missing
        ("PATCH", 200),  # sent again
    ]
    record = await aclient.get_record("companies", str(acme.record_id))
    assert [v["option"]["title"] for v in record["values"]["categories"]] == [
        "B2B",
        "SaaS",
        "B2C",
    ]
