"""Currency attributes (``currency``): :class:`~particle_orm.values.Money`.

The amount is a ``Decimal`` (Attio keeps at most 4 decimal places); the currency code
belongs to the attribute, not the value, so it is never written. Declare it with
``Currency(currency="USD")`` to stamp new values and reject mismatched ones.

Example:
    >>> from particle_orm import fields
    >>> f = fields.Currency(slug="value", currency="USD")
    >>> f.validate("4.99")
    Money(amount=Decimal('4.99'), currency='USD')
    >>> f.encode(f.validate("4.99"))
    [{'currency_value': 4.99}]
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from particle_orm.fields._base import MISSING, Field
from particle_orm.values import Money

__all__ = ["Currency"]

# Attio keeps amounts as 64-bit floats: beyond ~15 significant digits they are not exact.
_MAX_DIGITS = 15


class Currency(Field[Money | None]):
    """A money amount.

    Example:
        >>> Currency(slug="arr").decode([{"active_until": None, "currency_value": 100012,
        ...     "currency_code": "USD"}])
        Money(amount=Decimal('100012'), currency='USD')
    """

    attribute_type = "currency"
    property_names = ("currency_value",)
    expected = "a Money, Decimal, int, float or numeric str with at most 4 decimal places"

    def __init__(
        self,
        *,
        currency: str | None = None,
        slug: str | None = None,
        attribute_id: str | None = None,
        many: bool = False,
        required: bool = False,
        unique: bool = False,
        read_only: bool = False,
        default: Any = MISSING,
        title: str | None = None,
    ) -> None:
        super().__init__(
            slug=slug,
            attribute_id=attribute_id,
            many=many,
            required=required,
            unique=unique,
            read_only=read_only,
            default=default,
            title=title,
        )
        self.currency = currency

    def decode_item(self, item: dict[str, Any]) -> Any:
        raw = item["currency_value"]
        amount = Decimal(raw) if isinstance(raw, int) else Decimal(str(raw))
        return Money(amount, item.get("currency_code"))

    def validate_item(self, value: object) -> Money:
        if isinstance(value, Money):
            money = value
            if (
                money.currency is not None
                and self.currency is not None
                and money.currency != self.currency
            ):
                raise self._invalid(value, f"an amount in {self.currency} (the attribute's code)")
        else:
            if not isinstance(value, (int, float, Decimal, str)) or isinstance(value, bool):
                raise self._invalid(value)
            try:
                money = Money.of(value, self.currency)
            except ValueError:
                raise self._invalid(value) from None
        amount = money.amount
        if not isinstance(amount, Decimal) or not amount.is_finite():
            raise self._invalid(value)
        # Decide from the digits alone: context arithmetic (quantize, int()) can raise or
        # take forever on extreme exponents.
        _, digits, exponent = amount.as_tuple()
        if not isinstance(exponent, int):  # pragma: no cover - finite was checked above
            raise self._invalid(value)
        trailing = len(digits) - len("".join(map(str, digits)).rstrip("0") or "0")
        if amount and exponent + trailing < -4:
            raise self._invalid(value, "an amount with at most 4 decimal places")
        if amount and amount.adjusted() >= _MAX_DIGITS:
            raise self._invalid(value, f"an amount below 1e{_MAX_DIGITS} (Attio stores floats)")
        if money.currency is None and self.currency is not None:
            money = Money(amount, self.currency)
        return money

    def encode_item(self, value: Any) -> Any:
        amount: Decimal = value.amount
        number: int | float = int(amount) if amount == amount.to_integral_value() else float(amount)
        return {"currency_value": number}

    def filter_item(self, value: Any) -> Any:
        return self.encode_item(value)["currency_value"]

    def filter_property(self, property: str, value: object) -> Any:
        return self.filter_item(self.validate_item(value))

    def pydantic_type(self) -> Any:
        return Money | None
