"""Reading on the emulator: slicing boundaries, paging and request counts, ordering,
get/first/exists/count/in_bulk/values, relationships, entries and lazy loading."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import particle_orm.query as q
from particle_orm.client import AttioClient, LazyValues, _lazy
from particle_orm.emulator import Emulator
from particle_orm.errors import DecodeError, QueryError
from particle_orm.models import NotLoadedError
from particle_orm.query import ObjectDoesNotExist
from particle_orm.standard import Company, Person
from tests.query._models import Gadget, Sale

QUERY = "/v2/objects/people/records/query"


@pytest.fixture(scope="module")
def crowd() -> Iterator[tuple[Emulator, Any, list[str]]]:
    """1,200 people (P0000..P1199, created in order), 3 companies; module-wide."""
    emu = Emulator(seed=11)
    client = emu.client(rate_limits=None)
    companies = []
    for i in range(3):
        data = client.create_record("companies", {"name": f"C{i}", "domains": [f"c{i}.com"]})
        companies.append(data["id"]["record_id"])
    ids = []
    for i in range(1200):
        values: dict[str, Any] = {
            "name": f"P{i:04d}, Ann",
            "email_addresses": [f"p{i}@c{i % 3}.com"],
            "company": [{"target_object": "companies", "target_record_id": companies[i % 3]}],
        }
        ids.append(client.create_record("people", values)["id"]["record_id"])
    yield emu, client, ids
    client.close()


@pytest.fixture
def people(crowd: tuple[Emulator, Any, list[str]]) -> Iterator[tuple[Emulator, list[str]]]:
    emu, client, ids = crowd
    emu.journal.clear()
    with q.use_binding(client):
        yield emu, ids


def _queries(emu: Emulator, path: str = QUERY) -> list[Any]:
    return [e for e in emu.journal if e.method == "POST" and e.path == path]


@pytest.mark.parametrize("n", [0, 1, 499, 500, 501, 1000, 1200])
def test_slice_boundaries(people: tuple[Emulator, list[str]], n: int) -> None:
    emu, ids = people
    rows = list(Person.objects.all()[:n])
    assert [r.id.record_id for r in rows] == ids[:n]
    calls = _queries(emu)
    # A slice asks for exactly what it needs: pages of 500, the last one trimmed.
    expected = [min(500, n - start) for start in range(0, n, 500)]
    assert [c.body["limit"] for c in calls] == expected
    assert [c.body["offset"] for c in calls] == list(range(0, n, 500))


@pytest.mark.parametrize(("start", "stop"), [(499, 501), (500, 1000), (1195, 1300), (10, 10)])
def test_offset_slices(people: tuple[Emulator, list[str]], start: int, stop: int) -> None:
    _, ids = people
    assert [r.id.record_id for r in Person.objects.all()[start:stop]] == ids[start:stop]


def test_slice_of_a_slice_and_index(people: tuple[Emulator, list[str]]) -> None:
    _, ids = people
    qs = Person.objects.all()[100:200][10:20]
    assert qs.query.offset == 110 and qs.query.limit == 10
    assert [r.id.record_id for r in qs] == ids[110:120]
    assert Person.objects.all()[600].id.record_id == ids[600]
    with pytest.raises(IndexError):
        Person.objects.all()[5000]


def test_iterating_1200_records_costs_3_query_calls(people: tuple[Emulator, list[str]]) -> None:
    emu, ids = people
    seen = [p.id.record_id for p in Person.objects.all()]
    assert seen == ids
    calls = _queries(emu)
    assert len(calls) == 3 == len(emu.journal)
    assert [(c.body["offset"], c.body["limit"]) for c in calls] == [
        (0, 500),
        (500, 500),
        (1000, 500),
    ]


def test_page_size_is_configurable(people: tuple[Emulator, list[str]]) -> None:
    emu, ids = people
    assert [p.id.record_id for p in Person.objects.page_size(300)[:700]] == ids[:700]
    assert [c.body["limit"] for c in _queries(emu)] == [300, 300, 100]
    emu.journal.clear()
    assert len(list(Person.objects.all().iterator(page_size=1000))) == 1200
    assert [c.body["limit"] for c in _queries(emu)] == [1000, 1000]


def test_prefetch_related_costs_two_calls(people: tuple[Emulator, list[str]]) -> None:
    emu, _ = people
    names = [p.company.name for p in Person.objects.all()[:500].prefetch_related("company")]
    assert set(names) == {"C0", "C1", "C2"}
    assert len(emu.journal) == 2
    batch = _queries(emu, "/v2/objects/companies/records/query")
    assert len(batch) == 1 and len(batch[0].body["filter"]["record_id"]["$in"]) == 3


def test_prefetch_shares_instances_within_a_page(people: tuple[Emulator, list[str]]) -> None:
    rows = list(Person.objects.all()[:6].prefetch_related("company"))
    assert rows[0].company is rows[3].company
    assert rows[0].company.is_loaded


def test_nested_prefetch(people: tuple[Emulator, list[str]]) -> None:
    emu, _ = people
    rows = list(Person.objects.all()[:3].prefetch_related("company__team"))
    team = rows[0].company.team
    assert len(team) == 400 and all(m.is_loaded for m in team)
    # people, companies, then 1,200 team members in batches of 500.
    assert len(emu.journal) == 2 + 3


def test_lazy_reference_loads_once_per_instance(people: tuple[Emulator, list[str]]) -> None:
    emu, _ = people
    person = Person.objects.all()[0]
    company = person.company
    assert not company.is_loaded
    assert company.name == "C0" and company.domains[0].domain == "c0.com"
    assert person.company is company and company.is_loaded
    gets = [e for e in emu.journal if e.method == "GET"]
    assert len(gets) == 1 and gets[0].path.endswith(company.id.record_id)


def test_without_a_binding_deferred_access_explains(people: tuple[Emulator, list[str]]) -> None:
    person = Person.objects.all()[0]
    token = q.current_binding.set(None)
    try:
        with pytest.raises(NotLoadedError, match="configure") as info:
            _ = person.company.name
        assert isinstance(info.value.__cause__, q.NoClientConfigured)
    finally:
        q.current_binding.reset(token)


def test_ordering(people: tuple[Emulator, list[str]]) -> None:
    last = [p.name.last_name for p in Person.objects.order_by("-name__last_name")[:3]]
    assert last == ["P1199", "P1198", "P1197"]
    by_company = list(Person.objects.order_by("-company__name", "name__last_name")[:2])
    assert [p.name.last_name for p in by_company] == ["P0002", "P0005"]
    emails = [
        p.email_addresses[0].email_address for p in Person.objects.order_by("email_addresses")[:2]
    ]
    assert emails == ["p0@c0.com", "p1000@c1.com"]
    assert Person.objects.order_by("name__last_name").order_by("-created_at").query.sorts == [
        {"direction": "desc", "attribute": "created_at"}
    ]


def test_get_first_exists_count(people: tuple[Emulator, list[str]]) -> None:
    emu, ids = people
    assert Person.objects.get(email_addresses="p7@c1.com").id.record_id == ids[7]
    with pytest.raises(Person.DoesNotExist) as missing:
        Person.objects.get(email_addresses="nobody@c1.com")
    assert isinstance(missing.value, ObjectDoesNotExist)
    assert "nobody@c1.com" in str(missing.value)
    with pytest.raises(Person.MultipleObjectsReturned):
        Person.objects.get(company=Company.objects.get(name="C1"))
    assert not issubclass(Person.DoesNotExist, Company.DoesNotExist)
    emu.journal.clear()
    assert Person.objects.get(pk=ids[3]).id.record_id == ids[3]
    assert [e.method for e in emu.journal] == ["GET"]
    with pytest.raises(Person.DoesNotExist):
        Person.objects.get(pk="00000000-0000-4000-8000-000000000000")
    assert Person.objects.first().id.record_id == ids[0]  # type: ignore[union-attr]
    assert Person.objects.filter(name="nobody").first() is None
    assert Person.objects.exists() and not Person.objects.filter(name="nobody").exists()
    emu.journal.clear()
    assert Person.objects.count() == 1200
    assert len(emu.journal) == 3
    assert Person.objects.filter(email_addresses__domain="c0.com").count() == 400
    assert Person.objects.all()[10:20].count() == 10


def test_in_bulk_values_and_values_list(people: tuple[Emulator, list[str]]) -> None:
    _, ids = people
    bulk = Person.objects.in_bulk([*ids[:3], "00000000-0000-4000-8000-000000000000"])
    assert sorted(bulk) == sorted(ids[:3])
    assert all(bulk[i].id.record_id == i for i in bulk)
    rows = list(Person.objects.values("name", "job_title")[:2])
    assert [r["name"].last_name for r in rows] == ["P0000", "P0001"]
    assert rows[0]["job_title"] is None
    flat = list(Person.objects.values_list("email_addresses", flat=True)[:2])
    assert [e[0].email_address for e in flat] == ["p0@c0.com", "p1@c1.com"]
    tuples = list(Person.objects.values_list("pk", "name")[:1])
    assert tuples[0][0] == ids[0]
    assert "record_id" in next(iter(Person.objects.values()[:1]))


def test_company_entries_and_entry_queries(world: dict[str, Any]) -> None:
    acme = Company.objects.get(pk=world["acme"])
    entries = list(acme.entries(Sale))
    assert {e.id.entry_id for e in entries} == {world["s_acme_won"], world["s_acme_lead"]}
    won = list(Sale.objects.filter(stage="Won 🎉", parent__domains__domain="acme.com"))
    assert [e.id.entry_id for e in won] == [world["s_acme_won"]]
    assert won[0].parent.name == "Acme Ltd"
    ordered = list(Sale.objects.order_by("-amount"))
    assert [e.amount for e in ordered] == [1000.0, 500.0, 50.0, 10.0]
    by_parent = list(Sale.objects.order_by("parent__name", "amount"))
    assert [e.amount for e in by_parent] == [50.0, 1000.0, 10.0, 500.0]
    assert Sale.objects.get(pk=world["s_zeta_won"]).amount == 500.0
    bulk = Sale.objects.in_bulk([world["s_zeta_won"], world["s_apple_lost"]])
    assert sorted(e.amount for e in bulk.values()) == [10.0, 500.0]
    with pytest.raises(Sale.DoesNotExist):
        Sale.objects.get(stage="Lost", amount__gt=100)
    with pytest.raises(QueryError, match="Sale"):
        Person.objects.get(pk=world["john"]).entries(Sale)


def test_entry_parent_prefetch(world: dict[str, Any], emu: Any) -> None:
    names = [e.parent.name for e in Sale.objects.prefetch_related("parent")]
    assert sorted(names) == ["Acme Ltd", "Acme Ltd", "Apple Inc", "Zeta"]
    assert len(emu.journal) == 2


def test_fetch_refreshes_and_keeps_local_changes(world: dict[str, Any], client: Any) -> None:
    gadget = Gadget.objects.get(title="Alpha")
    client.patch_record("gadgets", world["g_alpha"], {"count": 42})
    gadget.stars = 2
    assert gadget.fetch() is gadget
    assert gadget.count == 42.0 and gadget.stars == 2


def test_reading_skips_values_it_does_not_touch(world: dict[str, Any]) -> None:
    rows = list(Gadget.objects.order_by("title"))
    assert [r.title for r in rows] == ["Alpha", "Beta", "Delta", "gamma ray"]
    # With the `speed` extra the page is parsed only down to each record's values: an
    # attribute's JSON is parsed when its field is first read (title here), never before.
    raw = rows[0]._raw
    if _lazy.AVAILABLE:
        assert isinstance(raw, LazyValues) and raw.parsed_keys == {"title"}
        assert rows[0].count is not None and raw.parsed_keys == {"title", "count"}
    else:
        assert type(raw) is dict


def test_lazily_parsed_instances_pickle_and_refetch(world: dict[str, Any]) -> None:
    gadget = Gadget.objects.get(title="Alpha")
    clone = pickle.loads(pickle.dumps(gadget))
    assert clone.title == "Alpha" and clone.count == gadget.count and clone.id == gadget.id
    assert gadget.fetch().title == "Alpha"


def test_a_malformed_attribute_is_reported_when_read() -> None:
    record = {
        "id": {"workspace_id": "w", "object_id": "o", "record_id": "r1"},
        "values": {"title": [{"active_until": None, "value": "ok"}], "count": 5},
    }
    body = json.dumps({"data": [record]}).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with AttioClient("t" * 40, transport=transport, retry=None) as client:
        (gadget,) = Gadget.objects.using(client).all()
    assert gadget.title == "ok"
    with pytest.raises(DecodeError, match=r"Gadget\.count \(slug 'count', number\)"):
        _ = gadget.count


def test_session_like_binding_is_used(world: dict[str, Any], client: Any) -> None:
    loads: list[str] = []

    class Recording:
        """A minimal Binding (no load_many): every instance goes through load()."""

        def __init__(self, client: Any) -> None:
            self.client = client

        def load(self, model_cls: type[Any], data: dict[str, Any]) -> Any:
            loads.append(data["id"].get("record_id") or data["id"]["entry_id"])
            return model_cls.from_api(data)

        def get_cached(self, model_cls: type[Any], ident: Any) -> Any:
            return None

    binding = Recording(client)
    assert isinstance(binding, q.Binding)
    rows = list(Gadget.objects.using(binding).filter(stars__gte=3))
    assert len(rows) == 2 and len(loads) == 2
    with q.use_binding(binding):
        rows = list(Gadget.objects.filter(stars__gte=3))
    assert len(loads) == 4
    with q.use_binding(binding):
        person = Person.objects.get(pk=world["john"])
        assert person.company.name == "Acme Ltd"
    assert world["acme"] in loads


def test_deferred_instance_without_id() -> None:
    with pytest.raises(NotLoadedError, match="no id"):
        q.fetch(Company(name="x"), binding=q.ClientBinding(object()))


def test_entries_of_a_list_without_meta_parent(world: dict[str, Any]) -> None:
    from particle_orm import fields
    from particle_orm.models import ListEntry

    class LooseSale(ListEntry):
        class Meta:
            list = "sales"

        amount: fields.Number = fields.Number()

    acme = Company.objects.get(pk=world["acme"])
    assert sorted(e.amount for e in acme.entries(LooseSale)) == [50.0, 1000.0]
    with pytest.raises(QueryError, match="ListEntry"):
        acme.entries(Person)


def test_last_and_reverse(world: dict[str, Any], emu: Emulator) -> None:
    emu.journal.clear()
    assert Sale.objects.order_by("-amount").last().amount == 10.0  # type: ignore[union-attr]
    assert Sale.objects.order_by("amount").reverse().first().amount == 1000.0  # type: ignore[union-attr]
    # Without an ordering: the newest (created_at), for records and entries alike.
    assert Sale.objects.last().id.entry_id == world["s_zeta_won"]  # type: ignore[union-attr]
    assert Gadget.objects.last().title == "Delta"  # type: ignore[union-attr]
    assert Company.objects.filter(name="Nobody").last() is None
    assert len(emu.journal) == 5  # one request each
    with pytest.raises(QueryError, match="no order_by to reverse"):
        Sale.objects.reverse()
    with pytest.raises(QueryError, match="cannot take last"):
        Sale.objects.order_by("amount")[:2].last()


async def test_alast(world: dict[str, Any], emu: Emulator) -> None:
    async with emu.async_client(rate_limits=None) as aclient:
        newest = await Sale.objects.using(aclient).alast()
        assert newest is not None and newest.id.entry_id == world["s_zeta_won"]


def test_select_related_is_prefetch_for_single_relations(
    world: dict[str, Any], emu: Emulator
) -> None:
    emu.journal.clear()
    people = list(Person.objects.select_related("company").order_by("name__last_name"))
    assert len(emu.journal) == 2  # the page, then one $in query for the companies
    assert [p.company.name for p in people if p.company] == ["Zeta", "Apple Inc", "Acme Ltd"]
    assert len(emu.journal) == 2  # no lazy loads
    sales = list(Sale.objects.select_related("parent"))
    assert {s.parent.name for s in sales} == {"Acme Ltd", "Apple Inc", "Zeta"}
    with pytest.raises(QueryError, match="'team' holds several records; use prefetch_related"):
        Company.objects.select_related("team")
    with pytest.raises(QueryError, match="is not a reference"):
        Person.objects.select_related("job_title")
