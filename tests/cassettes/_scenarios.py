"""The cassette scenarios: real client calls whose wire format the replay suite pins.

Each scenario talks to Attio only through the client it is given, builds every request
body from the models (so the codecs are pinned too) and checks what it gets back. The
same functions run when recording (against the emulator served over HTTP, or a real
workspace) and when replaying (vcrpy, network blocked). Request bodies depend only on
earlier responses, never on the clock or randomness, so a replay matches its recording.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from particle_orm.client import (
    AsyncAttioClient,
    AttioClient,
    FilterError,
    NotFoundError,
    UniquenessConflictError,
    ValidationError,
)
from particle_orm.standard import Company, Person

__all__ = ["ASYNC_SCENARIOS", "SCENARIOS"]

# Attio answers 404 for a well-formed id that does not exist.
MISSING_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
DOMAIN = "cassette-acme.example"


def _record_id(data: dict[str, Any]) -> str:
    rid: str = data["id"]["record_id"]
    return rid


def records_lifecycle(client: AttioClient) -> None:
    """create -> query -> update -> history -> delete, for a company and a person."""
    company = Company.from_api(
        client.assert_record(
            "companies",
            "domains",
            Company(name="Cassette Acme", domains=[DOMAIN]).to_api_values(),
        )
    )
    assert company.name == "Cassette Acme"
    assert [d.root_domain for d in company.domains] == [DOMAIN]

    draft = Person(
        name="Lovelace, Ada",
        email_addresses=[f"ada@{DOMAIN}"],
        job_title="Analyst",
        company=company,
    )
    ada = Person.from_api(client.create_record("people", draft.to_api_values()))
    assert ada.name is not None and ada.name.full_name == "Ada Lovelace"
    assert ada.company is not None and ada.company.record_id == company.record_id

    found = client.query_records("people", filter={"email_addresses": f"ada@{DOMAIN}"})
    assert [_record_id(r) for r in found] == [ada.record_id]
    found = client.query_records(
        "people",
        filter={
            "$and": [{"job_title": {"$contains": "analy"}}, {"name": {"last_name": "Lovelace"}}]
        },
        sorts=[{"direction": "asc", "attribute": "name", "field": "last_name"}],
        limit=10,
    )
    assert [_record_id(r) for r in found] == [ada.record_id]

    assert ada.record_id is not None
    ada.job_title = "Engineer"
    ada.email_addresses.append(f"countess@{DOMAIN}")
    patched = Person.from_api(
        client.patch_record("people", ada.record_id, ada.to_api_values(append=True))
    )
    assert patched.job_title == "Engineer"
    assert sorted(e.email_address for e in patched.email_addresses) == [
        f"ada@{DOMAIN}",
        f"countess@{DOMAIN}",
    ]
    replaced = Person.from_api(
        client.put_record(
            "people", ada.record_id, Person(email_addresses=[f"ada@{DOMAIN}"]).to_api_values()
        )
    )
    assert [e.email_address for e in replaced.email_addresses] == [f"ada@{DOMAIN}"]

    history = client.list_record_attribute_values(
        "people", ada.record_id, "job_title", show_historic=True
    )
    assert [v["value"] for v in history] == ["Analyst", "Engineer"]
    assert Person.from_api(client.get_record("people", ada.record_id)).job_title == "Engineer"

    client.delete_record("people", ada.record_id)
    with pytest.raises(NotFoundError):
        client.get_record("people", ada.record_id)
    assert company.record_id is not None
    client.delete_record("companies", company.record_id)


def records_paging(client: AttioClient) -> None:
    """Filtered, sorted queries with limit/offset, and page-by-page iteration."""
    names = [f"Cassette Page {i}" for i in range(5)]
    ids = [
        _record_id(
            client.create_record(
                "companies",
                Company(name=name, domains=[f"page-{i}.{DOMAIN}"]).to_api_values(),
            )
        )
        for i, name in enumerate(names)
    ]
    by_name = [{"direction": "asc", "attribute": "name"}]
    prefix = {"name": {"$starts_with": "Cassette Page"}}

    seen = [
        Company.from_api(r).name
        for r in client.iter_records("companies", filter=prefix, sorts=by_name, page_size=2)
    ]
    assert seen == names

    page = client.query_records("companies", filter=prefix, sorts=by_name, limit=2, offset=2)
    assert [Company.from_api(r).name for r in page] == names[2:4]

    either = client.query_records(
        "companies",
        filter={"$or": [{"name": "Cassette Page 0"}, {"domains": f"page-4.{DOMAIN}"}]},
        sorts=[{"direction": "desc", "attribute": "name"}],
    )
    assert [Company.from_api(r).name for r in either] == [names[4], names[0]]

    negated = client.query_records(
        "companies", filter={"$and": [prefix, {"$not": {"name": "Cassette Page 1"}}]}
    )
    assert sorted(Company.from_api(r).name or "" for r in negated) == [
        n for n in names if n != "Cassette Page 1"
    ]
    for rid in ids:
        client.delete_record("companies", rid)


LIST_SLUG = "cassette_pipeline"


def list_entries(client: AttioClient) -> None:
    """A list with a status attribute: entries created, queried, updated, deleted."""
    try:
        client.get_list(LIST_SLUG)
    except NotFoundError:
        client.create_list(
            {
                "name": "Cassette pipeline",
                "api_slug": LIST_SLUG,
                "parent_object": "companies",
                "workspace_access": "full-access",
                "workspace_member_access": [],
            }
        )
        client.create_attribute(
            "lists",
            LIST_SLUG,
            {
                "title": "Stage",
                "description": "Where the deal is",
                "api_slug": "stage",
                "type": "status",
                "is_required": False,
                "is_unique": False,
                "is_multiselect": False,
                "config": {},
            },
        )
        for title in ("Prospect", "Won"):
            client.create_status("lists", LIST_SLUG, "stage", title)
    statuses = [s["title"] for s in client.list_statuses("lists", LIST_SLUG, "stage")]
    assert {"Prospect", "Won"} <= set(statuses)

    company = client.create_record(
        "companies",
        Company(name="Cassette Pipeline Co", domains=[f"pipe.{DOMAIN}"]).to_api_values(),
    )
    company_id = _record_id(company)
    entry = client.create_entry(LIST_SLUG, "companies", company_id, {"stage": "Prospect"})
    entry_id: str = entry["id"]["entry_id"]
    assert entry["parent_record_id"] == company_id
    assert entry["entry_values"]["stage"][0]["status"]["title"] == "Prospect"

    prospects = client.query_entries(LIST_SLUG, filter={"stage": "Prospect"})
    assert [e["id"]["entry_id"] for e in prospects] == [entry_id]

    updated = client.patch_entry(LIST_SLUG, entry_id, {"stage": "Won"})
    assert updated["entry_values"]["stage"][0]["status"]["title"] == "Won"
    assert client.query_entries(LIST_SLUG, filter={"stage": "Prospect"}) == []
    assert client.get_entry(LIST_SLUG, entry_id)["id"]["entry_id"] == entry_id

    memberships = client.list_record_entries("companies", company_id)
    assert [m["entry_id"] for m in memberships] == [entry_id]
    stages = client.list_entry_attribute_values(LIST_SLUG, entry_id, "stage", show_historic=True)
    assert [v["status"]["title"] for v in stages] == ["Prospect", "Won"]

    client.delete_entry(LIST_SLUG, entry_id)
    with pytest.raises(NotFoundError):
        client.get_entry(LIST_SLUG, entry_id)
    client.delete_record("companies", company_id)


def errors(client: AttioClient) -> None:
    """Attio's error bodies as the client maps them."""
    with pytest.raises(NotFoundError):
        client.get_record("people", MISSING_ID)
    with pytest.raises(NotFoundError):
        client.get_object("cassette_no_such_object")
    with pytest.raises(ValidationError):
        client.create_record("people", {"email_addresses": [{"email_address": "not-an-email"}]})
    first = client.create_record(
        "companies", Company(name="Unique Co", domains=[f"unique.{DOMAIN}"]).to_api_values()
    )
    with pytest.raises(UniquenessConflictError):
        client.create_record(
            "companies", Company(name="Unique Co 2", domains=[f"unique.{DOMAIN}"]).to_api_values()
        )
    with pytest.raises(FilterError):
        client.query_records("companies", filter={"cassette_no_such_attribute": "x"})
    client.delete_record("companies", _record_id(first))


