"""Lookups: ``name__startswith="Jo"`` → one Attio filter, per field class and property.

Modelled on Django's ``lookups.py``: a :class:`Lookup` subclass has a ``lookup_name``,
prepares its value through the field (``field.filter_value``: bad values raise
``InvalidValue`` before any request) and compiles in one method, :meth:`Lookup.as_filter`.
Lookups are registered per field class *and property* with :func:`register_lookup`
and resolved along the field class's MRO (cached), so a subclass of ``fields.Text``
inherits ``Text``'s lookups.

What is registered mirrors Attio's operator table (FACTS.md §3.3): ``contains`` exists on
``Text`` but not on ``Number``; ``Location.country_code`` has only ``exact`` / ``in`` /
``startswith``. Asking for anything else raises ``QueryError`` naming the field, the
lookup and what is supported: nothing is ever filtered client-side.

Built-in lookups: ``exact`` (the default), ``in`` (``$in`` where Attio has it, else an
``$or`` of equalities), ``contains`` / ``icontains`` (both ``$contains``: Attio's
``$contains`` is always case-insensitive), ``startswith``, ``endswith``, ``gt`` /
``gte`` / ``lt`` / ``lte``, ``range`` (inclusive), ``isnull`` / ``empty`` (through
``$not_empty``), and on select/status ``since`` / ``before`` (when the current option
or status became active: ``active_from`` ``$gte`` / ``$lt``).

Timestamps: Attio needs a date *and* a time in timestamp filters. A ``datetime.date``
given to a timestamp lookup (``created_at__gte=date(2024, 1, 1)``, ``stage__since=...``)
is converted to midnight UTC of that day; a naive ``datetime`` is rejected.

Example:
    >>> from particle_orm.fields import Text
    >>> sorted(get_lookups(Text))
    ['contains', 'endswith', 'exact', 'icontains', 'in', 'startswith']
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any, ClassVar, TypeVar, cast

from particle_orm import fields as f
from particle_orm.errors import InvalidValue, QueryError
from particle_orm.values import Instant

__all__ = [
    "DEFAULT",
    "Lookup",
    "Target",
    "extra_properties",
    "get_lookups",
    "property_alias",
    "register_lookup",
]

#: The "property" key of lookups that apply to the attribute itself (its default property).
DEFAULT: None = None

L = TypeVar("L", bound="type[Lookup]")


@dataclass(frozen=True)
class Target:
    """What a lookup filters: a field, an optional property, and how to wrap the result.

    ``wrap(attr_expr)`` turns an attribute expression (``{"$contains": "x"}``) into a
    whole filter: ``{"name": ...}``, or a ``path`` filter when the field was reached
    through references. ``label`` names it in errors (``Person.company__name``).

    Example:
        >>> from particle_orm.standard import Person
        >>> t = Target(Person.name, "first_name", lambda e: {"name": e}, "Person.name")
        >>> t.expr({"$eq": "Ada"})
        {'first_name': {'$eq': 'Ada'}}
    """

    field: f.Field[Any]
    property: str | None
    wrap: Callable[[Any], dict[str, Any]]
    label: str
    #: Properties Attio requires beside this one (``target_object`` with a record id).
    companions: tuple[tuple[str, Any], ...] = ()

    def expr(self, operand: Any) -> Any:
        """``operand`` placed on the property (or directly, for the default property)."""
        if self.property is None:
            return operand
        return {**dict(self.companions), self.property: operand}


class Lookup:
    """Base lookup: subclasses set ``lookup_name`` and implement :meth:`as_filter`.

    Example:
        >>> from particle_orm import fields
        >>> from particle_orm.query import register_lookup
        >>> class IsAcme(Lookup):
        ...     lookup_name = "is_acme"
        ...     def as_filter(self, field, value):
        ...         return self.target.wrap({"$eq": "Acme"} if value else {"$contains": "x"})
        >>> class CompanyName(fields.Text):  # a field type of your own gets the lookup
        ...     pass
        >>> _ = register_lookup(CompanyName, IsAcme)
        >>> "is_acme" in get_lookups(CompanyName), "is_acme" in get_lookups(fields.Text)
        (True, False)
    """

    lookup_name: ClassVar[str] = ""

    def __init__(self, target: Target) -> None:
        self.target = target

    def prepare(self, field: f.Field[Any], value: Any) -> Any:
        """Validate and convert one value through the field (``InvalidValue`` if bad)."""
        prop = self.target.property
        if isinstance(field, (f.Timestamp,)) and prop is None:
            value = midnight_utc(value)
        if isinstance(field, f.PersonalName) and isinstance(value, str):
            # A name string is matched as the full name, not parsed as "Last, First".
            if not value.strip():
                raise self.invalid(value, "a non-empty name")
            return value if prop is None else field.filter_value(value, prop)
        if prop == "interacted_at":
            value = midnight_utc(value)
        return field.filter_value(value, prop)

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        """The whole filter for ``value`` (raises ``QueryError``/``InvalidValue``)."""
        raise NotImplementedError

    def error(self, message: str) -> QueryError:
        """A ``QueryError`` prefixed with the target and lookup name."""
        return QueryError(f"{self.target.label}__{self.lookup_name}: {message}")

    def invalid(self, value: Any, expected: str) -> InvalidValue:
        """An ``InvalidValue`` for the target field."""
        fld = self.target.field
        model = fld.model.__name__ if fld.model is not None else "<unbound>"
        where = fld.name if self.target.property is None else f"{fld.name}.{self.target.property}"
        return InvalidValue(
            model, where, fld.slug, value, f"{expected} (lookup {self.lookup_name})"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.target.label}>"


def midnight_utc(value: Any) -> Any:
    """A ``date`` (not a ``datetime``) → midnight UTC that day; anything else unchanged.

    Example:
        >>> midnight_utc(date(2023, 11, 20)).isoformat()
        '2023-11-20T00:00:00+00:00'
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=timezone.utc)
    return value


