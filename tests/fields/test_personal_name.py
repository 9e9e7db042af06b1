from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import PersonalName
from tests.fields.conftest import bind, env


def test_decode() -> None:
    item = env(
        "personal-name", first_name="Alisha", last_name="Gonzalez", full_name="Alisha Gonzalez"
    )
    assert bind(fields.PersonalName()).decode([item]) == PersonalName("Alisha", "Gonzalez")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Smith, John", "John", "Smith"),
        ("John", "John", ""),
        ("Smith, John, Jr", "John, Jr", "Smith"),
    ],
)
def test_last_first_shorthand(text: str, first: str, last: str) -> None:
    value = bind(fields.PersonalName()).validate(text)
    assert (value.first_name, value.last_name) == (first, last)


def test_encode_sends_all_three_keys() -> None:
    assert bind(fields.PersonalName()).encode(PersonalName("Ada", None)) == [
        {"first_name": "Ada", "last_name": "", "full_name": "Ada"}
    ]


@pytest.mark.parametrize("bad", ["  ", 3, PersonalName(1, "x")])  # type: ignore[arg-type]
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.PersonalName()).validate(bad)


def test_filter_is_full_name_and_properties() -> None:
    f = bind(fields.PersonalName())
    assert f.filter_value("Smith, John") == "John Smith"
    assert f.filter_value("John", "first_name") == "John"
