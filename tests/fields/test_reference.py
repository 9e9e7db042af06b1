from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.models import Model
from particle_orm.standard import Company, Person
from particle_orm.values import RecordId, RecordRef
from tests.fields.conftest import env

C1 = "99a03ff3-0000-4000-8000-000000000001"
A = "99a03ff3-0000-4000-8000-00000000000a"
B = "99a03ff3-0000-4000-8000-00000000000b"
REF = env("record-reference", target_object="companies", target_record_id=C1)


def test_decode_to_deferred_target_with_owner_workspace() -> None:
    p = Person.from_api(
        {
            "id": {"workspace_id": "ws", "object_id": "po", "record_id": "p1"},
            "values": {"company": [REF]},
        }
    )
    company = p.company
    assert isinstance(company, Company)
    assert company.id == RecordId("ws", None, C1)
    assert company.record_id == C1 and not company.is_loaded


def test_string_targets_resolve_lazily() -> None:
    class Project(Model):
        class Meta:
            object = "projects"

        lead: fields.Reference[Later | None] = fields.Reference("Later")

    class Later(Model):
        class Meta:
            object = "laters"

    assert Project._meta.fields["lead"].targets == (Later,)


def test_unknown_target_object_gives_record_ref() -> None:
    f = Person._meta.fields["associated_deals"].clone()
    f.name = "x"
    item = env("record-reference", target_object="nope_objects", target_record_id="r")
    f2 = fields.Reference("particle_orm.standard.Company", "particle_orm.standard.Person")
    assert f2.decode_item(item) == RecordRef("nope_objects", "r")
    assert f.targets


def test_encode_saved_instance_ref_or_bare_id() -> None:
    f = Person._meta.fields["company"]
    expected = [{"target_object": "companies", "target_record_id": C1}]
    assert f.encode(Company.deferred(C1)) == expected
    assert f.encode(C1) == expected
    assert f.encode(RecordRef("companies", C1)) == expected
    assert f.filter_value(Company.deferred(C1)) == expected[0]
    assert f.filter_value(C1, "target_record_id") == C1


@pytest.mark.parametrize("bad", ["c1", RecordRef("companies", "nope")])
def test_ids_must_be_uuids(bad: object) -> None:
    with pytest.raises(InvalidValue, match="UUID"):
        Person._meta.fields["company"].validate(bad)


def test_unsaved_instance_cannot_encode() -> None:
    with pytest.raises(InvalidValue, match="saved record"):
        Person._meta.fields["company"].encode(Company(name="x"))


def test_wrong_model_rejected() -> None:
    with pytest.raises(InvalidValue, match="a Company record"):
        Person(company=Person.deferred("p"))


def test_many() -> None:
    c = Company(team=[Person.deferred(A), Person.deferred(B)])
    assert c.to_api_values()["team"] == [
        {"target_object": "people", "target_record_id": A},
        {"target_object": "people", "target_record_id": B},
    ]
