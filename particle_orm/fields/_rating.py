"""Rating attributes (``rating``): Python ``int`` from 0 to 5.

Example:
    >>> from particle_orm import fields
    >>> fields.Rating(slug="stars").validate(5)
    5
"""

from __future__ import annotations

from typing import Any

from particle_orm.fields._scalar import ScalarField

__all__ = ["Rating"]


class Rating(ScalarField[int | None]):
    """A 0..5 star rating.

    Example:
        >>> Rating(slug="stars").encode(3)
        [{'value': 3}]
    """

    attribute_type = "rating"
    expected = "an int from 0 to 5"
    value_type = int

    def decode_item(self, item: dict[str, Any]) -> Any:
        return int(item["value"])

    def validate_item(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise self._invalid(value)
        return value
