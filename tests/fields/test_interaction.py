from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import ReadOnlyFieldError
from particle_orm.models import Model
from particle_orm.values import Actor, Instant, Interaction
from tests.fields.conftest import bind, env

ITEM = env(
    "interaction",
    interaction_type="email",
    interacted_at="2025-05-12T19:03:30.000000000Z",
    owner_actor={"type": "workspace-member", "id": "m1"},
)


def test_decode() -> None:
    assert bind(fields.Interaction()).decode([ITEM]) == Interaction(
        "email", Instant.parse("2025-05-12T19:03:30.000000000Z"), Actor("workspace-member", "m1")
    )


def test_always_read_only() -> None:
    class Contact(Model):
        class Meta:
            object = "contacts_interaction_test"

        last: fields.Interaction = fields.Interaction()

    with pytest.raises(ReadOnlyFieldError, match=r"Contact\.last"):
        Contact(last=None)
    with pytest.raises(ReadOnlyFieldError):
        Contact._meta.fields["last"].encode(Interaction("email", None, None))


def test_filter_properties() -> None:
    f = bind(fields.Interaction())
    assert f.filter_value("2025-01-01", "interacted_at") == "2025-01-01T00:00:00.000000000Z"
    assert f.filter_value("m1", "owner_member_id") == "m1"
