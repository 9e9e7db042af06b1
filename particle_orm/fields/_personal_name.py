"""Personal-name attributes (``personal-name``): :class:`~particle_orm.values.PersonalName`.

Write a ``PersonalName`` or Attio's ``"Last, First"`` string (parsed locally exactly as
Attio does: no comma means all first name; further commas stay in the first name).
Encoding always sends all three keys, which Attio requires.

Example:
    >>> from particle_orm import fields
    >>> fields.PersonalName(slug="name").validate("Lovelace, Ada")
    PersonalName(first_name='Ada', last_name='Lovelace', full_name='Ada Lovelace')
"""

from __future__ import annotations

from typing import Any

from particle_orm.fields._base import Field
from particle_orm.values import PersonalName as NameValue

__all__ = ["PersonalName"]


class PersonalName(Field[NameValue | None]):
    """A person's name (``people.name``; companies' ``name`` is Text).

    Example:
        >>> PersonalName(slug="name").encode(NameValue("Ada", "Lovelace"))
        [{'first_name': 'Ada', 'last_name': 'Lovelace', 'full_name': 'Ada Lovelace'}]
    """

    attribute_type = "personal-name"
    property_names = ("first_name", "last_name", "full_name")
    expected = "a PersonalName or a 'Last, First' str"

    def decode_item(self, item: dict[str, Any]) -> Any:
        return NameValue(item.get("first_name"), item.get("last_name"), item.get("full_name"))

    def validate_item(self, value: object) -> NameValue:
        if isinstance(value, str):
            if not value.strip():
                raise self._invalid(value, "a non-empty name")
            return NameValue.parse(value)
        if not isinstance(value, NameValue):
            raise self._invalid(value)
        for part in (value.first_name, value.last_name, value.full_name):
            if part is not None and not isinstance(part, str):
                raise self._invalid(value, "a PersonalName with str parts")
        return value

    def encode_item(self, value: Any) -> Any:
        return {
            "first_name": value.first_name or "",
            "last_name": value.last_name or "",
            "full_name": value.full_name or "",
        }

    def filter_item(self, value: Any) -> Any:
        return value.full_name

    def pydantic_type(self) -> Any:
        return NameValue | None
