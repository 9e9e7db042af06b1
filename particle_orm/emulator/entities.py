"""Schema entities the emulator keeps per workspace (objects, attributes, lists, …).

They are plain mutable dataclasses, cached in memory by :class:`~.store.Store` and persisted
as JSON rows so a file database survives restarts.

Example:
    >>> ws = Workspace(id="w1", name="Acme", slug="acme", created_at="2024-01-01")
    >>> ws.slug
    'acme'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AttributeDef",
    "ListDef",
    "MemberDef",
    "ObjectDef",
    "OptionDef",
    "StatusDef",
    "Token",
    "Workspace",
]


@dataclass
class Workspace:
    """A workspace: the unit of isolation between tokens."""

    id: str
    name: str
    slug: str
    created_at: str


@dataclass
class Token:
    """An API token: belongs to one workspace and carries scopes like ``record_permission:read``.

    Example:
        >>> tok = Token("t", "secret", "w", ("record_permission:read-write",), "t", "now")
        >>> tok.has("record_permission:read")
        True
    """

    id: str
    secret: str
    workspace_id: str
    scopes: tuple[str, ...]
    name: str
    created_at: str
    member_id: str | None = None

    def has(self, scope: str) -> bool:
        """Whether the token grants ``scope`` (``read-write`` implies ``read``)."""
        if scope in self.scopes:
            return True
        area, _, level = scope.partition(":")
        return level == "read" and f"{area}:read-write" in self.scopes

    def __repr__(self) -> str:
        # The secret never appears in reprs or logs.
        return f"Token(id={self.id!r}, workspace_id={self.workspace_id!r}, scopes={self.scopes!r})"


@dataclass
class ObjectDef:
    """An object such as ``people``."""

    id: str
    workspace_id: str
    api_slug: str
    singular_noun: str
    plural_noun: str
    created_at: str


@dataclass
class AttributeDef:
    """An attribute of an object (``parent_kind="object"``) or a list (``"list"``)."""

    id: str
    workspace_id: str
    parent_kind: str
    parent_id: str
    api_slug: str
    title: str
    type: str
    created_at: str
    description: str | None = None
    is_system: bool = False
    is_writable: bool = True
    is_required: bool = False
    is_unique: bool = False
    is_multiselect: bool = False
    is_archived: bool = False
    default_value: dict[str, Any] | None = None
    relationship_id: str | None = None
    currency_code: str | None = None
    display_type: str | None = None
    allowed_object_ids: list[str] | None = None
    position: int = 0


@dataclass
class OptionDef:
    """A select option."""

    id: str
    workspace_id: str
    attribute_id: str
    title: str
    is_archived: bool = False


@dataclass
class StatusDef:
    """A status of a status attribute."""

    id: str
    workspace_id: str
    attribute_id: str
    title: str
    is_archived: bool = False
    celebration_enabled: bool = False
    target_time_in_status: str | None = None


@dataclass
class ListDef:
    """A list; ``parent_object_id`` is the object its entries point at."""

    id: str
    workspace_id: str
    api_slug: str
    name: str
    parent_object_id: str
    created_at: str
    workspace_access: str | None = "full-access"
    workspace_member_access: list[dict[str, Any]] = field(default_factory=list)
    created_by_actor: dict[str, Any] = field(default_factory=dict)


@dataclass
class MemberDef:
    """A workspace member."""

    id: str
    workspace_id: str
    first_name: str
    last_name: str
    email_address: str
    access_level: str
    created_at: str
    avatar_url: str | None = None
