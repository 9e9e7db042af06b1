"""Malformed API responses (issue 8): a clear typed error, never a crash deep inside.

A real emulator serves every request except the ones a test targets, which get a broken
answer: not JSON, empty, an HTML 502, JSON without ``data``, ``data`` of the wrong type,
records missing ``id``/``values``, values of the wrong shape. The client, the query layer
and the session must each surface a ``ParticleError`` naming the problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from particle_orm.client import (
    APIError,
    AttioClient,
    MalformedResponseError,
    RetryPolicy,
    ServerError,
    VirtualClock,
)
from particle_orm.emulator import Emulator
from particle_orm.errors import DecodeError, ParticleError
from particle_orm.session import CommitError, Outcome, Session
from particle_orm.standard import Company

RECORD = "00000000-0000-4000-8000-0000000000aa"
_HTML = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


def _record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": {"workspace_id": "w", "object_id": "o", "record_id": RECORD},
        "created_at": "2024-01-01T00:00:00.000000000Z",
        "web_url": "https://app.attio.com/x",
        "values": {"name": [{"value": "Acme", "attribute_type": "text"}]},
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not _DROP}


_DROP = object()

#: name -> response. Each is wrong in one way a proxy, an outage or an API change produces.
BROKEN: dict[str, Callable[[], httpx.Response]] = {
    "not-json": lambda: httpx.Response(200, content=b"{not json"),
    "empty-body": lambda: httpx.Response(200, content=b""),
    "html-502": lambda: httpx.Response(502, content=_HTML, headers={"content-type": "text/html"}),
    "html-200": lambda: httpx.Response(200, content=_HTML, headers={"content-type": "text/html"}),
    "no-data-key": lambda: _json(200, {"records": []}),
    "data-null": lambda: _json(200, {"data": None}),
    "data-string": lambda: _json(200, {"data": "oops"}),
    "json-list": lambda: _json(200, [1, 2]),
    "record-without-id": lambda: _json(200, {"data": _record(id=_DROP)}),
    "record-id-not-object": lambda: _json(200, {"data": _record(id="abc")}),
    "record-without-values": lambda: _json(200, {"data": _record(values=_DROP)}),
    "values-not-object": lambda: _json(200, {"data": _record(values=[1])}),
    "value-not-list": lambda: _json(200, {"data": _record(values={"name": "Acme"})}),
    "value-item-wrong": lambda: _json(200, {"data": _record(values={"name": [7]})}),
    "value-missing-key": lambda: _json(200, {"data": _record(values={"name": [{}]})}),
    "error-not-json": lambda: httpx.Response(400, content=b"Bad Request"),
    "error-wrong-types": lambda: _json(404, {"code": 7, "message": ["x"], "type": None}),
}
#: Query endpoints answer lists: the same breakages, shaped for a page.
BROKEN_PAGES: dict[str, Callable[[], httpx.Response]] = {
    **{k: v for k, v in BROKEN.items() if not k.startswith(("record", "value"))},
    "data-object": lambda: _json(200, {"data": {"id": 1}}),
    "page-item-not-object": lambda: _json(200, {"data": [1, "x"]}),
    "page-record-without-id": lambda: _json(200, {"data": [_record(id=_DROP)]}),
    "page-values-not-object": lambda: _json(200, {"data": [_record(values="x")]}),
    "page-value-not-list": lambda: _json(200, {"data": [_record(values={"name": 3})]}),
    "page-value-missing-key": lambda: _json(200, {"data": [_record(values={"name": [{}]})]}),
}


class Breaking(httpx.BaseTransport):
    """Serves from an emulator, except requests matching ``method`` + ``pattern``."""

    def __init__(self, emu: Emulator, method: str, pattern: str, broken: httpx.Response) -> None:
        self.inner = emu.transport()
        self.method, self.pattern, self.broken = method, re.compile(pattern), broken
        self.hits = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == self.method and self.pattern.search(request.url.path):
            self.hits += 1
            return self.broken
        return self.inner.handle_request(request)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=21)


def _client(transport: httpx.BaseTransport, emu: Emulator) -> AttioClient:
    # No retries: a 502 is then reported at once, not after backoff.
    return AttioClient(
        emu.token,
        transport=transport,
        rate_limits=None,
        retry=RetryPolicy.disabled(),
        clock=VirtualClock(),
    )


def _assert_clear(exc: BaseException) -> None:
    assert isinstance(exc, ParticleError), f"{type(exc).__name__}: {exc}"
    assert str(exc), "the error must say what was wrong"
    if isinstance(exc, MalformedResponseError):
        assert exc.path.startswith("/v2/")


def _expected_kind(name: str) -> type[ParticleError]:
    if name == "html-502":
        return ServerError
    if name.startswith("error-"):
        return APIError
    return ParticleError


# --------------------------------------------------------------------------- client


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_client_get_record_reports_a_broken_answer(emu: Emulator, name: str) -> None:
    transport = Breaking(emu, "GET", r"/records/", BROKEN[name]())
    with _client(transport, emu) as client, pytest.raises(ParticleError) as caught:
        record = client.get_record("companies", RECORD)
        # The client returns ``data`` as plain JSON; shape problems inside a record are
        # the model layer's to report, so only check what the client promises.
        if not isinstance(record, dict):
            raise AssertionError(f"get_record returned {type(record).__name__} for {name}")
        raise _Accepted
    if caught.type is _Accepted:
        assert name.startswith(("record", "value"))
        return
    _assert_clear(caught.value)
    assert isinstance(caught.value, _expected_kind(name))


class _Accepted(ParticleError):
    """Marker: the client legitimately passed a record-shaped dict through."""


@pytest.mark.parametrize("name", sorted(BROKEN_PAGES))
def test_client_query_reports_a_broken_page_or_passes_a_list(emu: Emulator, name: str) -> None:
    transport = Breaking(emu, "POST", r"/records/query$", BROKEN_PAGES[name]())
    with _client(transport, emu) as client:
        try:
            page = client.query_records("companies")
        except ParticleError as exc:
            _assert_clear(exc)
            assert isinstance(exc, _expected_kind(name))
            return
    # Passed through: the client checks only that ``data`` is an object or array (its own
    # tests feed it stand-in bodies); record shapes are checked where records become models.
    assert isinstance(page, (list, dict)), f"query_records returned {type(page).__name__}"
    assert name.startswith("page-") or name == "data-object"


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize("name", sorted(BROKEN_PAGES))
def test_queryset_reports_a_broken_page(emu: Emulator, name: str) -> None:
    transport = Breaking(emu, "POST", r"/records/query$", BROKEN_PAGES[name]())
    client = _client(transport, emu)
    with client, Session(client), pytest.raises(ParticleError) as caught:
        companies = list(Company.objects.filter(name__contains="Ac"))
        for company in companies:
            _ = company.name
        raise AssertionError(f"{name}: decoded {companies!r} without an error")
    _assert_clear(caught.value)
    assert transport.hits == 1


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_get_reports_a_broken_record(emu: Emulator, name: str) -> None:
    transport = Breaking(emu, "GET", r"/records/", BROKEN[name]())
    client = _client(transport, emu)
    with client, Session(client), pytest.raises(ParticleError) as caught:
        company = Company.objects.get(record_id=RECORD)
        _ = company.name
        raise AssertionError(f"{name}: no error")
    _assert_clear(caught.value)


# --------------------------------------------------------------------------- session


@pytest.mark.parametrize("name", sorted(set(BROKEN) - {"value-missing-key"}))
def test_session_commit_reports_a_broken_create_response(emu: Emulator, name: str) -> None:
    transport = Breaking(emu, "POST", r"/objects/companies/records$", BROKEN[name]())
    with _client(transport, emu) as client, Session(client) as session:
        acme = Company(name="Acme")
        session.add(acme)
        with pytest.raises(CommitError) as caught:
            session.commit()
        (result,) = caught.value.results
        assert result.outcome is not Outcome.APPLIED
        assert result.error is not None
        _assert_clear(result.error)
        assert acme.record_id is None
        # Nothing is re-sent blindly: a create that may have happened is held back.
        pending = session.new + session.ambiguous
        assert pending == [acme]


def test_session_create_with_an_undecodable_value_is_applied_and_fails_on_read(
    emu: Emulator,
) -> None:
    # The record id is readable, so the create is identified; the bad value is reported
    # (typed) when it is read, not when the response arrives.
    broken = BROKEN["value-missing-key"]()
    transport = Breaking(emu, "POST", r"/objects/companies/records$", broken)
    with _client(transport, emu) as client, Session(client) as session:
        acme = Company(name="Acme")
        session.add(acme)
        (result,) = session.commit().results
        assert result.outcome is Outcome.APPLIED and acme.id is not None
        assert session.new == []
        with pytest.raises(DecodeError, match=r"Company\.name"):
            _ = acme.name


def _saved(client: AttioClient) -> Iterator[str]:
    yield client.create_record("companies", {"name": [{"value": "Acme"}]})["id"]["record_id"]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_session_commit_reports_a_broken_update_response(emu: Emulator, name: str) -> None:
    with emu.client(rate_limits=None) as setup:
        record_id = next(_saved(setup))
        data = setup.get_record("companies", record_id)
    transport = Breaking(emu, "PATCH", r"/objects/companies/records/", BROKEN[name]())
    with _client(transport, emu) as client, Session(client) as session:
        acme = session.load(Company, data)
        acme.description = "Rockets"
        try:
            result = session.commit()
        except CommitError as exc:
            (failed,) = exc.results
            assert failed.error is not None
            _assert_clear(failed.error)
            assert acme.is_dirty  # still pending: the next commit sends it again
        else:
            # A 2xx whose body we cannot read still means the update happened.
            (applied,) = result.results
            assert applied.note == "refresh failed" and applied.error is not None
            _assert_clear(applied.error)


def test_a_create_whose_response_fails_to_apply_is_not_created_twice(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Company._apply_response

    def half_applied(self: Company, data: Any, *, clean: bool) -> None:
        original(self, data, clean=clean)  # the id is taken...
        raise RuntimeError("...then something breaks")

    monkeypatch.setattr(Company, "_apply_response", half_applied)
    with _client(emu.transport(), emu) as client, Session(client) as session:
        acme = Company(name="Acme")
        session.add(acme)
        (result,) = session.commit().results
        assert result.note == "refresh failed" and acme.id is not None
        assert isinstance(result.error, MalformedResponseError)
        assert session.new == [] and acme in session
        monkeypatch.undo()
        assert len(session.commit()) == 0
        assert len(client.query_records("companies")) == 1
