"""Output shapes of schema entities, records and entries, as Attio sends them.

Example:
    >>> actor("api-token", "t1")
    {'type': 'api-token', 'id': 't1'}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.entities import (
    AttributeDef,
    ListDef,
    MemberDef,
    ObjectDef,
    OptionDef,
    StatusDef,
    Workspace,
)
from particle_orm.emulator.store import ValueRow
from particle_orm.emulator.values import render

__all__ = [
    "actor",
    "render_attribute",
    "render_entries",
    "render_list",
    "render_member",
    "render_object",
    "render_option",
    "render_records",
    "render_status",
    "render_value_rows",
]


def actor(actor_type: str | None, actor_id: str | None) -> dict[str, Any]:
    """``{type, id}`` of an actor."""
    return {"type": actor_type, "id": actor_id}


def render_object(obj: ObjectDef) -> dict[str, Any]:
    """An object."""
    return {
        "id": {"workspace_id": obj.workspace_id, "object_id": obj.id},
        "api_slug": obj.api_slug,
        "singular_noun": obj.singular_noun,
        "plural_noun": obj.plural_noun,
        "created_at": obj.created_at,
    }


def render_attribute(attr: AttributeDef, paired: AttributeDef | None = None) -> dict[str, Any]:
    """An attribute (``relationship`` as the real API returns it: just the paired id)."""
    relationship = None
    if paired is not None:
        relationship = {
            "id": {
                "workspace_id": paired.workspace_id,
                "object_id": paired.parent_id,
                "attribute_id": paired.id,
            }
        }
    return {
        "id": {
            "workspace_id": attr.workspace_id,
            "object_id": attr.parent_id,
            "attribute_id": attr.id,
        },
        "title": attr.title,
        "description": attr.description,
        "api_slug": attr.api_slug,
        "type": attr.type,
        "is_system_attribute": attr.is_system,
        "is_writable": attr.is_writable,
        "is_required": attr.is_required,
        "is_unique": attr.is_unique,
        "is_multiselect": attr.is_multiselect,
        "is_default_value_enabled": attr.default_value is not None,
        "is_archived": attr.is_archived,
        "default_value": _default_out(attr),
        "relationship": relationship,
        "created_at": attr.created_at,
        "config": {
            "currency": {
                "default_currency_code": attr.currency_code,
                "display_type": attr.display_type,
            },
            "record_reference": {"allowed_object_ids": attr.allowed_object_ids},
        },
    }


def _default_out(attr: AttributeDef) -> dict[str, Any] | None:
    """A default value as the spec shows it: template values without the envelope, and
    bare ids for options and statuses."""
    default = attr.default_value
    if default is None or default.get("type") != "static":
        return default
    template = []
    for data in default["template"]:
        if attr.type == "select":
            item: dict[str, Any] = {"option": data["option_id"]}
        elif attr.type == "status":
            item = {"status": data["status_id"]}
        elif attr.type == "record-reference":
            item = {"target_object": data["target_object_id"],
                    "target_record_id": data["target_record_id"]}  # fmt: skip
        else:
            item = dict(data)
        item["attribute_type"] = attr.type
        template.append(item)
    return {"type": "static", "template": template}


def render_option(opt: OptionDef, container_id: str) -> dict[str, Any]:
    """A select option."""
    return {
        "id": {
            "workspace_id": opt.workspace_id,
            "object_id": container_id,
            "attribute_id": opt.attribute_id,
            "option_id": opt.id,
        },
        "title": opt.title,
        "is_archived": opt.is_archived,
    }


def render_status(st: StatusDef, container_id: str) -> dict[str, Any]:
    """A status."""
    return {
        "id": {
            "workspace_id": st.workspace_id,
            "object_id": container_id,
            "attribute_id": st.attribute_id,
            "status_id": st.id,
        },
        "title": st.title,
        "is_archived": st.is_archived,
        "celebration_enabled": st.celebration_enabled,
        "target_time_in_status": st.target_time_in_status,
    }


def render_list(lst: ListDef, parent_slug: str | None) -> dict[str, Any]:
    """A list (``parent_object`` is an array, as on the real API)."""
    return {
        "id": {"workspace_id": lst.workspace_id, "list_id": lst.id},
        "api_slug": lst.api_slug,
        "name": lst.name,
        "parent_object": [parent_slug],
        "workspace_access": lst.workspace_access,
        "workspace_member_access": lst.workspace_member_access,
        "created_by_actor": lst.created_by_actor,
        "created_at": lst.created_at,
    }


def render_member(m: MemberDef) -> dict[str, Any]:
    """A workspace member."""
    return {
        "id": {"workspace_id": m.workspace_id, "workspace_member_id": m.id},
        "first_name": m.first_name,
        "last_name": m.last_name,
        "avatar_url": m.avatar_url,
        "email_address": m.email_address,
        "access_level": m.access_level,
        "created_at": m.created_at,
    }


def render_value_rows(
    ctx: WorkspaceContext, attr: AttributeDef, rows: Sequence[ValueRow]
) -> list[dict[str, Any]]:
    """Output values of one attribute."""
    return [
        render(attr, r.data, r.active_from, r.active_until, actor(r.actor_type, r.actor_id), ctx)
        for r in rows
    ]


def _values(
    ctx: WorkspaceContext, attrs: list[AttributeDef], by_attr: dict[str, list[ValueRow]]
) -> dict[str, list[dict[str, Any]]]:
    # Most attributes of a record are unset: skip the render call for them.
    return {
        a.api_slug: render_value_rows(ctx, a, rows) if (rows := by_attr.get(a.id)) else []
        for a in attrs
    }


def render_records(
    ctx: WorkspaceContext, obj: ObjectDef, workspace: Workspace, record_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """Records in the given order, each listing every active attribute (unset ones ``[]``)."""
    if not record_ids:
        return []
    created: dict[str, str] = {}
    for start in range(0, len(record_ids), 900):
        chunk = record_ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        created.update(
            ctx.store.db.execute(f"SELECT id, created_at FROM record WHERE id IN ({marks})", chunk)
        )
    values = ctx.store.values_for(record_ids)
    attrs = ctx.attributes(obj.id)
    noun = obj.singular_noun.lower().replace(" ", "-")
    return [
        {
            "id": {"workspace_id": ctx.workspace_id, "object_id": obj.id, "record_id": rid},
            "created_at": created[rid],
            "web_url": f"https://app.attio.com/{workspace.slug}/{noun}/{rid}",
            "values": _values(ctx, attrs, values[rid]),
        }
        for rid in record_ids
    ]


def render_entries(
    ctx: WorkspaceContext, lst: ListDef, entry_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """Entries in the given order, with every active list attribute."""
    if not entry_ids:
        return []
    rows: dict[str, tuple[str, str, str]] = {}
    for start in range(0, len(entry_ids), 900):
        chunk = entry_ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for eid, pobj, prec, created in ctx.store.db.execute(
            "SELECT id, parent_object_id, parent_record_id, created_at FROM entry "
            f"WHERE id IN ({marks})",
            chunk,
        ):
            rows[eid] = (pobj, prec, created)
    values = ctx.store.values_for(entry_ids)
    attrs = ctx.attributes(lst.id)
    return [
        {
            "id": {"workspace_id": ctx.workspace_id, "list_id": lst.id, "entry_id": eid},
            "parent_record_id": rows[eid][1],
            "parent_object": ctx.object_slug(rows[eid][0]),
            "created_at": rows[eid][2],
            "entry_values": _values(ctx, attrs, values[eid]),
        }
        for eid in entry_ids
    ]
