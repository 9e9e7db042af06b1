"""``CompositeField``: the base of attribute types whose values are small objects and
which may be multiselect (actor reference, domain, email address, phone number).

Each such type has one value class (``value_type``); some are best shown to pydantic,
filters and plain dicts as one of its ``str`` attributes (``plain_attribute``: a domain
as its host, an email as its address).

Example:
    >>> from particle_orm import fields
    >>> f = fields.EmailAddress(slug="e", many=True)
    >>> isinstance(f, CompositeField), f.pydantic_type(), f.to_plain(f.validate(["A@b.io"]))
    (True, list[str], ['a@b.io'])
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from particle_orm.fields._base import Field

__all__ = ["CompositeField"]

T = TypeVar("T")


class CompositeField(Field[T]):
    """A possibly-multiselect field of ``value_type`` objects.

    Subclasses implement ``decode_item``, ``validate_item`` and ``encode_item``, and
    declare their ``__init__`` overloads (the ``many=`` → value type mapping needs the
    concrete class name, so it cannot live here).

    Example:
        >>> from particle_orm import fields
        >>> fields.PhoneNumber(slug="p").pydantic_type()
        particle_orm.values.PhoneNumber | None
    """

    allows_many = True
    #: The value class of one element.
    value_type: ClassVar[Any] = object
    #: The ``str`` attribute that stands for a value in filters, pydantic and plain
    #: dicts; ``None`` keeps the value object itself.
    plain_attribute: ClassVar[str | None] = None

    def filter_item(self, value: Any) -> Any:
        if self.plain_attribute is None:
            return super().filter_item(value)
        return getattr(value, self.plain_attribute)

    def pydantic_type(self) -> Any:
        element = self.value_type if self.plain_attribute is None else str
        return list[element] if self.many else element | None  # type: ignore[valid-type]

    def to_plain(self, value: Any) -> Any:
        attribute = self.plain_attribute
        if attribute is None or value is None:
            return value
        return [getattr(v, attribute) for v in value] if self.many else getattr(value, attribute)
