"""The compiler: lookup keys, ``Q`` trees and orderings → Attio ``filter`` / ``sorts`` JSON.

A key such as ``company__name__contains`` is resolved left to right against the model:

* a field (Python name, slug or attribute id; ``pk`` means ``record_id``/``entry_id``);
* then, optionally, a property of a composite type (``name__first_name``; aliases such
  as ``email_addresses__domain`` → ``email_domain``);
* or a hop through a record reference (``company__...``) or, on list entries, through
  the parent record (``parent__...``), which turns the condition into a ``path`` filter;
* and finally a lookup name (``exact`` when omitted).

Conditions of one ``filter()`` call and successive calls are ANDed. Several conditions on
different attributes merge into one object (Attio's implicit ``$and``), and several
operators on the same single-value attribute in one call merge into one operator object
(``created_at__gte=a, created_at__lt=b``); anything else uses ``$and`` / ``$or`` /
``$not``.

Example:
    >>> from particle_orm.standard import Person
    >>> compile_filter(Person, [Q(name="John Smith", email_addresses="john@smith.com")])
    {'email_addresses': 'john@smith.com', 'name': 'John Smith'}
    >>> compile_sorts(Person, ["-name__last_name"])
    [{'direction': 'desc', 'attribute': 'name', 'field': 'last_name'}]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from particle_orm import fields as f
from particle_orm.errors import QueryError, did_you_mean
from particle_orm.query._lookups import (
    NOTHING,
    Lookup,
    Target,
    all_lookup_names,
    get_lookups,
    resolve_property,
)
from particle_orm.query._q import Q, RawFilter
from particle_orm.values import RecordRef

__all__ = ["NOTHING", "Resolved", "combine_and", "compile_filter", "compile_sorts", "resolve"]

_id_fields: dict[tuple[type[Any], str], f.Field[Any]] = {}


@dataclass(frozen=True)
class Resolved:
    """A resolved key: the field reached, its property, the lookup and the path hops.

    ``hops`` are the ``[object_or_list, attribute]`` pairs *before* the last one;
    ``owner`` is the model of the last pair. ``id_target`` marks a condition on a
    record's identity (``parent=company``), whose values may be instances.
    """

    owner: type[Any]
    field: f.Field[Any]
    property: str | None
    lookup: str | None
    hops: tuple[tuple[str, str], ...]
    label: str
    id_target: bool = False

    def wrap(self) -> Callable[[Any], dict[str, Any]]:
        """The function turning an attribute expression into a whole filter."""
        key = self.field.key
        if not self.hops:
            return lambda expr: {key: expr}
        pairs = [[c, a] for c, a in self.hops] + [[container(self.owner), key]]
        return lambda expr: {"path": [list(p) for p in pairs], "constraints": expr}

    def path(self) -> list[list[str]]:
        """Every path pair, the last one included."""
        return [[c, a] for c, a in self.hops] + [[container(self.owner), self.field.key]]


def container(model: type[Any]) -> str:
    """The object or list identifier a path pair names for ``model``."""
    meta = model._meta
    found = meta.container
    if found is None:
        raise QueryError(f"{model.__name__} is abstract: it maps no Attio object or list")
    return str(found)


def id_field(model: type[Any]) -> f.Field[Any]:
    """The ``record_id`` (models) or ``entry_id`` (entries) field, declared or implied."""
    meta = model._meta
    slug = "entry_id" if meta.is_entry else "record_id"
    declared: f.Field[Any] | None = meta.fields_by_slug.get(slug)
    if declared is not None:
        return declared
    key = (model, slug)
    field = _id_fields.get(key)
    if field is None:
        # Attio has the attribute on every object/list even when the model omits it.
        field = f.Text(slug=slug, read_only=True)
        field.name, field.model = slug, model
        _id_fields[key] = field
    return field


def _field(model: type[Any], name: str, label: str) -> f.Field[Any]:
    meta = model._meta
    if name == "pk":
        return id_field(model)
    found: f.Field[Any] | None = meta.fields.get(name) or meta.fields_by_key.get(name)
    if found is not None:
        return found
    if name in ("record_id", "entry_id") and (name == "entry_id") == meta.is_entry:
        return id_field(model)
    names = [*meta.fields, *(["parent"] if meta.is_entry else [])]
    raise QueryError(
        f"{label}: {model.__name__} has no field {name!r}{did_you_mean(name, names)} "
        f"(fields: {', '.join(names) or 'none'})"
    )


def _targets_one(field: f.Field[Any], label: str) -> type[Any]:
    targets: tuple[type[Any], ...] = getattr(field, "targets", ())
    if len(targets) != 1:
        names = ", ".join(t.__name__ for t in targets)
        raise QueryError(
            f"{label}: cannot follow {field.name!r}: it references several objects ({names})"
        )
    target: type[Any] = targets[0]
    return target


def resolve(model: type[Any], key: str, *, for_sort: bool = False) -> Resolved:
    """Resolve a lookup key (or, with ``for_sort``, an ordering key) against ``model``.

    Example:
        >>> from particle_orm.standard import Person
        >>> r = resolve(Person, "company__name__contains")
        >>> r.hops, r.field.slug, r.lookup
        ((('people', 'company'),), 'name', 'contains')
    """
    parts = key.split("__")
    if not all(parts):
        raise QueryError(f"{model.__name__}: malformed key {key!r}")
    current = model
    hops: list[tuple[str, str]] = []
    label = model.__name__
    i = 0
    lookup_names = all_lookup_names()
    while True:
        name = parts[i]
        rest = parts[i + 1 :]
        meta = current._meta
        if meta.is_entry and name == "parent" and "parent" not in meta.fields:
            parent = meta.parent
            label = f"{label}.parent"
            if parent is None:
                raise QueryError(
                    f"{label}: {current.__name__} has no Meta.parent model to filter through"
                )
            hops.append((container(current), "parent_record"))
            if not rest or (len(rest) == 1 and rest[0] in lookup_names and not for_sort):
                return Resolved(
                    parent,
                    id_field(parent),
                    None,
                    rest[0] if rest else None,
                    tuple(hops),
                    label,
                    id_target=True,
                )
            current = parent
            i += 1
            continue
        field = _field(current, name, label)
        label = f"{label}.{field.name}" if i == 0 else f"{label}__{field.name}"
        if not rest:
            return Resolved(current, field, None, None, tuple(hops), label)
        prop = resolve_property(field, rest[0])
        if prop is not None:
            if for_sort:
                if len(rest) > 1:
                    raise QueryError(f"{label}__{rest[0]}: nothing can follow a sort property")
                return Resolved(current, field, prop, None, tuple(hops), label)
            if len(rest) > 2:
                raise QueryError(
                    f"{label}__{rest[0]}: expected at most a lookup after the property, "
                    f"got {'__'.join(rest[1:])!r}"
                )
            return Resolved(
                current, field, prop, rest[1] if len(rest) == 2 else None, tuple(hops), label
            )
        if len(rest) == 1 and rest[0] in lookup_names and not for_sort:
            return Resolved(current, field, None, rest[0], tuple(hops), label)
        if isinstance(field, f.Reference):
            target = _targets_one(field, label)
            hops.append((container(current), field.key))
            current = target
            i += 1
            continue
        props = field.property_names
        lookups = [] if for_sort else sorted(get_lookups(type(field)))
        raise QueryError(
            f"{label}: {rest[0]!r} is not a property of {type(field).__name__}"
            + ("" if for_sort else " nor a lookup")
            + did_you_mean(rest[0], [*props, *lookups])
            + f" (properties: {', '.join(props) or 'none'}"
            + ("" if for_sort else f"; lookups: {', '.join(lookups) or 'none'}")
            + ")"
        )


def _id_of(value: Any) -> Any:
    if isinstance(value, RecordRef):
        return value.target_record_id
    ident = getattr(value, "_id", None)
    if ident is not None and hasattr(type(value), "_meta"):
        return ident[2]
    return value


def compile_condition(model: type[Any], key: str, value: Any) -> dict[str, Any]:
    """One ``key=value`` condition → a filter (``NOTHING`` for an empty ``in``).

    Example:
        >>> from particle_orm.standard import Deal
        >>> compile_condition(Deal, "stage__in", ["In Progress", "Lead"])
        {'$or': [{'stage': 'In Progress'}, {'stage': 'Lead'}]}
    """
    res = resolve(model, key)
    field_cls = type(res.field)
    available = get_lookups(field_cls, res.property)
    name = res.lookup or "exact"
    where = res.label if res.property is None else f"{res.label}__{res.property}"
    if name == "exact" and value is None:
        if "isnull" not in available:
            raise QueryError(
                f"{where}: cannot filter on None: Attio has no 'is empty' test for "
                f"{field_cls.__name__}{'.' + res.property if res.property else ''} "
                f"(lookups: {', '.join(sorted(available)) or 'none'})"
            )
        name, value = "isnull", True
    if res.id_target:
        if name not in ("exact", "in"):
            raise QueryError(f"{where}: only exact and in compare a record itself")
        value = [_id_of(v) for v in value] if name == "in" and _listish(value) else _id_of(value)
    lookup_cls = available.get(name)
    if lookup_cls is None:
        prop = f" property {res.property!r} of" if res.property else ""
        raise QueryError(
            f"{where}: lookup {name!r} is not supported on{prop} {field_cls.__name__} "
            f"(Attio attribute type {res.field.attribute_type!r})"
            f"{did_you_mean(name, available)}; supported: "
            f"{', '.join(sorted(available)) or 'none'}"
        )
    if res.field.slug in ("record_id", "entry_id") and name in ("exact", "in"):
        value = [_id_of(v) for v in value] if name == "in" and _listish(value) else _id_of(value)
    companions: tuple[tuple[str, Any], ...] = ()
    if isinstance(res.field, f.Reference) and res.property == "target_record_id":
        target = _targets_one(res.field, where)
        companions = (("target_object", container(target)),)
    lookup: Lookup = lookup_cls(Target(res.field, res.property, res.wrap(), where, companions))
    return lookup.as_filter(res.field, value)


def _listish(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


# --------------------------------------------------------------------------- trees

_EVERYTHING = None


def _mergeable(part: dict[str, Any]) -> bool:
    return bool(part) and all(not k.startswith("$") and k != "path" for k in part)


def _and(parts: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    kept: list[dict[str, Any]] = []
    for part in parts:
        if part is _EVERYTHING:
            continue
        if part is NOTHING:
            return NOTHING
        kept.append(part)
    if not kept:
        return _EVERYTHING
    if len(kept) == 1:
        return kept[0]
    keys = [k for p in kept for k in p]
    if all(_mergeable(p) for p in kept) and len(keys) == len(set(keys)):
        merged: dict[str, Any] = {}
        for p in kept:
            merged.update(p)
        return merged
    flat: list[dict[str, Any]] = []
    for p in kept:
        flat.extend(p["$and"] if set(p) == {"$and"} else [p])
    return {"$and": flat}


def _or(parts: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    kept: list[dict[str, Any]] = []
    for part in parts:
        if part is _EVERYTHING:
            return _EVERYTHING
        if part is NOTHING:
            continue
        kept.append(part)
    if not kept:
        return NOTHING
    if len(kept) == 1:
        return kept[0]
    flat: list[dict[str, Any]] = []
    for p in kept:
        flat.extend(p["$or"] if set(p) == {"$or"} else [p])
    return {"$or": flat}


def _not(part: dict[str, Any] | None) -> dict[str, Any] | None:
    if part is _EVERYTHING:
        return NOTHING
    if part is NOTHING:
        return _EVERYTHING
    if set(part) == {"$not"}:
        inner: dict[str, Any] = part["$not"]
        return inner
    return {"$not": part}


def _operators_only(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(k.startswith("$") for k in value)


def _merge_operators(
    model: type[Any],
    children: Sequence[Q | RawFilter | tuple[str, Any]],
    parts: list[dict[str, Any] | None],
) -> list[dict[str, Any] | None]:
    """``created_at__gte=a, created_at__lt=b`` → one ``{"created_at": {"$gte", "$lt"}}``.

    Only for single-value attributes reached without a path: there, "the value satisfies
    both operators" and "some value satisfies each" are the same condition. (For a
    multiselect they differ, so those stay two conditions under ``$and``.)
    """
    merged: list[dict[str, Any] | None] = []
    slots: dict[tuple[str, str | None], dict[str, Any]] = {}
    for child, part in zip(children, parts, strict=True):
        if isinstance(child, tuple) and part is not None and part is not NOTHING and len(part) == 1:
            ((key, expr),) = part.items()
            res = resolve(model, child[0])
            if not res.hops and not res.field.many and not key.startswith("$"):
                prop = res.property
                ops: Any = (
                    expr if prop is None else expr.get(prop) if isinstance(expr, dict) else None
                )
                shape_ok = prop is None or (isinstance(expr, dict) and len(expr) == 1)
                if shape_ok and _operators_only(ops):
                    slot = slots.get((key, prop))
                    if slot is not None and not set(slot) & set(ops):
                        slot.update(ops)
                        continue
                    if slot is None:
                        fresh = dict(ops)
                        slots[(key, prop)] = fresh
                        merged.append({key: fresh if prop is None else {prop: fresh}})
                        continue
        merged.append(part)
    return merged


def compile_node(model: type[Any], node: Q | RawFilter | tuple[str, Any]) -> dict[str, Any] | None:
    """Compile one node: ``None`` matches everything, ``NOTHING`` matches nothing."""
    if isinstance(node, RawFilter):
        return dict(node.filter) if node.filter else _EVERYTHING
    if isinstance(node, tuple):
        key, value = node
        return compile_condition(model, key, value)
    parts = [compile_node(model, child) for child in node.children]
    if node.connector == Q.AND:
        parts = _merge_operators(model, node.children, parts)
    combined = _or(parts) if node.connector == Q.OR else _and(parts)
    return _not(combined) if node.negated else combined


def combine_and(parts: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """AND already-compiled filters (``None`` = everything, ``NOTHING`` = nothing)."""
    return _and(parts)


def compile_filter(model: type[Any], where: Sequence[Q | RawFilter]) -> dict[str, Any] | None:
    """AND the nodes of a QuerySet into one Attio filter (``None``: no filter).

    Returns ``NOTHING`` (an empty dict that is not ``{}``-identical) when the filter can
    match nothing, so the QuerySet skips the request.

    Example:
        >>> from particle_orm.standard import Person
        >>> compile_filter(Person, [~Q(name__first_name="John")])
        {'$not': {'name': {'first_name': 'John'}}}
    """
    return _and([compile_node(model, node) for node in where])


def compile_sorts(model: type[Any], ordering: Sequence[str]) -> list[dict[str, Any]]:
    """``order_by`` keys → Attio ``sorts`` (``-`` prefix for descending).

    ``name__last_name`` sorts on a property (``field``); ``company__name`` follows the
    reference (``path``).

    Example:
        >>> from particle_orm.standard import Person
        >>> compile_sorts(Person, ["company__name"])
        [{'direction': 'asc', 'path': [['people', 'company'], ['companies', 'name']]}]
    """
    out: list[dict[str, Any]] = []
    for key in ordering:
        if not isinstance(key, str) or not key or key in ("?", "-"):
            raise QueryError(
                f"{model.__name__}.order_by: {key!r} is not a field name "
                "(random ordering is not supported by Attio)"
            )
        direction = "desc" if key.startswith("-") else "asc"
        res = resolve(model, key.lstrip("-+"), for_sort=True)
        item: dict[str, Any] = {"direction": direction}
        if res.hops:
            item["path"] = res.path()
        else:
            item["attribute"] = res.field.key
        if res.property is not None:
            item["field"] = res.property
        out.append(item)
    return out
