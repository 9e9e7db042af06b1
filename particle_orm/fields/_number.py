"""Number attributes (``number``): Python ``float``.

Attio stores numbers as 64-bit floats, so ``float`` is the honest Python type; integers
are accepted on write and read back as floats (``289`` → ``289.0``, which compares
equal).

Example:
    >>> from particle_orm import fields
    >>> fields.Number(slug="employees").validate(12)
    12.0
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from particle_orm.fields._scalar import ScalarField

__all__ = ["Number"]


def _as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        try:
            result = float(value)
        except (OverflowError, ValueError):  # huge ints; Decimal('sNaN')
            return None
        return result if math.isfinite(result) else None
    return None


class Number(ScalarField[float | None]):
    """A number attribute (64-bit float; NaN and infinities are rejected).

    Example:
        >>> Number(slug="score").encode(4.5)
        [{'value': 4.5}]
    """

    attribute_type = "number"
    expected = "a finite int or float"
    value_type = float

    def decode_item(self, item: dict[str, Any]) -> Any:
        return float(item["value"])

    def validate_item(self, value: object) -> float:
        result = _as_float(value)
        if result is None:
            raise self._invalid(value)
        return result
