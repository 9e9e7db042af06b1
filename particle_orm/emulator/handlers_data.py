"""Handlers of the data endpoints: records and list entries (query, create, assert, get,
PATCH/PUT, delete, attribute values with history, record entries).

Example:
    >>> from particle_orm.emulator.routes import match_route
    >>> match_route("POST", "/v2/objects/people/records/query")[0].handler is query_records
    True
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from particle_orm.emulator.entities import (
    ListDef,
    ObjectDef,
)
from particle_orm.emulator.errors import (
    AttioError,
    not_found,
    validation_error,
    value_not_found,
)
from particle_orm.emulator.filters import FilterError, compile_filter
from particle_orm.emulator.planner import QueryPage, run_sorted_page
from particle_orm.emulator.rendering import (
    render_entries,
    render_records,
    render_value_rows,
)
from particle_orm.emulator.routes import (
    _ENT_R,
    _ENT_W,
    _LIST_R,
    _OBJ_R,
    _REC_R,
    _REC_W,
    Request,
    _query_error,
    _require_str,
    _route,
)
from particle_orm.emulator.sorts import compile_sorts, indexed_sort
from particle_orm.emulator.writes import (
    Parent,
    WriteMode,
    create_record_row,
    forget_record,
    prepare_values,
    value_key,
    write_system_values,
    write_values,
)

# ---- records --------------------------------------------------------------------------------

_RECORDS = "/v2/objects/{object}/records"


def _page(body: dict[str, Any], default: int = 500) -> tuple[int, int]:
    limit, offset = body.get("limit", default), body.get("offset", 0)
    for key, value in (("limit", limit), ("offset", offset)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise validation_error(
                "Body payload validation error.",
                [
                    {
                        "code": "invalid_type",
                        "path": [key],
                        "message": "Expected a non-negative integer",
                    }
                ],
            )
    return limit, offset


def _query_ids(req: Request, kind: Literal["record", "entry"], container_id: str) -> list[str]:
    body = req.body if isinstance(req.body, dict) else {}
    if req.body is not None and not isinstance(req.body, dict):
        raise validation_error("Body payload validation error.", [])
    limit, offset = _page(body)
    outer = "r" if kind == "record" else "e"
    schema = req.ctx.schema
    page = QueryPage(kind, container_id, req.ctx.workspace_id, limit, offset)
    try:
        where, wparams = compile_filter(
            body.get("filter"), schema=schema, kind=kind, container_id=container_id, outer=outer
        )
        order, oparams = compile_sorts(
            body.get("sorts"), schema=schema, kind=kind, container_id=container_id, outer=outer
        )
        walk = indexed_sort(body.get("sorts"), schema=schema, kind=kind, container_id=container_id)
        if walk is not None:
            probes = compile_filter(
                body.get("filter"),
                schema=schema,
                kind=kind,
                container_id=container_id,
                outer=outer,
                correlated=True,
            )
            page = dataclasses.replace(page, walk=walk, where=probes)
    except FilterError as exc:
        extra = {"path": exc.path} if exc.path is not None else None
        raise AttioError(400, exc.code, exc.message, extra=extra) from None
    column = "object_id" if kind == "record" else "list_id"
    sql = (
        f"SELECT {outer}.id FROM {kind} {outer} WHERE {outer}.workspace_id=? AND "
        f"{outer}.{column}=? AND ({where}) ORDER BY {order} LIMIT ? OFFSET ?"
    )
    params = [req.ctx.workspace_id, container_id, *wparams, *oparams, limit, offset]
    return run_sorted_page(req.ctx.store.db, page, general=(sql, params))


@_route("POST", _RECORDS + "/query", "read", _REC_R, _OBJ_R)
def query_records(req: Request) -> Any:
    """``POST /v2/objects/{object}/records/query``."""
    obj = req.ctx.get_object(req.params["object"])
    ids = _query_ids(req, "record", obj.id)
    return {"data": render_records(req.ctx, obj, req.workspace, ids)}


def _values_of(req: Request) -> Any:
    data = req.data()
    if "values" not in data:
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_type",
                    "path": ["data", "values"],
                    "message": "Required",
                    "expected": "object",
                    "received": "undefined",
                }
            ],
        )
    return data["values"]


def _create_record(req: Request, obj: ObjectDef, prepared: Any) -> str:
    return create_record_row(req.ctx, obj.id, prepared)


@_route("POST", _RECORDS, "write", _REC_W, _OBJ_R)
def create_record(req: Request) -> Any:
    """``POST /v2/objects/{object}/records``."""
    obj = req.ctx.get_object(req.params["object"])
    prepared = prepare_values(req.ctx, obj.id, _values_of(req))
    rid = _create_record(req, obj, prepared)
    return {"data": render_records(req.ctx, obj, req.workspace, [rid])[0]}


@_route("PUT", _RECORDS, "write", _REC_W, _OBJ_R)
def assert_record(req: Request) -> Any:
    """``PUT /v2/objects/{object}/records?matching_attribute=…``: upsert."""
    ctx = req.ctx
    obj = ctx.get_object(req.params["object"])
    key = req.query.get("matching_attribute")
    if not key:
        raise _query_error("matching_attribute", "Required")
    attr = ctx.attribute(obj.id, key)
    if attr is None or attr.is_archived:
        raise value_not_found(f'No attribute was found for matching_attribute slug/ID "{key}".')
    if not attr.is_unique:
        raise AttioError(
            400,
            "matching_attribute_definition_not_unique",
            "The matching attribute specified is not a unique attribute.",
        )
    prepared = prepare_values(ctx, obj.id, _values_of(req))
    if not prepared.get(attr.id, (attr, []))[1]:
        raise validation_error(
            f'A value for the matching attribute "{attr.api_slug}" must be provided.',
            [
                {
                    "code": "invalid_type",
                    "path": ["data", "values", attr.api_slug],
                    "message": "Required",
                }
            ],
        )
    matches: set[str] = set()
    for data in prepared[attr.id][1]:
        text, num = value_key(ctx, attr, data)
        matches.update(
            p
            for p in ctx.store.parents_with_key(attr.id, text=text, num=num)
            if ctx.record_exists(obj.id, p)
        )
    if len(matches) > 1:
        raise AttioError(
            400,
            "multiple_match_results",
            f'Multiple records match the value of matching attribute "{attr.api_slug}".',
        )
    if not matches:
        rid = _create_record(req, obj, prepared)
    else:
        rid = matches.pop()
        write_values(
            ctx,
            Parent("record", obj.id, rid),
            prepared,
            WriteMode.ASSERT,
            matching_attribute_id=attr.id,
        )
    return {"data": render_records(ctx, obj, req.workspace, [rid])[0]}


def _record(req: Request) -> tuple[ObjectDef, str]:
    obj = req.ctx.get_object(req.params["object"])
    rid = req.params["record_id"]
    req.ctx.require_record(obj.id, rid)
    return obj, rid


@_route("GET", _RECORDS + "/{record_id}", "read", _REC_R, _OBJ_R)
def get_record(req: Request) -> Any:
    """``GET …/records/{record_id}``."""
    obj, rid = _record(req)
    return {"data": render_records(req.ctx, obj, req.workspace, [rid])[0]}


def _update_record(req: Request, mode: WriteMode) -> Any:
    obj, rid = _record(req)
    prepared = prepare_values(req.ctx, obj.id, _values_of(req))
    write_values(req.ctx, Parent("record", obj.id, rid), prepared, mode)
    return {"data": render_records(req.ctx, obj, req.workspace, [rid])[0]}


@_route("PATCH", _RECORDS + "/{record_id}", "write", _REC_W, _OBJ_R)
def patch_record(req: Request) -> Any:
    """``PATCH …/records/{record_id}``: multiselect values are added."""
    return _update_record(req, WriteMode.PATCH)


@_route("PUT", _RECORDS + "/{record_id}", "write", _REC_W, _OBJ_R)
def put_record(req: Request) -> Any:
    """``PUT …/records/{record_id}``: multiselect values are replaced."""
    return _update_record(req, WriteMode.PUT)


@_route("DELETE", _RECORDS + "/{record_id}", "write", _REC_W, _OBJ_R)
def delete_record(req: Request) -> Any:
    """``DELETE …/records/{record_id}``."""
    obj, rid = _record(req)
    forget_record(req.ctx, rid)
    req.ctx.store.delete_parent("record", rid)
    req.ctx.emit("record.deleted", {"object_id": obj.id, "record_id": rid})
    return {}


def _attribute_values(req: Request, container_id: str, parent_id: str) -> Any:
    attr = req.ctx.get_attribute(container_id, req.params["attribute"])
    historic = req.flag("show_historic")
    if historic and (
        attr.type == "interaction"
        or (attr.is_system and not attr.is_writable and attr.api_slug not in _CORE_SYSTEM)
    ):
        raise validation_error(f'show_historic is not supported for attribute "{attr.api_slug}".')
    rows = req.ctx.store.history(parent_id, attr.id, historic=historic)
    offset = req.int_param("offset", 0)
    limit = req.int_param("limit", len(rows))
    return {"data": render_value_rows(req.ctx, attr, rows[offset : offset + limit])}


_CORE_SYSTEM = ("record_id", "entry_id", "created_at", "created_by")


@_route("GET", _RECORDS + "/{record_id}/attributes/{attribute}/values", "read", _REC_R, _OBJ_R)
def list_record_values(req: Request) -> Any:
    """``GET …/records/{record_id}/attributes/{attribute}/values``."""
    obj, rid = _record(req)
    return _attribute_values(req, obj.id, rid)


@_route("GET", _RECORDS + "/{record_id}/entries", "read", _REC_R, _OBJ_R, _ENT_R)
def list_record_entries(req: Request) -> Any:
    """``GET …/records/{record_id}/entries``."""
    _, rid = _record(req)
    limit = req.int_param("limit", 100, maximum=1000)
    offset = req.int_param("offset", 0)
    rows = req.ctx.store.entries_for_parent(req.ctx.workspace_id, rid)[offset : offset + limit]
    lists = req.ctx.idx.lists_by_id
    return {
        "data": [
            {
                "list_id": lid,
                "list_api_slug": lists[lid].api_slug,
                "entry_id": eid,
                "created_at": created,
            }
            for eid, lid, created in rows
        ]
    }


# ---- entries --------------------------------------------------------------------------------

_ENTRIES = "/v2/lists/{list}/entries"


@_route("POST", _ENTRIES + "/query", "read", _ENT_R, _LIST_R)
def query_entries(req: Request) -> Any:
    """``POST /v2/lists/{list}/entries/query``."""
    lst = req.ctx.get_list(req.params["list"])
    ids = _query_ids(req, "entry", lst.id)
    return {"data": render_entries(req.ctx, lst, ids)}


def _entry_parent(req: Request, lst: ListDef) -> tuple[str, Any]:
    data = req.data()
    rid = _require_str(data, "parent_record_id")
    pobj = _require_str(data, "parent_object")
    if req.ctx.object_id(pobj) != lst.parent_object_id:
        raise value_not_found(f'Object "{pobj}" is not the parent object of this list.')
    if not req.ctx.record_exists(lst.parent_object_id, rid):
        raise value_not_found(f'Cannot find parent record with ID "{rid}".')
    if "entry_values" not in data:
        raise validation_error(
            "Body payload validation error.",
            [{"code": "invalid_type", "path": ["data", "entry_values"], "message": "Required"}],
        )
    return rid, data["entry_values"]


def _create_entry(req: Request, lst: ListDef, rid: str, prepared: Any) -> str:
    ctx = req.ctx
    eid = ctx.new_id()
    parent = Parent("entry", lst.id, eid)
    write_values(ctx, parent, prepared, WriteMode.CREATE)
    ctx.store.insert_entry(ctx.workspace_id, lst.id, eid, lst.parent_object_id, rid, ctx.now)
    write_system_values(ctx, parent, "entry_id")
    ctx.emit_entry("created", lst.id, eid)
    return eid


@_route("POST", _ENTRIES, "write", _ENT_W, _LIST_R)
def create_entry(req: Request) -> Any:
    """``POST /v2/lists/{list}/entries``."""
    lst = req.ctx.get_list(req.params["list"])
    rid, raw = _entry_parent(req, lst)
    prepared = prepare_values(req.ctx, lst.id, raw, path="entry_values")
    eid = _create_entry(req, lst, rid, prepared)
    return {"data": render_entries(req.ctx, lst, [eid])[0]}


@_route("PUT", _ENTRIES, "write", _ENT_W, _LIST_R)
def assert_entry(req: Request) -> Any:
    """``PUT /v2/lists/{list}/entries``: upsert by parent record."""
    ctx = req.ctx
    lst = ctx.get_list(req.params["list"])
    rid, raw = _entry_parent(req, lst)
    prepared = prepare_values(ctx, lst.id, raw, path="entry_values")
    existing = ctx.store.entries_for_parent(ctx.workspace_id, rid, lst.id)
    if len(existing) > 1:
        raise AttioError(
            400,
            "multiple_match_results",
            f'Multiple entries exist in this list for parent record "{rid}".',
        )
    if existing:
        eid = existing[0][0]
        write_values(ctx, Parent("entry", lst.id, eid), prepared, WriteMode.PUT)
    else:
        eid = _create_entry(req, lst, rid, prepared)
    return {"data": render_entries(ctx, lst, [eid])[0]}


def _entry(req: Request) -> tuple[ListDef, str, str]:
    lst = req.ctx.get_list(req.params["list"])
    eid = req.params["entry_id"]
    row = req.ctx.store.entry_row(req.ctx.workspace_id, eid)
    if row is None or row[0] != lst.id:
        raise not_found("Entry", eid)
    return lst, eid, row[2]


@_route("GET", _ENTRIES + "/{entry_id}", "read", _ENT_R, _LIST_R)
def get_entry(req: Request) -> Any:
    """``GET …/entries/{entry_id}``."""
    lst, eid, _ = _entry(req)
    return {"data": render_entries(req.ctx, lst, [eid])[0]}


def _update_entry(req: Request, mode: WriteMode) -> Any:
    lst, eid, parent_rid = _entry(req)
    data = req.data()
    new_parent = data.get("parent_record_id")
    if new_parent is not None and new_parent != parent_rid:
        raise AttioError(400, "immutable_value", "The parent record of an entry cannot be changed.")
    new_obj = data.get("parent_object")
    if new_obj is not None and req.ctx.object_id(str(new_obj)) != lst.parent_object_id:
        raise AttioError(400, "immutable_value", "The parent object of an entry cannot be changed.")
    if "entry_values" not in data:
        raise validation_error(
            "Body payload validation error.",
            [{"code": "invalid_type", "path": ["data", "entry_values"], "message": "Required"}],
        )
    prepared = prepare_values(req.ctx, lst.id, data["entry_values"], path="entry_values")
    write_values(req.ctx, Parent("entry", lst.id, eid), prepared, mode)
    return {"data": render_entries(req.ctx, lst, [eid])[0]}


@_route("PATCH", _ENTRIES + "/{entry_id}", "write", _ENT_W, _LIST_R)
def patch_entry(req: Request) -> Any:
    """``PATCH …/entries/{entry_id}``: multiselect values are added."""
    return _update_entry(req, WriteMode.PATCH)


@_route("PUT", _ENTRIES + "/{entry_id}", "write", _ENT_W, _LIST_R)
def put_entry(req: Request) -> Any:
    """``PUT …/entries/{entry_id}``: multiselect values are replaced."""
    return _update_entry(req, WriteMode.PUT)


@_route("DELETE", _ENTRIES + "/{entry_id}", "write", _ENT_W, _LIST_R)
def delete_entry(req: Request) -> Any:
    """``DELETE …/entries/{entry_id}``."""
    lst, eid, _ = _entry(req)
    req.ctx.emit_entry("deleted", lst.id, eid)
    req.ctx.store.delete_parent("entry", eid)
    return {}


@_route("GET", _ENTRIES + "/{entry_id}/attributes/{attribute}/values", "read", _ENT_R, _LIST_R)
def list_entry_values(req: Request) -> Any:
    """``GET …/entries/{entry_id}/attributes/{attribute}/values``."""
    lst, eid, _ = _entry(req)
    return _attribute_values(req, lst.id, eid)
