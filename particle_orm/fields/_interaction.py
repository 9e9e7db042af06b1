"""Interaction attributes (``interaction``): :class:`~particle_orm.values.Interaction`.

Always read-only: Attio maintains them (first/last email, calendar interactions...).

Example:
    >>> from particle_orm import fields
    >>> fields.Interaction(slug="last_interaction").read_only
    True
"""

from __future__ import annotations

from typing import Any

from particle_orm.fields._base import Field, decode_actor
from particle_orm.values import Instant
from particle_orm.values import Interaction as InteractionValue

__all__ = ["Interaction"]


class Interaction(Field[InteractionValue | None]):
    """A read-only interaction summary.

    Example:
        >>> Interaction(slug="i").filter_value("email", "interaction_type")
        'email'
    """

    attribute_type = "interaction"
    always_read_only = True
    property_names = ("interaction_type", "interacted_at", "owner_member_id")
    expected = "nothing: interactions are read-only"

    def decode_item(self, item: dict[str, Any]) -> Any:
        at = item.get("interacted_at")
        return InteractionValue(
            item["interaction_type"],
            None if at is None else Instant.parse(at),
            decode_actor(item.get("owner_actor")),
        )

    def validate_item(self, value: object) -> InteractionValue:
        if not isinstance(value, InteractionValue):
            raise self._invalid(value, "an Interaction")
        return value

    def encode(self, value: Any) -> list[Any]:
        """Always raises ``ReadOnlyFieldError``: Attio does not accept interactions."""
        self.check_writable(value)
        return []  # pragma: no cover - check_writable always raises

    def encode_item(self, value: Any) -> Any:
        self.check_writable(value)
        return None  # pragma: no cover - check_writable always raises

    def filter_item(self, value: Any) -> Any:
        return {"interaction_type": value.interaction_type}

    def filter_property(self, property: str, value: object) -> Any:
        if property == "interacted_at":
            from particle_orm.fields._timestamp import Timestamp

            stamp = Timestamp(slug=self.slug)
            stamp.name, stamp.model = self.name, self.model
            return stamp.filter_value(value)
        return super().filter_property(property, value)

    def pydantic_type(self) -> Any:
        return InteractionValue | None
