"""Threads and comments: ``GET /v2/threads``, ``GET /v2/threads/{thread_id}``,
``POST /v2/comments`` and ``GET|DELETE /v2/comments/{comment_id}``, every exchange held to
the patched Attio spec by the contract transport (``http``/``loose`` fixtures)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator
from tests.contract import ContractTransport, ContractViolation, SpecContract, get_contract
from tests.emulator.conftest import BASE, T0, create, error, ok

NOW = "2024-03-01T12:00:00.000000000Z"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
URL = "https://example.com/hook"


def _member(http: httpx.Client) -> str:
    member: str = ok(http.get("/v2/workspace_members"))[0]["id"]["workspace_member_id"]
    return member


def _person(http: httpx.Client, email: str = "ada@acme.com") -> str:
    rid: str = create(http, "people", {"email_addresses": [email]})["id"]["record_id"]
    return rid


def _object_id(http: httpx.Client, slug: str) -> str:
    object_id: str = ok(http.get(f"/v2/objects/{slug}"))["id"]["object_id"]
    return object_id


def _pipeline(http: httpx.Client, rid: str) -> tuple[str, str]:
    """A ``pipeline`` list of people with one entry for ``rid``: ``(list_id, entry_id)``."""
    ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "Pipeline",
                    "api_slug": "pipeline",
                    "parent_object": "people",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    entry = ok(
        http.post(
            "/v2/lists/pipeline/entries",
            json={"data": {"parent_record_id": rid, "parent_object": "people", "entry_values": {}}},
        )
    )
    return entry["id"]["list_id"], entry["id"]["entry_id"]


def _body(member: str, target: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = {
        "format": "plaintext",
        "content": "Looks good",
        "author": {"type": "workspace-member", "id": member},
        **target,
        **fields,
    }
    return {"data": data}


def _on_record(rid: str, obj: str = "people") -> dict[str, Any]:
    return {"record": {"object": obj, "record_id": rid}}


def _comment(http: httpx.Client, member: str, target: dict[str, Any], **f: Any) -> dict[str, Any]:
    comment: dict[str, Any] = ok(http.post("/v2/comments", json=_body(member, target, **f)))
    return comment


def _cids(comments: list[dict[str, Any]]) -> list[str]:
    return [c["id"]["comment_id"] for c in comments]


# ---- create and get -------------------------------------------------------------------------


def test_comment_on_a_record_opens_a_thread(emu: Emulator, http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    comment = _comment(http, member, _on_record(rid), content="Ping alice@acme.com\nthanks")
    cid, tid = comment["id"]["comment_id"], comment["thread_id"]
    assert uuid.UUID(cid) and uuid.UUID(tid) and cid != tid
    assert comment == {
        "id": {"workspace_id": emu.workspace.id, "comment_id": cid},
        "thread_id": tid,
        "content_plaintext": "Ping alice@acme.com\nthanks",
        "entry": None,
        "record": {"record_id": rid, "object_id": _object_id(http, "people")},
        "resolved_at": None,
        "resolved_by": {"type": None, "id": None},
        "created_at": NOW,
        "author": {"type": "workspace-member", "id": member},
    }
    assert ok(http.get(f"/v2/comments/{cid}")) == comment
    thread = ok(http.get(f"/v2/threads/{tid}"))
    assert thread == {
        "id": {"workspace_id": emu.workspace.id, "thread_id": tid},
        "comments": [comment],
        "created_at": NOW,
    }


def test_the_object_may_be_given_by_id(http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    people = _object_id(http, "people")
    comment = _comment(http, member, _on_record(rid, people))
    assert comment["record"] == {"record_id": rid, "object_id": people}


def test_comment_on_an_entry_names_the_entry_and_its_parent_record(http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    list_id, entry_id = _pipeline(http, rid)
    for key in ("pipeline", list_id):
        comment = _comment(http, member, {"entry": {"list": key, "entry_id": entry_id}})
        assert comment["entry"] == {"entry_id": entry_id, "list_id": list_id}
        assert comment["record"] == {"record_id": rid, "object_id": _object_id(http, "people")}


def test_reply_joins_the_thread_in_created_at_order(emu: Emulator, http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    head = _comment(http, member, _on_record(rid))
    tid = head["thread_id"]
    emu.clock.advance(60)
    reply = _comment(http, member, {"thread_id": tid}, content="Agreed")
    backdated = _comment(http, member, {"thread_id": tid}, created_at="2024-02-01T09:30:00+01:00")
    assert reply["thread_id"] == tid and reply["record"] == head["record"]
    assert reply["entry"] is None
    assert reply["created_at"] == "2024-03-01T12:01:00.000000000Z"
    assert backdated["created_at"] == "2024-02-01T08:30:00.000000000Z"
    thread = ok(http.get(f"/v2/threads/{tid}"))
    assert _cids(thread["comments"]) == _cids([backdated, head, reply])
    assert thread["created_at"] == NOW  # the opening comment's


def test_reply_in_an_entry_thread_keeps_the_entry(http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    list_id, entry_id = _pipeline(http, rid)
    head = _comment(http, member, {"entry": {"list": "pipeline", "entry_id": entry_id}})
    reply = _comment(http, member, {"thread_id": head["thread_id"]})
    assert reply["entry"] == {"entry_id": entry_id, "list_id": list_id}


def test_ids_are_deterministic_per_seed(contract: SpecContract | None) -> None:
    def run() -> list[str]:
        emu = Emulator(seed=99, clock=T0)
        transport: httpx.BaseTransport = emu.transport()
        headers = {"Authorization": f"Bearer {emu.token}"}
        with httpx.Client(transport=transport, base_url=BASE, headers=headers) as client:
            c = _comment(client, _member(client), _on_record(_person(client)))
            return [c["id"]["comment_id"], c["thread_id"]]

    assert run() == run()


# ---- listing threads ------------------------------------------------------------------------


def test_list_threads_of_a_record_and_of_an_entry(emu: Emulator, http: httpx.Client) -> None:
    member, rid, other = _member(http), _person(http), _person(http, "bo@acme.com")
    list_id, entry_id = _pipeline(http, rid)
    first = _comment(http, member, _on_record(rid))
    emu.clock.advance(1)
    second = _comment(http, member, _on_record(rid))
    _comment(http, member, {"thread_id": first["thread_id"]})
    _comment(http, member, _on_record(other))
    on_entry = _comment(http, member, {"entry": {"list": "pipeline", "entry_id": entry_id}})
    threads = ok(http.get("/v2/threads", params={"object": "people", "record_id": rid}))
    assert [t["id"]["thread_id"] for t in threads] == [first["thread_id"], second["thread_id"]]
    assert [len(t["comments"]) for t in threads] == [2, 1]
    by_id = ok(
        http.get("/v2/threads", params={"object": _object_id(http, "people"), "record_id": rid})
    )
    assert by_id == threads
    for key in ("pipeline", list_id):
        threads = ok(http.get("/v2/threads", params={"list": key, "entry_id": entry_id}))
        assert [t["id"]["thread_id"] for t in threads] == [on_entry["thread_id"]]
    assert ok(http.get("/v2/threads", params={"object": "people", "record_id": UNKNOWN})) == []


def test_threads_page_with_default_10_and_max_50(http: httpx.Client, loose: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    tids = [_comment(http, member, _on_record(rid))["thread_id"] for _ in range(12)]
    where = {"object": "people", "record_id": rid}

    def page(**params: Any) -> list[str]:
        return [t["id"]["thread_id"] for t in ok(http.get("/v2/threads", params=where | params))]

    assert page() == tids[:10]
    assert page(limit=50) == tids
    assert page(limit=5, offset=10) == tids[10:]
    body = error(loose.get("/v2/threads", params=where | {"limit": 51}), 400, "validation_type")
    assert body["validation_errors"][0]["path"] == ["limit"]
    error(loose.get("/v2/threads", params=where | {"limit": -1}), 400, "validation_type")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"object": "people"},
        {"record_id": UNKNOWN},
        {"list": "pipeline"},
        {"entry_id": UNKNOWN},
        {"object": "people", "record_id": UNKNOWN, "list": "pipeline", "entry_id": UNKNOWN},
    ],
)
def test_list_threads_needs_exactly_one_target(loose: httpx.Client, params: dict[str, str]) -> None:
    body = error(loose.get("/v2/threads", params=params), 400, "validation_type")
    assert body["message"] == "Query params validation error."


def test_list_threads_of_an_unknown_object_or_list_is_404(http: httpx.Client) -> None:
    body = error(
        http.get("/v2/threads", params={"object": "nope", "record_id": UNKNOWN}), 404, "not_found"
    )
    assert body["message"] == 'Object with slug/ID "nope" not found.'
    body = error(
        http.get("/v2/threads", params={"list": "nope", "entry_id": UNKNOWN}), 404, "not_found"
    )
    assert body["message"] == 'List with slug/ID "nope" not found.'


# ---- delete ---------------------------------------------------------------------------------


def test_deleting_a_reply_keeps_the_thread(http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    head = _comment(http, member, _on_record(rid))
    reply = _comment(http, member, {"thread_id": head["thread_id"]})
    assert http.delete(f"/v2/comments/{reply['id']['comment_id']}").json() == {}
    error(http.get(f"/v2/comments/{reply['id']['comment_id']}"), 404, "not_found")
    thread = ok(http.get(f"/v2/threads/{head['thread_id']}"))
    assert _cids(thread["comments"]) == _cids([head])


def test_deleting_the_head_comment_deletes_the_thread(http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    head = _comment(http, member, _on_record(rid))
    tid = head["thread_id"]
    reply = _comment(http, member, {"thread_id": tid})
    resp = http.delete(f"/v2/comments/{head['id']['comment_id']}")
    assert resp.status_code == 200 and resp.json() == {}
    body = error(http.get(f"/v2/threads/{tid}"), 404, "not_found")
    assert body["message"] == f'Thread with ID "{tid}" was not found.'
    for cid in _cids([head, reply]):
        error(http.get(f"/v2/comments/{cid}"), 404, "not_found")
    assert ok(http.get("/v2/threads", params={"object": "people", "record_id": rid})) == []
    body = error(
        http.post("/v2/comments", json=_body(member, {"thread_id": tid})), 400, "value_not_found"
    )
    assert (
        body["message"] == "The referenced Thread could not be found, it might have been deleted."
    )


def test_unknown_comment_and_thread_are_404(http: httpx.Client) -> None:
    body = error(http.get(f"/v2/comments/{UNKNOWN}"), 404, "not_found")
    assert body["message"] == f'Comment with ID "{UNKNOWN}" was not found.'
    body = error(http.delete(f"/v2/comments/{UNKNOWN}"), 404, "not_found")
    assert body["message"] == f'Could not find Comment with ID "{UNKNOWN}".'
    body = error(http.get(f"/v2/threads/{UNKNOWN}"), 404, "not_found")
    assert body["message"] == f'Thread with ID "{UNKNOWN}" was not found.'


# ---- create errors --------------------------------------------------------------------------


def test_unknown_references_are_value_not_found(http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    _, entry_id = _pipeline(http, rid)
    cases = [
        (_body(member, {"thread_id": UNKNOWN}), "Thread"),
        (_body(member, _on_record(UNKNOWN)), "Record"),
        (_body(member, _on_record(rid, "companies")), "Record"),
        (_body(member, {"entry": {"list": "pipeline", "entry_id": UNKNOWN}}), "Entry"),
        (_body(UNKNOWN, _on_record(rid)), "Workspace member"),
    ]
    for payload, kind in cases:
        body = error(http.post("/v2/comments", json=payload), 400, "value_not_found")
        assert body["message"] == (
            f"The referenced {kind} could not be found, it might have been deleted."
        )
    body = error(
        http.post("/v2/comments", json=_body(member, _on_record(rid, "nope"))), 404, "not_found"
    )
    assert body["message"] == 'Object with slug/ID "nope" not found.'
    payload = _body(member, {"entry": {"list": "nope", "entry_id": entry_id}})
    body = error(http.post("/v2/comments", json=payload), 404, "not_found")
    assert body["message"] == 'List with slug/ID "nope" not found.'


def _invalid_bodies(member: str, rid: str) -> list[tuple[Any, list[str | int], str]]:
    good = _body(member, _on_record(rid))["data"]
    return [
        ({}, ["data"], "invalid_type"),
        ({"data": {k: v for k, v in good.items() if k != "record"}}, ["data"], "invalid_union"),
        ({"data": good | {"thread_id": UNKNOWN}}, ["data"], "unrecognized_keys"),
        ({"data": good | {"title": "x"}}, ["data"], "unrecognized_keys"),
        ({"data": good | {"format": "markdown"}}, ["data", "format"], "invalid_enum_value"),
        (
            {"data": {k: v for k, v in good.items() if k != "format"}},
            ["data", "format"],
            "invalid_type",
        ),
        ({"data": good | {"content": 3}}, ["data", "content"], "invalid_type"),
        ({"data": good | {"author": "x"}}, ["data", "author"], "invalid_type"),
        (
            {"data": good | {"author": {"type": "api-token", "id": member}}},
            ["data", "author", "type"],
            "invalid_enum_value",
        ),
        (
            {"data": good | {"author": {"type": "workspace-member", "id": "x"}}},
            ["data", "author", "id"],
            "invalid_string",
        ),
        (
            {"data": good | {"record": {"object": "people"}}},
            ["data", "record", "record_id"],
            "invalid_type",
        ),
        (
            {"data": good | {"record": {"object": "people", "record_id": "x"}}},
            ["data", "record", "record_id"],
            "invalid_string",
        ),
        (
            {"data": good | {"created_at": "2999-01-01T00:00:00Z"}},
            ["data", "created_at"],
            "invalid",
        ),
        ({"data": good | {"created_at": "yesterday"}}, ["data", "created_at"], "invalid"),
    ]


def test_invalid_bodies_are_400(loose: httpx.Client, http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    for payload, path, code in _invalid_bodies(member, rid):
        body = error(loose.post("/v2/comments", json=payload), 400, "validation_type")
        assert body["message"] == "Body payload validation error.", payload
        (problem,) = body["validation_errors"]
        assert (problem["path"], problem["code"]) == (path, code), payload
    assert ok(http.get("/v2/threads", params={"object": "people", "record_id": rid})) == []


# ---- scopes and isolation -------------------------------------------------------------------


_COMMENT_R = "comment:read"
_RECORD_SCOPES = ("object_configuration:read", "record_permission:read")
_ENTRY_SCOPES = ("list_configuration:read", "list_entry:read")


def test_scopes_follow_the_thread_parent(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    member, rid = _member(http), _person(http)
    _, entry_id = _pipeline(http, rid)
    on_record = _comment(http, member, _on_record(rid))
    on_entry = _comment(http, member, {"entry": {"list": "pipeline", "entry_id": entry_id}})
    entry_only = emu.create_token(emu.workspace.id, [_COMMENT_R, *_ENTRY_SCOPES])
    record_only = emu.create_token(emu.workspace.id, [_COMMENT_R, *_RECORD_SCOPES])
    with client_for(entry_only.secret) as client:
        ok(client.get(f"/v2/threads/{on_entry['thread_id']}"))
        ok(client.get(f"/v2/comments/{on_entry['id']['comment_id']}"))
        body = error(client.get(f"/v2/threads/{on_record['thread_id']}"), 403, "unauthorized")
        assert "(object_configuration:read)" in body["message"]
        error(client.get(f"/v2/comments/{on_record['id']['comment_id']}"), 403, "unauthorized")
        params = {"object": "people", "record_id": rid}
        error(client.get("/v2/threads", params=params), 403, "unauthorized")
    with client_for(record_only.secret) as client:
        ok(client.get(f"/v2/threads/{on_record['thread_id']}"))
        body = error(client.get(f"/v2/threads/{on_entry['thread_id']}"), 403, "unauthorized")
        assert "(list_configuration:read)" in body["message"]
        params = {"list": "pipeline", "entry_id": entry_id}
        error(client.get("/v2/threads", params=params), 403, "unauthorized")


def test_writes_need_comment_read_write(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    member, rid = _member(http), _person(http)
    head = _comment(http, member, _on_record(rid))
    _, entry_id = _pipeline(http, rid)
    reader = emu.create_token(emu.workspace.id, [_COMMENT_R, *_RECORD_SCOPES, *_ENTRY_SCOPES])
    with client_for(reader.secret) as client:
        body = error(
            client.post("/v2/comments", json=_body(member, _on_record(rid))), 403, "unauthorized"
        )
        assert "(comment:read-write)" in body["message"]
        error(client.delete(f"/v2/comments/{head['id']['comment_id']}"), 403, "unauthorized")
    writer = emu.create_token(emu.workspace.id, ["comment:read-write", *_RECORD_SCOPES])
    with client_for(writer.secret) as client:
        ok(client.post("/v2/comments", json=_body(member, {"thread_id": head["thread_id"]})))
        payload = _body(member, {"entry": {"list": "pipeline", "entry_id": entry_id}})
        body = error(client.post("/v2/comments", json=payload), 403, "unauthorized")
        assert "(list_configuration:read)" in body["message"]
    assert len(ok(http.get(f"/v2/threads/{head['thread_id']}"))["comments"]) == 2


def test_workspaces_are_isolated(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    member, rid = _member(http), _person(http)
    head = _comment(http, member, _on_record(rid))
    cid, tid = head["id"]["comment_id"], head["thread_id"]
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        error(client.get(f"/v2/threads/{tid}"), 404, "not_found")
        error(client.get(f"/v2/comments/{cid}"), 404, "not_found")
        error(client.delete(f"/v2/comments/{cid}"), 404, "not_found")
        reply = _body(_member(client), {"thread_id": tid})
        error(client.post("/v2/comments", json=reply), 400, "value_not_found")
        theirs = _comment(client, _member(client), _on_record(_person(client)))
        assert theirs["id"]["workspace_id"] == other.id
        params = {"object": "people", "record_id": rid}
        assert ok(client.get("/v2/threads", params=params)) == []
        # a member of another workspace is no author here
        error(
            client.post("/v2/comments", json=_body(member, _on_record(_person(client, "x@y.io")))),
            400,
            "value_not_found",
        )
    assert _cids(ok(http.get(f"/v2/threads/{tid}"))["comments"]) == [cid]


def test_reset_wipes_threads_and_comments(emu: Emulator, http: httpx.Client) -> None:
    head = _comment(http, _member(http), _on_record(_person(http)))
    emu.reset()
    assert emu.store.db.execute("SELECT count(*) FROM thread").fetchone()[0] == 0
    assert emu.store.db.execute("SELECT count(*) FROM comment").fetchone()[0] == 0
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, headers={"Authorization": f"Bearer {emu.token}"}
    ) as client:
        error(client.get(f"/v2/comments/{head['id']['comment_id']}"), 404, "not_found")


# ---- webhook events -------------------------------------------------------------------------


def test_comment_events(emu: Emulator, http: httpx.Client) -> None:
    subscriptions = [
        {"event_type": t, "filter": None} for t in ("comment.created", "comment.deleted")
    ]
    ok(
        http.post(
            "/v2/webhooks", json={"data": {"target_url": URL, "subscriptions": subscriptions}}
        )
    )
    member, rid = _member(http), _person(http)
    list_id, entry_id = _pipeline(http, rid)
    people = _object_id(http, "people")
    head = _comment(http, member, _on_record(rid))
    reply = _comment(http, member, {"thread_id": head["thread_id"]})
    on_entry = _comment(http, member, {"entry": {"list": "pipeline", "entry_id": entry_id}})
    http.delete(f"/v2/comments/{head['id']['comment_id']}")
    actor = {"type": "api-token", "id": emu.workspace.token_id}
    ws = emu.workspace.id

    def event(kind: str, comment: dict[str, Any], entry: bool = False) -> dict[str, Any]:
        return {
            "event_type": f"comment.{kind}",
            "id": {"workspace_id": ws, "comment_id": comment["id"]["comment_id"]},
            "thread_id": comment["thread_id"],
            "object_id": people,
            "record_id": rid,
            "list_id": list_id if entry else None,
            "entry_id": entry_id if entry else None,
            "actor": actor,
        }

    comment_events = [
        d.event for d in emu.webhook_deliveries if d.event["event_type"].startswith("comment.")
    ]
    assert comment_events == [
        event("created", head),
        event("created", reply),
        event("created", on_entry, entry=True),
        event("deleted", head),
        event("deleted", reply),
    ]


def test_no_webhook_no_events(emu: Emulator, http: httpx.Client) -> None:
    _comment(http, _member(http), _on_record(_person(http)))
    assert len(emu.webhook_deliveries) == 0


# ---- the contract ---------------------------------------------------------------------------


@pytest.fixture
def checked(emu: Emulator) -> Iterator[tuple[httpx.Client, ContractTransport]]:
    transport = ContractTransport(emu.transport(), get_contract(), allow_unknown_routes=True)
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=transport, base_url=BASE, headers=headers) as client:
        yield client, transport


def test_every_threads_and_comments_operation_is_checked_against_the_spec(
    checked: tuple[httpx.Client, ContractTransport],
) -> None:
    client, transport = checked
    member, rid = _member(client), _person(client)
    head = _comment(client, member, _on_record(rid))
    cid, tid = head["id"]["comment_id"], head["thread_id"]
    _comment(client, member, {"thread_id": tid})
    ok(client.get("/v2/threads", params={"object": "people", "record_id": rid}))
    ok(client.get(f"/v2/threads/{tid}"))
    ok(client.get(f"/v2/comments/{cid}"))
    assert client.delete(f"/v2/comments/{cid}").json() == {}
    error(client.get(f"/v2/comments/{cid}"), 404, "not_found")
    error(client.get(f"/v2/threads/{tid}"), 404, "not_found")
    error(client.delete(f"/v2/comments/{cid}"), 404, "not_found")
    error(
        client.post("/v2/comments", json=_body(member, {"thread_id": tid})), 400, "value_not_found"
    )
    assert transport.violations == []
    templates = {
        (m, t, s) for m, t, s in transport.seen if t.startswith(("/v2/threads", "/v2/comments"))
    }
    assert templates == {
        ("POST", "/v2/comments", 200),
        ("POST", "/v2/comments", 400),
        ("GET", "/v2/threads", 200),
        ("GET", "/v2/threads/{thread_id}", 200),
        ("GET", "/v2/threads/{thread_id}", 404),
        ("GET", "/v2/comments/{comment_id}", 200),
        ("GET", "/v2/comments/{comment_id}", 404),
        ("DELETE", "/v2/comments/{comment_id}", 200),
        ("DELETE", "/v2/comments/{comment_id}", 404),
    }
    assert not [
        op
        for op in transport.unexercised()
        if op.template.startswith(("/v2/threads", "/v2/comments"))
    ]


@pytest.mark.parametrize("drop", ["thread_id", "entry", "record", "resolved_by", "author"])
def test_the_checker_rejects_a_comment_missing_a_required_key(
    http: httpx.Client, drop: str
) -> None:
    spec = get_contract()
    comment = _comment(http, _member(http), _on_record(_person(http)))
    spec.validate_response("POST", "/v2/comments", 200, {"data": comment})
    del comment[drop]
    with pytest.raises(ContractViolation):
        spec.validate_response("POST", "/v2/comments", 200, {"data": comment})


def test_a_thread_answer_never_has_an_empty_comments_array(http: httpx.Client) -> None:
    spec = get_contract()
    head = _comment(http, _member(http), _on_record(_person(http)))
    thread = ok(http.get(f"/v2/threads/{head['thread_id']}"))
    thread["comments"] = []
    with pytest.raises(ContractViolation):
        spec.validate_response("GET", f"/v2/threads/{head['thread_id']}", 200, {"data": thread})


def test_backdating_uses_the_emulator_clock(emu: Emulator, http: httpx.Client) -> None:
    member, rid = _member(http), _person(http)
    emu.clock.advance(3600)
    later = (T0 + timedelta(seconds=1800)).strftime("%Y-%m-%dT%H:%M:%SZ")
    comment = _comment(http, member, _on_record(rid), created_at=later)
    assert comment["created_at"] == "2024-03-01T12:30:00.000000000Z"
    fresh = _comment(http, member, _on_record(rid))
    assert fresh["created_at"] == "2024-03-01T13:00:00.000000000Z"
