"""Score-based limits of the two query endpoints (off by default) and journal timestamps.

The score formula is the emulator's documented stand-in (``emulator/query_score.py``), not
Attio's, so these tests pin the stand-in exactly.
"""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator, JournalEntry, QueryScoreLimits
from particle_orm.emulator import query_score as query_score_module
from particle_orm.emulator.query_score import (
    SCORE_HEADER,
    filter_conditions,
    query_score,
)
from tests.contract import SpecContract
from tests.emulator.conftest import BASE, T0, create, error, make_client, ok

PEOPLE_QUERY = "/v2/objects/people/records/query"
# Three leaf conditions on people: valid filters, so a 200 is a real answer.
THREE = {
    "job_title": {"$contains": "a"},
    "name": {"first_name": "Ada"},
    "email_addresses": {"$contains": "example"},
}
ONE_SORT = [{"attribute": "job_title", "direction": "asc"}]


@pytest.fixture
def scored(emu: Emulator, contract: SpecContract | None) -> Iterator[httpx.Client]:
    """A client of ``emu`` with score reporting on and no limits (tests add their own)."""
    emu.set_query_score_limits(QueryScoreLimits())
    with make_client(emu, contract) as client:
        yield client


def _too_complex(response: httpx.Response) -> dict[str, Any]:
    body = error(response, 429, "rate_limit_exceeded")
    assert body["type"] == "rate_limit_error"
    assert "too complex" in body["message"]
    return body


# ---- the score function ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        (None, 0),
        ({}, 0),
        ({"name": "John Smith"}, 1),  # shorthand scalar
        ({"name": "John Smith", "email_addresses": "john@smith.com"}, 2),  # implicit $and
        ({"foundation_date": {"$gte": "2019-01-01", "$lte": "2019-12-31"}}, 2),  # 2 operators
        ({"primary_location": {"locality": "Cupertino", "region": "CA", "country_code": "US"}}, 3),
        ({"twitter_follower_count": {"value": {"$gte": 1000}}}, 1),
        ({"$and": [{"name": {"full_name": {"$eq": "J"}}}, {"domains": {"$not_empty": True}}]}, 2),
        ({"$or": [{"stage": "In Progress"}, {"stage": "Lead"}, {"stage": "Won"}]}, 3),
        ({"$not": {"name": {"first_name": "John"}}}, 1),
        (
            {
                "$and": [
                    {"name": {"$contains": "Apple"}},
                    {"$not": {"domains": {"root_domain": "a"}}},
                ]
            },
            2,
        ),
        ({"$or": [{"$and": [{"a": 1}, {"b": 2}]}, {"$not": {"$or": [{"c": 3}, {"d": 4}]}}]}, 4),
        # a path filter: one per [object, attribute] pair, plus its constraints
        (
            {
                "path": [["companies", "team"], ["people", "name"]],
                "constraints": {"first_name": {"$eq": "John"}},
            },
            3,
        ),
        (
            {
                "path": [["sales", "parent_record"], ["people", "company"], ["companies", "team"]],
                "constraints": {"target_object": "people", "target_record_id": "x"},
            },
            5,
        ),
        ({"$or": [{"path": [["a", "b"]], "constraints": {"value": "x"}}, {"e": 1}]}, 3),
        # malformed parts are counted, never raised on (the handler answers the 400)
        ({"$and": {"name": "x"}}, 1),
        ("not a filter", 1),
    ],
)
def test_filter_conditions(filter: Any, expected: int) -> None:
    assert filter_conditions(filter) == expected


@pytest.mark.parametrize(
    ("filter", "sorts", "size", "expected"),
    [
        (None, None, 0, 1),
        ({}, [], 0, 1),
        (None, None, 1, 2),
        (None, None, 10_000, 2),
        (None, None, 10_001, 3),
        (None, None, 25_000, 4),
        ({"name": "x"}, ONE_SORT, 0, 3),
        (THREE, ONE_SORT * 3, 20_000, 1 + 3 + 3 + 2),
        (None, {"not": "a list"}, 0, 1),
    ],
)
def test_query_score(filter: Any, sorts: Any, size: int, expected: int) -> None:
    assert query_score(filter, sorts, size) == expected


