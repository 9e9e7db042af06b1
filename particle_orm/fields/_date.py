"""Date attributes (``date``): Python ``datetime.date``.

Example:
    >>> import datetime
    >>> from particle_orm import fields
    >>> fields.Date(slug="founded").encode(datetime.date(2004, 7, 29))
    [{'value': '2004-07-29'}]
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from particle_orm.fields._scalar import ScalarField

__all__ = ["Date"]


class Date(ScalarField[date | None]):
    """A calendar date. Accepts a ``date`` or a ``YYYY-MM-DD`` string; a ``datetime`` is
    rejected (Attio would drop its time and shift it to UTC, silently).

    Example:
        >>> Date(slug="d").validate("2024-11-26")
        datetime.date(2024, 11, 26)
    """

    attribute_type = "date"
    expected = "a datetime.date (not a datetime) or a 'YYYY-MM-DD' str"
    value_type = date

    def decode_item(self, item: dict[str, Any]) -> Any:
        return date.fromisoformat(item["value"])

    def validate_item(self, value: object) -> date:
        if isinstance(value, datetime):
            raise self._invalid(value)
        if isinstance(value, date):
            return value
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self._invalid(value)

    def filter_item(self, value: Any) -> Any:
        return value.isoformat()
