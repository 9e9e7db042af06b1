"""Compile Attio's record/entry query ``filter`` JSON into SQL over the emulator's value table.

The whole grammar of Attio's filter language is supported: the shorthand scalar, operators on
a type's default property, explicit properties, several keys as an implicit ``$and``,
``$and``/``$or``/``$not`` nesting, and ``path`` drill-downs through record references and an
entry's ``parent_record``. Each attribute condition becomes one test over the current values
of that attribute (``active_until IS NULL``): an uncorrelated ``id IN (SELECT parent_id ...)``
when an index on the sort keys can find the values (equality, ``$in``, prefixes on keyed
properties), else a correlated ``EXISTS`` through ``value_by_parent``. Either way, for
multiselect attributes a condition holds when ANY current value satisfies all of its operators,
and ``$not`` negates the whole condition. Operators and properties that Attio does not document
for a type are rejected with ``FilterError`` rather than ignored.

Choices where Attio's documentation is silent: ``$eq`` on text is exact (case-sensitive) while
``$contains``, ``$starts_with`` and ``$ends_with`` ignore case; status and select conditions
also accept the spelled-out properties ``status`` / ``option``; record-reference conditions
must name both ``target_object`` and ``target_record_id`` (as actor-references must name both
keys); ``$not_empty`` accepts only ``true``; an empty ``$in`` list, or ``$or: []``, matches
nothing and ``$and: []`` everything.

Example:
    >>> sql, params = compile_filter(None, schema=..., kind="record", container_id="o", outer="r")
    >>> sql, params
    ('1', [])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Literal

from particle_orm.emulator.schema_view import AttributeInfo, SchemaView

__all__ = ["JSON_INDEXED_PROPERTIES", "FilterError", "compile_filter", "index_statements"]

Kind = Literal["record", "entry"]
_Frag = tuple[str, list[object]]
_Finder = Callable[[str, str], "str | None"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class FilterError(Exception):
    """A query ``filter`` or ``sorts`` body that Attio would reject.

    ``code`` is Attio's error code (``filter_error`` or ``unknown_filter_attribute_slug``);
    ``path`` is, for unknown slugs, the location of the offending key in the filter with list
    indices as strings. Routes render it as Attio's 400 ``invalid_request_error`` body.

    Example:
        >>> err = FilterError("unknown_filter_attribute_slug", "Unknown attribute slug: x.", ["x"])
        >>> err.code, err.path
        ('unknown_filter_attribute_slug', ['x'])
    """

    def __init__(self, code: str, message: str, path: list[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    def __repr__(self) -> str:
        return f"FilterError(code={self.code!r}, message={self.message!r}, path={self.path!r})"


# --- per-type properties and the operators Attio documents for them (FACTS.md §2.1, §3.3) ---

_EQ = frozenset({"$eq"})
_ORDER = frozenset({"$eq", "$gt", "$gte", "$lt", "$lte"})
_BOUNDS = frozenset({"$gt", "$gte", "$lt", "$lte"})
_SUBSTRING = frozenset({"$contains", "$starts_with", "$ends_with"})
_TEXT_OPS = _EQ | {"$in"} | _SUBSTRING
_EQ_SUBSTRING = _EQ | _SUBSTRING
_EQ_NONEMPTY = _EQ | {"$not_empty"}
_EQ_NONEMPTY_SUBSTRING = _EQ_NONEMPTY | _SUBSTRING
_ALL_OPS = _ORDER | _SUBSTRING | {"$in", "$not_empty"}

# Operand kinds: how a filter value is checked and normalised before it meets stored data.
Operand = Literal[
    "text",
    "nullable_text",
    "number",
    "currency",
    "bool",
    "date",
    "timestamp",
    "bound",
    "status",
    "option",
    "object",
    "email",
    "domain",
    "phone",
    "country",
]


@dataclass(frozen=True)
class _Prop:
    # `column` is an SQL expression over the value row alias `{v}` holding the property's
    # stored value. `key`, when set, is the row's indexed sort key (sk_text) holding the same
    # value, Python-lower-cased when `folded`: equality and prefix tests on it can be answered
    # from the value_by_attr_text index, and comparing a folded key with a Python-lowered
    # operand keeps case-insensitive matching right beyond ASCII (SQLite lower() is ASCII).
    column: str
    ops: frozenset[str]
    operand: Operand
    key: str | None = None
    folded: bool = False
    selective: bool = True  # False: equality still matches a large share of values


@dataclass(frozen=True)
class _TypeSpec:
    default: str | None  # None: the type has no shorthand (a property must be named)
    props: Mapping[str, _Prop]
    required_together: tuple[str, ...] = ()


def _j(path: str) -> str:
    return f"json_extract({{v}}.data, '$.{path}')"


def _same(names: Sequence[str], ops: frozenset[str], operand: Operand) -> dict[str, _Prop]:
    return {name: _Prop(_j(name), ops, operand) for name in names}


# Stored properties whose equality filters are compiled to use the partial expression indexes
# of index_statements(); without those indexes the queries stay correct, just slower.
JSON_INDEXED_PROPERTIES: tuple[str, ...] = (
    "status_id",
    "option_id",
    "first_name",
    "last_name",
    "email_domain",
    "email_root_domain",
    "root_domain",
)
# The attribute type holding each: an index covers only that type's rows, so other values
# neither pay for it on insert nor fill it with NULL entries.
_JSON_INDEX_TYPES: Mapping[str, str] = {
    "status_id": "status",
    "option_id": "select",
    "first_name": "personal-name",
    "last_name": "personal-name",
    "email_domain": "email-address",
    "email_root_domain": "email-address",
    "root_domain": "domain",
}


def index_statements() -> list[str]:
    """``CREATE INDEX`` statements that let equality filters on common JSON properties skip
    the per-record probe (the store runs them next to its own DDL).

    Each is a partial expression index over the current values of one attribute type,
    matching the exact expression the compiler emits (``json_extract(v.data, '$.<property>')``)
    and the ``attribute_type`` literal every compiled condition carries.

    Example:
        >>> index_statements()[0].split(" ON ")[0]
        'CREATE INDEX IF NOT EXISTS value_by_json_status_id'
    """
    return [
        f"CREATE INDEX IF NOT EXISTS value_by_json_{name} ON value(attribute_id, "
        f"json_extract(data, '$.{name}')) WHERE active_until IS NULL "
        f"AND attribute_type = '{_JSON_INDEX_TYPES[name]}'"
        for name in JSON_INDEXED_PROPERTIES
    ]


_SK_TEXT = "{v}.sk_text"
_SK_COLUMNS = frozenset({"{v}.sk_text", "{v}.sk_num", "{v}.active_from"})
_INDEXED_COLUMNS = _SK_COLUMNS | {_j(name) for name in JSON_INDEXED_PROPERTIES}
_NUM = _Prop("{v}.sk_num", _ORDER, "number")
_RATING = _Prop("{v}.sk_num", _ORDER, "number", selective=False)
_ACTIVE_FROM = _Prop("{v}.active_from", _BOUNDS, "bound")

TYPES: Mapping[str, _TypeSpec] = {
    "text": _TypeSpec(
        "value", {"value": _Prop(_j("value"), _TEXT_OPS, "text", _SK_TEXT, folded=True)}
    ),
    "number": _TypeSpec("value", {"value": _NUM}),
    "rating": _TypeSpec("value", {"value": _RATING}),
    "checkbox": _TypeSpec("value", {"value": _Prop("{v}.sk_num", _EQ, "bool", selective=False)}),
    "currency": _TypeSpec(
        "currency_value", {"currency_value": _Prop("{v}.sk_num", _ORDER, "currency")}
    ),
    "date": _TypeSpec("value", {"value": _Prop("{v}.sk_text", _ORDER, "date")}),
    "timestamp": _TypeSpec("value", {"value": _Prop("{v}.sk_text", _ORDER, "timestamp")}),
    "status": _TypeSpec(
        "status",
        {"status": _Prop(_j("status_id"), _EQ, "status"), "active_from": _ACTIVE_FROM},
    ),
    "select": _TypeSpec(
        "option",
        {"option": _Prop(_j("option_id"), _EQ, "option"), "active_from": _ACTIVE_FROM},
    ),
    "record-reference": _TypeSpec(
        None,
        {
            "target_object": _Prop(_j("target_object_id"), _EQ, "object"),
            "target_record_id": _Prop(_j("target_record_id"), _EQ | {"$in"}, "text", _SK_TEXT),
        },
        required_together=("target_object", "target_record_id"),
    ),
    "actor-reference": _TypeSpec(
        None,
        {
            "referenced_actor_type": _Prop(_j("referenced_actor_type"), _EQ, "text"),
            "referenced_actor_id": _Prop(_j("referenced_actor_id"), _EQ, "nullable_text", _SK_TEXT),
        },
        required_together=("referenced_actor_type", "referenced_actor_id"),
    ),
    "location": _TypeSpec(
        None,
        {
            **_same(
                ("line_1", "line_2", "line_3", "line_4", "region", "postcode"),
                _EQ_SUBSTRING,
                "text",
            ),
            "locality": _Prop(_j("locality"), _EQ_SUBSTRING, "text", _SK_TEXT, folded=True),
            "country_code": _Prop(_j("country_code"), _EQ | {"$starts_with"}, "country"),
        },
    ),
    "domain": _TypeSpec(
        "domain",
        {
            "domain": _Prop(_j("domain"), _EQ_NONEMPTY_SUBSTRING, "domain", _SK_TEXT),
            "root_domain": _Prop(_j("root_domain"), _EQ_NONEMPTY_SUBSTRING, "domain"),
        },
    ),
    "email-address": _TypeSpec(
        "email_address",
        {
            "email_address": _Prop(_j("email_address"), _EQ_SUBSTRING, "email", _SK_TEXT),
            **_same(
                ("email_domain", "email_root_domain", "email_local_specifier"),
                _EQ_SUBSTRING,
                "email",
            ),
        },
    ),
    "phone-number": _TypeSpec(
        "phone_number",
        {
            "phone_number": _Prop(_j("phone_number"), _EQ_SUBSTRING, "phone", _SK_TEXT),
            "country_code": _Prop(_j("country_code"), _EQ_NONEMPTY, "country"),
        },
    ),
    "interaction": _TypeSpec(
        None,
        {
            "owner_member_id": _Prop(_j("owner_actor.id"), _EQ_NONEMPTY, "text"),
            "interacted_at": _Prop(_j("interacted_at"), _ORDER, "timestamp", _SK_TEXT),
            "interaction_type": _Prop(_j("interaction_type"), _EQ_NONEMPTY, "text"),
        },
    ),
    "personal-name": _TypeSpec(
        "full_name",
        {
            **_same(("first_name", "last_name"), _EQ_NONEMPTY_SUBSTRING, "text"),
            "full_name": _Prop(
                _j("full_name"), _EQ_NONEMPTY_SUBSTRING, "text", _SK_TEXT, folded=True
            ),
        },
    ),
}


# --- operand normalisation: compare like with like, as values.py stores them ---

_TS_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"(Z|z|[+-]\d{2}(?::?\d{2})?)?"
)
_DATE_RE = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_PHONE_NOISE = re.compile(r"[\s().\-]")


def _offset(zone: str | None) -> timedelta:
    if not zone or zone in "Zz":
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    return sign * timedelta(hours=hours, minutes=minutes)


def normalise_timestamp(text: str, *, date_only_ok: bool = False) -> str:
    """A filter timestamp in Attio's stored form ``YYYY-MM-DDTHH:MM:SS.fffffffffZ`` (UTC).

    Attio requires a date and a time in timestamp filters; ``date_only_ok`` admits a bare date
    (as midnight UTC), which Attio's docs use for ``active_from`` bounds.

    Example:
        >>> normalise_timestamp("2023-11-24T10:00:00+02:00")
        '2023-11-24T08:00:00.000000000Z'
    """
    match = _TS_RE.fullmatch(text.strip())
    if match is None:
        raise FilterError("filter_error", f"Invalid timestamp in filter: {text!r}.")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if hour is None:
        if not date_only_ok or zone is not None:
            raise FilterError(
                "filter_error",
                f"Timestamp filter values must include a date and a time, got {text!r}.",
            )
        hour = minute = "00"
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute or 0), int(second or 0)
        )
        moment -= _offset(zone)
    except (ValueError, OverflowError):
        raise FilterError("filter_error", f"Invalid timestamp in filter: {text!r}.") from None
    nanos = (fraction or "").ljust(9, "0")
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{nanos}Z"


def normalise_date(text: str) -> str:
    """A filter date as ``YYYY-MM-DD``, coerced the way Attio coerces date writes.

    ``"2023"`` and ``"2023-01"`` mean the first day of the period; a time part is dropped after
    applying its zone offset.

    Example:
        >>> normalise_date("2023-01-02T23:00:00-10:00")
        '2023-01-03'
    """
    match = _DATE_RE.fullmatch(text.strip())
    if match is None:
        raise FilterError("filter_error", f"Invalid date in filter: {text!r}.")
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=timezone(_offset(zone)),
        )
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise FilterError("filter_error", f"Invalid date in filter: {text!r}.") from None
    return f"{moment:%Y-%m-%d}"


@dataclass
class _Ctx:
    """Per-compilation state: the schema and a counter for unique value-row aliases."""

    schema: SchemaView
    aliases: int = 0
    lookups: dict[tuple[str, str], str] = field(default_factory=dict)

    def alias(self) -> str:
        self.aliases += 1
        return f"fv{self.aliases}"


@dataclass(frozen=True)
class Scope:
    """Where attribute keys resolve and which SQL expression holds the current row's id.

    Example:
        >>> Scope("list", "list-1", "e.id", "e.parent_record_id").parent_record_expr
        'e.parent_record_id'
    """

    kind: Literal["object", "list"]
    container_id: str
    id_expr: str
    parent_record_expr: str | None = None  # entries only: the parent record's id


@dataclass(frozen=True)
class Hop:
    """One step of a ``path`` before its last pair: a record-reference or ``parent_record``.

    Example:
        >>> Hop(None).attribute_id is None  # an entry's parent_record
        True
    """

    attribute_id: str | None  # None: the entry's parent_record


def _fail(message: str) -> FilterError:
    return FilterError("filter_error", message)


def _describe(attr: AttributeInfo) -> str:
    return f'{attr.type} attribute "{attr.api_slug}"'


def lookup_attribute(
    schema: SchemaView, scope: Scope, key: object, loc: list[str] | None
) -> AttributeInfo:
    """The attribute named by ``key`` in ``scope``, or Attio's unknown-slug error at ``loc``.

    ``loc`` is the key's location in the filter; ``None`` outside filters (sorts).

    Example:
        >>> lookup_attribute(schema, top_scope("record", people_id, "r"), "name", ["name"])
        ... # doctest: +SKIP
        AttributeInfo(attribute_id='...', api_slug='name', type='personal-name', ...)
    """
    if not isinstance(key, str) or not key:
        raise _fail(f"Attribute keys in a filter must be non-empty strings, got {key!r}.")
    info = schema.attribute(scope.kind, scope.container_id, key)
    if info is None:
        raise FilterError("unknown_filter_attribute_slug", f"Unknown attribute slug: {key}.", loc)
    if info.type not in TYPES:
        raise _fail(f'Attribute "{key}" has type {info.type!r}, which cannot be filtered.')
    return info


def resolve_path(
    schema: SchemaView, scope: Scope, path: object, loc: list[str] | None
) -> tuple[list[Hop], Scope, AttributeInfo]:
    """Validate a ``path`` (list of ``[object_or_list, attribute]`` pairs) and resolve it.

    Returns the hops before the last pair, the scope the last attribute lives in (its
    ``id_expr`` left empty; callers chain the hops themselves) and the last attribute.

    Example:
        >>> hops, _, last = resolve_path(
        ...     schema, top_scope("record", companies_id, "r"),
        ...     [["companies", "team"], ["people", "name"]], ["path"],
        ... )  # doctest: +SKIP
        >>> len(hops), last.api_slug  # doctest: +SKIP
        (1, 'name')
    """
    if not isinstance(path, list) or not path:
        raise _fail("`path` must be a non-empty list of [object or list, attribute] pairs.")
    hops: list[Hop] = []
    current = scope
    allowed: tuple[str, ...] = ()
    last_info: AttributeInfo | None = None
    for index, pair in enumerate(path):
        here = None if loc is None else [*loc, str(index)]
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(part, str) and part for part in pair)
        ):
            raise _fail(f"`path` item {index} must be a pair [object or list, attribute].")
        container_key, attr_key = pair
        if index == 0:
            if scope.kind == "object":
                resolved = schema.object_id(container_key)
            else:
                resolved = schema.list_id(container_key)
            if resolved != scope.container_id:
                raise _fail(
                    f"The first `path` pair must name the {scope.kind} being queried, "
                    f"got {container_key!r}."
                )
        else:
            object_id = schema.object_id(container_key)
            if object_id is None:
                raise _fail(f"Unknown object in `path` item {index}: {container_key!r}.")
            if allowed and object_id not in allowed:
                raise _fail(
                    f"`path` item {index - 1} cannot lead to object {container_key!r}: the "
                    "attribute does not reference it."
                )
            current = Scope("object", object_id, "")
        is_last = index == len(path) - 1
        if attr_key == "parent_record" and index == 0 and scope.kind == "list" and not is_last:
            hops.append(Hop(None))
            allowed = schema.list_parent_object_ids(scope.container_id)
            continue
        info = lookup_attribute(schema, current, attr_key, None if here is None else [*here, "1"])
        if is_last:
            last_info = info
        else:
            if info.type != "record-reference":
                raise _fail(
                    f"`path` item {index} must name a record-reference attribute (or "
                    f"parent_record), but {_describe(info)} is not one."
                )
            hops.append(Hop(info.attribute_id))
            allowed = info.allowed_object_ids
    assert last_info is not None  # the loop always ends on the last pair
    return hops, current, last_info


# --- the compiler ---


def _and(frags: Sequence[_Frag]) -> _Frag:
    if not frags:
        return "1", []
    if len(frags) == 1:
        return frags[0]
    params: list[object] = []
    for _, p in frags:
        params.extend(p)
    return " AND ".join(f"({sql})" for sql, _ in frags), params


def _or(frags: Sequence[_Frag]) -> _Frag:
    if not frags:
        return "0", []
    if len(frags) == 1:
        return frags[0]
    params: list[object] = []
    for _, p in frags:
        params.extend(p)
    return " OR ".join(f"({sql})" for sql, _ in frags), params


def _value_exists(alias: str, parent_expr: str, attribute_id: str, predicate: _Frag) -> _Frag:
    # Pinned to value_by_parent: without ANALYZE statistics SQLite may otherwise pick
    # value_by_attr_num for an sk_num range and rescan the attribute for every outer row.
    sql = (
        f"EXISTS (SELECT 1 FROM value {alias} INDEXED BY value_by_parent "
        f"WHERE {alias}.parent_id = {parent_expr} AND {alias}.attribute_id = ? "
        f"AND {alias}.active_until IS NULL AND {predicate[0]})"
    )
    return sql, [attribute_id, *predicate[1]]


_MAX_CHAR = "\U0010ffff"


def _fold(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


@dataclass(frozen=True)
class _Pred:
    """One operator's SQL over a value row; `indexed` when an index can find the rows."""

    sql: str
    params: list[object]
    indexed: bool = False

    def with_key(self, key_sql: str, key_params: list[object]) -> _Pred:
        # The key test narrows through the index; the exact test keeps the result exact.
        return _Pred(f"{key_sql} AND {self.sql}", [*key_params, *self.params], True)