def _instant_text(lookup: Lookup, value: Any) -> str:
    value = midnight_utc(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise lookup.invalid(value, "a timezone-aware datetime (this one is naive)")
        return Instant.from_datetime(value).isoformat()
    if isinstance(value, str):
        try:
            return Instant.parse(value).isoformat()
        except ValueError:
            pass
    raise lookup.invalid(value, "a timezone-aware datetime, a date or an ISO 8601 str")


# --------------------------------------------------------------------------- registry

_lock = threading.Lock()
# field class → property key (None = default) → lookup name → lookup class
_class_lookups: dict[type[Any], dict[str | None, dict[str, type[Lookup]]]] = {}
_aliases: dict[type[Any], dict[str, str]] = {}
_extra_props: dict[type[Any], tuple[str, ...]] = {}


def register_lookup(
    field_cls: type[Any],
    lookup: type[Lookup] | None = None,
    *,
    on: Sequence[str | None] = (DEFAULT,),
) -> Any:
    """Register ``lookup`` for ``field_cls`` on the properties ``on`` (``None`` = default).

    Usable as a decorator: ``@register_lookup(fields.Text)``. Returns the lookup class.

    Example:
        >>> from particle_orm import fields
        >>> "startswith" in get_lookups(fields.Location, "locality")
        True
    """

    def decorate(cls: type[Lookup]) -> type[Lookup]:
        if not cls.lookup_name or "__" in cls.lookup_name:
            raise TypeError(f"{cls.__name__}.lookup_name must be a name without '__'")
        with _lock:
            per_prop = _class_lookups.setdefault(field_cls, {})
            for prop in on:
                per_prop.setdefault(prop, {})[cls.lookup_name] = cls
        _merged.cache_clear()
        all_lookup_names.cache_clear()
        return cls

    return decorate(lookup) if lookup is not None else decorate


@functools.cache
def all_lookup_names() -> frozenset[str]:
    """Every registered lookup name, on any field class (cached until a registration)."""
    with _lock:
        return frozenset(
            name
            for per_prop in _class_lookups.values()
            for names in per_prop.values()
            for name in names
        )


@functools.cache
def _merged(field_cls: Any, prop: str | None) -> dict[str, type[Lookup]]:
    out: dict[str, type[Lookup]] = {}
    for klass in reversed(field_cls.__mro__):
        out.update(_class_lookups.get(klass, {}).get(prop, {}))
    return out


def get_lookups(field_cls: type[Any], prop: str | None = DEFAULT) -> dict[str, type[Lookup]]:
    """The lookups available on a field class for a property (MRO-merged, cached).

    Example:
        >>> from particle_orm import fields
        >>> sorted(get_lookups(fields.Checkbox))
        ['exact']
    """
    return dict(_merged(cast(Any, field_cls), prop))


def property_alias(field_cls: type[Any], alias: str, prop: str) -> None:
    """Let ``alias`` name ``prop`` in lookups (``email_addresses__domain``).

    Example:
        >>> from particle_orm import fields
        >>> property_alias(fields.EmailAddress, "domain", "email_domain")
    """
    with _lock:
        _aliases.setdefault(field_cls, {})[alias] = prop


def resolve_property(field: f.Field[Any], name: str) -> str | None:
    """The property ``name`` designates on ``field`` (an alias resolved), or ``None``."""
    props = field.property_names + extra_properties(type(field))
    if name in props:
        return name
    for klass in type(field).__mro__:
        found = _aliases.get(klass, {}).get(name)
        if found is not None:
            return found
    return None


def extra_properties(field_cls: type[Any]) -> tuple[str, ...]:
    """Filterable properties a field class has beyond ``property_names`` (``active_from``)."""
    for klass in field_cls.__mro__:
        if klass in _extra_props:
            return _extra_props[klass]
    return ()


# --------------------------------------------------------------------------- built-ins


class Exact(Lookup):
    """Equality (the default lookup): the shorthand scalar on the (default) property."""

    lookup_name = "exact"

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        return self.target.wrap(self.target.expr(self.prepare(field, value)))


class In(Lookup):
    """Any of several values: ``$in`` where Attio supports it, else ``$or`` of equalities."""

    lookup_name = "in"
    #: Targets with a native ``$in`` (FACTS §3.3: text values and ``target_record_id``).
    native: ClassVar[bool] = False

    def values(self, value: Any) -> list[Any]:
        """The value as a list, refusing strings and non-iterables."""
        if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
            raise self.invalid(value, "a list, tuple or set of values")
        return list(value)

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        items = self.values(value)
        if not items:
            return NOTHING
        prepared = [self.prepare(field, v) for v in items]
        if self.native:
            return self.target.wrap(self.target.expr({"$in": _dedupe(prepared)}))
        exact = [self.target.wrap(self.target.expr(p)) for p in _dedupe(prepared)]
        return exact[0] if len(exact) == 1 else {"$or": exact}


class NativeIn(In):
    """``$in`` (text, ``record_id``, ``target_record_id``)."""

    native = True


class ReferenceIn(In):
    """``company__in=[...]``: ``target_record_id`` ``$in``, one group per target object."""

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        items = self.values(value)
        if not items:
            return NOTHING
        groups: dict[str, list[str]] = {}
        for item in items:
            pair = self.prepare(field, item)
            groups.setdefault(pair["target_object"], []).append(pair["target_record_id"])
        parts = [
            self.target.wrap({"target_object": obj, "target_record_id": {"$in": _dedupe(ids)}})
            for obj, ids in groups.items()
        ]
        return parts[0] if len(parts) == 1 else {"$or": parts}


def _dedupe(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


class _Operator(Lookup):
    operator: ClassVar[str] = ""

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        return self.target.wrap(self.target.expr({self.operator: self.prepare(field, value)}))


class _Substring(_Operator):
    def prepare(self, field: f.Field[Any], value: Any) -> Any:
        if not isinstance(value, str) or not value:
            raise self.invalid(value, "a non-empty str")
        return value


class Contains(_Substring):
    """``$contains`` (Attio matches case-insensitively)."""

    lookup_name = "contains"
    operator = "$contains"


class IContains(Contains):
    """Same as ``contains``: Attio's ``$contains`` is already case-insensitive."""

    lookup_name = "icontains"


class StartsWith(_Substring):
    """``$starts_with``."""

    lookup_name = "startswith"
    operator = "$starts_with"


class EndsWith(_Substring):
    """``$ends_with``."""

    lookup_name = "endswith"
    operator = "$ends_with"


class GreaterThan(_Operator):
    """``$gt``."""

    lookup_name = "gt"
    operator = "$gt"


class GreaterThanOrEqual(_Operator):
    """``$gte``."""

    lookup_name = "gte"
    operator = "$gte"


class LessThan(_Operator):
    """``$lt``."""

    lookup_name = "lt"
    operator = "$lt"


class LessThanOrEqual(_Operator):
    """``$lte``."""

    lookup_name = "lte"
    operator = "$lte"


class Range(Lookup):
    """``(low, high)`` inclusive: ``$gte`` and ``$lte`` on the same property."""

    lookup_name = "range"

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
            raise self.invalid(value, "a (low, high) pair")
        low, high = (self.prepare(field, v) for v in value)
        return self.target.wrap(self.target.expr({"$gte": low, "$lte": high}))


class IsNull(Lookup):
    """``isnull=True``: no value (``$not`` of ``$not_empty``); ``False``: has a value."""

    lookup_name = "isnull"

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        if not isinstance(value, bool):
            raise self.invalid(value, "True or False")
        has_value = self.target.wrap(self.target.expr({"$not_empty": True}))
        return {"$not": has_value} if value else has_value


class Empty(IsNull):
    """Alias of ``isnull``."""

    lookup_name = "empty"


class _ActiveFrom(Lookup):
    """Select/status: when the current value became active (``active_from``)."""

    operator: ClassVar[str] = ""

    def as_filter(self, field: f.Field[Any], value: Any) -> dict[str, Any]:
        return self.target.wrap({"active_from": {self.operator: _instant_text(self, value)}})


class Since(_ActiveFrom):
    """``stage__since=t``: the current status/option has been set since ``t`` (``$gte``)."""

    lookup_name = "since"
    operator = "$gte"


class Before(_ActiveFrom):
    """``stage__before=t``: the current status/option was set before ``t`` (``$lt``)."""

    lookup_name = "before"
    operator = "$lt"


class _ActiveFromBound(_Operator):
    def prepare(self, field: f.Field[Any], value: Any) -> Any:
        return _instant_text(self, value)


class _ActiveFromRange(Range):
    def prepare(self, field: f.Field[Any], value: Any) -> Any:
        return _instant_text(self, value)


def _bound(name: str, op: str) -> type[Lookup]:
    return type(
        f"ActiveFrom_{name}",
        (_ActiveFromBound,),
        {"lookup_name": name, "operator": op, "__doc__": f"``active_from`` ``{op}``."},
    )


class _Nothing(dict[str, Any]):
    """The filter that matches nothing (``in=[]``); the compiler folds it away."""

    def __repr__(self) -> str:
        return "NOTHING"


#: Returned by lookups that can match nothing (an empty ``in``).
NOTHING: dict[str, Any] = _Nothing()

_TEXTISH: tuple[type[Lookup], ...] = (Exact, In, Contains, IContains, StartsWith, EndsWith)
_ORDERED: tuple[type[Lookup], ...] = (
    Exact,
    In,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Range,
)
_LOCATION_TEXT = ("line_1", "line_2", "line_3", "line_4", "locality", "region", "postcode")
_EMAIL_PROPS = ("email_address", "email_domain", "email_root_domain", "email_local_specifier")


def _register_builtins() -> None:
    lk: type[Lookup]
    cls: type[Any]
    for lk in (Exact, NativeIn, Contains, IContains, StartsWith, EndsWith):
        register_lookup(f.Text, lk)
    for cls in (f.Number, f.Rating, f.Date, f.Timestamp):
        for lk in _ORDERED:
            register_lookup(cls, lk)
    for lk in _ORDERED:
        register_lookup(f.Currency, lk, on=(DEFAULT, "currency_value"))
    register_lookup(f.Checkbox, Exact)
    for cls in (f.Select, f.Status):
        _extra_props[cls] = ("active_from",)
        for lk in (Exact, In, Since, Before):
            register_lookup(cls, lk)
        for name, op in (("gt", "$gt"), ("gte", "$gte"), ("lt", "$lt"), ("lte", "$lte")):
            register_lookup(cls, _bound(name, op), on=("active_from",))
        register_lookup(cls, type("ActiveFromRange", (_ActiveFromRange,), {}), on=("active_from",))
    # Attio wants target_object beside target_record_id; the compiler adds it.
    register_lookup(f.Reference, Exact, on=(DEFAULT, "target_record_id"))
    register_lookup(f.Reference, ReferenceIn)
    register_lookup(f.Reference, NativeIn, on=("target_record_id",))
    for lk in (Exact, In):
        register_lookup(f.ActorReference, lk)
    register_lookup(f.Location, Exact)
    for lk in _TEXTISH:
        register_lookup(f.Location, lk, on=_LOCATION_TEXT)
    for lk in (Exact, In, StartsWith):
        register_lookup(f.Location, lk, on=("country_code",))
    for lk in (*_TEXTISH, IsNull, Empty):
        register_lookup(f.Domain, lk, on=(DEFAULT, "domain", "root_domain"))
        register_lookup(f.PersonalName, lk, on=(DEFAULT, "first_name", "last_name", "full_name"))
    for lk in _TEXTISH:
        register_lookup(f.EmailAddress, lk, on=(DEFAULT, *_EMAIL_PROPS))
        register_lookup(f.PhoneNumber, lk, on=(DEFAULT, "phone_number"))
    for lk in (Exact, In, IsNull, Empty):
        register_lookup(f.PhoneNumber, lk, on=("country_code",))
        register_lookup(f.Interaction, lk, on=("owner_member_id", "interaction_type"))
    for lk in _ORDERED:
        register_lookup(f.Interaction, lk, on=("interacted_at",))
    for alias, prop in (
        ("domain", "email_domain"),
        ("root_domain", "email_root_domain"),
        ("local_specifier", "email_local_specifier"),
        ("address", "email_address"),
    ):
        property_alias(f.EmailAddress, alias, prop)
    property_alias(f.PhoneNumber, "number", "phone_number")


_register_builtins()
