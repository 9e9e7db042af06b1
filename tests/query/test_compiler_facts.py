"""Every filter and sort example of FACTS.md §3.2, §3.4, §3.5 and §3.6, from a QuerySet.

Each row pairs the documented JSON with an equivalent QuerySet. ``EXACT`` rows must
compile to the documented JSON; ``EQUIVALENT`` rows compile to a different spelling of
the same condition, and the reason is given in the row. The equivalent rows that run on
standard objects are also executed on the emulator in both spellings (see
``test_equivalent_rows_select_the_same_records``), so "equivalent" is checked, not
asserted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

import pytest

import particle_orm.query  # noqa: F401  (installs Model.objects)
from particle_orm.query import Q, QuerySet
from particle_orm.standard import Company, Deal, Person
from particle_orm.values import Actor, Instant, Location
from tests.query._models import Candidate, Sale, Staff

ID1 = "000e8881-37cc-41d2-bc22-39fe35e76e6b"
ID2 = "592dc9d8-548b-4148-813f-c0b8f8d3b6e8"
COMPANY = "99a03ff3-0435-47da-95cc-76b2caeb4dab"
MEMBER = "50cf242c-7fa3-4cad-87d0-75b1af71c57b"

EXACT = "exact"
EQUIVALENT = "equivalent"

# (section, documented JSON, QuerySet factory, kind, why equivalent)
FILTERS: list[tuple[str, dict[str, Any], Callable[[], QuerySet[Any]], str, str]] = [
    (
        "3.2 shorthand, implicit $and",
        {"name": "John Smith", "email_addresses": "john@smith.com"},
        lambda: Person.objects.filter(name="John Smith", email_addresses="john@smith.com"),
        EXACT,
        "",
    ),
    (
        "3.2 verbose equivalent",
        {
            "$and": [
                {"name": {"full_name": {"$eq": "John Smith"}}},
                {"email_addresses": {"email_address": {"$eq": "john@smith.com"}}},
            ]
        },
        lambda: Person.objects.filter(
            name__full_name="John Smith", email_addresses__email_address="john@smith.com"
        ),
        EQUIVALENT,
        "conditions on different attributes merge into one object (implicit $and) and "
        "equality uses the scalar shorthand for $eq (FACTS §3.1)",
    ),
    (
        "3.2 $not_empty",
        {"domains": {"$not_empty": True}},
        lambda: Company.objects.filter(domains__isnull=False),
        EXACT,
        "",
    ),
    (
        "3.2 record_id $in",
        {"record_id": {"$in": [ID1, ID2]}},
        lambda: Person.objects.filter(record_id__in=[ID1, ID2]),
        EXACT,
        "",
    ),
    (
        "3.2 location locality $contains",
        {"primary_location": {"locality": {"$contains": "new york"}}},
        lambda: Company.objects.filter(primary_location__locality__contains="new york"),
        EXACT,
        "",
    ),
    (
        "3.2 date range",
        {"foundation_date": {"$gte": "2019-01-01", "$lte": "2019-12-31"}},
        lambda: Company.objects.filter(
            foundation_date__range=(date(2019, 1, 1), date(2019, 12, 31))
        ),
        EXACT,
        "",
    ),
    (
        "3.2 timestamp window",
        {"created_at": {"$gte": "2023-11-24T08:00:00Z", "$lt": "2023-11-24T09:00:00Z"}},
        lambda: Person.objects.filter(
            created_at__gte=datetime(2023, 11, 24, 8, tzinfo=timezone.utc),
            created_at__lt=datetime(2023, 11, 24, 9, tzinfo=timezone.utc),
        ),
        EQUIVALENT,
        "the same two operators in one object, with timestamps sent in Attio's 9-digit "
        "form (2023-11-24T08:00:00.000000000Z)",
    ),
    (
        "3.2 $not",
        {"$not": {"name": {"first_name": "John"}}},
        lambda: Person.objects.exclude(name__first_name="John"),
        EXACT,
        "",
    ),
    (
        "3.2 $and with $not",
        {
            "$and": [
                {"name": {"$contains": "Apple"}},
                {"$not": {"domains": {"root_domain": "apple.com"}}},
            ]
        },
        lambda: Company.objects.filter(
            Q(name__contains="Apple") & ~Q(domains__root_domain="apple.com")
        ),
        EXACT,
        "",
    ),
    (
        "3.2 status by title",
        {"stage": "In Progress"},
        lambda: Deal.objects.filter(stage="In Progress"),
        EXACT,
        "",
    ),
    (
        "3.2 several statuses",
        {"$or": [{"stage": "In Progress"}, {"stage": "Lead"}]},
        lambda: Deal.objects.filter(stage__in=["In Progress", "Lead"]),
        EXACT,
        "",
    ),
    (
        "3.2 several statuses with Q",
        {"$or": [{"stage": "In Progress"}, {"stage": "Lead"}]},
        lambda: Deal.objects.filter(Q(stage="In Progress") | Q(stage="Lead")),
        EXACT,
        "",
    ),
    (
        "3.2 status change time",
        {"stage": {"active_from": {"$gte": "2023-11-20"}}},
        lambda: Deal.objects.filter(stage__since=date(2023, 11, 20)),
        EQUIVALENT,
        "a date for a timestamp bound is sent as midnight UTC "
        "(2023-11-20T00:00:00.000000000Z): Attio otherwise requires a time in timestamp "
        "filters (FACTS §2.1, §14 #12)",
    ),
    (
        "3.2 actor reference",
        {"owner": {"referenced_actor_type": "workspace-member", "referenced_actor_id": MEMBER}},
        lambda: Deal.objects.filter(owner=Actor("workspace-member", MEMBER)),
        EXACT,
        "",
    ),
    (
        "3.2 record reference",
        {"company": {"target_object": "companies", "target_record_id": COMPANY}},
        lambda: Person.objects.filter(company=Company.deferred(COMPANY)),
        EXACT,
        "",
    ),
    (
        "3.2 record reference $in",
        {"company": {"target_object": "companies", "target_record_id": {"$in": [ID1, ID2]}}},
        lambda: Person.objects.filter(company__in=[ID1, Company.deferred(ID2)]),
        EXACT,
        "",
    ),
    (
        "3.2 interaction owner",
        {"last_email_interaction": {"owner_member_id": {"$not_empty": True}}},
        lambda: Person.objects.filter(last_email_interaction__owner_member_id__isnull=False),
        EXACT,
        "",
    ),
    (
        "3.2 location, several properties",
        {"primary_location": {"locality": "Cupertino", "region": "CA", "country_code": "US"}},
        lambda: Company.objects.filter(
            primary_location=Location(locality="Cupertino", region="CA", country_code="US")
        ),
        EXACT,
        "",
    ),
    (
        "3.4 entry attribute",
        {"stage": "Won 🎉"},
        lambda: Sale.objects.filter(stage="Won 🎉"),
        EXACT,
        "",
    ),
    (
        "3.4 parent record path",
        {
            "path": [["candidates", "parent_record"], ["people", "email_addresses"]],
            "constraints": {"email_domain": "apple.com"},
        },
        lambda: Candidate.objects.filter(parent__email_addresses__email_domain="apple.com"),
        EXACT,
        "",
    ),
    (
        "3.4 a specific parent",
        {
            "path": [["candidates", "parent_record"], ["people", "record_id"]],
            "constraints": {"value": ID1},
        },
        lambda: Candidate.objects.filter(parent=Person.deferred(ID1)),
        EQUIVALENT,
        "the constraint uses the text shorthand (the id itself, i.e. $eq on value) "
        "instead of the unverified explicit {'value': id} property",
    ),
    (
        "3.5 path through team",
        {
            "path": [["companies", "team"], ["people", "name"]],
            "constraints": {"first_name": {"$eq": "John"}},
        },
        lambda: Company.objects.filter(team__name__first_name="John"),
        EQUIVALENT,
        "equality on a property uses the scalar shorthand ({'first_name': 'John'})",
    ),
    (
        "3.5 path through manager twice",
        {
            "path": [["people", "manager"], ["people", "manager"]],
            "constraints": {"target_object": "people", "target_record_id": ID1},
        },
        lambda: Staff.objects.filter(manager__manager=Staff.deferred(ID1)),
        EXACT,
        "",
    ),
    (
        "3.5 path from an entry through two references",
        {
            "path": [
                ["candidates", "parent_record"],
                ["people", "company"],
                ["companies", "team"],
            ],
            "constraints": {"target_object": "people", "target_record_id": ID1},
        },
        lambda: Candidate.objects.filter(parent__company__team=Person.deferred(ID1)),
        EXACT,
        "",
    ),
]

SORTS: list[tuple[str, dict[str, Any], Callable[[], QuerySet[Any]]]] = [
    (
        "3.6 attribute with field",
        {"direction": "asc", "attribute": "name", "field": "last_name"},
        lambda: Person.objects.order_by("name__last_name"),
    ),
    (
        "3.6 descending attribute",
        {"direction": "desc", "attribute": "email_addresses"},
        lambda: Person.objects.order_by("-email_addresses"),
    ),
    (
        "3.6 path sort (field omitted: it is optional)",
        {"direction": "asc", "path": [["people", "company"], ["companies", "name"]]},
        lambda: Person.objects.order_by("company__name"),
    ),
    (
        "3.6 path sort with field",
        {
            "direction": "asc",
            "path": [["people", "company"], ["companies", "primary_location"]],
            "field": "locality",
        },
        lambda: Person.objects.order_by("company__primary_location__locality"),
    ),
    (
        "3.6 entry parent path sort",
        {"direction": "asc", "path": [["sales", "parent_record"], ["companies", "name"]]},
        lambda: Sale.objects.order_by("parent__name"),
    ),
]


def _normalise(node: Any) -> Any:
    """Spell a filter canonically: implicit $and → $and, scalars → $eq, times → 9 digits."""
    if isinstance(node, list):
        return [_normalise(n) for n in node]
    if not isinstance(node, dict):
        return {"$eq": _scalar(node)}
    if "path" in node:
        return {"path": node["path"], "constraints": _normalise(node["constraints"])}
    keys = list(node)
    if len(keys) > 1 and not any(k.startswith("$") for k in keys):
        return _normalise({"$and": [{k: node[k]} for k in keys]})
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$and", "$or"):
            parts = [_normalise(v) for v in value]
            flat: list[Any] = []
            for part in parts:
                flat.extend(part[key] if set(part) == {key} else [part])
            out[key] = sorted(flat, key=repr)
        elif key == "$not":
            out[key] = _normalise(value)
        elif key.startswith("$"):
            out[key] = [_scalar(v) for v in value] if isinstance(value, list) else _scalar(value)
        else:
            out[key] = _normalise(value)
    if len(out) > 1 and all(k.startswith("$") for k in out) and "$and" not in out:
        # Several operators on one property are ANDed.
        return {"$and": sorted(({k: v} for k, v in out.items()), key=repr)}
    return out


def _scalar(value: Any) -> Any:
    """Timestamps in Attio's 9-digit form; a date-only bound as midnight UTC."""
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        return Instant.parse(value).isoformat()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value}T00:00:00.000000000Z"
    return value


