"""The particle_orm pytest plugin: emulator-backed fixtures and the ``attio_seed`` marker.

Registered through the ``pytest11`` entry point, so installing particle-orm is enough
(``-p particle_orm.testing.plugin`` loads it explicitly). Fixtures (all function-scoped,
so every test starts from an empty workspace with the standard objects):

``attio_emulator``
    A fresh :class:`~particle_orm.emulator.Emulator` (ids seeded from the test's node id,
    so a test sees the same ids on every run), seeded from the ``attio_seed`` marker.
``attio_client`` / ``attio_async_client``
    An ``AttioClient`` / ``AsyncAttioClient`` on that emulator (no client-side throttling;
    requests logged for ``assert_num_requests``), also the default client of ``make()``.
``attio`` / ``attio_async``
    A ``particle_orm.session.Session`` / ``AsyncSession`` over that client, bound (entered)
    for the whole test so ``Model.objects`` queries go through it. It never commits by
    itself: call ``commit()``.
``attio_seeded``
    What the ``attio_seed`` marker created: ``{"people": [record, ...], ...}``.
``attio_served``
    The emulator served over real HTTP on 127.0.0.1 (for vcrpy recording, subprocesses).

Example::

    import pytest
    from particle_orm.standard import Company
    from particle_orm.testing import assert_num_requests, make

    @pytest.mark.attio_seed(companies=[{"name": "Acme", "domains": ["acme.com"]}])
    def test_lookup(attio_client, attio_seeded):
        acme_id = attio_seeded["companies"][0]["id"]["record_id"]
        with assert_num_requests(1, attio_client):
            assert attio_client.get_record("companies", acme_id)["values"]["name"]
        assert make(Company).name.startswith("Test Company")
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from particle_orm.client import AsyncAttioClient, AttioClient
from particle_orm.emulator import Emulator
from particle_orm.testing._counting import RequestLog
from particle_orm.testing._factories import use_client
from particle_orm.testing._seed import Seeded, seed_emulator
from particle_orm.testing._server import ServedEmulator, served_emulator

__all__ = [
    "attio",
    "attio_async",
    "attio_async_client",
    "attio_client",
    "attio_emulator",
    "attio_seeded",
    "attio_served",
    "pytest_configure",
]

_SEEDED = pytest.StashKey[Seeded]()


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``attio_seed`` marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        "attio_seed(fixture=None, /, **records): seed the attio_emulator before the test; "
        "`fixture` is an Emulator.load_fixture dict, `records` maps an object slug to a list "
        "of Attio input value dicts (see the attio_seeded fixture).",
    )


@pytest.fixture
def attio_emulator(request: pytest.FixtureRequest) -> Emulator:
    """A fresh emulator for this test, seeded from its ``attio_seed`` markers."""
    emulator = Emulator(seed=request.node.nodeid)
    seeded: Seeded = {}
    # Closest marker last, so a function's marker adds to (and follows) its class's.
    for marker in reversed(list(request.node.iter_markers("attio_seed"))):
        if len(marker.args) > 1:
            raise pytest.UsageError("attio_seed takes at most one positional fixture dict")
        fixture = marker.args[0] if marker.args else None
        for slug, records in seed_emulator(emulator, fixture, **marker.kwargs).items():
            seeded.setdefault(slug, []).extend(records)
    request.node.stash[_SEEDED] = seeded
    return emulator


@pytest.fixture
def attio_seeded(request: pytest.FixtureRequest, attio_emulator: Emulator) -> Seeded:
    """Records created by the ``attio_seed`` marker: slug -> list of record dicts."""
    seeded: Seeded = request.node.stash.get(_SEEDED, {})
    return seeded


@pytest.fixture
def attio_client(attio_emulator: Emulator) -> Iterator[AttioClient]:
    """An ``AttioClient`` on ``attio_emulator``; the default client of ``make()``."""
    log = RequestLog()
    client: AttioClient = attio_emulator.client(rate_limits=None, on_response=log.on_response)
    log.watch(client)
    try:
        with use_client(client):
            yield client
    finally:
        client.close()


@pytest.fixture
def attio_async_client(attio_emulator: Emulator) -> Iterator[AsyncAttioClient]:
    """An ``AsyncAttioClient`` on ``attio_emulator``; the default client of ``amake()``.

    A plain (sync) fixture, so it works without an async fixture plugin; use it from
    ``async def`` tests.
    """
    log = RequestLog()
    client: AsyncAttioClient = attio_emulator.async_client(
        rate_limits=None, on_response=log.on_response
    )
    log.watch(client)
    try:
        with use_client(client):
            yield client
    finally:
        # The in-process transport holds no sockets; closing just marks the client closed.
        asyncio.run(client.aclose())


def _session_class(name: str, fixture: str, instead: str) -> Any:
    try:
        return getattr(importlib.import_module("particle_orm.session"), name)
    except (ImportError, AttributeError) as exc:
        pytest.fail(
            f"the `{fixture}` fixture needs particle_orm.session.{name}, which this install "
            f"does not provide ({type(exc).__name__}: {exc}); use `{instead}` instead",
            pytrace=False,
        )


def _entered(session: Any) -> Iterator[Any]:
    # Entering binds the session, so `Model.objects` queries in the test go through it.
    enter = getattr(session, "__enter__", None)
    bound = enter() if enter is not None else None
    try:
        yield bound if bound is not None else session
    finally:
        if enter is not None:
            session.__exit__(None, None, None)


@pytest.fixture
def attio(attio_client: AttioClient) -> Iterator[Any]:
    """A fresh ``Session`` over ``attio_client``, entered (bound) for the whole test."""
    session_cls = _session_class("Session", "attio", "attio_client")
    yield from _entered(session_cls(attio_client))


@pytest.fixture
def attio_async(attio_async_client: AsyncAttioClient) -> Iterator[Any]:
    """A fresh ``AsyncSession`` over ``attio_async_client``, bound for the whole test."""
    session_cls = _session_class("AsyncSession", "attio_async", "attio_async_client")
    yield from _entered(session_cls(attio_async_client))


@pytest.fixture
def attio_served(attio_emulator: Emulator) -> Iterator[ServedEmulator]:
    """``attio_emulator`` served over HTTP on 127.0.0.1 (``.base_url``, ``.token``)."""
    with served_emulator(attio_emulator) as served:
        yield served
