"""The filter compiler against FACTS.md §3, run on a small canonical SQLite workspace."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.emulator.filters import (
    FilterError,
    compile_filter,
    normalise_date,
    normalise_timestamp,
)
from tests.emulator.filter_fixtures import OBJECTS, Workspace, build, name

ALL_OPS = (
    "$eq",
    "$in",
    "$not_empty",
    "$contains",
    "$starts_with",
    "$ends_with",
    "$lt",
    "$lte",
    "$gt",
    "$gte",
)
ORDER = {"$eq", "$lt", "$lte", "$gt", "$gte"}
SUBSTRING = {"$contains", "$starts_with", "$ends_with"}

# What FACTS.md §2.1 (last column) and §3.3 document, written out independently of the code:
# (object, attribute, property) -> (sample operand, documented operators)
DOCUMENTED: dict[tuple[str, str, str], tuple[Any, set[str]]] = {
    ("people", "job_title", "value"): ("Engineer", {"$eq", "$in"} | SUBSTRING),
    ("people", "record_id", "value"): ("p-john", {"$eq", "$in"} | SUBSTRING),
    ("people", "age", "value"): (30, ORDER),
    ("people", "performance", "value"): (4, ORDER),
    ("companies", "funding_raised_usd", "currency_value"): (1000, ORDER),
    ("companies", "funding_raised_usd", "value"): (1000, set()),
    ("companies", "funding_raised_usd", "currency_code"): ("USD", set()),
    ("people", "birthday", "value"): ("1990-05-01", ORDER),
    ("people", "created_at", "value"): ("2023-11-24T08:30:00Z", ORDER),
    ("people", "is_vip", "value"): (True, {"$eq"}),
    ("deals", "stage", "status"): ("In Progress", {"$eq"}),
    ("deals", "stage", "active_from"): ("2023-11-20T00:00:00Z", {"$lt", "$lte", "$gt", "$gte"}),
    ("people", "tier", "option"): ("Gold", {"$eq"}),
    ("people", "tier", "active_from"): ("2023-11-20T00:00:00Z", {"$lt", "$lte", "$gt", "$gte"}),
    ("people", "company", "target_object"): ("companies", {"$eq"}),
    ("people", "company", "target_record_id"): ("c-apple", {"$eq", "$in"}),
    ("people", "owner", "referenced_actor_type"): ("workspace-member", {"$eq"}),
    ("people", "owner", "referenced_actor_id"): ("m-1", {"$eq"}),
    **{
        ("people", "primary_location", prop): ("Cupertino", {"$eq"} | SUBSTRING)
        for prop in ("line_1", "line_2", "line_3", "line_4", "locality", "region", "postcode")
    },
    ("people", "primary_location", "country_code"): ("US", {"$eq", "$starts_with"}),
    ("people", "primary_location", "latitude"): ("37.33182", set()),
    ("people", "primary_location", "longitude"): ("-122.03118", set()),
    ("companies", "domains", "domain"): ("apple.com", {"$eq", "$not_empty"} | SUBSTRING),
    ("companies", "domains", "root_domain"): ("apple.com", {"$eq", "$not_empty"} | SUBSTRING),
    **{
        ("people", "email_addresses", prop): ("john@smith.com", {"$eq"} | SUBSTRING)
        for prop in ("email_address", "email_domain", "email_root_domain", "email_local_specifier")
    },
    ("people", "email_addresses", "original_email_address"): ("john@smith.com", set()),
    ("people", "phone_numbers", "phone_number"): ("+447777777798", {"$eq"} | SUBSTRING),
    ("people", "phone_numbers", "country_code"): ("GB", {"$eq", "$not_empty"}),
    ("people", "phone_numbers", "original_phone_number"): ("+447777777798", set()),
    ("people", "last_email_interaction", "owner_member_id"): ("m-1", {"$eq", "$not_empty"}),
    ("people", "last_email_interaction", "interacted_at"): ("2023-11-01T10:00:00Z", ORDER),
    ("people", "last_email_interaction", "interaction_type"): ("email", {"$eq", "$not_empty"}),
    **{
        ("people", "name", prop): ("John", {"$eq", "$not_empty"} | SUBSTRING)
        for prop in ("first_name", "last_name", "full_name")
    },
}

# Record- and actor-reference conditions must name both keys; the matrix adds the other one.
COMPANIONS = {
    ("company", "target_object"): {"target_record_id": "c-apple"},
    ("company", "target_record_id"): {"target_object": "companies"},
    ("owner", "referenced_actor_type"): {"referenced_actor_id": "m-1"},
    ("owner", "referenced_actor_id"): {"referenced_actor_type": "workspace-member"},
}


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return build()


def _operand(op: str, sample: Any) -> Any:
    if op == "$in":
        return [sample]
    if op == "$not_empty":
        return True
    return sample


MATRIX = [
    pytest.param(obj, attr, prop, op, sample, op in ops, id=f"{attr}.{prop}.{op}")
    for (obj, attr, prop), (sample, ops) in DOCUMENTED.items()
    for op in ALL_OPS
]


@pytest.mark.parametrize(("obj", "attr", "prop", "op", "sample", "documented"), MATRIX)
def test_operator_matrix(
    ws: Workspace, obj: str, attr: str, prop: str, op: str, sample: Any, documented: bool
) -> None:
    constraint = {prop: {op: _operand(op, sample)}, **COMPANIONS.get((attr, prop), {})}
    if documented:
        rows = ws.query(obj, {attr: constraint})
        assert isinstance(rows, list)
        assert set(rows) <= set(ws.query(obj))
    else:
        with pytest.raises(FilterError) as info:
            ws.query(obj, {attr: constraint})
        assert info.value.code == "filter_error"
        assert (op in info.value.message) or (repr(prop) in info.value.message)


SHORTHAND = [
    ("people", "job_title", "Engineer", ["p-john"]),
    ("people", "age", 30, ["p-john"]),
    ("people", "performance", 4, ["p-john"]),
    ("people", "is_vip", True, ["p-john"]),
    ("companies", "funding_raised_usd", 1000, ["c-apple"]),
    ("people", "birthday", "1990-05-01", ["p-john"]),
    ("people", "created_at", "2023-11-24T08:30:00Z", ["p-john"]),
    ("deals", "stage", "Lead", ["d-small"]),
    ("people", "tier", "Silver", ["p-jane"]),
    ("companies", "domains", "acme.co.uk", ["c-acme"]),
    ("people", "email_addresses", "jane@personal.org", ["p-jane"]),
    ("people", "phone_numbers", "+14155550100", ["p-jane"]),
    ("people", "name", "Bob Jones", ["p-bob"]),
]


@pytest.mark.parametrize(("obj", "attr", "value", "expected"), SHORTHAND)
def test_shorthand_is_eq_on_the_default_property(
    ws: Workspace, obj: str, attr: str, value: Any, expected: list[str]
) -> None:
    assert ws.query(obj, {attr: value}) == expected
    assert ws.query(obj, {attr: {"$eq": value}}) == expected


@pytest.mark.parametrize("attr", ["company", "owner", "primary_location", "last_email_interaction"])
def test_types_without_shorthand_reject_scalars_and_bare_operators(
    ws: Workspace, attr: str
) -> None:
    for constraint in ("x", {"$eq": "x"}):
        with pytest.raises(FilterError, match="no shorthand") as info:
            ws.query("people", {attr: constraint})
        assert info.value.code == "filter_error"


@pytest.mark.parametrize(
    ("attr", "explicit", "expected"),
    [
        ("age", {"value": {"$gte": 40}}, ["p-jane"]),
        ("performance", {"value": {"$gte": 3}}, ["p-john"]),
        ("is_vip", {"value": {"$eq": False}}, ["p-jane"]),
        ("job_title", {"value": {"$contains": "ceo"}}, ["p-jane"]),
        ("birthday", {"value": "1990-05-01"}, ["p-john"]),
    ],
)
def test_explicit_value_property(
    ws: Workspace, attr: str, explicit: dict[str, Any], expected: list[str]
) -> None:
    assert ws.query("people", {attr: explicit}) == expected


def test_explicit_currency_value_and_numeric_strings(ws: Workspace) -> None:
    assert ws.query("companies", {"funding_raised_usd": {"currency_value": {"$gte": 250.5}}}) == [
        "c-apple",
        "c-acme",
    ]
    assert ws.query("deals", {"value": "500"}) == ["d-big"]
    assert ws.query("deals", {"value": {"$lt": "500.01"}}) == ["d-big"]


# --- FACTS.md §3.2 examples ---

EXAMPLES_3_2: list[tuple[str, dict[str, Any], list[str]]] = [
    ("people", {"name": "John Smith", "email_addresses": "john@smith.com"}, ["p-john"]),
    (
        "people",
        {
            "$and": [
                {"name": {"full_name": {"$eq": "John Smith"}}},
                {"email_addresses": {"email_address": {"$eq": "john@smith.com"}}},
            ]
        },
        ["p-john"],
    ),
    ("companies", {"domains": {"$not_empty": True}}, ["c-apple", "c-acme", "c-orange"]),
    ("people", {"record_id": {"$in": ["p-john", "p-bob"]}}, ["p-john", "p-bob"]),
    ("people", {"primary_location": {"locality": {"$contains": "new york"}}}, ["p-jane"]),
    (
        "companies",
        {"foundation_date": {"$gte": "2019-01-01", "$lte": "2019-12-31"}},
        ["c-apple", "c-orange"],
    ),
    (
        "people",
        {"created_at": {"$gte": "2023-11-24T08:00:00Z", "$lt": "2023-11-24T09:00:00Z"}},
        ["p-john"],
    ),
    ("people", {"$not": {"name": {"first_name": "John"}}}, ["p-jane", "p-bob", "p-alice"]),
    (
        "companies",
        {
            "$and": [
                {"name": {"$contains": "Apple"}},
                {"$not": {"domains": {"root_domain": "apple.com"}}},
            ]
        },
        ["c-orange"],
    ),
    ("deals", {"stage": "In Progress"}, ["d-big"]),
    ("deals", {"$or": [{"stage": "In Progress"}, {"stage": "Lead"}]}, ["d-big", "d-small"]),
    ("deals", {"stage": {"active_from": {"$gte": "2023-11-20"}}}, ["d-big", "d-won"]),
    (
        "deals",
        {"owner": {"referenced_actor_type": "workspace-member", "referenced_actor_id": "m-1"}},
        ["d-big"],
    ),
    (
        "people",
        {"company": {"target_object": "companies", "target_record_id": "c-apple"}},
        ["p-john", "p-jane"],
    ),
    (
        "people",
        {
            "company": {
                "target_object": "companies",
                "target_record_id": {"$in": ["c-acme", "c-orange"]},
            }
        },
        ["p-bob"],
    ),
    ("people", {"last_email_interaction": {"owner_member_id": {"$not_empty": True}}}, ["p-john"]),
    (
        "people",
        {"primary_location": {"locality": "Cupertino", "region": "CA", "country_code": "US"}},
        ["p-john"],
    ),
]


EXAMPLES_3_2_AND_MORE = [
    *EXAMPLES_3_2,
    ("people", {"tags": "A", "name": {"last_name": "Jones"}}, ["p-bob"]),
    ("deals", {"$not": {"stage": "Lead"}}, ["d-big", "d-won"]),
]


@pytest.mark.parametrize(
    ("obj", "filter", "expected"), EXAMPLES_3_2, ids=[str(i) for i in range(len(EXAMPLES_3_2))]
)
def test_facts_3_2_examples(
    ws: Workspace, obj: str, filter: dict[str, Any], expected: list[str]
) -> None:
    assert ws.query(obj, filter) == expected


# --- §3.4 entries and §3.5 paths ---


def test_entry_attributes_filter_like_record_attributes(ws: Workspace) -> None:
    assert ws.query_entries("candidates", {"stage": "Hired"}) == ["e-jane"]
    assert ws.query_entries("candidates", {"score": {"$gte": 3}}) == ["e-john", "e-jane"]
    assert ws.query_entries("candidates", {"entry_id": "e-bob"}) == ["e-bob"]


def test_entry_filter_through_parent_record(ws: Workspace) -> None:
    path = [["candidates", "parent_record"], ["people", "email_addresses"]]
    filter = {"path": path, "constraints": {"email_domain": "apple.com"}}
    assert ws.query_entries("candidates", filter) == ["e-jane"]
    by_id = {
        "path": [["candidates", "parent_record"], ["people", "record_id"]],
        "constraints": {"value": "p-john"},
    }
    assert ws.query_entries("candidates", by_id) == ["e-john"]
    assert ws.query_entries("candidates", {"$not": by_id}) == ["e-jane", "e-bob"]


def test_parent_record_id_is_an_unknown_slug_on_entries(ws: Workspace) -> None:
    with pytest.raises(FilterError) as info:
        ws.query_entries("candidates", {"parent_record_id": "p-john"})
    assert info.value.code == "unknown_filter_attribute_slug"
    assert info.value.path == ["parent_record_id"]


EXAMPLES_3_5: list[tuple[str, str, dict[str, Any], list[str]]] = [
    (
        "record",
        "companies",
        {
            "path": [["companies", "team"], ["people", "name"]],
            "constraints": {"first_name": {"$eq": "John"}},
        },
        ["c-apple"],
    ),
    (
        "record",
        "people",
        {
            "path": [["people", "manager"], ["people", "manager"]],
            "constraints": {"target_object": "people", "target_record_id": "p-jane"},
        },
        ["p-bob"],
    ),
    (
        "entry",
        "candidates",
        {
            "path": [
                ["candidates", "parent_record"],
                ["people", "company"],
                ["companies", "team"],
            ],
            "constraints": {"target_object": "people", "target_record_id": "p-jane"},
        },
        ["e-john", "e-jane"],
    ),
    (
        "entry",
        "candidates",
        {
            "path": [
                ["candidates", "parent_record"],
                ["people", "company"],
                ["companies", "team"],
            ],
            "constraints": {"target_object": "people", "target_record_id": "p-bob"},
        },
        ["e-bob"],
    ),
    (
        "record",
        "deals",
        {
            "path": [["deals", "associated_company"], ["companies", "name"]],
            "constraints": {"$contains": "APPLE"},
        },
        ["d-big"],
    ),
    (
        "entry",
        "sales",
        {
            "path": [["sales", "parent_record"], ["companies", "domains"]],
            "constraints": {"root_domain": "acme.co.uk"},
        },
        ["s-acme"],
    ),
]


@pytest.mark.parametrize(
    ("kind", "container", "filter", "expected"),
    EXAMPLES_3_5,
    ids=[str(i) for i in range(len(EXAMPLES_3_5))],
)
def test_facts_3_5_path_examples(
    ws: Workspace, kind: str, container: str, filter: dict[str, Any], expected: list[str]
) -> None:
    run = ws.query if kind == "record" else ws.query_entries
    assert run(container, filter) == expected


def test_path_filters_combine_with_logic(ws: Workspace) -> None:
    team_john = {
        "path": [["companies", "team"], ["people", "name"]],
        "constraints": {"first_name": "John"},
    }
    assert ws.query("companies", {"$not": team_john}) == ["c-acme", "c-orange", "c-blank"]
    assert ws.query("companies", {"$or": [team_john, {"name": "Acme LTD"}]}) == [
        "c-apple",
        "c-acme",
    ]


@pytest.mark.parametrize(
    ("filter", "message"),
    [
        ({"path": [["companies", "team"], ["people", "name"]], "constraints": {}}, "first"),
        ({"path": [["people", "job_title"], ["people", "name"]], "constraints": {}}, "record-ref"),
        ({"path": [["people", "company"], ["people", "name"]], "constraints": {}}, "cannot lead"),
        ({"path": [["people", "company"], ["nope", "name"]], "constraints": {}}, "Unknown object"),
        ({"path": [], "constraints": {}}, "non-empty"),
        ({"path": [["people"]], "constraints": {}}, "pair"),
        ({"path": [["people", "name"]]}, "exactly the keys"),
        ({"path": [["people", "name"]], "constraints": "x", "name": "x"}, "exactly the keys"),
        ({"path": [["people", "parent_record"], ["people", "name"]], "constraints": {}}, "slug"),
    ],
)
def test_bad_paths_are_rejected(ws: Workspace, filter: dict[str, Any], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        ws.query("people", filter)


def test_unknown_slug_in_a_path_reports_its_location(ws: Workspace) -> None:
    with pytest.raises(FilterError) as info:
        ws.query(
            "companies",
            {"$and": [{"path": [["companies", "team"], ["people", "nope"]], "constraints": "x"}]},
        )
    assert info.value.code == "unknown_filter_attribute_slug"
    assert info.value.path == ["$and", "0", "path", "1", "1"]
    assert info.value.message == "Unknown attribute slug: nope."


# --- errors ---


@pytest.mark.parametrize(
    ("filter", "path"),
    [
        ({"email": "x"}, ["email"]),
        ({"$or": [{"name": "x"}, {"email": "x"}]}, ["$or", "1", "email"]),
        ({"$not": {"$and": [{"nope": 1}]}}, ["$not", "$and", "0", "nope"]),
    ],
)
def test_unknown_slug_error_names_the_key_location(
    ws: Workspace, filter: dict[str, Any], path: list[str]
) -> None:
    with pytest.raises(FilterError) as info:
        ws.query("people", filter)
    assert info.value.code == "unknown_filter_attribute_slug"
    assert info.value.path == path
    assert info.value.message == f"Unknown attribute slug: {path[-1]}."


@pytest.mark.parametrize(
    ("obj", "filter", "message"),
    [
        ("deals", {"stage": "Nope"}, "Unknown status for status field constraint: Nope"),
        ("deals", {"stage": "in progress"}, "Unknown status for status field constraint"),
        ("people", {"tags": "Nope"}, "Unknown select option for select field constraint: Nope"),
        ("people", {"created_at": {"$gte": "2023-11-24"}}, "must include a date and a time"),
        ("people", {"created_at": "yesterday"}, "Invalid timestamp"),
        ("people", {"birthday": "1990-13-01"}, "Invalid date"),
        ("companies", {"domains": {"$not_empty": False}}, "takes true"),
        ("people", {"job_title": {"$in": "Engineer"}}, "takes a list"),
        ("people", {"job_title": {"$ne": "Engineer"}}, "Unknown filter operator"),
        ("people", {"$nor": []}, "Unknown logical operator"),
        ("people", {"$and": {"name": "x"}}, "list of filters"),
        ("people", {"name": {"middle_name": "x"}}, "Unknown property"),
        ("people", {"name": {}}, "Empty constraint"),
        ("people", {"name": {"first_name": {}}}, "Empty constraint"),
        ("people", {"name": ["John"]}, "expected a value or an object"),
        ("people", {"name": None}, "expected a value or an object"),
        ("people", {"company": {"target_record_id": "c-apple"}}, "missing: target_object"),
        ("people", {"owner": {"referenced_actor_id": "m-1"}}, "missing: referenced_actor_type"),
        ("people", {"company": {"target_object": "nope", "target_record_id": "x"}}, "Unknown"),
        ("people", {"age": "thirty"}, "Expected a number"),
        ("people", {"is_vip": "true"}, "Expected true or false"),
        ("people", {"job_title": 5}, "Expected a string"),
        ("people", {"job_title": {"$contains": 5}}, "takes a string"),
        ("people", ["name"], "must be a JSON object"),
        ("people", {"$not": "x"}, "must be a JSON object"),
    ],
)
def test_bad_filters_raise_filter_error(ws: Workspace, obj: str, filter: Any, message: str) -> None:
    with pytest.raises(FilterError, match=message) as info:
        ws.query(obj, filter)
    assert info.value.code == "filter_error"
    assert info.value.path is None


def test_errors_are_raised_before_any_sql_and_repr_is_informative() -> None:
    ws = build()
    ws.db.close()  # any SQL would now fail with sqlite3.ProgrammingError
    with pytest.raises(FilterError) as info:
        compile_filter(
            {"stage": "Nope"},
            schema=ws.schema,
            kind="record",
            container_id=OBJECTS["deals"],
            outer="r",
        )
    assert "filter_error" in repr(info.value)


# --- semantics ---


def test_empty_filters_match_everything(ws: Workspace) -> None:
    everyone = ["p-john", "p-jane", "p-bob", "p-alice"]
    assert ws.query("people", None) == everyone
    assert ws.query("people", {}) == everyone
    assert ws.query("people", {"$and": []}) == everyone
    assert ws.query("people", {"$or": []}) == []
    assert ws.query("people", {"record_id": {"$in": []}}) == []


def test_multiselect_any_value_matches_and_not_negates_the_whole_condition(
    ws: Workspace,
) -> None:
    assert ws.query("people", {"tags": "A"}) == ["p-john", "p-bob"]
    assert ws.query("people", {"tags": "opt-b"}) == ["p-john", "p-jane"]
    assert ws.query("people", {"$not": {"tags": "A"}}) == ["p-jane", "p-alice"]
    assert ws.query("people", {"tags": "A", "$and": [{"tags": "C"}]}) == ["p-bob"]
    assert ws.query("companies", {"categories": "Hardware"}) == ["c-apple"]
    assert ws.query("companies", {"$not": {"domains": {"domain": "apple.com"}}}) == [
        "c-acme",
        "c-orange",
        "c-blank",
    ]


def test_properties_of_one_condition_must_hold_on_the_same_value(ws: Workspace) -> None:
    same = {"email_addresses": {"email_domain": "apple.com", "email_local_specifier": "jane"}}
    assert ws.query("people", same) == ["p-jane"]
    mixed = {"email_addresses": {"email_domain": "personal.org", "email_local_specifier": "john"}}
    assert ws.query("people", mixed) == []
    several_ops = {"phone_numbers": {"$starts_with": "+44", "$ends_with": "798"}}
    assert ws.query("people", several_ops) == ["p-john"]
    assert ws.query("people", {"phone_numbers": {"$starts_with": "+44", "$ends_with": "100"}}) == []


def test_historic_values_are_ignored(ws: Workspace) -> None:
    assert ws.query("people", {"email_addresses": "john@smith.com"}) == ["p-john"]
    assert ws.query("people", {"name": "John Smith"}) == ["p-john"]
    assert ws.query("people", {"primary_location": {"locality": "New York"}}) == ["p-jane"]
    assert ws.query("deals", {"stage": "Lead"}) == ["d-small"]
    assert ws.query("deals", {"stage": {"active_from": {"$lt": "2023-11-01"}}}) == []


def test_text_eq_is_exact_and_substring_operators_ignore_case(ws: Workspace) -> None:
    assert ws.query("people", {"job_title": "engineer"}) == ["p-bob"]
    assert ws.query("people", {"job_title": {"$in": ["Engineer", "CEO"]}}) == ["p-john", "p-jane"]
    assert ws.query("people", {"job_title": {"$contains": "GIN"}}) == ["p-john", "p-bob"]
    assert ws.query("people", {"job_title": {"$starts_with": "eng"}}) == ["p-john", "p-bob"]
    assert ws.query("people", {"job_title": {"$ends_with": "EO"}}) == ["p-jane"]
    assert ws.query("people", {"job_title": {"$ends_with": "Engineer!"}}) == []
    assert ws.query("people", {"name": {"full_name": {"$starts_with": "ja"}}}) == ["p-jane"]
    assert ws.query("people", {"name": {"last_name": {"$ends_with": "ONES"}}}) == ["p-bob"]
    assert ws.query("people", {"name": {"$contains": "smith"}}) == ["p-john"]
    assert ws.query("companies", {"domains": {"$contains": "APPLE"}}) == ["c-apple"]
    assert ws.query("companies", {"domains": {"root_domain": {"$ends_with": ".uk"}}}) == ["c-acme"]
    assert ws.query("people", {"email_addresses": {"$ends_with": "@smith.com"}}) == ["p-john"]
    assert ws.query("people", {"primary_location": {"country_code": {"$starts_with": "u"}}}) == [
        "p-john",
        "p-jane",
    ]


def test_an_empty_substring_matches_every_present_value(ws: Workspace) -> None:
    assert ws.query("people", {"job_title": {"$contains": ""}}) == ["p-john", "p-jane", "p-bob"]


def test_comparison_values_are_normalised_like_stored_values(ws: Workspace) -> None:
    assert ws.query("people", {"email_addresses": "JOHN@Smith.COM"}) == ["p-john"]
    assert ws.query("companies", {"domains": "Apple.com"}) == ["c-apple"]
    assert ws.query("people", {"phone_numbers": "+44 7777 777-798"}) == ["p-john"]
    assert ws.query("people", {"phone_numbers": {"country_code": "gb"}}) == ["p-john"]
    assert ws.query("people", {"created_at": "2023-11-24T10:30:00+02:00"}) == ["p-john"]
    assert ws.query("people", {"created_at": "2023-11-24T08:30:00.000Z"}) == ["p-john"]
    assert ws.query("companies", {"foundation_date": {"$lt": "2019"}}) == ["c-acme"]
    assert ws.query("companies", {"foundation_date": {"$gte": "2019-12"}}) == ["c-orange"]


def test_numbers_checkbox_rating_interaction(ws: Workspace) -> None:
    assert ws.query("people", {"age": {"$gt": 30}}) == ["p-jane"]
    assert ws.query("people", {"age": {"$lte": 45, "$gte": 30}}) == ["p-john", "p-jane"]
    assert ws.query("people", {"$not": {"age": {"$gte": 0}}}) == ["p-bob", "p-alice"]
    assert ws.query("people", {"is_vip": False}) == ["p-jane"]
    assert ws.query("people", {"performance": {"$lt": 4}}) == ["p-jane"]
    interaction = "last_email_interaction"
    assert ws.query("people", {interaction: {"interacted_at": {"$gte": "2023-10-15T00:00Z"}}}) == [
        "p-john"
    ]
    assert ws.query("people", {interaction: {"interaction_type": "calendar-event"}}) == ["p-bob"]
    assert ws.query("people", {interaction: {"owner_member_id": "m-1"}}) == ["p-john"]
    assert ws.query("people", {interaction: {"interaction_type": {"$not_empty": True}}}) == [
        "p-john",
        "p-bob",
    ]


def test_select_and_status_by_id_and_active_from(ws: Workspace) -> None:
    assert ws.query("deals", {"stage": "st-won"}) == ["d-won"]
    assert ws.query("deals", {"stage": {"status": "Won 🎉"}}) == ["d-won"]
    assert ws.query("people", {"tier": {"option": {"$eq": "opt-gold"}}}) == ["p-john"]
    window = {"$gt": "2023-11-21T09:00:00Z", "$lte": "2023-11-22T00:00:00Z"}
    assert ws.query("deals", {"stage": {"active_from": window}}) == ["d-won"]
    assert (
        ws.query(
            "deals",
            {
                "stage": "In Progress",
                "owner": {
                    "referenced_actor_type": "workspace-member",
                    "referenced_actor_id": "m-2",
                },
            },
        )
        == []
    )


def test_record_references_by_object_id_and_attribute_ids(ws: Workspace) -> None:
    constraint = {"target_object": "obj-companies", "target_record_id": "c-acme"}
    assert ws.query("people", {"company": constraint}) == ["p-bob"]
    assert ws.query("people", {"obj-people.company": constraint}) == ["p-bob"]
    team = {"target_object": "people", "target_record_id": {"$in": ["p-jane", "p-bob"]}}
    assert ws.query("companies", {"team": team}) == ["c-apple", "c-acme"]


def test_compile_filter_output_and_alias_checks(ws: Workspace) -> None:
    kwargs: dict[str, Any] = {"schema": ws.schema, "kind": "record", "container_id": "obj-people"}
    # Equality on a keyed property: an uncorrelated id list found through value_by_attr_text.
    sql, params = compile_filter({"name": "John Smith"}, outer="r", **kwargs)
    assert sql.startswith("r.id IN (SELECT") and "active_until IS NULL" in sql
    assert params == ["obj-people.name", "john smith", "John Smith"]
    # Anything else: a correlated EXISTS pinned to value_by_parent.
    sql, params = compile_filter({"name": {"first_name": {"$contains": "Jo"}}}, outer="r", **kwargs)
    assert sql.startswith("EXISTS (SELECT 1 FROM value fv1 INDEXED BY value_by_parent")
    assert "fv1.parent_id = r.id" in sql
    assert params == ["obj-people.name", "Jo"]
    entry_sql, _ = compile_filter(
        {"path": [["candidates", "parent_record"], ["people", "age"]], "constraints": 1},
        schema=ws.schema,
        kind="entry",
        container_id="list-candidates",
        outer="e",
    )
    assert "e.parent_record_id" in entry_sql
    assert compile_filter(None, outer="r", **kwargs) == ("1", [])
    with pytest.raises(ValueError, match="identifier"):
        compile_filter(None, outer="r; --", **kwargs)
    with pytest.raises(ValueError, match="kind"):
        compile_filter(None, schema=ws.schema, kind="thing", container_id="o", outer="r")  # type: ignore[arg-type]


PLAN_FILTERS: list[tuple[str, dict[str, Any]]] = [
    ("people", {"name": "John Smith", "age": {"$gte": 30}}),
    ("people", {"email_addresses": {"email_domain": "apple.com"}, "job_title": "CEO"}),
    ("people", {"$not": {"tags": "A"}, "record_id": {"$in": ["p-john"]}}),
    (
        "people",
        {
            "name": {"$starts_with": "jo"},
            "company": {"target_object": "companies", "target_record_id": "c-apple"},
        },
    ),
    ("companies", {"path": [["companies", "team"], ["people", "age"]], "constraints": {"$lt": 40}}),
]


def _plan(ws: Workspace, obj: str, filter: dict[str, Any]) -> list[str]:
    object_id = OBJECTS[obj]
    where, params = compile_filter(
        filter, schema=ws.schema, kind="record", container_id=object_id, outer="r"
    )
    plan = ws.db.execute(
        f"EXPLAIN QUERY PLAN SELECT r.id FROM record r WHERE r.object_id = ? AND ({where})",
        [object_id, *params],
    ).fetchall()
    return [row[3] for row in plan]


@pytest.mark.parametrize("json_indexes", [True, False])
@pytest.mark.parametrize(("obj", "filter"), PLAN_FILTERS)
def test_query_plans_never_scan_the_value_table(
    obj: str, filter: dict[str, Any], json_indexes: bool
) -> None:
    details = _plan(build(json_indexes=json_indexes), obj, filter)
    value_steps = [d for d in details if " fv" in d]
    assert value_steps, details
    assert all(d.startswith("SEARCH") and "INDEX" in d for d in value_steps), details


@pytest.mark.parametrize(
    ("obj", "filter", "index"),
    [
        (
            "people",
            {"email_addresses": {"email_domain": "apple.com"}},
            "value_by_json_email_domain",
        ),
        ("deals", {"stage": "Lead"}, "value_by_json_status_id"),
        ("people", {"tags": {"$eq": "A"}}, "value_by_json_option_id"),
        ("people", {"name": {"last_name": "Doe"}}, "value_by_json_last_name"),
        ("companies", {"domains": {"root_domain": "apple.com"}}, "value_by_json_root_domain"),
    ],
)
def test_equality_on_indexed_json_properties_uses_the_expression_indexes(
    ws: Workspace, obj: str, filter: dict[str, Any], index: str
) -> None:
    assert any(index in step for step in _plan(ws, obj, filter))


def test_results_do_not_depend_on_the_json_indexes() -> None:
    plain = build(json_indexes=False)
    indexed = build()
    for obj, filter, _ in EXAMPLES_3_2_AND_MORE:
        assert plain.query(obj, filter) == indexed.query(obj, filter)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-24T08:00:00Z", "2023-11-24T08:00:00.000000000Z"),
        ("2023-11-24T08:00Z", "2023-11-24T08:00:00.000000000Z"),
        ("2023-11-24 08:00:00.123", "2023-11-24T08:00:00.123000000Z"),
        ("2023-11-24T08:00:00.123456789Z", "2023-11-24T08:00:00.123456789Z"),
        ("2023-11-24T01:00:00-10:00", "2023-11-24T11:00:00.000000000Z"),
        ("2023-11-24T01:00:00+0530", "2023-11-23T19:30:00.000000000Z"),
    ],
)
def test_normalise_timestamp(text: str, expected: str) -> None:
    assert normalise_timestamp(text) == expected


def test_normalise_timestamp_date_only() -> None:
    with pytest.raises(FilterError):
        normalise_timestamp("2023-11-24")
    assert normalise_timestamp("2023-11-24", date_only_ok=True) == "2023-11-24T00:00:00.000000000Z"
    with pytest.raises(FilterError):
        normalise_timestamp("2023-11-24Z", date_only_ok=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", "2023-01-01"),
        ("2023-02", "2023-02-01"),
        ("2023-02-03", "2023-02-03"),
        ("2023-01-02T23:00:00-10:00", "2023-01-03"),
        ("2023-01-02T13:00", "2023-01-02"),
    ],
)
def test_normalise_date(text: str, expected: str) -> None:
    assert normalise_date(text) == expected


def test_case_insensitive_matching_beyond_ascii() -> None:
    ws = build()
    ws.record("people", "p-emile", name=name("Émile", "Zola"), job_title={"value": "ÉCRIVAIN"})
    assert ws.query("people", {"job_title": {"$contains": "écri"}}) == ["p-emile"]
    assert ws.query("people", {"job_title": {"$starts_with": "écrivain"}}) == ["p-emile"]
    assert ws.query("people", {"name": {"$starts_with": "émile z"}}) == ["p-emile"]
    assert ws.query("people", {"job_title": "écrivain"}) == []  # $eq stays exact


def test_paths_accept_ids_and_report_unknown_hops(ws: Workspace) -> None:
    by_ids = {
        "path": [["obj-companies", "obj-companies.team"], ["obj-people", "obj-people.age"]],
        "constraints": {"$gte": 45},
    }
    assert ws.query("companies", by_ids) == ["c-apple"]
    with pytest.raises(FilterError) as info:
        ws.query(
            "companies",
            {"path": [["companies", "staff"], ["people", "name"]], "constraints": "x"},
        )
    assert info.value.code == "unknown_filter_attribute_slug"
    assert info.value.path == ["path", "0", "1"]


def test_multiselect_reference_paths_match_any_referenced_record(ws: Workspace) -> None:
    # Apple's team is [john, jane]; only jane is 45.
    older = {"path": [["companies", "team"], ["people", "age"]], "constraints": {"$gt": 40}}
    assert ws.query("companies", older) == ["c-apple"]
    younger = {"path": [["companies", "team"], ["people", "age"]], "constraints": {"$lt": 40}}
    assert ws.query("companies", younger) == ["c-apple"]
    both = {"$and": [older, younger]}
    assert ws.query("companies", both) == ["c-apple"]
    assert ws.query("companies", {"$not": older}) == ["c-acme", "c-orange", "c-blank"]