def _value_in(alias: str, parent_expr: str, attribute_id: str, predicate: _Frag) -> _Frag:
    # Uncorrelated, so SQLite runs it once through value_by_attr_text/num and then probes
    # (or drives the outer query from) the resulting id list.
    sql = (
        f"{parent_expr} IN (SELECT {alias}.parent_id FROM value {alias} "
        f"WHERE {alias}.attribute_id = ? AND {alias}.active_until IS NULL AND {predicate[0]})"
    )
    return sql, [attribute_id, *predicate[1]]


class _Compiler:
    def __init__(self, schema: SchemaView, *, correlated: bool = False) -> None:
        self.ctx = _Ctx(schema)
        self.schema = schema
        self.correlated = correlated

    # filter := {cond...} | {$and} | {$or} | {$not} | {path, constraints}
    def filter(self, node: object, scope: Scope, loc: list[str]) -> _Frag:
        if not isinstance(node, dict):
            raise _fail(f"A filter must be a JSON object, got {_kind(node)} at {_where(loc)}.")
        if "path" in node or "constraints" in node:
            return self.path_filter(node, scope, loc)
        frags: list[_Frag] = []
        for key, value in node.items():
            here = [*loc, str(key)]
            if key in ("$and", "$or"):
                if not isinstance(value, list):
                    raise _fail(f"`{key}` takes a list of filters at {_where(loc)}.")
                parts = [self.filter(sub, scope, [*here, str(i)]) for i, sub in enumerate(value)]
                frags.append(_and(parts) if key == "$and" else _or(parts))
            elif key == "$not":
                sql, params = self.filter(value, scope, here)
                frags.append((f"NOT ({sql})", params))
            elif isinstance(key, str) and key.startswith("$"):
                raise _fail(
                    f"Unknown logical operator {key!r} at {_where(loc)}; "
                    "use $and, $or or $not (there is no $ne)."
                )
            else:
                info = lookup_attribute(self.schema, scope, key, here)
                frags.append(self.condition(info, value, scope.id_expr, here))
        return _and(frags)

    def path_filter(self, node: Mapping[str, object], scope: Scope, loc: list[str]) -> _Frag:
        extra = set(node) - {"path", "constraints"}
        if extra or "path" not in node or "constraints" not in node:
            raise _fail(
                f"A path filter at {_where(loc)} takes exactly the keys `path` and "
                f"`constraints`{'; unexpected: ' + ', '.join(sorted(extra)) if extra else ''}."
            )
        hops, _, last = resolve_path(self.schema, scope, node["path"], [*loc, "path"])
        # Allocate aliases outside-in, then wrap inside-out.
        chain: list[tuple[str | None, str]] = []  # (alias or None for parent_record, id expr)
        id_expr = scope.id_expr
        for hop in hops:
            if hop.attribute_id is None:
                assert scope.parent_record_expr is not None
                chain.append((None, scope.parent_record_expr))
                id_expr = scope.parent_record_expr
            else:
                alias = self.ctx.alias()
                chain.append((alias, id_expr))
                id_expr = f"json_extract({alias}.data, '$.target_record_id')"
        frag = self.condition(last, node["constraints"], id_expr, [*loc, "constraints"])
        for (hop_alias, parent_expr), hop in zip(reversed(chain), reversed(hops)):
            if hop_alias is None or hop.attribute_id is None:
                continue
            frag = _value_exists(hop_alias, parent_expr, hop.attribute_id, frag)
        return frag

    def condition(
        self, attr: AttributeInfo, expr: object, parent_expr: str, loc: list[str]
    ) -> _Frag:
        spec = TYPES[attr.type]
        alias = self.ctx.alias()
        preds: list[_Pred] = []
        if isinstance(expr, dict):
            if not expr:
                raise _fail(f"Empty constraint for {_describe(attr)} at {_where(loc)}.")
            named: set[str] = set()
            for key, value in expr.items():
                if isinstance(key, str) and key.startswith("$"):
                    prop_name = self._default(spec, attr, loc)
                    preds.append(self.op(attr, prop_name, key, value, alias))
                    continue
                prop = spec.props.get(key)
                if prop is None:
                    raise _fail(
                        f"Unknown property {key!r} for {_describe(attr)}; "
                        f"filterable properties: {', '.join(spec.props)}."
                    )
                named.add(key)
                if isinstance(value, dict):
                    if not value:
                        raise _fail(f"Empty constraint on property {key!r} of {_describe(attr)}.")
                    for op, operand in value.items():
                        preds.append(self.op(attr, key, op, operand, alias))
                else:
                    preds.append(self.op(attr, key, "$eq", value, alias))
            missing = [name for name in spec.required_together if name not in named]
            if spec.required_together and missing:
                raise _fail(
                    f"Filters on {_describe(attr)} must give "
                    f"{' and '.join(spec.required_together)}; missing: {', '.join(missing)}."
                )
        elif isinstance(expr, (str, int, float, bool)):
            preds.append(self.op(attr, self._default(spec, attr, loc), "$eq", expr, alias))
        else:
            raise _fail(
                f"Invalid constraint for {_describe(attr)}: expected a value or an object, "
                f"got {_kind(expr)}."
            )
        # Always true (a value row's type is its attribute's), but as a literal it lets SQLite
        # use the partial indexes of index_statements(), which are per attribute type.
        guard = f"{alias}.attribute_type = '{attr.type}'"
        predicate = _and([(guard, []), *[(pred.sql, pred.params) for pred in preds]])
        if not self.correlated and any(pred.indexed for pred in preds):
            return _value_in(alias, parent_expr, attr.attribute_id, predicate)
        return _value_exists(alias, parent_expr, attr.attribute_id, predicate)

    @staticmethod
    def _default(spec: _TypeSpec, attr: AttributeInfo, loc: list[str]) -> str:
        if spec.default is None:
            raise _fail(
                f"{_describe(attr)} has no shorthand: name one of its properties "
                f"({', '.join(spec.props)}) at {_where(loc)}."
            )
        return spec.default

    def op(self, attr: AttributeInfo, prop_name: str, op: object, value: object, v: str) -> _Pred:
        prop = TYPES[attr.type].props[prop_name]
        if not isinstance(op, str) or op not in _ALL_OPS:
            raise _fail(f"Unknown filter operator {op!r} on {_describe(attr)}.")
        if op not in prop.ops:
            raise _fail(
                f"The operator {op} is not supported on property {prop_name!r} of "
                f"{_describe(attr)}; supported: {', '.join(sorted(prop.ops))}."
            )
        column = prop.column.format(v=v)
        on_key = prop.column in _INDEXED_COLUMNS and prop.selective
        where = f"property {prop_name!r} of {_describe(attr)}"
        if op == "$not_empty":
            if value is not True:
                raise _fail(f"$not_empty takes true (use $not to negate) on {where}.")
            return _Pred(f"({column} IS NOT NULL AND {column} <> '')", [])
        if op == "$in":
            if not isinstance(value, list):
                raise _fail(f"$in takes a list on {where}.")
            items = [self.operand(attr, prop, item, where) for item in value]
            if not items:
                return _Pred("0", [])
            marks = ", ".join("?" * len(items))
            pred = _Pred(f"{column} IN ({marks})", items, indexed=on_key)
            if prop.key is not None:
                keys = [_fold(item) if prop.folded else item for item in items]
                return pred.with_key(f"{prop.key.format(v=v)} IN ({marks})", keys)
            return pred
        if op in _SUBSTRING:
            return self.substring(attr, prop, op, value, v, where)
        operand = self.operand(attr, prop, value, where)
        if operand is None:
            return _Pred(f"{column} IS NULL", [])
        sign = {"$eq": "=", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}[op]
        # Ranges stay correlated: an index range over most of an attribute's values costs a
        # table lookup per value, more than probing value_by_parent per candidate row.
        pred = _Pred(f"{column} {sign} ?", [operand], indexed=on_key and op == "$eq")
        if op == "$eq" and prop.key is not None:
            key = _fold(operand) if prop.folded else operand
            return pred.with_key(f"{prop.key.format(v=v)} = ?", [key])
        return pred

    def substring(
        self, attr: AttributeInfo, prop: _Prop, op: str, value: object, v: str, where: str
    ) -> _Pred:
        if not isinstance(value, str):
            raise _fail(f"{op} takes a string on {where}, got {_kind(value)}.")
        operand = self.operand(attr, prop, value, where)
        assert isinstance(operand, str)
        if prop.key is not None and prop.folded:
            column, needle, param = prop.key.format(v=v), "?", operand.lower()
        else:
            column = f"lower({prop.column.format(v=v)})"
            needle, param = "lower(?)", operand
        if not param:
            return _Pred(f"{column} IS NOT NULL", [])
        # Matching is case-insensitive for all three operators, as Attio documents for
        # $contains; instr() avoids LIKE's wildcard escaping.
        if op == "$contains":
            return _Pred(f"instr({column}, {needle}) > 0", [param])
        if op == "$starts_with":
            if needle == "?":
                # A range on the folded key: answerable from the value_by_attr_text index.
                return _Pred(f"{column} >= ? AND {column} < ?", [param, param + _MAX_CHAR], True)
            return _Pred(f"instr({column}, {needle}) = 1", [param])
        return _Pred(f"substr({column}, -length(?)) = {needle}", [param, param])

    def operand(self, attr: AttributeInfo, prop: _Prop, value: object, where: str) -> object:
        kind = prop.operand
        if kind == "nullable_text" and value is None:
            return None
        if kind in ("number", "currency"):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            if kind == "currency" and isinstance(value, str):
                try:
                    return float(Decimal(value.strip()))
                except InvalidOperation:
                    pass
            raise _fail(f"Expected a number on {where}, got {value!r}.")
        if kind == "bool":
            if isinstance(value, bool):
                return int(value)
            raise _fail(f"Expected true or false on {where}, got {value!r}.")
        if not isinstance(value, str):
            raise _fail(f"Expected a string on {where}, got {_kind(value)}.")
        if kind == "date":
            return normalise_date(value)
        if kind == "timestamp":
            return normalise_timestamp(value)
        if kind == "bound":
            return normalise_timestamp(value, date_only_ok=True)
        if kind == "status":
            return self._titled(attr, value, "status", self.schema.status_id)
        if kind == "option":
            return self._titled(attr, value, "select option", self.schema.option_id)
        if kind == "object":
            object_id = self.schema.object_id(value)
            if object_id is None:
                raise _fail(f"Unknown target_object {value!r} on {where}.")
            return object_id
        if kind in ("email", "domain"):
            return value.strip().lower()
        if kind == "phone":
            return _PHONE_NOISE.sub("", value)
        if kind == "country":
            return value.strip().upper()
        return value

    def _titled(self, attr: AttributeInfo, value: str, noun: str, find: _Finder) -> str:
        key = (attr.attribute_id, value)
        found = self.ctx.lookups.get(key) or find(attr.attribute_id, value)
        if found is None:
            field_kind = "status" if noun == "status" else "select"
            raise _fail(f"Unknown {noun} for {field_kind} field constraint: {value}")
        self.ctx.lookups[key] = found
        return found


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


