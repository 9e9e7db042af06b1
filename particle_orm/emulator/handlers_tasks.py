"""Handlers of the tasks endpoints: ``GET|POST /v2/tasks``,
``GET|PATCH|DELETE /v2/tasks/{task_id}``.

Read from the OpenAPI spec (``task`` schema, the five operations' parameters, bodies,
scopes and documented errors); no real task body has been captured. What the spec fixes:
a create body has all of ``content`` (at most 2000 characters), ``format`` (only
``plaintext``), ``deadline_at`` (ISO 8601 or null), ``is_completed``, ``linked_records``
and ``assignees`` and nothing else; a PATCH body may only hold ``deadline_at``,
``is_completed``, ``linked_records`` and ``assignees``; a linked record is
``{target_object, target_record_id}`` or ``{target_object, <matching attribute>: [value]}``
and must exist; an assignee is ``{referenced_actor_type: "workspace-member",
referenced_actor_id}`` or ``{workspace_member_email_address}``; the list is oldest first
unless ``sort=created_at:desc``, 500 per page by default. Where the sources are silent,
the emulator is permissive and chooses as follows:

* Errors use the codes the spec documents for tasks: 400 ``validation_type`` for a bad
  body or query, 404 ``not_found`` for an unknown object (the spec's
  ``Object with slug/ID "…" not found.``), record, matching attribute or workspace member.
  A list (not an object) as ``target_object`` is the spec's 400 ``Only standard or custom
  object records can be linked to.``.
* The matching attribute of a linked record needs not be unique (the spec says it must,
  newer docs say it needn't), but exactly one record must match.
* ``deadline_at`` is coerced like a timestamp value (``"2024-05-01"`` is midnight UTC)
  and answered with 9 fractional digits.
* ``linked_records`` answers ``target_object_id`` as the object's **id** (the field name
  and the spec's description; one docs example shows the slug there). Duplicate linked
  records or assignees collapse to one, in the order first given. A PATCH of
  ``linked_records`` or ``assignees`` replaces the whole array; an empty PATCH body
  changes nothing.
* List filters: ``linked_object`` and ``linked_record_id`` go together (one alone is a
  400); an unknown ``linked_object`` is a 404; ``assignee`` (id or email) of no member
  matches no task; ``assignee=`` or ``assignee=null`` finds tasks without assignees.
  ``limit`` has no maximum.
* Deleting a linked record leaves the link in place (whether Attio drops it is not
  documented).

Example:
    >>> from particle_orm.emulator.routes import match_route
    >>> match_route("PATCH", "/v2/tasks/x")[0].handler is update_task
    True
"""

from __future__ import annotations

from typing import Any

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.entities import ObjectDef
from particle_orm.emulator.errors import AttioError, validation_error
from particle_orm.emulator.routes import (
    _MEM_R,
    _OBJ_R,
    _REC_R,
    _TASK_R,
    _TASK_W,
    Request,
    _field_error,
    _page_params,
    _query_error,
    _received,
    _route,
    _type_error,
)
from particle_orm.emulator.values import coerce_timestamp

__all__ = [
    "MAX_CONTENT",
    "create_task",
    "delete_task",
    "get_task",
    "list_tasks",
    "update_task",
]

MAX_CONTENT = 2000
"""The longest task ``content`` the spec allows (characters)."""

_EXPECTED = {  # the create body's keys and their JSON types, in the spec's order
    "content": "string",
    "format": "string",
    "deadline_at": "string | null",
    "is_completed": "boolean",
    "linked_records": "array",
    "assignees": "array",
}
_CREATE_KEYS = tuple(_EXPECTED)
_PATCH_KEYS = ("deadline_at", "is_completed", "linked_records", "assignees")
_SORTS = {"created_at:asc": "ASC", "created_at:desc": "DESC"}
_COLUMNS = "id, workspace_id, content, deadline_at, is_completed, actor_type, actor_id, created_at"
_SCOPES = (_OBJ_R, _REC_R, _MEM_R)

# ---- storage and rendering ------------------------------------------------------------------


