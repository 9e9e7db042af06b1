from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from tests.fields.conftest import bind, env


def test_decode_encode() -> None:
    f = bind(fields.Date())
    assert f.decode([env("date", value="2024-11-26")]) == date(2024, 11, 26)
    assert f.encode(date(2004, 7, 29)) == [{"value": "2004-07-29"}]
    assert f.filter_value("2019-01-01") == "2019-01-01"


def test_accepts_iso_string() -> None:
    assert bind(fields.Date()).validate("9999-12-31") == date(9999, 12, 31)


@pytest.mark.parametrize(
    "bad", [datetime(2024, 1, 1, tzinfo=timezone.utc), "2024-1-1", "2024", 20240101]
)
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue, match=r"datetime\.date"):
        bind(fields.Date()).validate(bad)
