"""Phone-number attributes (``phone-number``): :class:`~particle_orm.values.PhoneNumber`.

Write an international number as a ``str`` starting with ``+`` (its E.164 form is
computed locally), or a national number as ``PhoneNumber(original, country_code)``
(Attio computes E.164; ``e164`` stays ``None`` until the server answers).

Example:
    >>> from particle_orm import fields
    >>> fields.PhoneNumber(slug="phone_numbers", many=True).validate(["+44 (7777) 777-777"])
    [PhoneNumber(original='+44 (7777) 777-777', country_code=None, e164='+447777777777')]
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._composite import CompositeField
from particle_orm.fields._countries import COUNTRY_CODES
from particle_orm.fields._options import FieldOptions
from particle_orm.values import PhoneNumber as PhoneValue

__all__ = ["PhoneNumber"]

T = TypeVar("T")

_ALLOWED = re.compile(r"^\+?[0-9 ()./-]+$")


class PhoneNumber(CompositeField[T]):
    """A phone number.

    Example:
        >>> PhoneNumber(slug="p").encode("+15550100")
        [{'original_phone_number': '+15550100', 'country_code': None}]
    """

    attribute_type = "phone-number"
    property_names = ("phone_number", "country_code")
    expected = (
        "an international number str starting with '+' or PhoneNumber(original, country_code='GB')"
    )
    value_type = PhoneValue

    @overload
    def __init__(
        self: PhoneNumber[PhoneValue | None],
        *,
        many: Literal[False] = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: PhoneNumber[list[PhoneValue]],
        *,
        many: Literal[True],
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, *, many: bool = False, **options: Any) -> None:
        super().__init__(many=many, **options)

    def decode_item(self, item: dict[str, Any]) -> Any:
        return PhoneValue(
            item.get("original_phone_number") or item["phone_number"],
            item.get("country_code"),
            item.get("phone_number"),
        )

    def validate_item(self, value: object) -> PhoneValue:
        if isinstance(value, str):
            original, country = value, None
        elif isinstance(value, PhoneValue):
            original, country = value.original, value.country_code
        else:
            raise self._invalid(value)
        if not isinstance(original, str) or not _ALLOWED.match(original.strip()):
            raise self._invalid(value)
        digits = "".join(c for c in original if c.isdigit())
        if not 4 <= len(digits) <= 15:
            raise self._invalid(value, "a phone number with 4 to 15 digits")
        international = original.strip().startswith("+")
        if country is not None and country not in COUNTRY_CODES:
            raise self._invalid(value, "an ISO 3166-1 alpha-2 country_code such as 'GB'")
        if country is None and not international:
            raise self._invalid(value, "a '+' prefix or a country_code (national number)")
        if isinstance(value, PhoneValue):
            return value
        return PhoneValue(original, None, "+" + digits)

    def encode_item(self, value: Any) -> Any:
        return {"original_phone_number": value.original, "country_code": value.country_code}

    def filter_item(self, value: Any) -> Any:
        return value.e164 or value.original
