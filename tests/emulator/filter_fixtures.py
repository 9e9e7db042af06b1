"""A tiny in-memory workspace for the filter/sort compiler tests.

It holds the contract tables, a fake SchemaView and a handful of people, companies, deals and
list entries whose values are written in the contract's canonical form (data JSON + sk keys),
independently of the emulator's own value normaliser.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Literal

from particle_orm.emulator.filters import compile_filter, index_statements
from particle_orm.emulator.schema_view import AttributeInfo
from particle_orm.emulator.sorts import compile_sorts

DDL = """
CREATE TABLE record (workspace_id TEXT NOT NULL, object_id TEXT NOT NULL, id TEXT PRIMARY KEY,
                     created_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE entry  (workspace_id TEXT NOT NULL, list_id TEXT NOT NULL, id TEXT PRIMARY KEY,
                     parent_object_id TEXT NOT NULL, parent_record_id TEXT NOT NULL,
                     created_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE value  (workspace_id TEXT NOT NULL, parent_kind TEXT NOT NULL,
                     container_id TEXT NOT NULL, parent_id TEXT NOT NULL,
                     attribute_id TEXT NOT NULL, ord INTEGER NOT NULL,
                     active_from TEXT NOT NULL, active_until TEXT,
                     actor_type TEXT, actor_id TEXT, attribute_type TEXT NOT NULL,
                     data TEXT NOT NULL, sk_text TEXT, sk_num REAL);
CREATE INDEX value_by_parent ON value(parent_id, attribute_id, active_until);
CREATE INDEX value_by_attr_text ON value(attribute_id, sk_text);
CREATE INDEX value_by_attr_num ON value(attribute_id, sk_num);
CREATE INDEX record_by_object ON record(object_id, seq);
CREATE INDEX entry_by_list ON entry(list_id, seq);
"""

WS = "ws-1"
T0 = "2023-11-01T00:00:00.000000000Z"

# object/list slug -> id, and per container: (slug, type, multiselect, allowed targets)
OBJECTS = {"people": "obj-people", "companies": "obj-companies", "deals": "obj-deals"}
LISTS = {"candidates": "list-candidates", "sales": "list-sales"}
LIST_PARENTS = {"list-candidates": ("obj-people",), "list-sales": ("obj-companies",)}

_SYSTEM = [
    ("record_id", "text", False, ()),
    ("created_at", "timestamp", False, ()),
    ("created_by", "actor-reference", False, ()),
]
ATTRIBUTES: dict[str, list[tuple[str, str, bool, tuple[str, ...]]]] = {
    "obj-people": [
        *_SYSTEM,
        ("name", "personal-name", False, ()),
        ("email_addresses", "email-address", True, ()),
        ("phone_numbers", "phone-number", True, ()),
        ("primary_location", "location", False, ()),
        ("company", "record-reference", False, ("obj-companies",)),
        ("manager", "record-reference", False, ("obj-people",)),
        ("job_title", "text", False, ()),
        ("age", "number", False, ()),
        ("performance", "rating", False, ()),
        ("is_vip", "checkbox", False, ()),
        ("birthday", "date", False, ()),
        ("last_email_interaction", "interaction", False, ()),
        ("owner", "actor-reference", False, ()),
        ("tags", "select", True, ()),
        ("tier", "select", False, ()),
    ],
    "obj-companies": [
        *_SYSTEM,
        ("name", "text", False, ()),
        ("domains", "domain", True, ()),
        ("team", "record-reference", True, ("obj-people",)),
        ("categories", "select", True, ()),
        ("foundation_date", "date", False, ()),
        ("funding_raised_usd", "currency", False, ()),
        ("primary_location", "location", False, ()),
    ],
    "obj-deals": [
        *_SYSTEM,
        ("name", "text", False, ()),
        ("stage", "status", False, ()),
        ("owner", "actor-reference", False, ()),
        ("value", "currency", False, ()),
        ("associated_company", "record-reference", False, ("obj-companies",)),
    ],
    "list-candidates": [
        ("entry_id", "text", False, ()),
        ("created_at", "timestamp", False, ()),
        ("stage", "status", False, ()),
        ("score", "rating", False, ()),
    ],
    "list-sales": [("entry_id", "text", False, ()), ("stage", "status", False, ())],
}

# attribute id -> {title: id}
TITLES: dict[str, dict[str, str]] = {
    "obj-deals.stage": {"Lead": "st-lead", "In Progress": "st-progress", "Won 🎉": "st-won"},
    "list-candidates.stage": {"Screening": "st-screen", "Hired": "st-hired"},
    "list-sales.stage": {"Open": "st-open"},
    "obj-people.tags": {"A": "opt-a", "B": "opt-b", "C": "opt-c"},
    "obj-people.tier": {"Gold": "opt-gold", "Silver": "opt-silver"},
    "obj-companies.categories": {"Tech": "opt-tech", "Hardware": "opt-hw", "Retail": "opt-retail"},
}


def attr_id(container_id: str, slug: str) -> str:
    return f"{container_id}.{slug}"


class FakeSchema:
    """A dict-backed SchemaView over the constants above."""

    workspace_id = WS

    def __init__(self) -> None:
        self.by_container: dict[str, dict[str, AttributeInfo]] = {}
        for container, attrs in ATTRIBUTES.items():
            table: dict[str, AttributeInfo] = {}
            for slug, type_, many, allowed in attrs:
                info = AttributeInfo(attr_id(container, slug), slug, type_, many, allowed)
                table[slug] = table[info.attribute_id] = info
            self.by_container[container] = table

    def attribute(
        self, kind: Literal["object", "list"], container_id: str, key: str
    ) -> AttributeInfo | None:
        known = OBJECTS.values() if kind == "object" else LISTS.values()
        if container_id not in known:
            return None
        return self.by_container[container_id].get(key)

    def object_id(self, key: str) -> str | None:
        return OBJECTS.get(key) or (key if key in OBJECTS.values() else None)

    def object_slug(self, object_id: str) -> str | None:
        return next((slug for slug, oid in OBJECTS.items() if oid == object_id), None)

    def list_id(self, key: str) -> str | None:
        return LISTS.get(key) or (key if key in LISTS.values() else None)

    def list_parent_object_ids(self, list_id: str) -> tuple[str, ...]:
        return LIST_PARENTS.get(list_id, ())

    def _titled(self, attribute_id: str, title_or_id: str) -> str | None:
        titles = TITLES.get(attribute_id, {})
        if title_or_id in titles.values():
            return title_or_id
        return titles.get(title_or_id)

    def status_id(self, attribute_id: str, title_or_id: str) -> str | None:
        return self._titled(attribute_id, title_or_id)

    def option_id(self, attribute_id: str, title_or_id: str) -> str | None:
        return self._titled(attribute_id, title_or_id)


def _title_of(attribute_id: str, item_id: str) -> str:
    return next(t for t, i in TITLES[attribute_id].items() if i == item_id)


def sort_keys(attribute_id: str, type_: str, data: dict[str, Any]) -> tuple[Any, Any]:
    """(sk_text, sk_num) for canonical data, as the emulator contract defines them."""
    if type_ == "text":
        return data["value"].lower(), None
    if type_ in ("number", "rating"):
        return None, data["value"]
    if type_ == "checkbox":
        return None, 1 if data["value"] else 0
    if type_ == "currency":
        return None, data["currency_value"]
    if type_ in ("date", "timestamp"):
        return data["value"], None
    if type_ == "status":
        return _title_of(attribute_id, data["status_id"]).lower(), None
    if type_ == "select":
        return _title_of(attribute_id, data["option_id"]).lower(), None
    if type_ == "record-reference":
        return data["target_record_id"], None
    if type_ == "actor-reference":
        return data["referenced_actor_id"], None
    if type_ == "location":
        return (data["locality"] or "").lower() or None, None
    if type_ == "domain":
        return data["domain"], None
    if type_ == "email-address":
        return data["email_address"], None
    if type_ == "phone-number":
        return data["phone_number"], None
    if type_ == "interaction":
        return data["interacted_at"], None
    if type_ == "personal-name":
        return data["full_name"].lower(), None
    raise AssertionError(type_)


@dataclass
class Workspace:
    db: sqlite3.Connection
    schema: FakeSchema = field(default_factory=FakeSchema)
    seq: int = 0

    def record(self, object_slug: str, record_id: str, **values: Any) -> str:
        object_id = OBJECTS[object_slug]
        self.seq += 1
        self.db.execute(
            "INSERT INTO record VALUES (?, ?, ?, ?, ?)", (WS, object_id, record_id, T0, self.seq)
        )
        self.value("record", object_id, record_id, "record_id", {"value": record_id})
        for slug, data in values.items():
            self.values("record", object_id, record_id, slug, data)
        return record_id

    def entry(self, list_slug: str, entry_id: str, parent_id: str, **values: Any) -> str:
        list_id = LISTS[list_slug]
        parent_object = LIST_PARENTS[list_id][0]
        self.seq += 1
        self.db.execute(
            "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?)",
            (WS, list_id, entry_id, parent_object, parent_id, T0, self.seq),
        )
        self.value("entry", list_id, entry_id, "entry_id", {"value": entry_id})
        for slug, data in values.items():
            self.values("entry", list_id, entry_id, slug, data)
        return entry_id

    def values(self, kind: str, container: str, parent: str, slug: str, data: Any) -> None:
        items = data if isinstance(data, list) else [data]
        for ord_, item in enumerate(items):
            self.value(kind, container, parent, slug, item, ord_=ord_)

    def value(
        self,
        kind: str,
        container: str,
        parent: str,
        slug: str,
        data: dict[str, Any],
        *,
        ord_: int = 0,
        active_from: str = T0,
        active_until: str | None = None,
    ) -> None:
        info = self.schema.by_container[container][slug]
        sk_text, sk_num = sort_keys(info.attribute_id, info.type, data)
        self.db.execute(
            "INSERT INTO value VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                WS,
                kind,
                container,
                parent,
                info.attribute_id,
                ord_,
                active_from,
                active_until,
                "api-token",
                "tok",
                info.type,
                json.dumps(data),
                sk_text,
                sk_num,
            ),
        )

    def query(self, object_slug: str, filter: object = None, sorts: object = None) -> list[str]:
        object_id = OBJECTS[object_slug]
        where, wparams = compile_filter(
            filter, schema=self.schema, kind="record", container_id=object_id, outer="r"
        )
        order, oparams = compile_sorts(
            sorts, schema=self.schema, kind="record", container_id=object_id, outer="r"
        )
        sql = (
            f"SELECT r.id FROM record r WHERE r.workspace_id = ? AND r.object_id = ? "
            f"AND ({where}) ORDER BY {order}"
        )
        return [row[0] for row in self.db.execute(sql, [WS, object_id, *wparams, *oparams])]

    def query_entries(
        self, list_slug: str, filter: object = None, sorts: object = None
    ) -> list[str]:
        list_id = LISTS[list_slug]
        where, wparams = compile_filter(
            filter, schema=self.schema, kind="entry", container_id=list_id, outer="e"
        )
        order, oparams = compile_sorts(
            sorts, schema=self.schema, kind="entry", container_id=list_id, outer="e"
        )
        sql = (
            f"SELECT e.id FROM entry e WHERE e.workspace_id = ? AND e.list_id = ? "
            f"AND ({where}) ORDER BY {order}"
        )
        return [row[0] for row in self.db.execute(sql, [WS, list_id, *wparams, *oparams])]


def name(first: str, last: str) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "full_name": f"{first} {last}".strip()}


def email(address: str) -> dict[str, str]:
    local, domain = address.split("@")
    root = ".".join(domain.split(".")[-2:])
    if domain.endswith(".co.uk"):
        root = ".".join(domain.split(".")[-3:])
    return {
        "original_email_address": address,
        "email_address": address.lower(),
        "email_domain": domain.lower(),
        "email_root_domain": root.lower(),
        "email_local_specifier": local.lower(),
    }


def domain(host: str, root: str) -> dict[str, str]:
    return {"domain": host, "root_domain": root}


def phone(number: str, country: str) -> dict[str, str]:
    return {"original_phone_number": number, "country_code": country, "phone_number": number}


def location(locality: str | None, region: str | None, country: str | None) -> dict[str, Any]:
    return {
        "line_1": "1 Infinite Loop" if locality == "Cupertino" else None,
        "line_2": None,
        "line_3": None,
        "line_4": None,
        "locality": locality,
        "region": region,
        "postcode": "95014" if locality == "Cupertino" else None,
        "country_code": country,
        "latitude": "37.33182" if locality == "Cupertino" else None,
        "longitude": "-122.03118" if locality == "Cupertino" else None,
    }


def ref(object_slug: str, record_id: str) -> dict[str, str]:
    return {"target_object_id": OBJECTS[object_slug], "target_record_id": record_id}


def member(member_id: str) -> dict[str, str]:
    return {"referenced_actor_type": "workspace-member", "referenced_actor_id": member_id}


def ts(text: str) -> dict[str, str]:
    return {"value": text}


def build(*, json_indexes: bool = True) -> Workspace:
    """The shared test workspace (see the module docstring)."""
    db = sqlite3.connect(":memory:")
    db.executescript(DDL)
    if json_indexes:
        for statement in index_statements():
            db.execute(statement)
    ws = Workspace(db)
    people = "obj-people"

    ws.record(
        "companies",
        "c-apple",
        name={"value": "Apple Inc"},
        domains=[domain("apple.com", "apple.com"), domain("support.apple.com", "apple.com")],
        team=[ref("people", "p-john"), ref("people", "p-jane")],
        categories=[{"option_id": "opt-tech"}, {"option_id": "opt-hw"}],
        foundation_date={"value": "2019-04-01"},
        funding_raised_usd={"currency_value": 1000, "currency_code": "USD"},
        primary_location=location("Cupertino", "CA", "US"),
        created_at=ts("2023-11-20T10:00:00.000000000Z"),
    )
    ws.record(
        "companies",
        "c-acme",
        name={"value": "Acme LTD"},
        domains=[domain("acme.co.uk", "acme.co.uk")],
        team=[ref("people", "p-bob")],
        categories=[{"option_id": "opt-retail"}],
        foundation_date={"value": "2018-01-01"},
        funding_raised_usd={"currency_value": 250.5, "currency_code": "USD"},
        created_at=ts("2023-11-21T10:00:00.000000000Z"),
    )
    ws.record(
        "companies",
        "c-orange",
        name={"value": "Orange Apple Co"},
        domains=[domain("orange.com", "orange.com")],
        foundation_date={"value": "2019-12-31"},
        created_at=ts("2023-11-22T10:00:00.000000000Z"),
    )

    ws.record("companies", "c-blank", name={"value": "Blank"})

    ws.record(
        "people",
        "p-john",
        name=name("John", "Smith"),
        email_addresses=[email("john@smith.com")],
        phone_numbers=[phone("+447777777798", "GB")],
        primary_location=location("Cupertino", "CA", "US"),
        company=ref("companies", "c-apple"),
        manager=ref("people", "p-jane"),
        job_title={"value": "Engineer"},
        age={"value": 30},
        performance={"value": 4},
        is_vip={"value": True},
        birthday={"value": "1990-05-01"},
        created_at=ts("2023-11-24T08:30:00.000000000Z"),
        tags=[{"option_id": "opt-a"}, {"option_id": "opt-b"}],
        tier={"option_id": "opt-gold"},
        owner=member("m-1"),
        last_email_interaction={
            "interaction_type": "email",
            "interacted_at": "2023-11-01T10:00:00.000000000Z",
            "owner_actor": {"type": "workspace-member", "id": "m-1"},
        },
    )
    ws.record(
        "people",
        "p-jane",
        name=name("Jane", "Doe"),
        email_addresses=[email("jane@apple.com"), email("jane@personal.org")],
        phone_numbers=[phone("+14155550100", "US")],
        primary_location=location("New York", "NY", "US"),
        company=ref("companies", "c-apple"),
        job_title={"value": "CEO"},
        age={"value": 45},
        performance={"value": 2},
        is_vip={"value": False},
        created_at=ts("2023-11-24T09:30:00.000000000Z"),
        tags=[{"option_id": "opt-b"}],
        tier={"option_id": "opt-silver"},
        owner=member("m-2"),
    )
    ws.record(
        "people",
        "p-bob",
        name=name("Bob", "Jones"),
        email_addresses=[email("bob@ltd.co.uk")],
        company=ref("companies", "c-acme"),
        manager=ref("people", "p-john"),
        job_title={"value": "engineer"},
        created_at=ts("2023-11-23T12:00:00.000000000Z"),
        tags=[{"option_id": "opt-c"}, {"option_id": "opt-a"}],
        last_email_interaction={
            "interaction_type": "calendar-event",
            "interacted_at": "2023-10-01T10:00:00.000000000Z",
            "owner_actor": {"type": "system", "id": None},
        },
    )
    # Bob once had John's address: a historic value that filters must ignore.
    ws.value(
        "record",
        people,
        "p-bob",
        "email_addresses",
        email("john@smith.com"),
        ord_=1,
        active_until="2023-06-01T00:00:00.000000000Z",
    )
    ws.record(
        "people",
        "p-alice",
        name=name("Alice", "Liddell"),
        created_at=ts("2023-11-24T10:00:00.000000000Z"),
    )
    # Alice was called John Smith, and lived in New York, once.
    ws.value(
        "record",
        people,
        "p-alice",
        "name",
        name("John", "Smith"),
        active_until="2023-01-01T00:00:00.000000000Z",
    )
    ws.value(
        "record",
        people,
        "p-alice",
        "primary_location",
        location("New York", "NY", "US"),
        active_until="2023-01-01T00:00:00.000000000Z",
    )

    ws.record(
        "deals",
        "d-big",
        name={"value": "Big deal"},
        owner=member("m-1"),
        value={"currency_value": 500, "currency_code": "USD"},
        associated_company=ref("companies", "c-apple"),
    )
    ws.value(
        "record",
        "obj-deals",
        "d-big",
        "stage",
        {"status_id": "st-progress"},
        active_from="2023-11-21T09:00:00.000000000Z",
    )
    ws.record("deals", "d-small", name={"value": "Small"}, owner=member("m-2"))
    ws.value(
        "record",
        "obj-deals",
        "d-small",
        "stage",
        {"status_id": "st-lead"},
        active_from="2023-11-10T09:00:00.000000000Z",
    )
    ws.record("deals", "d-won", name={"value": "Won"})
    ws.value(
        "record",
        "obj-deals",
        "d-won",
        "stage",
        {"status_id": "st-lead"},
        active_from="2023-10-01T00:00:00.000000000Z",
        active_until="2023-11-22T00:00:00.000000000Z",
    )
    ws.value(
        "record",
        "obj-deals",
        "d-won",
        "stage",
        {"status_id": "st-won"},
        active_from="2023-11-22T00:00:00.000000000Z",
    )

    ws.entry("candidates", "e-john", "p-john", stage={"status_id": "st-screen"}, score={"value": 3})
    ws.entry("candidates", "e-jane", "p-jane", stage={"status_id": "st-hired"}, score={"value": 5})
    ws.entry("candidates", "e-bob", "p-bob")
    ws.entry("sales", "s-apple", "c-apple", stage={"status_id": "st-open"})
    ws.entry("sales", "s-acme", "c-acme")
    return ws
