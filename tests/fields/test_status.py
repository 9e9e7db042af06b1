from __future__ import annotations

import enum

import pytest

from particle_orm import fields
from particle_orm.errors import DeclarationError, InvalidValue
from particle_orm.values import StatusId, StatusValue
from tests.fields.conftest import bind, env

STATUS = {
    "id": {"workspace_id": "w", "object_id": "l", "attribute_id": "a", "status_id": "s"},
    "title": "Won 🎉",
    "is_archived": False,
    "target_time_in_status": "P0Y0M1DT0H0M0S",
    "celebration_enabled": True,
}


class Stage(str, enum.Enum):
    LEAD = "Lead"
    WON = "Won 🎉"


def test_decode() -> None:
    value = bind(fields.Status()).decode([env("status", status=STATUS)])
    assert isinstance(value, StatusValue) and value == "Won 🎉"
    assert value.id == StatusId("w", "l", "a", "s")
    assert value.celebration_enabled and value.target_time_in_status == "P0Y0M1DT0H0M0S"


def test_immutable() -> None:
    value = StatusValue("Lead")
    with pytest.raises(AttributeError):
        value.is_archived = True  # type: ignore[misc]


def test_enum() -> None:
    f = bind(fields.Status(enum=Stage))
    assert f.decode([env("status", status=STATUS)]) is Stage.WON
    assert f.encode(Stage.LEAD) == [{"status": "Lead"}]
    assert f.filter_value("Lead") == "Lead"


def test_single_only() -> None:
    with pytest.raises(DeclarationError, match="cannot be many"):
        bind(fields.Status(many=True))


def test_rejects_non_titles() -> None:
    with pytest.raises(InvalidValue, match="status title"):
        bind(fields.Status()).validate(3)


def test_enum_writes_and_unknown_statuses() -> None:
    f = bind(fields.Status(enum=Stage))
    assert f.validate("Lead") is Stage.LEAD
    with pytest.raises(InvalidValue, match="a member of Stage or one of its titles"):
        f.validate("Leed")
    other = {**STATUS, "title": "Lost"}
    kept = f.decode([env("status", status=other)])
    assert isinstance(kept, StatusValue) and kept == "Lost"
    strict = bind(fields.Status(enum=Stage, unknown="raise"))
    with pytest.raises(ValueError, match="'Lost' is not a title in Stage"):
        strict.decode([env("status", status=other)])
    assert strict.decode([env("status", status=STATUS)]) is Stage.WON
