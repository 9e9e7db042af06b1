"""Composite identity: the same record_id in other objects or workspaces never collides."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.emulator import Emulator
from particle_orm.fields._directory import ObjectDirectory, object_directory
from particle_orm.session import IdentityMap, Session, SessionUsageError
from particle_orm.standard import Company, Person
from particle_orm.values import RecordId

RID = "11111111-1111-4111-8111-111111111111"


def record(ws: str, obj: str, rid: str = RID, **values: Any) -> dict[str, Any]:
    return {
        "id": {"workspace_id": ws, "object_id": obj, "record_id": rid},
        "created_at": "2025-01-01T00:00:00.000000000Z",
        "web_url": "https://app.attio.com/x",
        "values": {k: [{"active_until": None, "value": v}] for k, v in values.items()},
    }


def test_identity_map_keys_by_the_whole_composite_id() -> None:
    imap = IdentityMap()
    a = imap.load(Company, record("ws-a", "companies-a", name="A"))
    b = imap.load(Company, record("ws-b", "companies-b", name="B"))
    other_object = imap.load(Person, record("ws-a", "people-a"))
    assert len({id(a), id(b), id(other_object)}) == 3
    assert len(imap) == 3
    assert imap.get(RecordId("ws-a", "companies-a", RID)) is a
    assert imap.get(RecordId("ws-b", "companies-b", RID)) is b
    assert imap.get(RecordId("ws-a", "people-a", RID)) is other_object
    assert (a.name, b.name) == ("A", "B")


def test_session_refuses_records_of_another_workspace() -> None:
    session = Session(client=None)
    session.load(Company, record("ws-a", "companies-a"))
    assert session.workspace_id == "ws-a"
    with pytest.raises(SessionUsageError, match="one workspace"):
        session.load(Company, record("ws-b", "companies-b"))


def test_references_get_full_ids_per_workspace() -> None:
    directory: ObjectDirectory = object_directory
    directory.learn("ws-x", "companies", "companies-in-x")
    directory.learn("ws-y", "companies", "companies-in-y")
    ref = [{"active_until": None, "target_object": "companies", "target_record_id": RID}]
    in_x = Person.from_api({**record("ws-x", "people-x"), "values": {"company": ref}})
    in_y = Person.from_api({**record("ws-y", "people-y"), "values": {"company": ref}})
    assert in_x.company is not None and in_y.company is not None
    assert in_x.company.id == RecordId("ws-x", "companies-in-x", RID)
    assert in_y.company.id == RecordId("ws-y", "companies-in-y", RID)
    directory.forget("ws-x")
    directory.forget("ws-y")
    assert directory.object_id("ws-x", "companies") is None


def test_loading_a_page_teaches_the_object_id_of_its_slug() -> None:
    emu = Emulator(seed=11)
    client = emu.client(rate_limits=None)
    company = client.create_record("companies", {"name": "Acme"})
    target = {"target_object": "companies", "target_record_id": company["id"]["record_id"]}
    client.create_record("people", {"company": [target]})
    object_directory.forget(emu.workspace.id)
    with Session(client):
        (before,) = Person.objects.all()
        assert before.company is not None
        assert before.company.id.object_id is None  # not learnt yet: a partial id
        (acme,) = Company.objects.all()
        (after,) = Person.objects.all()
        # The reference names "companies"; the page of companies taught its object id.
        assert after.company is not None
        assert after.company.id == acme.id == RecordId(*company["id"].values())


def test_two_emulators_with_one_seed_share_ids_but_objects_keep_records_apart() -> None:
    # Deterministic ids: the same seed gives the same workspace, object and record ids.
    first, second = Emulator(seed=12), Emulator(seed=12)
    a = first.client(rate_limits=None).create_record("companies", {"name": "One"})
    b = second.client(rate_limits=None).create_record("companies", {"name": "Two"})
    assert a["id"] == b["id"]
    # A session per client: the same composite id in two sessions is two instances.
    with Session(first.client(rate_limits=None)) as s1:
        one = Company.objects.get(pk=a["id"]["record_id"])
        assert s1.get_cached(Company, one.id) is one
    with Session(second.client(rate_limits=None)) as s2:
        two = Company.objects.get(pk=b["id"]["record_id"])
        assert s2.get_cached(Company, two.id) is two
    assert one is not two and (one.name, two.name) == ("One", "Two")
