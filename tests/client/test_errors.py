"""Error bodies map to exception classes by (status, code), and print in one safe line."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from particle_orm.client import (
    AmbiguousWriteError,
    APIError,
    AttioError,
    AuthenticationError,
    BadRequestError,
    BillingError,
    ConnectionFailedError,
    FilterError,
    ImmutableValueError,
    MatchingAttributeNotUniqueError,
    MissingValueError,
    MultipleMatchResultsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    SlugConflictError,
    SystemEditUnauthorizedError,
    UniquenessConflictError,
    UnknownFilterAttributeError,
    ValidationError,
    ValueNotFoundError,
    error_from_response,
)
from particle_orm.errors import ParticleError

# Every (status, code) documented in FACTS.md §9 and the class a user catches for it.
EXPECTED: dict[tuple[int, str], type[APIError]] = {
    (400, "validation_type"): ValidationError,
    (400, "value_not_found"): ValueNotFoundError,
    (400, "filter_error"): FilterError,
    (400, "unknown_filter_attribute_slug"): UnknownFilterAttributeError,
    (400, "missing_value"): MissingValueError,
    (400, "immutable_value"): ImmutableValueError,
    (400, "multiple_match_results"): MultipleMatchResultsError,
    (400, "system_edit_unauthorized"): SystemEditUnauthorizedError,
    (400, "uniqueness_conflict"): UniquenessConflictError,
    (400, "matching_attribute_definition_not_unique"): MatchingAttributeNotUniqueError,
    (401, "unauthorized"): AuthenticationError,
    (403, "unauthorized"): PermissionDeniedError,
    (403, "billing_error"): BillingError,
    (404, "not_found"): NotFoundError,
    (409, "slug_conflict"): SlugConflictError,
    (429, "rate_limit_exceeded"): RateLimitedError,
}


def body(status: int, code: str, message: str = "Something went wrong.", **extra: object) -> bytes:
    payload = {"status_code": status, "type": "invalid_request_error", "code": code}
    return json.dumps({**payload, "message": message, **extra}).encode()


@pytest.mark.parametrize(("key", "cls"), sorted(EXPECTED.items()), ids=lambda v: str(v))
def test_each_documented_code_maps_to_its_class(key: tuple[int, str], cls: type[APIError]) -> None:
    status, code = key
    exc = error_from_response("POST", "/v2/objects/people/records", status, {}, body(status, code))
    assert type(exc) is cls
    assert (exc.status_code, exc.code, exc.message) == (status, code, "Something went wrong.")
    assert isinstance(exc, APIError) and isinstance(exc, AttioError)
    assert isinstance(exc, ParticleError)


def _facts_error_rows(shared_attio: Path) -> list[tuple[str, str]]:
    text = (shared_attio / "FACTS.md").read_text(encoding="utf-8")
    section = text.split("## 9. Errors", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"\d{3}|5xx", cells[0]):
            rows.append((cells[0], cells[2].strip("`")))
    return rows


def test_facts_section_9_is_fully_covered(shared_attio: Path) -> None:
    rows = _facts_error_rows(shared_attio)
    assert len(rows) >= 15, rows  # guards the parser itself
    for status, code in rows:
        if status == "5xx":
            for real_status in (500, 502, 503, 504):
                exc = error_from_response("GET", "/v2/self", real_status, {}, b"oops")
                assert type(exc) is ServerError
            continue
        key = (int(status), code)
        assert key in EXPECTED, f"FACTS.md §9 lists {key}, which the tests do not map"
        exc = error_from_response("GET", "/v2/x", key[0], {}, body(key[0], code))
        assert type(exc) is EXPECTED[key]


def test_real_error_bodies_map_cleanly(shared_attio: Path) -> None:
    files = sorted((shared_attio / "real").glob("errors-*.json"))
    assert files, "no captured error bodies found"
    for path in files:
        raw = path.read_bytes()
        decoded = json.loads(raw)
        status, code = decoded["status_code"], decoded["code"]
        exc = error_from_response("POST", "/v2/lists", status, {}, raw)
        assert type(exc) is EXPECTED[(status, code)], path.name
        assert exc.message == decoded["message"]
        assert exc.validation_errors == decoded.get("validation_errors", [])
        text = str(exc)
        assert "\n" not in text and text.startswith(f"POST /v2/lists -> {status} {code}: ")


def test_real_uniqueness_conflict_parses_attribute_id(shared_attio: Path) -> None:
    raw = (shared_attio / "real" / "errors-400-uniqueness-conflict.json").read_bytes()
    exc = error_from_response("POST", "/v2/objects/people/records", 400, {}, raw)
    assert isinstance(exc, UniquenessConflictError)
    assert exc.attribute_id == "b8bfd231-5bd9-4092-9d39-dbf3f0e6e0d9"
    assert exc.conflicting_record_ids == []


def test_uniqueness_conflict_parses_conflicting_record_ids() -> None:
    message = (
        'A value provided for attribute with slug "domains" conflicts with one already in the '
        "system. This attribute has a uniqueness constraint. Conflicting record IDs: "
        "0a1b2c3d-0000-4000-8000-000000000001, 0a1b2c3d-0000-4000-8000-000000000002."
    )
    exc = error_from_response("POST", "/p", 400, {}, body(400, "uniqueness_conflict", message))
    assert isinstance(exc, UniquenessConflictError)
    assert exc.attribute_slug == "domains"
    assert exc.conflicting_record_ids == [
        "0a1b2c3d-0000-4000-8000-000000000001",
        "0a1b2c3d-0000-4000-8000-000000000002",
    ]


def test_validation_errors_are_listed_in_the_message() -> None:
    raw = body(
        400,
        "validation_type",
        "Body payload validation error.",
        validation_errors=[
            {"code": "invalid_type", "path": ["data", "subscriptions", 0], "message": "Required"},
            {"code": "invalid", "path": ["data", "x"], "message": "Invalid input"},
        ],
    )
    exc = error_from_response("POST", "/v2/webhooks", 400, {}, raw)
    assert str(exc) == (
        "POST /v2/webhooks -> 400 validation_type: Body payload validation error. "
        "[data.subscriptions.0: Required; data.x: Invalid input]"
    )


def test_unknown_filter_attribute_keeps_the_filter_path() -> None:
    raw = body(
        400,
        "unknown_filter_attribute_slug",
        "Unknown attribute slug: email.",
        path=["$or", "1", "email"],
    )
    exc = error_from_response("POST", "/v2/objects/people/records/query", 400, {}, raw)
    assert isinstance(exc, UnknownFilterAttributeError) and isinstance(exc, FilterError)
    assert exc.error_path == ["$or", "1", "email"]
    assert str(exc).endswith("(at $or.1.email)")


def test_permission_denied_names_the_required_scopes() -> None:
    message = (
        "The API Key provided is not authorized to perform the requested action. This request "
        "requires scopes: Read-Write access to the Records scope, Read access to the Object "
        "Configuration scope. Contact your workspace admin."
    )
    exc = error_from_response("POST", "/p", 403, {}, body(403, "unauthorized", message))
    assert isinstance(exc, PermissionDeniedError)
    assert exc.required_scopes == [
        "Read-Write access to the Records scope",
        "Read access to the Object Configuration scope",
    ]


def test_permission_denied_without_scopes_in_message() -> None:
    exc = error_from_response("GET", "/p", 403, {}, body(403, "unauthorized", "Forbidden."))
    assert isinstance(exc, PermissionDeniedError) and exc.required_scopes == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Tue, 23 May 2023 14:42:01 GMT", datetime(2023, 5, 23, 14, 42, 1, tzinfo=timezone.utc)),
        ("3", datetime(2023, 5, 23, 14, 42, 3, tzinfo=timezone.utc)),
    ],
)
def test_rate_limited_parses_retry_after(header: str, expected: datetime) -> None:
    now = datetime(2023, 5, 23, 14, 42, 0, tzinfo=timezone.utc)
    exc = error_from_response(
        "GET",
        "/v2/self",
        429,
        {"Retry-After": header},
        body(429, "rate_limit_exceeded", "Rate limit exceeded, please try again later"),
        now=now,
    )
    assert isinstance(exc, RateLimitedError) and exc.retry_after == expected


def test_rate_limited_without_header_has_no_retry_after() -> None:
    exc = error_from_response("GET", "/v2/self", 429, {}, b"")
    assert isinstance(exc, RateLimitedError) and exc.retry_after is None


def test_a_rate_limited_query_explains_score_limits() -> None:
    limited = body(429, "rate_limit_exceeded", "Rate limit exceeded, please try again later")
    headers = {"X-Attio-Record-Query-Score": "180"}
    exc = error_from_response("POST", "/v2/objects/people/records/query", 429, headers, limited)
    assert isinstance(exc, RateLimitedError) and exc.is_query and exc.query_score == 180.0
    assert "(query score 180); queries also have score-based limits" in str(exc)
    entries = error_from_response("POST", "/v2/lists/sales/entries/query", 429, {}, limited)
    assert isinstance(entries, RateLimitedError) and entries.query_score is None
    assert "score-based limits" in str(entries) and "(query score" not in str(entries)
    plain = error_from_response("GET", "/v2/objects/people/records/r", 429, headers, limited)
    assert isinstance(plain, RateLimitedError) and not plain.is_query
    assert "score" not in str(plain)
    odd = error_from_response(
        "POST", "/v2/objects/people/records/query", 429, {"x-attio-record-query-score": "?"}, b""
    )
    assert isinstance(odd, RateLimitedError) and odd.query_score is None


@pytest.mark.parametrize(
    "raw",
    [b"Service Unavailable", b"<html><body>\n<h1>503</h1>\n</body></html>", b"", b"\xff\xfe"],
)
def test_non_json_503_maps_cleanly(raw: bytes) -> None:
    exc = error_from_response("POST", "/v2/objects/people/records/query", 503, {}, raw)
    assert type(exc) is ServerError
    assert exc.status_code == 503 and exc.code is None and exc.body is None
    text = str(exc)
    assert "\n" not in text and text.startswith("POST /v2/objects/people/records/query -> 503")


def test_json_5xx_keeps_its_fields() -> None:
    exc = error_from_response("GET", "/v2/self", 500, {}, body(500, "internal", "Boom."))
    assert type(exc) is ServerError and exc.code == "internal" and exc.message == "Boom."


def test_long_text_body_is_truncated_to_one_line() -> None:
    exc = error_from_response("GET", "/v2/self", 502, {}, b"bad gateway\n" * 500)
    assert "\n" not in str(exc) and len(str(exc)) < 1100


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "some_new_code", BadRequestError),
        (404, "whatever", NotFoundError),
        (409, "other_conflict", SlugConflictError),
        (418, "teapot", APIError),
        (422, "validation_type", APIError),
    ],
)
def test_unknown_codes_fall_back_by_status(status: int, code: str, cls: type[APIError]) -> None:
    exc = error_from_response("GET", "/x", status, {}, body(status, code))
    assert type(exc) is cls


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"null", b'{"code": 5, "message": 7}'])
def test_odd_json_bodies_do_not_crash(raw: bytes) -> None:
    exc = error_from_response("GET", "/x", 400, {}, raw)
    assert type(exc) is BadRequestError and isinstance(exc.message, str)


def test_not_found_is_a_lookup_error() -> None:
    exc = error_from_response("GET", "/x", 404, {}, body(404, "not_found"))
    with pytest.raises(LookupError):
        raise exc


def test_transport_errors_are_builtin_compatible_and_one_line() -> None:
    timeout = RequestTimeoutError("GET", "/v2/self", "ReadTimeout: timed out", attempts=5)
    assert isinstance(timeout, TimeoutError)
    assert str(timeout) == "GET /v2/self: ReadTimeout: timed out (after 5 attempts)"
    conn = ConnectionFailedError("GET", "/v2/self", "ConnectError: refused\nagain")
    assert (
        isinstance(conn, ConnectionError)
        and str(conn) == "GET /v2/self: ConnectError: refused again"
    )


def test_ambiguous_write_says_what_happened() -> None:
    exc = AmbiguousWriteError("POST", "/v2/objects/people/records", "HTTP 503")
    assert "may or may not have happened" in str(exc) and "POST /v2/objects/people/records" in str(
        exc
    )
    assert isinstance(exc, AttioError) and not isinstance(exc, APIError)


@pytest.mark.parametrize(
    "exc",
    [
        error_from_response("GET", "/v2/x", 404, {}, body(404, "not_found", "Gone.")),
        error_from_response(
            "POST", "/p", 400, {}, body(400, "uniqueness_conflict", "Conflicting record IDs: x")
        ),
        error_from_response("GET", "/v2/self", 429, {"Retry-After": "1"}, b""),
        RequestTimeoutError("GET", "/v2/self", "ReadTimeout", attempts=3),
        AmbiguousWriteError("POST", "/v2/notes", "HTTP 503"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_survive_pickling(exc: AttioError) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is type(exc) and str(copy) == str(exc)
    assert vars(copy) == vars(exc)
