"""SQLite storage for the emulator: schema entities, records, entries and value rows, plus
the ``note`` and ``task`` tables (with a task's ``task_link``/``task_assignee`` rows) that
:mod:`~.handlers_notes` and :mod:`~.handlers_tasks` read and write, the ``webhook``
table of :mod:`~.handlers_webhooks` and the ``thread``/``comment`` tables of
:mod:`~.handlers_comments`.

The ``record``/``entry``/``value`` tables follow the emulator's internal contract (the filter
and sort compilers read them directly). Schema entities are kept as JSON rows and mirrored in
in-memory dicts, with per-workspace lookup indexes rebuilt only after a schema write.

Example:
    >>> store = Store(":memory:")
    >>> store.next_seq() < store.next_seq()
    True
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypeVar

from particle_orm.emulator.entities import (
    AttributeDef,
    ListDef,
    MemberDef,
    ObjectDef,
    OptionDef,
    StatusDef,
    Token,
    Workspace,
)
from particle_orm.emulator.filters import index_statements
from particle_orm.emulator.schema_view import AttributeInfo
from particle_orm.emulator.sorts import sort_index_statements

__all__ = ["Store", "StoreSchemaView", "ValueRow", "WorkspaceIndex"]

_DDL = """
CREATE TABLE IF NOT EXISTS record (workspace_id TEXT NOT NULL, object_id TEXT NOT NULL,
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS entry (workspace_id TEXT NOT NULL, list_id TEXT NOT NULL,
    id TEXT PRIMARY KEY, parent_object_id TEXT NOT NULL, parent_record_id TEXT NOT NULL,
    created_at TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS value (workspace_id TEXT NOT NULL, parent_kind TEXT NOT NULL,
    container_id TEXT NOT NULL, parent_id TEXT NOT NULL, attribute_id TEXT NOT NULL,
    ord INTEGER NOT NULL, active_from TEXT NOT NULL, active_until TEXT,
    actor_type TEXT, actor_id TEXT, attribute_type TEXT NOT NULL, data TEXT NOT NULL,
    sk_text TEXT, sk_num REAL);
CREATE INDEX IF NOT EXISTS value_by_parent ON value(parent_id, attribute_id, active_until);
CREATE INDEX IF NOT EXISTS value_by_attr_text ON value(attribute_id, sk_text);
CREATE INDEX IF NOT EXISTS value_by_attr_num ON value(attribute_id, sk_num);
CREATE INDEX IF NOT EXISTS record_by_object ON record(object_id, seq);
CREATE INDEX IF NOT EXISTS entry_by_list ON entry(list_id, seq);
CREATE INDEX IF NOT EXISTS entry_by_parent ON entry(parent_record_id);
CREATE INDEX IF NOT EXISTS value_by_ref_target ON value(sk_text)
    WHERE attribute_type = 'record-reference' AND active_until IS NULL;
CREATE TABLE IF NOT EXISTS schema_entity (kind TEXT NOT NULL, id TEXT NOT NULL,
    workspace_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE IF NOT EXISTS note (workspace_id TEXT NOT NULL, id TEXT PRIMARY KEY,
    parent_object_id TEXT NOT NULL, parent_record_id TEXT NOT NULL, title TEXT NOT NULL,
    meeting_id TEXT, content_plaintext TEXT NOT NULL, content_markdown TEXT NOT NULL,
    actor_type TEXT, actor_id TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS note_by_workspace ON note(workspace_id, created_at);
CREATE TABLE IF NOT EXISTS task (workspace_id TEXT NOT NULL, id TEXT PRIMARY KEY,
    content TEXT NOT NULL, deadline_at TEXT, is_completed INTEGER NOT NULL,
    actor_type TEXT, actor_id TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS task_by_workspace ON task(workspace_id, created_at);
CREATE TABLE IF NOT EXISTS task_link (task_id TEXT NOT NULL, ord INTEGER NOT NULL,
    object_id TEXT NOT NULL, record_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS task_link_by_task ON task_link(task_id, ord);
CREATE INDEX IF NOT EXISTS task_link_by_record ON task_link(record_id);
CREATE TABLE IF NOT EXISTS task_assignee (task_id TEXT NOT NULL, ord INTEGER NOT NULL,
    member_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS task_assignee_by_task ON task_assignee(task_id, ord);
CREATE TABLE IF NOT EXISTS webhook (workspace_id TEXT NOT NULL, id TEXT PRIMARY KEY,
    target_url TEXT NOT NULL, subscriptions TEXT NOT NULL, status TEXT NOT NULL,
    secret TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_by_workspace ON webhook(workspace_id, created_at);
CREATE TABLE IF NOT EXISTS thread (workspace_id TEXT NOT NULL, id TEXT PRIMARY KEY,
    object_id TEXT NOT NULL, record_id TEXT NOT NULL, list_id TEXT, entry_id TEXT,
    head_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS thread_by_record ON thread(record_id, created_at);
CREATE INDEX IF NOT EXISTS thread_by_entry ON thread(entry_id, created_at);
CREATE TABLE IF NOT EXISTS comment (workspace_id TEXT NOT NULL, id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL, content TEXT NOT NULL, author_type TEXT NOT NULL,
    author_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS comment_by_thread ON comment(thread_id, created_at);
"""

#: Tables of workspace data (everything but the schema entities), wiped by ``reset``.
_DATA_TABLES = (
    "record",
    "entry",
    "value",
    "note",
    "task",
    "task_link",
    "task_assignee",
    "webhook",
    "thread",
    "comment",
)

_KINDS: dict[str, type[Any]] = {
    "workspace": Workspace,
    "token": Token,
    "object": ObjectDef,
    "attribute": AttributeDef,
    "option": OptionDef,
    "status": StatusDef,
    "list": ListDef,
    "member": MemberDef,
}
_E = TypeVar("_E")


class ValueRow(NamedTuple):
    """One stored value (current or historic)."""

    rowid: int
    parent_id: str
    attribute_id: str
    ord: int
    active_from: str
    active_until: str | None
    actor_type: str | None
    actor_id: str | None
    attribute_type: str
    data: dict[str, Any]


_VALUE_COLS = (
    "rowid, parent_id, attribute_id, ord, active_from, active_until, actor_type, actor_id, "
    "attribute_type, data"
)


def _row(r: Sequence[Any]) -> ValueRow:
    return ValueRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], json.loads(r[9]))


@dataclass
class WorkspaceIndex:
    """Lookup tables of one workspace, rebuilt after schema writes."""

    objects_by_slug: dict[str, ObjectDef] = field(default_factory=dict)
    objects_by_id: dict[str, ObjectDef] = field(default_factory=dict)
    lists_by_slug: dict[str, ListDef] = field(default_factory=dict)
    lists_by_id: dict[str, ListDef] = field(default_factory=dict)
    attributes: dict[str, list[AttributeDef]] = field(default_factory=dict)  # by container
    attrs_by_key: dict[tuple[str, str], AttributeDef] = field(default_factory=dict)
    options: dict[str, list[OptionDef]] = field(default_factory=dict)  # by attribute
    statuses: dict[str, list[StatusDef]] = field(default_factory=dict)
    members: list[MemberDef] = field(default_factory=list)


class Store:
    """The emulator's database: one SQLite connection plus cached schema entities.

    Example:
        >>> s = Store()
        >>> s.put(Workspace("w", "W", "w", "t"))
        >>> s.get(Workspace, "w").name
        'W'
    """

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.lock = threading.RLock()
        self.db.executescript(_DDL)
        # Partial expression indexes the filter and sort compilers emit matching SQL for.
        for statement in (*index_statements(), *sort_index_statements()):
            self.db.execute(statement)
        self.db.execute(
            "PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA foreign_keys=0"
        )
        if path != ":memory:":
            # With WAL, NORMAL syncs at checkpoints rather than every commit: a crash of the
            # process loses nothing, only a power cut can lose the last writes (0.9 → 0.6 ms
            # per create on a file database).
            self.db.execute("PRAGMA synchronous=NORMAL")
        self._entities: dict[type[Any], dict[str, Any]] = {cls: {} for cls in _KINDS.values()}
        self._tokens_by_secret: dict[str, Token] = {}
        self._indexes: dict[str, WorkspaceIndex] = {}
        self._has_webhooks: dict[str, bool] = {}
        for kind, data in self.db.execute("SELECT kind, data FROM schema_entity"):
            self._cache(_KINDS[kind](**json.loads(data)))
        row = self.db.execute(
            "SELECT max(s) FROM (SELECT max(seq) s FROM record "
            "UNION ALL SELECT max(seq) FROM entry)"
        ).fetchone()
        self._seq = int(row[0] or 0)

    # -- schema entities -------------------------------------------------------------------

    def _cache(self, entity: Any) -> None:
        self._entities[type(entity)][entity.id] = entity
        if isinstance(entity, Token):
            self._tokens_by_secret[entity.secret] = entity

    def put(self, entity: Any) -> None:
        """Insert or update a schema entity (and invalidate its workspace's indexes)."""
        kind = next(k for k, cls in _KINDS.items() if cls is type(entity))
        ws = entity.id if isinstance(entity, Workspace) else entity.workspace_id
        self.db.execute(
            "INSERT OR REPLACE INTO schema_entity (kind, id, workspace_id, data) VALUES (?,?,?,?)",
            (kind, entity.id, ws, json.dumps(dataclasses.asdict(entity))),
        )
        self._cache(entity)
        self._indexes.pop(ws, None)

    def get(self, cls: type[_E], ident: str) -> _E | None:
        """A cached entity by id."""
        found: _E | None = self._entities[cls].get(ident)
        return found

    def all(self, cls: type[_E]) -> list[_E]:
        """All cached entities of one kind."""
        return list(self._entities[cls].values())

    def token(self, secret: str) -> Token | None:
        """The token with this secret."""
        return self._tokens_by_secret.get(secret)

    def index(self, workspace_id: str) -> WorkspaceIndex:
        """The lookup tables of one workspace."""
        idx = self._indexes.get(workspace_id)
        if idx is not None:
            return idx
        idx = WorkspaceIndex()
        for o in self._entities[ObjectDef].values():
            if o.workspace_id == workspace_id:
                idx.objects_by_id[o.id] = o
                idx.objects_by_slug[o.api_slug] = o
        for lst in self._entities[ListDef].values():
            if lst.workspace_id == workspace_id:
                idx.lists_by_id[lst.id] = lst
                idx.lists_by_slug[lst.api_slug] = lst
        attrs = sorted(
            (a for a in self._entities[AttributeDef].values() if a.workspace_id == workspace_id),
            key=lambda a: (a.position, a.created_at),
        )
        for a in attrs:
            idx.attributes.setdefault(a.parent_id, []).append(a)
            idx.attrs_by_key[(a.parent_id, a.id)] = a
            idx.attrs_by_key[(a.parent_id, a.api_slug)] = a
        for opt in self._entities[OptionDef].values():
            if opt.workspace_id == workspace_id:
                idx.options.setdefault(opt.attribute_id, []).append(opt)
        for st in self._entities[StatusDef].values():
            if st.workspace_id == workspace_id:
                idx.statuses.setdefault(st.attribute_id, []).append(st)
        idx.members = [
            m for m in self._entities[MemberDef].values() if m.workspace_id == workspace_id
        ]
        self._indexes[workspace_id] = idx
        return idx

    def wipe(self) -> None:
        """Delete everything (``Emulator.reset``)."""
        for table in (*_DATA_TABLES, "schema_entity"):
            self.db.execute(f"DELETE FROM {table}")
        for bucket in self._entities.values():
            bucket.clear()
        self._tokens_by_secret.clear()
        self._indexes.clear()
        self._has_webhooks.clear()
        self._seq = 0

    # -- webhooks --------------------------------------------------------------------------

    def has_webhooks(self, workspace_id: str) -> bool:
        """Whether the workspace has a webhook that can receive events (cached: a dict
        lookup on the write path, so workspaces without webhooks pay nothing for events).

        Example:
            >>> Store().has_webhooks("w")
            False
        """
        found = self._has_webhooks.get(workspace_id)
        if found is None:
            row = self.db.execute(
                "SELECT 1 FROM webhook WHERE workspace_id=? AND status!='inactive' LIMIT 1",
                (workspace_id,),
            ).fetchone()
            found = self._has_webhooks[workspace_id] = row is not None
        return found

    def webhooks_changed(self, workspace_id: str) -> None:
        """Forget the cached :meth:`has_webhooks` answer after a webhook write."""
        self._has_webhooks.pop(workspace_id, None)

    # -- records, entries, values ----------------------------------------------------------

    def next_seq(self) -> int:
        """The next insertion sequence number (the default order of query results)."""
        self._seq += 1
        return self._seq

    def insert_record(self, workspace_id: str, object_id: str, record_id: str, at: str) -> None:
        """Add a record row."""
        self.db.execute(
            "INSERT INTO record (workspace_id, object_id, id, created_at, seq) VALUES (?,?,?,?,?)",
            (workspace_id, object_id, record_id, at, self.next_seq()),
        )

    def insert_entry(
        self,
        workspace_id: str,
        list_id: str,
        entry_id: str,
        parent_object_id: str,
        parent_record_id: str,
        at: str,
    ) -> None:
        """Add an entry row."""
        self.db.execute(
            "INSERT INTO entry (workspace_id, list_id, id, parent_object_id, parent_record_id, "
            "created_at, seq) VALUES (?,?,?,?,?,?,?)",
            (
                workspace_id,
                list_id,
                entry_id,
                parent_object_id,
                parent_record_id,
                at,
                self.next_seq(),
            ),
        )

    def record_row(self, workspace_id: str, record_id: str) -> tuple[str, str] | None:
        """``(object_id, created_at)`` of a record in this workspace."""
        row = self.db.execute(
            "SELECT object_id, created_at FROM record WHERE id=? AND workspace_id=?",
            (record_id, workspace_id),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def entry_row(self, workspace_id: str, entry_id: str) -> tuple[str, str, str, str] | None:
        """``(list_id, parent_object_id, parent_record_id, created_at)`` of an entry."""
        row = self.db.execute(
            "SELECT list_id, parent_object_id, parent_record_id, created_at FROM entry "
            "WHERE id=? AND workspace_id=?",
            (entry_id, workspace_id),
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def entries_for_parent(
        self, workspace_id: str, record_id: str, list_id: str | None = None
    ) -> list[tuple[str, str, str]]:
        """``(entry_id, list_id, created_at)`` of a record's entries, oldest first."""
        sql = (
            "SELECT id, list_id, created_at FROM entry WHERE parent_record_id=? AND workspace_id=?"
        )
        params: list[Any] = [record_id, workspace_id]
        if list_id is not None:
            sql += " AND list_id=?"
            params.append(list_id)
        return [(r[0], r[1], r[2]) for r in self.db.execute(sql + " ORDER BY seq", params)]

    def delete_parent(self, kind: Literal["record", "entry"], parent_id: str) -> None:
        """Hard-delete a record or entry with all its values."""
        self.db.execute(f"DELETE FROM {kind} WHERE id=?", (parent_id,))
        self.db.execute("DELETE FROM value WHERE parent_id=?", (parent_id,))

    def current_values(self, parent_id: str, attribute_id: str) -> list[ValueRow]:
        """The active values of one attribute, in ``ord`` order."""
        return [
            _row(r)
            for r in self.db.execute(
                f"SELECT {_VALUE_COLS} FROM value WHERE parent_id=? AND attribute_id=? "
                "AND active_until IS NULL ORDER BY ord, rowid",
                (parent_id, attribute_id),
            )
        ]

    def reference_summary(
        self, parent_id: str, attribute_id: str, target_record_id: str
    ) -> tuple[bool, int]:
        """For a record-reference attribute: whether a current value points at
        ``target_record_id`` (its ``sk_text``), and the highest current ``ord`` (-1 if none)."""
        row = self.db.execute(
            "SELECT max(sk_text = ?), max(ord) FROM value WHERE parent_id=? AND attribute_id=? "
            "AND active_until IS NULL",
            (target_record_id, parent_id, attribute_id),
        ).fetchone()
        return bool(row[0]), -1 if row[1] is None else int(row[1])

    def history(self, parent_id: str, attribute_id: str, *, historic: bool) -> list[ValueRow]:
        """Values of one attribute oldest→newest; with ``historic`` also ended ones."""
        cond = "" if historic else " AND active_until IS NULL"
        return [
            _row(r)
            for r in self.db.execute(
                f"SELECT {_VALUE_COLS} FROM value WHERE parent_id=? AND attribute_id=?{cond} "
                "ORDER BY active_from, rowid",
                (parent_id, attribute_id),
            )
        ]

    def values_for(self, parent_ids: Sequence[str]) -> dict[str, dict[str, list[ValueRow]]]:
        """All active values of many parents in one query: parent → attribute → rows."""
        out: dict[str, dict[str, list[ValueRow]]] = {p: {} for p in parent_ids}
        for start in range(0, len(parent_ids), 900):
            chunk = parent_ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT {_VALUE_COLS} FROM value WHERE parent_id IN ({marks}) "
                "AND active_until IS NULL ORDER BY ord, rowid",
                chunk,
            ):
                out[r[1]].setdefault(r[2], []).append(_row(r))
        return out

    def insert_values(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert value rows: ``(workspace_id, parent_kind, container_id, parent_id,
        attribute_id, ord, active_from, actor_type, actor_id, attribute_type, data_json,
        sk_text, sk_num)``."""
        self.db.executemany(
            "INSERT INTO value (workspace_id, parent_kind, container_id, parent_id, attribute_id, "
            "ord, active_from, actor_type, actor_id, attribute_type, data, sk_text, sk_num) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def end_values(self, rowids: Iterable[int], at: str) -> None:
        """Mark values historic as of ``at``."""
        self.db.executemany(
            "UPDATE value SET active_until=? WHERE rowid=?", [(at, r) for r in rowids]
        )

    def parents_with_key(
        self, attribute_id: str, *, text: str | None = None, num: float | None = None
    ) -> list[str]:
        """Parents whose active value of ``attribute_id`` has this sort/equality key."""
        if text is not None:
            sql, key = "sk_text=?", text
        else:
            sql, key = "sk_num=?", num  # type: ignore[assignment]
        rows = self.db.execute(
            f"SELECT DISTINCT parent_id FROM value WHERE attribute_id=? AND {sql} "
            "AND active_until IS NULL",
            (attribute_id, key),
        )
        return [r[0] for r in rows]


class StoreSchemaView:
    """The filter/sort compilers' view of one workspace's schema (the ``SchemaView`` protocol).

    Example:
        >>> view = StoreSchemaView(Store(), "w")
        >>> view.object_id("people") is None
        True
    """

    def __init__(self, store: Store, workspace_id: str) -> None:
        self.store = store
        self.workspace_id = workspace_id

    @property
    def _idx(self) -> WorkspaceIndex:
        return self.store.index(self.workspace_id)

    def attribute(
        self, kind: Literal["object", "list"], container_id: str, key: str
    ) -> AttributeInfo | None:
        """An attribute of an object or list by slug or id; None if unknown or archived."""
        a = self._idx.attrs_by_key.get((container_id, key))
        if a is None or a.is_archived or a.parent_kind != kind:
            return None
        return AttributeInfo(
            attribute_id=a.id,
            api_slug=a.api_slug,
            type=a.type,
            is_multiselect=a.is_multiselect,
            allowed_object_ids=tuple(a.allowed_object_ids or ()),
        )

    def object_id(self, key: str) -> str | None:
        """Object slug or id → object id."""
        idx = self._idx
        obj = idx.objects_by_slug.get(key) or idx.objects_by_id.get(key)
        return obj.id if obj else None

    def object_slug(self, object_id: str) -> str | None:
        """Object id → slug."""
        obj = self._idx.objects_by_id.get(object_id)
        return obj.api_slug if obj else None

    def list_id(self, key: str) -> str | None:
        """List slug or id → list id."""
        idx = self._idx
        lst = idx.lists_by_slug.get(key) or idx.lists_by_id.get(key)
        return lst.id if lst else None

    def list_parent_object_ids(self, list_id: str) -> tuple[str, ...]:
        """The parent object ids of a list."""
        lst = self._idx.lists_by_id.get(list_id)
        return (lst.parent_object_id,) if lst else ()

    def status_id(self, attribute_id: str, title_or_id: str) -> str | None:
        """A status by exact title or id."""
        for st in self._idx.statuses.get(attribute_id, []):
            if title_or_id in (st.id, st.title):
                return st.id
        return None

    def option_id(self, attribute_id: str, title_or_id: str) -> str | None:
        """A select option by exact title or id."""
        for opt in self._idx.options.get(attribute_id, []):
            if title_or_id in (opt.id, opt.title):
                return opt.id
        return None
