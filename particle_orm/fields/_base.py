"""The ``Field[T]`` descriptor base: binding, validation errors and the codec contract.

A field binds a Python attribute of a model to an Attio attribute (by slug, or by id)
and converts values both ways. Subclasses implement the per-element codec
(``decode_item`` / ``validate_item`` / ``encode_item`` / ``filter_item``); the base
turns them into whole-attribute codecs that know about ``many`` and Attio's value
arrays.

Example:
    >>> from particle_orm import fields
    >>> f = fields.Text(slug="job_title")
    >>> f.decode([{"active_until": None, "value": "CTO", "attribute_type": "text"}])
    'CTO'
    >>> f.encode("CTO")
    [{'value': 'CTO'}]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar, overload

from typing_extensions import Self

from particle_orm.errors import InvalidValue, QueryError, ReadOnlyFieldError
from particle_orm.values import Actor, Instant

__all__ = ["MISSING", "Field", "is_uuid"]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

T = TypeVar("T")


class _Missing:
    """Sentinel: "no default given" (distinct from a ``None`` default)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()
"""Sentinel for "no default given" (distinct from ``None``, which is a real default)."""


class Field(Generic[T]):
    """Base descriptor: one Attio attribute on a model.

    On the class, ``Person.name`` is the field; on an instance it is the decoded value
    (decoded lazily from the raw API values on first access, then cached).

    Binding by id: with ``attribute_id=``, writes and filters use the id
    (``field.key``). Attio keys responses by slug, so the query layer re-keys each
    response by attribute id through the workspace schema cache
    (``particle_orm.query.schema_cache``) and the field reads the id key first (then
    the declared slug): it stays correct after a slug rename.

    Options: ``slug`` (Attio ``api_slug``; defaults to the Python name), or
    ``attribute_id`` (bind by id: writes and filters use the id, responses are read by
    the resolved slug), ``many`` (multiselect), ``required``, ``unique``, ``read_only``
    (system/enriched attributes), ``default`` (a value or a zero-argument callable).

    Example:
        >>> from particle_orm import fields
        >>> fields.Number(slug="employee_count", read_only=True).read_only
        True
    """

    #: Attio's attribute ``type`` this field maps.
    attribute_type: ClassVar[str] = ""
    #: Whether Attio allows ``is_multiselect`` for this type.
    allows_many: ClassVar[bool] = False
    #: Whether every attribute of this type is read-only (interaction).
    always_read_only: ClassVar[bool] = False
    #: Filterable properties of composite types (query compiler contract).
    property_names: ClassVar[tuple[str, ...]] = ()
    #: True when ``decode_for`` is plain ``decode`` (lets models inline the common path).
    plain_decode: ClassVar[bool] = True
    #: What the value must be, for error messages.
    expected: ClassVar[str] = "a value"

    name: str
    model: type[Any] | None

    def __init__(
        self,
        *,
        slug: str | None = None,
        attribute_id: str | None = None,
        many: bool = False,
        required: bool = False,
        unique: bool = False,
        read_only: bool = False,
        default: Any = MISSING,
        title: str | None = None,
    ) -> None:
        self.slug: str | None = slug
        self.attribute_id: str | None = attribute_id
        self.many = many
        self.required = required
        self.unique = unique
        self.read_only = read_only or self.always_read_only
        self.default = default
        self.title = title
        self.name = ""
        self.model = None
        self._slug_given = slug is not None

    # ------------------------------------------------------------------ binding

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name
        self.model = owner
        if self.slug is None:
            # Bound by id, the slug is only a best guess until a workspace resolves it.
            self.slug = name

    @property
    def key(self) -> str:
        """The key writes and filters use: the attribute id when bound by id, else the slug.

        Example:
            >>> from particle_orm import fields
            >>> fields.Text(attribute_id="41252299-f8c7-4b5e-99c9-4ff8321d2f96").key[:8]
            '41252299'
        """
        return self.attribute_id or self.slug or self.name

    @property
    def bound_by_id(self) -> bool:
        """True when declared with ``attribute_id=`` (issue 10: survives slug renames)."""
        return self.attribute_id is not None

    def clone(self) -> Self:
        """An unbound copy with the same options (for subclassing or ad-hoc models).

        Example:
            >>> from particle_orm import fields
            >>> fields.Text(slug="x").clone().slug
            'x'
        """
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.name = ""
        new.model = None
        if not self._slug_given:
            new.slug = None
        return new

    def _where(self) -> tuple[str, str, str | None]:
        model = self.model.__name__ if self.model is not None else "<unbound>"
        return model, self.name or "<unbound>", self.slug

    def _invalid(self, value: object, expected: str | None = None) -> InvalidValue:
        model, name, slug = self._where()
        return InvalidValue(model, name, slug, value, expected or self._expected())

    def _expected(self) -> str:
        return f"a list of {self.expected}" if self.many else f"{self.expected} or None"

    def __repr__(self) -> str:
        model, name, _ = self._where()
        bits = [f"slug={self.slug!r}"]
        if self.attribute_id:
            bits.append(f"attribute_id={self.attribute_id!r}")
        bits.extend(
            f"{flag}=True"
            for flag in ("many", "required", "unique", "read_only")
            if getattr(self, flag)
        )
        return f"<{type(self).__name__} {model}.{name} {' '.join(bits)}>"

    # ------------------------------------------------------------------ descriptor

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type[Any]) -> T: ...

    def __get__(self, instance: object | None, owner: type[Any]) -> Self | T:
        if instance is None:
            return self
        # .get with a sentinel: a miss (first access) is far cheaper than a KeyError.
        value = instance._cache.get(self.name, MISSING)  # type: ignore[attr-defined]
        if value is MISSING:
            return instance._load_field(self)  # type: ignore[attr-defined,no-any-return]
        return value  # type: ignore[no-any-return]

    def __set__(self, instance: object, value: T) -> None:
        instance._set_field(self, value)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ codecs

    def empty(self) -> Any:
        """The value of an attribute with no value: ``None``, or ``[]`` for many."""
        return [] if self.many else None

    def decode(self, raw: list[dict[str, Any]]) -> T:
        """Attio output array → Python (active values only; ``many`` → list).

        Example:
            >>> from particle_orm import fields
            >>> fields.Rating(slug="r").decode([{"active_until": None, "value": 4}])
            4
        """
        item_decode = self.decode_item
        if self.many:
            return [item_decode(i) for i in raw if i.get("active_until") is None]  # type: ignore[return-value]
        for item in raw:
            if item.get("active_until") is None:
                return item_decode(item)  # type: ignore[no-any-return]
        return None  # type: ignore[return-value]

    def decode_for(self, instance: Any, raw: list[dict[str, Any]]) -> T:
        """Decode for a given owner instance (references use its workspace id)."""
        return self.decode(raw)

    def validate(self, value: object) -> T:
        """Check and normalise a Python value for writing; raise ``InvalidValue``.

        Example:
            >>> from particle_orm import fields
            >>> fields.Rating(slug="r").validate(6)
            Traceback (most recent call last):
            ...
            particle_orm.errors.InvalidValue: <unbound>.<unbound> (slug "r"): got 6 (int); \
expected an int from 0 to 5 or None
        """
        if self.many:
            if value is None:
                return []  # type: ignore[return-value]
            if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
                raise self._invalid(value)
            return [self.validate_item(v) for v in value]  # type: ignore[return-value]
        if value is None:
            return None  # type: ignore[return-value]
        return self.validate_item(value)  # type: ignore[no-any-return]

    def check_writable(self, value: object) -> None:
        """Raise ``ReadOnlyFieldError`` if this field cannot be written."""
        if self.read_only:
            model, name, slug = self._where()
            raise ReadOnlyFieldError(
                model, name, slug, value, "no write: the attribute is read-only in Attio"
            )

    def encode(self, value: T) -> list[Any]:
        """Python → Attio input: always an array of the spec's object forms
        (``{"value": ...}``, ``{"option": title}``...); ``[]`` clears the attribute.

        Example:
            >>> from particle_orm import fields
            >>> fields.Checkbox(slug="c").encode(True), fields.Checkbox(slug="c").encode(None)
            ([{'value': True}], [])
        """
        if value is None:
            return []
        if self.many:
            enc = self.encode_item
            return [enc(self.validate_item(v)) for v in value]  # type: ignore[attr-defined]
        return [self.encode_item(self.validate_item(value))]

    def filter_value(self, value: object, property: str | None = None) -> Any:
        """A Python value as it appears in an Attio filter (query compiler contract).

        With ``property`` (one of ``property_names``), the value of that property.

        Example:
            >>> from particle_orm import fields
            >>> import datetime
            >>> fields.Date(slug="d").filter_value(datetime.date(2024, 1, 2))
            '2024-01-02'
        """
        if property is not None:
            if property not in self.property_names:
                model, name, _ = self._where()
                raise QueryError(
                    f"{model}.{name}: {type(self).__name__} has no filterable property "
                    f"{property!r} (known: {', '.join(self.property_names) or 'none'})"
                )
            return self.filter_property(property, value)
        return self.filter_item(self.validate_item(value))

    # ------------------------------------------------------------------ per element

    def decode_item(self, item: dict[str, Any]) -> Any:
        """One Attio output value (with its envelope) → one Python element."""
        raise NotImplementedError

    def validate_item(self, value: object) -> Any:
        """One Python element: check and normalise, or raise ``InvalidValue``."""
        raise NotImplementedError

    def encode_item(self, value: Any) -> Any:
        """One validated Python element → one Attio input value."""
        raise NotImplementedError

    def filter_item(self, value: Any) -> Any:
        """One validated Python element → its filter scalar/object."""
        return self.encode_item(value)

    def filter_property(self, property: str, value: object) -> Any:
        """A filter value for one property of a composite type (strings by default)."""
        if not isinstance(value, str):
            raise self._invalid(value, f"a str for property {property!r}")
        return value

    # ------------------------------------------------------------------ helpers

    def pydantic_type(self) -> Any:
        """The Python type pydantic should use for this field's value."""
        return Any

    def to_plain(self, value: Any) -> Any:
        """A JSON-friendly form of a decoded value (pydantic interop)."""
        return value


def is_uuid(value: object) -> bool:
    """True for a canonical 8-4-4-4-12 hex UUID string (Attio ids; any version)."""
    return isinstance(value, str) and _UUID.match(value) is not None


def decode_actor(raw: dict[str, Any] | None) -> Actor | None:
    """Decode an ``{type, id}`` actor object (``None`` stays ``None``)."""
    if raw is None:
        return None
    return Actor(raw.get("type"), raw.get("id"))


def decode_instant(text: str | None) -> Instant | None:
    """Decode an Attio timestamp string (``None`` stays ``None``)."""
    return None if text is None else Instant.parse(text)
