"""Tokens, scopes and workspace isolation on every endpoint; 401; unknown routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator
from particle_orm.emulator.routes import all_routes
from tests.emulator.conftest import create, error, ok

Example = tuple[str, str, Any, tuple[str, ...]]  # method, path, body, scopes it needs


def _world(http: httpx.Client) -> dict[str, str]:
    """One of everything, returning the ids the examples use."""
    company = create(http, "companies", {"name": "Acme", "domains": ["acme.com"]})
    ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "P",
                    "api_slug": "pipeline",
                    "parent_object": "companies",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    ok(
        http.post(
            "/v2/lists/pipeline/attributes",
            json={
                "data": {
                    "title": "Note",
                    "api_slug": "note",
                    "type": "text",
                    "description": None,
                    "is_required": False,
                    "is_unique": False,
                    "is_multiselect": False,
                    "config": {},
                }
            },
        )
    )
    rid = company["id"]["record_id"]
    entry = ok(
        http.post(
            "/v2/lists/pipeline/entries",
            json={
                "data": {"parent_record_id": rid, "parent_object": "companies", "entry_values": {}}
            },
        )
    )
    objects = {o["api_slug"]: o["id"]["object_id"] for o in ok(http.get("/v2/objects"))}
    member = ok(http.get("/v2/workspace_members"))[0]["id"]["workspace_member_id"]
    note = ok(http.post("/v2/notes", json=_note_body(objects["companies"], rid)))
    task = ok(http.post("/v2/tasks", json=_task_body(objects["companies"], rid, member)))
    webhook = ok(http.post("/v2/webhooks", json=_webhook_body()))
    comment = ok(http.post("/v2/comments", json=_comment_body(objects["companies"], rid, member)))
    entry_comment = ok(
        http.post(
            "/v2/comments",
            json={
                "data": {
                    "format": "plaintext",
                    "content": "On the entry",
                    "author": {"type": "workspace-member", "id": member},
                    "entry": {"list": "pipeline", "entry_id": entry["id"]["entry_id"]},
                }
            },
        )
    )
    return {
        "rid": rid,
        "eid": entry["id"]["entry_id"],
        "companies": objects["companies"],
        "deals": objects["deals"],
        "member": member,
        "list": entry["id"]["list_id"],
        "note": note["id"]["note_id"],
        "task": task["id"]["task_id"],
        "webhook": webhook["id"]["webhook_id"],
        "comment": comment["id"]["comment_id"],
        "entry_thread": entry_comment["thread_id"],
    }


def _comment_body(obj: str, rid: str, member: str) -> dict[str, Any]:
    return {
        "data": {
            "format": "plaintext",
            "content": "Looks good",
            "author": {"type": "workspace-member", "id": member},
            "record": {"object": obj, "record_id": rid},
        }
    }


def _webhook_body() -> dict[str, Any]:
    return {
        "data": {
            "target_url": "https://example.com/hook",
            "subscriptions": [{"event_type": "record.created", "filter": None}],
        }
    }


def _note_body(obj: str, rid: str) -> dict[str, Any]:
    return {
        "data": {
            "parent_object": obj,
            "parent_record_id": rid,
            "title": "Call",
            "format": "plaintext",
            "content": "Went well",
        }
    }


def _task_body(obj: str, rid: str, member: str) -> dict[str, Any]:
    return {
        "data": {
            "content": "Follow up",
            "format": "plaintext",
            "deadline_at": None,
            "is_completed": False,
            "linked_records": [{"target_object": obj, "target_record_id": rid}],
            "assignees": [
                {"referenced_actor_type": "workspace-member", "referenced_actor_id": member}
            ],
        }
    }


_REC_R = ("record_permission:read", "object_configuration:read")
_REC_W = ("record_permission:read-write", "object_configuration:read")
_ENT_R = ("list_entry:read", "list_configuration:read")
_ENT_W = ("list_entry:read-write", "list_configuration:read")
_NOTE_R = ("note:read", "object_configuration:read", "record_permission:read")
_NOTE_W = ("note:read-write", "object_configuration:read", "record_permission:read")
_COMMENT_REC_R = ("comment:read", "object_configuration:read", "record_permission:read")
_COMMENT_REC_W = ("comment:read-write", "object_configuration:read", "record_permission:read")
_COMMENT_ENT_R = ("comment:read", "list_configuration:read", "list_entry:read")
_TASK_R = (
    "task:read",
    "object_configuration:read",
    "record_permission:read",
    "user_management:read",
)
_TASK_W = (
    "task:read-write",
    "object_configuration:read",
    "record_permission:read",
    "user_management:read",
)


def _examples(w: dict[str, str]) -> dict[str, Example]:
    c, d, rid, lst, eid = w["companies"], w["deals"], w["rid"], w["list"], w["eid"]
    values = {"data": {"values": {"name": "X"}}}
    entry = {"data": {"parent_record_id": rid, "parent_object": "companies", "entry_values": {}}}
    attr = {
        "data": {
            "title": "T",
            "api_slug": "t_new",
            "type": "text",
            "description": None,
            "is_required": False,
            "is_unique": False,
            "is_multiselect": False,
            "config": {},
        }
    }
    obj_r, obj_w = ("object_configuration:read",), ("object_configuration:read-write",)
    return {
        "get_self": ("GET", "/v2/self", None, ()),
        "list_objects": ("GET", "/v2/objects", None, obj_r),
        "get_object": ("GET", f"/v2/objects/{c}", None, obj_r),
        "create_object": (
            "POST",
            "/v2/objects",
            {"data": {"api_slug": "things", "singular_noun": "Thing", "plural_noun": "Things"}},
            obj_w,
        ),
        "update_object": ("PATCH", f"/v2/objects/{c}", {"data": {"singular_noun": "Co"}}, obj_w),
        "list_attributes": ("GET", f"/v2/objects/{c}/attributes", None, obj_r),
        "get_attribute": ("GET", f"/v2/objects/{c}/attributes/name", None, obj_r),
        "create_attribute": ("POST", f"/v2/objects/{c}/attributes", attr, obj_w),
        "update_attribute": (
            "PATCH",
            f"/v2/lists/{lst}/attributes/note",
            {"data": {"title": "x"}},
            ("list_configuration:read-write",),
        ),
        "list_options": ("GET", f"/v2/objects/{c}/attributes/categories/options", None, obj_r),
        "create_option": (
            "POST",
            f"/v2/objects/{c}/attributes/categories/options",
            {"data": {"title": "New"}},
            obj_w,
        ),
        "update_option": (
            "PATCH",
            f"/v2/objects/{c}/attributes/categories/options/SaaS",
            {"data": {"title": "SaaS!"}},
            obj_w,
        ),
        "list_statuses": ("GET", f"/v2/objects/{d}/attributes/stage/statuses", None, obj_r),
        "create_status": (
            "POST",
            f"/v2/objects/{d}/attributes/stage/statuses",
            {"data": {"title": "Parked"}},
            obj_w,
        ),
        "update_status": (
            "PATCH",
            f"/v2/objects/{d}/attributes/stage/statuses/Lost",
            {"data": {"title": "Lost!"}},
            obj_w,
        ),
        "query_records": ("POST", f"/v2/objects/{c}/records/query", {}, _REC_R),
        "create_record": ("POST", f"/v2/objects/{c}/records", values, _REC_W),
        "assert_record": (
            "PUT",
            f"/v2/objects/{c}/records?matching_attribute=domains",
            {"data": {"values": {"domains": ["acme.com"]}}},
            _REC_W,
        ),
        "get_record": ("GET", f"/v2/objects/{c}/records/{rid}", None, _REC_R),
        "patch_record": ("PATCH", f"/v2/objects/{c}/records/{rid}", values, _REC_W),
        "put_record": ("PUT", f"/v2/objects/{c}/records/{rid}", values, _REC_W),
        "delete_record": ("DELETE", f"/v2/objects/{c}/records/{rid}", None, _REC_W),
        "list_record_values": (
            "GET",
            f"/v2/objects/{c}/records/{rid}/attributes/name/values",
            None,
            _REC_R,
        ),
        "list_record_entries": (
            "GET",
            f"/v2/objects/{c}/records/{rid}/entries",
            None,
            (*_REC_R, "list_entry:read"),
        ),
        "list_lists": ("GET", "/v2/lists", None, ("list_configuration:read",)),
        "get_list": ("GET", f"/v2/lists/{lst}", None, ("list_configuration:read",)),
        "create_list": (
            "POST",
            "/v2/lists",
            {
                "data": {
                    "name": "Q",
                    "api_slug": "q",
                    "parent_object": "people",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
            ("list_configuration:read-write",),
        ),
        "update_list": (
            "PATCH",
            f"/v2/lists/{lst}",
            {"data": {"name": "R"}},
            ("list_configuration:read-write",),
        ),
        "query_entries": ("POST", f"/v2/lists/{lst}/entries/query", {}, _ENT_R),
        "create_entry": ("POST", f"/v2/lists/{lst}/entries", entry, _ENT_W),
        "assert_entry": ("PUT", f"/v2/lists/{lst}/entries", entry, _ENT_W),
        "get_entry": ("GET", f"/v2/lists/{lst}/entries/{eid}", None, _ENT_R),
        "patch_entry": (
            "PATCH",
            f"/v2/lists/{lst}/entries/{eid}",
            {"data": {"entry_values": {}}},
            _ENT_W,
        ),
        "put_entry": (
            "PUT",
            f"/v2/lists/{lst}/entries/{eid}",
            {"data": {"entry_values": {}}},
            _ENT_W,
        ),
        "delete_entry": ("DELETE", f"/v2/lists/{lst}/entries/{eid}", None, _ENT_W),
        "list_entry_values": (
            "GET",
            f"/v2/lists/{lst}/entries/{eid}/attributes/entry_id/values",
            None,
            _ENT_R,
        ),
        "list_notes": ("GET", f"/v2/notes?parent_object={c}&parent_record_id={rid}", None, _NOTE_R),
        "create_note": ("POST", "/v2/notes", _note_body(c, rid), _NOTE_W),
        "get_note": ("GET", f"/v2/notes/{w['note']}", None, _NOTE_R),
        "delete_note": ("DELETE", f"/v2/notes/{w['note']}", None, ("note:read-write",)),
        "list_tasks": (
            "GET",
            f"/v2/tasks?linked_object={c}&linked_record_id={rid}",
            None,
            _TASK_R,
        ),
        "create_task": ("POST", "/v2/tasks", _task_body(c, rid, w["member"]), _TASK_W),
        "get_task": ("GET", f"/v2/tasks/{w['task']}", None, _TASK_R),
        "update_task": (
            "PATCH",
            f"/v2/tasks/{w['task']}",
            {"data": {"is_completed": True}},
            _TASK_W,
        ),
        "delete_task": ("DELETE", f"/v2/tasks/{w['task']}", None, ("task:read-write",)),
        "list_threads": (
            "GET",
            f"/v2/threads?object={c}&record_id={rid}",
            None,
            _COMMENT_REC_R,
        ),
        "get_thread": ("GET", f"/v2/threads/{w['entry_thread']}", None, _COMMENT_ENT_R),
        "create_comment": (
            "POST",
            "/v2/comments",
            _comment_body(c, rid, w["member"]),
            _COMMENT_REC_W,
        ),
        "get_comment": ("GET", f"/v2/comments/{w['comment']}", None, _COMMENT_REC_R),
        "delete_comment": (
            "DELETE",
            f"/v2/comments/{w['comment']}",
            None,
            ("comment:read-write",),
        ),
        "list_webhooks": ("GET", "/v2/webhooks", None, ("webhook:read",)),
        "create_webhook": ("POST", "/v2/webhooks", _webhook_body(), ("webhook:read-write",)),
        "get_webhook": ("GET", f"/v2/webhooks/{w['webhook']}", None, ("webhook:read",)),
        "update_webhook": (
            "PATCH",
            f"/v2/webhooks/{w['webhook']}",
            {"data": {"target_url": "https://example.com/other"}},
            ("webhook:read-write",),
        ),
        "delete_webhook": ("DELETE", f"/v2/webhooks/{w['webhook']}", None, ("webhook:read-write",)),
        "list_members": ("GET", "/v2/workspace_members", None, ("user_management:read",)),
        "get_member": (
            "GET",
            f"/v2/workspace_members/{w['member']}",
            None,
            ("user_management:read",),
        ),
    }


NAMES = sorted(r.name for r in all_routes())


def _send(client: httpx.Client, ex: Example) -> httpx.Response:
    method, path, body, _ = ex
    return (
        client.request(method, path, json=body)
        if body is not None
        else client.request(method, path)
    )


def test_every_route_has_an_example(http: httpx.Client) -> None:
    assert sorted(_examples(_world(http))) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_route_works_with_its_scopes_and_403s_without_each(
    name: str, emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    ex = _examples(_world(http))[name]
    needed = ex[3]
    exact = emu.create_token(emu.workspace.id, needed)
    with client_for(exact.secret) as client:
        r = _send(client, ex)
        assert r.status_code == 200, r.text
    for scope in needed:
        fewer = emu.create_token(emu.workspace.id, [s for s in needed if s != scope])
        with client_for(fewer.secret) as client:
            body = error(_send(client, ex), 403, "unauthorized")
            assert body["type"] == "auth_error"
            assert f"({scope})" in body["message"]


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in NAMES
        if n
        not in (
            "get_self",
            "list_objects",
            "list_lists",
            "list_members",
            "list_webhooks",
            "create_webhook",
            "create_object",
            "create_list",
        )
    ],
)
def test_other_workspace_ids_are_404(
    name: str, emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    ex = _examples(_world(http))[name]
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        error(_send(client, ex), 404, "not_found")


def test_workspace_lists_are_isolated(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    _world(http)
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        assert ok(client.get("/v2/lists")) == []
        assert ok(client.post("/v2/objects/companies/records/query", json={})) == []
        members = ok(client.get("/v2/workspace_members"))
        assert all(m["id"]["workspace_id"] == other.id for m in members)
        assert client.get("/v2/self").json()["workspace_id"] == other.id


@pytest.mark.parametrize(
    ("token", "fragment"),
    [(None, "No API key"), ("short", "wrong length"), ("f" * 64, "invalid")],
)
def test_missing_or_unknown_token_is_401(
    client_for: Callable[[str | None], httpx.Client], token: str | None, fragment: str
) -> None:
    with client_for(token or "") as client:
        body = error(client.get("/v2/objects"), 401, "unauthorized")
    assert body["type"] == "auth_error"
    assert fragment in body["message"]


def test_token_never_appears_in_reprs(emu: Emulator) -> None:
    tok = emu.create_token(emu.workspace.id)
    assert tok.secret not in repr(tok)
    assert emu.token not in repr(emu.workspace)
    assert emu.token not in repr(emu)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/objects/companies/records"),
        ("POST", "/v2/attributes/x/archive"),
        ("GET", "/v3/objects"),
        ("DELETE", "/v2/objects/people"),
    ],
)
def test_unknown_routes_are_404(http: httpx.Client, method: str, path: str) -> None:
    body = error(http.request(method, path), 404, "not_found")
    assert body["message"] == f'Could not find endpoint "{method} {path}".'


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/meetings"),
        ("POST", "/v2/meetings"),
        ("GET", "/v2/meetings/abc/call_recordings/def/transcript"),
        ("POST", "/v2/objects/records/search"),
        ("GET", "/scim/v2/Schemas"),
    ],
)
def test_real_but_unimplemented_endpoints_say_so(emu: Emulator, method: str, path: str) -> None:
    resp = emu.handle(method, path, {}, {"authorization": f"Bearer {emu.token}"}, b"{}")
    assert resp.status == 501
    body = resp.json()
    assert body["code"] == "not_implemented"
    assert "emulator does not implement" in body["message"]
