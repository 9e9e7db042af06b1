"""Model / ListEntry declarations, instances, change tracking and hooks."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.errors import DeclarationError, ReadOnlyFieldError, RequiredFieldError
from particle_orm.models import (
    DecodeError,
    ListEntry,
    Model,
    NotLoadedError,
    set_client_resolver,
    set_loader,
)
from particle_orm.standard import Company, Deal, Person
from particle_orm.values import Domain, EntryId, Instant, RecordId


def value(attribute_type: str, **body: Any) -> dict[str, Any]:
    return {
        "active_from": "2025-01-01T00:00:00.000000000Z",
        "active_until": None,
        "created_by_actor": {"type": "system", "id": None},
        **body,
        "attribute_type": attribute_type,
    }


def company_json(record_id: str = "c1", workspace_id: str = "ws") -> dict[str, Any]:
    return {
        "id": {"workspace_id": workspace_id, "object_id": "oc", "record_id": record_id},
        "created_at": "2025-04-18T22:12:59.167000123Z",
        "web_url": f"https://app.attio.com/x/company/{record_id}",
        "values": {
            "name": [value("text", value="Acme")],
            "domains": [value("domain", domain="acme.com", root_domain="acme.com")],
            "team": [],
            "record_id": [value("text", value=record_id)],
        },
    }


@pytest.fixture
def loader() -> Iterator[list[Any]]:
    calls: list[Any] = []

    def load(obj: Any) -> None:
        calls.append(obj.id)
        obj._apply_response(company_json(obj.record_id, obj.id.workspace_id or "ws"))

    previous = set_loader(load)
    yield calls
    set_loader(previous)


# ------------------------------------------------------------------ declarations


def test_meta_is_built_once_with_slug_tables() -> None:
    class Ticket(Model):
        class Meta:
            object = "tickets"
            match_on = "code"

        title: fields.Text = fields.Text(required=True)
        code: fields.Text = fields.Text(slug="ticket_code", unique=True)

    meta = Ticket._meta
    assert meta.object == "tickets" and meta.container == "tickets"
    assert list(meta.fields) == ["title", "code"]
    assert meta.fields_by_slug["ticket_code"] is meta.fields["code"]
    assert meta.match_on is meta.fields["code"]
    assert meta.decoders["title"] == ("title", meta.fields["title"])
    assert meta.fields["code"].model is Ticket


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"a": fields.Text(slug="x"), "b": fields.Text(slug="x")}, "duplicate slug 'x'"),
        ({"a": fields.Rating(many=True)}, "cannot be many"),
        ({"save_me": fields.Text(), "history": fields.Text()}, "shadows"),
        ({"_private": fields.Text()}, "cannot start with '_'"),
        ({"tags": fields.Select(unique=True)}, "cannot be unique"),
        (
            {"a": fields.Text(attribute_id="i1"), "b": fields.Text(attribute_id="i1")},
            "duplicate attribute_id",
        ),
    ],
)
def test_declaration_errors(body: dict[str, Any], message: str) -> None:
    body = {"Meta": type("Meta", (), {"object": "things"}), **body}
    with pytest.raises(DeclarationError, match=message):
        type(Model)("Thing", (Model,), body)


def test_a_field_object_cannot_serve_two_models() -> None:
    shared = fields.Text()
    type(Model)("One", (Model,), {"Meta": type("Meta", (), {"object": "ones"}), "x": shared})
    with pytest.raises(DeclarationError, match=r"already bound to One\.x"):
        type(Model)("Two", (Model,), {"Meta": type("Meta", (), {"object": "twos"}), "y": shared})


def test_bad_meta_keys_and_missing_object() -> None:
    with pytest.raises(DeclarationError, match=r"unknown option.*'objekt'"):

        class Typo(Model):
            class Meta:
                objekt = "x"

    with pytest.raises(DeclarationError, match=r"needs Meta\.object"):

        class NoObject(Model):
            pass

    with pytest.raises(DeclarationError, match=r"needs Meta\.list"):

        class NoList(ListEntry):
            pass

    with pytest.raises(DeclarationError, match="match_on"):

        class BadMatch(Model):
            class Meta:
                object = "x"
                match_on = "nope"


def test_subclass_inherits_fields_and_meta() -> None:
    class MyCompany(Company):
        rating: fields.Number = fields.Number(slug="google_rating_1")

    assert MyCompany._meta.object == "companies"
    assert MyCompany._meta.match_on is not None and MyCompany._meta.match_on.slug == "domains"
    assert MyCompany._meta.fields["name"] is not Company._meta.fields["name"]
    assert MyCompany._meta.fields["name"].model is MyCompany
    assert "rating" in MyCompany._meta.fields and "rating" not in Company._meta.fields


def test_bind_by_ids() -> None:
    class ById(Model):
        class Meta:
            object_id = "0b1ec7"

        score: fields.Number = fields.Number(attribute_id="a77r")

    f = ById._meta.fields["score"]
    assert f.key == "a77r" and f.bound_by_id
    assert ById._meta.container == "0b1ec7"
    assert ById(score=1).to_api_values() == {"a77r": [{"value": 1.0}]}
    assert ById.deferred("r").id == RecordId(None, "0b1ec7", "r")
    data = {"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"}}
    keyed_by_id = ById.from_api({**data, "values": {"a77r": [value("number", value=2)]}})
    assert keyed_by_id.score == 2.0
    ById._meta.rebind("score", "renamed_score")
    assert ById._meta.fields_by_slug["renamed_score"] is f
    renamed = ById.from_api({**data, "values": {"renamed_score": [value("number", value=3)]}})
    assert renamed.score == 3.0


def test_abstract_models_cannot_be_instantiated() -> None:
    class Base(Model):
        class Meta:
            abstract = True

        note: fields.Text = fields.Text()

    with pytest.raises(TypeError, match="abstract"):
        Base()


def test_unknown_constructor_argument() -> None:
    with pytest.raises(TypeError, match="'nmae'"):
        Company(nmae="x")  # type: ignore[call-arg]


# ------------------------------------------------------------------ loading


def test_from_api_is_lazy_and_cached() -> None:
    c = Company.from_api(company_json())
    assert c._cache == {}
    assert c.name == "Acme"
    assert set(c._cache) == {"name"}
    assert c.domains is c.domains
    assert c.id == RecordId("ws", "oc", "c1") and c.record_id == "c1"
    assert c.web_url == "https://app.attio.com/x/company/c1"
    assert c.api_created_at == Instant.parse("2025-04-18T22:12:59.167000123Z")
    assert c.created_at is None  # the standard models' created_at is the attribute
    assert c.description is None and c.team == []
    assert not c.changed_fields()


def test_absent_slug_reads_empty() -> None:
    c = Company.from_api(
        {"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"}, "values": {}}
    )
    assert c.name is None and c.categories == []


def test_malformed_raw_value_names_field() -> None:
    data = company_json()
    data["values"]["name"] = [{"active_until": None, "oops": 1}]
    with pytest.raises(DecodeError, match=r"Company\.name \(slug 'name', text\)"):
        _ = Company.from_api(data).name


def test_composite_ids_do_not_collide() -> None:
    a = Company.from_api(company_json("same", "ws1"))
    b = Company.from_api(company_json("same", "ws2"))
    p = Person.from_api(
        {"id": {"workspace_id": "ws1", "object_id": "op", "record_id": "same"}, "values": {}}
    )
    assert len({a.id, b.id, p.id}) == 3


def test_deferred_without_loader_raises(loader: list[Any]) -> None:
    previous = set_loader(None)
    try:
        c = Company.deferred("c9")
        assert c.record_id == "c9"
        with pytest.raises(NotLoadedError, match=r"Company record_id='c9'.*prefetch_related"):
            _ = c.name
    finally:
        set_loader(previous)


def test_deferred_loads_once_through_loader(loader: list[Any]) -> None:
    c = Company.deferred("c2", workspace_id="ws")
    assert not c.is_loaded and loader == []
    assert c.record_id == "c2"
    assert c.name == "Acme"
    assert c.is_loaded and c.domains[0].domain == "acme.com"
    assert loader == [RecordId("ws", None, "c2")]


def test_loader_keeps_unsaved_local_changes(loader: list[Any]) -> None:
    c = Company.deferred("c3")
    c.name = "Renamed"
    assert loader == []
    assert c.domains[0].domain == "acme.com"
    assert c.name == "Renamed"
    assert c.to_api_values() == {"name": [{"value": "Renamed"}]}


# ------------------------------------------------------------------ change tracking


def test_set_tracks_overwrite() -> None:
    c = Company.from_api(company_json())
    c.name = "New"
    change = c.changed_fields()["name"]
    assert change.value == "New" and not change.append_only
    assert c.to_api_values() == {"name": [{"value": "New"}]}
    c._mark_clean()
    assert c.changed_fields() == {} and not c.is_dirty


def test_append_only_many_changes() -> None:
    c = Company.from_api(company_json())
    c.domains.append("b.com")
    c.domains.extend(["c.com"])
    change = c.changed_fields()["domains"]
    assert change.append_only
    assert [d.domain for d in change.added or ()] == ["b.com", "c.com"]
    assert c.to_api_values(append=True) == {"domains": [{"domain": "b.com"}, {"domain": "c.com"}]}
    assert c.to_api_values() == {
        "domains": [{"domain": "acme.com"}, {"domain": "b.com"}, {"domain": "c.com"}]
    }


@pytest.mark.parametrize(
    "mutate",
    [
        lambda lst: lst.remove(lst[0]),
        lambda lst: lst.pop(),
        lambda lst: lst.clear(),
        lambda lst: lst.__setitem__(0, "z.com"),
        lambda lst: lst.__delitem__(0),
        lambda lst: lst.sort(key=str, reverse=True),
        lambda lst: lst.reverse(),
    ],
)
def test_other_mutations_overwrite(mutate: Any) -> None:
    c = Company.from_api(company_json())
    c.domains.append("b.com")
    mutate(c.domains)
    assert not c.changed_fields()["domains"].append_only


def test_assigning_a_longer_list_with_same_prefix_is_append() -> None:
    c = Company.from_api(company_json())
    c.domains = [*c.domains, Domain("b.com", "b.com")]
    assert c.changed_fields()["domains"].added == (Domain("b.com", "b.com"),)
    c.domains = ["other.com"]
    assert not c.changed_fields()["domains"].append_only


def test_appended_values_are_validated() -> None:
    from particle_orm.errors import InvalidValue

    c = Company.from_api(company_json())
    with pytest.raises(InvalidValue, match=r"Company\.domains"):
        c.domains.append("not a domain")
    assert not c.is_dirty


def test_read_only_write_raises_immediately() -> None:
    c = Company.from_api(company_json())
    with pytest.raises(ReadOnlyFieldError, match=r"Company\.logo_url"):
        c.logo_url = "x"
    with pytest.raises(ReadOnlyFieldError):
        Company(record_id="x")
    with pytest.raises(ReadOnlyFieldError):
        c.to_api_values(only=["logo_url"])


def test_only_and_slug_names() -> None:
    c = Company.from_api(company_json())
    assert c.to_api_values(only=["name"]) == {"name": [{"value": "Acme"}]}


def test_validate_for_create() -> None:
    with pytest.raises(RequiredFieldError, match=r"Deal\.stage"):
        Deal(name="x").validate_for_create()
    Deal(name="x", stage="Lead", owner="a@b.co").validate_for_create()


def test_defaults() -> None:
    class Flagged(Model):
        class Meta:
            object = "flagged"

        active: fields.Checkbox = fields.Checkbox(default=True)
        tags: fields.Select[list[Any]] = fields.Select(many=True, default=lambda: ["new"])

    f = Flagged()
    assert f.active is True and f.tags == ["new"]
    assert Flagged(active=False).active is False


def test_apply_response_clean() -> None:
    c = Company(name="Acme")
    c._apply_response(company_json("c5"), clean=True)
    assert c.id == RecordId("ws", "oc", "c5") and not c.is_dirty and c.name == "Acme"


def test_pickle_round_trip_keeps_tracking() -> None:
    c = Company.from_api(company_json())
    c.domains.append("b.com")
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.id == c.id and c2.changed_fields()["domains"].append_only
    c2.domains.append("c.com")
    assert len(c2.changed_fields()["domains"].added or ()) == 2


# ------------------------------------------------------------------ entries


class Sale(ListEntry):
    class Meta:
        list = "sales"
        parent = Company

    stage: fields.Status[Any] = fields.Status()
    entry_id: fields.Text = fields.Text(read_only=True)


ENTRY = {
    "id": {"workspace_id": "ws", "list_id": "l1", "entry_id": "e1"},
    "parent_record_id": "c1",
    "parent_object": "companies",
    "created_at": "2024-11-12T12:01:10.798000000Z",
    "entry_values": {
        "stage": [
            value("status", status={"id": None, "title": "Prospecting", "is_archived": False})
        ],
        "entry_id": [value("text", value="e1")],
    },
}


def test_entry_from_api_and_parent() -> None:
    e = Sale.from_api(ENTRY)
    assert e.id == EntryId("ws", "l1", "e1") and e.entry_id == "e1"
    assert e.stage == "Prospecting"
    assert e.parent_record_id == "c1" and e.parent_object == "companies"
    parent = e.parent
    assert isinstance(parent, Company) and parent.id == RecordId("ws", None, "c1")
    assert e.parent is parent


def test_new_entry_with_parent() -> None:
    e = Sale(parent=Company.from_api(company_json()), stage="Won")
    assert e.parent_record_id == "c1" and e.parent_object == "companies"
    with pytest.raises(TypeError, match="must be a Company"):
        Sale(parent=Person.deferred("p"))


def test_entry_parent_is_immutable_once_saved() -> None:
    e = Sale.from_api(ENTRY)
    with pytest.raises(TypeError, match="immutable_value"):
        e.parent = Company.deferred("other")


# ------------------------------------------------------------------ history and pydantic


class FakeClient:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def list_record_attribute_values(
        self, obj: str, rid: str, attr: str, *, show_historic: bool
    ) -> list[dict[str, Any]]:
        self.calls.append((obj, rid, attr, show_historic))
        return [
            {**value("text", value="Old"), "active_until": "2025-02-01T00:00:00.000000000Z"},
            value("text", value="New"),
        ]


def test_history_via_client_and_resolver() -> None:
    client = FakeClient()
    c = Company.from_api(company_json())
    hist = c.history("name", client=client)
    assert [h.value for h in hist] == ["Old", "New"]
    assert hist[0].active_until == Instant.parse("2025-02-01T00:00:00.000000000Z")
    assert hist[1].is_active and hist[1].actor is not None
    assert client.calls == [("companies", "c1", "name", True)]
    with pytest.raises(NotLoadedError, match="needs a client"):
        c.history("name")
    previous = set_client_resolver(lambda obj: client)
    try:
        assert len(c.history("name")) == 2
    finally:
        set_client_resolver(previous)


def test_pydantic_model_and_to_pydantic() -> None:
    schema_cls = Person.pydantic_model()
    assert Person.pydantic_model() is schema_cls
    schema = schema_cls.model_json_schema()
    assert schema["properties"]["email_addresses"]["type"] == "array"
    p = Person.from_api(
        {
            "id": {"workspace_id": "w", "object_id": "o", "record_id": "p1"},
            "values": {"created_at": [value("timestamp", value="2025-01-01T00:00:00.000000001Z")]},
        }
    )
    dumped = p.to_pydantic().model_dump(mode="json")
    assert dumped["record_id"] == "p1"
    assert dumped["created_at"] == "2025-01-01T00:00:00.000000001Z"


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_fastapi_endpoint_returns_orm_objects() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()
    schema = Company.pydantic_model()

    @app.get("/company", response_model=schema)
    def get_company() -> Any:
        return Company.from_api(company_json()).to_pydantic()

    body = TestClient(app).get("/company").json()
    assert body["record_id"] == "c1" and body["name"] == "Acme"
    assert body["domains"] == ["acme.com"] and body["team"] == []
    openapi = app.openapi()
    assert "CompanySchema" in openapi["components"]["schemas"]


class AsyncFakeClient:
    async def list_entry_attribute_values(
        self, lst: str, eid: str, attr: str, *, show_historic: bool
    ) -> list[dict[str, Any]]:
        assert (lst, eid, attr, show_historic) == ("sales", "e1", "stage", True)
        return [value("status", status={"id": None, "title": "Lead", "is_archived": False})]


async def test_ahistory_on_entries() -> None:
    hist = await Sale.from_api(ENTRY).ahistory("stage", client=AsyncFakeClient())
    assert [h.value for h in hist] == ["Lead"]


def test_constructor_typo_gets_a_suggestion() -> None:
    from particle_orm.standard import Person

    with pytest.raises(TypeError, match=r"'job_titel'; did you mean 'job_title'\?"):
        Person(job_titel="CTO")  # type: ignore[call-arg]
    with pytest.raises(KeyError, match=r"did you mean 'job_title'\?"):
        Person._meta.field("jobtitle")


def test_value_at_reads_history_on_the_emulator() -> None:
    """value_at picks what was active then: single and many fields, before creation."""
    from datetime import datetime, timedelta, timezone

    from particle_orm.emulator import Emulator

    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    emu = Emulator(seed=5, clock=t0)
    with emu.client(rate_limits=None) as client:
        rid = client.create_record(
            "companies", {"name": "Acme", "categories": ["B2B"], "domains": ["acme.com"]}
        )["id"]["record_id"]
        emu.clock.advance(3600)
        client.patch_record("companies", rid, {"name": "Acme Ltd", "categories": ["SaaS"]})
        emu.clock.advance(3600)
        client.put_record("companies", rid, {"categories": ["B2C"]})
        acme = Company.deferred(rid)
        at = partial(acme.value_at, client=client)
        assert at("name", t0 - timedelta(seconds=1)) is None
        assert at("name", t0) == "Acme"
        assert at("name", t0 + timedelta(minutes=59)) == "Acme"
        assert at("name", t0 + timedelta(hours=1)) == "Acme Ltd"
        assert at("categories", t0 + timedelta(minutes=30)) == ["B2B"]
        assert at("categories", t0 + timedelta(minutes=90)) == ["B2B", "SaaS"]  # PATCH appends
        assert at("categories", t0 + timedelta(hours=3)) == ["B2C"]  # PUT replaced both
        with pytest.raises(TypeError, match="timezone-aware"):
            at("name", datetime(2024, 1, 1))


async def test_avalue_at() -> None:
    from datetime import datetime, timezone

    sale = Sale.from_api(ENTRY)
    when = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert await sale.avalue_at("stage", when, client=AsyncFakeClient()) == "Lead"