def workspace_schema(client: AttioClient) -> None:
    """The read-only schema endpoints an introspection starts from."""
    me = client.get_self()
    assert me["active"] is True
    slugs = {o["api_slug"] for o in client.list_objects()}
    assert {"people", "companies", "deals"} <= slugs
    assert client.get_object("people")["api_slug"] == "people"
    attributes = {a["api_slug"]: a["type"] for a in client.list_attributes("objects", "people")}
    assert attributes["email_addresses"] == "email-address"
    assert attributes["name"] == "personal-name"
    assert client.get_attribute("objects", "companies", "domains")["type"] == "domain"
    stages = [s["title"] for s in client.list_statuses("objects", "deals", "stage")]
    assert stages
    members = client.list_workspace_members()
    assert members
    first = members[0]["id"]["workspace_member_id"]
    assert client.get_workspace_member(first)["id"]["workspace_member_id"] == first
    assert isinstance(client.list_lists(), list)


def orm_unit_of_work(client: AttioClient) -> None:
    """The ORM on top: a session commit (asserts in dependency order), queries through the
    identity map, a coalesced PATCH, and deletes. One worker, so the order is fixed."""
    import particle_orm.query  # noqa: F401  (installs Model.objects)
    from particle_orm.session import Session

    with Session(client, max_workers=1) as session:
        acme = Company(name="ORM Acme", domains=[f"orm.{DOMAIN}"])
        ada = Person(
            name="Lovelace, Ada",
            email_addresses=[f"orm-ada@{DOMAIN}"],
            company=acme,
            job_title="Analyst",
        )
        session.add_all([acme, ada])
        session.commit()
        assert acme.record_id is not None and ada.record_id is not None

        by_company = Person.objects.filter(company__name="ORM Acme").order_by("name__last_name")
        assert list(by_company) == [ada]
        found = Person.objects.get(email_addresses=f"orm-ada@{DOMAIN}")
        assert found is ada  # the identity map hands back the same instance

        ada.job_title = "Engineer"
        ada.description = "Wrote the first program"
        session.commit()
        assert Company.objects.filter(name__startswith="ORM").count() == 1

        session.delete(ada)
        session.delete(acme)
        session.commit()
        assert not Person.objects.filter(email_addresses=f"orm-ada@{DOMAIN}").exists()