def _where(loc: list[str]) -> str:
    return "/".join(loc) if loc else "the top level"


def check_alias(outer: str) -> None:
    """Reject a row alias that is not a plain SQL identifier (it is pasted into SQL).

    Example:
        >>> check_alias("r")
    """
    if not _IDENT.match(outer):
        raise ValueError(f"outer must be a plain SQL identifier, got {outer!r}")


def top_scope(kind: Kind, container_id: str, outer: str) -> Scope:
    """The scope of the queried object's records or list's entries under alias ``outer``.

    Example:
        >>> top_scope("entry", "list-1", "e").id_expr
        'e.id'
    """
    check_alias(outer)
    if kind == "record":
        return Scope("object", container_id, f"{outer}.id")
    if kind == "entry":
        return Scope("list", container_id, f"{outer}.id", f"{outer}.parent_record_id")
    raise ValueError(f"kind must be 'record' or 'entry', got {kind!r}")


def compile_filter(
    filter: object,
    *,
    schema: SchemaView,
    kind: Kind,
    container_id: str,
    outer: str,
    correlated: bool = False,
) -> tuple[str, list[object]]:
    """Compile a records/entries query ``filter`` into an SQL boolean expression.

    The expression refers to the outer row alias ``outer`` (``{outer}.id`` and, for entries,
    ``{outer}.parent_record_id``) and uses ``?`` placeholders, returned in order. ``None`` and
    ``{}`` mean no filter. Raises ``FilterError`` before any SQL runs: ``filter_error`` for
    anything Attio does not document (an operator or property a type lacks, a date-only
    timestamp, an unknown status title...), ``unknown_filter_attribute_slug`` with the key's
    location for unknown attributes.

    ``correlated=True`` compiles every condition as a per-row ``EXISTS`` probe, never as an
    ``IN`` list built up front: the right shape when the caller walks rows in sort order and
    stops after a page, so only the rows it visits are tested. The rows matched are the same.

    Example:
        >>> sql, params = compile_filter(
        ...     {"name": {"$contains": "ltd"}}, schema=schema, kind="record",
        ...     container_id=companies_id, outer="r",
        ... )  # doctest: +SKIP
        >>> rows = db.execute(f"SELECT r.id FROM record r WHERE {sql}", params)  # doctest: +SKIP
    """
    scope = top_scope(kind, container_id, outer)
    if filter is None:
        return "1", []
    return _Compiler(schema, correlated=correlated).filter(filter, scope, [])
