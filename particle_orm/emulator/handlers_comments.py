"""Handlers of the threads and comments endpoints: ``GET /v2/threads``,
``GET /v2/threads/{thread_id}``, ``POST /v2/comments`` and
``GET|DELETE /v2/comments/{comment_id}``.

A thread is a chain of comments on one record or one list entry; creating a comment on a
record or an entry opens a new thread, and a comment with ``thread_id`` replies in an
existing one. Read from the OpenAPI spec (``thread`` and ``comment`` schemas, the five
operations' parameters, the create body's three ``anyOf`` variants, scopes and documented
errors) and the webhook reference of ``comment.*`` events; no real comment has been
captured. Where those sources are silent, the emulator chooses as follows:

* Scopes: every route needs ``comment:read`` (``comment:read-write`` to write). Reading or
  creating on a record also needs ``object_configuration:read`` and
  ``record_permission:read``, on an entry ``list_configuration:read`` and
  ``list_entry:read`` (the spec's descriptions); a reply needs those of its thread's
  parent. ``DELETE`` needs only ``comment:read-write`` (its description names no other).
* Errors of ``POST /v2/comments``: the spec documents only 400 ``value_not_found``
  (``The referenced Thread could not be found, it might have been deleted.``), so an
  unknown thread, record, entry or author uses that code and message pattern
  (``The referenced Record …``, ``Entry``, ``Workspace member``). An unknown object or list
  slug/id is the 404 ``not_found`` every other emulator endpoint answers. A body matching
  no variant is a 400 ``validation_type`` (``invalid_union`` when none of
  ``thread_id``/``record``/``entry`` is given, ``unrecognized_keys`` for anything the
  variant does not allow, including two targets at once).
* A comment on an entry answers ``record`` as the entry's parent record (the schema
  requires it) and ``entry`` as ``{entry_id, list_id}``; a comment on a record has
  ``entry: null``. A reply copies both from its thread. An unresolved comment (the
  emulator never resolves one) has ``resolved_at: null`` and
  ``resolved_by: {"type": null, "id": null}``. ``content_plaintext`` is the content as
  sent (mentions by email stay email addresses).
* ``created_at`` (optional) is coerced like a note's: ISO 8601, not before 1970 nor in
  the future. A thread's ``created_at`` is its opening comment's; its ``comments`` are
  sorted by ``created_at``, ties in creation order.
* ``GET /v2/threads`` needs exactly one of the pairs ``record_id`` + ``object`` or
  ``entry_id`` + ``list`` (otherwise a 400 ``Query params validation error.``); an unknown
  object or list is a 404, an unknown record or entry simply has no threads. Threads on a
  record's list entries are not listed under the record. Oldest thread first; ``limit``
  defaults to 10, over 50 is a 400.
* ``DELETE`` of the comment that opened a thread deletes the whole thread (every reply
  with it), as the spec's description says; deleting a reply deletes only that reply.
* Webhook events follow the ``comment.*`` reference: ``id: {workspace_id, comment_id}``
  plus ``thread_id, object_id, record_id, list_id, entry_id`` (the last two ``null`` on
  records). Deleting a thread emits one ``comment.deleted`` per comment removed, the
  opening comment first.
* Deleting the parent record or entry leaves its threads in place (not documented).

Example:
    >>> from particle_orm.emulator.routes import match_route
    >>> match_route("POST", "/v2/comments")[0].handler is create_comment
    True
"""

from __future__ import annotations

import uuid
from typing import Any

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.errors import AttioError, missing_scope, value_not_found
from particle_orm.emulator.handlers_notes import _created_at
from particle_orm.emulator.routes import (
    _ENT_R,
    _LIST_R,
    _OBJ_R,
    _REC_R,
    Request,
    _field_error,
    _page_params,
    _query_error,
    _received,
    _route,
    _type_error,
)

__all__ = [
    "create_comment",
    "delete_comment",
    "get_comment",
    "get_thread",
    "list_threads",
]

