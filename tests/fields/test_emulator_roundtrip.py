"""Round trips through the emulator: encode → create → fetch → decode, every writable
type, single and many. The decoded value must equal what Attio's normalisation gives,
which our local validation predicts (lower-cased email parts, E.164 phones, parsed
names, UTC timestamps with nanoseconds, ...).

Two independent readings of the spec (our codecs, the emulator's normaliser) meet here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.emulator import Emulator
from particle_orm.models import ListEntry, Model
from particle_orm.standard import Company, Person
from particle_orm.values import (
    Actor,
    Email,
    Instant,
    Location,
    Money,
    PersonalName,
    PhoneNumber,
)


def attribute(slug: str, type_: str, *, many: bool = False, **config: Any) -> dict[str, Any]:
    return {
        "title": slug.replace("_", " ").title(),
        "description": None,
        "api_slug": slug,
        "type": type_,
        "is_required": False,
        "is_unique": False,
        "is_multiselect": many,
        "config": config,
    }


class Gadget(Model):
    class Meta:
        object = "gadgets"

    label: fields.Text = fields.Text()
    weight: fields.Number = fields.Number()
    active: fields.Checkbox = fields.Checkbox()
    price: fields.Currency = fields.Currency(currency="EUR")
    launched: fields.Date = fields.Date()
    seen_at: fields.Timestamp = fields.Timestamp()
    stars: fields.Rating = fields.Rating()
    tier: fields.Select[Any] = fields.Select()
    tags: fields.Select[Any] = fields.Select(many=True)
    maker: fields.Reference[Company | None] = fields.Reference(Company)
    buyers: fields.Reference[list[Person]] = fields.Reference(Person, many=True)
    owner: fields.ActorReference[Actor | None] = fields.ActorReference()
    site: fields.Location = fields.Location()
    hotline: fields.PhoneNumber[Any] = fields.PhoneNumber()
    phones: fields.PhoneNumber[Any] = fields.PhoneNumber(many=True)


class Pipeline(ListEntry):
    class Meta:
        list = "pipeline"
        parent = Company

    stage: fields.Status[Any] = fields.Status()


@pytest.fixture(scope="module")
def emulated() -> Iterator[tuple[Any, str]]:
    emu = Emulator(seed=1)
    client = emu.client()
    client.create_object("gadgets", "Gadget", "Gadgets")
    for spec in (
        attribute("label", "text"),
        attribute("weight", "number"),
        attribute("active", "checkbox"),
        attribute(
            "price", "currency", currency={"default_currency_code": "EUR", "display_type": "symbol"}
        ),
        attribute("launched", "date"),
        attribute("seen_at", "timestamp"),
        attribute("stars", "rating"),
        attribute("tier", "select"),
        attribute("tags", "select", many=True),
        attribute("maker", "record-reference", record_reference={"allowed_objects": ["companies"]}),
        attribute(
            "buyers",
            "record-reference",
            many=True,
            record_reference={"allowed_objects": ["people"]},
        ),
        attribute("owner", "actor-reference"),
        attribute("site", "location"),
        attribute("hotline", "phone-number"),
        attribute("phones", "phone-number", many=True),
    ):
        client.create_attribute("objects", "gadgets", spec)
    for title in ("Gold", "Silver"):
        client.create_select_option("objects", "gadgets", "tier", title)
    for title in ("new", "hot", "sale"):
        client.create_select_option("objects", "gadgets", "tags", title)
    members = client.list_workspace_members()
    member_id = members[0]["id"]["workspace_member_id"]
    yield client, member_id
    client.close()


def create_and_fetch(client: Any, obj: Model) -> Any:
    created = client.create_record(type(obj)._meta.container, obj.to_api_values())
    fetched = client.get_record(type(obj)._meta.container, created["id"]["record_id"])
    return type(obj).from_api(fetched)


def test_every_scalar_and_composite_type(emulated: tuple[Any, str]) -> None:
    client, member_id = emulated
    acme = Company.from_api(
        client.create_record(
            "companies", Company(name="Acme", domains=["acme.com"]).to_api_values()
        )
    )
    ada = Person.from_api(
        client.create_record(
            "people",
            Person(name="Lovelace, Ada", email_addresses=["Ada@Example.COM"]).to_api_values(),
        )
    )
    tz = timezone(timedelta(hours=2))
    gadget = Gadget(
        label="Widget 0",
        weight=12,
        active=True,
        price="4.99",
        launched=date(2024, 2, 29),
        seen_at=datetime(2025, 7, 22, 17, 7, 0, 895000, tzinfo=tz),
        stars=4,
        tier="Gold",
        tags=["new", "hot"],
        maker=acme,
        buyers=[ada],
        owner=Actor.member(member_id),
        site=Location(
            line_1="1 Infinite Loop",
            locality="Cupertino",
            region="CA",
            postcode="95014",
            country_code="US",
            latitude="37.33",
            longitude="-122.03",
        ),
        hotline="+44 7777 777777",
        phones=["+1 (804) 249-8888", PhoneNumber("07700 900123", "GB")],
    )
    back = create_and_fetch(client, gadget)
    assert back.label == "Widget 0"
    assert back.weight == 12.0
    assert back.active is True
    assert back.price == Money(Decimal("4.99"), "EUR")
    assert back.launched == date(2024, 2, 29)
    assert back.seen_at == Instant.parse("2025-07-22T15:07:00.895000000Z")
    assert back.stars == 4
    assert back.tier == "Gold" and back.tier.id is not None
    assert back.tags == ["new", "hot"]
    assert back.maker.record_id == acme.record_id and isinstance(back.maker, Company)
    assert [b.record_id for b in back.buyers] == [ada.record_id]
    assert back.owner == Actor("workspace-member", member_id)
    assert back.site == gadget.site
    assert back.hotline.original == "+44 7777 777777"
    assert back.hotline.e164 == "+447777777777"
    assert [p.e164 for p in back.phones] == ["+18042498888", "+447700900123"]


def test_nanoseconds_survive_the_server(emulated: tuple[Any, str]) -> None:
    client, _ = emulated
    stamp = "2025-07-22T15:07:00.895000123Z"
    back = create_and_fetch(client, Gadget(seen_at=stamp))
    assert back.seen_at.isoformat() == stamp


def test_people_normalisation_matches_local_prediction(emulated: tuple[Any, str]) -> None:
    client, _ = emulated
    local = Person(
        name="Hopper, Grace, Rear Admiral",
        email_addresses=["Grace+navy@Mail.Example.org"],
        phone_numbers=["+1 202 555 0143"],
    )
    back = create_and_fetch(client, local)
    assert back.name == local.name == PersonalName("Grace, Rear Admiral", "Hopper")
    expected = local.email_addresses[0]
    got: Email = back.email_addresses[0]
    assert (got.email_address, got.email_domain, got.email_root_domain) == (
        expected.email_address,
        expected.email_domain,
        expected.email_root_domain,
    )
    assert back.phone_numbers[0].e164 == local.phone_numbers[0].e164 == "+12025550143"


def test_domains_normalised(emulated: tuple[Any, str]) -> None:
    client, _ = emulated
    local = Company(domains=["https://www.Example.co.uk/about"])
    back = create_and_fetch(client, local)
    assert back.domains == local.domains


def test_status_on_list_entry(emulated: tuple[Any, str]) -> None:
    client, _ = emulated
    lst = client.create_list(
        {
            "name": "Pipeline",
            "api_slug": "pipeline",
            "parent_object": "companies",
            "workspace_access": "full-access",
            "workspace_member_access": [],
        }
    )
    client.create_attribute("lists", "pipeline", attribute("stage", "status"))
    client.create_status("lists", "pipeline", "stage", "Prospecting")
    company = Company.from_api(client.create_record("companies", {"name": [{"value": "Co"}]}))
    entry = Pipeline(parent=company, stage="Prospecting")
    created = client.create_entry(
        "pipeline", "companies", entry.parent_record_id, entry.to_api_values()
    )
    back = Pipeline.from_api(client.get_entry("pipeline", created["id"]["entry_id"]))
    assert back.stage == "Prospecting" and back.stage.id is not None
    assert back.parent.record_id == company.record_id
    assert back.id.list_id == lst["id"]["list_id"]
