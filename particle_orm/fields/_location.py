"""Location attributes (``location``): :class:`~particle_orm.values.Location`.

Attio's object input needs all 10 keys; encoding always sends them (``None`` for the
parts you leave out). Latitude and longitude are strings checked with Attio's own
patterns; ``country_code`` must be an ISO 3166-1 alpha-2 code. An address can also be
written as one line (a ``str`` or :class:`~particle_orm.values.FreeTextLocation`): it is
sent as text for Attio to parse, and reads as the parsed :class:`Location` once saved.

Example:
    >>> from particle_orm import fields
    >>> from particle_orm.values import Location
    >>> fields.Location(slug="primary_location").encode(Location(locality="Paris"))[0]["locality"]
    'Paris'
    >>> fields.Location(slug="primary_location").encode("1 Rue de Rivoli, Paris")
    ['1 Rue de Rivoli, Paris']
"""

from __future__ import annotations

import re
from dataclasses import fields as dc_fields
from typing import Any

from particle_orm.fields._base import Field
from particle_orm.fields._countries import COUNTRY_CODES
from particle_orm.values import FreeTextLocation
from particle_orm.values import Location as LocationValue

__all__ = ["Location"]

_LAT = re.compile(r"^[-+]?([1-8]?\d(\.\d+)?|90(\.0+)?)$")
_LONG = re.compile(r"^[-+]?(180(\.0+)?|((1[0-7]\d)|([1-9]?\d))(\.\d+)?)$")
_KEYS = tuple(f.name for f in dc_fields(LocationValue))


class Location(Field[LocationValue | None]):
    """A postal address with optional coordinates.

    Example:
        >>> Location(slug="loc").validate(LocationValue(latitude="91"))
        Traceback (most recent call last):
        ...
        particle_orm.errors.InvalidValue: <unbound>.<unbound> (slug "loc"): got ...; expected \
a latitude string in -90..90 (e.g. '51.5')
    """

    attribute_type = "location"
    property_names = (
        "line_1",
        "line_2",
        "line_3",
        "line_4",
        "locality",
        "region",
        "postcode",
        "country_code",
    )
    expected = "a particle_orm.values.Location or an address string"

    def decode_item(self, item: dict[str, Any]) -> Any:
        get = item.get
        return LocationValue(
            get("line_1"),
            get("line_2"),
            get("line_3"),
            get("line_4"),
            get("locality"),
            get("region"),
            get("postcode"),
            get("country_code"),
            get("latitude"),
            get("longitude"),
        )

    def validate_item(self, value: object) -> LocationValue:
        if isinstance(value, (str, FreeTextLocation)):
            text = value if isinstance(value, str) else value.text
            if not isinstance(text, str) or not text.strip():
                raise self._invalid(value, "a non-empty address string")
            return value if isinstance(value, FreeTextLocation) else FreeTextLocation(text)
        if not isinstance(value, LocationValue):
            raise self._invalid(value)
        for key in _KEYS:
            part = getattr(value, key)
            if part is not None and not isinstance(part, str):
                raise self._invalid(value, f"str or None for {key}")
        if value.latitude is not None and not _LAT.match(value.latitude):
            raise self._invalid(value, "a latitude string in -90..90 (e.g. '51.5')")
        if value.longitude is not None and not _LONG.match(value.longitude):
            raise self._invalid(value, "a longitude string in -180..180 (e.g. '-0.12')")
        if value.country_code is not None and value.country_code not in COUNTRY_CODES:
            raise self._invalid(value, "an ISO 3166-1 alpha-2 country_code such as 'US'")
        return value

    def encode_item(self, value: Any) -> Any:
        if isinstance(value, FreeTextLocation):
            return value.text
        return {key: getattr(value, key) for key in _KEYS}

    def filter_item(self, value: Any) -> Any:
        if isinstance(value, FreeTextLocation):
            raise self._invalid(value, "a Location with parts to match (filters cannot parse text)")
        parts = {
            key: getattr(value, key)
            for key in self.property_names
            if getattr(value, key) is not None
        }
        if not parts:
            # `{"primary_location": {}}` is a filter Attio rejects; say so before sending.
            raise self._invalid(value, "a Location with at least one filterable part set")
        return parts

    def filter_property(self, property: str, value: object) -> Any:
        if property == "country_code" and (
            not isinstance(value, str) or value not in COUNTRY_CODES
        ):
            raise self._invalid(value, "an ISO 3166-1 alpha-2 country code such as 'US'")
        return super().filter_property(property, value)

    def pydantic_type(self) -> Any:
        return LocationValue | None