async def async_records(client: AsyncAttioClient) -> None:
    """The async client's wire format: create, query, update, delete."""
    grace = Person.from_api(
        await client.create_record(
            "people",
            Person(name="Hopper, Grace", email_addresses=[f"grace@{DOMAIN}"]).to_api_values(),
        )
    )
    assert grace.record_id is not None
    found = await client.query_records("people", filter={"email_addresses": f"grace@{DOMAIN}"})
    assert [_record_id(r) for r in found] == [grace.record_id]
    grace.job_title = "Rear Admiral"
    patched = Person.from_api(
        await client.patch_record("people", grace.record_id, grace.to_api_values())
    )
    assert patched.job_title == "Rear Admiral"
    pages = [r async for r in client.iter_records("people", page_size=1)]
    assert grace.record_id in {_record_id(r) for r in pages}
    await client.delete_record("people", grace.record_id)


SCENARIOS: dict[str, Callable[[AttioClient], None]] = {
    "records_lifecycle": records_lifecycle,
    "records_paging": records_paging,
    "list_entries": list_entries,
    "errors": errors,
    "workspace_schema": workspace_schema,
    "orm_unit_of_work": orm_unit_of_work,
}
ASYNC_SCENARIOS: dict[str, Callable[[AsyncAttioClient], Awaitable[None]]] = {
    "async_records": async_records,
}
