"""QuerySet.update / delete (and their async twins) on the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm import AsyncSession, Session
from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.errors import InvalidValue, QueryError, ReadOnlyFieldError
from particle_orm.session import CommitError, Outcome
from particle_orm.standard import Company, Person


@pytest.fixture
def people(client: AttioClient, emu: Emulator) -> list[str]:
    ids = []
    for i in range(7):
        values = {"name": f"P{i}, Ann", "email_addresses": [f"p{i}@acme.com"], "job_title": "Dev"}
        ids.append(client.create_record("people", values)["id"]["record_id"])
    client.create_record("people", {"name": "Other, Bob", "job_title": "CEO"})
    emu.journal.clear()
    return ids


def _titles(client: AttioClient) -> dict[str, int]:
    out: dict[str, int] = {}
    for record in client.query_records("people"):
        title = record["values"]["job_title"][0]["value"]
        out[title] = out.get(title, 0) + 1
    return out


def test_update_writes_every_match_even_when_it_stops_matching(
    client: AttioClient, emu: Emulator, people: list[str]
) -> None:
    # Pages of 2: were rows written while paging, offsets would skip half of them.
    qs = Person.objects.using(client).filter(job_title="Dev").page_size(2)
    assert qs.update(job_title="Engineer") == 7
    methods = [e.method for e in emu.journal]
    assert methods == ["POST"] * 4 + ["PATCH"] * 7  # 4 query pages, then the writes
    assert _titles(client) == {"Engineer": 7, "CEO": 1}


def test_update_checks_everything_before_any_request(
    client: AttioClient, emu: Emulator, people: list[str]
) -> None:
    qs = Person.objects.using(client).filter(job_title="Dev")
    with pytest.raises(QueryError, match="did you mean 'job_title'"):
        qs.update(job_titel="x")
    with pytest.raises(InvalidValue, match=r"Person\.email_addresses"):
        qs.update(email_addresses=["not an email"])
    with pytest.raises(ReadOnlyFieldError):
        qs.update(avatar_url="https://x")
    with pytest.raises(QueryError, match="at least one field"):
        qs.update()
    with pytest.raises(QueryError, match="cannot update once a slice"):
        qs[:2].update(job_title="x")
    with pytest.raises(QueryError, match="cannot delete once a slice"):
        qs[:2].delete()
    assert list(emu.journal) == []


def test_delete(client: AttioClient, emu: Emulator, people: list[str]) -> None:
    assert Person.objects.using(client).filter(job_title="Dev").delete() == 7
    assert _titles(client) == {"CEO": 1}
    assert Person.objects.using(client).filter(job_title="Dev").delete() == 0


def test_a_failed_row_is_reported_and_the_rest_applied(
    client: AttioClient, emu: Emulator, people: list[str]
) -> None:
    emu.faults.server_error(
        400, method="PATCH", path_prefix=f"/v2/objects/people/records/{people[3]}"
    )
    with pytest.raises(CommitError) as info:
        Person.objects.using(client).filter(job_title="Dev").update(job_title="Engineer")
    outcomes = [r.outcome for r in info.value.results]
    assert outcomes.count(Outcome.APPLIED) == 6 and outcomes.count(Outcome.FAILED) == 1
    assert info.value.failed[0].obj.record_id == people[3]
    assert _titles(client) == {"Engineer": 6, "Dev": 1, "CEO": 1}


def test_the_callers_session_is_left_alone(
    client: AttioClient, emu: Emulator, people: list[str]
) -> None:
    with Session(client) as session:
        held = Person.objects.get(pk=people[0])
        company = Company(name="Pending Co")
        session.add(company)
        assert Person.objects.filter(job_title="Dev").update(job_title="Engineer") == 7
        assert held.job_title == "Dev"  # not refreshed, as in Django
        assert session.new == [company] and company.record_id is None  # not committed
    assert _titles(client)["Engineer"] == 7


async def test_aupdate_and_adelete(emu: Emulator, people: list[str]) -> None:
    async with emu.async_client(rate_limits=None) as aclient:
        qs = Person.objects.using(aclient).filter(job_title="Dev")
        assert await qs.aupdate(job_title="Engineer") == 7
        assert await Person.objects.using(aclient).filter(job_title="Engineer").acount() == 7
        async with AsyncSession(aclient):
            assert await Person.objects.filter(job_title="Engineer").adelete() == 7
        assert await Person.objects.using(aclient).acount() == 1


def test_update_of_an_empty_match_sends_only_the_query(
    client: AttioClient, emu: Emulator, people: list[Any]
) -> None:
    assert Person.objects.using(client).filter(job_title="Nobody").update(job_title="x") == 0
    assert [e.method for e in emu.journal] == ["POST"]


def test_update_and_delete_list_entries(client: AttioClient, emu: Emulator) -> None:
    from tests.session._models import Pipeline

    for i in range(3):
        rid = client.create_record("companies", {"name": f"C{i}"})["id"]["record_id"]
        client.create_entry("pipeline", "companies", rid, {"note": "todo"})
    emu.journal.clear()
    entries = Pipeline.objects.using(client)
    assert entries.filter(note="todo").update(note="done") == 3
    assert [e.method for e in emu.journal].count("PATCH") == 3
    assert {e.note for e in entries.all()} == {"done"}
    assert entries.filter(note="done").delete() == 3
    assert entries.count() == 0
    assert len(client.query_records("companies")) == 3  # the parents stay


def test_updating_a_many_field_replaces_its_values(client: AttioClient, emu: Emulator) -> None:
    for i, cats in enumerate((["B2B"], ["B2B", "SaaS"])):
        client.create_record("companies", {"name": f"C{i}", "categories": cats})
    emu.journal.clear()
    assert Company.objects.using(client).all().update(categories=["Fintech"]) == 2
    assert [e.method for e in emu.journal] == ["POST", "PUT", "PUT"]  # a set, not an append
    titles = [
        [v["option"]["title"] for v in r["values"]["categories"]]
        for r in client.query_records("companies")
    ]
    assert titles == [["Fintech"], ["Fintech"]]
