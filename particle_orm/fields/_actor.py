"""Actor-reference attributes (``actor-reference``): :class:`~particle_orm.values.Actor`.

Only workspace members can be written, by id (``Actor.member(id)``) or by email address
(a ``str`` or ``Actor.member(email=...)``). System actors read back with ``id=None``.

Example:
    >>> from particle_orm import fields
    >>> fields.ActorReference(slug="owner").encode("alice@attio.com")
    [{'workspace_member_email_address': 'alice@attio.com'}]
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._base import is_uuid
from particle_orm.fields._composite import CompositeField
from particle_orm.fields._options import FieldOptions
from particle_orm.values import Actor

__all__ = ["ActorReference"]

T = TypeVar("T")

_ACTOR_TYPES = ("api-token", "workspace-member", "system", "app")
_LOOSE_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ActorReference(CompositeField[T]):
    """A reference to an actor (workspace member, API token, system or app).

    Example:
        >>> ActorReference(slug="owner").decode([{"active_until": None,
        ...     "referenced_actor_type": "system", "referenced_actor_id": None}])
        Actor(type='system', id=None, email=None)
    """

    attribute_type = "actor-reference"
    property_names = ("referenced_actor_type", "referenced_actor_id")
    expected = "a workspace-member Actor or a member's email address (str)"
    value_type = Actor

    @overload
    def __init__(
        self: ActorReference[Actor | None],
        *,
        many: Literal[False] = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: ActorReference[list[Actor]],
        *,
        many: Literal[True],
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, *, many: bool = False, **options: Any) -> None:
        super().__init__(many=many, **options)

    def decode_item(self, item: dict[str, Any]) -> Any:
        return Actor(item["referenced_actor_type"], item.get("referenced_actor_id"))

    def validate_item(self, value: object) -> Actor:
        if isinstance(value, str):
            if not _LOOSE_EMAIL.match(value):
                raise self._invalid(value, "a workspace member's email address")
            return Actor.member(email=value)
        if not isinstance(value, Actor):
            raise self._invalid(value)
        if value.type != "workspace-member":
            raise self._invalid(value, "a workspace-member actor (only members can be written)")
        if value.id is None and value.email is None:
            raise self._invalid(value, "a workspace-member actor with an id or an email")
        if value.id is not None and not is_uuid(value.id):
            raise self._invalid(value, "a workspace-member actor whose id is a UUID")
        return value

    def encode_item(self, value: Any) -> Any:
        if value.id is None:
            return {"workspace_member_email_address": value.email}
        return {"referenced_actor_type": "workspace-member", "referenced_actor_id": value.id}

    def filter_value(self, value: object, property: str | None = None) -> Any:
        if property is not None:
            return super().filter_value(value, property)
        if not isinstance(value, Actor) or value.type not in _ACTOR_TYPES or value.id is None:
            raise self._invalid(value, "an Actor with a type and an id (filters need both)")
        return {"referenced_actor_type": value.type, "referenced_actor_id": value.id}
