"""Select attributes (``select``): :class:`~particle_orm.values.Option` or a user ``Enum``.

An :class:`Option` is a ``str`` equal to the option title that also carries the full
option object (``.id``, ``.is_archived``). With ``enum=``, values decode to members of
the enum (matched by value = title) and writes accept members or their titles only, so a
typo fails before any request. A title the enum lacks (an option added in the workspace
later) reads as a plain :class:`Option` by default (``unknown="keep"``: reads never
break because someone edited the workspace), or raises ``DecodeError`` naming the field
and the title with ``unknown="raise"``.

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

from particle_orm.errors import DeclarationError, did_you_mean
from particle_orm.fields._base import MISSING, Field
from particle_orm.fields._options import FieldOptions
from particle_orm.values import Option, StatusValue

__all__ = ["Select", "Unknown"]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


Unknown = Literal["keep", "raise"]
"""What an ``enum=`` field does with a title its enum lacks when reading."""


class _TitleCodec(Generic[T]):
    """Shared by Select and Status: titles in, titles out, optional Enum mapping."""

    enum: type[Enum] | None
    unknown: Unknown
    _members: dict[str, Enum]

    def _set_enum(self, enum: type[Enum] | None, unknown: object) -> None:
        if unknown not in ("keep", "raise"):
            raise DeclarationError(f'unknown= must be "keep" or "raise", got {unknown!r}')
        if enum is not None:
            if not isinstance(enum, type) or not issubclass(enum, Enum):
                raise DeclarationError(f"enum= must be an Enum class, got {enum!r}")
            wrong = [m for m in enum if not isinstance(m.value, str) or not m.value]
            if wrong:
                raise DeclarationError(
                    f"enum {enum.__name__}: member values must be option/status titles "
                    f"(non-empty str), got {wrong[0]!r}"
                )
        self.enum = enum
        self.unknown = unknown
        self._members = {m.value: m for m in enum} if enum is not None else {}

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
        """A decoded Option/StatusValue → the enum member with its title."""
        enum = self.enum
        if enum is None:
            return value
        member = self._members.get(str.__str__(value))
        if member is not None:
            return member
        if self.unknown == "raise":
            # _load_field turns this into a DecodeError naming the model and field.
            raise ValueError(
                f"{str.__str__(value)!r} is not a title in {enum.__name__} "
                f"({', '.join(map(repr, self._members))}); the workspace has an option the "
                'enum lacks (add it, or declare the field with unknown="keep")'
            )
        return value

    def _checked_title(self: Any, value: object, make: Any) -> Any:
        """Validate a value to write: members and titles of the enum, or any title."""
        title = self._title_of(value)
        if isinstance(value, (Enum, Option, StatusValue)):
            return value  # a member, or an Option/StatusValue read from Attio
        if self.enum is None:
            return make(title)
        member = self._members.get(title)
        if member is None:
            raise self._invalid(
                value,
                f"a member of {self.enum.__name__} or one of its titles"
                f" ({', '.join(map(repr, self._members))})" + did_you_mean(title, self._members),
            )
        return member


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
        unknown: Unknown = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Select[list[E]],
        *,
        enum: type[E],
        many: Literal[True],
        unknown: Unknown = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(
        self,
        *,
        many: bool = False,
        enum: type[Enum] | None = None,
        unknown: Unknown = "keep",
        **options: Any,
    ) -> None:
        options.setdefault("default", MISSING)
        super().__init__(many=many, **options)
        self._set_enum(enum, unknown)

    def decode_item(self, item: dict[str, Any]) -> Any:
        opt = item["option"]
        option = Option(opt["title"], opt.get("id"), opt.get("is_archived", False))
        return self._to_enum(option) if self.enum is not None else option

    def validate_item(self, value: object) -> Any:
        return self._checked_title(value, Option)

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
