"""Which object id each object slug has, per workspace: completes references' composite ids.

Attio's record-reference values name their target by object *slug*
(``target_object: "companies"``), while a record's composite id needs the object *id*.
The query layer teaches this directory every pair it sees for free (each page of
records carries ``id.object_id`` next to the slug it was asked for; each attributes
listing carries the object id), so a reference decoded afterwards gets a full
``RecordId(workspace_id, object_id, record_id)`` without any request.

It is keyed by workspace id, so many workspaces in one process never mix: the same slug
has a different object id in every workspace.

Example:
    >>> d = ObjectDirectory()
    >>> d.learn("ws-1", "companies", "obj-a")
    >>> d.object_id("ws-1", "companies"), d.object_id("ws-2", "companies")
    ('obj-a', None)
"""

from __future__ import annotations

import threading

__all__ = ["ObjectDirectory", "object_directory"]


class ObjectDirectory:
    """``(workspace_id, object slug) → object_id``, learnt from responses (thread-safe).

    Example:
        >>> d = ObjectDirectory()
        >>> d.learn("w", "people", "o1")
        >>> d.object_id("w", "people")
        'o1'
    """

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def learn(self, workspace_id: str | None, slug: str | None, object_id: str | None) -> None:
        """Remember that ``slug`` names ``object_id`` in ``workspace_id`` (``None`` ignored)."""
        if not workspace_id or not slug or not object_id or slug == object_id:
            return
        key = (workspace_id, slug)
        if self._ids.get(key) != object_id:
            with self._lock:
                self._ids[key] = object_id

    def object_id(self, workspace_id: str | None, slug: str | None) -> str | None:
        """The object id ``slug`` has in ``workspace_id``, or ``None`` when not seen yet."""
        if workspace_id is None or slug is None:
            return None
        return self._ids.get((workspace_id, slug))

    def forget(self, workspace_id: str | None = None) -> None:
        """Forget one workspace (or, with no argument, every workspace)."""
        with self._lock:
            if workspace_id is None:
                self._ids.clear()
            else:
                for key in [k for k in self._ids if k[0] == workspace_id]:
                    del self._ids[key]

    def __len__(self) -> int:
        return len(self._ids)


#: The process-wide directory (object ids never change, so sharing it is safe).
object_directory = ObjectDirectory()