_COMMENT_R = "comment:read"
_COMMENT_W = "comment:read-write"
_TARGETS = ("thread_id", "record", "entry")
_COMMON = ("format", "content", "author", "created_at")
_THREAD_COLS = "id, workspace_id, object_id, record_id, list_id, entry_id, head_id, created_at"
_COMMENT_COLS = "id, workspace_id, thread_id, content, author_type, author_id, created_at"

# ---- storage and rendering ------------------------------------------------------------------


def _thread_row(ctx: WorkspaceContext, thread_id: str) -> tuple[Any, ...] | None:
    row = ctx.store.db.execute(
        f"SELECT {_THREAD_COLS} FROM thread WHERE id=? AND workspace_id=?",
        (thread_id, ctx.workspace_id),
    ).fetchone()
    return tuple(row) if row else None


def _comment_row(ctx: WorkspaceContext, comment_id: str) -> tuple[Any, ...] | None:
    row = ctx.store.db.execute(
        f"SELECT {_COMMENT_COLS} FROM comment WHERE id=? AND workspace_id=?",
        (comment_id, ctx.workspace_id),
    ).fetchone()
    return tuple(row) if row else None


def _thread_comments(ctx: WorkspaceContext, thread_id: str) -> list[tuple[Any, ...]]:
    rows = ctx.store.db.execute(
        f"SELECT {_COMMENT_COLS} FROM comment WHERE thread_id=? ORDER BY created_at, rowid",
        (thread_id,),
    ).fetchall()
    return [tuple(r) for r in rows]


