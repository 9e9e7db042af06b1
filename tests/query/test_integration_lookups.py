"""Every lookup on every attribute type, run on the emulator against known data.

Each row names a model, a lookup key, a value and the records that must come back (by a
readable label). The emulator is an independent reading of Attio's filter grammar, so a
row passes only when the compiled JSON means what the lookup promises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from particle_orm.query import Q
from particle_orm.standard import Company, Person
from particle_orm.values import Actor, Location
from tests.query._models import Gadget, Sale

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
UTC = timezone.utc

Ids = dict[str, Any]
Value = Callable[[Ids], Any]


def v(value: Any) -> Value:
    return lambda ids: value


def ref(*names: str) -> Value:
    return lambda ids: [ids[n] for n in names] if len(names) > 1 else ids[names[0]]


ROWS: list[tuple[type[Any], str, Value, set[str]]] = [
    # text
    (Gadget, "title", v("Alpha"), {"Alpha"}),
    (Gadget, "title__exact", v("Beta"), {"Beta"}),
    (Gadget, "title__in", v(["Alpha", "Beta", "nope"]), {"Alpha", "Beta"}),
    (Gadget, "title__contains", v("ALP"), {"Alpha"}),
    (Gadget, "title__icontains", v("RAY"), {"gamma ray"}),
    (Gadget, "title__startswith", v("gam"), {"gamma ray"}),
    (Gadget, "title__endswith", v("ta"), {"Beta", "Delta"}),
    # number
    (Gadget, "count", v(5), {"Beta"}),
    (Gadget, "count__gt", v(1), {"Beta", "gamma ray"}),
    (Gadget, "count__gte", v(5), {"Beta", "gamma ray"}),
    (Gadget, "count__lt", v(5), {"Alpha"}),
    (Gadget, "count__lte", v(5.0), {"Alpha", "Beta"}),
    (Gadget, "count__range", v((2, 10)), {"Beta", "gamma ray"}),
    (Gadget, "count__in", v([1, 10]), {"Alpha", "gamma ray"}),
    # checkbox
    (Gadget, "active", v(True), {"Alpha", "gamma ray"}),
    (Gadget, "active", v(False), {"Beta"}),
    # currency
    (Gadget, "price", v(100), {"Beta"}),
    (Gadget, "price__gte", v(Decimal("100")), {"Beta", "gamma ray"}),
    (Gadget, "price__lt", v("10"), {"Alpha"}),
    (Gadget, "price__range", v((9.99, 100)), {"Alpha", "Beta"}),
    (Gadget, "price__currency_value__gt", v(200), {"gamma ray"}),
    # date
    (Gadget, "launched", v(date(2020, 6, 15)), {"Beta"}),
    (Gadget, "launched__gte", v(date(2020, 1, 1)), {"Beta", "gamma ray"}),
    (Gadget, "launched__lt", v("2020-01-01"), {"Alpha"}),
    (Gadget, "launched__range", v((date(2019, 1, 1), date(2019, 12, 31))), {"Alpha"}),
    (Gadget, "launched__in", v([date(2019, 3, 1), date(2021, 12, 31)]), {"Alpha", "gamma ray"}),
    # timestamp (a date means midnight UTC)
    (Gadget, "seen_at", v(datetime(2024, 3, 1, 10, tzinfo=UTC)), {"gamma ray"}),
    (Gadget, "seen_at__gte", v(datetime(2024, 2, 1, 10, tzinfo=UTC)), {"Beta", "gamma ray"}),
    (Gadget, "seen_at__gt", v("2024-02-01T10:00:00Z"), {"gamma ray"}),
    (Gadget, "seen_at__lt", v(date(2024, 2, 1)), {"Alpha"}),
    (Gadget, "seen_at__lte", v(date(2024, 1, 1)), set()),
    (Gadget, "seen_at__range", v((date(2024, 1, 1), date(2024, 2, 2))), {"Alpha", "Beta"}),
    (Gadget, "created_at__gt", v(T0), {"Alpha", "Beta", "gamma ray", "Delta"}),
    # rating
    (Gadget, "stars", v(3), {"Beta"}),
    (Gadget, "stars__gte", v(3), {"Beta", "gamma ray"}),
    (Gadget, "stars__lt", v(3), {"Alpha"}),
    (Gadget, "stars__in", v([1, 5]), {"Alpha", "gamma ray"}),
    # select (single and multi), by title, several → $or, change time
    (Gadget, "color", v("Red"), {"Alpha"}),
    (Gadget, "color__in", v(["Red", "Blue"]), {"Alpha", "gamma ray"}),
    (Gadget, "labels", v("eco"), {"Alpha", "gamma ray"}),
    (Gadget, "labels__in", v(["sale", "new"]), {"Alpha", "Beta"}),
    (Gadget, "color__since", v(T0), {"Alpha", "Beta", "gamma ray"}),
    (Gadget, "color__before", v(T0), set()),
    (Gadget, "color__before", v(date(2030, 1, 1)), {"Alpha", "Beta", "gamma ray"}),
    (Gadget, "color__active_from__gte", v(T0), {"Alpha", "Beta", "gamma ray"}),
    (Gadget, "color__active_from__lt", v(T0), set()),
    # record reference: by id, instance, $in, properties, and through the reference
    (Gadget, "maker", ref("acme"), {"Alpha", "gamma ray"}),
    (Gadget, "maker__in", ref("acme", "apple"), {"Alpha", "Beta", "gamma ray"}),
    (Gadget, "maker__target_record_id", ref("apple"), {"Beta"}),
    (Gadget, "maker__target_record_id__in", lambda ids: [ids["apple"]], {"Beta"}),
    (Gadget, "maker__name__contains", v("apple"), {"Beta"}),
    (Gadget, "maker__domains__domain", v("acme.com"), {"Alpha", "gamma ray"}),
    (Gadget, "maker__team__name__first_name", v("John"), {"Alpha", "gamma ray"}),
    # actor reference
    (Gadget, "keeper", lambda ids: Actor("workspace-member", ids["ada"]), {"Alpha"}),
    (
        Gadget,
        "keeper__in",
        lambda ids: [
            Actor("workspace-member", ids["ada"]),
            Actor("workspace-member", ids["grace"]),
        ],
        {"Alpha", "Beta"},
    ),
    # location
    (Gadget, "site__locality", v("London"), {"Alpha"}),
    (Gadget, "site__locality__contains", v("new"), {"Beta", "gamma ray"}),
    (Gadget, "site__locality__icontains", v("NEW"), {"Beta", "gamma ray"}),
    (Gadget, "site__locality__startswith", v("New "), {"Beta"}),
    (Gadget, "site__region__endswith", v("J"), {"gamma ray"}),
    (Gadget, "site__postcode__in", v(["10001", "07102"]), {"Beta", "gamma ray"}),
    (Gadget, "site__line_1__contains", v("york"), {"Beta"}),
    (Gadget, "site__country_code", v("US"), {"Beta", "gamma ray"}),
    (Gadget, "site__country_code__startswith", v("G"), {"Alpha"}),
    (Gadget, "site", v(Location(locality="London", country_code="GB")), {"Alpha"}),
    # record_id / pk
    (Gadget, "record_id", ref("g_alpha"), {"Alpha"}),
    (Gadget, "pk__in", ref("g_alpha", "g_empty"), {"Alpha", "Delta"}),
    # personal name
    (Person, "name", v("John Smith"), {"john"}),
    (Person, "name__in", v(["John Smith", "Ann Lee"]), {"john", "ann"}),
    (Person, "name__first_name", v("Jane"), {"jane"}),
    (Person, "name__last_name__startswith", v("Bl"), {"joe"}),
    (Person, "name__last_name__endswith", v("e"), {"jane", "ann"}),
    (Person, "name__full_name__contains", v("AN"), {"jane", "ann"}),
    (Person, "name__icontains", v("smi"), {"john"}),
    (Person, "name__isnull", v(False), {"john", "jane", "joe", "ann"}),
    (Person, "name__first_name__isnull", v(True), set()),
    # email addresses (multi)
    (Person, "email_addresses", v("john@acme.com"), {"john"}),
    (Person, "email_addresses__in", v(["john@acme.com", "ann@example.org"]), {"john", "ann"}),
    (Person, "email_addresses__domain", v("apple.com"), {"jane"}),
    (Person, "email_addresses__email_domain__endswith", v("zeta.io"), {"joe"}),
    (Person, "email_addresses__root_domain", v("zeta.io"), {"joe"}),
    (Person, "email_addresses__local_specifier", v("ann"), {"ann"}),
    (Person, "email_addresses__contains", v("@a"), {"john", "jane"}),
    (Person, "email_addresses__startswith", v("jo"), {"john", "joe"}),
    (Person, "email_addresses__endswith", v(".org"), {"ann"}),
    # phone numbers (multi)
    (Person, "phone_numbers", v("+442071234567"), {"john"}),
    (Person, "phone_numbers__startswith", v("+1"), {"jane"}),
    (Person, "phone_numbers__contains", v("555"), {"jane"}),
    (Person, "phone_numbers__endswith", v("4567"), {"john"}),
    (Person, "phone_numbers__country_code", v("GB"), {"john"}),
    (Person, "phone_numbers__country_code__isnull", v(False), {"john", "jane"}),
    (Person, "phone_numbers__country_code__isnull", v(True), {"joe", "ann"}),
    # references from people
    (Person, "company", ref("acme"), {"john"}),
    (Person, "company__name", v("Apple Inc"), {"jane"}),
    (Person, "company__domains__root_domain", v("zeta.io"), {"joe"}),
    (Person, "company__primary_location__country_code", v("GB"), {"john"}),
    # interactions (enriched, so empty here; the query must still be accepted)
    (Person, "last_email_interaction__owner_member_id__isnull", v(False), set()),
    (Person, "last_email_interaction__interaction_type", v("email"), set()),
    (Person, "first_interaction__interacted_at__gte", v(date(2020, 1, 1)), set()),
    (Person, "next_interaction__owner_member_id__isnull", v(True), {"john", "jane", "joe", "ann"}),
    # domains (multi)
    (Company, "domains", v("acme.com"), {"acme"}),
    (Company, "domains__in", v(["acme.com", "apple.com"]), {"acme", "apple"}),
    (Company, "domains__root_domain", v("zeta.io"), {"zeta"}),
    (Company, "domains__domain__startswith", v("app."), {"zeta"}),
    (Company, "domains__contains", v("APPLE"), {"apple"}),
    (Company, "domains__endswith", v(".io"), {"zeta"}),
    (Company, "domains__isnull", v(False), {"acme", "apple", "zeta"}),
    (Company, "domains__empty", v(True), set()),
    (Company, "team__name__first_name", v("John"), {"acme"}),
    (Company, "team", ref("jane"), {"apple"}),
    (Company, "name__contains", v("ltd"), {"acme"}),
    (Company, "primary_location__locality", v("Cupertino"), {"apple"}),
    (Company, "foundation_date__gte", v(date(2000, 1, 1)), set()),
    # list entries: entry attributes and the parent record
    (Sale, "stage", v("Won 🎉"), {"s_acme_won", "s_zeta_won"}),
    (Sale, "stage__in", v(["Lead", "Lost"]), {"s_acme_lead", "s_apple_lost"}),
    (Sale, "stage__since", v(T0), {"s_acme_won", "s_acme_lead", "s_apple_lost", "s_zeta_won"}),
    (Sale, "tags", v("hot"), {"s_acme_won", "s_zeta_won"}),
    (Sale, "amount__gte", v(500), {"s_acme_won", "s_zeta_won"}),
    (Sale, "parent", ref("acme"), {"s_acme_won", "s_acme_lead"}),
    (Sale, "parent__in", ref("apple", "zeta"), {"s_apple_lost", "s_zeta_won"}),
    (Sale, "parent__name__contains", v("zeta"), {"s_zeta_won"}),
    (Sale, "parent__domains__domain", v("acme.com"), {"s_acme_won", "s_acme_lead"}),
    (Sale, "parent__team__email_addresses__domain", v("apple.com"), {"s_apple_lost"}),
    (Sale, "entry_id", ref("s_zeta_won"), {"s_zeta_won"}),
]


def _labels(world: Ids, rows: list[Any]) -> set[str]:
    by_id = {value: key for key, value in world.items() if isinstance(value, str)}
    out = set()
    for row in rows:
        if isinstance(row, Gadget):
            out.add(str(row.title))
        else:
            out.add(by_id[row.id[2]])
    return out


@pytest.mark.parametrize(
    ("model", "key", "value", "expected"),
    [pytest.param(*row, id=f"{row[0].__name__}.{row[1]}") for row in ROWS],
)
def test_lookup_on_emulator(
    world: Ids, model: type[Any], key: str, value: Value, expected: set[str]
) -> None:
    rows = list(model.objects.filter(**{key: value(world)}))
    assert _labels(world, rows) == expected


def test_every_field_type_is_covered() -> None:
    from particle_orm.fields import FIELD_TYPES

    covered: set[str] = set()
    for model, key, _, _ in ROWS:
        from particle_orm.query._compiler import resolve

        covered.add(resolve(model, key).field.attribute_type)
    assert covered == set(FIELD_TYPES)


def test_q_objects_on_emulator(world: Ids) -> None:
    qs = Gadget.objects.filter((Q(color="Red") | Q(stars__gte=5)) & ~Q(title__contains="ray"))
    assert _labels(world, list(qs)) == {"Alpha"}
    qs = Gadget.objects.exclude(active=True)
    # No value is not "True" either: exclude keeps records without a value.
    assert _labels(world, list(qs)) == {"Beta", "Delta"}


def test_empty_in_sends_nothing(world: Ids, emu: Any) -> None:
    assert list(Gadget.objects.filter(title__in=[])) == []
    assert Gadget.objects.filter(title__in=[]).count() == 0
    assert emu.journal.count("POST") == 0
    assert len(list(Gadget.objects.exclude(title__in=[]))) == 4


def test_filter_raw_is_anded(world: Ids) -> None:
    qs = Gadget.objects.filter_raw({"stars": {"$gte": 3}}).filter(active=True)
    assert _labels(world, list(qs)) == {"gamma ray"}


def test_documented_equivalents_select_the_same_records(world: Ids, client: Any) -> None:
    """The EQUIVALENT rows of the FACTS table, documented vs compiled, on real data."""
    pairs = [
        (
            "people",
            {
                "$and": [
                    {"name": {"full_name": {"$eq": "John Smith"}}},
                    {"email_addresses": {"email_address": {"$eq": "john@acme.com"}}},
                ]
            },
            Person.objects.filter(
                name__full_name="John Smith", email_addresses__email_address="john@acme.com"
            ),
        ),
        (
            "people",
            {"created_at": {"$gte": "2024-03-01T12:02:00Z", "$lt": "2024-03-01T12:06:00Z"}},
            Person.objects.filter(
                created_at__gte=datetime(2024, 3, 1, 12, 2, tzinfo=UTC),
                created_at__lt=datetime(2024, 3, 1, 12, 6, tzinfo=UTC),
            ),
        ),
        (
            "companies",
            {
                "path": [["companies", "team"], ["people", "name"]],
                "constraints": {"first_name": {"$eq": "Jane"}},
            },
            Company.objects.filter(team__name__first_name="Jane"),
        ),
    ]
    for obj, documented, qs in pairs:
        want = {r["id"]["record_id"] for r in client.query_records(obj, filter=documented)}
        got = {r.id.record_id for r in qs}
        assert want and got == want, (documented, qs.query.filter)
