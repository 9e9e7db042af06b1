"""The sorted-page planner: walking a sort index gives exactly the general plan's pages."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator, handlers_data, planner
from particle_orm.emulator.sorts import IndexedSort, indexed_sort, sort_index_statements
from particle_orm.emulator.store import StoreSchemaView
from tests.emulator.conftest import BASE, T0, ok

LASTS = ["Smith", "smith", "Élan", "O'Brien", "Zhu", "", "Doe"]
TITLES = ["Engineer", "engineer", "Founder", "CTO", None]
LOCATION_KEYS = [
    "line_1",
    "line_2",
    "line_3",
    "line_4",
    "locality",
    "region",
    "postcode",
    "country_code",
    "latitude",
    "longitude",
]


def _attr(slug: str, atype: str) -> dict[str, Any]:
    return {
        "data": {
            "title": slug.title(),
            "api_slug": slug,
            "type": atype,
            "description": None,
            "is_required": False,
            "is_unique": False,
            "is_multiselect": False,
            "config": {},
        }
    }


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Emulator, httpx.Client]]:
    """60 people with ties, case variants, empty and missing values in every sort key."""
    emu = Emulator(seed=99, clock=T0)
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as http:
        ok(http.post("/v2/objects/people/attributes", json=_attr("score", "number")))
        rng = random.Random(5)
        rows: list[dict[str, Any]] = []
        for i in range(60):
            values: dict[str, Any] = {}
            if i % 7:
                values["name"] = {
                    "first_name": rng.choice(["Ann", "bob", "Cy", ""]),
                    "last_name": rng.choice(LASTS),
                    "full_name": f"P {i}",
                }
            title = rng.choice(TITLES)
            if title is not None:
                values["job_title"] = title
            if i % 4:
                values["score"] = rng.choice([1, 2, 2.5, -3, 10])
            if i % 3:
                # A location without a locality has a value row but no sort key.
                values["primary_location"] = {
                    **dict.fromkeys(LOCATION_KEYS),
                    "line_1": f"{i} Main St",
                    "locality": rng.choice(["Paris", "paris", "Oslo", None]),
                }
            if i % 5:
                values["email_addresses"] = [f"p{i}@{rng.choice(['a.com', 'B.org', 'c.io'])}"]
            rows.append(values)
        emu.bulk_create_records("people", rows)
        # Historic values must not leak into the walk: overwrite a few keys.
        some = ok(http.post("/v2/objects/people/records/query", json={"limit": 6}))
        for record in some:
            rid = record["id"]["record_id"]
            ok(http.patch(f"/v2/objects/people/records/{rid}",
                          json={"data": {"values": {"score": 4, "job_title": "Zed"}}}))  # fmt: skip
        yield emu, http


def _ids(http: httpx.Client, body: dict[str, Any]) -> list[str]:
    data = ok(http.post("/v2/objects/people/records/query", json=body))
    return [r["id"]["record_id"] for r in data]


def _sort(attribute: str, direction: str = "asc", field: str | None = None) -> dict[str, Any]:
    item = {"direction": direction, "attribute": attribute}
    return {**item, "field": field} if field else item


SORTS = [
    _sort("name", "asc", "last_name"),
    _sort("name", "desc", "last_name"),
    _sort("name", "asc", "first_name"),
    _sort("job_title"),
    _sort("job_title", "desc"),
    _sort("score"),
    _sort("score", "desc"),
    _sort("created_at", "desc"),
    _sort("name"),
    _sort("primary_location"),
    _sort("primary_location", "desc"),
]
FILTERS: list[dict[str, Any] | None] = [
    None,
    {"job_title": "Engineer"},
    {"job_title": {"$in": ["Engineer", "Founder"]}},
    {"$not": {"job_title": "CTO"}},
    {"score": {"$gte": 2}},
    {"$or": [{"name": {"last_name": {"$starts_with": "s"}}}, {"score": 10}]},
]
PAGES = [(100, 0), (5, 0), (7, 3), (10, 25), (3, 40), (50, 55), (1, 59), (0, 0)]


@pytest.fixture
def people(world: tuple[Emulator, httpx.Client]) -> httpx.Client:
    return world[1]


def test_every_page_matches_the_general_plan(
    people: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = [
        {"sorts": [sort], "limit": limit, "offset": offset, **({"filter": f} if f else {})}
        for sort in SORTS
        for f in FILTERS
        for limit, offset in PAGES
    ]
    monkeypatch.setattr(planner, "WALK_TRIAL_STEPS", 10**12)
    walked = [_ids(people, body) for body in bodies]
    monkeypatch.setattr(handlers_data, "indexed_sort", lambda *args, **kwargs: None)
    general = [_ids(people, body) for body in bodies]
    assert walked == general
    assert any(len(page) >= 5 for page in walked)  # the comparison is not of empty pages


def test_a_costly_walk_is_abandoned_for_the_general_plan(
    people: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = {"sorts": [_sort("name", "asc", "last_name")], "limit": 20, "offset": 5}
    expected = _ids(people, body)
    outcomes: list[list[str] | None] = []
    real = planner._walk_if_cheap

    def spy(*args: Any) -> list[str] | None:
        outcomes.append(real(*args))
        return outcomes[-1]

    monkeypatch.setattr(planner, "_walk_if_cheap", spy)
    monkeypatch.setattr(planner, "WALK_TRIAL_STEPS", 0)
    monkeypatch.setattr(planner, "WALK_MAX_STEPS", 0)
    monkeypatch.setattr(planner, "_STEP_GRAIN", 1)
    assert _ids(people, body) == expected
    assert outcomes == [None]  # the walk was interrupted; the general plan answered


def test_a_cheap_walk_is_kept(people: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"sorts": [_sort("score", "desc")], "limit": 10}
    outcomes: list[list[str] | None] = []
    real = planner._walk_if_cheap

    def spy(*args: Any) -> list[str] | None:
        outcomes.append(real(*args))
        return outcomes[-1]

    monkeypatch.setattr(planner, "_walk_if_cheap", spy)
    assert len(_ids(people, body)) == 10
    assert len(outcomes) == 1 and outcomes[0] is not None


def test_indexed_sort_only_for_single_value_keys_with_an_index(
    world: tuple[Emulator, httpx.Client],
) -> None:
    ctx_schema = StoreSchemaView(world[0].store, world[0].workspace.id)
    people_id = ctx_schema.object_id("people")
    assert people_id is not None

    def plan(sorts: object) -> IndexedSort | None:
        return indexed_sort(sorts, schema=ctx_schema, kind="record", container_id=people_id)

    last = plan([_sort("name", "desc", "last_name")])
    assert last is not None
    assert (last.index, last.direction) == ("value_sort_personal_name_last_name", "DESC")
    score = plan([_sort("score")])
    assert score is not None
    assert score.index == "value_by_attr_num"
    assert plan([_sort("email_addresses")]) is None  # multiselect: first value only
    assert plan([_sort("name"), _sort("score")]) is None
    assert plan([{"direction": "asc", "path": [["people", "job_title"]]}]) is None
    assert plan([_sort("primary_location", "asc", "region")]) is None  # no index
    assert plan(None) is None


def test_sort_index_statements_create_the_indexes_the_walk_names() -> None:
    emu = Emulator()
    names = {
        row[0]
        for row in emu.store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    for statement in sort_index_statements():
        assert statement.split()[5] in names


@pytest.fixture(scope="module")
def pipeline() -> Iterator[httpx.Client]:
    """A list of 40 company entries with statuses, ratings and gaps."""
    emu = Emulator(seed=7, clock=T0)
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=emu.transport(), base_url=BASE, headers=headers) as http:
        list_body = {
            "name": "Pipeline",
            "api_slug": "pipeline",
            "parent_object": "companies",
            "workspace_access": "full-access",
            "workspace_member_access": [],
        }
        ok(http.post("/v2/lists", json={"data": list_body}))
        base = "/v2/lists/pipeline/attributes"
        ok(http.post(base, json=_attr("stage", "status")))
        ok(http.post(base, json=_attr("priority", "rating")))
        for title in ("New", "Qualified", "Won"):
            ok(http.post(f"{base}/stage/statuses", json={"data": {"title": title}}))
        rng = random.Random(3)
        companies = emu.bulk_create_records(
            "companies", [{"name": rng.choice(["Acme", "Beta", "acme"])} for _ in range(40)]
        )
        for i, company in enumerate(companies):
            values: dict[str, Any] = {}
            if i % 4:
                values["stage"] = rng.choice(["New", "Qualified", "Won"])
            if i % 3:
                values["priority"] = rng.choice([1, 2, 3, 5])
            body = {"parent_record_id": company, "parent_object": "companies"}
            ok(
                http.post(
                    "/v2/lists/pipeline/entries", json={"data": {**body, "entry_values": values}}
                )
            )
        yield http


def test_entry_pages_match_the_general_plan(
    pipeline: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent_name = {"path": [["pipeline", "parent_record"], ["companies", "name"]],
                   "constraints": {"value": "Acme"}}  # fmt: skip
    bodies = [
        {"sorts": [sort], "limit": limit, "offset": offset, **({"filter": f} if f else {})}
        for sort in (
            _sort("stage"),
            _sort("stage", "desc"),
            _sort("priority"),
            _sort("priority", "desc"),
            _sort("created_at", "desc"),
        )
        for f in (None, {"stage": "Won"}, {"priority": {"$gte": 2}}, parent_name)
        for limit, offset in ((100, 0), (4, 2), (10, 25), (5, 38))
    ]

    def ids(body: dict[str, Any]) -> list[str]:
        data = ok(pipeline.post("/v2/lists/pipeline/entries/query", json=body))
        return [e["id"]["entry_id"] for e in data]

    monkeypatch.setattr(planner, "WALK_TRIAL_STEPS", 10**12)
    walked = [ids(body) for body in bodies]
    monkeypatch.setattr(handlers_data, "indexed_sort", lambda *args, **kwargs: None)
    assert walked == [ids(body) for body in bodies]
    assert any(len(page) >= 4 for page in walked)
