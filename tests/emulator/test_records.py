"""Records: create, get, PATCH vs PUT vs assert, history, uniqueness, relationships, query."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator
from tests.emulator.conftest import create, error, ok


def _rid(record: dict[str, Any]) -> str:
    rid: str = record["id"]["record_id"]
    return rid


def _domains(record: dict[str, Any]) -> list[str]:
    return [v["domain"] for v in record["values"]["domains"]]


def _categories(record: dict[str, Any]) -> list[str]:
    return [v["option"]["title"] for v in record["values"]["categories"]]


def test_create_and_get_round_trip(http: httpx.Client, emu: Emulator) -> None:
    rec = create(http, "companies", {"name": "Acme", "domains": ["acme.com"]})
    assert rec["id"]["workspace_id"] == emu.workspace.id
    assert rec["web_url"] == f"https://app.attio.com/emulator/company/{_rid(rec)}"
    assert rec["created_at"] == "2024-03-01T12:00:00.000000000Z"
    again = ok(http.get(f"/v2/objects/companies/records/{_rid(rec)}"))
    assert again == rec


def test_get_unknown_record_is_404(http: httpx.Client) -> None:
    rid = "11111111-1111-4111-8111-111111111111"
    body = error(http.get(f"/v2/objects/people/records/{rid}"), 404, "not_found")
    assert body["message"] == f'Record with ID "{rid}" not found.'


def test_record_of_another_object_is_404(http: httpx.Client) -> None:
    rec = create(http, "companies", {"name": "Acme"})
    error(http.get(f"/v2/objects/people/records/{_rid(rec)}"), 404, "not_found")


def test_patch_appends_multiselect_and_put_replaces(http: httpx.Client) -> None:
    rec = create(http, "companies", {"domains": ["a.com"], "categories": ["SaaS"], "name": "A"})
    url = f"/v2/objects/companies/records/{_rid(rec)}"
    patched = ok(
        http.patch(url, json={"data": {"values": {"domains": ["b.com"], "categories": ["B2B"]}}})
    )
    assert _domains(patched) == ["a.com", "b.com"]
    assert _categories(patched) == ["SaaS", "B2B"]
    assert patched["values"]["name"][0]["value"] == "A"  # untouched by PATCH
    put = ok(
        http.put(url, json={"data": {"values": {"domains": ["c.com", "a.com"], "categories": []}}})
    )
    assert sorted(_domains(put)) == ["a.com", "c.com"]
    assert _categories(put) == []
    assert put["values"]["name"][0]["value"] == "A"  # PUT leaves unmentioned attributes alone


def test_patch_single_value_replaces_it(http: httpx.Client) -> None:
    rec = create(http, "people", {"job_title": "Dev"})
    url = f"/v2/objects/people/records/{_rid(rec)}"
    out = ok(http.patch(url, json={"data": {"values": {"job_title": "CTO"}}}))
    assert [v["value"] for v in out["values"]["job_title"]] == ["CTO"]
    cleared = ok(http.patch(url, json={"data": {"values": {"job_title": None}}}))
    assert cleared["values"]["job_title"] == []


def test_history_with_show_historic(http: httpx.Client, emu: Emulator) -> None:
    rec = create(http, "people", {"job_title": "Dev"})
    url = f"/v2/objects/people/records/{_rid(rec)}"
    emu.clock.advance(60)
    ok(http.patch(url, json={"data": {"values": {"job_title": "CTO"}}}))
    current = ok(http.get(f"{url}/attributes/job_title/values"))
    assert [v["value"] for v in current] == ["CTO"]
    historic = ok(http.get(f"{url}/attributes/job_title/values", params={"show_historic": "true"}))
    assert [(v["value"], v["active_until"]) for v in historic] == [
        ("Dev", "2024-03-01T12:01:00.000000000Z"),
        ("CTO", None),
    ]
    assert historic[1]["active_from"] == "2024-03-01T12:01:00.000000000Z"
    paged = ok(
        http.get(
            f"{url}/attributes/job_title/values",
            params={"show_historic": "true", "limit": 1, "offset": 1},
        )
    )
    assert [v["value"] for v in paged] == ["CTO"]


def test_show_historic_is_refused_on_enriched_attributes(http: httpx.Client) -> None:
    rec = create(http, "people", {})
    url = f"/v2/objects/people/records/{_rid(rec)}/attributes/last_interaction/values"
    error(http.get(url, params={"show_historic": "true"}), 400, "validation_type")


def test_uniqueness_conflict_is_400(http: httpx.Client) -> None:
    create(http, "people", {"email_addresses": ["dup@example.com"]})
    r = http.post(
        "/v2/objects/people/records",
        json={"data": {"values": {"email_addresses": ["DUP@example.com"]}}},
    )
    body = error(r, 400, "uniqueness_conflict")
    assert '\\"email_address\\":\\"dup@example.com\\"' in body["message"]
    assert "conflicts with one already in the system" in body["message"]


def test_uniqueness_applies_to_updates_but_not_to_the_record_itself(http: httpx.Client) -> None:
    a = create(http, "companies", {"domains": ["a.com"]})
    b = create(http, "companies", {"domains": ["b.com"]})
    ok(
        http.put(
            f"/v2/objects/companies/records/{_rid(a)}",
            json={"data": {"values": {"domains": ["a.com"]}}},
        )
    )
    r = http.patch(
        f"/v2/objects/companies/records/{_rid(b)}",
        json={"data": {"values": {"domains": ["a.com"]}}},
    )
    error(r, 400, "uniqueness_conflict")


def test_failed_create_leaves_nothing_behind(http: httpx.Client, emu: Emulator) -> None:
    r = http.post(
        "/v2/objects/people/records",
        json={"data": {"values": {"job_title": "x", "email_addresses": ["bad"]}}},
    )
    error(r, 400, "validation_type")
    assert ok(http.post("/v2/objects/people/records/query", json={})) == []


def test_missing_required_value(http: httpx.Client) -> None:
    r = http.post("/v2/objects/deals/records", json={"data": {"values": {"name": "No stage"}}})
    body = error(r, 400, "missing_value")
    assert body["message"].startswith('Required value for attribute with ID "')


def test_missing_values_key_is_validation_type(loose: httpx.Client) -> None:
    body = error(
        loose.post("/v2/objects/people/records", json={"data": {}}), 400, "validation_type"
    )
    assert body["validation_errors"][0]["path"] == ["data", "values"]


def test_assert_creates_then_updates(http: httpx.Client) -> None:
    url = "/v2/objects/companies/records"
    params = {"matching_attribute": "domains"}
    first = ok(
        http.put(
            url,
            params=params,
            json={"data": {"values": {"domains": ["x.com"], "categories": ["SaaS"], "name": "X"}}},
        )
    )
    second = ok(
        http.put(
            url,
            params=params,
            json={"data": {"values": {"domains": ["x.com", "y.com"], "categories": ["B2B"]}}},
        )
    )
    assert _rid(first) == _rid(second)
    assert _domains(second) == ["x.com", "y.com"]
    # the matching multiselect only adds; other multiselects are overwritten
    third = ok(
        http.put(
            url,
            params=params,
            json={"data": {"values": {"domains": ["y.com"], "categories": ["B2C"]}}},
        )
    )
    assert _domains(third) == ["x.com", "y.com"]
    assert _categories(third) == ["B2C"]
    assert third["values"]["name"][0]["value"] == "X"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "validation_type"),
        ({"matching_attribute": "nope"}, 400, "value_not_found"),
        ({"matching_attribute": "name"}, 400, "matching_attribute_definition_not_unique"),
    ],
)
def test_assert_errors(loose: httpx.Client, params: dict[str, str], status: int, code: str) -> None:
    r = loose.put(
        "/v2/objects/companies/records", params=params, json={"data": {"values": {"name": "X"}}}
    )
    error(r, status, code)


def test_assert_by_user_id_on_users(http: httpx.Client) -> None:
    values = {"user_id": "u-1", "primary_email_address": "u1@example.com"}
    a = ok(
        http.put(
            "/v2/objects/users/records",
            params={"matching_attribute": "user_id"},
            json={"data": {"values": values}},
        )
    )
    b = ok(
        http.put(
            "/v2/objects/users/records",
            params={"matching_attribute": "user_id"},
            json={"data": {"values": values}},
        )
    )
    assert _rid(a) == _rid(b)


def test_delete_record(http: httpx.Client) -> None:
    rec = create(http, "people", {})
    url = f"/v2/objects/people/records/{_rid(rec)}"
    r = http.delete(url)
    assert r.status_code == 200 and r.json() == {}
    error(http.get(url), 404, "not_found")
    error(http.delete(url), 404, "not_found")


def test_relationship_kept_in_sync_both_ways(http: httpx.Client) -> None:
    acme = create(http, "companies", {"name": "Acme", "domains": ["acme.com"]})
    globex = create(http, "companies", {"name": "Globex", "domains": ["globex.com"]})
    person = create(http, "people", {"company": "acme.com"})
    team = ok(http.get(f"/v2/objects/companies/records/{_rid(acme)}"))["values"]["team"]
    assert [v["target_record_id"] for v in team] == [_rid(person)]
    assert team[0]["target_object"] == "people"
    # moving the person: Acme loses them, Globex gains them
    ok(
        http.patch(
            f"/v2/objects/people/records/{_rid(person)}",
            json={
                "data": {
                    "values": {
                        "company": {"target_object": "companies", "target_record_id": _rid(globex)}
                    }
                }
            },
        )
    )
    assert ok(http.get(f"/v2/objects/companies/records/{_rid(acme)}"))["values"]["team"] == []
    gteam = ok(http.get(f"/v2/objects/companies/records/{_rid(globex)}"))["values"]["team"]
    assert [v["target_record_id"] for v in gteam] == [_rid(person)]
    # writing the other side: Acme's team takes the person, whose company flips back
    ok(
        http.patch(
            f"/v2/objects/companies/records/{_rid(acme)}",
            json={
                "data": {
                    "values": {
                        "team": [{"target_object": "people", "target_record_id": _rid(person)}]
                    }
                }
            },
        )
    )
    p = ok(http.get(f"/v2/objects/people/records/{_rid(person)}"))
    assert [v["target_record_id"] for v in p["values"]["company"]] == [_rid(acme)]
    assert ok(http.get(f"/v2/objects/companies/records/{_rid(globex)}"))["values"]["team"] == []
    # deleting the person removes them from the team
    http.delete(f"/v2/objects/people/records/{_rid(person)}")
    assert ok(http.get(f"/v2/objects/companies/records/{_rid(acme)}"))["values"]["team"] == []


def test_reference_by_matching_attribute(http: httpx.Client) -> None:
    person = create(http, "people", {"email_addresses": ["p@x.com"]})
    deal = create(
        http,
        "deals",
        {
            "name": "D",
            "stage": "Lead",
            "owner": "ada@example.com",
            "associated_people": [
                {"target_object": "people", "email_addresses": [{"email_address": "p@x.com"}]}
            ],
        },
    )
    assert deal["values"]["associated_people"][0]["target_record_id"] == _rid(person)
    back = ok(http.get(f"/v2/objects/people/records/{_rid(person)}"))
    assert back["values"]["associated_deals"][0]["target_record_id"] == _rid(deal)


def test_query_defaults_pagination_and_trivial_filter(http: httpx.Client) -> None:
    ids = [_rid(create(http, "people", {"job_title": f"t{i}"})) for i in range(5)]
    assert [_rid(r) for r in ok(http.post("/v2/objects/people/records/query", json={}))] == ids
    page = ok(http.post("/v2/objects/people/records/query", json={"limit": 2, "offset": 2}))
    assert [_rid(r) for r in page] == ids[2:4]
    one = ok(http.post("/v2/objects/people/records/query", json={"filter": {"job_title": "t3"}}))
    assert [_rid(r) for r in one] == [ids[3]]
    desc = ok(
        http.post(
            "/v2/objects/people/records/query",
            json={"sorts": [{"direction": "desc", "attribute": "job_title"}]},
        )
    )
    assert [_rid(r) for r in desc] == ids[::-1]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"filter": {"nope": "x"}}, "unknown_filter_attribute_slug"),
        ({"filter": {"job_title": {"$gt": "x"}}}, "filter_error"),
        ({"limit": -1}, "validation_type"),
    ],
)
def test_query_errors(loose: httpx.Client, body: dict[str, Any], code: str) -> None:
    error(loose.post("/v2/objects/people/records/query", json=body), 400, code)


def test_facts_3_2_examples_through_the_api(http: httpx.Client) -> None:
    john = create(http, "people", {"name": "Smith, John", "email_addresses": ["john@smith.com"]})
    create(http, "people", {"name": "Smith, Jane", "email_addresses": ["jane@smith.com"]})
    for flt in (
        {"name": "John Smith", "email_addresses": "john@smith.com"},
        {
            "$and": [
                {"name": {"full_name": {"$eq": "John Smith"}}},
                {"email_addresses": {"email_address": {"$eq": "john@smith.com"}}},
            ]
        },
    ):
        got = ok(http.post("/v2/objects/people/records/query", json={"filter": flt}))
        assert [_rid(r) for r in got] == [_rid(john)]
    not_john = ok(
        http.post(
            "/v2/objects/people/records/query",
            json={"filter": {"$not": {"name": {"first_name": "John"}}}},
        )
    )
    assert [r["values"]["name"][0]["first_name"] for r in not_john] == ["Jane"]
    lead = create(http, "deals", {"name": "L", "stage": "Lead", "owner": "ada@example.com"})
    create(http, "deals", {"name": "W", "stage": "Won 🎉", "owner": "ada@example.com"})
    got = ok(http.post("/v2/objects/deals/records/query", json={"filter": {"stage": "Lead"}}))
    assert [_rid(r) for r in got] == [_rid(lead)]


def test_record_entries(http: httpx.Client) -> None:
    person = create(http, "people", {})
    lst = ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "Hiring",
                    "api_slug": "hiring",
                    "parent_object": "people",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    entry = ok(
        http.post(
            "/v2/lists/hiring/entries",
            json={
                "data": {
                    "parent_record_id": _rid(person),
                    "parent_object": "people",
                    "entry_values": {},
                }
            },
        )
    )
    got = ok(http.get(f"/v2/objects/people/records/{_rid(person)}/entries"))
    assert got == [
        {
            "list_id": lst["id"]["list_id"],
            "list_api_slug": "hiring",
            "entry_id": entry["id"]["entry_id"],
            "created_at": entry["created_at"],
        }
    ]
