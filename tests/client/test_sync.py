"""AttioClient behaviour: retries, ambiguous writes, paging, hooks, logging, redaction."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from particle_orm.client import (
    AmbiguousWriteError,
    AttioClient,
    AttioError,
    ClientClosedError,
    ConfigurationError,
    ConnectionFailedError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    RateLimitedError,
    RateLimits,
    RequestInfo,
    RequestTimeoutError,
    ResponseInfo,
    RetryPolicy,
    ServerError,
    ValidationError,
    VirtualClock,
)
from tests.client.conftest import RECORD_ID, TOKEN, MakeClient, MockAttio, attio_error

OK = httpx.Response(200, json={"data": {"ok": True}})
RATE_LIMITED_BODY = {
    "status_code": 429,
    "type": "rate_limit_error",
    "code": "rate_limit_exceeded",
    "message": "Rate limit exceeded, please try again later",
}


def rate_limited(retry_after: str | None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(429, json=RATE_LIMITED_BODY, headers=headers)


def unavailable() -> httpx.Response:
    return httpx.Response(503, text="Service Unavailable", headers={"content-type": "text/plain"})


# --- 429 ------------------------------------------------------------------------------


def test_429_with_http_date_waits_until_that_instant(
    make_client: MakeClient, clock: VirtualClock
) -> None:
    # The virtual clock starts at 2025-01-01T00:00:00Z.
    server = MockAttio(rate_limited("Wed, 01 Jan 2025 00:00:02 GMT"), OK)
    client = make_client(server)
    assert client.get_record("people", RECORD_ID) == {"ok": True}
    assert server.count == 2
    assert clock.sleeps == [pytest.approx(2.0)]
    assert client.stats.rate_limited == 1 and client.stats.retries == 1


def test_429_with_seconds_waits_that_long(make_client: MakeClient, clock: VirtualClock) -> None:
    server = MockAttio(rate_limited("3"), rate_limited("1"), OK)
    client = make_client(server)
    client.get_record("people", RECORD_ID)
    assert server.count == 3
    assert clock.sleeps == [pytest.approx(3.0), pytest.approx(1.0)]


def test_429_without_retry_after_backs_off(make_client: MakeClient, clock: VirtualClock) -> None:
    server = MockAttio(rate_limited(None), rate_limited("garbage"), OK)
    make_client(server).list_objects()
    assert clock.sleeps == [0.5, 1.0]


def test_429_is_retried_even_for_a_create(make_client: MakeClient) -> None:
    server = MockAttio(rate_limited("1"), OK)
    assert make_client(server).create_record("people", {"name": "Ada"}) == {"ok": True}
    assert server.count == 2


def test_429_adds_jitter_after_the_retry_after_instant(clock: VirtualClock) -> None:
    server = MockAttio(rate_limited("2"), OK)
    policy = RetryPolicy(jitter=0.5)
    with AttioClient(TOKEN, transport=server.transport(), clock=clock, retry=policy) as client:
        client.list_lists()
    assert 2.0 <= clock.sleeps[0] < 2.5


def test_429_pauses_the_governor_for_other_callers(
    make_client: MakeClient, clock: VirtualClock
) -> None:
    server = MockAttio(rate_limited("5"), default=OK)
    client = make_client(server, retry=RetryPolicy.disabled())
    with pytest.raises(RateLimitedError):
        client.get_record("people", RECORD_ID)
    assert clock.monotonic() == 0.0  # nobody has waited yet
    # Every later read (from any thread sharing the governor) waits for t=5; writes do not.
    assert client.governor.reserve("read") == pytest.approx(5.0)
    assert client.governor.reserve("write") == 0.0


def test_429_gives_up_when_retry_after_exceeds_the_time_budget(make_client: MakeClient) -> None:
    server = MockAttio(rate_limited("120"))
    client = make_client(server, retry=RetryPolicy(max_total_seconds=60, jitter=0))
    with pytest.raises(RateLimitedError) as info:
        client.get_record("people", RECORD_ID)
    assert server.count == 1 and info.value.retry_after is not None


def test_429_gives_up_after_max_attempts(make_client: MakeClient, clock: VirtualClock) -> None:
    server = MockAttio(default=rate_limited("1"))
    client = make_client(server, retry=RetryPolicy(max_attempts=3, jitter=0))
    with pytest.raises(RateLimitedError) as info:
        client.query_records("people")
    assert server.count == 3 and info.value.attempts == 3
    assert len(clock.sleeps) == 2


# --- 5xx, timeouts, connection errors ----------------------------------------------------


def test_create_with_503_is_not_retried_and_is_ambiguous(make_client: MakeClient) -> None:
    server = MockAttio(unavailable(), default=OK)
    client = make_client(server)
    with pytest.raises(AmbiguousWriteError) as info:
        client.create_record("people", {"name": "Ada"})
    assert server.count == 1
    assert isinstance(info.value.__cause__, ServerError)
    assert str(info.value) == (
        "POST /v2/objects/people/records: the write may or may not have happened "
        "(HTTP 503: Service Unavailable); it was not retried"
    )


def test_a_patch_marked_not_idempotent_is_never_repeated(make_client: MakeClient) -> None:
    server = MockAttio(unavailable(), httpx.ReadTimeout("timed out"), default=OK)
    client = make_client(server)
    with pytest.raises(AmbiguousWriteError, match="HTTP 503"):
        client.patch_record("companies", RECORD_ID, {"categories": ["SaaS"]}, idempotent=False)
    with pytest.raises(AmbiguousWriteError, match="ReadTimeout"):
        client.patch_entry("sales", RECORD_ID, {"tags": ["hot"]}, idempotent=False)
    assert server.count == 2
    # By default a PATCH is retried like any idempotent call.
    server = MockAttio(unavailable(), default=OK)
    assert make_client(server).patch_record("companies", RECORD_ID, {}) == {"ok": True}
    assert server.count == 2
    with pytest.raises(InvalidArgumentError, match="idempotent: expected True or False"):
        client.patch_record("companies", RECORD_ID, {}, idempotent="no")  # type: ignore[arg-type]


def test_create_entry_with_timeout_is_ambiguous(make_client: MakeClient) -> None:
    server = MockAttio(httpx.ReadTimeout("timed out"), default=OK)
    with pytest.raises(AmbiguousWriteError, match="ReadTimeout"):
        make_client(server).create_entry("sales", "companies", RECORD_ID, {})
    assert server.count == 1


def test_create_with_dropped_connection_is_ambiguous(make_client: MakeClient) -> None:
    server = MockAttio(httpx.RemoteProtocolError("peer closed connection"), default=OK)
    with pytest.raises(AmbiguousWriteError):
        make_client(server).create_record("people", {})
    assert server.count == 1


def test_create_is_retried_when_the_connection_was_never_made(make_client: MakeClient) -> None:
    server = MockAttio(httpx.ConnectError("connection refused"), OK)
    assert make_client(server).create_record("people", {}) == {"ok": True}
    assert server.count == 2


def test_query_post_with_503_is_retried(make_client: MakeClient, clock: VirtualClock) -> None:
    page = httpx.Response(200, json={"data": [{"n": 1}]})
    server = MockAttio(unavailable(), attio_error(502, "bad_gateway", "Bad gateway"), page)
    client = make_client(server)
    assert client.query_records("people", filter={"name": "Ada"}) == [{"n": 1}]
    assert server.count == 3 and clock.sleeps == [0.5, 1.0]
    assert client.stats.server_errors == 2


def test_put_assert_with_timeout_is_retried(make_client: MakeClient) -> None:
    server = MockAttio(httpx.ReadTimeout("timed out"), httpx.WriteTimeout("slow"), OK)
    client = make_client(server)
    assert client.assert_record("people", "email_addresses", {"email_addresses": ["a@b.c"]}) == {
        "ok": True
    }
    assert server.count == 3
    bodies = server.bodies()
    assert bodies[0] == bodies[1] == bodies[2]
    assert client.stats.transport_errors == 2


@pytest.mark.parametrize(
    "method",
    [
        lambda c: c.patch_record("people", RECORD_ID, {"x": 1}),
        lambda c: c.put_entry("sales", RECORD_ID, {"x": 1}),
        lambda c: c.delete_record("people", RECORD_ID),
        lambda c: c.get_self(),
        lambda c: c.query_entries("sales"),
    ],
)
def test_idempotent_calls_are_retried_on_5xx(method: Any, make_client: MakeClient) -> None:
    server = MockAttio(
        attio_error(500, "internal_error", "oops"), httpx.Response(200, json={"data": {}})
    )
    method(make_client(server))
    assert server.count == 2


def test_delete_404_after_an_unknown_outcome_counts_as_deleted(make_client: MakeClient) -> None:
    gone = attio_error(404, "not_found", "Record not found.")
    server = MockAttio(httpx.ReadTimeout("lost"), gone)
    assert make_client(server).delete_record("people", RECORD_ID) is None
    assert server.count == 2


@pytest.mark.parametrize("first", [None, "429"])
def test_delete_404_is_an_error_when_no_attempt_was_uncertain(
    first: str | None, make_client: MakeClient
) -> None:
    gone = attio_error(404, "not_found", "Record not found.")
    server = MockAttio(*([rate_limited("1")] if first else []), gone)
    with pytest.raises(NotFoundError):
        make_client(server).delete_entry("sales", RECORD_ID)


def test_get_gives_up_after_max_attempts_with_the_last_error(
    make_client: MakeClient, clock: VirtualClock
) -> None:
    server = MockAttio(default=unavailable())
    with pytest.raises(ServerError) as info:
        make_client(server).get_record("people", RECORD_ID)
    assert server.count == 5 and info.value.attempts == 5
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_timeouts_exhausted_raise_request_timeout(make_client: MakeClient) -> None:
    server = MockAttio(default=httpx.ReadTimeout("read timed out"))
    client = make_client(server, retry=RetryPolicy(max_attempts=2, jitter=0))
    with pytest.raises(RequestTimeoutError) as info:
        client.list_objects()
    assert isinstance(info.value, TimeoutError) and info.value.attempts == 2
    assert str(info.value) == "GET /v2/objects: ReadTimeout: read timed out (after 2 attempts)"


def test_connection_errors_exhausted_raise_connection_failed(make_client: MakeClient) -> None:
    server = MockAttio(default=httpx.ConnectError("refused"))
    client = make_client(server, retry=RetryPolicy.disabled())
    with pytest.raises(ConnectionFailedError):
        client.create_record("people", {})
    assert server.count == 1


def test_client_errors_are_not_retried(make_client: MakeClient) -> None:
    server = MockAttio(attio_error(400, "validation_type", "Body payload validation error."))
    with pytest.raises(ValidationError, match="POST /v2/lists -> 400 validation_type"):
        make_client(server).create_list({"name": "x"})
    assert server.count == 1


def test_retry_none_makes_one_attempt(clock: VirtualClock) -> None:
    server = MockAttio(unavailable(), default=OK)
    client = AttioClient(TOKEN, transport=server.transport(), clock=clock, retry=None)
    with client, pytest.raises(ServerError):
        client.list_lists()
    assert server.count == 1 and clock.sleeps == []


# --- decoding, paging, raw requests ---------------------------------------------------


def test_success_bodies_must_be_json_with_data(make_client: MakeClient) -> None:
    server = MockAttio(httpx.Response(200, text="<html>"), httpx.Response(200, json=[1]))
    client = make_client(server)
    with pytest.raises(MalformedResponseError, match="not JSON"):
        client.list_lists()
    with pytest.raises(MalformedResponseError, match="'data' key"):
        client.list_lists()


def _paged_server(total: int) -> MockAttio:
    def reply(request: httpx.Request) -> httpx.Response:
        query = json.loads(request.content)
        start, size = query["offset"], query["limit"]
        rows = [{"n": n} for n in range(start, min(start + size, total))]
        return httpx.Response(200, json={"data": rows})

    return MockAttio(default=reply)


@pytest.mark.parametrize(("total", "requests"), [(5, 3), (6, 4), (0, 1), (1, 1)])
def test_iter_records_pages_until_a_short_page(
    total: int, requests: int, make_client: MakeClient
) -> None:
    server = _paged_server(total)
    client = make_client(server)
    records = list(client.iter_records("people", filter={"name": "x"}, page_size=2))
    assert [r["n"] for r in records] == list(range(total))
    assert server.count == requests
    assert [b["offset"] for b in server.bodies()] == [2 * i for i in range(requests)]
    assert all(b["limit"] == 2 and b["filter"] == {"name": "x"} for b in server.bodies())


def test_iter_entries_defaults_to_pages_of_500(make_client: MakeClient) -> None:
    server = _paged_server(3)
    assert len(list(make_client(server).iter_entries("sales"))) == 3
    assert server.bodies() == [{"limit": 500, "offset": 0}]


def test_iterators_check_arguments_when_called(make_client: MakeClient) -> None:
    server = MockAttio()
    client = make_client(server)
    with pytest.raises(InvalidArgumentError, match="page_size"):
        client.iter_records("people", page_size=0)
    with pytest.raises(InvalidArgumentError, match="filter"):
        client.iter_entries("sales", filter=["x"])  # type: ignore[arg-type]
    assert server.count == 0


def test_raw_request_returns_the_whole_body(make_client: MakeClient) -> None:
    body = {"data": [], "pagination": {"next_cursor": None}}
    server = MockAttio(httpx.Response(200, json=body))
    client = make_client(server)
    assert client.request("GET", "/v2/meetings", params={"limit": 5, "x": None}) == body
    assert str(server.requests[0].url) == "https://api.attio.com/v2/meetings?limit=5"


def test_unserialisable_body_is_rejected_before_sending(make_client: MakeClient) -> None:
    server = MockAttio()
    with pytest.raises(InvalidArgumentError, match="JSON-serialisable"):
        make_client(server).create_record("people", {"when": object()})
    assert server.count == 0


# --- observability ----------------------------------------------------------------------


def test_hooks_see_every_attempt(make_client: MakeClient, clock: VirtualClock) -> None:
    requests: list[RequestInfo] = []
    responses: list[ResponseInfo] = []
    server = MockAttio(unavailable(), httpx.ReadTimeout("t"), OK)
    client = make_client(server, on_request=requests.append, on_response=responses.append)
    client.get_record("people", RECORD_ID)
    path = f"/v2/objects/people/records/{RECORD_ID}"
    assert requests == [RequestInfo("GET", path, "read", n) for n in (1, 2, 3)]
    assert [(r.method, r.path, r.status, r.attempt) for r in responses] == [
        ("GET", path, 503, 1),
        ("GET", path, None, 2),
        ("GET", path, 200, 3),
    ]
    assert all(r.duration >= 0 for r in responses)
    with pytest.raises(AttributeError):
        requests[0].attempt = 9  # type: ignore[misc]


def test_stats_count_calls_attempts_and_kinds(make_client: MakeClient) -> None:
    server = MockAttio(rate_limited("1"), default=OK)
    client = make_client(server)
    client.list_objects()
    client.create_record("people", {})
    client.query_records("people")
    stats = client.stats
    assert (stats.calls, stats.requests, stats.reads, stats.writes) == (3, 4, 3, 1)
    assert (stats.retries, stats.rate_limited) == (1, 1)
    client.reset_stats()
    assert client.stats.requests == 0


def test_one_debug_line_per_attempt(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    server = MockAttio(unavailable(), OK)
    client = make_client(server)
    with caplog.at_level(logging.DEBUG, logger="particle_orm"):
        client.query_records("people")
    lines = [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert len(lines) == 2
    assert all(r.name == "particle_orm.client" for r in caplog.records)
    first, second = (r.getMessage() for r in lines)
    assert first.startswith("POST /v2/objects/people/records/query -> 503 in ")
    assert first.endswith(" ms (attempt 1, read)")
    assert second.startswith("POST /v2/objects/people/records/query -> 200 in ")
    assert second.endswith("(attempt 2, read)")
    retry_lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert retry_lines == [
        "retrying POST /v2/objects/people/records/query in 0.50 s after HTTP 503 (attempt 2 of 5)"
    ]


# --- secrets, configuration, lifecycle ----------------------------------------------------


def _leaks(text: str) -> bool:
    # Any 8-character slice of the token counts as a leak.
    return any(TOKEN[i : i + 8] in text for i in range(len(TOKEN) - 7))


def test_token_never_appears_in_logs_reprs_or_errors(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    infos: list[object] = []
    server = MockAttio(
        attio_error(401, "unauthorized", "The API Key provided was invalid."),
        attio_error(403, "unauthorized", "requires scopes: Read access to the Records scope."),
        unavailable(),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("refused"),
        rate_limited("999"),
        httpx.Response(200, text="nope"),
        default=unavailable(),
    )
    client = make_client(
        server, retry=RetryPolicy.disabled(), on_request=infos.append, on_response=infos.append
    )
    texts = [repr(client), str(client), repr(client.governor), repr(client.stats)]
    with caplog.at_level(logging.DEBUG):
        for call in (
            lambda: client.get_self(),
            lambda: client.create_record("people", {}),
            lambda: client.create_record("people", {}),
            lambda: client.create_record("people", {}),
            lambda: client.list_objects(),
            lambda: client.list_objects(),
            lambda: client.list_objects(),
            lambda: client.list_objects(),
        ):
            with pytest.raises(AttioError) as info:
                call()
            texts += [str(info.value), repr(info.value), str(info.value.args)]
            texts += [str(vars(info.value))]
    texts += [caplog.text, repr(infos)]
    assert server.count == 8
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert _leaks(f"Bearer {TOKEN[5:20]}")  # the detector itself works
    leaked = [t for t in texts if _leaks(t)]
    assert leaked == []


def test_repr_shows_base_url_and_a_redacted_token() -> None:
    with AttioClient(
        TOKEN, base_url="https://attio.example/", transport=MockAttio().transport()
    ) as c:
        assert repr(c) == f"AttioClient(base_url='https://attio.example', token='…{TOKEN[-4:]}')"
        assert c.base_url == "https://attio.example"
    with AttioClient("short-token", transport=MockAttio().transport()) as c:
        assert "token='***'" in repr(c)


def test_custom_base_url_is_used(clock: VirtualClock) -> None:
    server = MockAttio(httpx.Response(200, json={"data": []}))
    with AttioClient(TOKEN, base_url="http://localhost:8000", transport=server.transport()) as c:
        c.list_lists()
    assert str(server.requests[0].url) == "http://localhost:8000/v2/lists"


def test_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTIO_API_KEY", TOKEN)
    server = MockAttio(httpx.Response(200, json={"active": False}))
    with AttioClient(transport=server.transport()) as client:
        client.get_self()
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_missing_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTIO_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="ATTIO_API_KEY"):
        AttioClient()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"token": ""}, "token is empty"),
        ({"token": TOKEN + "\nX-Evil: 1"}, "whitespace or control"),
        ({"token": 123}, "token must be a str"),
        ({"token": TOKEN, "base_url": "api.attio.com"}, "absolute http"),
        ({"token": TOKEN, "base_url": "https://api.attio.com?x=1"}, "query"),
        ({"token": TOKEN, "transport": object()}, "httpx.BaseTransport"),
        ({"token": TOKEN, "rate_limits": {"reads": 1}}, "rate_limits"),
        ({"token": TOKEN, "retry": 3}, "retry"),
        ({"token": TOKEN, "on_request": "print"}, "on_request"),
        ({"token": TOKEN, "governor": "shared"}, "governor"),
    ],
)
def test_bad_configuration_is_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as info:
        AttioClient(**kwargs)
    assert not _leaks(str(info.value))


def test_read_only_configuration() -> None:
    limits = RateLimits(reads_per_second=10, writes_per_second=5)
    with AttioClient(TOKEN, rate_limits=limits, transport=MockAttio().transport()) as client:
        assert client.rate_limits == limits and client.governor.limits is limits
        with pytest.raises(AttributeError):
            client.base_url = "x"  # type: ignore[misc]
        assert client.retry_policy == RetryPolicy()


def test_closed_client_refuses_calls(make_client: MakeClient) -> None:
    server = MockAttio()
    client = make_client(server)
    with client:
        pass
    assert client.closed
    with pytest.raises(ClientClosedError, match="AttioClient is closed"):
        client.list_objects()
    client.close()  # idempotent
    assert server.count == 0
