"""Key sets of emulator responses equal those of real captured Attio bodies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import create, ok


def _real(shared_attio: Path, name: str) -> Any:
    with (shared_attio / "real" / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _keys_by_type(records: list[dict[str, Any]], field: str = "values") -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rec in records:
        for values in rec[field].values():
            for v in values:
                out.setdefault(v["attribute_type"], set()).update(v)
    return out


@pytest.fixture
def world(http: httpx.Client) -> dict[str, Any]:
    company = create(
        http,
        "companies",
        {
            "name": "Acme",
            "domains": ["acme.com"],
            "categories": ["SaaS"],
            "primary_location": "1 Main St, Springfield, IL 62701, US",
            "foundation_date": "2001",
            "funding_raised_usd": 5,
        },
    )
    person = create(
        http,
        "people",
        {
            "name": "Doe, Jane",
            "email_addresses": ["jane@acme.com"],
            "company": "acme.com",
            "phone_numbers": ["+14155550100"],
            "job_title": "CTO",
        },
    )
    deal = create(
        http, "deals", {"name": "D", "stage": "Lead", "owner": "ada@example.com", "value": 10}
    )
    lst = ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "P",
                    "api_slug": "p",
                    "parent_object": "companies",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    ok(
        http.post(
            "/v2/lists/p/attributes",
            json={
                "data": {
                    "title": "Rating",
                    "api_slug": "rating",
                    "type": "rating",
                    "description": None,
                    "is_required": False,
                    "is_unique": False,
                    "is_multiselect": False,
                    "config": {},
                }
            },
        )
    )
    entry = ok(
        http.post(
            "/v2/lists/p/entries",
            json={
                "data": {
                    "parent_record_id": company["id"]["record_id"],
                    "parent_object": "companies",
                    "entry_values": {"rating": 3},
                }
            },
        )
    )
    return {"company": company, "person": person, "deal": deal, "list": lst, "entry": entry}


def test_record_and_value_keys(shared_attio: Path, world: dict[str, Any]) -> None:
    real = [
        _real(shared_attio, name)["data"]
        for name in (
            "records-get-person-shapescale.json",
            "records-get-company-shapescale-energyguided.json",
        )
    ]
    mine = [world["person"], world["company"], world["deal"]]
    assert {frozenset(r) for r in mine} == {frozenset(r) for r in real}
    assert {frozenset(r["id"]) for r in mine} == {frozenset(r["id"]) for r in real}
    real_types, my_types = _keys_by_type(real), _keys_by_type(mine)
    shared = set(real_types) & set(my_types)
    assert len(shared) >= 9
    for atype in shared:
        assert my_types[atype] == real_types[atype], atype


def test_entry_keys(shared_attio: Path, world: dict[str, Any]) -> None:
    real = _real(shared_attio, "entries-query-list-companies.json")["data"]
    assert set(world["entry"]) == set(real[0])
    assert set(world["entry"]["id"]) == set(real[0]["id"])
    real_types = _keys_by_type(real, "entry_values")
    mine = _keys_by_type([world["entry"]], "entry_values")
    for atype in set(real_types) & set(mine):
        assert mine[atype] == real_types[atype], atype


@pytest.mark.parametrize(
    ("path", "real_name"),
    [
        ("/v2/objects/people/attributes", "attributes-list-people.json"),
        ("/v2/objects", "objects-list.json"),
        ("/v2/workspace_members", "workspace-members-list.json"),
        ("/v2/lists", "lists-list.json"),
    ],
)
def test_schema_entity_keys(
    shared_attio: Path, http: httpx.Client, world: dict[str, Any], path: str, real_name: str
) -> None:
    real = _real(shared_attio, real_name)["data"]
    mine = ok(http.get(path))
    assert {frozenset(x) for x in mine} == {frozenset(x) for x in real}
    assert {frozenset(x["id"]) for x in mine} == {frozenset(x["id"]) for x in real}


def test_attribute_list_matches_real_people_attributes(
    shared_attio: Path, http: httpx.Client
) -> None:
    real = {
        a["api_slug"]: a
        for a in _real(shared_attio, "attributes-list-people.json")["data"]
        if a["is_system_attribute"]
    }
    mine = {a["api_slug"]: a for a in ok(http.get("/v2/objects/people/attributes"))}
    assert list(mine) == list(real)
    flags = ("type", "is_writable", "is_unique", "is_multiselect", "is_required")
    for slug, attr in real.items():
        assert {f: mine[slug][f] for f in flags} == {f: attr[f] for f in flags}, slug
        assert (mine[slug]["relationship"] is None) == (attr["relationship"] is None), slug
        assert mine[slug]["config"].keys() == attr["config"].keys()


@pytest.mark.parametrize(
    ("method", "path", "body", "real_name"),
    [
        (
            "GET",
            "/v2/objects/companies/records",
            None,
            "errors-404-unknown-endpoint-get-records.json",
        ),
        (
            "POST",
            "/v2/objects/people/records",
            {"data": {"values": {"email_addresses": ["jane@acme.com"]}}},
            "errors-400-uniqueness-conflict.json",
        ),
        (
            "POST",
            "/v2/objects/people/records",
            {"data": {"values": {"name": {}}}},
            "errors-400-validation-record-create-name.json",
        ),
    ],
)
def test_error_keys(
    shared_attio: Path,
    loose: httpx.Client,
    world: dict[str, Any],
    method: str,
    path: str,
    body: Any,
    real_name: str,
) -> None:
    real = _real(shared_attio, real_name)
    mine = loose.request(method, path, json=body).json()
    assert set(mine) == set(real)
    assert (mine["status_code"], mine["type"], mine["code"]) == (
        real["status_code"],
        real["type"],
        real["code"],
    )
    if "validation_errors" in real:
        assert mine["validation_errors"][0]["path"] == real["validation_errors"][0]["path"]
