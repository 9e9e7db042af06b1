"""The async twins on an ``AsyncAttioClient`` (emulator): iteration, get, first, count,
exists, in_bulk, prefetch, afetch, and the errors that keep sync and async apart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import particle_orm.query as q
from particle_orm.emulator import Emulator
from particle_orm.models import NotLoadedError
from particle_orm.standard import Company, Person
from tests.query._models import Sale


@pytest.fixture
async def aworld(emu: Emulator, world: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    """The same world, read through an async client bound for the test."""
    client = emu.async_client(rate_limits=None)
    with q.use_binding(client):
        yield world
    await client.aclose()


async def test_async_iteration_and_terminals(aworld: dict[str, Any], emu: Emulator) -> None:
    names = [p.name.first_name async for p in Person.objects.order_by("name__first_name")]
    assert names == ["Ann", "Jane", "Joe", "John"]
    john = await Person.objects.aget(email_addresses="john@acme.com")
    assert john.id.record_id == aworld["john"]
    with pytest.raises(Person.DoesNotExist):
        await Person.objects.aget(email_addresses="x@y.com")
    with pytest.raises(Person.MultipleObjectsReturned):
        await Person.objects.filter(name__isnull=False).aget()
    first = await Person.objects.order_by("-name__last_name").afirst()
    assert first is not None and first.name.last_name == "Smith"
    assert await Person.objects.filter(name="nobody").afirst() is None
    assert await Person.objects.acount() == 4
    assert await Person.objects.aexists()
    assert not await Person.objects.filter(name="nobody").aexists()
    bulk = await Person.objects.ain_bulk([aworld["jane"], aworld["joe"]])
    assert sorted(bulk) == sorted([aworld["jane"], aworld["joe"]])
    assert len(await Person.objects.ain_bulk()) == 4
    assert len(await Company.objects.alist()) == 3
    assert [v async for v in Person.objects.values_list("pk", flat=True)[:1]] == [aworld["john"]]


async def test_async_get_by_pk_is_one_get(aworld: dict[str, Any], emu: Emulator) -> None:
    emu.journal.clear()
    company = await Company.objects.aget(pk=aworld["acme"])
    assert company.name == "Acme Ltd"
    assert [e.method for e in emu.journal] == ["GET"]
    with pytest.raises(Company.DoesNotExist):
        await Company.objects.aget(pk="00000000-0000-4000-8000-000000000000")


async def test_async_paging_and_prefetch(aworld: dict[str, Any], emu: Emulator) -> None:
    emu.journal.clear()
    rows = [p async for p in Person.objects.page_size(3).prefetch_related("company")]
    assert sorted(p.company.name for p in rows if p.company is not None) == [
        "Acme Ltd",
        "Apple Inc",
        "Zeta",
    ]
    paths = [e.path for e in emu.journal]
    # 2 pages of people (3 + 1); the first page's companies in one batch, and none
    # for the second page (Ann has no company).
    assert paths.count("/v2/objects/people/records/query") == 2
    assert paths.count("/v2/objects/companies/records/query") == 1


async def test_async_get_by_pk_applies_prefetch(aworld: dict[str, Any]) -> None:
    person = await Person.objects.prefetch_related("company").aget(pk=aworld["jane"])
    assert person.company.name == "Apple Inc"


async def test_async_deferred_access_needs_afetch(aworld: dict[str, Any]) -> None:
    person = await Person.objects.aget(pk=aworld["jane"])
    with pytest.raises(NotLoadedError, match="afetch"):
        _ = person.company.name
    company = await person.company.afetch()
    assert company is person.company and company.name == "Apple Inc"
    with pytest.raises(NotLoadedError, match="afetch"):
        company.fetch()


async def test_async_entries(aworld: dict[str, Any]) -> None:
    acme = await Company.objects.aget(pk=aworld["acme"])
    got = {e.id.entry_id async for e in acme.entries(Sale)}
    assert got == {aworld["s_acme_won"], aworld["s_acme_lead"]}
    sale = await Sale.objects.filter(stage="Lost").aget()
    assert sale.amount == 10.0


async def test_breaking_out_early_stops_paging(aworld: dict[str, Any], emu: Emulator) -> None:
    emu.journal.clear()
    async for _ in Person.objects.page_size(1):
        break
    # The first page, plus at most the one page fetched ahead.
    assert 1 <= emu.journal.count("POST") <= 2


async def test_sync_api_on_async_client_is_refused(aworld: dict[str, Any]) -> None:
    with pytest.raises(q.WrongClientKind, match="async for"):
        list(Person.objects.all())
    with pytest.raises(q.WrongClientKind, match="async"):
        Person.objects.count()


def test_async_api_on_sync_client_is_refused(world: dict[str, Any]) -> None:
    import asyncio

    with pytest.raises(q.WrongClientKind, match="sync"):
        asyncio.run(Person.objects.acount())
