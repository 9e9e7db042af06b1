from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from tests.fields.conftest import bind, env


@pytest.mark.parametrize("value", range(6))
def test_valid_ratings(value: int) -> None:
    f = bind(fields.Rating())
    assert f.validate(value) == value
    assert f.encode(value) == [{"value": value}]
    assert f.decode([env("rating", value=value)]) == value


@pytest.mark.parametrize("bad", [-1, 6, 2.0, True, "3"])
def test_out_of_range_or_wrong_type(bad: object) -> None:
    f = bind(fields.Rating(), name="stars")
    with pytest.raises(InvalidValue) as info:
        f.validate(bad)
    assert info.value.field == "stars"
    assert "0 to 5" in str(info.value)
