"""Notes, tasks and comment threads: what Attio keeps beside records, as immutable values.

``company.add_note(...)`` / ``company.notes()``, ``company.add_task(...)`` /
``company.tasks()`` and ``company.add_comment(...)`` / ``company.threads()`` (see
:class:`~particle_orm.models.Model`) return these; they are also built from the client's
JSON with ``from_api``.

Example:
    >>> note = Note.from_api({"id": {"workspace_id": "w", "note_id": "n1"},
    ...     "parent_object": "companies", "parent_record_id": "r1", "title": "Call",
    ...     "meeting_id": None, "content_plaintext": "Recap", "content_markdown": "Recap",
    ...     "tags": [], "created_by_actor": {"type": "api-token", "id": "t1"},
    ...     "created_at": "2024-05-01T09:30:00.000000000Z"})
    >>> note.id, note.title, note.created_at.isoformat()
    ('n1', 'Call', '2024-05-01T09:30:00.000000000Z')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timezone
from typing import Any

from particle_orm.values import Actor, Instant

__all__ = ["Comment", "LinkedRecord", "Note", "Task", "Thread"]


def _instant(text: Any) -> Instant | None:
    """Attio's timestamp, or a bare date (task deadlines may come as ``YYYY-MM-DD``)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return Instant.parse(text)
    except ValueError:
        day = date.fromisoformat(text[:10])
        return Instant(day.year, day.month, day.day, tzinfo=timezone.utc)


def _actor(raw: Any) -> Actor | None:
    if not isinstance(raw, dict):
        return None
    return Actor(raw.get("type") or raw.get("referenced_actor_type"), raw.get("id"))


@dataclass(frozen=True, slots=True)
class Note:
    """A note on a record.

    ``content_markdown`` keeps Attio's formatting; ``content_plaintext`` is the same text
    without it. ``tags`` are Attio's tag objects (workspace members or records mentioned).

    Example:
        >>> Note("n1", "w", "people", "r1", "Intro", "Hello", "Hello").parent_record_id
        'r1'
    """

    id: str
    workspace_id: str | None
    parent_object: str
    parent_record_id: str
    title: str
    content_plaintext: str
    content_markdown: str
    tags: tuple[dict[str, Any], ...] = ()
    meeting_id: str | None = None
    created_by: Actor | None = None
    created_at: Instant | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Note:
        """Build from a note object as Attio returns it."""
        ident = data.get("id") or {}
        return cls(
            id=str(ident.get("note_id", "")),
            workspace_id=ident.get("workspace_id"),
            parent_object=data.get("parent_object", ""),
            parent_record_id=data.get("parent_record_id", ""),
            title=data.get("title", ""),
            content_plaintext=data.get("content_plaintext", ""),
            content_markdown=data.get("content_markdown", ""),
            tags=tuple(t for t in data.get("tags") or () if isinstance(t, dict)),
            meeting_id=data.get("meeting_id"),
            created_by=_actor(data.get("created_by_actor")),
            created_at=_instant(data.get("created_at")),
        )


@dataclass(frozen=True, slots=True)
class LinkedRecord:
    """A record a task refers to: object id (or slug) and record id.

    Example:
        >>> LinkedRecord("o1", "r1").record_id
        'r1'
    """

    object_id: str
    record_id: str


@dataclass(frozen=True, slots=True)
class Task:
    """A task, linked to records and assigned to workspace members.

    Example:
        >>> Task("t1", "w", "Call back", None, False).is_completed
        False
    """

    id: str
    workspace_id: str | None
    content: str
    deadline_at: Instant | None
    is_completed: bool
    linked_records: tuple[LinkedRecord, ...] = ()
    assignees: tuple[Actor, ...] = ()
    created_by: Actor | None = None
    created_at: Instant | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Task:
        """Build from a task object as Attio returns it.

        Example:
            >>> t = Task.from_api({"id": {"task_id": "t1"}, "content_plaintext": "Call",
            ...     "deadline_at": "2023-01-01", "is_completed": False, "linked_records": [
            ...     {"target_object_id": "o1", "target_record_id": "r1"}], "assignees": [
            ...     {"referenced_actor_type": "workspace-member", "referenced_actor_id": "m1"}],
            ...     "created_by_actor": None, "created_at": "2022-11-21T13:22:49.061281000Z"})
            >>> t.deadline_at.isoformat(), t.linked_records[0].record_id, t.assignees[0].id
            ('2023-01-01T00:00:00.000000000Z', 'r1', 'm1')
        """
        ident = data.get("id") or {}
        return cls(
            id=str(ident.get("task_id", "")),
            workspace_id=ident.get("workspace_id"),
            content=data.get("content_plaintext", ""),
            deadline_at=_instant(data.get("deadline_at")),
            is_completed=bool(data.get("is_completed")),
            linked_records=tuple(
                LinkedRecord(r.get("target_object_id", ""), r.get("target_record_id", ""))
                for r in data.get("linked_records") or ()
                if isinstance(r, dict)
            ),
            assignees=tuple(
                Actor(a.get("referenced_actor_type"), a.get("referenced_actor_id"))
                for a in data.get("assignees") or ()
                if isinstance(a, dict)
            ),
            created_by=_actor(data.get("created_by_actor")),
            created_at=_instant(data.get("created_at")),
        )


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment of a thread; ``author`` wrote it (a workspace member, usually).

    Example:
        >>> c = Comment.from_api({"id": {"workspace_id": "w", "comment_id": "c1"},
        ...     "thread_id": "t1", "content_plaintext": "Signed!", "entry": None,
        ...     "record": {"record_id": "r1", "object_id": "o1"}, "resolved_at": None,
        ...     "resolved_by": {"type": None, "id": None},
        ...     "created_at": "2024-05-01T09:30:00.000000000Z",
        ...     "author": {"type": "workspace-member", "id": "m1"}})
        >>> c.content, c.record_id, c.author.id, c.is_resolved
        ('Signed!', 'r1', 'm1', False)
    """

    id: str
    thread_id: str
    content: str
    record_id: str | None
    entry_id: str | None
    author: Actor | None
    created_at: Instant | None
    resolved_at: Instant | None = None

    @property
    def is_resolved(self) -> bool:
        """Whether someone resolved the comment."""
        return self.resolved_at is not None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Comment:
        """Build from a comment object as Attio returns it."""
        ident = data.get("id") or {}
        record = data.get("record") or {}
        entry = data.get("entry") or {}
        return cls(
            id=str(ident.get("comment_id", "")),
            thread_id=str(data.get("thread_id", "")),
            content=data.get("content_plaintext", ""),
            record_id=record.get("record_id"),
            entry_id=entry.get("entry_id"),
            author=_actor(data.get("author")),
            created_at=_instant(data.get("created_at")),
            resolved_at=_instant(data.get("resolved_at")),
        )


@dataclass(frozen=True, slots=True)
class Thread:
    """A comment thread: its comments, oldest first.

    Example:
        >>> Thread("t1", (), None).comments
        ()
    """

    id: str
    comments: tuple[Comment, ...]
    created_at: Instant | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Thread:
        """Build from a thread object as Attio returns it."""
        ident = data.get("id") or {}
        return cls(
            id=str(ident.get("thread_id", "")),
            comments=tuple(
                Comment.from_api(c) for c in data.get("comments") or () if isinstance(c, dict)
            ),
            created_at=_instant(data.get("created_at")),
        )
