from __future__ import annotations

import enum
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.errors import DeclarationError, InvalidValue
from particle_orm.values import Option, OptionId
from tests.fields.conftest import bind, env

IDS = {"workspace_id": "w", "object_id": "o", "attribute_id": "a", "option_id": "x"}


def opt(title: str) -> dict[str, Any]:
    return env("select", option={"id": IDS, "title": title, "is_archived": False})


class Tier(str, enum.Enum):
    GOLD = "Gold"
    SILVER = "Silver"


def test_decode_option_is_a_str_with_the_object() -> None:
    value = bind(fields.Select()).decode([opt("Good")])
    assert isinstance(value, Option) and value == "Good"
    assert value.id == OptionId("w", "o", "a", "x") and value.is_archived is False


def test_many() -> None:
    f = bind(fields.Select(many=True))
    assert f.decode([opt("A"), opt("B")]) == ["A", "B"]
    assert f.encode(["A", Option("B")]) == [{"option": "A"}, {"option": "B"}]
    with pytest.raises(InvalidValue, match="a list of"):
        f.validate("A")


def test_enum_mapping_and_unknown_titles() -> None:
    f = bind(fields.Select(enum=Tier))
    assert f.decode([opt("Gold")]) is Tier.GOLD
    unknown = f.decode([opt("Bronze")])
    assert isinstance(unknown, Option) and unknown == "Bronze"
    assert f.encode(Tier.SILVER) == [{"option": "Silver"}]
    assert f.filter_value(Tier.SILVER) == "Silver"


def test_wrong_enum_rejected() -> None:
    class Other(enum.Enum):
        X = "X"

    with pytest.raises(InvalidValue, match="Tier"):
        bind(fields.Select(enum=Tier)).validate(Other.X)


@pytest.mark.parametrize("bad", ["", 3, object()])
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.Select()).validate_item(bad)


def test_select_cannot_be_unique() -> None:
    with pytest.raises(DeclarationError, match="unique"):
        bind(fields.Select(unique=True))


def test_option_pickles_with_its_id_and_is_immutable() -> None:
    import pickle

    value = bind(fields.Select()).decode([opt("Good")])
    back = pickle.loads(pickle.dumps(value))
    assert back == "Good" and back.id == OptionId("w", "o", "a", "x")
    with pytest.raises(AttributeError):
        value.is_archived = True  # type: ignore[misc]


def test_enum_writes_take_members_or_their_titles_only() -> None:
    f = bind(fields.Select(enum=Tier))
    assert f.validate("Gold") is Tier.GOLD
    assert f.validate(Tier.SILVER) is Tier.SILVER
    with pytest.raises(InvalidValue, match=r"got 'Gld' \(str\); expected a member of Tier or one"):
        f.validate("Gld")
    with pytest.raises(InvalidValue, match=r"did you mean 'Gold'\?"):
        f.validate("gold ")
    # An option read from the workspace that the enum lacks may be written back as is.
    kept = f.decode([opt("Bronze")])
    assert f.validate(kept) is kept and f.encode(kept) == [{"option": "Bronze"}]
    many = bind(fields.Select(enum=Tier, many=True))
    assert many.validate(["Gold", Tier.SILVER]) == [Tier.GOLD, Tier.SILVER]


def test_unknown_raise_names_the_field_and_the_title() -> None:
    from particle_orm.errors import DecodeError
    from particle_orm.models import Model

    class Plan(Model):
        class Meta:
            object = "plans"

        tier: fields.Select[Tier | None] = fields.Select(enum=Tier, unknown="raise")

    plan = Plan.from_api(
        {
            "id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
            "values": {"tier": [opt("Bronze")]},
        }
    )
    with pytest.raises(DecodeError, match=r"Plan\.tier .*'Bronze' is not a title in Tier"):
        _ = plan.tier
    good = Plan.from_api(
        {
            "id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
            "values": {"tier": [opt("Gold")]},
        }
    )
    assert good.tier is Tier.GOLD


class Numbered(enum.Enum):
    ONE = 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"enum": Tier, "unknown": "ignore"}, 'unknown= must be "keep" or "raise"'),
        ({"enum": dict}, "enum= must be an Enum class"),
        ({"enum": Numbered}, "member values must be option/status titles"),
    ],
)
def test_enum_declaration_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        fields.Select(**options)
