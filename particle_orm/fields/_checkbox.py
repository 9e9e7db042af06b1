"""Checkbox attributes (``checkbox``): Python ``bool``.

Example:
    >>> from particle_orm import fields
    >>> fields.Checkbox(slug="is_customer").validate(True)
    True
"""

from __future__ import annotations

from particle_orm.fields._scalar import ScalarField

__all__ = ["Checkbox"]


class Checkbox(ScalarField[bool | None]):
    """A checkbox; only real ``bool`` values are accepted (``1`` or ``"true"`` are not).

    Example:
        >>> Checkbox(slug="vip").filter_value(False)
        False
    """

    attribute_type = "checkbox"
    expected = "a bool"
    value_type = bool

    def validate_item(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise self._invalid(value)
        return value
