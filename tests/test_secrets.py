"""The API token never leaks: not into logs, reprs, exception text or cassettes.

One recognisable token drives the whole flow (sync and async clients, the session,
retries, every error path, a recorded cassette) with DEBUG logging on for every logger,
over real HTTP so httpx and httpcore log too. Then every captured text is searched for the
token and for any 12-character piece of it (the client shows at most the last 4).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import traceback
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from particle_orm.client import (
    AmbiguousWriteError,
    AsyncAttioClient,
    AttioClient,
    AttioError,
    AuthenticationError,
    NotFoundError,
    UniquenessConflictError,
    ValidationError,
    VirtualClock,
)
from particle_orm.emulator import Emulator
from particle_orm.standard import Company, Person
from particle_orm.testing import make, make_vcr, served_emulator

# Recognisable, 64 characters like an Attio key, and never a substring of anything else.
SECRET = "Zq7XwR3v" + "SECRETTOKEN" + "N9tL2mK8pB5cF1hJ6dG4sA0eYu3Wi7Oo1Pl5Kj9Hg2Fd6"
WRONG = "Wr0ngK3y" + "NOTTHEKEY" + "x8Yc4Vb2Nm6Qw1Er5Ty9Ui3Op7As0Df4Gh8Jk2Lz6Xc1Vb5"
WINDOW = 12
assert len(SECRET) == 64 and len(WRONG) == 64


def leaks(texts: Iterable[str], secret: str) -> list[str]:
    """The texts that contain ``secret`` or any WINDOW-long piece of it."""
    pieces = {secret[i : i + WINDOW] for i in range(len(secret) - WINDOW + 1)}
    return [t for t in texts if any(p in t for p in pieces)]


def _install_secret(emu: Emulator) -> None:
    default = emu.store.token(emu.token)
    assert default is not None
    with emu.store.lock:
        emu.store.put(dataclasses.replace(default, id=emu.ids.uuid(), secret=SECRET))


def _exception_texts(exc: BaseException) -> Iterator[str]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield from (repr(a) for a in current.args)
        yield from (f"{k}={v!r}" for k, v in vars(current).items())
        current = current.__cause__ or current.__context__
    yield "".join(traceback.format_exception(exc))


class Texts:
    """Everything the flow shows to a user: reprs and exception texts."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def show(self, *objects: Any) -> None:
        self.items += [repr(o) for o in objects] + [str(o) for o in objects]

    def expect(self, kind: type[BaseException], fn: Any, *args: Any, **kwargs: Any) -> None:
        with pytest.raises(kind) as info:
            fn(*args, **kwargs)
        self.items += list(_exception_texts(info.value))

    async def aexpect(self, kind: type[BaseException], coro: Any) -> None:
        with pytest.raises(kind) as info:
            await coro
        self.items += list(_exception_texts(info.value))


def _sync_flow(url: str, emu: Emulator, texts: Texts) -> None:
    # A virtual clock: 429 waits and backoffs cost no real time.
    clock = VirtualClock(datetime.now(timezone.utc))
    with AttioClient(SECRET, base_url=url, rate_limits=None, clock=clock) as client:
        texts.show(client, client.retry_policy, client.governor, client.stats)
        client.get_self()
        acme = client.assert_record(
            "companies", "domains", {"name": "Acme", "domains": ["acme.example"]}
        )
        rid = acme["id"]["record_id"]
        client.query_records("companies", filter={"name": "Acme"}, limit=5)
        client.patch_record("companies", rid, {"description": "Rockets"})
        client.put_record("companies", rid, {"description": "Rockets!"})
        list(client.iter_records("companies", page_size=1))
        client.list_record_attribute_values("companies", rid, "description", show_historic=True)

        texts.expect(
            NotFoundError, client.get_record, "people", "0f8fad5b-d9cb-469f-a165-70867728950e"
        )
        texts.expect(ValidationError, client.create_record, "people", {"email_addresses": ["bad"]})
        texts.expect(
            UniquenessConflictError,
            client.create_record,
            "companies",
            {"domains": ["acme.example"]},
        )
        emu.faults.rate_limit()
        client.get_object("people")  # 429, then retried after Retry-After
        emu.faults.server_error(503, json_body=False)
        client.list_objects()  # 503, then retried (idempotent)
        emu.faults.server_error(500, method="POST")
        texts.expect(AmbiguousWriteError, client.create_record, "companies", {"name": "Maybe"})
        emu.faults.drop_response(method="POST")
        texts.expect(AmbiguousWriteError, client.create_record, "companies", {"name": "Dropped"})
        emu.faults.clear()

        # The unit-of-work layer on top of the same client.
        from particle_orm.session import Session

        with Session(client) as session:
            person = Person(name="Lovelace, Ada", email_addresses=["ada@acme.example"])
            session.add(person)
            texts.show(session, session.plan())
            texts.show(session.commit())
            person.job_title = "Engineer"
            texts.show(session.commit())
            session.delete(person)
            texts.show(session.commit())
        texts.show(make(Company, client=client), client.stats)
        client.delete_record("companies", rid)

    with AttioClient(WRONG, base_url=url) as intruder:
        texts.show(intruder)
        texts.expect(AuthenticationError, intruder.get_self)


