"""Value normalisation per attribute type (FACTS.md §2), through the public API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from particle_orm.emulator.values import (
    coerce_date,
    coerce_timestamp,
    email_parts,
    parse_location,
    parse_personal_name,
    phone_parts,
    root_domain,
)
from tests.emulator.conftest import create, error, ok


@pytest.mark.parametrize(
    ("domain", "root"),
    [
        ("app.attio.com", "attio.com"),
        ("attio.com", "attio.com"),
        ("a.b.example.co.uk", "example.co.uk"),
        ("shop.example.com.au", "example.com.au"),
        ("example.co.uk", "example.co.uk"),
    ],
)
def test_root_domain_is_public_suffix_plus_one(domain: str, root: str) -> None:
    assert root_domain(domain) == root


def test_email_parts_lower_case_and_split() -> None:
    assert email_parts("Alice@Sub.Example.com") == {
        "original_email_address": "Alice@Sub.Example.com",
        "email_address": "alice@sub.example.com",
        "email_domain": "sub.example.com",
        "email_root_domain": "example.com",
        "email_local_specifier": "alice",
    }


@pytest.mark.parametrize("bad", ["", "nobody", "a@b", "a b@c.com", "@c.com"])
def test_invalid_emails_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid email"):
        email_parts(bad)


@pytest.mark.parametrize(
    ("original", "country", "e164", "iso"),
    [
        ("+447777777777", None, "+447777777777", "GB"),
        ("+1 (415) 555-0100", None, "+14155550100", "US"),
        ("07777 777777", "GB", "+447777777777", "GB"),
        ("030 1234567", "de", "+49301234567", "DE"),
        ("0044 7777 777777", None, "+447777777777", "GB"),
        ("+33 1 23 45 67 89", None, "+33123456789", "FR"),
    ],
)
def test_phone_numbers_become_e164(original: str, country: str | None, e164: str, iso: str) -> None:
    parts = phone_parts(original, country)
    assert parts == {"original_phone_number": original, "country_code": iso, "phone_number": e164}


def test_phone_without_plus_needs_a_country_code() -> None:
    with pytest.raises(ValueError, match="country_code is required"):
        phone_parts("07777777777", None)


@pytest.mark.parametrize(
    ("text", "first", "last", "full"),
    [
        ("Smith, John", "John", "Smith", "John Smith"),
        ("John", "John", "", "John"),
        ("Smith, John, Jr", "John, Jr", "Smith", "John, Jr Smith"),
    ],
)
def test_personal_name_string_is_last_comma_first(
    text: str, first: str, last: str, full: str
) -> None:
    assert parse_personal_name(text) == {"first_name": first, "last_name": last, "full_name": full}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", "2023-01-01T00:00:00.000000000Z"),
        ("2023-01", "2023-01-01T00:00:00.000000000Z"),
        ("2023-01-02", "2023-01-02T00:00:00.000000000Z"),
        ("2023-01-02T13:00", "2023-01-02T13:00:00.000000000Z"),
        ("2023-01-02T15:00+02:00", "2023-01-02T13:00:00.000000000Z"),
        ("2019-01-17T15:17:48.123456789Z", "2019-01-17T15:17:48.123456789Z"),
        ("2019-01-17T15:17:48.5-0100", "2019-01-17T16:17:48.500000000Z"),
    ],
)
def test_timestamp_coercion(text: str, expected: str) -> None:
    assert coerce_timestamp(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", "2023-01-01"),
        ("2023-01", "2023-01-01"),
        ("2023-01-02T10:00:00Z", "2023-01-02"),
        ("2023-01-02T23:00:00-10:00", "2023-01-03"),
    ],
)
def test_date_coercion(text: str, expected: str) -> None:
    assert coerce_date(text) == expected


def test_free_text_location_fills_all_ten_keys() -> None:
    loc = parse_location("1 Infinite Loop, Cupertino, CA 95014, United States")
    assert loc == {
        "line_1": "1 Infinite Loop",
        "line_2": None,
        "line_3": None,
        "line_4": None,
        "locality": "Cupertino",
        "region": "CA",
        "postcode": "95014",
        "country_code": "US",
        "latitude": None,
        "longitude": None,
    }
    assert parse_location("London")["locality"] == "London"


# ---- through the API -------------------------------------------------------------------------


def _value(record: dict[str, Any], slug: str) -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = record["values"][slug]
    return values


def test_every_attribute_is_listed_and_unset_ones_are_empty(http: httpx.Client) -> None:
    rec = create(http, "people", {"name": "Doe, Jane"})
    attrs = ok(http.get("/v2/objects/people/attributes"))
    assert list(rec["values"]) == [a["api_slug"] for a in attrs]
    assert rec["values"]["job_title"] == []
    assert rec["values"]["record_id"][0]["value"] == rec["id"]["record_id"]


def test_envelope_and_actor_is_the_calling_token(http: httpx.Client) -> None:
    rec = create(http, "people", {"job_title": "CTO"})
    me = http.get("/v2/self").json()
    (value,) = _value(rec, "job_title")
    assert list(value) == [
        "active_from",
        "active_until",
        "created_by_actor",
        "value",
        "attribute_type",
    ]
    assert value["created_by_actor"] == {"type": "api-token", "id": me["client_id"]}
    assert value["active_until"] is None
    assert value["active_from"] == "2024-03-01T12:00:00.000000000Z"
    (created_by,) = _value(rec, "created_by")
    assert created_by["referenced_actor_id"] == me["client_id"]


def test_written_by_attribute_id_is_returned_by_slug(http: httpx.Client) -> None:
    attr = ok(http.get("/v2/objects/people/attributes/job_title"))
    rec = create(http, "people", {attr["id"]["attribute_id"]: "CEO"})
    assert _value(rec, "job_title")[0]["value"] == "CEO"


def test_email_phone_domain_and_location_are_normalised(http: httpx.Client) -> None:
    company = create(http, "companies", {"domains": ["https://App.Acme.co.uk/pricing?x=1"]})
    (domain,) = _value(company, "domains")
    assert (domain["domain"], domain["root_domain"]) == ("app.acme.co.uk", "acme.co.uk")
    person = create(
        http,
        "people",
        {
            "email_addresses": ["Jane.Doe@Mail.Example.com"],
            "phone_numbers": [{"original_phone_number": "07700 900123", "country_code": "GB"}],
            "primary_location": "10 Downing St, London, SW1A 2AA, GB",
        },
    )
    (email,) = _value(person, "email_addresses")
    assert email["email_address"] == "jane.doe@mail.example.com"
    assert email["email_root_domain"] == "example.com"
    (phone,) = _value(person, "phone_numbers")
    assert (phone["phone_number"], phone["country_code"]) == ("+447700900123", "GB")
    (loc,) = _value(person, "primary_location")
    assert (loc["locality"], loc["postcode"], loc["country_code"]) == ("London", "SW1A 2AA", "GB")


def test_personal_name_object_requires_all_three_keys(http: httpx.Client) -> None:
    r = http.post(
        "/v2/objects/people/records", json={"data": {"values": {"name": {"first_name": "A"}}}}
    )
    body = error(r, 400, "validation_type")
    assert body["message"] == 'An invalid value was passed to attribute with slug "name".'
    assert body["validation_errors"][0]["path"] == ["last_name"]


def test_location_object_requires_all_ten_keys(http: httpx.Client) -> None:
    r = http.post(
        "/v2/objects/people/records",
        json={"data": {"values": {"primary_location": {"locality": "Paris"}}}},
    )
    error(r, 400, "validation_type")
    full = dict.fromkeys(
        [
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
    )
    full.update(locality="Paris", country_code="fr", latitude="48.85", longitude="2.35")
    rec = create(http, "people", {"primary_location": full})
    assert _value(rec, "primary_location")[0]["country_code"] == "FR"
    bad = {**full, "latitude": "91"}
    r = http.post(
        "/v2/objects/people/records", json={"data": {"values": {"primary_location": bad}}}
    )
    assert error(r, 400, "validation_type")["validation_errors"][0]["path"] == ["latitude"]


def test_currency_code_comes_from_the_attribute(http: httpx.Client) -> None:
    deal = create(
        http, "deals", {"name": "Big", "stage": "Lead", "owner": "ada@example.com", "value": "4.99"}
    )
    (value,) = _value(deal, "value")
    assert (value["currency_value"], value["currency_code"]) == (4.99, "USD")
    r = http.post(
        "/v2/objects/deals/records",
        json={
            "data": {
                "values": {
                    "name": "X",
                    "stage": "Lead",
                    "owner": "ada@example.com",
                    "value": {"currency_value": 1, "currency_code": "EUR"},
                }
            }
        },
    )
    error(r, 400, "validation_type")


def test_status_and_select_by_title_or_id(http: httpx.Client) -> None:
    deal = create(http, "deals", {"name": "A", "stage": "Won 🎉", "owner": "ada@example.com"})
    (stage,) = _value(deal, "stage")
    assert stage["status"]["title"] == "Won 🎉"
    assert stage["status"]["celebration_enabled"] is True
    status_id = stage["status"]["id"]["status_id"]
    deal2 = create(
        http, "deals", {"name": "B", "stage": {"status": status_id}, "owner": "ada@example.com"}
    )
    assert _value(deal2, "stage")[0]["status"]["id"]["status_id"] == status_id
    company = create(http, "companies", {"categories": ["SaaS", "B2B"]})
    assert [v["option"]["title"] for v in _value(company, "categories")] == ["SaaS", "B2B"]


@pytest.mark.parametrize(
    ("obj", "values", "message"),
    [
        (
            "deals",
            {"name": "A", "stage": "Nope", "owner": "ada@example.com"},
            'Cannot find status attribute with status title "Nope".',
        ),
        (
            "companies",
            {"categories": ["Nope"]},
            'Cannot find select attribute with select option title "Nope".',
        ),
        ("deals", {"name": "A", "stage": "Lead", "owner": "nobody@example.com"}, None),
        (
            "people",
            {
                "company": {
                    "target_object": "companies",
                    "target_record_id": "00000000-0000-4000-8000-000000000000",
                }
            },
            None,
        ),
        ("people", {"company": "missing.com"}, None),
        (
            "people",
            {"no_such_attribute": "x"},
            'Cannot find attribute with slug/ID "no_such_attribute".',
        ),
    ],
)
def test_unknown_referenced_values_are_value_not_found(
    http: httpx.Client, obj: str, values: dict[str, Any], message: str | None
) -> None:
    body = error(
        http.post(f"/v2/objects/{obj}/records", json={"data": {"values": values}}),
        400,
        "value_not_found",
    )
    if message is not None:
        assert body["message"] == message


@pytest.mark.parametrize(
    ("slug", "value"),
    [
        ("job_title", 5),
        ("twitter_follower_count", 5),  # not writable
        ("record_id", "x"),  # system, read-only
        ("email_addresses", ["not-an-email"]),
        ("name", 42),
        ("phone_numbers", ["0123"]),
        ("primary_location", 3),
        ("company", ["a.com", "b.com"]),  # single-valued
    ],
)
def test_bad_values_are_400_naming_the_slug(http: httpx.Client, slug: str, value: Any) -> None:
    body = error(
        http.post("/v2/objects/people/records", json={"data": {"values": {slug: value}}}),
        400,
        "validation_type",
    )
    assert f'slug "{slug}"' in body["message"]


def test_custom_types_round_trip(http: httpx.Client) -> None:
    def attr(slug: str, atype: str, **extra: Any) -> None:
        data = {
            "title": slug,
            "api_slug": slug,
            "type": atype,
            "description": None,
            "is_required": False,
            "is_unique": False,
            "is_multiselect": False,
            "config": {},
            **extra,
        }
        ok(http.post("/v2/objects/people/attributes", json={"data": data}))

    attr("score", "number")
    attr("vip", "checkbox")
    attr("stars", "rating")
    attr("born", "date")
    attr("seen_at", "timestamp")
    attr(
        "bank",
        "currency",
        config={"currency": {"default_currency_code": "EUR", "display_type": "code"}},
    )
    attr("account_owner", "actor-reference")
    rec = create(
        http,
        "people",
        {
            "score": 3.5,
            "vip": "true",
            "stars": [4],
            "born": "1990-05",
            "seen_at": "2024-01-01T10:00+01:00",
            "bank": 10,
            "account_owner": {"workspace_member_email_address": "grace@example.com"},
        },
    )
    got = {
        slug: _value(rec, slug)[0]
        for slug in ("score", "vip", "stars", "born", "seen_at", "bank", "account_owner")
    }
    assert got["score"]["value"] == 3.5
    assert got["vip"]["value"] is True
    assert got["stars"]["value"] == 4
    assert got["born"]["value"] == "1990-05-01"
    assert got["seen_at"]["value"] == "2024-01-01T09:00:00.000000000Z"
    assert got["bank"]["currency_code"] == "EUR"
    assert got["account_owner"]["referenced_actor_type"] == "workspace-member"
    for slug, bad in (("stars", 6), ("score", "3"), ("vip", "yes"), ("born", "May 1990")):
        r = http.patch(
            f"/v2/objects/people/records/{rec['id']['record_id']}",
            json={"data": {"values": {slug: bad}}},
        )
        error(r, 400, "validation_type")
