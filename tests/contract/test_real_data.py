"""Every captured real body validates against the patched spec (real data wins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.contract import SpecContract

UUID = "0f0f0f0f-0000-4000-8000-000000000000"
RECORD = f"/v2/objects/companies/records/{UUID}"

# file -> (method, concrete path, status), from ../shared/attio/real/README.md.
SUCCESS = {
    "objects-list.json": ("GET", "/v2/objects"),
    "objects-get-users.json": ("GET", "/v2/objects/users"),
    "attributes-list-people.json": ("GET", "/v2/objects/people/attributes"),
    "attributes-create-people-text.json": ("POST", "/v2/objects/people/attributes"),
    "attributes-get-people-text.json": ("GET", "/v2/objects/people/attributes/notes_text"),
    "attributes-update-people-text.json": ("PATCH", "/v2/objects/people/attributes/notes_text"),
    "lists-list.json": ("GET", "/v2/lists"),
    "lists-create.json": ("POST", "/v2/lists"),
    "lists-get-companies-cryocon.json": ("GET", "/v2/lists/mss_2025_04_2025_2"),
    "lists-get-companies-prospecting.json": ("GET", "/v2/lists/prospecting"),
    "lists-get-companies-a4m.json": ("GET", "/v2/lists/pstm24_2"),
    "lists-get-people.json": ("GET", f"/v2/lists/{UUID}"),
    "lists-get-deals.json": ("GET", f"/v2/lists/{UUID}"),
    "entries-query-list-companies.json": ("POST", f"/v2/lists/{UUID}/entries/query"),
    "records-query-people.json": ("POST", "/v2/objects/people/records/query"),
    "records-query-people-abridged.json": ("POST", "/v2/objects/people/records/query"),
    "records-create-person-abridged.json": ("POST", "/v2/objects/people/records"),
    "records-get-company-shapescale-energyguided.json": ("GET", RECORD),
    "records-get-company-shapescale-integrative-pain.json": ("GET", RECORD),
    "records-get-company-shapescale-kofacials.json": ("GET", RECORD),
    "records-get-person-shapescale.json": ("GET", f"/v2/objects/people/records/{UUID}"),
    "notes-list.json": ("GET", "/v2/notes"),
    "notes-create.json": ("POST", "/v2/notes"),
    "webhooks-list-empty.json": ("GET", "/v2/webhooks"),
    "workspace-members-list.json": ("GET", "/v2/workspace_members"),
    "workspace-members-get.json": ("GET", f"/v2/workspace_members/{UUID}"),
}

ERRORS = {
    "errors-404-unknown-endpoint.json": ("POST", f"/v2/attributes/{UUID}/archive", 404),
    "errors-404-unknown-endpoint-get-records.json": ("GET", "/v2/objects/companies/records", 404),
    "errors-400-validation-list-create.json": ("POST", "/v2/lists", 400),
    "errors-400-validation-record-create-name.json": ("POST", "/v2/objects/people/records", 400),
    "errors-400-validation-record-create-missing-values.json": (
        "POST",
        "/v2/objects/people/records",
        400,
    ),
    "errors-400-validation-attribute-create-invalid-option.json": (
        "POST",
        "/v2/objects/people/attributes",
        400,
    ),
    "errors-400-validation-webhook-create.json": ("POST", "/v2/webhooks", 400),
    "errors-400-validation-webhook-create-filter.json": ("POST", "/v2/webhooks", 400),
    "errors-400-uniqueness-conflict.json": ("POST", "/v2/objects/people/records", 400),
    "errors-401-invalid-api-key.json": ("GET", "/v2/self", 401),
}


def test_tables_cover_every_real_file(shared_attio: Any) -> None:
    names = {p.name for p in (shared_attio / "real").glob("*.json")}
    assert names == set(SUCCESS) | set(ERRORS)


@pytest.mark.parametrize("name", sorted(SUCCESS))
def test_success_body_validates(
    spec_contract: SpecContract, real_body: Callable[[str], Any], name: str
) -> None:
    method, path = SUCCESS[name]
    assert spec_contract.match(method, path) is not None
    spec_contract.validate_response(method, path, 200, real_body(name))


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_body_validates(
    spec_contract: SpecContract, real_body: Callable[[str], Any], name: str
) -> None:
    method, path, status = ERRORS[name]
    body = real_body(name)
    assert body["status_code"] == status
    spec_contract.validate_response(method, path, status, body)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_body_fails_under_another_status(
    spec_contract: SpecContract, real_body: Callable[[str], Any], name: str
) -> None:
    # The error shape pins status_code to the HTTP status, so the check is not vacuous.
    method, path, _status = ERRORS[name]
    violation = spec_contract.check_response(method, path, 503, real_body(name))
    assert violation is not None
    assert "/status_code" in str(violation)