async def _async_flow(url: str, texts: Texts) -> None:
    async with AsyncAttioClient(SECRET, base_url=url, rate_limits=None) as client:
        texts.show(client)
        await client.get_self()
        created = await client.create_record("people", {"email_addresses": ["grace@x.example"]})
        await client.delete_record("people", created["id"]["record_id"])
        await texts.aexpect(NotFoundError, client.get_object("no_such_object"))
    async with AsyncAttioClient(WRONG, base_url=url) as intruder:
        await texts.aexpect(AuthenticationError, intruder.get_self())


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    # Every logger, including httpx/httpcore/uvicorn, at DEBUG.
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "uvicorn", "uvicorn.error", "particle_orm"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def test_the_token_appears_nowhere(
    debug_logs: pytest.LogCaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu = Emulator(seed="secrets")
    _install_secret(emu)
    texts = Texts()
    cassette = tmp_path / "flow.yaml"
    with served_emulator(emu, log_level="debug") as served:
        with make_vcr(record_mode="all").use_cassette(str(cassette)):
            _sync_flow(served.base_url, emu, texts)
            asyncio.run(_async_flow(served.base_url, texts))
        texts.show(served, emu, emu.workspace, *emu.journal.entries)

    # The token from the environment: used by the client, never shown either.
    monkeypatch.setenv("ATTIO_API_KEY", SECRET)
    with AttioClient(transport=emu.transport()) as from_env:
        texts.show(from_env)
        assert from_env.get_self()["active"] is True

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    logs = [formatter.format(r) for r in debug_logs.records]
    logs += [repr(r.args) for r in debug_logs.records]
    recorded = cassette.read_text(encoding="utf-8")

    # The flow really ran and was really observed.
    assert len(texts.items) > 50
    assert any(r.name.startswith("httpcore") for r in debug_logs.records)
    assert any(r.name == "particle_orm.client" for r in debug_logs.records)
    assert any("retrying" in line for line in logs)
    assert recorded.count("uri:") > 20

    for secret in (SECRET, WRONG):
        assert leaks(logs, secret) == []
        assert leaks(texts.items, secret) == []
        assert leaks([recorded], secret) == []


def test_the_leak_check_can_fail() -> None:
    assert leaks([f"Authorization: Bearer {SECRET}"], SECRET)
    assert leaks([f"token={SECRET[20:40]}"], SECRET)
    assert leaks([f"shown as …{SECRET[-4:]}"], SECRET) == []


def test_a_leaking_log_record_is_caught(debug_logs: pytest.LogCaptureFixture) -> None:
    logging.getLogger("particle_orm.client").debug("sending with %s", SECRET)
    formatter = logging.Formatter("%(message)s")
    assert leaks([formatter.format(r) for r in debug_logs.records], SECRET)


def test_errors_carry_no_token_even_for_malformed_tokens() -> None:
    from particle_orm.client import ConfigurationError

    for bad in (f"{SECRET} ", f"{SECRET}\n"):
        with pytest.raises(ConfigurationError) as info:
            AttioClient(bad)
        assert leaks(list(_exception_texts(info.value)), SECRET) == []
    assert issubclass(ConfigurationError, AttioError)
