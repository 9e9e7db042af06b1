from __future__ import annotations

from decimal import Decimal

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import Money
from tests.fields.conftest import bind, env


def test_decode_int_and_float_amounts() -> None:
    f = bind(fields.Currency())
    assert f.decode([env("currency", currency_value=100012, currency_code="USD")]) == Money(
        Decimal(100012), "USD"
    )
    assert f.decode([env("currency", currency_value=4.99, currency_code=None)]) == Money(
        Decimal("4.99"), None
    )


def test_write_forms_and_encoding() -> None:
    f = bind(fields.Currency(currency="EUR"))
    assert f.validate(5) == Money(Decimal(5), "EUR")
    assert f.validate("4.99") == Money(Decimal("4.99"), "EUR")
    assert f.encode(Money(Decimal("4.99"))) == [{"currency_value": 4.99}]
    assert f.encode(Money(Decimal("100.00"))) == [{"currency_value": 100}]
    assert f.filter_value(Decimal("10.5")) == 10.5


def test_too_many_decimals() -> None:
    with pytest.raises(InvalidValue, match="4 decimal places"):
        bind(fields.Currency()).validate(Decimal("1.00001"))


def test_currency_mismatch() -> None:
    with pytest.raises(InvalidValue, match="USD"):
        bind(fields.Currency(currency="USD")).validate(Money(Decimal(1), "EUR"))


@pytest.mark.parametrize("bad", ["abc", True, float("nan"), [1]])
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.Currency()).validate(bad)


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        # Found by the property tests: quantize() raised decimal.InvalidOperation here.
        (Decimal("123456789012345678901234567.89012"), "4 decimal places"),
        # float() of this is inf, which is not JSON.
        (Decimal("1" + "0" * 400 + ".5"), "below 1e15"),
        # int() of this would build a 100-million-digit integer.
        ("1e99999999", "below 1e15"),
    ],
)
def test_extreme_amounts_are_invalid_values(bad: object, expected: str) -> None:
    with pytest.raises(InvalidValue, match=expected):
        bind(fields.Currency()).validate(bad)


def test_trailing_zeros_do_not_count_as_decimals() -> None:
    f = bind(fields.Currency())
    assert f.encode(Decimal("1.23450000")) == [{"currency_value": 1.2345}]
    assert f.encode(Decimal("1E+3")) == [{"currency_value": 1000}]