def test_module_examples_hold() -> None:
    result = doctest.testmod(query_score_module)
    assert result.attempted > 10
    assert result.failed == 0


@pytest.mark.parametrize(
    "kwargs",
    [{"per_query": 0}, {"per_window": -1}, {"window_seconds": 0.0}, {"window_seconds": -5.0}],
)
def test_limits_reject_nonsense(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        QueryScoreLimits(**kwargs)


def test_limits_type_checks() -> None:
    with pytest.raises(TypeError):
        QueryScoreLimits(per_query=True)
    with pytest.raises(TypeError):
        QueryScoreLimits(per_window=2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="query_score_limits"):
        Emulator(query_score_limits={"per_query": 3})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Emulator().set_query_score_limits(object())  # type: ignore[arg-type]


# ---- off by default -------------------------------------------------------------------------


def test_off_by_default(http: httpx.Client, emu: Emulator) -> None:
    assert emu.query_score_limiter is None
    create(http, "people", {"job_title": "Analyst"})
    body = {"filter": THREE, "sorts": ONE_SORT * 5}
    responses = [http.post(PEOPLE_QUERY, json=body) for _ in range(50)]
    assert {r.status_code for r in responses} == {200}
    assert all(SCORE_HEADER not in r.headers for r in responses)
    assert emu.journal.count(status=429) == 0


def test_disabling_turns_everything_off(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_query=1))
    _too_complex(scored.post(PEOPLE_QUERY, json={"filter": THREE}))
    emu.set_query_score_limits(None)
    r = scored.post(PEOPLE_QUERY, json={"filter": THREE})
    assert r.status_code == 200
    assert SCORE_HEADER not in r.headers


# ---- the score header -----------------------------------------------------------------------


def test_header_reports_the_score(scored: httpx.Client, emu: Emulator) -> None:
    assert scored.post(PEOPLE_QUERY, json={}).headers[SCORE_HEADER] == "1"  # no people yet
    for title in ("a", "b", "c"):
        create(scored, "people", {"job_title": title})
    r = scored.post(PEOPLE_QUERY, json={"filter": THREE, "sorts": ONE_SORT})
    assert r.status_code == 200
    assert r.headers[SCORE_HEADER] == str(1 + 3 + 1 + 1)
    # only the two query endpoints are scored
    assert SCORE_HEADER not in scored.get("/v2/objects/people").headers
    assert (
        SCORE_HEADER
        not in scored.post("/v2/objects/people/records", json={"data": {"values": {}}}).headers
    )
    assert emu.query_score_limiter is not None
    assert emu.query_score_limiter.used(emu.workspace.id) == 1 + 6


def test_size_term_counts_the_object_records(scored: httpx.Client, emu: Emulator) -> None:
    emu.bulk_create_records("people", [{}] * 10_000)
    assert scored.post(PEOPLE_QUERY, json={"limit": 1}).headers[SCORE_HEADER] == "2"
    create(scored, "people", {})
    assert scored.post(PEOPLE_QUERY, json={"limit": 1}).headers[SCORE_HEADER] == "3"
    # other objects' records do not count
    assert scored.post("/v2/objects/companies/records/query", json={}).headers[SCORE_HEADER] == "1"


def test_unknown_object_is_not_scored(scored: httpx.Client) -> None:
    r = scored.post("/v2/objects/nope/records/query", json={"filter": THREE})
    error(r, 404, "not_found")
    assert SCORE_HEADER not in r.headers


def test_invalid_filter_keeps_its_400_with_the_header(
    emu: Emulator, contract: SpecContract | None
) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_query=10))
    with make_client(emu, contract, check_requests=False) as client:
        r = client.post(PEOPLE_QUERY, json={"filter": {"no_such_slug": "x"}})
    error(r, 400, "unknown_filter_attribute_slug")
    assert r.headers[SCORE_HEADER] == "2"


