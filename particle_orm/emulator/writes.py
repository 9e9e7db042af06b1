"""Writing attribute values: create, PATCH (append), PUT (overwrite), assert, with history,
uniqueness checks and relationship pairs kept in sync both ways.

Example:
    >>> WriteMode.PATCH.value
    'patch'
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any, Literal

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.entities import AttributeDef
from particle_orm.emulator.errors import AttioError
from particle_orm.emulator.store import ValueRow
from particle_orm.emulator.values import (
    add_duration,
    check_writable,
    identity,
    normalize,
    sort_keys,
)

__all__ = [
    "Parent",
    "WriteMode",
    "create_record_row",
    "emit_updated",
    "forget_record",
    "prepare_values",
    "value_key",
    "write_system_values",
    "write_values",
]


class WriteMode(enum.Enum):
    """How multiselect values combine with the stored ones."""

    CREATE = "create"
    PATCH = "patch"  # multiselect values are added
    PUT = "put"  # multiselect values are replaced
    ASSERT = "assert"  # PUT, except the matching attribute only adds


@dataclass(frozen=True)
class Parent:
    """The record or entry being written."""

    kind: Literal["record", "entry"]
    container_id: str
    id: str


def prepare_values(
    ctx: WorkspaceContext, container_id: str, values: Any, *, path: str = "values"
) -> dict[str, tuple[AttributeDef, list[dict[str, Any]]]]:
    """Resolve keys and normalise every value before anything is written."""
    if not isinstance(values, dict):
        raise AttioError(
            400,
            "validation_type",
            "Body payload validation error.",
            extra={
                "validation_errors": [
                    {
                        "code": "invalid_type",
                        "path": ["data", path],
                        "message": "Required",
                        "expected": "object",
                        "received": type(values).__name__ if values is not None else "undefined",
                    }
                ]
            },
        )
    out: dict[str, tuple[AttributeDef, list[dict[str, Any]]]] = {}
    for key, raw in values.items():
        attr = ctx.attribute(container_id, key)
        if attr is None or attr.is_archived:
            raise AttioError(400, "value_not_found", f'Cannot find attribute with slug/ID "{key}".')
        check_writable(attr)
        out[attr.id] = (attr, normalize(attr, raw, ctx))
    return out


def value_key(ctx: WorkspaceContext, attr: AttributeDef, data: dict[str, Any]) -> tuple[Any, Any]:
    """The ``(sk_text, sk_num)`` of a canonical value (titles looked up for select/status)."""
    title = None
    if attr.type == "select":
        opt = ctx.option(attr.id, data["option_id"])
        title = opt.title if opt else None
    elif attr.type == "status":
        st = ctx.status(attr.id, data["status_id"])
        title = st.title if st else None
    return sort_keys(attr.type, data, title)


_IDENTITY_FIELD = {
    "email-address": "email_address",
    "domain": "domain",
    "phone-number": "phone_number",
}


def _check_unique(
    ctx: WorkspaceContext, parent: Parent, attr: AttributeDef, datas: list[dict[str, Any]]
) -> None:
    if not attr.is_unique:
        return
    for data in datas:
        text, num = value_key(ctx, attr, data)
        others = [
            p for p in ctx.store.parents_with_key(attr.id, text=text, num=num) if p != parent.id
        ]
        if others:
            # Attio embeds the identifying part of the value as backslash-escaped JSON.
            key = _IDENTITY_FIELD.get(attr.type)
            part = {key: data[key]} if key else data
            shown = json.dumps(json.dumps(part, separators=(",", ":")))[1:-1]
            raise AttioError(
                400,
                "uniqueness_conflict",
                f'The value "{shown}" provided for attribute with ID "{attr.id}" conflicts '
                "with one already in the system.",
            )


def _insert(
    ctx: WorkspaceContext,
    parent: Parent,
    attr: AttributeDef,
    datas: list[dict[str, Any]],
    first_ord: int,
    actor: dict[str, Any] | None = None,
) -> None:
    who = actor or ctx.actor
    rows = []
    for i, data in enumerate(datas):
        text, num = value_key(ctx, attr, data)
        rows.append(
            (
                ctx.workspace_id,
                parent.kind,
                parent.container_id,
                parent.id,
                attr.id,
                first_ord + i,
                ctx.now,
                who["type"],
                who["id"],
                attr.type,
                json.dumps(data),
                text,
                num,
            )
        )
    ctx.store.insert_values(rows)


def _targets(rows: list[ValueRow] | list[dict[str, Any]]) -> set[str]:
    out = set()
    for r in rows:
        data = r.data if isinstance(r, ValueRow) else r
        out.add(data["target_record_id"])
    return out


def _apply(
    ctx: WorkspaceContext,
    parent: Parent,
    attr: AttributeDef,
    datas: list[dict[str, Any]],
    append: bool,
    *,
    fresh: bool = False,
) -> tuple[set[str], set[str]]:
    """Write one attribute; returns (added, removed) record-reference targets."""
    # A record or entry being created has no values yet: relationship syncs only write to
    # existing targets, and its own row is inserted after its values.
    current = [] if fresh else ctx.store.current_values(parent.id, attr.id)
    have = {identity(attr.type, r.data): r for r in current}
    want = {identity(attr.type, d): d for d in datas}
    next_ord = max((r.ord for r in current), default=-1) + 1
    if append and attr.is_multiselect:
        new = [d for k, d in want.items() if k not in have]
        ended: list[ValueRow] = []
    else:
        # Same identity but changed details (e.g. another original_phone_number) is a new value.
        keep = {k for k, r in have.items() if k in want and want[k] == r.data}
        ended = [r for k, r in have.items() if k not in keep]
        new = [d for k, d in want.items() if k not in keep]
        if not attr.is_multiselect:
            next_ord = 0
    ctx.store.end_values((r.rowid for r in ended), ctx.now)
    _insert(ctx, parent, attr, new, next_ord)
    if not fresh and (ended or new):
        emit_updated(ctx, parent, attr.id)
    if attr.type != "record-reference":
        return set(), set()
    added = _targets(new) - _targets([r.data for r in current if r not in ended])
    removed = _targets(ended) - _targets(datas)
    return added, removed


def _unlink(ctx: WorkspaceContext, record_id: str, attr: AttributeDef, target_id: str) -> None:
    rows = [
        r
        for r in ctx.store.current_values(record_id, attr.id)
        if r.data["target_record_id"] == target_id
    ]
    ctx.store.end_values((r.rowid for r in rows), ctx.now)


def _sync_relationship(
    ctx: WorkspaceContext, record_id: str, attr: AttributeDef, added: set[str], removed: set[str]
) -> None:
    """Mirror a record-reference change on the paired attribute of the targets."""
    if attr.relationship_id is None:
        return
    reverse = ctx.store.get(AttributeDef, attr.relationship_id)
    if reverse is None or reverse.is_archived:
        return
    for target in sorted(removed):
        _unlink(ctx, target, reverse, record_id)
    for target in sorted(added):
        if reverse.is_multiselect:
            # Only "already linked?" and the next ord are needed: ask SQLite rather than
            # decode every link of a target that may have thousands.
            linked, last_ord = ctx.store.reference_summary(target, reverse.id, record_id)
            if linked:
                continue
            next_ord = last_ord + 1
        else:
            current = ctx.store.current_values(target, reverse.id)
            if any(r.data["target_record_id"] == record_id for r in current):
                continue
            # The target pointed elsewhere: that record loses its link back to the target.
            for r in current:
                _unlink(ctx, r.data["target_record_id"], attr, target)
            ctx.store.end_values((r.rowid for r in current), ctx.now)
            next_ord = 0
        _insert(
            ctx,
            Parent("record", reverse.parent_id, target),
            reverse,
            [{"target_object_id": attr.parent_id, "target_record_id": record_id}],
            next_ord,
        )


def _apply_static_defaults(
    ctx: WorkspaceContext,
    container_id: str,
    prepared: dict[str, tuple[AttributeDef, list[dict[str, Any]]]],
) -> None:
    """Fill unset attributes from their default value (canonical static data, or dynamic
    ``current-user`` / ISO 8601 duration templates)."""
    for attr in ctx.attributes(container_id):
        default = attr.default_value
        if attr.id in prepared or not default:
            continue
        if default.get("type") == "static":
            datas = [dict(d) for d in default.get("template", [])]
        elif default.get("template") == "current-user" and attr.type == "actor-reference":
            datas = [{"referenced_actor_type": ctx.actor_type, "referenced_actor_id": ctx.actor_id}]
        elif attr.type in ("date", "timestamp"):
            moment = add_duration(ctx.now, str(default.get("template")))
            datas = [{"value": moment[:10] if attr.type == "date" else moment}]
        else:
            continue
        if datas:
            prepared[attr.id] = (attr, datas)


def write_values(
    ctx: WorkspaceContext,
    parent: Parent,
    prepared: dict[str, tuple[AttributeDef, list[dict[str, Any]]]],
    mode: WriteMode,
    *,
    matching_attribute_id: str | None = None,
) -> None:
    """Check uniqueness and required values, then write and sync relationships."""
    for attr, datas in prepared.values():
        _check_unique(ctx, parent, attr, datas)
    if mode is WriteMode.CREATE:
        _apply_static_defaults(ctx, parent.container_id, prepared)
        for attr in ctx.attributes(parent.container_id):
            if attr.is_required and not prepared.get(attr.id, (attr, []))[1]:
                raise AttioError(
                    400,
                    "missing_value",
                    f'Required value for attribute with ID "{attr.id}" was not provided.',
                )
    for attr, datas in prepared.values():
        append = mode is WriteMode.PATCH or (
            mode is WriteMode.ASSERT and attr.id == matching_attribute_id
        )
        added, removed = _apply(ctx, parent, attr, datas, append, fresh=mode is WriteMode.CREATE)
        if parent.kind == "record" and (added or removed):
            _sync_relationship(ctx, parent.id, attr, added, removed)


def create_record_row(
    ctx: WorkspaceContext,
    object_id: str,
    prepared: dict[str, tuple[AttributeDef, list[dict[str, Any]]]],
) -> str:
    """Create one record from prepared values; returns its id."""
    rid = ctx.new_id()
    parent = Parent("record", object_id, rid)
    # Everything is validated before the row exists, so a failed create leaves nothing behind.
    write_values(ctx, parent, prepared, WriteMode.CREATE)
    ctx.store.insert_record(ctx.workspace_id, object_id, rid, ctx.now)
    write_system_values(ctx, parent, "record_id")
    ctx.emit("record.created", {"object_id": object_id, "record_id": rid})
    return rid


def emit_updated(ctx: WorkspaceContext, parent: Parent, attribute_id: str) -> None:
    """Note the ``record.updated`` / ``list-entry.updated`` webhook event of one attribute."""
    if parent.kind == "record":
        ctx.emit(
            "record.updated",
            {
                "object_id": parent.container_id,
                "record_id": parent.id,
                "attribute_id": attribute_id,
            },
        )
    else:
        ctx.emit_entry("updated", parent.container_id, parent.id, attribute_id=attribute_id)


def write_system_values(ctx: WorkspaceContext, parent: Parent, id_slug: str) -> None:
    """The ``record_id``/``entry_id``, ``created_at`` and ``created_by`` values of a new row."""
    system: dict[str, dict[str, Any]] = {
        id_slug: {"value": parent.id},
        "created_at": {"value": ctx.now},
        "created_by": {
            "referenced_actor_type": ctx.actor_type,
            "referenced_actor_id": ctx.actor_id,
        },
    }
    for slug, data in system.items():
        attr = ctx.attribute(parent.container_id, slug)
        if attr is not None:
            _insert(ctx, parent, attr, [data], 0)


def forget_record(ctx: WorkspaceContext, record_id: str) -> None:
    """End every reference to a deleted record and delete its entries."""
    ctx.store.db.execute(
        "UPDATE value SET active_until=? WHERE attribute_type='record-reference' AND sk_text=? "
        "AND active_until IS NULL AND workspace_id=?",
        (ctx.now, record_id, ctx.workspace_id),
    )
    for entry_id, list_id, _ in ctx.store.entries_for_parent(ctx.workspace_id, record_id):
        ctx.emit_entry("deleted", list_id, entry_id)
        ctx.store.delete_parent("entry", entry_id)
