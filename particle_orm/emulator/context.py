"""The per-request view of one workspace: lookups, the calling token, the clock and ids.

Example:
    >>> from particle_orm.emulator.store import Store
    >>> ctx = WorkspaceContext(Store(), "w", actor_id="t", now="t0", new_id=lambda: "x")
    >>> ctx.actor
    {'type': 'api-token', 'id': 't'}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from particle_orm.emulator.entities import (
    AttributeDef,
    ListDef,
    MemberDef,
    ObjectDef,
    OptionDef,
    StatusDef,
)
from particle_orm.emulator.errors import AttioError, not_found
from particle_orm.emulator.store import Store, StoreSchemaView, WorkspaceIndex

__all__ = ["WorkspaceContext"]


class WorkspaceContext:
    """Everything a handler needs about the calling workspace (implements ``ValueContext``)."""

    def __init__(
        self,
        store: Store,
        workspace_id: str,
        *,
        actor_id: str | None,
        now: str,
        new_id: Callable[[], str],
        actor_type: str = "api-token",
    ) -> None:
        self.store = store
        self.workspace_id = workspace_id
        self.actor_id = actor_id
        self.actor_type = actor_type
        self.now = now
        self.new_id = new_id
        self.schema = StoreSchemaView(store, workspace_id)
        self.events: list[dict[str, Any]] = []
        """Webhook events of this request's writes (only while the workspace has webhooks)."""

    @property
    def idx(self) -> WorkspaceIndex:
        """The workspace's lookup tables (cached by the store)."""
        return self.store.index(self.workspace_id)

    @property
    def actor(self) -> dict[str, Any]:
        """The calling token as Attio's ``created_by_actor``."""
        return {"type": self.actor_type, "id": self.actor_id}

    # -- webhook events --------------------------------------------------------------------

    def emit(self, event_type: str, ids: dict[str, str], **extra: Any) -> None:
        """Note one webhook event of this write, shaped like Attio's delivery ``events[0]``
        (``{event_type, id: {workspace_id, ...ids}, ...extra, actor}``). A no-op (one dict
        lookup) while the workspace has no webhook; the emulator delivers the events once
        the write has committed.

        Example:
            >>> from particle_orm.emulator.store import Store
            >>> ctx = WorkspaceContext(Store(), "w", actor_id="t", now="t0", new_id=str)
            >>> ctx.emit("task.created", {"task_id": "x"})
            >>> ctx.events
            []
        """
        if not self.store.has_webhooks(self.workspace_id):
            return
        event: dict[str, Any] = {
            "event_type": event_type,
            "id": {"workspace_id": self.workspace_id, **ids},
        }
        event.update(extra)
        event["actor"] = self.actor
        self.events.append(event)

    def emit_entry(self, suffix: str, list_id: str, entry_id: str, **ids: str) -> None:
        """Note a ``list-entry.<suffix>`` event (the entry row must still exist)."""
        if not self.store.has_webhooks(self.workspace_id):
            return
        row = self.store.entry_row(self.workspace_id, entry_id)
        parent_object_id, parent_record_id = (row[1], row[2]) if row else (None, None)
        self.emit(
            f"list-entry.{suffix}",
            {"list_id": list_id, "entry_id": entry_id, **ids},
            parent_object_id=parent_object_id,
            parent_record_id=parent_record_id,
        )

    # -- lookups that raise Attio's 404s ---------------------------------------------------

    def get_object(self, key: str) -> ObjectDef:
        """An object by slug or id, or 404."""
        obj = self.idx.objects_by_slug.get(key) or self.idx.objects_by_id.get(key)
        if obj is None:
            raise AttioError(404, "not_found", f'Object with slug/ID "{key}" not found.')
        return obj

    def get_list(self, key: str) -> ListDef:
        """A list by slug or id, or 404."""
        lst = self.idx.lists_by_slug.get(key) or self.idx.lists_by_id.get(key)
        if lst is None:
            raise AttioError(404, "not_found", f'List with slug/ID "{key}" not found.')
        return lst

    def container(self, target: str, key: str) -> tuple[str, str]:
        """``("object"|"list", id)`` for an attributes path's ``{target}/{identifier}``."""
        if target == "objects":
            return "object", self.get_object(key).id
        return "list", self.get_list(key).id

    def attributes(self, container_id: str, *, archived: bool = False) -> list[AttributeDef]:
        """Attributes of an object or list in UI order (active ones unless ``archived``)."""
        attrs = self.idx.attributes.get(container_id, [])
        return list(attrs) if archived else [a for a in attrs if not a.is_archived]

    def attribute(self, container_id: str, key: str) -> AttributeDef | None:
        """An attribute by slug or id (archived ones included)."""
        return self.idx.attrs_by_key.get((container_id, key))

    def get_attribute(self, container_id: str, key: str) -> AttributeDef:
        """An attribute by slug or id, or 404."""
        attr = self.attribute(container_id, key)
        if attr is None:
            raise AttioError(404, "not_found", f'Attribute with slug/ID "{key}" not found.')
        return attr

    def require_record(self, object_id: str, record_id: str) -> str:
        """The record's ``created_at``; 404 unless it exists in this object and workspace."""
        row = self.store.record_row(self.workspace_id, record_id)
        if row is None or row[0] != object_id:
            raise not_found("Record", record_id)
        return row[1]

    # -- ValueContext ----------------------------------------------------------------------

    def option(self, attribute_id: str, key: str) -> OptionDef | None:
        """A select option by exact title or id."""
        for opt in self.idx.options.get(attribute_id, []):
            if key in (opt.id, opt.title):
                return opt
        return None

    def status(self, attribute_id: str, key: str) -> StatusDef | None:
        """A status by exact title or id."""
        for st in self.idx.statuses.get(attribute_id, []):
            if key in (st.id, st.title):
                return st
        return None

    def object_slug(self, object_id: str) -> str | None:
        """Object id → slug."""
        return self.schema.object_slug(object_id)

    def object_id(self, key: str) -> str | None:
        """Object slug or id → id."""
        return self.schema.object_id(key)

    def record_exists(self, object_id: str, record_id: str) -> bool:
        """Whether the record exists in this object and workspace."""
        row = self.store.record_row(self.workspace_id, record_id)
        return row is not None and row[0] == object_id

    def match_records(self, object_id: str, attribute_key: str, raw: Any) -> list[str]:
        """Records of ``object_id`` whose ``attribute_key`` matches the value ``raw``."""
        from particle_orm.emulator.values import normalize, sort_keys

        attr = self.attribute(object_id, attribute_key)
        if attr is None or attr.is_archived:
            raise AttioError(
                400, "value_not_found", f'Cannot find attribute with slug/ID "{attribute_key}".'
            )
        if attr.type not in ("domain", "email-address", "number", "phone-number", "text"):
            raise AttioError(
                400,
                "validation_type",
                f'Attribute "{attr.api_slug}" of type {attr.type} cannot be used for matching.',
            )
        datas = normalize(attr, raw, self)
        if len(datas) != 1:
            raise AttioError(
                400, "validation_type", "A matching attribute needs exactly one value."
            )
        text, num = sort_keys(attr.type, datas[0])
        found = self.store.parents_with_key(attr.id, text=text, num=num)
        return [rid for rid in found if self.record_exists(object_id, rid)]

    def member(self, key: str) -> MemberDef | None:
        """A workspace member by id or (case-insensitive) email."""
        lowered = key.lower()
        for m in self.idx.members:
            if key == m.id or lowered == m.email_address.lower():
                return m
        return None
