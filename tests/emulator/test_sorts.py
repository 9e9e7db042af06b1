"""The sort compiler against FACTS.md §3.6, run on a small canonical SQLite workspace."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.emulator.filters import FilterError
from particle_orm.emulator.sorts import compile_sorts
from tests.emulator.filter_fixtures import Workspace, build


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return build()


def asc(attribute: str, field: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"direction": "asc", "attribute": attribute}
    if field:
        item["field"] = field
    return item


def desc(attribute: str, field: str | None = None) -> dict[str, Any]:
    return {**asc(attribute, field), "direction": "desc"}


# --- FACTS.md §3.6 examples ---


def test_attribute_with_field(ws: Workspace) -> None:
    # Doe, Jones, Liddell, Smith
    assert ws.query("people", sorts=[asc("name", "last_name")]) == [
        "p-jane",
        "p-bob",
        "p-alice",
        "p-john",
    ]
    assert ws.query("people", sorts=[desc("name", "first_name")]) == [
        "p-john",
        "p-jane",
        "p-bob",
        "p-alice",
    ]


def test_multiselect_attribute_sorts_by_first_value_and_missing_values_come_last(
    ws: Workspace,
) -> None:
    # john@smith.com, jane@apple.com (ord 0, not jane@personal.org), bob@ltd.co.uk; Alice none
    assert ws.query("people", sorts=[desc("email_addresses")]) == [
        "p-john",
        "p-jane",
        "p-bob",
        "p-alice",
    ]
    assert ws.query("people", sorts=[asc("email_addresses")]) == [
        "p-bob",
        "p-jane",
        "p-john",
        "p-alice",
    ]
    # tags: john [A, B] -> a, jane [B] -> b, bob [C, A] -> c
    assert ws.query("people", sorts=[asc("tags")]) == ["p-john", "p-jane", "p-bob", "p-alice"]


def test_path_sort_through_a_record_reference(ws: Workspace) -> None:
    path = [["people", "company"], ["companies", "name"]]
    # Acme LTD (bob), Apple Inc (john, jane: seq order), Alice has no company
    assert ws.query("people", sorts=[{"direction": "asc", "path": path}]) == [
        "p-bob",
        "p-john",
        "p-jane",
        "p-alice",
    ]
    assert ws.query("people", sorts=[{"direction": "desc", "path": path}]) == [
        "p-john",
        "p-jane",
        "p-bob",
        "p-alice",
    ]


def test_path_sort_through_parent_record(ws: Workspace) -> None:
    sales = [{"direction": "asc", "path": [["sales", "parent_record"], ["companies", "name"]]}]
    assert ws.query_entries("sales", sorts=sales) == ["s-acme", "s-apple"]
    by_first_name = {
        "direction": "desc",
        "path": [["candidates", "parent_record"], ["people", "name"]],
        "field": "first_name",
    }
    assert ws.query_entries("candidates", sorts=[by_first_name]) == ["e-john", "e-jane", "e-bob"]


def test_multi_hop_path_sort(ws: Workspace) -> None:
    # The company's first team member's last name: apple -> john (Smith), acme -> bob (Jones)
    path = [["people", "company"], ["companies", "team"], ["people", "name"]]
    sorts = [{"direction": "asc", "path": path, "field": "last_name"}]
    assert ws.query("people", sorts=sorts) == ["p-bob", "p-john", "p-jane", "p-alice"]


# --- keys per type ---


def test_numbers_sort_numerically_with_missing_last(ws: Workspace) -> None:
    assert ws.query("people", sorts=[desc("age")]) == ["p-jane", "p-john", "p-bob", "p-alice"]
    assert ws.query("people", sorts=[asc("age")]) == ["p-john", "p-jane", "p-bob", "p-alice"]
    assert ws.query("companies", sorts=[asc("funding_raised_usd")]) == [
        "c-acme",
        "c-apple",
        "c-orange",
        "c-blank",
    ]


def test_dates_timestamps_and_text(ws: Workspace) -> None:
    assert ws.query("companies", sorts=[asc("foundation_date")]) == [
        "c-acme",
        "c-apple",
        "c-orange",
        "c-blank",
    ]
    assert ws.query("people", sorts=[desc("created_at")]) == [
        "p-alice",
        "p-jane",
        "p-john",
        "p-bob",
    ]
    # Text sorts ignore case ("Acme LTD" < "apple inc" < "Blank" < "Orange Apple Co")
    assert ws.query("companies", sorts=[asc("name")]) == [
        "c-acme",
        "c-apple",
        "c-blank",
        "c-orange",
    ]


def test_several_sorts_apply_in_order(ws: Workspace) -> None:
    # job titles: jane "CEO"; john "Engineer" and bob "engineer" tie case-insensitively
    sorts = [asc("job_title"), desc("name")]
    assert ws.query("people", sorts=sorts) == ["p-jane", "p-john", "p-bob", "p-alice"]
    sorts = [asc("job_title"), asc("name")]
    assert ws.query("people", sorts=sorts) == ["p-jane", "p-bob", "p-john", "p-alice"]


def test_historic_values_do_not_affect_order(ws: Workspace) -> None:
    # d-won's historic "Lead" must not count; titles: in progress < lead < won
    assert ws.query("deals", sorts=[asc("stage")]) == ["d-big", "d-small", "d-won"]
    # Alice's historic name "John Smith" must not count
    assert ws.query("people", sorts=[asc("name")]) == ["p-alice", "p-bob", "p-jane", "p-john"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (asc("primary_location", "locality"), ["p-john", "p-jane", "p-bob", "p-alice"]),
        (desc("primary_location", "region"), ["p-jane", "p-john", "p-bob", "p-alice"]),
        (desc("primary_location", "latitude"), ["p-john", "p-jane", "p-bob", "p-alice"]),
        (asc("phone_numbers", "country_code"), ["p-john", "p-jane", "p-bob", "p-alice"]),
        (desc("email_addresses", "email_domain"), ["p-john", "p-bob", "p-jane", "p-alice"]),
        (asc("last_email_interaction"), ["p-bob", "p-john", "p-jane", "p-alice"]),
        (desc("is_vip"), ["p-john", "p-jane", "p-bob", "p-alice"]),
        (asc("tier"), ["p-john", "p-jane", "p-bob", "p-alice"]),
        (asc("company", "target_record_id"), ["p-bob", "p-john", "p-jane", "p-alice"]),
        (desc("owner", "referenced_actor_id"), ["p-jane", "p-john", "p-bob", "p-alice"]),
        (asc("name", "full_name"), ["p-alice", "p-bob", "p-jane", "p-john"]),
        (asc("job_title", "value"), ["p-jane", "p-john", "p-bob", "p-alice"]),
    ],
)
def test_fields_of_multi_property_types(
    ws: Workspace, sort: dict[str, Any], expected: list[str]
) -> None:
    assert ws.query("people", sorts=[sort]) == expected


def test_domain_root_domain_field(ws: Workspace) -> None:
    assert ws.query("companies", sorts=[desc("domains", "root_domain")]) == [
        "c-orange",
        "c-apple",
        "c-acme",
        "c-blank",
    ]


# --- output shape and validation ---


def test_terms_end_with_seq_and_empty_sorts_mean_insertion_order(ws: Workspace) -> None:
    kwargs: dict[str, Any] = {"schema": ws.schema, "kind": "record", "container_id": "obj-people"}
    assert compile_sorts(None, outer="r", **kwargs) == ("r.seq", [])
    assert compile_sorts([], outer="x", **kwargs) == ("x.seq", [])
    terms, params = compile_sorts([desc("age")], outer="r", **kwargs)
    assert terms.endswith(", r.seq")
    assert "DESC NULLS LAST" in terms
    assert params == ["obj-people.age"]
    assert ws.query("people", sorts=[]) == ["p-john", "p-jane", "p-bob", "p-alice"]


@pytest.mark.parametrize(
    ("sorts", "message"),
    [
        ({"direction": "asc", "attribute": "name"}, "must be a list"),
        (["name"], "must be an object"),
        ([{"attribute": "name"}], "direction is required"),
        ([{"direction": "ASC", "attribute": "name"}], "'asc' or 'desc'"),
        ([{"direction": "asc"}], "exactly one of"),
        (
            [{"direction": "asc", "attribute": "name", "path": [["people", "name"]]}],
            "exactly one of",
        ),
        ([{"direction": "asc", "attribute": "name", "order": 1}], "unknown keys: order"),
        ([asc("name", "middle_name")], "not a sortable field"),
        ([asc("age", "first_name")], "not a sortable field"),
        ([{"direction": "asc", "attribute": "name", "field": 3}], "field must be a string"),
        ([{"direction": "asc", "path": [["companies", "name"]]}], "first `path` pair"),
        ([{"direction": "asc", "path": [["people", "age"], ["people", "name"]]}], "record-ref"),
    ],
)
def test_bad_sorts_raise_filter_error(ws: Workspace, sorts: Any, message: str) -> None:
    with pytest.raises(FilterError, match=message) as info:
        ws.query("people", sorts=sorts)
    assert info.value.code == "filter_error"


def test_unknown_sort_attribute_is_an_unknown_slug(ws: Workspace) -> None:
    with pytest.raises(FilterError) as info:
        ws.query("people", sorts=[asc("nope")])
    assert info.value.code == "unknown_filter_attribute_slug"
    assert info.value.message == "Unknown attribute slug: nope."
    assert info.value.path is None
    with pytest.raises(FilterError) as info:
        ws.query(
            "people",
            sorts=[{"direction": "asc", "path": [["people", "company"], ["companies", "nope"]]}],
        )
    assert info.value.code == "unknown_filter_attribute_slug"
    assert info.value.path is None
