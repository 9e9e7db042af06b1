"""introspect(): what the snapshot holds, what it costs in requests, and its async twin."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.schema import (
    AttributeInfo,
    ListInfo,
    ObjectInfo,
    UnknownSchemaEntity,
    WorkspaceSchema,
    aintrospect,
    introspect,
)
from tests.schema.conftest import UNLIMITED


def test_seeded_workspace_objects_and_attribute_flags(client: AttioClient) -> None:
    schema = introspect(client)
    assert [o.slug for o in schema.objects] == [
        "people",
        "companies",
        "deals",
        "users",
        "workspaces",
    ]
    people = schema.get_object("people")
    assert people is not None and people.singular_noun == "Person"
    emails = people.attribute("email_addresses")
    assert emails is not None
    assert (emails.type, emails.is_multiselect, emails.is_unique, emails.read_only) == (
        "email-address",
        True,
        True,
        False,
    )
    record_id = people.attribute("record_id")
    assert record_id is not None and record_id.read_only and record_id.is_system
    company = people.attribute("company")
    assert company is not None and company.target_objects == ("companies",)
    # Lookup by id finds the same attribute.
    assert people.attribute(company.id) == company
    assert schema.get_object(people.id) is people


def test_options_and_statuses_are_fetched(client: AttioClient) -> None:
    schema = introspect(client)
    deals = schema.get_object("deals")
    assert deals is not None
    stage = deals.attribute("stage")
    assert stage is not None and stage.statuses is not None
    assert stage.active_titles == ("Lead", "In Progress", "Won 🎉", "Lost")
    assert [s.celebration_enabled for s in stage.statuses] == [False, False, True, False]
    companies = schema.get_object("companies")
    assert companies is not None
    categories = companies.attribute("categories")
    assert categories is not None and "SaaS" in categories.active_titles
    name = companies.attribute("name")
    assert name is not None and name.options is None and name.statuses is None


def test_archived_entities_are_kept_and_flagged(client: AttioClient) -> None:
    client.update_select_option("objects", "companies", "categories", "B2C", {"is_archived": True})
    client.create_attribute(
        "objects",
        "companies",
        {
            "title": "Old",
            "api_slug": "old",
            "type": "text",
            "description": None,
            "is_required": False,
            "is_unique": False,
            "is_multiselect": False,
            "config": {},
        },
    )
    client.update_attribute("objects", "companies", "old", {"is_archived": True})
    companies = introspect(client).get_object("companies")
    assert companies is not None
    categories = companies.attribute("categories")
    assert categories is not None
    assert "B2C" not in categories.active_titles
    assert any(o.title == "B2C" and o.is_archived for o in categories.choices)
    old = companies.attribute("old")
    assert old is not None and old.is_archived


def test_custom_object_and_list(custom: AttioClient) -> None:
    schema = introspect(custom)
    projects = schema.get_object("projects")
    sales = schema.get_list("sales")
    assert isinstance(projects, ObjectInfo) and isinstance(sales, ListInfo)
    assert sales.parent_objects == ("companies",)
    assert sales.target == "lists" and projects.target == "objects"
    budget = projects.attribute("budget")
    assert budget is not None and budget.currency_code == "EUR"
    sponsors = projects.attribute("sponsors")
    assert sponsors is not None and sponsors.target_objects == ("companies",)
    stage = sales.attribute("stage")
    assert stage is not None and stage.active_titles[2] == "Won 🎉"
    assert [a.slug for a in sales.attributes][:3] == ["entry_id", "created_at", "created_by"]


def test_request_cost_of_a_full_introspection(emu: Emulator, client: AttioClient) -> None:
    """1 objects + 1 lists listing, 1 attributes listing per object, 1 per select/status."""
    before = len(emu.journal)
    schema = introspect(client)
    sent = emu.journal.entries[before:]
    n_choice_attrs = sum(
        1 for o in schema.objects for a in o.attributes if a.type in ("select", "status")
    )
    assert n_choice_attrs == 6  # 5 selects + deals.stage
    assert len(sent) == 2 + len(schema.objects) + n_choice_attrs == schema.requests == 13
    assert {e.method for e in sent} == {"GET"}


def test_narrowed_introspection_costs_less(emu: Emulator, client: AttioClient) -> None:
    before = len(emu.journal)
    schema = introspect(client, objects=["deals"], lists=[], options=False)
    assert [o.slug for o in schema.objects] == ["deals"] and schema.lists == ()
    # objects listing + deals attributes; no lists listing, no statuses listing.
    assert len(emu.journal) - before == schema.requests == 2
    stage = schema.objects[0].attribute("stage")
    assert stage is not None and stage.statuses is None
    # Every object's slug is still known (reference targets resolve).
    assert set(schema.object_slugs.values()) >= {"people", "companies", "deals"}


def test_unknown_object_raises_before_listing_attributes(
    emu: Emulator, client: AttioClient
) -> None:
    before = len(emu.journal)
    with pytest.raises(UnknownSchemaEntity, match=r"no object 'projcts'.*people") as info:
        introspect(client, objects=["projcts"])
    assert info.value.key == "projcts" and isinstance(info.value, LookupError)
    assert not any("/attributes" in e.path for e in emu.journal.entries[before:])


def test_unknown_list_raises(custom: AttioClient) -> None:
    with pytest.raises(UnknownSchemaEntity, match=r"no list 'sale'.*sales"):
        introspect(custom, lists=["sale"])


def test_snapshot_round_trips_through_json(custom: AttioClient) -> None:
    schema = introspect(custom)
    text = json.dumps(schema.to_dict(), ensure_ascii=False)
    again = WorkspaceSchema.from_dict(json.loads(text))
    assert again == schema
    assert again.get_list("sales") == schema.get_list("sales")


def test_snapshot_equality_ignores_request_count() -> None:
    a = WorkspaceSchema("w", (), ())
    assert replace(a, requests=5) == a


def test_attribute_lookup_prefers_active_over_archived() -> None:
    old = AttributeInfo("a1", "tier", "Tier", "text", is_archived=True)
    new = AttributeInfo("a2", "tier", "Tier", "select")
    obj = ObjectInfo("o", "things", (old, new))
    assert obj.attribute("tier") is new
    assert obj.attribute("a1") is old


async def test_async_twin_reads_the_same_snapshot(emu: Emulator, custom: AttioClient) -> None:
    async with emu.async_client(rate_limits=UNLIMITED) as aclient:
        got = await aintrospect(aclient)
    assert got == introspect(custom)
    assert got.requests == introspect(custom).requests
