"""Compile Attio's records/entries query ``sorts`` into SQL ``ORDER BY`` terms.

Each sort item is ``{"direction": "asc"|"desc", "attribute": <slug or id>}`` or
``{"direction": ..., "path": [[object_or_list, attribute], ...]}``, optionally with ``field``
naming a sub-property of a multi-property type (``last_name``, ``locality``,
``email_domain``...). Records or entries without a value for the sort key come last in both
directions. A multiselect attribute sorts by its first current value (lowest ``ord``), and a
path through a multiselect reference follows the first referenced record. Ties keep insertion
(``seq``) order. Text keys compare case-insensitively (the lower-cased ``sk_text``); status and
select values sort by title; record and actor references by id. Missing-last ordering uses
``NULLS LAST`` (SQLite 3.30 or newer).

Malformed sorts raise ``FilterError`` with code ``filter_error`` (Attio documents no separate
code for sorts); an unknown attribute slug raises ``unknown_filter_attribute_slug``, the code
Attio returns for any unknown slug in a query body.

Example:
    >>> compile_sorts(None, schema=..., kind="record", container_id="o", outer="r")
    ('r.seq', [])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from particle_orm.emulator.filters import (
    FilterError,
    Kind,
    Scope,
    lookup_attribute,
    resolve_path,
    top_scope,
)
from particle_orm.emulator.schema_view import AttributeInfo, SchemaView

__all__ = ["IndexedSort", "compile_sorts", "indexed_sort", "sort_index_statements"]

_TEXT = "{v}.sk_text"
_NUM = "{v}.sk_num"


def _json(path: str) -> str:
    return f"json_extract({{v}}.data, '$.{path}')"


def _folded(path: str) -> str:
    # Text sub-properties sort case-insensitively, like the lower-cased sk_text keys.
    return f"lower(json_extract({{v}}.data, '$.{path}'))"


def _many(names: tuple[str, ...]) -> dict[str, str]:
    return {name: _folded(name) for name in names}


# Per type: the default field and the SQL key of every sortable field, over value alias {v}.
FIELDS: Mapping[str, tuple[str, Mapping[str, str]]] = {
    "text": ("value", {"value": _TEXT}),
    "number": ("value", {"value": _NUM}),
    "rating": ("value", {"value": _NUM}),
    "checkbox": ("value", {"value": _NUM}),
    "currency": (
        "currency_value",
        {"currency_value": _NUM, "currency_code": _json("currency_code")},
    ),
    "date": ("value", {"value": _TEXT}),
    "timestamp": ("value", {"value": _TEXT}),
    "status": ("status", {"status": _TEXT}),
    "select": ("option", {"option": _TEXT}),
    "record-reference": (
        "target_record_id",
        {"target_record_id": _TEXT, "target_object": _json("target_object_id")},
    ),
    "actor-reference": (
        "referenced_actor_id",
        {"referenced_actor_id": _TEXT, "referenced_actor_type": _json("referenced_actor_type")},
    ),
    "location": (
        "locality",
        {
            "locality": _TEXT,
            **_many(("line_1", "line_2", "line_3", "line_4", "region", "postcode")),
            "country_code": _json("country_code"),
            "latitude": f"CAST({_json('latitude')} AS REAL)",
            "longitude": f"CAST({_json('longitude')} AS REAL)",
        },
    ),
    "domain": ("domain", {"domain": _TEXT, "root_domain": _json("root_domain")}),
    "email-address": (
        "email_address",
        {
            "email_address": _TEXT,
            **_many(
                (
                    "original_email_address",
                    "email_domain",
                    "email_root_domain",
                    "email_local_specifier",
                )
            ),
        },
    ),
    "phone-number": (
        "phone_number",
        {
            "phone_number": _TEXT,
            "country_code": _json("country_code"),
            "original_phone_number": _json("original_phone_number"),
        },
    ),
    "interaction": (
        "interacted_at",
        {
            "interacted_at": _TEXT,
            "interaction_type": _json("interaction_type"),
            "owner_member_id": _json("owner_actor.id"),
        },
    ),
    "personal-name": ("full_name", {"full_name": _TEXT, **_many(("first_name", "last_name"))}),
}

_ITEM_KEYS = frozenset({"direction", "attribute", "path", "field"})

# Sub-properties common enough as sort keys to get an index of their own (see
# sort_index_statements); the sk_text/sk_num keys already have value_by_attr_text/num.
INDEXED_FIELDS: tuple[tuple[str, str], ...] = (
    ("personal-name", "first_name"),
    ("personal-name", "last_name"),
    ("email-address", "email_domain"),
)


def _index_name(attr_type: str, field: str) -> str:
    return f"value_sort_{attr_type.replace('-', '_')}_{field}"


def sort_index_statements() -> list[str]:
    """``CREATE INDEX`` statements for the sort keys of ``INDEXED_FIELDS``.

    Each is a partial expression index over the current values of one attribute type,
    ordered by exactly the key expression ``compile_sorts`` emits, so a query sorted by that
    key can walk the index in order and stop after one page.

    Example:
        >>> sort_index_statements()[1].split(" ON ")[0]
        'CREATE INDEX IF NOT EXISTS value_sort_personal_name_last_name'
    """
    out = []
    for attr_type, field in INDEXED_FIELDS:
        key = FIELDS[attr_type][1][field].replace("{v}.", "")
        out.append(
            f"CREATE INDEX IF NOT EXISTS {_index_name(attr_type, field)} ON value(attribute_id, "
            f"{key}) WHERE active_until IS NULL AND attribute_type = '{attr_type}'"
        )
    return out


@dataclass(frozen=True)
class IndexedSort:
    """A one-item sort whose key an index holds in order: the query can walk that index.

    ``key`` is the SQL key over the value alias ``{v}``; ``guard`` is extra SQL (over
    ``{v}``) that makes the query's conditions imply the partial index's ``WHERE``.

    Example:
        >>> IndexedSort("a1", "{v}.sk_num", "value_by_attr_num", "", "DESC").direction
        'DESC'
    """

    attribute_id: str
    key: str
    index: str
    guard: str
    direction: str


def indexed_sort(
    sorts: object, *, schema: SchemaView, kind: Kind, container_id: str
) -> IndexedSort | None:
    """The index-walkable form of ``sorts``, or None when it has none.

    Only a single ``attribute`` item on a single-value attribute qualifies (a multiselect
    attribute sorts by its first value, which an index over all values cannot give). Call
    it after ``compile_sorts`` accepted the same ``sorts``: it does not validate.

    Example:
        >>> indexed_sort(None, schema=..., kind="record", container_id="o") is None
        True
    """
    if not isinstance(sorts, list) or len(sorts) != 1:
        return None
    item = sorts[0]
    if not isinstance(item, dict) or "attribute" not in item:
        return None
    scope = top_scope(kind, container_id, "x")
    attr = lookup_attribute(schema, scope, item["attribute"], None)
    if attr.is_multiselect or attr.type not in FIELDS:
        return None
    default, keys = FIELDS[attr.type]
    name = item.get("field") or default
    key = keys.get(name)
    direction = "DESC" if item.get("direction") == "desc" else "ASC"
    if key == _TEXT:
        return IndexedSort(attr.attribute_id, key, "value_by_attr_text", "", direction)
    if key == _NUM:
        return IndexedSort(attr.attribute_id, key, "value_by_attr_num", "", direction)
    if key is not None and (attr.type, name) in INDEXED_FIELDS:
        guard = f" AND {{v}}.attribute_type = '{attr.type}'"
        return IndexedSort(attr.attribute_id, key, _index_name(attr.type, name), guard, direction)
    return None


def _fail(message: str) -> FilterError:
    return FilterError("filter_error", message)


class _Sorter:
    def __init__(self, schema: SchemaView, scope: Scope) -> None:
        self.schema = schema
        self.scope = scope
        self.aliases = 0

    def alias(self) -> str:
        self.aliases += 1
        return f"sv{self.aliases}"

    def first_value(
        self, parent_expr: str, params: list[object], attr: AttributeInfo, key: str
    ) -> tuple[str, list[object]]:
        """A scalar subquery: ``key`` of the attribute's first current value, or NULL."""
        v = self.alias()
        order = f" ORDER BY {v}.ord" if attr.is_multiselect else ""
        sql = (
            f"(SELECT {key.format(v=v)} FROM value {v} INDEXED BY value_by_parent "
            f"WHERE {v}.parent_id = {parent_expr} AND {v}.attribute_id = ? "
            f"AND {v}.active_until IS NULL{order} LIMIT 1)"
        )
        return sql, [*params, attr.attribute_id]

    def item(self, index: int, item: object) -> tuple[str, list[object]]:
        where = f"sorts[{index}]"
        if not isinstance(item, dict):
            raise _fail(f"{where} must be an object with `direction` and `attribute` or `path`.")
        extra = set(item) - _ITEM_KEYS
        if extra:
            raise _fail(f"{where} has unknown keys: {', '.join(sorted(map(str, extra)))}.")
        direction = item.get("direction")
        if direction not in ("asc", "desc"):
            raise _fail(f"{where}.direction is required and must be 'asc' or 'desc'.")
        if ("attribute" in item) == ("path" in item):
            raise _fail(f"{where} must give exactly one of `attribute` and `path`.")
        field = item.get("field")
        if field is not None and not isinstance(field, str):
            raise _fail(f"{where}.field must be a string.")
        parent_expr = self.scope.id_expr
        params: list[object] = []
        if "attribute" in item:
            attr = lookup_attribute(self.schema, self.scope, item["attribute"], None)
            attr = self._unpathed(attr)
        else:
            hops, _, attr = resolve_path(self.schema, self.scope, item["path"], None)
            attr = self._unpathed(attr)
            for hop in hops:
                if hop.attribute_id is None:
                    assert self.scope.parent_record_expr is not None
                    parent_expr = self.scope.parent_record_expr
                    continue
                ref = AttributeInfo(hop.attribute_id, "", "record-reference", True)
                parent_expr, params = self.first_value(
                    parent_expr, params, ref, _json("target_record_id")
                )
        default, keys = FIELDS[attr.type]
        name = default if field is None else field
        key = keys.get(name)
        if key is None:
            raise _fail(
                f"{where}.field {name!r} is not a sortable field of {attr.type} attribute "
                f'"{attr.api_slug}"; fields: {", ".join(keys)}.'
            )
        sql, params = self.first_value(parent_expr, params, attr, key)
        return f"{sql} {direction.upper()} NULLS LAST", params

    @staticmethod
    def _unpathed(attr: AttributeInfo) -> AttributeInfo:
        if attr.type not in FIELDS:
            raise _fail(f'Attribute "{attr.api_slug}" of type {attr.type!r} cannot be sorted.')
        return attr


