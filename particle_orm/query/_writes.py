"""Where ``QuerySet.update`` / ``delete`` find the unit of work that runs them.

The query layer cannot import the session (it sits above), so the session package
registers a :class:`BulkWriter` here when it is imported (``import particle_orm`` does);
the QuerySet methods check their arguments, then hand the matched rows over.

Example:
    >>> bulk_writer() is not None  # particle_orm.session is imported by particle_orm
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

__all__ = ["BulkWriter", "bulk_writer", "register_bulk_writer"]


class BulkWriter(Protocol):
    """Runs the writes of ``QuerySet.update`` / ``delete`` (the session implements it)."""

    def update(self, client: Any, rows: list[Any], values: Mapping[str, Any]) -> int:
        """Set ``values`` on every row and commit; the number of rows updated."""

    async def aupdate(self, client: Any, rows: list[Any], values: Mapping[str, Any]) -> int:
        """Async twin of :meth:`update`."""

    def delete(self, client: Any, rows: list[Any]) -> int:
        """Delete every row; the number deleted."""

    async def adelete(self, client: Any, rows: list[Any]) -> int:
        """Async twin of :meth:`delete`."""


_writer: BulkWriter | None = None


def register_bulk_writer(writer: BulkWriter) -> None:
    """Install the writer (called by ``particle_orm.session`` at import)."""
    global _writer
    _writer = writer


def bulk_writer() -> BulkWriter | None:
    """The registered writer, or ``None`` before ``particle_orm.session`` is imported."""
    return _writer
