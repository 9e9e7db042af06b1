"""``QuerySet.update`` and ``QuerySet.delete``: many rows written through one unit of work.

The rows are loaded first (the whole match, before any write: a write can change what
matches, and Attio pages by offset), then changed in a private session over the same
client, so the writes run concurrently within the write budget and a failure is reported
per row by :class:`~particle_orm.session.CommitError`, with what applied kept.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Company
    >>> client = Emulator(seed=3).client()
    >>> _ = client.create_record("companies", {"name": "Acme"})
    >>> Company.objects.using(client).filter(name="Acme").update(description="Rockets")
    1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from particle_orm.query._writes import register_bulk_writer
from particle_orm.session._async import AsyncSession
from particle_orm.session._sync import Session

__all__ = ["SessionBulkWriter"]


class SessionBulkWriter:
    """The :class:`~particle_orm.query._writes.BulkWriter` built on sessions."""

    def update(self, client: Any, rows: list[Any], values: Mapping[str, Any]) -> int:
        """Set ``values`` on every row; commit them in one private session."""
        if not rows:
            return 0
        session = Session(client)
        _stage_updates(session, rows, values)
        session.commit()
        return len(rows)

    async def aupdate(self, client: Any, rows: list[Any], values: Mapping[str, Any]) -> int:
        """Async twin of :meth:`update`."""
        if not rows:
            return 0
        session = AsyncSession(client)
        _stage_updates(session, rows, values)
        await session.commit()
        return len(rows)

    def delete(self, client: Any, rows: list[Any]) -> int:
        """Delete every row in one private session."""
        if not rows:
            return 0
        session = Session(client)
        for row in rows:
            session.delete(row)
        session.commit()
        return len(rows)

    async def adelete(self, client: Any, rows: list[Any]) -> int:
        """Async twin of :meth:`delete`."""
        if not rows:
            return 0
        session = AsyncSession(client)
        for row in rows:
            session.delete(row)
        await session.commit()
        return len(rows)


def _stage_updates(session: Any, rows: list[Any], values: Mapping[str, Any]) -> None:
    for row in rows:
        session.add(row)
        for name, value in values.items():
            setattr(row, name, value)


register_bulk_writer(SessionBulkWriter())