def _render(ctx: WorkspaceContext, row: tuple[Any, ...]) -> dict[str, Any]:
    tid, ws, content, deadline, done, atype, aid, at = row
    db = ctx.store.db
    links = db.execute(
        "SELECT object_id, record_id FROM task_link WHERE task_id=? ORDER BY ord", (tid,)
    ).fetchall()
    members = db.execute(
        "SELECT member_id FROM task_assignee WHERE task_id=? ORDER BY ord", (tid,)
    ).fetchall()
    return {
        "id": {"workspace_id": ws, "task_id": tid},
        "content_plaintext": content,
        "deadline_at": deadline,
        "is_completed": bool(done),
        "linked_records": [{"target_object_id": o, "target_record_id": r} for o, r in links],
        "assignees": [
            {"referenced_actor_type": "workspace-member", "referenced_actor_id": m}
            for (m,) in members
        ],
        "created_by_actor": {"type": atype, "id": aid},
        "created_at": at,
    }


def _task_row(req: Request) -> tuple[Any, ...]:
    tid = req.params["task_id"]
    row = req.ctx.store.db.execute(
        f"SELECT {_COLUMNS} FROM task WHERE id=? AND workspace_id=?",
        (tid, req.ctx.workspace_id),
    ).fetchone()
    if row is None:
        raise AttioError(404, "not_found", f'Could not find Task with ID "{tid}".')
    return tuple(row)


def _set_links(ctx: WorkspaceContext, tid: str, links: list[tuple[str, str]]) -> None:
    db = ctx.store.db
    db.execute("DELETE FROM task_link WHERE task_id=?", (tid,))
    db.executemany(
        "INSERT INTO task_link (task_id, ord, object_id, record_id) VALUES (?,?,?,?)",
        [(tid, i, o, r) for i, (o, r) in enumerate(links)],
    )


def _set_assignees(ctx: WorkspaceContext, tid: str, members: list[str]) -> None:
    db = ctx.store.db
    db.execute("DELETE FROM task_assignee WHERE task_id=?", (tid,))
    db.executemany(
        "INSERT INTO task_assignee (task_id, ord, member_id) VALUES (?,?,?)",
        [(tid, i, m) for i, m in enumerate(members)],
    )


# ---- request bodies -------------------------------------------------------------------------


def _check_keys(data: dict[str, Any], allowed: tuple[str, ...], required: bool) -> None:
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise _field_error(
            ["data"],
            "Unrecognized key(s) in object: " + ", ".join(f"'{k}'" for k in unknown),
            code="unrecognized_keys",
        )
    if required:
        for key in allowed:
            if key not in data:
                raise _type_error(data, key, _EXPECTED[key])


def _content(data: dict[str, Any]) -> str:
    content = data.get("content")
    if not isinstance(content, str):
        raise _type_error(data, "content", "string")
    if len(content) > MAX_CONTENT:
        raise _field_error(
            ["data", "content"],
            f"String must contain at most {MAX_CONTENT} character(s)",
            code="too_big",
        )
    return content


def _format(data: dict[str, Any]) -> None:
    if data.get("format") != "plaintext":
        raise _field_error(
            ["data", "format"],
            f"Invalid enum value. Expected 'plaintext', received {_received(data.get('format'))}",
            code="invalid_option",
            options=["plaintext"],
        )


def _deadline(data: dict[str, Any]) -> str | None:
    raw = data["deadline_at"]
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _type_error(data, "deadline_at", "string")
    try:
        return coerce_timestamp(raw)
    except (ValueError, OverflowError):
        raise _field_error(
            ["data", "deadline_at"], "Invalid ISO 8601 timestamp", code="invalid"
        ) from None


def _completed(data: dict[str, Any]) -> bool:
    value = data["is_completed"]
    if not isinstance(value, bool):
        raise _type_error(data, "is_completed", "boolean")
    return value


