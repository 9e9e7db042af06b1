"""Realistic request bodies (FACTS.md examples) pass; malformed ones fail precisely.

A false positive here would make every client test fail, so the positive cases cover the
shapes the client sends: filters, sorts, writes with bare and array values, asserts.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract import SpecContract

U = "99a03ff3-0000-4000-8000-000000000000"
QUERY = "/v2/objects/people/records/query"

FILTERS: list[dict[str, Any]] = [
    {"name": "John Smith", "email_addresses": "john@smith.com"},
    {
        "$and": [
            {"name": {"full_name": {"$eq": "John Smith"}}},
            {"email_addresses": {"email_address": {"$eq": "john@smith.com"}}},
        ]
    },
    {"domains": {"$not_empty": True}},
    {"record_id": {"$in": [U, U]}},
    {"foundation_date": {"$gte": "2019-01-01", "$lte": "2019-12-31"}},
    {"created_at": {"$gte": "2023-11-24T08:00:00Z", "$lt": "2023-11-24T09:00:00Z"}},
    {"$not": {"name": {"first_name": "John"}}},
    {"$or": [{"stage": "In Progress"}, {"stage": "Lead"}]},
    {"owner": {"referenced_actor_type": "workspace-member", "referenced_actor_id": U}},
    {"company": {"target_object": "companies", "target_record_id": {"$in": [U]}}},
    {"path": [["people", "company"], ["companies", "name"]], "constraints": {"$contains": "x"}},
    {"amount": {"$gte": 500.5}},
    {"done": False},
]
SORTS = [
    {"direction": "asc", "attribute": "name", "field": "last_name"},
    {"direction": "desc", "attribute": "email_addresses"},
    {"direction": "asc", "path": [["people", "company"], ["companies", "name"]]},
]


@pytest.mark.parametrize("filter_", FILTERS)
def test_records_query_filters(spec_contract: SpecContract, filter_: dict[str, Any]) -> None:
    body = {"filter": filter_, "sorts": SORTS, "limit": 500, "offset": 0}
    spec_contract.validate_request("POST", QUERY, body)


REQUESTS: list[tuple[str, str, dict[str, str], dict[str, Any]]] = [
    (
        "POST",
        "/v2/objects/people/records",
        {},
        {
            "data": {
                "values": {
                    "company": [{"target_object": "companies", "target_record_id": U}],
                    "associated_company": "acme.com",
                    "name": [{"first_name": "A", "last_name": "B", "full_name": "A B"}],
                    "email_addresses": ["a@b.co"],
                    "amount": 3.14,
                    "stage": "Lead",
                }
            }
        },
    ),
    (
        "PUT",
        "/v2/objects/people/records",
        {"matching_attribute": "email_addresses"},
        {"data": {"values": {"email_addresses": [{"email_address": "a@b.co"}]}}},
    ),
    ("PATCH", f"/v2/objects/people/records/{U}", {}, {"data": {"values": {"tags": ["x"]}}}),
    (
        "POST",
        "/v2/lists/sales/entries",
        {},
        {"data": {"parent_record_id": U, "parent_object": "companies", "entry_values": {}}},
    ),
    ("PATCH", f"/v2/lists/sales/entries/{U}", {}, {"data": {"entry_values": {"rating": 3}}}),
    ("POST", "/v2/lists/sales/entries/query", {}, {}),
    (
        "POST",
        "/v2/objects/records/search",
        {},
        {"query": "", "objects": ["people"], "request_as": {"type": "workspace"}, "limit": 25},
    ),
    (
        "POST",
        "/v2/lists",
        {},
        {
            "data": {
                "name": "Sales",
                "api_slug": "sales",
                "parent_object": "companies",
                "workspace_access": "full-access",
                "workspace_member_access": [],
            }
        },
    ),
    (
        "POST",
        "/v2/objects/people/attributes",
        {},
        {
            "data": {
                "title": "Amount owed",
                "description": None,
                "api_slug": "amount_owed",
                "type": "currency",
                "is_required": False,
                "is_unique": False,
                "is_multiselect": False,
                "config": {"currency": {"default_currency_code": "USD", "display_type": "symbol"}},
                "default_value": None,
            }
        },
    ),
    ("PATCH", "/v2/objects/people/attributes/t", {}, {"data": {"is_archived": True}}),
    (
        "PATCH",
        "/v2/objects/deals/attributes/stage/statuses/In%20Progress",
        {},
        {"data": {"is_archived": True}},
    ),
    ("POST", "/v2/objects/people/attributes/tags/options", {}, {"data": {"title": "VIP"}}),
]


@pytest.mark.parametrize(("method", "path", "query", "body"), REQUESTS)
def test_write_requests(
    spec_contract: SpecContract,
    method: str,
    path: str,
    query: dict[str, str],
    body: dict[str, Any],
) -> None:
    spec_contract.validate_request(method, path, body, query=query)


@pytest.mark.parametrize(
    ("path", "body", "pointers"),
    [
        (QUERY, {"sorts": [{"direction": "up", "attribute": "name"}]}, ["/sorts/0/direction"]),
        (QUERY, {"filter": "x"}, ["/filter"]),
        (
            "/v2/objects/records/search",
            {"query": "", "objects": [], "request_as": {"type": "workspace"}, "limit": 26},
            ["/objects", "/limit"],
        ),
        (
            "/v2/lists/sales/entries",
            {"data": {"parent_record_id": "nope", "parent_object": "companies"}},
            ["/data", "/data/parent_record_id"],
        ),
    ],
)
def test_malformed_requests(
    spec_contract: SpecContract, path: str, body: dict[str, Any], pointers: list[str]
) -> None:
    violation = spec_contract.check_request("POST", path, body)
    assert violation is not None
    assert sorted(e.pointer for e in violation.errors) == sorted(pointers)