def compile_sorts(
    sorts: object, *, schema: SchemaView, kind: Kind, container_id: str, outer: str
) -> tuple[str, list[object]]:
    """Compile a records/entries query ``sorts`` array into ``ORDER BY`` terms.

    Returns comma-separated terms (without ``ORDER BY``) that always end with ``{outer}.seq``
    as the tie-breaker, plus their ``?`` parameters in order. Missing values sort last in both
    directions; multiselect attributes sort by their first value. ``None`` or ``[]`` gives
    plain insertion order.

    Example:
        >>> terms, params = compile_sorts(
        ...     [{"direction": "asc", "attribute": "name", "field": "last_name"}],
        ...     schema=schema, kind="record", container_id=people_id, outer="r",
        ... )  # doctest: +SKIP
        >>> db.execute(f"SELECT r.id FROM record r ORDER BY {terms}", params)  # doctest: +SKIP
    """
    scope = top_scope(kind, container_id, outer)
    if sorts is None:
        return f"{outer}.seq", []
    if not isinstance(sorts, list):
        raise _fail("`sorts` must be a list of sort objects.")
    sorter = _Sorter(schema, scope)
    terms: list[str] = []
    params: list[object] = []
    for index, item in enumerate(sorts):
        sql, item_params = sorter.item(index, item)
        terms.append(sql)
        params.extend(item_params)
    terms.append(f"{outer}.seq")
    return ", ".join(terms), params
