"""Secrets (issue 8, item 4), extending tests/test_secrets.py to the paths it does not walk.

tests/test_secrets.py drives the clients, a session's happy path, retries and error
responses over real HTTP. This adds the session's failure paths (``CommitError`` with
failed, ambiguous and skipped operations, ``resolve_ambiguous``), the async session, the
query layer (QuerySets, ``DoesNotExist``, decode errors), malformed responses and retries
exhausted, with DEBUG logging on, and searches every text for the token.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pytest

from particle_orm.client import (
    AsyncAttioClient,
    AttioClient,
    MalformedResponseError,
    RateLimitedError,
    RetryPolicy,
    ServerError,
    VirtualClock,
)
from particle_orm.emulator import Emulator
from particle_orm.errors import ParticleError
from particle_orm.session import AsyncSession, CommitError, Session
from particle_orm.standard import Company, Person
from tests.session._models import Pipeline, create_pipeline
from tests.test_secrets import SECRET, Texts, _install_secret, leaks


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "particle_orm"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def _emulator() -> Emulator:
    emu = Emulator(seed="secrets-flow")
    _install_secret(emu)
    with emu.client(rate_limits=None) as setup:
        create_pipeline(setup)
    return emu


def _clock() -> VirtualClock:
    # Starts at the emulator's (real) now, so Retry-After dates mean about a second.
    return VirtualClock(datetime.now(timezone.utc))


def _client(transport: httpx.BaseTransport, **kwargs: object) -> AttioClient:
    return AttioClient(
        SECRET,
        transport=transport,
        rate_limits=None,
        clock=_clock(),
        **kwargs,  # type: ignore[arg-type]
    )


def _session_failures(emu: Emulator, texts: Texts) -> None:
    with _client(emu.transport()) as client, Session(client) as session:
        acme = Company(name="Acme")  # no domain: a lost response leaves it ambiguous
        entry = Pipeline(parent=acme, note="first")
        dup = Person(email_addresses=["ada@example.com"])
        session.add_all([entry, dup])
        emu.faults.drop_response(method="POST", path_prefix="/v2/objects/companies")
        emu.faults.server_error(400, path_prefix="/v2/objects/people")  # typed, not retried
        with pytest.raises(CommitError) as caught:
            session.commit()
        assert [r.obj for r in caught.value.ambiguous] == [acme]
        assert [r.obj for r in caught.value.failed] == [dup]
        assert [r.obj for r in caught.value.not_attempted] == [entry]
        texts.show(caught.value, *caught.value.results, session, session.plan())
        texts.items.append(str(getattr(caught.value, "__notes__", "")))
        emu.faults.clear()
        found = client.query_records("companies", filter={"name": "Acme"})
        session.resolve_ambiguous(acme, record_id=found[0]["id"]["record_id"])
        texts.show(session.commit(), acme, entry, dup)

        # The query layer over the same client: reprs, misses, bad lookups.
        qs = Company.objects.filter(name__contains="Ac").order_by("name")
        texts.show(qs, list(qs), Company.objects.count())
        texts.expect(ParticleError, Company.objects.get, name="Nobody")
        texts.expect(ParticleError, lambda: list(Company.objects.filter(name__gt=3)))

    # Retries exhausted, and a broken body, with the token in the request headers.
    never = RetryPolicy(max_attempts=2, jitter=0)
    emu.faults.rate_limit(times=2)
    with _client(emu.transport(), retry=never) as client:
        texts.expect(RateLimitedError, client.get_self)
    emu.faults.server_error(503, times=2, json_body=False)
    with _client(emu.transport(), retry=never) as client:
        texts.expect(ServerError, client.list_objects)
    emu.faults.clear()
    garbage = httpx.MockTransport(lambda request: httpx.Response(200, content=b"<html>"))
    with _client(garbage) as client:
        texts.expect(MalformedResponseError, client.list_objects)


async def _async_session(emu: Emulator, texts: Texts) -> None:
    async with (
        AsyncAttioClient(
            SECRET, transport=emu.async_transport(), rate_limits=None, clock=_clock()
        ) as client,
        AsyncSession(client) as session,
    ):
        grace = Person(email_addresses=["grace@example.com"])
        session.add(grace)
        emu.faults.server_error(503, method="PUT")
        texts.show(await session.commit(), grace, session)
        emu.faults.drop_response(method="POST")
        other = Company(name="Lost")
        session.add(other)
        with pytest.raises(CommitError) as caught:
            await session.commit()
        texts.show(caught.value, *caught.value.results)
        await session.resolve_ambiguous(other)
        texts.show(await session.commit())


def test_session_and_query_failure_paths_never_show_the_token(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    emu = _emulator()
    texts = Texts()
    _session_failures(emu, texts)
    asyncio.run(_async_session(emu, texts))

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    logs = [formatter.format(r) for r in debug_logs.records]
    logs += [repr(r.args) for r in debug_logs.records]
    # The flow really ran and was observed (requests sent with the token, retries logged).
    assert len(texts.items) > 30
    assert any(r.name == "particle_orm.client" for r in debug_logs.records)
    assert any("retrying" in line for line in logs)
    assert emu.journal.count() > 15
    assert leaks(logs, SECRET) == []
    assert leaks(texts.items, SECRET) == []