def _array(data: dict[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise _type_error(data, key, "array")
    return value


def _linkable_object(ctx: WorkspaceContext, key: str) -> ObjectDef:
    idx = ctx.idx
    obj = idx.objects_by_slug.get(key) or idx.objects_by_id.get(key)
    if obj is not None:
        return obj
    if key in idx.lists_by_slug or key in idx.lists_by_id:
        raise validation_error("Only standard or custom object records can be linked to.")
    raise AttioError(404, "not_found", f'Object with slug/ID "{key}" not found.')


def _linked_record(ctx: WorkspaceContext, item: Any, path: list[str | int]) -> tuple[str, str]:
    if not isinstance(item, dict):
        raise _field_error(path, f"Expected object, received {_received(item)}")
    target = item.get("target_object")
    if not isinstance(target, str):
        message = "Required" if target is None else "Expected string"
        raise _field_error([*path, "target_object"], message, expected="string")
    obj = _linkable_object(ctx, target)
    if "target_record_id" in item:
        rid = item["target_record_id"]
        if not isinstance(rid, str) or not ctx.record_exists(obj.id, rid):
            raise AttioError(404, "not_found", f'Record with ID "{rid}" not found.')
        return obj.id, rid
    keys = [k for k in item if k != "target_object"]
    if len(keys) != 1:
        message = "Required" if not keys else "Give target_record_id or one matching attribute"
        raise _field_error([*path, "target_record_id"], message)
    attr = ctx.attribute(obj.id, keys[0])
    if attr is None or attr.is_archived:
        raise AttioError(404, "not_found", f'Attribute with slug/ID "{keys[0]}" not found.')
    matches = ctx.match_records(obj.id, keys[0], item[keys[0]])
    if not matches:
        raise AttioError(
            404, "not_found", f'No "{obj.api_slug}" record matches attribute "{attr.api_slug}".'
        )
    if len(matches) > 1:
        raise validation_error(
            f'{len(matches)} "{obj.api_slug}" records match attribute "{attr.api_slug}"; '
            "a linked record must match exactly one."
        )
    return obj.id, matches[0]


def _linked_records(ctx: WorkspaceContext, data: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, item in enumerate(_array(data, "linked_records")):
        link = _linked_record(ctx, item, ["data", "linked_records", i])
        if link not in out:
            out.append(link)
    return out


def _assignee(ctx: WorkspaceContext, item: Any, path: list[str | int]) -> str:
    if not isinstance(item, dict):
        raise _field_error(path, f"Expected object, received {_received(item)}")
    if "referenced_actor_type" not in item and "workspace_member_email_address" in item:
        email = item["workspace_member_email_address"]
        if len(item) > 1:
            raise _field_error(path, "Unrecognized key(s) in object", code="unrecognized_keys")
        if not isinstance(email, str):
            raise _field_error([*path, "workspace_member_email_address"], "Expected string")
        for member in ctx.idx.members:
            if member.email_address.lower() == email.lower():
                return member.id
        raise AttioError(
            404, "not_found", f'Workspace member with email address "{email}" not found.'
        )
    if item.get("referenced_actor_type") != "workspace-member":
        raise _field_error(
            [*path, "referenced_actor_type"],
            "Only workspace-member actors can be assigned to tasks",
            code="invalid_option",
            options=["workspace-member"],
        )
    mid = item.get("referenced_actor_id")
    if not isinstance(mid, str):
        raise _field_error([*path, "referenced_actor_id"], "Required", expected="string")
    for member in ctx.idx.members:
        if member.id == mid:
            return member.id
    raise AttioError(404, "not_found", f'Workspace member with ID "{mid}" not found.')


def _assignees(ctx: WorkspaceContext, data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(_array(data, "assignees")):
        mid = _assignee(ctx, item, ["data", "assignees", i])
        if mid not in out:
            out.append(mid)
    return out


# ---- endpoints ------------------------------------------------------------------------------


@_route("GET", "/v2/tasks", "read", _TASK_R, *_SCOPES)
def list_tasks(req: Request) -> Any:
    """``GET /v2/tasks``: filtered by linked record, assignee and completion, paged."""
    ctx, query = req.ctx, req.query
    limit, offset = _page_params(req, 500)
    sort = query.get("sort", "created_at:asc")
    if sort not in _SORTS:
        raise validation_error(
            "Query params validation error.",
            [
                {
                    "code": "invalid_option",
                    "path": ["sort"],
                    "message": "Invalid enum value. Expected 'created_at:asc' | 'created_at:desc'",
                    "options": list(_SORTS),
                }
            ],
        )
    where = ["t.workspace_id=?"]
    params: list[Any] = [ctx.workspace_id]
    linked_object, linked_record = query.get("linked_object"), query.get("linked_record_id")
    if bool(linked_object) != bool(linked_record):
        missing = "linked_record_id" if linked_object else "linked_object"
        raise _query_error(missing, "Required: linked_object and linked_record_id go together")
    if linked_object and linked_record:
        where.append(
            "EXISTS (SELECT 1 FROM task_link l WHERE l.task_id=t.id AND l.object_id=? "
            "AND l.record_id=?)"
        )
        params += [ctx.get_object(linked_object).id, linked_record]
    if "assignee" in query:
        assignee = query["assignee"]
        if assignee in ("", "null"):
            where.append("NOT EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id=t.id)")
        else:
            member = ctx.member(assignee)
            if member is None:
                return {"data": []}
            where.append(
                "EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id=t.id AND a.member_id=?)"
            )
            params.append(member.id)
    if "is_completed" in query:
        where.append("t.is_completed=?")
        params.append(int(req.flag("is_completed")))
    direction = _SORTS[sort]
    rows = ctx.store.db.execute(
        f"SELECT {', '.join('t.' + c for c in _COLUMNS.split(', '))} FROM task t "
        f"WHERE {' AND '.join(where)} ORDER BY t.created_at {direction}, t.rowid {direction} "
        "LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return {"data": [_render(ctx, tuple(row)) for row in rows]}


@_route("POST", "/v2/tasks", "write", _TASK_W, *_SCOPES)
def create_task(req: Request) -> Any:
    """``POST /v2/tasks``."""
    ctx, data = req.ctx, req.data()
    _check_keys(data, _CREATE_KEYS, required=True)
    content = _content(data)
    _format(data)
    deadline = _deadline(data)
    done = _completed(data)
    links = _linked_records(ctx, data)
    members = _assignees(ctx, data)
    tid = ctx.new_id()
    row = (tid, ctx.workspace_id, content, deadline, int(done), ctx.actor_type, ctx.actor_id)
    ctx.store.db.execute(f"INSERT INTO task ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", (*row, ctx.now))
    _set_links(ctx, tid, links)
    _set_assignees(ctx, tid, members)
    ctx.emit("task.created", {"task_id": tid})
    return {"data": _render(ctx, (*row, ctx.now))}


@_route("GET", "/v2/tasks/{task_id}", "read", _TASK_R, *_SCOPES)
def get_task(req: Request) -> Any:
    """``GET /v2/tasks/{task_id}``."""
    return {"data": _render(req.ctx, _task_row(req))}


@_route("PATCH", "/v2/tasks/{task_id}", "write", _TASK_W, *_SCOPES)
def update_task(req: Request) -> Any:
    """``PATCH /v2/tasks/{task_id}``: only the fields given change."""
    ctx = req.ctx
    tid = _task_row(req)[0]
    data = req.data()
    _check_keys(data, _PATCH_KEYS, required=False)
    db = ctx.store.db
    if "deadline_at" in data:
        db.execute("UPDATE task SET deadline_at=? WHERE id=?", (_deadline(data), tid))
    if "is_completed" in data:
        db.execute("UPDATE task SET is_completed=? WHERE id=?", (int(_completed(data)), tid))
    if "linked_records" in data:
        _set_links(ctx, tid, _linked_records(ctx, data))
    if "assignees" in data:
        _set_assignees(ctx, tid, _assignees(ctx, data))
    if data:
        ctx.emit("task.updated", {"task_id": tid})
    return {"data": _render(ctx, _task_row(req))}


@_route("DELETE", "/v2/tasks/{task_id}", "write", _TASK_W)
def delete_task(req: Request) -> Any:
    """``DELETE /v2/tasks/{task_id}``: answers ``{}``."""
    tid = _task_row(req)[0]
    db = req.ctx.store.db
    for table, column in (("task", "id"), ("task_link", "task_id"), ("task_assignee", "task_id")):
        db.execute(f"DELETE FROM {table} WHERE {column}=?", (tid,))
    req.ctx.emit("task.deleted", {"task_id": tid})
    return {}
