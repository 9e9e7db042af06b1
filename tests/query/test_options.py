"""Unknown select option / status titles: Attio's bare 400 becomes ``UnknownOption``."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm import AsyncSession, Session
from particle_orm.client import FilterError, ValueNotFoundError
from particle_orm.emulator import Emulator
from particle_orm.errors import UnknownOption
from particle_orm.query._options import titles_in_filter
from particle_orm.session import CommitError
from particle_orm.standard import Company, Deal
from tests.query._models import Gadget, Sale


def test_titles_in_filter_walks_the_grammar() -> None:
    stage = Deal._meta.fields["stage"]
    flt = {
        "$and": [
            {"$or": [{"stage": "Lead"}, {"stage": {"$eq": "Won"}}]},
            {"$not": {"stage": {"status": {"$in": ["Lost", "Gone"]}}}},
            {"stage": {"active_from": {"$gt": "2024-01-01T00:00:00Z"}}},  # not a title
            {"name": "Lead Co"},  # another attribute
        ]
    }
    assert titles_in_filter(stage, flt) == ["Lead", "Won", "Lost", "Gone"]


def test_a_mistyped_status_in_a_filter(world: dict[str, Any], emu: Emulator) -> None:
    before = len(emu.journal)
    with pytest.raises(UnknownOption) as info:
        list(Sale.objects.filter(stage="Wonn 🎉"))
    error = info.value
    assert isinstance(error.__cause__, FilterError)
    assert error.code == "filter_error" and "Unknown status" in error.api_message
    assert (error.model, error.field, error.kind, error.titles) == (
        "Sale",
        "stage",
        "status",
        ["Wonn 🎉"],
    )
    assert "did you mean 'Won 🎉'?" in str(error)
    assert error.choices == ["Lead", "Won 🎉", "Lost"]
    assert len(emu.journal) - before == 2  # the refused query + one statuses listing


def test_one_bad_title_among_good_ones(world: dict[str, Any]) -> None:
    with pytest.raises(UnknownOption, match=r"Gadget.labels .*no option titled 'ecco'"):
        list(Gadget.objects.filter(labels__in=["new", "ecco"]))


def test_a_successful_query_lists_nothing(world: dict[str, Any], emu: Emulator) -> None:
    before = len(emu.journal)
    assert len(list(Sale.objects.filter(stage="Lead"))) >= 1
    assert len(emu.journal) - before == 1


def test_other_filter_errors_are_left_alone(world: dict[str, Any]) -> None:
    with pytest.raises(FilterError):
        list(Sale.objects.filter_raw({"amount": {"$regex": "x"}}))


def test_a_failed_listing_leaves_attios_error(
    world: dict[str, Any], client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("down")

    monkeypatch.setattr(client, "list_statuses", broken)
    with pytest.raises(FilterError):
        list(Sale.objects.filter(stage="Wonn"))


def test_an_archived_status_is_named_as_archived(world: dict[str, Any], client: Any) -> None:
    client.update_status("lists", "sales", "stage", "Lost", {"is_archived": True})
    with Session(client) as session:
        session.add(Sale(parent=Company.deferred(world["acme"]), stage="Lost"))
        with pytest.raises(CommitError) as info:
            session.commit()
    (result,) = info.value.failed
    error = result.error
    assert isinstance(error, UnknownOption)
    assert "the status 'Lost' is archived" in str(error)
    assert "Lost" not in error.choices and error.archived == ["Lost"]


def test_a_write_with_an_unknown_option_fails_with_a_suggestion(
    world: dict[str, Any], client: Any
) -> None:
    with Session(client) as session:
        company = Company(name="Typo Inc", categories=["B2B", "SAAS"])
        session.add(company)
        with pytest.raises(CommitError) as info:
            session.commit()
    (result,) = info.value.failed
    assert isinstance(result.error, UnknownOption)
    assert isinstance(result.error.__cause__, ValueNotFoundError)
    assert result.error.titles == ["SAAS"] and result.error.code == "value_not_found"
    assert "did you mean 'SaaS'?" in str(result.error)
    assert company in session.new  # nothing applied: still pending


async def test_async_query_and_write(world: dict[str, Any], emu: Emulator) -> None:
    async with emu.async_client(rate_limits=None) as aclient:
        with pytest.raises(UnknownOption, match="did you mean 'Lead'"):
            await Deal.objects.using(aclient).filter(stage="Leed").acount()
        async with AsyncSession(aclient) as session:
            owner = (await aclient.list_workspace_members())[0]["email_address"]
            session.add(Deal(name="D", stage="In Progres", owner=owner))
            with pytest.raises(CommitError) as info:
                await session.commit()
    (result,) = info.value.failed
    assert isinstance(result.error, UnknownOption)
    assert "did you mean 'In Progress'?" in str(result.error)


# ------------------------------------------------------------------ checked before sending


def _requests(emu: Emulator, since: int) -> list[tuple[str, str]]:
    return [(e.method, e.path.rsplit("/", 1)[-1]) for e in list(emu.journal)[since:]]


def test_preloaded_titles_are_checked_before_sending(
    world: dict[str, Any], client: Any, emu: Emulator
) -> None:
    from particle_orm.query import schema_cache

    made = schema_cache(client).preload(client, [Sale], options=True)
    assert made == 3  # the list's attributes, then stage's statuses and tags' options
    before = len(emu.journal)
    assert len(list(Sale.objects.filter(stage="Lead"))) >= 1  # known: just the query
    assert _requests(emu, before) == [("POST", "query")]
    before = len(emu.journal)
    with pytest.raises(UnknownOption, match="did you mean 'Won 🎉'") as info:
        list(Sale.objects.filter(stage="Wonn 🎉"))
    assert info.value.code is None and info.value.__cause__ is None  # nothing was sent...
    assert _requests(emu, before) == [("GET", "statuses")]  # ...but the titles re-listed


def test_a_title_added_since_the_listing_is_not_refused(
    world: dict[str, Any], client: Any, emu: Emulator
) -> None:
    from particle_orm.query import schema_cache

    schema_cache(client).preload(client, [Sale], options=True)
    client.create_status("lists", "sales", "stage", "Parked")
    before = len(emu.journal)
    assert list(Sale.objects.filter(stage="Parked")) == []
    assert _requests(emu, before) == [("GET", "statuses"), ("POST", "query")]
    before = len(emu.journal)
    assert list(Sale.objects.filter(stage="Parked")) == []  # the new listing is kept
    assert _requests(emu, before) == [("POST", "query")]


def test_an_explained_failure_warms_the_cache(
    world: dict[str, Any], client: Any, emu: Emulator
) -> None:
    with pytest.raises(UnknownOption):
        list(Sale.objects.filter(stage="Wonn"))
    before = len(emu.journal)
    with pytest.raises(UnknownOption):
        list(Sale.objects.filter(stage="Losst"))
    assert _requests(emu, before) == [("GET", "statuses")]  # no rejected query this time


def test_a_write_with_a_cached_unknown_title_is_not_sent(
    world: dict[str, Any], client: Any, emu: Emulator
) -> None:
    from particle_orm.query import schema_cache

    schema_cache(client).preload(client, [Company], options=True)
    before = len(emu.journal)
    with Session(client) as session:
        session.add(Company(name="Typo Inc", categories=["SAAS"]))
        with pytest.raises(CommitError) as info:
            session.commit()
    (result,) = info.value.failed
    assert isinstance(result.error, UnknownOption) and "did you mean 'SaaS'" in str(result.error)
    assert _requests(emu, before) == [("GET", "options")]  # no POST


async def test_async_precheck(world: dict[str, Any], emu: Emulator) -> None:
    from particle_orm.query import schema_cache

    async with emu.async_client(rate_limits=None) as aclient:
        assert await schema_cache(aclient).apreload(aclient, [Deal], options=True) == 2
        before = len(emu.journal)
        with pytest.raises(UnknownOption, match="did you mean 'Lead'"):
            await Deal.objects.using(aclient).filter(stage="Leed").acount()
        async with AsyncSession(aclient) as session:
            owner = (await aclient.list_workspace_members())[0]["email_address"]
            session.add(Deal(name="D", stage="Lossed", owner=owner))
            with pytest.raises(CommitError):
                await session.commit()
    assert all(method == "GET" for method, _ in _requests(emu, before))