# ---- the per-query limit --------------------------------------------------------------------


def test_per_query_limit_429s_on_every_attempt(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_query=4))
    emu.journal.clear()
    body = {"filter": THREE, "sorts": ONE_SORT}  # 1 + 3 + 1 = 5
    for attempt in range(4):
        r = scored.post(PEOPLE_QUERY, json=body)
        assert r.status_code == 429
        _too_complex(r)
        assert r.headers[SCORE_HEADER] == "5"
        assert r.headers["retry-after"].endswith(" GMT")
        retry_at = parsedate_to_datetime(r.headers["retry-after"])
        assert retry_at == emu.clock.now() + timedelta(seconds=1)
        emu.clock.advance(60.0 * (attempt + 1))  # waiting does not help either
    # a simpler query fits, at the limit exactly
    r = scored.post(PEOPLE_QUERY, json={"filter": THREE})
    assert r.status_code == 200
    assert r.headers[SCORE_HEADER] == "4"
    statuses = [(e.path, e.status, e.body) for e in emu.journal]
    assert statuses == [(PEOPLE_QUERY, 429, body)] * 4 + [(PEOPLE_QUERY, 200, {"filter": THREE})]


def test_refused_queries_do_not_fill_the_window(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_query=4, per_window=8))
    for _ in range(5):
        _too_complex(scored.post(PEOPLE_QUERY, json={"filter": THREE, "sorts": ONE_SORT}))
    assert emu.query_score_limiter is not None
    assert emu.query_score_limiter.used(emu.workspace.id) == 0
    assert [scored.post(PEOPLE_QUERY, json={"filter": THREE}).status_code for _ in range(2)] == [
        200,
        200,
    ]


def test_a_query_over_the_window_budget_is_too_complex(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_window=3))
    r = scored.post(PEOPLE_QUERY, json={"filter": THREE})  # 4 can never fit in 3
    _too_complex(r)
    emu.clock.advance(3600)
    _too_complex(scored.post(PEOPLE_QUERY, json={"filter": THREE}))


def test_new_limits_start_with_an_empty_window(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_window=1))
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 200
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 429
    emu.set_query_score_limits(QueryScoreLimits(per_window=2))
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 200
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 200
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 429


# ---- the sliding window ---------------------------------------------------------------------


def test_window_limit_429s_then_recovers(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_window=10, window_seconds=10.0))
    body = {"filter": THREE}  # scores 4 on the empty people object
    assert scored.post(PEOPLE_QUERY, json=body).status_code == 200  # T0: 4
    emu.clock.advance(3.0)
    assert scored.post(PEOPLE_QUERY, json=body).status_code == 200  # T0+3: 8
    r = scored.post(PEOPLE_QUERY, json=body)  # 8 + 4 > 10
    body_429 = error(r, 429, "rate_limit_exceeded")
    assert body_429["type"] == "rate_limit_error"
    assert "too complex" not in body_429["message"]
    assert r.headers[SCORE_HEADER] == "4"
    # the first query (T0) ages out at T0+10; Attio names the whole second after
    first_retry = parsedate_to_datetime(r.headers["retry-after"])
    assert first_retry == T0 + timedelta(seconds=11)
    # a cheaper query still fits, and nothing refused was counted
    assert scored.post(PEOPLE_QUERY, json={"filter": {"job_title": "x"}}).status_code == 200  # 10
    emu.clock.advance(5.0)  # T0+8: still full
    r = scored.post(PEOPLE_QUERY, json=body)
    assert r.status_code == 429
    assert parsedate_to_datetime(r.headers["retry-after"]) == first_retry
    emu.clock.set(first_retry)  # T0+11: 4 + 2 used
    assert scored.post(PEOPLE_QUERY, json=body).status_code == 200  # 10
    r = scored.post(PEOPLE_QUERY, json=body)
    assert r.status_code == 429
    # the T0+3 query ages out at T0+13, which frees enough
    assert parsedate_to_datetime(r.headers["retry-after"]) == T0 + timedelta(seconds=14)
    emu.clock.set(T0 + timedelta(seconds=14))
    assert scored.post(PEOPLE_QUERY, json=body).status_code == 200
    assert emu.journal.count("POST", PEOPLE_QUERY, status=429) == 3


