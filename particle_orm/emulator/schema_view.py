"""The read-only view of a workspace's schema that the filter and sort compilers need.

The compilers turn Attio filter/sort JSON into SQL over the emulator's ``value`` table. They
must resolve slugs, titles and ids without knowing how the store keeps its schema, so they
depend only on this small protocol; the store implements it.

Example:
    >>> info = AttributeInfo("a1", "name", "personal-name", is_multiselect=False)
    >>> info.api_slug, info.type
    ('name', 'personal-name')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["AttributeInfo", "SchemaView"]


@dataclass(frozen=True)
class AttributeInfo:
    """What the compilers need to know about one attribute of an object or list.

    ``type`` is one of Attio's 17 attribute type names. ``allowed_object_ids`` lists the
    objects a record-reference may point at (empty means any object).

    Example:
        >>> team = AttributeInfo(
        ...     "a9", "team", "record-reference", is_multiselect=True, allowed_object_ids=("o1",)
        ... )
        >>> team.is_multiselect
        True
    """

    attribute_id: str
    api_slug: str
    type: str
    is_multiselect: bool
    allowed_object_ids: tuple[str, ...] = ()


class SchemaView(Protocol):
    """Schema lookups for one workspace, as the filter and sort compilers use them.

    Every lookup returns ``None`` (or an empty tuple) for unknown or archived entities rather
    than raising, so the compilers can report Attio's own errors.

    Example:
        >>> def slug_of(schema: SchemaView, object_id: str) -> str:
        ...     return schema.object_slug(object_id) or object_id
    """

    workspace_id: str

    def attribute(
        self, kind: Literal["object", "list"], container_id: str, key: str
    ) -> AttributeInfo | None:
        """The attribute of an object or list by api_slug or attribute_id."""
        ...

    def object_id(self, key: str) -> str | None:
        """An object's id from its api_slug or id."""
        ...

    def object_slug(self, object_id: str) -> str | None:
        """An object's api_slug from its id."""
        ...

    def list_id(self, key: str) -> str | None:
        """A list's id from its api_slug or id."""
        ...

    def list_parent_object_ids(self, list_id: str) -> tuple[str, ...]:
        """The ids of the objects whose records may be entries of the list."""
        ...

    def status_id(self, attribute_id: str, title_or_id: str) -> str | None:
        """A status id of a status attribute from its exact title or its id."""
        ...

    def option_id(self, attribute_id: str, title_or_id: str) -> str | None:
        """A select option id from its exact title or its id."""
        ...
