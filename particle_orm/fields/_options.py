"""The common keyword options every field accepts, as a ``TypedDict`` for ``**kwargs``.

Example:
    >>> from particle_orm.fields._options import FieldOptions
    >>> sorted(FieldOptions.__annotations__)[:3]
    ['attribute_id', 'default', 'read_only']
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

__all__ = ["FieldOptions"]


class FieldOptions(TypedDict, total=False):
    """Options shared by all field classes (see :class:`~particle_orm.fields.Field`)."""

    slug: str | None
    attribute_id: str | None
    required: bool
    unique: bool
    read_only: bool
    default: Any
    title: str | None