def test_window_is_per_workspace_across_tokens(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_window=4))
    assert scored.post(PEOPLE_QUERY, json={"filter": THREE}).status_code == 200
    second = emu.create_token(emu.workspace.id, name="second app")
    headers = {"Authorization": f"Bearer {second.secret}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as client:
        assert client.post(PEOPLE_QUERY, json={}).status_code == 429  # same workspace
    other = emu.create_workspace(name="Other")
    headers = {"Authorization": f"Bearer {other.token}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as client:
        assert client.post(PEOPLE_QUERY, json={"filter": THREE}).status_code == 200


def test_reset_forgets_the_window(scored: httpx.Client, emu: Emulator) -> None:
    emu.set_query_score_limits(QueryScoreLimits(per_window=1))
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 200
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 429
    emu.reset()
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as client:
        assert client.post(PEOPLE_QUERY, json={}).status_code == 200


def test_constructor_argument_enables_limits() -> None:
    emu = Emulator(seed=3, clock=T0, query_score_limits=QueryScoreLimits(per_query=2))
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as client:
        _too_complex(client.post(PEOPLE_QUERY, json={"filter": {"job_title": "a", "twitter": "b"}}))
        r = client.post(PEOPLE_QUERY, json={"filter": {"job_title": "a"}})
        assert r.status_code == 200
        assert r.headers[SCORE_HEADER] == "2"


def test_request_rate_limits_still_apply_first(scored: httpx.Client, emu: Emulator) -> None:
    from particle_orm.emulator import RateLimits

    emu.set_rate_limits(RateLimits(reads_per_second=1, writes_per_second=1))
    emu.set_query_score_limits(QueryScoreLimits(per_window=100))
    assert scored.post(PEOPLE_QUERY, json={}).status_code == 200
    r = scored.post(PEOPLE_QUERY, json={})
    body = error(r, 429, "rate_limit_exceeded")
    assert body["message"] == "Rate limit exceeded, please try again later"
    assert r.headers[SCORE_HEADER] == "1"  # still reported
    assert emu.query_score_limiter is not None
    assert emu.query_score_limiter.used(emu.workspace.id) == 1  # not admitted, not counted


# ---- list entries ---------------------------------------------------------------------------


@pytest.fixture
def sales(scored: httpx.Client) -> str:
    ok(
        scored.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "Sales",
                    "api_slug": "sales",
                    "parent_object": "companies",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    for name in ("Acme", "Globex"):
        company = create(scored, "companies", {"name": name})
        ok(
            scored.post(
                "/v2/lists/sales/entries",
                json={
                    "data": {
                        "parent_object": "companies",
                        "parent_record_id": company["id"]["record_id"],
                        "entry_values": {},
                    }
                },
            )
        )
    return "/v2/lists/sales/entries/query"


def test_entries_queries_are_scored_and_limited(
    scored: httpx.Client, emu: Emulator, sales: str
) -> None:
    parent = {
        "path": [["sales", "parent_record"], ["companies", "name"]],
        "constraints": {"value": "Acme"},
    }
    r = scored.post(sales, json={"filter": parent})
    assert len(ok(r)) == 1
    assert r.headers[SCORE_HEADER] == str(1 + 3 + 1)  # 2 hops + 1 constraint, 2 entries
    emu.set_query_score_limits(QueryScoreLimits(per_query=4, per_window=6))
    emu.journal.clear()
    for _ in range(3):
        r = scored.post(sales, json={"filter": parent})
        _too_complex(r)
        assert r.headers[SCORE_HEADER] == "5"
    # records and entries queries share the workspace's window
    assert scored.post(sales, json={}).status_code == 200  # 2
    assert scored.post(PEOPLE_QUERY, json={"filter": {"job_title": "a"}}).status_code == 200  # 4
    r = scored.post(sales, json={"sorts": [{"attribute": "created_at", "direction": "asc"}]})
    assert r.status_code == 429  # 4 + 3 > 6
    assert r.headers[SCORE_HEADER] == "3"
    assert parsedate_to_datetime(r.headers["retry-after"]) == T0 + timedelta(seconds=11)
    emu.clock.advance(11)
    assert scored.post(sales, json={}).status_code == 200
    assert [e.status for e in emu.journal] == [429, 429, 429, 200, 200, 429, 200]
    error(scored.post("/v2/lists/nope/entries/query", json={}), 404, "not_found")


# ---- the HTTP control plane -----------------------------------------------------------------


async def test_control_route_and_served_journal() -> None:
    emu = Emulator(seed=9, clock=T0)
    app = emu.asgi_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
        auth = {"Authorization": f"Bearer {(await c.get('/_emulator/token')).json()['token']}"}
        r = await c.post("/_emulator/query_score_limits", json={"per_query": 1})
        assert r.status_code == 200
        r = await c.post(PEOPLE_QUERY, headers=auth, json={"filter": {"job_title": "a"}})
        assert r.status_code == 429
        assert r.headers[SCORE_HEADER] == "2"
        await c.post("/_emulator/clock", json={"advance": 2.5})
        await c.post("/_emulator/query_score_limits", json={"per_query": None})  # header only
        r = await c.post(PEOPLE_QUERY, headers=auth, json={"filter": {"job_title": "a"}})
        assert (r.status_code, r.headers[SCORE_HEADER]) == (200, "2")
        await c.post("/_emulator/query_score_limits", json=None)  # off
        r = await c.post(PEOPLE_QUERY, headers=auth, json={})
        assert r.status_code == 200
        assert SCORE_HEADER not in r.headers
        bad = await c.post("/_emulator/query_score_limits", json={"per_query": 0})
        assert bad.status_code == 400
        journal = (await c.get("/_emulator/journal")).json()["data"]
    assert [(e["status"], e["at"]) for e in journal] == [
        (429, "2024-03-01T12:00:00.000000000Z"),
        (200, "2024-03-01T12:00:02.500000000Z"),
        (200, "2024-03-01T12:00:02.500000000Z"),
    ]


# ---- journal timestamps ---------------------------------------------------------------------


def test_journal_entries_follow_the_clock(http: httpx.Client, emu: Emulator) -> None:
    emu.journal.clear()
    first = create(http, "people", {"job_title": "a"})
    emu.clock.advance(1.25)
    http.get("/v2/objects/nope")
    emu.clock.set(T0 + timedelta(days=2))
    emu.faults.rate_limit()
    http.get("/v2/self")
    http.get("/v2/self", headers={"Authorization": "Bearer wrong"})
    entries = emu.journal.entries
    assert [(e.status, e.at) for e in entries] == [
        (200, T0),
        (404, T0 + timedelta(seconds=1.25)),
        (429, T0 + timedelta(days=2)),
        (401, T0 + timedelta(days=2)),
    ]
    # the same instant, in the same format, as the values the request wrote
    assert entries[0].timestamp == first["created_at"] == "2024-03-01T12:00:00.000000000Z"
    assert entries[1].timestamp == "2024-03-01T12:00:01.250000000Z"
    assert all(isinstance(e.at, datetime) and e.at.tzinfo is not None for e in entries)


def test_journal_timestamps_on_a_real_clock_are_ordered() -> None:
    emu = Emulator(seed=5)
    before = emu.clock.now()
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as client:
        for _ in range(5):
            client.get("/v2/self")
    after = emu.clock.now()
    stamps = [e.at for e in emu.journal if e.at is not None]
    assert len(stamps) == 5
    assert stamps == sorted(stamps)
    assert before <= stamps[0] <= stamps[-1] <= after


def test_hand_built_journal_entries_stay_compatible() -> None:
    entry = JournalEntry("GET", "/v2/self", 200, None, "ws")
    assert entry.at is None
    assert entry.timestamp is None
    assert entry == JournalEntry("GET", "/v2/self", 200, None, "ws", {})
