"""Select attributes (``select``): :class:`~particle_orm.values.Option` or a user ``Enum``.

An :class:`Option` is a ``str`` equal to the option title that also carries the full
option object (``.id``, ``.is_archived``). With ``enum=``, values decode to members of
the enum (matched by value = title); a title the enum lacks (an option added in the
workspace later) decodes to a plain :class:`Option` rather than failing the read.

Example:
    >>> from particle_orm import fields
    >>> f = fields.Select(slug="categories", many=True)
    >>> f.encode(["B2B", "SaaS"])
    [{'option': 'B2B'}, {'option': 'SaaS'}]
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Generic, Literal, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._base import MISSING, Field
from particle_orm.fields._options import FieldOptions
from particle_orm.values import Option

__all__ = ["Select"]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


class _TitleCodec(Generic[T]):
    """Shared by Select and Status: titles in, titles out, optional Enum mapping."""

    enum: type[Enum] | None

    def _title_of(self: Any, value: object) -> str:
        if isinstance(value, Enum):
            if self.enum is not None and not isinstance(value, self.enum):
                raise self._invalid(value, f"a member of {self.enum.__name__} or a title str")
            title = value.value
            if not isinstance(title, str):
                raise self._invalid(value, "an Enum whose values are str titles")
            return title
        if isinstance(value, str):
            if not value:
                raise self._invalid(value, "a non-empty title")
            return str.__str__(value)
        raise self._invalid(value)

    def _to_enum(self, value: Any) -> Any:
        enum = self.enum
        if enum is None:
            return value
        try:
            return enum(str.__str__(value))
        except ValueError:
            return value


class Select(_TitleCodec[T], Field[T]):
    """A single or multi select. Writing an unknown title fails in Attio (no option is
    created), so name only options the workspace has.

    Example:
        >>> Select(slug="tier").validate("Gold")
        Option('Gold')
    """

    attribute_type = "select"
    allows_many = True
    expected = "an option title (str) or Enum member"

    @overload
    def __init__(
        self: Select[Option | None],
        *,
        many: Literal[False] = ...,
        enum: None = None,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Select[list[Option]],
        *,
        many: Literal[True],
        enum: None = None,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Select[E | None],
        *,
        enum: type[E],
        many: Literal[False] = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Select[list[E]],
        *,
        enum: type[E],
        many: Literal[True],
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(
        self, *, many: bool = False, enum: type[Enum] | None = None, **options: Any
    ) -> None:
        options.setdefault("default", MISSING)
        super().__init__(many=many, **options)
        self.enum = enum

    def decode_item(self, item: dict[str, Any]) -> Any:
        opt = item["option"]
        option = Option(opt["title"], opt.get("id"), opt.get("is_archived", False))
        return self._to_enum(option) if self.enum is not None else option

    def validate_item(self, value: object) -> Any:
        title = self._title_of(value)
        if isinstance(value, (Option, Enum)):
            return value
        return self._to_enum(Option(title)) if self.enum is not None else Option(title)

    def encode_item(self, value: Any) -> Any:
        return {"option": self._title_of(value)}

    def filter_item(self, value: Any) -> Any:
        return self._title_of(value)

    def pydantic_type(self) -> Any:
        return list[str] if self.many else str | None

    def to_plain(self, value: Any) -> Any:
        if value is None:
            return None
        if self.many:
            return [self._title_of(v) for v in value]
        return self._title_of(value)
