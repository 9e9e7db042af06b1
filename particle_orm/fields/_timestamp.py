"""Timestamp attributes (``timestamp``): :class:`~particle_orm.values.Instant`.

Attio returns 9 fractional digits; :class:`Instant` keeps all of them, so a value read
and written back is byte-identical. Plain timezone-aware datetimes (and ISO strings)
are accepted on write; naive datetimes are rejected.

Example:
    >>> from particle_orm import fields
    >>> f = fields.Timestamp(slug="seen_at")
    >>> f.encode(f.validate("2025-07-22T15:07:00.895000123Z"))
    [{'value': '2025-07-22T15:07:00.895000123Z'}]
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from particle_orm.fields._scalar import ScalarField
from particle_orm.values import Instant

__all__ = ["Timestamp"]


class Timestamp(ScalarField[Instant | None]):
    """A UTC instant with nanosecond precision.

    Example:
        >>> from datetime import datetime, timezone
        >>> Timestamp(slug="t").validate(datetime(2024, 1, 1, tzinfo=timezone.utc))
        Instant.parse('2024-01-01T00:00:00.000000000Z')
    """

    attribute_type = "timestamp"
    expected = "a timezone-aware datetime or an ISO 8601 str"
    value_type = Instant

    def decode_item(self, item: dict[str, Any]) -> Any:
        return Instant.parse(item["value"])

    def validate_item(self, value: object) -> Instant:
        if isinstance(value, Instant):
            return value
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise self._invalid(value, "a timezone-aware datetime (this one is naive)")
            return Instant.from_datetime(value)
        if isinstance(value, str):
            try:
                return Instant.parse(value)
            except ValueError:
                pass
        raise self._invalid(value)

    def filter_item(self, value: Any) -> Any:
        return value.isoformat()
