"""List entries: create, assert by parent, get, PATCH/PUT, delete, values, query."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.conftest import create, error, ok


@pytest.fixture
def pipeline(http: httpx.Client) -> dict[str, Any]:
    lst: dict[str, Any] = ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "Pipeline",
                    "api_slug": "pipeline",
                    "parent_object": "companies",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    base = "/v2/lists/pipeline/attributes"
    for slug, atype, multi in (
        ("stage", "status", False),
        ("tags", "select", True),
        ("priority", "rating", False),
    ):
        ok(
            http.post(
                base,
                json={
                    "data": {
                        "title": slug,
                        "api_slug": slug,
                        "type": atype,
                        "description": None,
                        "is_required": False,
                        "is_unique": False,
                        "is_multiselect": multi,
                        "config": {},
                    }
                },
            )
        )
    for title in ("New", "Qualified"):
        ok(http.post(f"{base}/stage/statuses", json={"data": {"title": title}}))
    for title in ("hot", "cold", "warm"):
        ok(http.post(f"{base}/tags/options", json={"data": {"title": title}}))
    return lst


def _entry(http: httpx.Client, parent: str, values: dict[str, Any], method: str = "POST") -> Any:
    body = {
        "data": {"parent_record_id": parent, "parent_object": "companies", "entry_values": values}
    }
    return http.request(method, "/v2/lists/pipeline/entries", json=body)


def _tags(entry: dict[str, Any]) -> list[str]:
    return [v["option"]["title"] for v in entry["entry_values"]["tags"]]


def test_entry_lifecycle(http: httpx.Client, pipeline: dict[str, Any]) -> None:
    acme = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    entry = ok(_entry(http, acme, {"stage": "New", "tags": ["hot"], "priority": 3}))
    assert entry["parent_record_id"] == acme and entry["parent_object"] == "companies"
    assert entry["id"]["list_id"] == pipeline["id"]["list_id"]
    stage = entry["entry_values"]["stage"][0]["status"]
    assert stage["id"]["object_id"] == pipeline["id"]["list_id"]  # list entries point at the list
    assert entry["entry_values"]["entry_id"][0]["value"] == entry["id"]["entry_id"]
    url = f"/v2/lists/pipeline/entries/{entry['id']['entry_id']}"
    assert ok(http.get(url)) == entry
    patched = ok(http.patch(url, json={"data": {"entry_values": {"tags": ["cold"]}}}))
    assert _tags(patched) == ["hot", "cold"]
    put = ok(
        http.put(url, json={"data": {"entry_values": {"tags": ["warm"], "stage": "Qualified"}}})
    )
    assert _tags(put) == ["warm"]
    history = ok(http.get(f"{url}/attributes/stage/values", params={"show_historic": "true"}))
    assert [v["status"]["title"] for v in history] == ["New", "Qualified"]
    assert http.delete(url).json() == {}
    error(http.get(url), 404, "not_found")


def test_entry_errors(http: httpx.Client, loose: httpx.Client, pipeline: dict[str, Any]) -> None:
    missing = "22222222-2222-4222-8222-222222222222"
    error(_entry(http, missing, {}), 400, "value_not_found")
    person = create(http, "people", {})["id"]["record_id"]
    error(_entry(http, person, {}), 400, "value_not_found")  # not a companies record
    acme = create(http, "companies", {})["id"]["record_id"]
    entry = ok(_entry(http, acme, {}))
    other = create(http, "companies", {})["id"]["record_id"]
    url = f"/v2/lists/pipeline/entries/{entry['id']['entry_id']}"
    r = loose.patch(url, json={"data": {"parent_record_id": other, "entry_values": {}}})
    error(r, 400, "immutable_value")
    error(_entry(http, acme, {"stage": "Nope"}), 400, "value_not_found")
    error(http.get(f"/v2/lists/pipeline/entries/{missing}"), 404, "not_found")


def test_entry_assert_by_parent(http: httpx.Client, pipeline: dict[str, Any]) -> None:
    acme = create(http, "companies", {})["id"]["record_id"]
    first = ok(_entry(http, acme, {"tags": ["hot"]}, "PUT"))
    second = ok(_entry(http, acme, {"tags": ["cold"]}, "PUT"))
    assert first["id"] == second["id"]
    assert _tags(second) == ["cold"]  # assert overwrites multiselects
    ok(_entry(http, acme, {}))  # a second entry for the same parent is allowed on create
    body = error(_entry(http, acme, {}, "PUT"), 400, "multiple_match_results")
    assert acme in body["message"]


def test_entries_query(http: httpx.Client, pipeline: dict[str, Any]) -> None:
    a = create(http, "companies", {"name": "A"})["id"]["record_id"]
    b = create(http, "companies", {"name": "B"})["id"]["record_id"]
    ea = ok(_entry(http, a, {"stage": "New", "priority": 1}))
    eb = ok(_entry(http, b, {"stage": "Qualified", "priority": 5}))
    got = ok(http.post("/v2/lists/pipeline/entries/query", json={"filter": {"stage": "Qualified"}}))
    assert [e["id"] for e in got] == [eb["id"]]
    by_priority = ok(
        http.post(
            "/v2/lists/pipeline/entries/query",
            json={"sorts": [{"direction": "desc", "attribute": "priority"}]},
        )
    )
    assert [e["id"] for e in by_priority] == [eb["id"], ea["id"]]
    via_parent = ok(
        http.post(
            "/v2/lists/pipeline/entries/query",
            json={
                "filter": {
                    "path": [["pipeline", "parent_record"], ["companies", "name"]],
                    "constraints": {"value": "A"},
                }
            },
        )
    )
    assert [e["id"] for e in via_parent] == [ea["id"]]


def test_deleting_a_record_deletes_its_entries(
    http: httpx.Client, pipeline: dict[str, Any]
) -> None:
    acme = create(http, "companies", {})["id"]["record_id"]
    entry = ok(_entry(http, acme, {}))
    http.delete(f"/v2/objects/companies/records/{acme}")
    error(http.get(f"/v2/lists/pipeline/entries/{entry['id']['entry_id']}"), 404, "not_found")
