"""SpecContract: matching, request and response validation, readable violations."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.contract import ContractViolation, SpecContract, SpecUnavailable, get_contract

UUID = "0f0f0f0f-0000-4000-8000-000000000000"
QUERY = "/v2/objects/people/records/query"


@pytest.fixture
def people(real_body: Callable[[str], Any]) -> Any:
    return copy.deepcopy(real_body("records-query-people.json"))


def test_operations_listed(spec_contract: SpecContract) -> None:
    ops = {str(op) for op in spec_contract.operations()}
    assert len(ops) == len(spec_contract.operations()) == 67
    assert "POST /v2/objects/{object}/records/query" in ops
    assert "DELETE /v2/lists/{list}/entries/{entry_id}" in ops
    op = spec_contract.operation("post", "/v2/objects/{object}/records/query")
    assert op.has_request_body and 200 in op.statuses


def test_operation_lookup_names_missing_operation(spec_contract: SpecContract) -> None:
    with pytest.raises(KeyError, match="GET /v2/nowhere"):
        spec_contract.operation("GET", "/v2/nowhere")


@pytest.mark.parametrize(
    ("method", "path", "template"),
    [
        ("GET", f"/v2/objects/people/records/{UUID}", "/v2/objects/{object}/records/{record_id}"),
        ("post", "/v2/objects/records/search", "/v2/objects/records/search"),
        ("POST", QUERY, "/v2/objects/{object}/records/query"),
        ("GET", "/v2/lists/sales/attributes", "/v2/{target}/{identifier}/attributes"),
        ("DELETE", f"/v2/notes/{UUID}", "/v2/notes/{note_id}"),
        ("GET", "/scim/v2/Schemas", "/scim/v2/Schemas"),
    ],
)
def test_match(spec_contract: SpecContract, method: str, path: str, template: str) -> None:
    op = spec_contract.match(method, path)
    assert op is not None and op.template == template and op.method == method.upper()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/objects/companies/records"),  # only POST/PUT exist here
        ("GET", "/v2/objects/people/records/not-a-uuid"),
        ("POST", f"/v2/attributes/{UUID}/archive"),
    ],
)
def test_no_match(spec_contract: SpecContract, method: str, path: str) -> None:
    assert spec_contract.match(method, path) is None


def test_path_params(spec_contract: SpecContract) -> None:
    params = spec_contract.path_params("GET", f"/v2/objects/people/records/{UUID}")
    assert params == {"object": "people", "record_id": UUID}


def test_valid_real_body_passes(spec_contract: SpecContract, people: Any) -> None:
    spec_contract.validate_response("POST", QUERY, 200, people)


def test_missing_required_key_fails_with_pointer(spec_contract: SpecContract, people: Any) -> None:
    del people["data"][0]["id"]["record_id"]
    with pytest.raises(ContractViolation) as caught:
        spec_contract.validate_response("POST", QUERY, 200, people)
    violation = caught.value
    assert [e.pointer for e in violation.errors] == ["/data/0/id"]
    assert '"record_id" is a required property' in str(violation)
    assert "at /data/0/id" in str(violation)
    assert violation.operation == "/v2/objects/{object}/records/query"
    assert violation.status == 200 and violation.direction == "response"


def test_wrong_type_inside_value_union_names_the_leaf(
    spec_contract: SpecContract, people: Any
) -> None:
    people["data"][0]["values"]["name"][0]["first_name"] = 5
    violation = spec_contract.check_response("POST", QUERY, 200, people)
    assert violation is not None
    assert [e.pointer for e in violation.errors] == ["/data/0/values/name/0/first_name"]
    assert 'is not of type "string"' in violation.errors[0].message


def test_every_error_listed(spec_contract: SpecContract, people: Any) -> None:
    del people["data"][0]["id"]["record_id"]
    people["data"][0]["created_at"] = 12
    violation = spec_contract.check_response("POST", QUERY, 200, people)
    assert violation is not None
    assert sorted(e.pointer for e in violation.errors) == ["/data/0/created_at", "/data/0/id"]


def test_formats_asserted(spec_contract: SpecContract, people: Any) -> None:
    # A timestamp value: declared `format: date` upstream, repaired to date-time.
    people["data"][0]["values"]["created_at"][0]["value"] = "yesterday"
    violation = spec_contract.check_response("POST", QUERY, 200, people)
    assert violation is not None
    assert violation.errors[0].pointer == "/data/0/values/created_at/0/value"
    assert "date-time" in violation.errors[0].message


def test_nanosecond_timestamps_accepted(spec_contract: SpecContract, people: Any) -> None:
    people["data"][0]["created_at"] = "2025-07-22T15:07:00.895000000Z"
    assert spec_contract.check_response("POST", QUERY, 200, people) is None


def test_missing_response_body(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_response("GET", "/v2/self", 200, None)
    assert violation is not None and "none was received" in str(violation)


def test_undocumented_success_status(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_response("GET", "/v2/objects", 201, {"data": []})
    assert violation is not None and "201 is not documented" in str(violation)


def _error(status: int, **extra: Any) -> dict[str, Any]:
    body = {"status_code": status, "type": "x", "code": "y", "message": "z"}
    body.update(extra)
    return body


@pytest.mark.parametrize("status", [401, 429, 500, 503])
def test_undocumented_error_statuses_use_error_shape(
    spec_contract: SpecContract, status: int
) -> None:
    spec_contract.validate_response("GET", "/v2/objects", status, _error(status))
    body = _error(status)
    del body["message"]
    violation = spec_contract.check_response("GET", "/v2/objects", status, body)
    assert violation is not None and '"message" is a required property' in str(violation)


def test_documented_error_status_uses_its_schema(spec_contract: SpecContract) -> None:
    path = f"/v2/objects/people/records/{UUID}"
    good = _error(404, type="invalid_request_error", code="not_found")
    spec_contract.validate_response("GET", path, 404, good)
    bad = _error(404, type="invalid_request_error", code="slug_conflict")
    violation = spec_contract.check_response("GET", path, 404, bad)
    assert violation is not None and violation.errors[0].pointer == "/code"


def test_unknown_route_may_only_answer_errors(spec_contract: SpecContract) -> None:
    path = f"/v2/attributes/{UUID}/archive"
    spec_contract.validate_response("POST", path, 404, _error(404))
    spec_contract.validate_response("POST", path, 401, _error(401))
    assert spec_contract.check_response("POST", path, 404, _error(401)) is not None
    violation = spec_contract.check_response("POST", path, 200, {"data": {}})
    assert violation is not None and violation.operation is None
    assert "no documented Attio operation" in str(violation)


def test_no_content_response(spec_contract: SpecContract) -> None:
    path = f"/v2/meetings/{UUID}/call_recordings/{UUID}"
    spec_contract.validate_response("DELETE", path, 204, None)
    violation = spec_contract.check_response("DELETE", path, 204, {"data": {}})
    assert violation is not None and "must not carry a body" in str(violation)


def test_request_valid(spec_contract: SpecContract) -> None:
    op = spec_contract.validate_request(
        "POST", QUERY, {"filter": {"name": "Ada"}, "limit": 10, "offset": 0}
    )
    assert op.template == "/v2/objects/{object}/records/query"
    body = {"data": {"values": {"name": "Ada", "email_addresses": ["a@b.co"]}}}
    spec_contract.validate_request("POST", "/v2/objects/people/records", body)


def test_request_invalid_lists_pointer(spec_contract: SpecContract) -> None:
    with pytest.raises(ContractViolation) as caught:
        spec_contract.validate_request("POST", "/v2/objects/people/records", {"data": {}})
    assert caught.value.direction == "request" and caught.value.status is None
    assert [e.pointer for e in caught.value.errors] == ["/data"]
    assert '"values" is a required property' in str(caught.value)


def test_request_wrong_type(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_request("POST", QUERY, {"limit": "ten"})
    assert violation is not None and violation.errors[0].pointer == "/limit"


def test_request_body_where_none_allowed(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_request("GET", "/v2/objects", {"x": 1})
    assert violation is not None and "takes no request body" in str(violation)
    assert spec_contract.check_request("GET", "/v2/objects", None) is None


def test_request_missing_required_body(spec_contract: SpecContract) -> None:
    op = spec_contract.operation("POST", "/v2/objects/{object}/records")
    assert op.request_body_required
    violation = spec_contract.check_request("POST", "/v2/objects/people/records", None)
    assert violation is not None and "requires a JSON request body" in str(violation)


def test_request_to_unknown_route(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_request("GET", "/v2/objects/companies/records", None)
    assert violation is not None and violation.operation is None


def test_long_messages_truncated(spec_contract: SpecContract, people: Any) -> None:
    people["data"][0]["values"] = "x" * 5000
    violation = spec_contract.check_response("POST", QUERY, 200, people)
    assert violation is not None
    assert len(str(violation)) < 1000


def test_many_errors_summarised(spec_contract: SpecContract, people: Any) -> None:
    record = people["data"][0]
    people["data"] = [copy.deepcopy(record) for _ in range(30)]
    for item in people["data"]:
        item["created_at"] = 1
    violation = spec_contract.check_response("POST", QUERY, 200, people)
    assert violation is not None and len(violation.errors) == 30
    assert "... and 10 more" in str(violation)


def test_get_contract_is_cached(spec_contract: SpecContract) -> None:
    assert get_contract() is spec_contract
    assert "67 operations" in repr(spec_contract)


def test_missing_spec_raises_specific_error(tmp_path: Any) -> None:
    with pytest.raises(SpecUnavailable, match=r"openapi\.json"):
        get_contract(tmp_path / "openapi.json")


def test_violation_is_assertion_error() -> None:
    assert issubclass(ContractViolation, AssertionError)


ATTRS = "/v2/objects/people/attributes"


@pytest.mark.parametrize(
    "query",
    [{}, {"limit": "10", "offset": "0", "show_archived": "true"}, [("show_archived", "false")]],
)
def test_query_valid(spec_contract: SpecContract, query: Any) -> None:
    spec_contract.validate_request("GET", ATTRS, None, query=query)


@pytest.mark.parametrize(
    ("query", "pointer", "text"),
    [
        ({"limit": "ten"}, "?limit", "integer"),
        ({"limit": "1.5"}, "?limit", "integer"),
        ({"show_archived": "yes"}, "?show_archived", "boolean"),
        ({"page": "2"}, "?page", "undocumented query parameter"),
    ],
)
def test_query_invalid(spec_contract: SpecContract, query: Any, pointer: str, text: str) -> None:
    violation = spec_contract.check_request("GET", ATTRS, None, query=query)
    assert violation is not None
    assert [e.pointer for e in violation.errors] == [pointer]
    assert text in violation.errors[0].message


def test_query_required_parameter(spec_contract: SpecContract) -> None:
    body = {"data": {"values": {"email_addresses": ["a@b.co"]}}}
    path = "/v2/objects/people/records"
    violation = spec_contract.check_request("PUT", path, body, query={})
    assert violation is not None and violation.errors[0].pointer == "?matching_attribute"
    spec_contract.validate_request("PUT", path, body, query={"matching_attribute": "email"})


def test_query_unchecked_when_not_given(spec_contract: SpecContract) -> None:
    assert (
        spec_contract.check_request("PUT", "/v2/objects/people/records", {"data": {"values": {}}})
        is None
    )


def test_no_route_message_names_documented_methods(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_request("GET", "/v2/objects/companies/records", None)
    assert violation is not None
    text = str(violation)
    assert "documented only for: " in text
    assert (
        "POST /v2/objects/{object}/records" in text and "PUT /v2/objects/{object}/records" in text
    )


def test_no_route_message_names_bad_parameter(spec_contract: SpecContract) -> None:
    violation = spec_contract.check_request("GET", "/v2/objects/people/records/123", None)
    assert violation is not None
    assert "{record_id} does not accept '123' (expected a UUID)" in str(violation)


def test_every_error_in_the_intended_value_branch_listed(
    spec_contract: SpecContract, people: Any
) -> None:
    name = people["data"][0]["values"]["name"][0]
    name["first_name"] = 5
    name["last_name"] = 6
    violation = spec_contract.check_response("POST", QUERY, 200, people)
    assert violation is not None
    assert sorted(e.pointer for e in violation.errors) == [
        "/data/0/values/name/0/first_name",
        "/data/0/values/name/0/last_name",
    ]
