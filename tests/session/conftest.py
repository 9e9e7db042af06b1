"""Fixtures: an emulator with a ``pipeline`` list, and clients that never really sleep."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from particle_orm.client import AsyncAttioClient, AttioClient, VirtualClock
from particle_orm.emulator import Emulator, JournalEntry
from tests.session._models import create_pipeline


@pytest.fixture
def emu() -> Emulator:
    emulator = Emulator(seed=6)
    with emulator.client(rate_limits=None) as setup:
        create_pipeline(setup)
    emulator.journal.clear()
    return emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[AttioClient]:
    # A virtual clock makes retry backoff instant; no client-side rate limit in unit tests.
    with emu.client(rate_limits=None, clock=VirtualClock()) as c:
        yield c


@pytest.fixture
async def aclient(emu: Emulator) -> AsyncIterator[AsyncAttioClient]:
    async with emu.async_client(rate_limits=None, clock=VirtualClock()) as c:
        yield c


def writes(emu: Emulator) -> list[JournalEntry]:
    """Journal entries of write requests (not record/entry queries)."""
    return [
        e
        for e in emu.journal
        if e.method in ("POST", "PUT", "PATCH", "DELETE") and not e.path.endswith("/query")
    ]


def calls(emu: Emulator) -> list[tuple[str, str]]:
    """(method, path) of every write, in order."""
    return [(e.method, e.path) for e in writes(emu)]


def count_records(client: AttioClient, object: str, filter: dict[str, Any]) -> int:
    return len(client.query_records(object, filter=filter))
