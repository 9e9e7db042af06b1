"""Fixtures: an emulator world (a custom ``gadgets`` object with one attribute per
writable type, a ``sales`` list, people and companies) and bindings to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

import particle_orm.query as q
from particle_orm.emulator import Emulator

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def _attr(slug: str, atype: str, *, multi: bool = False, config: Any = None) -> dict[str, Any]:
    return {
        "title": slug,
        "api_slug": slug,
        "type": atype,
        "description": None,
        "is_required": False,
        "is_unique": False,
        "is_multiselect": multi,
        "config": config or {},
    }


SCHEMA: dict[str, Any] = {
    "objects": [{"api_slug": "gadgets", "singular_noun": "Gadget", "plural_noun": "Gadgets"}],
    "lists": [
        {
            "name": "Sales",
            "api_slug": "sales",
            "parent_object": "companies",
            "workspace_access": "full-access",
            "workspace_member_access": [],
        }
    ],
    "attributes": {
        "objects/gadgets": [
            _attr("title", "text"),
            _attr("count", "number"),
            _attr("active", "checkbox"),
            _attr(
                "price",
                "currency",
                config={"currency": {"default_currency_code": "USD", "display_type": "symbol"}},
            ),
            _attr("launched", "date"),
            _attr("seen_at", "timestamp"),
            _attr("stars", "rating"),
            _attr("color", "select"),
            _attr("labels", "select", multi=True),
            _attr(
                "maker",
                "record-reference",
                config={"record_reference": {"allowed_objects": ["companies"]}},
            ),
            _attr("keeper", "actor-reference"),
            _attr("site", "location"),
        ],
        "lists/sales": [
            _attr("stage", "status"),
            _attr("tags", "select", multi=True),
            _attr("amount", "number"),
        ],
    },
    "options": {
        "objects/gadgets/attributes/color": ["Red", "Green", "Blue"],
        "objects/gadgets/attributes/labels": ["new", "sale", "eco"],
        "lists/sales/attributes/tags": ["hot", "cold"],
    },
    "statuses": {"lists/sales/attributes/stage": ["Lead", "Won 🎉", "Lost"]},
}


def location(locality: str, region: str, country: str, postcode: str) -> dict[str, Any]:
    """A full 10-key location input (Attio requires all keys)."""
    return {
        "line_1": f"1 {locality} Road",
        "line_2": None,
        "line_3": None,
        "line_4": None,
        "locality": locality,
        "region": region,
        "postcode": postcode,
        "country_code": country,
        "latitude": None,
        "longitude": None,
    }


@pytest.fixture
def emu() -> Emulator:
    """A fresh emulator with a clock frozen at T0 (advance it to space out timestamps)."""
    return Emulator(seed=7, clock=T0)


@pytest.fixture
def client(emu: Emulator) -> Iterator[Any]:
    """A sync client on the emulator, bound as the current binding for the test."""
    c = emu.client(rate_limits=None)
    with q.use_binding(c):
        yield c
    c.close()


@pytest.fixture
def world(emu: Emulator, client: Any) -> dict[str, Any]:
    """The schema plus a few companies, people, gadgets and sales entries."""
    emu.load_fixture(SCHEMA)
    members = client.list_workspace_members()
    ada = members[0]["id"]["workspace_member_id"]
    grace = members[1]["id"]["workspace_member_id"]
    ids: dict[str, Any] = {"ada": ada, "grace": grace}

    def company(name: str, domain: str, loc: dict[str, Any] | None = None) -> str:
        values: dict[str, Any] = {"name": name, "domains": [domain]}
        if loc is not None:
            values["primary_location"] = loc
        emu.clock.advance(60)
        rid: str = client.create_record("companies", values)["id"]["record_id"]
        return rid

    ids["acme"] = company("Acme Ltd", "acme.com", location("London", "England", "GB", "EC1A"))
    ids["apple"] = company("Apple Inc", "apple.com", location("Cupertino", "CA", "US", "95014"))
    ids["zeta"] = company("Zeta", "app.zeta.io")

    def person(last: str, first: str, email: str, company: str | None, **extra: Any) -> str:
        values: dict[str, Any] = {"name": f"{last}, {first}", "email_addresses": [email]}
        if company is not None:
            values["company"] = [{"target_object": "companies", "target_record_id": company}]
        values.update(extra)
        emu.clock.advance(60)
        rid: str = client.create_record("people", values)["id"]["record_id"]
        return rid

    ids["john"] = person(
        "Smith", "John", "john@acme.com", ids["acme"], phone_numbers=["+442071234567"]
    )
    ids["jane"] = person(
        "Doe", "Jane", "jane@apple.com", ids["apple"], phone_numbers=["+14155550100"]
    )
    ids["joe"] = person("Bloggs", "Joe", "joe@mail.zeta.io", ids["zeta"])
    ids["ann"] = person("Lee", "Ann", "ann@example.org", None)

    def gadget(title: str, **values: Any) -> str:
        emu.clock.advance(60)
        rid: str = client.create_record("gadgets", {"title": title, **values})["id"]["record_id"]
        return rid

    ids["g_alpha"] = gadget(
        "Alpha",
        count=1,
        active=True,
        price=9.99,
        launched="2019-03-01",
        seen_at="2024-01-01T10:00:00Z",
        stars=1,
        color="Red",
        labels=["new", "eco"],
        maker=[{"target_object": "companies", "target_record_id": ids["acme"]}],
        keeper=[{"referenced_actor_type": "workspace-member", "referenced_actor_id": ada}],
        site=location("London", "England", "GB", "EC1A"),
    )
    ids["g_beta"] = gadget(
        "Beta",
        count=5,
        active=False,
        price=100,
        launched="2020-06-15",
        seen_at="2024-02-01T10:00:00Z",
        stars=3,
        color="Green",
        labels=["sale"],
        maker=[{"target_object": "companies", "target_record_id": ids["apple"]}],
        keeper=[{"referenced_actor_type": "workspace-member", "referenced_actor_id": grace}],
        site=location("New York", "NY", "US", "10001"),
    )
    ids["g_gamma"] = gadget(
        "gamma ray",
        count=10,
        active=True,
        price=250.5,
        launched="2021-12-31",
        seen_at="2024-03-01T10:00:00Z",
        stars=5,
        color="Blue",
        labels=["eco"],
        maker=[{"target_object": "companies", "target_record_id": ids["acme"]}],
        site=location("Newark", "NJ", "US", "07102"),
    )
    ids["g_empty"] = gadget("Delta")

    def sale(company: str, stage: str, amount: float, tags: list[str]) -> str:
        emu.clock.advance(3600)
        entry = client.create_entry(
            "sales", "companies", company, {"stage": stage, "amount": amount, "tags": tags}
        )
        eid: str = entry["id"]["entry_id"]
        return eid

    ids["s_acme_won"] = sale(ids["acme"], "Won 🎉", 1000, ["hot"])
    ids["s_acme_lead"] = sale(ids["acme"], "Lead", 50, [])
    ids["s_apple_lost"] = sale(ids["apple"], "Lost", 10, ["cold"])
    ids["s_zeta_won"] = sale(ids["zeta"], "Won 🎉", 500, ["hot", "cold"])
    emu.journal.clear()
    return ids
