"""The identity map: one instance per record or entry, keyed by its full composite id.

Example:
    >>> from particle_orm.standard import Company
    >>> imap = IdentityMap()
    >>> data = {"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"}, "values": {}}
    >>> imap.load(Company, data) is imap.load(Company, data)
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from particle_orm.values import EntryId, RecordId

__all__ = ["IdentityMap", "identity_of"]

T = TypeVar("T")


def identity_of(model: type[Any], data: dict[str, Any]) -> RecordId | EntryId:
    """The composite id of a record or entry as Attio returns it.

    Example:
        >>> from particle_orm.standard import Person
        >>> identity_of(Person, {"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"}})
        RecordId(workspace_id='w', object_id='o', record_id='r')
    """
    ident = data["id"]
    if model._meta.is_entry:
        return EntryId(ident["workspace_id"], ident["list_id"], ident["entry_id"])
    return RecordId(ident["workspace_id"], ident["object_id"], ident["record_id"])


class IdentityMap:
    """Instances by composite id, plus an index by (model, bare id) for cache lookups.

    Holds strong references: a session is meant to be short-lived (one request, one job),
    and an object with unsaved changes must not vanish because the caller dropped it.

    Example:
        >>> len(IdentityMap())
        0
    """

    def __init__(self) -> None:
        self._by_key: dict[Any, Any] = {}
        self._by_bare: dict[tuple[type[Any], str], Any] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._by_key.values()))

    def __contains__(self, obj: object) -> bool:
        key = getattr(obj, "_id", None)
        return key is not None and self._by_key.get(key) is obj

    def get(self, key: RecordId | EntryId) -> Any:
        """The instance with this composite id, or ``None``."""
        return self._by_key.get(key)

    def get_cached(self, model: type[T], ident: RecordId | EntryId | str) -> T | None:
        """The instance of ``model`` with this id (composite, or the bare record/entry id).

        Example:
            >>> from particle_orm.standard import Company
            >>> IdentityMap().get_cached(Company, "r") is None
            True
        """
        if isinstance(ident, str):
            found = self._by_bare.get((model, ident))
            if found is None:
                found = next(
                    (
                        o
                        for (m, i), o in self._by_bare.items()
                        if i == ident and issubclass(m, model)
                    ),
                    None,
                )
        else:
            found = self._by_key.get(ident)
        return found if isinstance(found, model) else None

    def add(self, obj: Any) -> Any:
        """Register ``obj`` (it must have an id); returns the instance now in the map.

        When another instance already holds the id (an assert matched a record loaded
        earlier), ``obj`` takes its place: it is the one the caller is holding.
        """
        key = obj._id
        if key is None:
            raise ValueError(f"{obj!r} has no id yet; only saved objects enter the identity map")
        self._by_key[key] = obj
        self._by_bare[(type(obj), key[2])] = obj
        return obj

    def load(self, model: type[T], data: dict[str, Any]) -> T:
        """The instance for ``data`` (an API record or entry): the mapped one refreshed, or new.

        An instance already in the map keeps its unsaved local changes; its other fields
        take the server's values.
        """
        key = identity_of(model, data)
        found = self._by_key.get(key)
        if found is not None and isinstance(found, model):
            found._apply_response(data, clean=False)  # type: ignore[attr-defined]
            return found
        obj = model.from_api(data)  # type: ignore[attr-defined]
        self._by_key[key] = obj
        self._by_bare[(type(obj), key[2])] = obj
        return obj  # type: ignore[no-any-return]

    def rekey(self, obj: Any, old: RecordId | EntryId | None) -> None:
        """Move ``obj`` to its current id (a response completed a partial id like
        ``RecordId(ws, None, rid)`` of a deferred reference)."""
        if old is not None and old != obj._id and self._by_key.get(old) is obj:
            del self._by_key[old]
        self.add(obj)

    def discard(self, obj: Any) -> None:
        """Forget ``obj`` (no error when it is not mapped)."""
        key = obj._id
        if key is not None and self._by_key.get(key) is obj:
            del self._by_key[key]
            bare = (type(obj), key[2])
            if self._by_bare.get(bare) is obj:
                del self._by_bare[bare]

    def clear(self) -> None:
        """Forget every instance."""
        self._by_key.clear()
        self._by_bare.clear()
