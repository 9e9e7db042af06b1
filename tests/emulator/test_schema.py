"""Objects, attributes (config, relationships, archive), select options, statuses, lists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.conftest import create, error, ok


def _attr(slug: str, atype: str = "text", **extra: Any) -> dict[str, Any]:
    data = {
        "title": slug.title(),
        "api_slug": slug,
        "type": atype,
        "description": None,
        "is_required": False,
        "is_unique": False,
        "is_multiselect": False,
        "config": {},
    }
    data.update(extra)
    return {"data": data}


def test_seeded_objects_and_system_attributes(http: httpx.Client) -> None:
    slugs = [o["api_slug"] for o in ok(http.get("/v2/objects"))]
    assert slugs == ["people", "companies", "deals", "users", "workspaces"]
    people = {a["api_slug"]: a for a in ok(http.get("/v2/objects/people/attributes"))}
    assert people["record_id"]["is_unique"] and not people["record_id"]["is_writable"]
    assert people["email_addresses"]["is_multiselect"] and people["email_addresses"]["is_unique"]
    assert people["name"]["type"] == "personal-name"
    company_attr = people["company"]
    assert (
        company_attr["relationship"]["id"]["attribute_id"]
        == ok(http.get("/v2/objects/companies/attributes/team"))["id"]["attribute_id"]
    )
    companies = ok(http.get("/v2/objects/companies"))
    assert company_attr["config"]["record_reference"]["allowed_object_ids"] == [
        companies["id"]["object_id"]
    ]
    assert ok(http.get("/v2/objects/companies/attributes/name"))["type"] == "text"
    stages = ok(http.get("/v2/objects/deals/attributes/stage/statuses"))
    assert [s["title"] for s in stages] == ["Lead", "In Progress", "Won 🎉", "Lost"]
    members = ok(http.get("/v2/workspace_members"))
    assert len(members) == 2
    one = ok(http.get(f"/v2/workspace_members/{members[0]['id']['workspace_member_id']}"))
    assert one == members[0]


def test_create_and_update_object(http: httpx.Client) -> None:
    obj = ok(
        http.post(
            "/v2/objects",
            json={
                "data": {
                    "api_slug": "projects",
                    "singular_noun": "Project",
                    "plural_noun": "Projects",
                }
            },
        )
    )
    assert obj["api_slug"] == "projects"
    attrs = [a["api_slug"] for a in ok(http.get("/v2/objects/projects/attributes"))]
    assert attrs == ["record_id", "created_at", "created_by"]
    rec = create(http, "projects", {})
    assert rec["web_url"].endswith(f"/project/{rec['id']['record_id']}")
    renamed = ok(http.patch("/v2/objects/projects", json={"data": {"plural_noun": "Proj"}}))
    assert renamed["plural_noun"] == "Proj"
    r = http.post(
        "/v2/objects",
        json={"data": {"api_slug": "projects", "singular_noun": "P", "plural_noun": "Ps"}},
    )
    error(r, 409, "slug_conflict")
    error(http.get("/v2/objects/nope"), 404, "not_found")


def test_create_attribute_with_currency_config(http: httpx.Client) -> None:
    attr = ok(
        http.post(
            "/v2/objects/deals/attributes",
            json=_attr(
                "fee",
                "currency",
                config={"currency": {"default_currency_code": "GBP", "display_type": "code"}},
            ),
        )
    )
    assert attr["config"]["currency"] == {"default_currency_code": "GBP", "display_type": "code"}
    assert attr["is_system_attribute"] is False
    error(http.post("/v2/objects/deals/attributes", json=_attr("fee")), 409, "slug_conflict")


def test_attribute_validation(loose: httpx.Client) -> None:
    error(
        loose.post("/v2/objects/people/attributes", json=_attr("x", "interaction")),
        400,
        "validation_type",
    )
    error(
        loose.post("/v2/objects/people/attributes", json=_attr("x", "status")),
        400,
        "validation_type",
    )
    error(
        loose.post("/v2/objects/people/attributes", json=_attr("x", "select", is_unique=True)),
        400,
        "validation_type",
    )
    body = _attr("x")
    del body["data"]["description"]
    error(loose.post("/v2/objects/people/attributes", json=body), 400, "validation_type")
    error(loose.post("/v2/objects/nope/attributes", json=_attr("x")), 404, "not_found")


def test_relationship_attribute_pair(http: httpx.Client) -> None:
    attr = ok(
        http.post(
            "/v2/objects/people/attributes",
            json=_attr(
                "manager_of",
                "record-reference",
                is_multiselect=True,
                config={"record_reference": {"allowed_objects": ["companies"]}},
                relationship={
                    "object": "companies",
                    "title": "Managed by",
                    "api_slug": "managed_by",
                    "is_multiselect": False,
                },
            ),
        )
    )
    reverse = ok(http.get("/v2/objects/companies/attributes/managed_by"))
    assert attr["relationship"]["id"]["attribute_id"] == reverse["id"]["attribute_id"]
    assert reverse["relationship"]["id"]["attribute_id"] == attr["id"]["attribute_id"]
    company = create(http, "companies", {"domains": ["m.com"]})
    boss = create(http, "people", {"manager_of": ["m.com"]})
    got = ok(http.get(f"/v2/objects/companies/records/{company['id']['record_id']}"))
    assert got["values"]["managed_by"][0]["target_record_id"] == boss["id"]["record_id"]


def test_update_and_archive_attribute(http: httpx.Client) -> None:
    ok(http.post("/v2/objects/people/attributes", json=_attr("nickname")))
    updated = ok(
        http.patch(
            "/v2/objects/people/attributes/nickname",
            json={"data": {"title": "Nick", "api_slug": "nick"}},
        )
    )
    assert (updated["title"], updated["api_slug"]) == ("Nick", "nick")
    create(http, "people", {"nick": "Bo"})
    ok(http.patch("/v2/objects/people/attributes/nick", json={"data": {"is_archived": True}}))
    slugs = [a["api_slug"] for a in ok(http.get("/v2/objects/people/attributes"))]
    assert "nick" not in slugs
    archived = ok(http.get("/v2/objects/people/attributes", params={"show_archived": "true"}))
    assert "nick" in [a["api_slug"] for a in archived]
    rec = create(http, "people", {})
    assert "nick" not in rec["values"]
    r = http.post("/v2/objects/people/records", json={"data": {"values": {"nick": "x"}}})
    error(r, 400, "value_not_found")


def test_system_attribute_cannot_be_edited(http: httpx.Client) -> None:
    r = http.patch("/v2/objects/people/attributes/name", json={"data": {"title": "X"}})
    body = error(r, 400, "system_edit_unauthorized")
    assert body["message"] == "Cannot update a System attribute."


def test_select_options(http: httpx.Client) -> None:
    ok(http.post("/v2/objects/people/attributes", json=_attr("tier", "select")))
    base = "/v2/objects/people/attributes/tier/options"
    gold = ok(http.post(base, json={"data": {"title": "Gold"}}))
    assert gold["title"] == "Gold" and gold["is_archived"] is False
    error(http.post(base, json={"data": {"title": "Gold"}}), 409, "slug_conflict")
    ok(http.patch(f"{base}/Gold", json={"data": {"title": "Platinum"}}))
    rec = create(http, "people", {"tier": "Platinum"})
    assert rec["values"]["tier"][0]["option"]["id"]["option_id"] == gold["id"]["option_id"]
    ok(http.patch(f"{base}/{gold['id']['option_id']}", json={"data": {"is_archived": True}}))
    assert ok(http.get(base)) == []
    assert len(ok(http.get(base, params={"show_archived": "true"}))) == 1
    error(
        http.post("/v2/objects/people/records", json={"data": {"values": {"tier": "Platinum"}}}),
        400,
        "value_not_found",
    )
    error(http.patch(f"{base}/Nope", json={"data": {"title": "x"}}), 400, "value_not_found")
    error(http.get("/v2/objects/people/attributes/name/options"), 400, "validation_type")


def test_statuses(http: httpx.Client) -> None:
    base = "/v2/objects/deals/attributes/stage/statuses"
    st = ok(
        http.post(
            base, json={"data": {"title": "Parked", "target_time_in_status": "P0Y0M1DT0H0M0S"}}
        )
    )
    assert st["target_time_in_status"] == "P0Y0M1DT0H0M0S"
    error(http.post(base, json={"data": {"title": "Lead"}}), 409, "slug_conflict")
    ok(http.patch(f"{base}/Parked", json={"data": {"is_archived": True}}))
    assert "Parked" not in [s["title"] for s in ok(http.get(base))]
    error(http.get("/v2/objects/deals/attributes/name/statuses"), 400, "validation_type")


def _list(slug: str = "pipeline", parent: str = "companies") -> dict[str, Any]:
    return {
        "data": {
            "name": slug.title(),
            "api_slug": slug,
            "parent_object": parent,
            "workspace_access": "full-access",
            "workspace_member_access": [],
        }
    }


def test_lists(http: httpx.Client, loose: httpx.Client) -> None:
    lst = ok(http.post("/v2/lists", json=_list()))
    assert lst["parent_object"] == ["companies"]
    assert lst["created_by_actor"]["type"] == "api-token"
    assert ok(http.get("/v2/lists")) == [lst]
    assert ok(http.get(f"/v2/lists/{lst['id']['list_id']}")) == lst
    renamed = ok(http.patch("/v2/lists/pipeline", json={"data": {"name": "Sales"}}))
    assert renamed["name"] == "Sales"
    error(http.post("/v2/lists", json=_list()), 409, "slug_conflict")
    error(http.post("/v2/lists", json=_list("x", "nope")), 404, "not_found")
    error(loose.post("/v2/lists", json={"data": {"name": "x"}}), 400, "validation_type")
    attrs = [a["api_slug"] for a in ok(http.get("/v2/lists/pipeline/attributes"))]
    assert attrs == ["entry_id", "created_at", "created_by"]
    ok(http.post("/v2/lists/pipeline/attributes", json=_attr("stage", "status")))
    ok(http.post("/v2/lists/pipeline/attributes/stage/statuses", json={"data": {"title": "New"}}))
    error(http.get("/v2/lists/nope"), 404, "not_found")


@pytest.mark.parametrize("access", [None, "read-only"])
def test_list_needs_full_access_somewhere(loose: httpx.Client, access: str | None) -> None:
    body = _list()
    body["data"]["workspace_access"] = access
    error(loose.post("/v2/lists", json=body), 400, "validation_type")


def test_static_default_value_applies_on_create(http: httpx.Client) -> None:
    ok(http.post("/v2/objects/deals/attributes", json=_attr(
        "source", default_value={"type": "static", "template": [{"value": "inbound"}]}
    )))  # fmt: skip
    deal = create(http, "deals", {"name": "D", "stage": "Lead", "owner": "ada@example.com"})
    assert deal["values"]["source"][0]["value"] == "inbound"
    attr = ok(http.get("/v2/objects/deals/attributes/source"))
    assert attr["is_default_value_enabled"] is True
    explicit = create(http, "deals", {"name": "E", "stage": "Lead", "owner": "ada@example.com",
                                      "source": "outbound"})  # fmt: skip
    assert explicit["values"]["source"][0]["value"] == "outbound"


def test_dynamic_defaults(http: httpx.Client, loose: httpx.Client) -> None:
    ok(http.post("/v2/objects/deals/attributes", json=_attr(
        "due", "timestamp", default_value={"type": "dynamic", "template": "P1M"})))  # fmt: skip
    ok(http.post("/v2/objects/deals/attributes", json=_attr(
        "entered_by", "actor-reference",
        default_value={"type": "dynamic", "template": "current-user"})))  # fmt: skip
    deal = create(http, "deals", {"name": "D", "stage": "Lead", "owner": "ada@example.com"})
    assert deal["values"]["due"][0]["value"] == "2024-04-01T12:00:00.000000000Z"
    me = http.get("/v2/self").json()["client_id"]
    assert deal["values"]["entered_by"][0]["referenced_actor_id"] == me
    r = loose.post("/v2/objects/deals/attributes", json=_attr(
        "bad", "timestamp", default_value={"type": "dynamic", "template": "soon"}))  # fmt: skip
    error(r, 400, "validation_type")


def test_no_unique_custom_attributes_on_companies(http: httpx.Client) -> None:
    r = http.post("/v2/objects/companies/attributes", json=_attr("vat", is_unique=True))
    error(r, 400, "validation_type")
    ok(http.post("/v2/objects/people/attributes", json=_attr("badge", is_unique=True)))
    create(http, "people", {"badge": "B-1"})
    error(http.post("/v2/objects/people/records", json={"data": {"values": {"badge": "b-1"}}}),
          400, "uniqueness_conflict")  # fmt: skip
    rec = ok(http.put("/v2/objects/people/records", params={"matching_attribute": "badge"},
                      json={"data": {"values": {"badge": "B-1", "job_title": "x"}}}))  # fmt: skip
    assert rec["values"]["job_title"][0]["value"] == "x"
