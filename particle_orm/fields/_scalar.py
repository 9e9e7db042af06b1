"""``ScalarField``: the base of attribute types whose Attio value is one ``{"value": x}``.

Text, checkbox, number, rating, date and timestamp differ only in how one element is
read and checked; writing (``{"value": wire}``), filtering (the bare wire form) and the
pydantic type follow from ``filter_item`` and ``value_type``.

Example:
    >>> from particle_orm import fields
    >>> f = fields.Rating(slug="stars")
    >>> isinstance(f, ScalarField), f.encode(3), f.filter_value(3), f.pydantic_type()
    (True, [{'value': 3}], 3, int | None)
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from particle_orm.fields._base import Field

__all__ = ["ScalarField"]

T = TypeVar("T")


class ScalarField(Field[T]):
    """A single-valued field stored as ``{"value": x}``; subclasses set ``value_type``,
    implement ``validate_item`` and, when the wire form is not the Python value,
    ``decode_item`` and ``filter_item``.

    Example:
        >>> from particle_orm import fields
        >>> import datetime
        >>> fields.Date(slug="d").encode(datetime.date(2024, 1, 2))
        [{'value': '2024-01-02'}]
    """

    #: The Python type of one value (pydantic gets ``value_type | None``).
    value_type: ClassVar[Any] = object

    def decode_item(self, item: dict[str, Any]) -> Any:
        return item["value"]

    def encode_item(self, value: Any) -> Any:
        # The write form is the filter form in a "value" envelope, so one method
        # decides how a value goes on the wire.
        return {"value": self.filter_item(value)}

    def filter_item(self, value: Any) -> Any:
        return value

    def filter_property(self, property: str, value: object) -> Any:
        return self.filter_item(self.validate_item(value))

    def pydantic_type(self) -> Any:
        return self.value_type | None
