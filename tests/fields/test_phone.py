from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import PhoneNumber
from tests.fields.conftest import bind, env


def test_decode() -> None:
    item = env(
        "phone-number",
        phone_number="+18042498888",
        original_phone_number="+1 804 249 8888",
        country_code="US",
    )
    assert bind(fields.PhoneNumber()).decode([item]) == PhoneNumber(
        "+1 804 249 8888", "US", "+18042498888"
    )


def test_international_str() -> None:
    f = bind(fields.PhoneNumber())
    assert f.validate("+44 7777 777777").e164 == "+447777777777"
    assert f.encode("+447777777777") == [
        {"original_phone_number": "+447777777777", "country_code": None}
    ]
    assert f.filter_value("+44 7777 777777") == "+447777777777"


def test_national_number_needs_country() -> None:
    f = bind(fields.PhoneNumber())
    with pytest.raises(InvalidValue, match="country_code"):
        f.validate("07777 777777")
    assert f.encode(PhoneNumber("07777 777777", "GB")) == [
        {"original_phone_number": "07777 777777", "country_code": "GB"}
    ]


@pytest.mark.parametrize("bad", ["+12", "call me", PhoneNumber("0777", "gb"), 447777])
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.PhoneNumber()).validate(bad)