def _render_comment(thread: tuple[Any, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    cid, ws, tid, content, atype, aid, at = row
    _, _, object_id, record_id, list_id, entry_id, _, _ = thread
    return {
        "id": {"workspace_id": ws, "comment_id": cid},
        "thread_id": tid,
        "content_plaintext": content,
        "entry": None if entry_id is None else {"entry_id": entry_id, "list_id": list_id},
        "record": {"record_id": record_id, "object_id": object_id},
        "resolved_at": None,
        "resolved_by": {"type": None, "id": None},
        "created_at": at,
        "author": {"type": atype, "id": aid},
    }


def _render_thread(ctx: WorkspaceContext, thread: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "id": {"workspace_id": thread[1], "thread_id": thread[0]},
        "comments": [_render_comment(thread, c) for c in _thread_comments(ctx, thread[0])],
        "created_at": thread[7],
    }


def _require(req: Request, *scopes: str) -> None:
    for scope in scopes:
        if not req.token.has(scope):
            raise missing_scope(scope)


def _parent_scopes(req: Request, thread: tuple[Any, ...]) -> None:
    """The read scopes of a thread's parent: an entry's when it has one, else a record's."""
    if thread[5] is None:
        _require(req, _OBJ_R, _REC_R)
    else:
        _require(req, _LIST_R, _ENT_R)


def _event_ids(thread: tuple[Any, ...]) -> dict[str, Any]:
    _, _, object_id, record_id, list_id, entry_id, _, _ = thread
    return {
        "thread_id": thread[0],
        "object_id": object_id,
        "record_id": record_id,
        "list_id": list_id,
        "entry_id": entry_id,
    }


# ---- request bodies -------------------------------------------------------------------------


def _unrecognized(path: list[str | int], keys: list[str]) -> AttioError:
    return _field_error(
        path,
        "Unrecognized key(s) in object: " + ", ".join(f"'{k}'" for k in keys),
        code="unrecognized_keys",
        keys=keys,
    )


def _variant(data: dict[str, Any]) -> str:
    targets = [k for k in _TARGETS if k in data]
    if not targets:
        raise _field_error(
            ["data"],
            "Expected one of 'thread_id', 'record' or 'entry'",
            code="invalid_union",
        )
    unknown = [k for k in data if k not in (*_COMMON, targets[0])]
    if unknown:
        raise _unrecognized(["data"], unknown)
    return targets[0]


def _string(obj: dict[str, Any], key: str, path: list[str | int]) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        received = "undefined" if key not in obj else _received(value)
        message = "Required" if key not in obj else f"Expected string, received {received}"
        raise _field_error([*path, key], message, expected="string", received=received)
    return value


def _uuid(value: str, path: list[str | int]) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise _field_error(path, "Invalid uuid", code="invalid_string") from None


def _object_arg(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _type_error(data, key, "object")
    return value


def _author(ctx: WorkspaceContext, data: dict[str, Any]) -> str:
    author = _object_arg(data, "author")
    if author.get("type") != "workspace-member":
        raise _field_error(
            ["data", "author", "type"],
            "Invalid enum value. Expected 'workspace-member', "
            f"received {_received(author.get('type'))}",
            code="invalid_enum_value",
            options=["workspace-member"],
        )
    mid = _uuid(_string(author, "id", ["data", "author"]), ["data", "author", "id"])
    unknown = [k for k in author if k not in ("type", "id")]
    if unknown:
        raise _unrecognized(["data", "author"], unknown)
    if not any(m.id == mid for m in ctx.idx.members):
        raise value_not_found(
            "The referenced Workspace member could not be found, it might have been deleted."
        )
    return mid


def _common(ctx: WorkspaceContext, data: dict[str, Any]) -> tuple[str, str]:
    """Validate ``format`` and ``content``; ``(content, created_at)``."""
    if data.get("format") != "plaintext":
        if "format" not in data:
            raise _type_error(data, "format", "string")
        raise _field_error(
            ["data", "format"],
            f"Invalid enum value. Expected 'plaintext', received {_received(data['format'])}",
            code="invalid_enum_value",
            options=["plaintext"],
        )
    content = _string(data, "content", ["data"])
    return content, _created_at(ctx, data)


# ---- endpoints ------------------------------------------------------------------------------


@_route("GET", "/v2/threads", "read", _COMMENT_R)
def list_threads(req: Request) -> Any:
    """``GET /v2/threads``: the threads of one record or one list entry, oldest first."""
    ctx, q = req.ctx, req.query
    by_record = bool(q.get("record_id") or q.get("object"))
    by_entry = bool(q.get("entry_id") or q.get("list"))
    if by_record == by_entry:
        raise _query_error("record_id", "Pass either record_id with object, or entry_id with list")
    if by_record:
        for key in ("record_id", "object"):
            if not q.get(key):
                raise _query_error(key, "Required")
        _require(req, _OBJ_R, _REC_R)
        where = "object_id=? AND record_id=? AND entry_id IS NULL"
        params = (ctx.get_object(q["object"]).id, q["record_id"])
    else:
        for key in ("entry_id", "list"):
            if not q.get(key):
                raise _query_error(key, "Required")
        _require(req, _LIST_R, _ENT_R)
        where = "list_id=? AND entry_id=?"
        params = (ctx.get_list(q["list"]).id, q["entry_id"])
    limit, offset = _page_params(req, 10, maximum=50)
    rows = ctx.store.db.execute(
        f"SELECT {_THREAD_COLS} FROM thread WHERE workspace_id=? AND {where} "
        "ORDER BY created_at, rowid LIMIT ? OFFSET ?",
        (ctx.workspace_id, *params, limit, offset),
    ).fetchall()
    return {"data": [_render_thread(ctx, tuple(r)) for r in rows]}


@_route("GET", "/v2/threads/{thread_id}", "read", _COMMENT_R)
def get_thread(req: Request) -> Any:
    """``GET /v2/threads/{thread_id}``: the thread with all its comments."""
    tid = req.params["thread_id"]
    thread = _thread_row(req.ctx, tid)
    if thread is None:
        raise AttioError(404, "not_found", f'Thread with ID "{tid}" was not found.')
    _parent_scopes(req, thread)
    return {"data": _render_thread(req.ctx, thread)}


@_route("POST", "/v2/comments", "write", _COMMENT_W)
def create_comment(req: Request) -> Any:
    """``POST /v2/comments``: a new thread on a record or entry, or a reply in a thread."""
    ctx, data = req.ctx, req.data()
    thread: tuple[Any, ...]
    variant = _variant(data)
    content, created_at = _common(ctx, data)
    if variant == "thread_id":
        tid = _uuid(_string(data, "thread_id", ["data"]), ["data", "thread_id"])
        found = _thread_row(ctx, tid)
        if found is None:
            raise value_not_found(
                "The referenced Thread could not be found, it might have been deleted."
            )
        _parent_scopes(req, found)
        thread = found
    else:
        target = _object_arg(data, variant)
        path: list[str | int] = ["data", variant]
        if variant == "record":
            object_key = _string(target, "object", path)
            record_id = _uuid(_string(target, "record_id", path), [*path, "record_id"])
            list_id = entry_id = None
            _require(req, _OBJ_R, _REC_R)
            object_id = ctx.get_object(object_key).id
            if not ctx.record_exists(object_id, record_id):
                raise value_not_found(
                    "The referenced Record could not be found, it might have been deleted."
                )
        else:
            list_key = _string(target, "list", path)
            entry_id = _string(target, "entry_id", path)
            _require(req, _LIST_R, _ENT_R)
            list_id = ctx.get_list(list_key).id
            entry = ctx.store.entry_row(ctx.workspace_id, entry_id)
            if entry is None or entry[0] != list_id:
                raise value_not_found(
                    "The referenced Entry could not be found, it might have been deleted."
                )
            object_id, record_id = entry[1], entry[2]
        tid = ctx.new_id()
    author = _author(ctx, data)
    cid = ctx.new_id()
    row = (cid, ctx.workspace_id, tid, content, "workspace-member", author, created_at)
    db = ctx.store.db
    if variant != "thread_id":
        thread = (tid, ctx.workspace_id, object_id, record_id, list_id, entry_id, cid, created_at)
        db.execute(f"INSERT INTO thread ({_THREAD_COLS}) VALUES (?,?,?,?,?,?,?,?)", thread)
    db.execute(f"INSERT INTO comment ({_COMMENT_COLS}) VALUES (?,?,?,?,?,?,?)", row)
    ctx.emit("comment.created", {"comment_id": row[0]}, **_event_ids(thread))
    return {"data": _render_comment(thread, row)}


@_route("GET", "/v2/comments/{comment_id}", "read", _COMMENT_R)
def get_comment(req: Request) -> Any:
    """``GET /v2/comments/{comment_id}``."""
    cid = req.params["comment_id"]
    row = _comment_row(req.ctx, cid)
    thread = None if row is None else _thread_row(req.ctx, row[2])
    if row is None or thread is None:
        raise AttioError(404, "not_found", f'Comment with ID "{cid}" was not found.')
    _parent_scopes(req, thread)
    return {"data": _render_comment(thread, row)}


@_route("DELETE", "/v2/comments/{comment_id}", "write", _COMMENT_W)
def delete_comment(req: Request) -> Any:
    """``DELETE /v2/comments/{comment_id}``: answers ``{}``; the opening comment of a thread
    takes the whole thread with it."""
    ctx = req.ctx
    cid = req.params["comment_id"]
    row = _comment_row(ctx, cid)
    thread = None if row is None else _thread_row(ctx, row[2])
    if row is None or thread is None:
        raise AttioError(404, "not_found", f'Could not find Comment with ID "{cid}".')
    db = ctx.store.db
    if thread[6] == cid:
        replies = [c[0] for c in _thread_comments(ctx, thread[0]) if c[0] != cid]
        db.execute("DELETE FROM comment WHERE thread_id=?", (thread[0],))
        db.execute("DELETE FROM thread WHERE id=?", (thread[0],))
        deleted = [cid, *replies]
    else:
        db.execute("DELETE FROM comment WHERE id=?", (cid,))
        deleted = [cid]
    for comment_id in deleted:
        ctx.emit("comment.deleted", {"comment_id": comment_id}, **_event_ids(thread))
    return {}
