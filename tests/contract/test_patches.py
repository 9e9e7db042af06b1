"""The spec repairs: what each changes, that they are needed, and nothing more."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.contract import ContractViolation, SpecContract, patch_spec


@pytest.fixture(scope="module")
def raw_spec(shared_attio: Path) -> dict[str, Any]:
    with (shared_attio / "openapi.json").open(encoding="utf-8") as handle:
        spec: dict[str, Any] = json.load(handle)
    return spec


def _all_nodes(node: Any) -> list[dict[str, Any]]:
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.append(current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def test_patch_counts_are_pinned(spec_contract: SpecContract) -> None:
    # If Attio fixes (or adds) defects upstream these numbers move: re-check the repairs.
    counts = {patch.name: patch.count for patch in spec_contract.patches}
    assert counts["timestamp-format"] == 16
    assert counts["relationship-id-only"] == 1
    assert counts["note-meeting-id-optional"] == 1
    assert counts["matching-attribute-placeholder"] == 3
    assert counts["error-status-code-key"] == 2
    assert counts["write-values-single"] == 8
    assert counts["nullable-keyword"] > 0
    assert counts["nullable-enum"] > 0


def test_no_openapi_30_keywords_or_date_timestamps_remain(spec_contract: SpecContract) -> None:
    nodes = _all_nodes(spec_contract.spec)
    assert not [n for n in nodes if "nullable" in n]
    dates = [n for n in nodes if n.get("format") == "date"]
    assert all("T" not in str(n.get("example", "")) for n in dates)


def test_patching_is_idempotent(raw_spec: dict[str, Any], spec_contract: SpecContract) -> None:
    again = json.loads(json.dumps(spec_contract.spec))
    assert all(patch.count == 0 for patch in patch_spec(again))
    assert again == spec_contract.spec
    assert raw_spec != spec_contract.spec  # the contract patched a copy, not the input


def test_unpatched_spec_rejects_real_bodies(
    raw_spec: dict[str, Any], real_body: Callable[[str], Any], spec_contract: SpecContract
) -> None:
    # Proves each targeted repair is load-bearing: without it, real traffic fails.
    import jsonschema_rs

    def schema(template: str, method: str, status: str = "200") -> dict[str, Any]:
        path = f"#/paths/{template.replace('~', '~0').replace('/', '~1')}/{method}"
        pointer = f"{path}/responses/{status}/content/application~1json/schema"
        return {"$ref": pointer.replace("{", "%7B").replace("}", "%7D")}

    def valid(spec: dict[str, Any], ref: dict[str, Any], body: Any) -> bool:
        root = dict(spec, **ref)
        return bool(jsonschema_rs.Draft202012Validator(root).is_valid(body))

    record = real_body("records-get-company-shapescale-kofacials.json")
    rec_ref = schema("/v2/objects/{object}/records/{record_id}", "get")
    assert not valid(raw_spec, rec_ref, record)  # null actor id
    assert valid(spec_contract.spec, rec_ref, record)

    notes = real_body("notes-list.json")
    assert not valid(raw_spec, schema("/v2/notes", "get"), notes)  # no meeting_id
    attrs = real_body("attributes-list-people.json")
    attrs_ref = schema("/v2/{target}/{identifier}/attributes", "get")
    assert not valid(raw_spec, attrs_ref, attrs)  # null enums, {id}-only relationship
    conflict = real_body("errors-400-uniqueness-conflict.json")
    assert not valid(raw_spec, schema("/v2/objects/{object}/records", "post", "400"), conflict)


def test_nullable_keyword_variants() -> None:
    spec: dict[str, Any] = {
        "a": {"type": "string", "nullable": True, "enum": ["x"]},
        "b": {"$ref": "#/c", "nullable": True, "description": "kept"},
        "c": {"type": ["string", "null"], "nullable": True},
        "d": {"type": "integer", "nullable": False},
    }
    patch_spec(spec)
    assert spec["a"] == {"type": ["string", "null"], "enum": ["x", None]}
    assert spec["b"] == {"description": "kept", "anyOf": [{"$ref": "#/c"}, {"type": "null"}]}
    assert spec["c"] == {"type": ["string", "null"]}
    assert spec["d"] == {"type": "integer"}


def test_date_format_fixed_only_for_timestamps() -> None:
    spec: dict[str, Any] = {
        "ts": {"type": "string", "format": "date", "example": "2023-01-01T15:00:00.000000000Z"},
        "day": {"type": "string", "format": "date", "example": "2023-01-01"},
    }
    patch_spec(spec)
    assert spec["ts"]["format"] == "date-time"
    assert spec["day"]["format"] == "date"


def test_error_codes_widened_per_status_only(spec_contract: SpecContract) -> None:
    responses = spec_contract.spec["paths"]["/v2/lists"]["post"]["responses"]
    code_400 = responses["400"]["content"]["application/json"]["schema"]["properties"]["code"]
    assert {"value_not_found", "validation_type", "uniqueness_conflict"} <= set(code_400["enum"])
    assert "not_found" not in code_400["enum"]  # a 404 code stays invalid on a 400
    code_404 = responses["404"]["content"]["application/json"]["schema"]["properties"]["code"]
    assert code_404["enum"] == ["not_found"]


def test_a_task_linked_by_matching_attribute_validates(spec_contract: SpecContract) -> None:
    body = {
        "data": {
            "content": "Call Ada",
            "format": "plaintext",
            "deadline_at": None,
            "is_completed": False,
            "linked_records": [
                {"target_object": "people", "email_addresses": [{"email_address": "a@b.com"}]}
            ],
            "assignees": [],
        }
    }
    spec_contract.validate_request("POST", "/v2/tasks", body)
    body["data"]["linked_records"] = [{"email_addresses": [{"email_address": "a@b.com"}]}]
    with pytest.raises(ContractViolation):
        spec_contract.validate_request("POST", "/v2/tasks", body)  # target_object is required
