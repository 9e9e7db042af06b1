from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import Actor
from tests.fields.conftest import bind, env

MEMBER = "50cf242c-7fa3-4cad-87d0-75b1af71c57b"


def test_decode_system_actor_with_null_id() -> None:
    item = env("actor-reference", referenced_actor_type="system", referenced_actor_id=None)
    assert bind(fields.ActorReference()).decode([item]) == Actor("system", None)


def test_write_member_by_id_or_email() -> None:
    f = bind(fields.ActorReference(many=True))
    assert f.encode([Actor.member(MEMBER), "alice@attio.com"]) == [
        {"referenced_actor_type": "workspace-member", "referenced_actor_id": MEMBER},
        {"workspace_member_email_address": "alice@attio.com"},
    ]


@pytest.mark.parametrize(
    "bad", [Actor("system", None), Actor("api-token", "t"), Actor.member("m1"), "nope", 3]
)
def test_only_members_writable(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.ActorReference()).validate(bad)


def test_filter_needs_type_and_id() -> None:
    f = bind(fields.ActorReference())
    assert f.filter_value(Actor("api-token", "t")) == {
        "referenced_actor_type": "api-token",
        "referenced_actor_id": "t",
    }
    with pytest.raises(InvalidValue):
        f.filter_value(Actor("system", None))
