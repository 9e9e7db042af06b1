"""Handlers of the notes endpoints: ``GET|POST /v2/notes``, ``GET|DELETE /v2/notes/{note_id}``.

A note hangs off one record (``parent_object`` by slug or id, ``parent_record_id``), which
must exist when the note is created. Read from the OpenAPI spec (``note`` schema, the four
operations' parameters, bodies, scopes and documented errors) and the captured real notes
(``real/notes-create.json``, ``real/notes-list.json``). Where those sources are silent,
the emulator is permissive and chooses as follows:

* An unknown ``parent_object`` is the spec's documented 404 ``not_found``
  (``Object with slug/ID "…" not found.``); so is an unknown parent record (the spec
  documents no 400 for ``POST /v2/notes``), ``Record with ID "…" not found.``.
* ``meeting_id`` must be a UUID or null, but the emulator has no meetings, so whether the
  meeting exists is not checked: the id is stored and echoed.
* Every note is rendered with ``meeting_id`` (``null`` when unset): the spec requires the
  key; the July 2025 captures, older than the spec, omit it.
* ``tags`` is always ``[]``: mentions inside the content are not parsed.
* ``content_markdown`` is the content as sent; for ``markdown`` input,
  ``content_plaintext`` strips the markdown subset the spec lists
  (:func:`markdown_to_plaintext`), for ``plaintext`` input it is the content unchanged.
* The list is ordered by ``created_at``, oldest first (as the captured list is), ties in
  creation order. ``limit`` defaults to 10; over the maximum of 50 it is a 400
  ``validation_type`` (``Query params validation error.``), like the other emulator limits.
  ``parent_record_id`` filters on its own too; an empty ``parent_object`` or
  ``parent_record_id`` is treated as absent.
* A backdated ``created_at`` (before 1970 or in the future: 400) is coerced like a
  timestamp value: any ISO 8601 form, stored as UTC with 9 fractional digits.
* Deleting the parent record does not delete its notes (whether Attio cascades is not
  documented); they keep answering with the old ``parent_record_id``.

Example:
    >>> from particle_orm.emulator.routes import match_route
    >>> match_route("POST", "/v2/notes")[0].handler is create_note
    True
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.errors import AttioError
from particle_orm.emulator.routes import (
    _NOTE_R,
    _NOTE_W,
    _OBJ_R,
    _REC_R,
    Request,
    _field_error,
    _page_params,
    _received,
    _route,
    _type_error,
)
from particle_orm.emulator.values import coerce_timestamp

__all__ = [
    "create_note",
    "delete_note",
    "get_note",
    "list_notes",
    "markdown_to_plaintext",
]

_FORMATS = ("plaintext", "markdown")
_EPOCH = "1970-01-01T00:00:00.000000000Z"
_COLUMNS = (
    "id, workspace_id, parent_object_id, parent_record_id, title, meeting_id, "
    "content_plaintext, content_markdown, actor_type, actor_id, created_at"
)

# ---- markdown → plaintext ------------------------------------------------------------------

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~=|>])")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,3}[ \t]+", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_STYLES = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),  # **bold**
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),  # __bold__
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),  # ~~strikethrough~~
    re.compile(r"==(?=\S)(.+?)(?<=\S)=="),  # ==highlight==
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),  # *italic*
    re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"),  # _italic_
)


def markdown_to_plaintext(markdown: str) -> str:
    """The plaintext of a note written in the markdown subset Attio's spec lists.

    Heading marks (levels 1-3), bold, italic, strikethrough and highlight markers go, a
    link keeps its text, escaped characters lose their backslash; list markers, line
    breaks and anything else stay as written. It is a reasonable stand-in, not Attio's
    renderer (which is not published).

    Example:
        >>> markdown_to_plaintext("# Recap\\n- **Bold**, ~~gone~~ and [a link](https://x.io)")
        'Recap\\n- Bold, gone and a link'
        >>> markdown_to_plaintext(r"snake_case_name stays, \\*not italic\\*")
        'snake_case_name stays, *not italic*'
    """
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(1))
        return f"\ue000{len(held) - 1}\ue001"

    text = _ESCAPED.sub(hold, markdown)
    text = _HEADING.sub("", text)
    text = _LINK.sub(r"\1", text)
    for style in _STYLES:
        text = style.sub(r"\1", text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: held[int(m.group(1))], text)


# ---- storage and rendering ------------------------------------------------------------------


def _render(ctx: WorkspaceContext, row: tuple[Any, ...]) -> dict[str, Any]:
    (nid, ws, object_id, record_id, title, meeting_id, plain, markdown, atype, aid, at) = row
    return {
        "id": {"workspace_id": ws, "note_id": nid},
        "parent_object": ctx.object_slug(object_id) or object_id,
        "parent_record_id": record_id,
        "title": title,
        "meeting_id": meeting_id,
        "content_plaintext": plain,
        "content_markdown": markdown,
        "tags": [],
        "created_by_actor": {"type": atype, "id": aid},
        "created_at": at,
    }


def _note_row(req: Request) -> tuple[Any, ...]:
    nid = req.params["note_id"]
    row = req.ctx.store.db.execute(
        f"SELECT {_COLUMNS} FROM note WHERE id=? AND workspace_id=?",
        (nid, req.ctx.workspace_id),
    ).fetchone()
    if row is None:
        raise AttioError(404, "not_found", f'Note with ID "{nid}" was not found.')
    return tuple(row)


# ---- request bodies -------------------------------------------------------------------------


def _string(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise _type_error(data, key, "string")
    return value


def _created_at(ctx: WorkspaceContext, data: dict[str, Any]) -> str:
    raw = data.get("created_at")
    if raw is None:
        return ctx.now
    if not isinstance(raw, str):
        raise _type_error(data, "created_at", "string")
    try:
        at = coerce_timestamp(raw)
    except (ValueError, OverflowError):
        raise _field_error(
            ["data", "created_at"], "Invalid ISO 8601 timestamp", code="invalid"
        ) from None
    if at < _EPOCH or at > ctx.now:
        raise _field_error(
            ["data", "created_at"],
            "created_at cannot be before 1970 or in the future",
            code="invalid",
        )
    return at


def _meeting_id(data: dict[str, Any]) -> str | None:
    raw = data.get("meeting_id")
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _type_error(data, "meeting_id", "string")
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise _field_error(["data", "meeting_id"], "Invalid uuid", code="invalid") from None


# ---- endpoints ------------------------------------------------------------------------------


@_route("GET", "/v2/notes", "read", _NOTE_R, _OBJ_R, _REC_R)
def list_notes(req: Request) -> Any:
    """``GET /v2/notes``: all notes, or a parent object's / record's, oldest first."""
    ctx = req.ctx
    limit, offset = _page_params(req, 10, maximum=50)
    where, params = ["workspace_id=?"], [ctx.workspace_id]
    parent_object = req.query.get("parent_object")
    if parent_object:
        where.append("parent_object_id=?")
        params.append(ctx.get_object(parent_object).id)
    parent_record_id = req.query.get("parent_record_id")
    if parent_record_id:
        where.append("parent_record_id=?")
        params.append(parent_record_id)
    rows = ctx.store.db.execute(
        f"SELECT {_COLUMNS} FROM note WHERE {' AND '.join(where)} "
        "ORDER BY created_at, rowid LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return {"data": [_render(ctx, tuple(row)) for row in rows]}


@_route("POST", "/v2/notes", "write", _NOTE_W, _OBJ_R, _REC_R)
def create_note(req: Request) -> Any:
    """``POST /v2/notes``: a note on an existing record."""
    ctx, data = req.ctx, req.data()
    parent_object = _string(data, "parent_object")
    parent_record_id = _string(data, "parent_record_id")
    title = _string(data, "title")
    fmt = data.get("format")
    if fmt not in _FORMATS:
        if "format" not in data:
            raise _type_error(data, "format", "string")
        raise _field_error(
            ["data", "format"],
            f"Invalid enum value. Expected 'plaintext' | 'markdown', received {_received(fmt)}",
            code="invalid_option",
            options=list(_FORMATS),
        )
    content = _string(data, "content")
    created_at = _created_at(ctx, data)
    meeting_id = _meeting_id(data)
    obj = ctx.get_object(parent_object)
    if not ctx.record_exists(obj.id, parent_record_id):
        raise AttioError(404, "not_found", f'Record with ID "{parent_record_id}" not found.')
    plaintext = markdown_to_plaintext(content) if fmt == "markdown" else content
    row = (
        ctx.new_id(),
        ctx.workspace_id,
        obj.id,
        parent_record_id,
        title,
        meeting_id,
        plaintext,
        content,
        ctx.actor_type,
        ctx.actor_id,
        created_at,
    )
    ctx.store.db.execute(f"INSERT INTO note ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", row)
    ctx.emit(
        "note.created",
        {"note_id": row[0]},
        parent_object_id=obj.id,
        parent_record_id=parent_record_id,
    )
    return {"data": _render(ctx, row)}


@_route("GET", "/v2/notes/{note_id}", "read", _NOTE_R, _OBJ_R, _REC_R)
def get_note(req: Request) -> Any:
    """``GET /v2/notes/{note_id}``."""
    return {"data": _render(req.ctx, _note_row(req))}


@_route("DELETE", "/v2/notes/{note_id}", "write", _NOTE_W)
def delete_note(req: Request) -> Any:
    """``DELETE /v2/notes/{note_id}``: answers ``{}``."""
    row = _note_row(req)
    nid = row[0]
    req.ctx.store.db.execute("DELETE FROM note WHERE id=?", (nid,))
    req.ctx.emit("note.deleted", {"note_id": nid}, parent_object_id=row[2], parent_record_id=row[3])
    return {}
