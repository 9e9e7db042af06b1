"""Control plane: faults, journal, rate limits, deterministic ids, clock, reset, fixtures,
persistence, the async transport and the ASGI app with its /_emulator routes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from particle_orm.emulator import Emulator, Fault, RateLimits
from tests.emulator.conftest import BASE, T0, create, error, ok


def _auth(emu: Emulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {emu.token}"}


def test_queued_429_is_not_applied(http: httpx.Client, emu: Emulator) -> None:
    emu.faults.rate_limit(method="POST")
    r = http.post("/v2/objects/people/records", json={"data": {"values": {}}})
    error(r, 429, "rate_limit_exceeded")
    assert r.json()["type"] == "rate_limit_error"
    retry_at = parsedate_to_datetime(r.headers["retry-after"])
    assert retry_at == T0 + timedelta(seconds=1)
    assert ok(http.post("/v2/objects/people/records/query", json={})) == []


@pytest.mark.parametrize("json_body", [True, False])
def test_server_errors(http: httpx.Client, emu: Emulator, json_body: bool) -> None:
    emu.faults.server_error(503, json_body=json_body, times=2)
    for _ in range(2):
        r = http.get("/v2/objects")
        assert r.status_code == 503
        if json_body:
            assert r.json()["status_code"] == 503
        else:
            assert r.text == "Service Unavailable"
    assert http.get("/v2/objects").status_code == 200


def test_latency_goes_through_the_sleep_hook(emu: Emulator) -> None:
    slept: list[float] = []
    emu.sleep = slept.append
    emu.faults.latency(2.5, path_prefix="/v2/self")
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=_auth(emu)) as client:
        assert client.get("/v2/objects").status_code == 200
        assert slept == []
        assert client.get("/v2/self").status_code == 200
    assert slept == [2.5]


@pytest.mark.parametrize(
    ("error_kind", "exc"), [("read_error", httpx.ReadError), ("timeout", httpx.ReadTimeout)]
)
def test_drop_response_applies_the_write_first(
    http: httpx.Client, emu: Emulator, error_kind: str, exc: type[Exception]
) -> None:
    emu.faults.drop_response(error=error_kind, method="POST")  # type: ignore[arg-type]
    with pytest.raises(exc):
        http.post("/v2/objects/people/records", json={"data": {"values": {"job_title": "x"}}})
    got = ok(http.post("/v2/objects/people/records/query", json={}))
    assert [r["values"]["job_title"][0]["value"] for r in got] == ["x"]


def test_random_faults_are_reproducible() -> None:
    def pattern() -> list[int]:
        emu = Emulator(seed=5)
        emu.faults.randomly(0.5, Fault("server_error", status=502))
        with httpx.Client(transport=emu.transport(), base_url=BASE, headers=_auth(emu)) as c:
            return [c.get("/v2/objects").status_code for _ in range(20)]

    first = pattern()
    assert first == pattern()
    assert set(first) == {200, 502}
    with pytest.raises(ValueError, match="probability"):
        Emulator().faults.randomly(1.5, Fault("rate_limit"))


def test_journal_counts_calls(http: httpx.Client, emu: Emulator) -> None:
    emu.journal.clear()
    create(http, "people", {"job_title": "a"})
    http.get("/v2/objects/people")
    http.get("/v2/nope")
    assert len(emu.journal) == 3
    assert emu.journal.count("POST", "/v2/objects/people/records") == 1
    assert emu.journal.count(status=404) == 1
    assert emu.journal.count(workspace_id=emu.workspace.id) == 3
    first = emu.journal.entries[0]
    assert first.body == {"data": {"values": {"job_title": "a"}}}
    assert first.status == 200


def test_rate_limits_like_attio(emu: Emulator) -> None:
    emu.set_rate_limits(RateLimits(reads_per_second=3, writes_per_second=1))
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=_auth(emu)) as client:
        assert [client.get("/v2/objects").status_code for _ in range(4)] == [200, 200, 200, 429]
        r = client.get("/v2/objects")
        assert r.status_code == 429
        retry = parsedate_to_datetime(r.headers["retry-after"])
        assert retry > emu.clock.now()
        assert r.headers["retry-after"].endswith("GMT")
        # writes have their own budget, and queries count as reads
        assert (
            client.post("/v2/objects/people/records", json={"data": {"values": {}}}).status_code
            == 200
        )
        assert (
            client.post("/v2/objects/people/records", json={"data": {"values": {}}}).status_code
            == 429
        )
        emu.clock.advance(1.0)
        assert client.get("/v2/objects").status_code == 200
    other = emu.create_workspace(name="Other")
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, headers={"Authorization": f"Bearer {other.token}"}
    ) as client:
        assert client.get("/v2/objects").status_code == 200  # budgets are per workspace


def test_rate_limits_are_off_by_default(http: httpx.Client) -> None:
    assert {http.get("/v2/objects").status_code for _ in range(150)} == {200}


def test_deterministic_ids_from_a_seed() -> None:
    def ids(seed: int) -> tuple[str, str, str]:
        emu = Emulator(seed=seed, clock=T0)
        with httpx.Client(transport=emu.transport(), base_url=BASE, headers=_auth(emu)) as c:
            rid = ok(c.post("/v2/objects/people/records", json={"data": {"values": {}}}))
        return emu.workspace.id, emu.token, rid["id"]["record_id"]

    assert ids(1) == ids(1)
    assert ids(1) != ids(2)


def test_reset_restarts_the_sequence(emu: Emulator, http: httpx.Client) -> None:
    token, ws = emu.token, emu.workspace.id
    create(http, "people", {})
    emu.reset()
    assert (emu.token, emu.workspace.id) == (token, ws)
    assert ok(http.post("/v2/objects/people/records/query", json={})) == []
    assert len(emu.journal) == 1


def test_clock_controls_timestamps(emu: Emulator, http: httpx.Client) -> None:
    emu.clock.freeze(datetime(2030, 6, 1, tzinfo=timezone.utc))
    rec = create(http, "people", {})
    assert rec["created_at"] == "2030-06-01T00:00:00.000000000Z"
    emu.clock.advance(0.25)
    assert emu.clock.timestamp() == "2030-06-01T00:00:00.250000000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        emu.clock.freeze(datetime(2030, 1, 1))


def test_load_fixture(emu: Emulator, http: httpx.Client) -> None:
    emu.load_fixture(
        json.dumps(
            {
                "objects": [
                    {"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}
                ],
                "lists": [
                    {
                        "name": "Deals",
                        "api_slug": "deal_flow",
                        "parent_object": "companies",
                        "workspace_access": "full-access",
                        "workspace_member_access": [],
                    }
                ],
                "attributes": {
                    "lists/deal_flow": [
                        {
                            "title": "Tags",
                            "api_slug": "tags",
                            "type": "select",
                            "description": None,
                            "is_required": False,
                            "is_unique": False,
                            "is_multiselect": True,
                            "config": {},
                        }
                    ]
                },
                "options": {"lists/deal_flow/attributes/tags": ["hot"]},
                "records": {
                    "companies": [{"name": "Acme", "domains": ["acme.com"]}],
                    "people": [{"name": "Doe, Jane", "company": "acme.com"}],
                },
                "entries": {
                    "deal_flow": [
                        {
                            "parent_object": "companies",
                            "parent_match": {"domains": "acme.com"},
                            "entry_values": {"tags": ["hot"]},
                        }
                    ]
                },
            }
        )
    )
    people = ok(http.post("/v2/objects/people/records/query", json={}))
    assert people[0]["values"]["name"][0]["full_name"] == "Jane Doe"
    entries = ok(http.post("/v2/lists/deal_flow/entries/query", json={}))
    assert entries[0]["entry_values"]["tags"][0]["option"]["title"] == "hot"
    from particle_orm.emulator import AttioError

    with pytest.raises(AttioError, match="Cannot find attribute"):
        emu.load_fixture({"records": {"people": [{"nope": 1}]}})


def test_file_database_persists(tmp_path: Path) -> None:
    path = str(tmp_path / "emu.sqlite")
    first = Emulator(path, seed=3)
    with httpx.Client(transport=first.transport(), base_url=BASE, headers=_auth(first)) as c:
        rid = create(c, "companies", {"name": "Kept"})["id"]["record_id"]
    first.store.db.close()
    second = Emulator(path)
    assert second.token == first.token
    with httpx.Client(transport=second.transport(), base_url=BASE, headers=_auth(second)) as c:
        got = ok(c.get(f"/v2/objects/companies/records/{rid}"))
        assert got["values"]["name"][0]["value"] == "Kept"
        assert create(c, "companies", {})["id"]["record_id"] != rid


async def test_async_transport_and_drop(emu: Emulator) -> None:
    async with httpx.AsyncClient(
        transport=emu.async_transport(), base_url=BASE, headers=_auth(emu)
    ) as client:
        r = await client.post("/v2/objects/people/records", json={"data": {"values": {}}})
        assert r.status_code == 200
        emu.faults.drop_response(error="timeout")
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/v2/objects")
        slept: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            slept.append(seconds)

        emu.async_sleep = fake_sleep
        emu.faults.latency(0.5)
        assert (await client.get("/v2/self")).status_code == 200
        assert slept == [0.5]


async def test_asgi_app_and_control_routes() -> None:
    emu = Emulator(seed=9, clock=T0)
    app = emu.asgi_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
        token = (await c.get("/_emulator/token")).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        r = await c.post("/v2/objects/people/records", headers=auth, json={"data": {"values": {}}})
        assert r.status_code == 200
        journal = (await c.get("/_emulator/journal")).json()["data"]
        assert [(e["method"], e["status"]) for e in journal] == [("POST", 200)]
        await c.post("/_emulator/faults", json={"kind": "server_error", "status": 502})
        assert (await c.get("/v2/objects", headers=auth)).status_code == 502
        clock = (await c.post("/_emulator/clock", json={"advance": 60})).json()
        assert clock == {"now": "2024-03-01T12:01:00.000000000Z", "frozen": True}
        ws = (await c.post("/_emulator/workspaces", json={"name": "Two"})).json()
        me = (await c.get("/v2/self", headers={"Authorization": f"Bearer {ws['token']}"})).json()
        assert me["workspace_id"] == ws["workspace_id"]
        await c.post("/_emulator/rate_limits", json={"reads_per_second": 1, "writes_per_second": 1})
        statuses = [(await c.get("/v2/objects", headers=auth)).status_code for _ in range(2)]
        assert statuses == [200, 429]
        await c.post("/_emulator/reset", json={})
        assert (await c.post("/v2/objects/people/records/query", headers=auth, json={})).json() == {
            "data": []
        }
        bad = await c.post("/_emulator/faults", json={"kind": "server_error", "bogus": 1})
        assert bad.status_code == 400
        assert (await c.get("/_emulator/nope")).status_code == 404


def test_bad_scopes_are_rejected_by_name(emu: Emulator) -> None:
    with pytest.raises(ValueError, match="'records:read'"):
        emu.create_workspace(name="X", scopes=["records:read"])
    with pytest.raises(KeyError, match="no workspace"):
        emu.create_token("nope")


def test_invalid_json_body_is_400_after_auth(emu: Emulator) -> None:
    headers = {"authorization": f"Bearer {emu.token}"}
    resp = emu.handle("POST", "/v2/objects/people/records", {}, headers, b"{not json")
    assert (resp.status, resp.json()["code"]) == (400, "validation_type")
    assert emu.handle("POST", "/v2/objects/people/records", {}, {}, b"{not json").status == 401


def test_orm_client_conveniences(emu: Emulator) -> None:
    with emu.client() as client:
        rec = client.create_record("people", {"job_title": "CTO"})
        assert client.get_record("people", rec["id"]["record_id"])["id"] == rec["id"]


async def test_async_orm_client_convenience(emu: Emulator) -> None:
    async with emu.async_client() as client:
        rec = await client.create_record("companies", {"name": "Acme"})
        assert rec["values"]["name"][0]["value"] == "Acme"


def test_concurrent_clients_share_one_emulator(emu: Emulator) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def work(i: int) -> int:
        with httpx.Client(transport=emu.transport(), base_url=BASE, headers=_auth(emu)) as c:
            r = c.post("/v2/objects/people/records",
                       json={"data": {"values": {"email_addresses": [f"t{i}@x.com"]}}})  # fmt: skip
            return r.status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(work, range(40))) == {200}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=_auth(emu)) as c:
        assert len(ok(c.post("/v2/objects/people/records/query", json={}))) == 40
