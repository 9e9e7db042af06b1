"""Every endpoint method sends the documented method, path, query and body, and the body
validates against the patched OpenAPI spec (via tests/contract's ContractTransport)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from particle_orm.client import AsyncAttioClient, AttioClient
from tests.client.conftest import (
    ENTRY_ID,
    MEMBER_ID,
    RECORD_ID,
    TOKEN,
    MakeAsyncClient,
    MakeClient,
    MockAttio,
)
from tests.contract import AsyncContractTransport, ContractTransport, SpecContract, contract_or_skip

RID, EID = RECORD_ID, ENTRY_ID
NOTE_ID = "0b1e6a30-4444-4444-8444-000000000004"
TASK_ID = "0b1e6a30-5555-4555-8555-000000000005"
WEBHOOK_ID = "0b1e6a30-6666-4666-8666-000000000006"
THREAD_ID = "0b1e6a30-7777-4777-8777-000000000007"
COMMENT_ID = "0b1e6a30-8888-4888-8888-000000000008"
ATTR: dict[str, Any] = {
    "title": "Nickname",
    "description": None,
    "api_slug": "nickname",
    "type": "text",
    "is_required": False,
    "is_unique": False,
    "is_multiselect": False,
    "config": {},
}
LIST = {
    "name": "Sales",
    "api_slug": "sales",
    "parent_object": "companies",
    "workspace_access": "full-access",
    "workspace_member_access": [],
}


@dataclass
class Case:
    name: str
    args: tuple[Any, ...]
    method: str
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    body: Any = None
    reply: Any = field(default_factory=lambda: {"data": {"id": 1}})
    expect: Any = field(default_factory=lambda: {"id": 1})


CASES = [
    Case("get_self", (), "GET", "/v2/self", reply={"active": False}, expect={"active": False}),
    Case("list_objects", (), "GET", "/v2/objects"),
    Case("get_object", ("people",), "GET", "/v2/objects/people"),
    Case(
        "create_object",
        ("projects", "Project", "Projects"),
        "POST",
        "/v2/objects",
        body={
            "data": {"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}
        },
    ),
    Case(
        "update_object",
        ("projects",),
        "PATCH",
        "/v2/objects/projects",
        kwargs={"plural_noun": "Initiatives"},
        body={"data": {"plural_noun": "Initiatives"}},
    ),
    Case(
        "list_attributes",
        ("objects", "people"),
        "GET",
        "/v2/objects/people/attributes",
        kwargs={"show_archived": True, "limit": 10, "offset": 20},
        params={"show_archived": "true", "limit": "10", "offset": "20"},
    ),
    Case("get_attribute", ("lists", "sales", "stage"), "GET", "/v2/lists/sales/attributes/stage"),
    Case(
        "create_attribute",
        ("objects", "people", ATTR),
        "POST",
        "/v2/objects/people/attributes",
        body={"data": ATTR},
    ),
    Case(
        "update_attribute",
        ("objects", "people", "nickname", {"title": "Alias"}),
        "PATCH",
        "/v2/objects/people/attributes/nickname",
        body={"data": {"title": "Alias"}},
    ),
    Case(
        "list_select_options",
        ("objects", "companies", "categories"),
        "GET",
        "/v2/objects/companies/attributes/categories/options",
    ),
    Case(
        "create_select_option",
        ("objects", "companies", "categories", "SaaS"),
        "POST",
        "/v2/objects/companies/attributes/categories/options",
        body={"data": {"title": "SaaS"}},
    ),
    Case(
        "update_select_option",
        ("objects", "companies", "categories", "B2B & SaaS?", {"is_archived": True}),
        "PATCH",
        "/v2/objects/companies/attributes/categories/options/B2B%20%26%20SaaS%3F",
        body={"data": {"is_archived": True}},
    ),
    Case(
        "list_statuses",
        ("objects", "deals", "stage"),
        "GET",
        "/v2/objects/deals/attributes/stage/statuses",
        kwargs={"show_archived": True},
        params={"show_archived": "true"},
    ),
    Case(
        "create_status",
        ("objects", "deals", "stage", "Negotiation"),
        "POST",
        "/v2/objects/deals/attributes/stage/statuses",
        kwargs={"celebration_enabled": True},
        body={"data": {"title": "Negotiation", "celebration_enabled": True}},
    ),
    Case(
        "update_status",
        ("objects", "deals", "stage", "Won 🎉", {"title": "Won"}),
        "PATCH",
        "/v2/objects/deals/attributes/stage/statuses/Won%20%F0%9F%8E%89",
        body={"data": {"title": "Won"}},
    ),
    Case(
        "query_records",
        ("people",),
        "POST",
        "/v2/objects/people/records/query",
        kwargs={
            "filter": {"name": "Ada"},
            "sorts": [{"direction": "asc", "attribute": "name"}],
            "limit": 10,
            "offset": 5,
        },
        body={
            "filter": {"name": "Ada"},
            "sorts": [{"direction": "asc", "attribute": "name"}],
            "limit": 10,
            "offset": 5,
        },
        reply={"data": []},
        expect=[],
    ),
    Case(
        "search_records",
        ("ada", ["people"]),
        "POST",
        "/v2/objects/records/search",
        body={"query": "ada", "objects": ["people"], "request_as": {"type": "workspace"}},
        reply={"data": []},
        expect=[],
    ),
    Case(
        "create_record",
        ("people", {"name": "Ada"}),
        "POST",
        "/v2/objects/people/records",
        body={"data": {"values": {"name": "Ada"}}},
    ),
    Case(
        "assert_record",
        ("people", "email_addresses", {"email_addresses": ["a@b.com"]}),
        "PUT",
        "/v2/objects/people/records",
        params={"matching_attribute": "email_addresses"},
        body={"data": {"values": {"email_addresses": ["a@b.com"]}}},
    ),
    Case("get_record", ("people", RID), "GET", f"/v2/objects/people/records/{RID}"),
    Case(
        "patch_record",
        ("people", RID, {"job_title": "CEO"}),
        "PATCH",
        f"/v2/objects/people/records/{RID}",
        body={"data": {"values": {"job_title": "CEO"}}},
    ),
    Case(
        "put_record",
        ("people", RID, {"job_title": "CEO"}),
        "PUT",
        f"/v2/objects/people/records/{RID}",
        body={"data": {"values": {"job_title": "CEO"}}},
    ),
    Case(
        "delete_record",
        ("people", RID),
        "DELETE",
        f"/v2/objects/people/records/{RID}",
        reply={},
        expect=None,
    ),
    Case(
        "list_record_attribute_values",
        ("deals", RID, "stage"),
        "GET",
        f"/v2/objects/deals/records/{RID}/attributes/stage/values",
        kwargs={"show_historic": True, "limit": 5},
        params={"show_historic": "true", "limit": "5"},
        reply={"data": []},
        expect=[],
    ),
    Case(
        "list_record_entries",
        ("companies", RID),
        "GET",
        f"/v2/objects/companies/records/{RID}/entries",
        kwargs={"offset": 100},
        params={"offset": "100"},
        reply={"data": []},
        expect=[],
    ),
    Case("list_lists", (), "GET", "/v2/lists", reply={"data": []}, expect=[]),
    Case("get_list", ("sales",), "GET", "/v2/lists/sales"),
    Case("create_list", (LIST,), "POST", "/v2/lists", body={"data": LIST}),
    Case(
        "update_list",
        ("sales", {"name": "Pipeline"}),
        "PATCH",
        "/v2/lists/sales",
        body={"data": {"name": "Pipeline"}},
    ),
    Case(
        "query_entries",
        ("sales",),
        "POST",
        "/v2/lists/sales/entries/query",
        kwargs={"filter": {"stage": "Lead"}},
        body={"filter": {"stage": "Lead"}},
        reply={"data": []},
        expect=[],
    ),
    Case(
        "create_entry",
        ("sales", "companies", RID, {"stage": "Lead"}),
        "POST",
        "/v2/lists/sales/entries",
        body={
            "data": {
                "parent_record_id": RID,
                "parent_object": "companies",
                "entry_values": {"stage": "Lead"},
            }
        },
    ),
    Case(
        "assert_entry",
        ("sales", "companies", RID, {}),
        "PUT",
        "/v2/lists/sales/entries",
        body={"data": {"parent_record_id": RID, "parent_object": "companies", "entry_values": {}}},
    ),
    Case("get_entry", ("sales", EID), "GET", f"/v2/lists/sales/entries/{EID}"),
    Case(
        "patch_entry",
        ("sales", EID, {"stage": "Won"}),
        "PATCH",
        f"/v2/lists/sales/entries/{EID}",
        body={"data": {"entry_values": {"stage": "Won"}}},
    ),
    Case(
        "put_entry",
        ("sales", EID, {"stage": "Won"}),
        "PUT",
        f"/v2/lists/sales/entries/{EID}",
        body={"data": {"entry_values": {"stage": "Won"}}},
    ),
    Case(
        "delete_entry",
        ("sales", EID),
        "DELETE",
        f"/v2/lists/sales/entries/{EID}",
        reply={},
        expect=None,
    ),
    Case(
        "list_entry_attribute_values",
        ("sales", EID, "stage"),
        "GET",
        f"/v2/lists/sales/entries/{EID}/attributes/stage/values",
        reply={"data": []},
        expect=[],
    ),
    Case(
        "list_workspace_members", (), "GET", "/v2/workspace_members", reply={"data": []}, expect=[]
    ),
    Case("get_workspace_member", (MEMBER_ID,), "GET", f"/v2/workspace_members/{MEMBER_ID}"),
    Case(
        "list_notes",
        (),
        "GET",
        "/v2/notes",
        kwargs={"parent_object": "people", "parent_record_id": RID, "limit": 50, "offset": 50},
        params={"parent_object": "people", "parent_record_id": RID, "limit": "50", "offset": "50"},
        reply={"data": []},
        expect=[],
    ),
    Case("get_note", (NOTE_ID,), "GET", f"/v2/notes/{NOTE_ID}"),
    Case(
        "create_note",
        ("people", RID, "Call", "# Recap\n- pricing"),
        "POST",
        "/v2/notes",
        kwargs={
            "format": "markdown",
            "created_at": datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc),
        },
        body={
            "data": {
                "parent_object": "people",
                "parent_record_id": RID,
                "title": "Call",
                "format": "markdown",
                "content": "# Recap\n- pricing",
                "created_at": "2024-05-01T09:30:00.000000000Z",
            }
        },
    ),
    Case("delete_note", (NOTE_ID,), "DELETE", f"/v2/notes/{NOTE_ID}", expect=None),
    Case(
        "list_tasks",
        (),
        "GET",
        "/v2/tasks",
        kwargs={
            "linked_object": "companies",
            "linked_record_id": RID,
            "assignee": "ada@example.com",
            "is_completed": False,
            "sort": "created_at:desc",
            "limit": 10,
        },
        params={
            "linked_object": "companies",
            "linked_record_id": RID,
            "assignee": "ada@example.com",
            "is_completed": "false",
            "sort": "created_at:desc",
            "limit": "10",
        },
        reply={"data": []},
        expect=[],
    ),
    Case("get_task", (TASK_ID,), "GET", f"/v2/tasks/{TASK_ID}"),
    Case(
        "create_task",
        ("Send the proposal",),
        "POST",
        "/v2/tasks",
        kwargs={
            "deadline_at": datetime(2024, 5, 3, 17, tzinfo=timezone.utc),
            "linked_records": [("companies", RID)],
            "assignees": ["ada@example.com", MEMBER_ID],
        },
        body={
            "data": {
                "content": "Send the proposal",
                "format": "plaintext",
                "deadline_at": "2024-05-03T17:00:00.000000000Z",
                "is_completed": False,
                "linked_records": [{"target_object": "companies", "target_record_id": RID}],
                "assignees": [
                    {"workspace_member_email_address": "ada@example.com"},
                    {"referenced_actor_type": "workspace-member", "referenced_actor_id": MEMBER_ID},
                ],
            }
        },
    ),
    Case(
        "update_task",
        (TASK_ID,),
        "PATCH",
        f"/v2/tasks/{TASK_ID}",
        kwargs={"is_completed": True, "deadline_at": None},
        body={"data": {"deadline_at": None, "is_completed": True}},
    ),
    Case("delete_task", (TASK_ID,), "DELETE", f"/v2/tasks/{TASK_ID}", expect=None),
    Case(
        "list_webhooks",
        (),
        "GET",
        "/v2/webhooks",
        kwargs={"limit": 100},
        params={"limit": "100"},
        reply={"data": []},
        expect=[],
    ),
    Case("get_webhook", (WEBHOOK_ID,), "GET", f"/v2/webhooks/{WEBHOOK_ID}"),
    Case(
        "create_webhook",
        ("https://example.com/attio", ["record.created", {"event_type": "note.created"}]),
        "POST",
        "/v2/webhooks",
        body={
            "data": {
                "target_url": "https://example.com/attio",
                "subscriptions": [
                    {"event_type": "record.created", "filter": None},
                    {"event_type": "note.created", "filter": None},
                ],
            }
        },
    ),
    Case(
        "update_webhook",
        (WEBHOOK_ID,),
        "PATCH",
        f"/v2/webhooks/{WEBHOOK_ID}",
        kwargs={"subscriptions": ["record.updated"]},
        body={"data": {"subscriptions": [{"event_type": "record.updated", "filter": None}]}},
    ),
    Case("delete_webhook", (WEBHOOK_ID,), "DELETE", f"/v2/webhooks/{WEBHOOK_ID}", expect=None),
    Case(
        "list_threads",
        (),
        "GET",
        "/v2/threads",
        kwargs={"list": "sales", "entry_id": EID, "limit": 50},
        params={"list": "sales", "entry_id": EID, "limit": "50"},
        reply={"data": []},
        expect=[],
    ),
    Case("get_thread", (THREAD_ID,), "GET", f"/v2/threads/{THREAD_ID}"),
    Case(
        "create_comment",
        ("Signed!",),
        "POST",
        "/v2/comments",
        kwargs={"author": MEMBER_ID, "record": ("deals", RID)},
        body={
            "data": {
                "format": "plaintext",
                "content": "Signed!",
                "author": {"type": "workspace-member", "id": MEMBER_ID},
                "record": {"object": "deals", "record_id": RID},
            }
        },
    ),
    Case("get_comment", (COMMENT_ID,), "GET", f"/v2/comments/{COMMENT_ID}"),
    Case("delete_comment", (COMMENT_ID,), "DELETE", f"/v2/comments/{COMMENT_ID}", expect=None),
]


def check_request(request: httpx.Request, case: Case) -> None:
    assert request.method == case.method
    assert request.url.raw_path.decode().split("?")[0] == case.path
    assert dict(request.url.params) == case.params
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    if case.body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == case.body


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_sync_endpoint(case: Case, make_client: MakeClient) -> None:
    server = MockAttio(httpx.Response(200, json=case.reply))
    client: AttioClient = make_client(server)
    assert getattr(client, case.name)(*case.args, **case.kwargs) == case.expect
    assert server.count == 1
    check_request(server.requests[0], case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
async def test_async_endpoint(case: Case, make_async_client: MakeAsyncClient) -> None:
    server = MockAttio(httpx.Response(200, json=case.reply))
    async with make_async_client(server) as client:
        assert isinstance(client, AsyncAttioClient)
        assert await getattr(client, case.name)(*case.args, **case.kwargs) == case.expect
    check_request(server.requests[0], case)


def test_every_public_endpoint_is_covered() -> None:
    public = {
        name
        for name in dir(AttioClient)
        if not name.startswith("_") and callable(getattr(AttioClient, name))
    }
    not_endpoints = {
        "close",
        "request",
        "reset_stats",
        "iter_records",
        "iter_entries",
        "iter_notes",
        "iter_tasks",
        "iter_threads",
    }
    assert public - not_endpoints == {c.name for c in CASES}
    async_public = {
        name
        for name in dir(AsyncAttioClient)
        if not name.startswith("_") and callable(getattr(AsyncAttioClient, name))
    }
    assert async_public == public | {"aclose"}


@pytest.fixture(scope="module")
def spec_contract() -> SpecContract:
    return contract_or_skip()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_request_bodies_validate_against_the_spec(
    case: Case, spec_contract: SpecContract, make_client: MakeClient
) -> None:
    server = MockAttio(httpx.Response(200, json=case.reply))
    transport = ContractTransport(server.transport(), spec_contract, check_responses=False)
    client: AttioClient = make_client(transport)
    getattr(client, case.name)(*case.args, **case.kwargs)
    assert transport.violations == []
    assert server.count == 1  # the contract let it through to the server


async def test_async_request_bodies_validate_against_the_spec(
    spec_contract: SpecContract, make_async_client: MakeAsyncClient
) -> None:
    server = MockAttio(default=httpx.Response(200, json={"data": []}))
    transport = AsyncContractTransport(
        server.async_transport(), spec_contract, check_responses=False
    )
    async with make_async_client(transport) as client:
        for case in CASES:
            await getattr(client, case.name)(*case.args, **case.kwargs)
    assert transport.violations == [] and server.count == len(CASES)


def test_contract_transport_catches_a_bad_body(
    spec_contract: SpecContract, make_client: MakeClient
) -> None:
    """Guards the test above: the wrapper really rejects an invalid body."""
    server = MockAttio()
    transport = ContractTransport(
        server.transport(), spec_contract, raise_on_violation=False, check_responses=False
    )
    client: AttioClient = make_client(transport)
    client.request("POST", "/v2/objects", json={"data": {"api_slug": 5}})
    assert len(transport.violations) == 1


# Real captured success bodies, replayed through the client with response checking on.
REAL = [
    ("objects-list.json", "list_objects", ()),
    ("objects-get-users.json", "get_object", ("users",)),
    ("attributes-list-people.json", "list_attributes", ("objects", "people")),
    ("lists-list.json", "list_lists", ()),
    ("lists-get-deals.json", "get_list", ("deals",)),
    ("records-query-people.json", "query_records", ("people",)),
    ("records-get-company-shapescale-energyguided.json", "get_record", ("companies", RID)),
    ("entries-query-list-companies.json", "query_entries", ("sales",)),
    ("workspace-members-list.json", "list_workspace_members", ()),
    ("workspace-members-get.json", "get_workspace_member", (MEMBER_ID,)),
]


@pytest.mark.parametrize(("name", "method", "args"), REAL, ids=[r[0] for r in REAL])
def test_real_bodies_pass_through_unchanged(
    name: str,
    method: str,
    args: tuple[Any, ...],
    shared_attio: Any,
    spec_contract: SpecContract,
    make_client: MakeClient,
) -> None:
    raw = (shared_attio / "real" / name).read_bytes()
    server = MockAttio(
        httpx.Response(200, content=raw, headers={"content-type": "application/json"})
    )
    transport = ContractTransport(server.transport(), spec_contract)
    result = getattr(make_client(transport), method)(*args)
    assert result == json.loads(raw)["data"]
    assert transport.violations == []
