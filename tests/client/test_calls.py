"""Argument checking, URL escaping and read/write classification, before any request."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from particle_orm.client import InvalidArgumentError
from particle_orm.client import _calls as calls
from tests.client.conftest import RECORD_ID, MakeClient, MockAttio


@pytest.mark.parametrize(
    ("slug", "escaped"),
    [
        ("people", "people"),
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("Won 🎉", "Won%20%F0%9F%8E%89"),
        ("x?y#z", "x%3Fy%23z"),
        ("100%", "100%25"),
    ],
)
def test_path_segments_are_escaped(slug: str, escaped: str) -> None:
    assert calls.get_object(slug).path == f"/v2/objects/{escaped}"


def test_uuid_objects_are_accepted_and_normalised() -> None:
    rid = uuid.UUID(RECORD_ID)
    assert calls.get_record(rid, RECORD_ID.upper()).path == (
        f"/v2/objects/{rid}/records/{RECORD_ID}"
    )


@pytest.mark.parametrize(
    ("method", "args", "message"),
    [
        ("get_record", ("people", "not-a-uuid"), "record_id: expected a UUID"),
        ("get_record", ("people", 42), "record_id: expected a UUID"),
        ("get_object", ("",), "object: expected a non-empty slug"),
        ("get_object", ("..",), "object: expected a non-empty slug"),
        ("get_object", (None,), "object: expected a slug or id string"),
        ("get_object", ("a\nb",), "object: control characters"),
        ("get_entry", ("sales", "x"), "entry_id: expected a UUID"),
        ("get_workspace_member", ("me",), "workspace_member_id: expected a UUID"),
        ("list_attributes", ("object", "people"), "target: expected 'objects' or 'lists'"),
        ("create_record", ("people", ["name", "Ada"]), "values: expected a dict"),
        ("update_object", ("people",), "fields: expected at least one field"),
        ("update_list", ("sales", {}), "data: expected at least one field"),
        ("query_records", ("people",), "limit: expected an int >= 0"),
        ("query_entries", ("sales",), "filter: expected a dict"),
        ("create_entry", ("sales", "companies", "nope", {}), "parent_record_id: expected a UUID"),
        ("assert_record", ("people", "", {}), "matching_attribute: expected a non-empty string"),
        ("list_statuses", ("objects", "deals", "stage"), "show_archived: expected True or False"),
        ("create_select_option", ("objects", "c", "cat", " "), "title: expected a non-empty"),
        ("search_records", ("x" * 257, ["people"]), "query: expected a string of at most 256"),
        ("search_records", ("ada", "people"), "objects: expected a non-empty list"),
    ],
)
def test_bad_arguments_raise_before_any_request(
    method: str, args: tuple[Any, ...], message: str, make_client: MakeClient
) -> None:
    kwargs: dict[str, Any] = {}
    if method == "query_records":
        kwargs = {"limit": -1}
    elif method == "query_entries":
        kwargs = {"filter": "stage = Lead"}
    elif method == "list_statuses":
        kwargs = {"show_archived": "yes"}
    server = MockAttio()
    client = make_client(server)
    with pytest.raises(InvalidArgumentError, match=message) as info:
        getattr(client, method)(*args, **kwargs)
    assert isinstance(info.value, ValueError)
    assert server.count == 0


@pytest.mark.parametrize(
    ("method", "path", "kind", "idempotent"),
    [
        ("GET", "/v2/notes", "read", True),
        ("POST", "/v2/objects/people/records/query", "read", True),
        ("POST", "/v2/objects/records/search", "read", True),
        ("POST", "/v2/notes", "write", False),
        ("PUT", "/v2/objects/people/records", "write", True),
        ("PATCH", "/v2/tasks/x", "write", True),
        ("delete", "/v2/notes/x", "write", True),
    ],
)
def test_raw_calls_are_classified(method: str, path: str, kind: str, idempotent: bool) -> None:
    call = calls.raw_call(method, path, json={} if method != "GET" else None)
    assert (call.method, call.kind, call.idempotent) == (method.upper(), kind, idempotent)


def test_raw_call_overrides_and_rejections() -> None:
    assert calls.raw_call("POST", "/v2/x", kind="read", idempotent=True).idempotent
    with pytest.raises(InvalidArgumentError, match="absolute path"):
        calls.raw_call("GET", "https://evil.example/v2/self")
    with pytest.raises(InvalidArgumentError, match="params="):
        calls.raw_call("GET", "/v2/notes?limit=1")
    with pytest.raises(InvalidArgumentError, match="kind"):
        calls.raw_call("GET", "/v2/self", kind="admin")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="method"):
        calls.raw_call("GE T", "/v2/self")


def test_update_object_rejects_unknown_fields() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"unknown field\(s\) name; expected some of api_slug"
    ):
        calls.update_object("people", {"name": "x"})


def test_params_accept_lists_and_drop_none() -> None:
    call = calls.raw_call("GET", "/v2/meetings", params={"participants": ["a", "b"], "x": None})
    assert call.params == (("participants", "a"), ("participants", "b"))


def test_query_body_only_carries_what_was_given() -> None:
    assert calls.query_records("people", None, None, None, None).json == {}
    assert calls.query_records("people", None, None, 0, 0).json == {"limit": 0, "offset": 0}


def test_writes_and_reads_are_classified() -> None:
    assert calls.create_record("people", {}).idempotent is False
    assert calls.create_entry("l", "people", RECORD_ID, {}).idempotent is False
    for call in (
        calls.assert_record("people", "email_addresses", {}),
        calls.put_record("people", RECORD_ID, {}),
        calls.patch_record("people", RECORD_ID, {}),
        calls.delete_record("people", RECORD_ID),
        calls.assert_entry("l", "people", RECORD_ID, {}),
    ):
        assert call.kind == "write" and call.idempotent
    assert calls.query_entries("l", None, None, None, None).kind == "read"


# --- notes and tasks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "message"),
    [
        ("list_notes", (), {"parent_record_id": RECORD_ID}, "give parent_object with it"),
        ("list_notes", (), {"limit": 0.5}, "limit: expected an int"),
        ("get_note", ("n1",), {}, "note_id: expected a UUID"),
        ("create_note", ("people", RECORD_ID, "T", "x"), {"format": "html"}, "format: expected"),
        ("create_note", ("people", RECORD_ID, None, "x"), {}, "title: expected a string"),
        ("create_note", ("people", "r", "T", "x"), {}, "parent_record_id: expected a UUID"),
        (
            "create_note",
            ("people", RECORD_ID, "T", "x"),
            {"created_at": datetime(2024, 1, 1)},  # naive on purpose
            "created_at: expected a timezone-aware datetime",
        ),
        ("list_tasks", (), {"linked_record_id": RECORD_ID}, "give linked_object with it"),
        ("list_tasks", (), {"sort": "deadline_at:asc"}, "sort: expected one of created_at:asc"),
        ("list_tasks", (), {"is_completed": "no"}, "is_completed: expected True or False"),
        ("list_tasks", (), {"assignee": "me"}, "assignees"),
        ("create_task", ("",), {}, "content: expected a non-empty string"),
        ("create_task", ("x" * 2001,), {}, "content: at most 2000 characters, got 2001"),
        ("create_task", ("x",), {"linked_records": ("companies", RECORD_ID)}, "linked_records"),
        ("create_task", ("x",), {"linked_records": [("companies", "r")]}, "expected a UUID"),
        ("create_task", ("x",), {"assignees": "ada@example.com"}, "assignees: expected a list"),
        ("create_task", ("x",), {"is_completed": 1}, "is_completed: expected True or False"),
        ("update_task", (RECORD_ID,), {}, "give at least one field to change"),
        ("update_task", (RECORD_ID,), {"deadline_at": "  "}, "deadline_at: expected"),
        ("delete_task", ("t",), {}, "task_id: expected a UUID"),
        ("create_webhook", ("http://x.com/h", ["record.created"]), {}, "an https:// URL"),
        ("create_webhook", ("https://x.com/h", "record.created"), {}, "subscriptions"),
        ("create_webhook", ("https://x.com/h", [{"filter": None}]), {}, "event_type"),
        ("create_webhook", ("https://x.com/h", [3]), {}, "an event type or a dict"),
        ("update_webhook", (RECORD_ID,), {}, "give target_url or subscriptions"),
        ("get_webhook", ("w",), {}, "webhook_id: expected a UUID"),
        ("list_threads", (), {}, "give object and record_id, or list and entry_id"),
        ("list_threads", (), {"object": "deals"}, "object and record_id go together"),
        (
            "list_threads",
            (),
            {"object": "deals", "record_id": RECORD_ID, "list": "s", "entry_id": RECORD_ID},
            "one of the two",
        ),
        ("create_comment", ("hi",), {"author": RECORD_ID}, "give exactly one of thread_id"),
        (
            "create_comment",
            ("hi",),
            {"author": RECORD_ID, "thread_id": RECORD_ID, "record": ("deals", RECORD_ID)},
            "got \\['thread_id', 'record'\\]",
        ),
        ("create_comment", ("",), {"author": RECORD_ID, "thread_id": RECORD_ID}, "content"),
        ("create_comment", ("hi",), {"author": "ada", "thread_id": RECORD_ID}, "author"),
        ("create_comment", ("hi",), {"author": RECORD_ID, "record": "deals"}, "record: expected"),
        ("delete_comment", ("c",), {}, "comment_id: expected a UUID"),
    ],
)
def test_bad_note_and_task_arguments_raise_before_any_request(
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    message: str,
    make_client: MakeClient,
) -> None:
    server = MockAttio()
    with pytest.raises(InvalidArgumentError, match=message):
        getattr(make_client(server), method)(*args, **kwargs)
    assert server.count == 0


def test_note_and_task_writes_are_classified() -> None:
    note = calls.create_note("people", RECORD_ID, "T", "x", "plaintext", None, None)
    task = calls.create_task("x", None, False, [], [])
    assert (note.kind, note.idempotent) == ("write", False)  # a repeat adds a second one
    assert (task.kind, task.idempotent) == ("write", False)
    patch = calls.update_task(RECORD_ID, calls.UNSET, True, calls.UNSET, calls.UNSET)
    assert (patch.kind, patch.idempotent, patch.json) == (
        "write",
        True,
        {"data": {"is_completed": True}},
    )
    assert calls.list_notes(None, None, None, None).kind == "read"


def test_iter_notes_pages_by_50_until_a_short_page(make_client: MakeClient) -> None:
    def notes(n: int) -> Any:
        return httpx.Response(200, json={"data": [{"id": {"note_id": str(i)}} for i in range(n)]})

    server = MockAttio(notes(50), notes(7))
    got = list(make_client(server).iter_notes(parent_object="companies"))
    assert len(got) == 57
    assert [r.url.params["offset"] for r in server.requests] == ["0", "50"]
    assert {r.url.params["limit"] for r in server.requests} == {"50"}
