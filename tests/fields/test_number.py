from __future__ import annotations

import math
from decimal import Decimal

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from tests.fields.conftest import bind, env


@pytest.mark.parametrize("raw", [0, 289, 4.7, 24.666015016984808])
def test_decode_int_or_float_to_float(raw: float) -> None:
    value = bind(fields.Number()).decode([env("number", value=raw)])
    assert isinstance(value, float) and value == raw


def test_validate_and_encode() -> None:
    f = bind(fields.Number())
    assert f.validate(3) == 3.0
    assert f.validate(Decimal("1.25")) == 1.25
    assert f.encode(2.5) == [{"value": 2.5}]
    assert f.filter_value(7) == 7.0


@pytest.mark.parametrize("bad", [True, "1", math.nan, math.inf, object(), 10**400])
def test_validate_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue, match="finite int or float"):
        bind(fields.Number()).validate_item(bad)


def test_many_is_a_declaration_error() -> None:
    from particle_orm.errors import DeclarationError

    with pytest.raises(DeclarationError, match="cannot be many"):
        bind(fields.Number(many=True))
