"""Status attributes (``status``): :class:`~particle_orm.values.StatusValue` or an ``Enum``.

``enum=`` and ``unknown=`` work as for :class:`~particle_orm.fields.Select`.

Example:
    >>> from particle_orm import fields
    >>> fields.Status(slug="stage").encode("Won 🎉")
    [{'status': 'Won 🎉'}]
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._base import MISSING, Field
from particle_orm.fields._options import FieldOptions
from particle_orm.fields._select import Unknown, _TitleCodec
from particle_orm.values import StatusValue

__all__ = ["Status"]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


class Status(_TitleCodec[T], Field[T]):
    """A status (single only; ``deals.stage`` and list stages).

    Example:
        >>> Status(slug="stage").decode([{"active_until": None, "status": {
        ...     "id": None, "title": "Lead", "is_archived": False,
        ...     "target_time_in_status": None, "celebration_enabled": False}}])
        StatusValue('Lead')
    """

    attribute_type = "status"
    expected = "a status title (str) or Enum member"

    @overload
    def __init__(
        self: Status[StatusValue | None],
        *,
        enum: None = None,
        many: bool = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Status[E | None],
        *,
        enum: type[E],
        many: bool = False,
        unknown: Unknown = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(
        self,
        *,
        enum: type[Enum] | None = None,
        many: bool = False,
        unknown: Unknown = "keep",
        **options: Any,
    ) -> None:
        options.setdefault("default", MISSING)
        super().__init__(many=many, **options)
        self._set_enum(enum, unknown)

    def decode_item(self, item: dict[str, Any]) -> Any:
        st = item["status"]
        value = StatusValue(
            st["title"],
            st.get("id"),
            st.get("is_archived", False),
            st.get("target_time_in_status"),
            st.get("celebration_enabled", False),
        )
        return self._to_enum(value) if self.enum is not None else value

    def validate_item(self, value: object) -> Any:
        return self._checked_title(value, StatusValue)

    def encode_item(self, value: Any) -> Any:
        return {"status": self._title_of(value)}

    def filter_item(self, value: Any) -> Any:
        return self._title_of(value)

    def pydantic_type(self) -> Any:
        return str | None

    def to_plain(self, value: Any) -> Any:
        return None if value is None else self._title_of(value)
