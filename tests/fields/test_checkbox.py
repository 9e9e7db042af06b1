from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from tests.fields.conftest import bind, env


@pytest.mark.parametrize("value", [True, False])
def test_round_trip(value: bool) -> None:
    f = bind(fields.Checkbox())
    assert f.decode([env("checkbox", value=value)]) is value
    assert f.encode(value) == [{"value": value}]
    assert f.filter_value(value) is value


@pytest.mark.parametrize("bad", [1, 0, "true", object()])
def test_only_bools(bad: object) -> None:
    with pytest.raises(InvalidValue, match="a bool"):
        bind(fields.Checkbox()).validate(bad)
