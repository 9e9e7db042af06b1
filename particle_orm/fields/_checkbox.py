"""Checkbox attributes (``checkbox``): Python ``bool``.

Example:
    >>> from particle_orm import fields
    >>> fields.Checkbox(slug="is_customer").validate(True)
    True
"""

from __future__ import annotations

from typing import Any

from particle_orm.fields._base import Field

__all__ = ["Checkbox"]


class Checkbox(Field[bool | None]):
    """A checkbox; only real ``bool`` values are accepted (``1`` or ``"true"`` are not).

    Example:
        >>> Checkbox(slug="vip").filter_value(False)
        False
    """

    attribute_type = "checkbox"
    expected = "a bool"

    def decode_item(self, item: dict[str, Any]) -> Any:
        return item["value"]

    def validate_item(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self._invalid(value)
        return value

    def encode_item(self, value: Any) -> Any:
        return {"value": value}

    def filter_item(self, value: Any) -> Any:
        return value

    def pydantic_type(self) -> Any:
        return bool | None