def _split_ops(node: Any) -> Any:
    """{attr: {$gte: a, $lt: b}} → $and of one operator each (single-value attributes)."""
    if isinstance(node, dict) and len(node) == 1:
        ((key, value),) = node.items()
        splittable = isinstance(value, dict) and len(value) > 1
        if splittable and not key.startswith("$") and all(k.startswith("$") for k in value):
            return {"$and": [{key: {k: v}} for k, v in value.items()]}
    return node


@pytest.mark.parametrize(
    ("documented", "make", "kind", "why"),
    [pytest.param(*row[1:], id=row[0]) for row in FILTERS],
)
def test_filter_examples(
    documented: dict[str, Any], make: Callable[[], QuerySet[Any]], kind: str, why: str
) -> None:
    compiled = make().query.filter
    if kind == EXACT:
        assert compiled == documented
        return
    assert why, "an equivalent row must say why it is equivalent"
    assert compiled != documented
    left = _normalise(_split_ops(compiled))
    right = _normalise(_split_ops(documented))
    if "constraints" in left and left["constraints"] != right["constraints"]:
        # {"value": id} (explicit text property) vs the bare id (shorthand on value).
        assert right["constraints"] == {"value": {"$eq": left["constraints"]["$eq"]}}
        assert left["path"] == right["path"]
        return
    assert left == right


@pytest.mark.parametrize(
    ("documented", "make"), [pytest.param(*row[1:], id=row[0]) for row in SORTS]
)
def test_sort_examples(documented: dict[str, Any], make: Callable[[], QuerySet[Any]]) -> None:
    assert make().query.sorts == [documented]


def test_every_section_is_covered() -> None:
    sections = {row[0].split()[0] for row in FILTERS} | {row[0].split()[0] for row in SORTS}
    assert sections == {"3.2", "3.4", "3.5", "3.6"}
    # §3.2 lists 17 examples; two of them have a second QuerySet spelling here.
    assert sum(row[0].startswith("3.2") for row in FILTERS) == 18
