"""Path template matching: parameter kinds and literal-first preference."""

from __future__ import annotations

import pytest

from tests.contract._routes import RouteTable, segment_accepts

UUID = "0f0f0f0f-0000-4000-8000-000000000000"

TEMPLATES = [
    "/v2/objects",
    "/v2/objects/{object}",
    "/v2/objects/{object}/records",
    "/v2/objects/{object}/records/query",
    "/v2/objects/{object}/records/{record_id}",
    "/v2/objects/records/search",
    "/v2/{target}/{identifier}/attributes",
    "/v2/{target}/{identifier}/attributes/{attribute}/options/{option}",
    "/v2/lists/{list}/entries/{entry_id}",
]


@pytest.fixture(scope="module")
def table() -> RouteTable:
    return RouteTable(TEMPLATES)


@pytest.mark.parametrize(
    ("path", "template", "params"),
    [
        ("/v2/objects", "/v2/objects", {}),
        ("/v2/objects/people", "/v2/objects/{object}", {"object": "people"}),
        (f"/v2/objects/{UUID}", "/v2/objects/{object}", {"object": UUID}),
        ("/v2/objects/records/search", "/v2/objects/records/search", {}),
        (
            "/v2/objects/people/records/query",
            "/v2/objects/{object}/records/query",
            {"object": "people"},
        ),
        (
            f"/v2/objects/people/records/{UUID}",
            "/v2/objects/{object}/records/{record_id}",
            {"object": "people", "record_id": UUID},
        ),
        (
            "/v2/lists/sales/attributes",
            "/v2/{target}/{identifier}/attributes",
            {"target": "lists", "identifier": "sales"},
        ),
        (
            "/v2/objects/deals/attributes/stage/options/In%20Progress",
            "/v2/{target}/{identifier}/attributes/{attribute}/options/{option}",
            {
                "target": "objects",
                "identifier": "deals",
                "attribute": "stage",
                "option": "In Progress",
            },
        ),
        ("/v2/objects/people?limit=5", "/v2/objects/{object}", {"object": "people"}),
    ],
)
def test_match(table: RouteTable, path: str, template: str, params: dict[str, str]) -> None:
    assert table.match(path) == (template, params)


@pytest.mark.parametrize(
    "path",
    [
        "/v2/objects/people/records/not-a-uuid",  # record_id must be a UUID
        f"/v2/lists/sales/entries/{UUID[:-1]}",  # truncated UUID
        "/v2/things/people/attributes",  # target is objects|lists only
        "/v2/objects/peo ple",  # a space is not a slug character
        "/v2/objects/people/records/query/extra",
        "/v3/objects",
    ],
)
def test_no_match(table: RouteTable, path: str) -> None:
    assert table.match(path) is None


def test_literal_template_wins_over_parameter() -> None:
    # `records` is a valid slug, so both templates fit; the literal one must win.
    table = RouteTable(["/v2/objects/{object}/search", "/v2/objects/records/search"])
    assert [t for t, _ in table.match_all("/v2/objects/records/search")] == [
        "/v2/objects/records/search",
        "/v2/objects/{object}/search",
    ]
    assert table.match("/v2/objects/records/search") == ("/v2/objects/records/search", {})


def test_allowed_filter_falls_back_to_next_template() -> None:
    table = RouteTable(["/v2/objects/{object}/search", "/v2/objects/records/search"])
    found = table.match("/v2/objects/records/search", lambda t: "{object}" in t)
    assert found == ("/v2/objects/{object}/search", {"object": "records"})


@pytest.mark.parametrize(
    ("param", "value", "ok"),
    [
        ("record_id", UUID, True),
        ("record_id", UUID.upper(), True),
        ("record_id", "people", False),
        ("webhook_id", "x", False),
        ("object", "people_2", True),
        ("object", UUID, True),
        ("object", "a/b", False),
        ("target", "objects", True),
        ("target", "records", False),
        ("status", "In Progress", True),
        ("status", "", False),
    ],
)
def test_segment_accepts(param: str, value: str, ok: bool) -> None:
    assert segment_accepts(param)(value) is ok


def test_explain_near_misses(table: RouteTable) -> None:
    assert table.explain("/v2/objects/people/records/123") == [
        "/v2/objects/{object}/records/{record_id}: {record_id} does not accept '123' "
        "(expected a UUID)"
    ]
    assert table.explain("/v2/things/x/attributes") == [
        "/v2/{target}/{identifier}/attributes: {target} does not accept 'things' "
        "(expected objects or lists)"
    ]
    assert table.explain("/v3/nothing") == []
