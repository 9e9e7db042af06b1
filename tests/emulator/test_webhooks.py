"""Webhooks: the CRUD endpoints (held to the patched spec by the contract transport) and the
in-process deliveries the emulator makes for its writes."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator, WebhookDelivery
from tests.emulator.conftest import T0, create, error, ok

NOW = "2024-03-01T12:00:00.000000000Z"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
URL = "https://example.com/hook"


def _sub(event_type: str, flt: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"event_type": event_type, "filter": flt}


def _hook(
    http: httpx.Client, *event_types: str, url: str = URL, flt: dict[str, Any] | None = None
) -> dict[str, Any]:
    subs = [_sub(t, flt) for t in event_types]
    hook: dict[str, Any] = ok(
        http.post("/v2/webhooks", json={"data": {"target_url": url, "subscriptions": subs}})
    )
    return hook


def _cond(field: str, value: str, operator: str = "equals") -> dict[str, str]:
    return {"field": field, "operator": operator, "value": value}


def _object_id(http: httpx.Client, slug: str) -> str:
    object_id: str = ok(http.get(f"/v2/objects/{slug}"))["id"]["object_id"]
    return object_id


def _events(emu: Emulator) -> list[dict[str, Any]]:
    return [d.event for d in emu.webhook_deliveries]


def _types(emu: Emulator) -> list[str]:
    return [e["event_type"] for e in _events(emu)]


def _pipeline(http: httpx.Client) -> str:
    lst = ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "Pipeline",
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
                    "title": "Stage note",
                    "api_slug": "stage_note",
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
    list_id: str = lst["id"]["list_id"]
    return list_id


# ---- CRUD -----------------------------------------------------------------------------------


def test_list_is_empty_like_the_real_capture(http: httpx.Client, shared_attio: Path) -> None:
    real = json.loads((shared_attio / "real" / "webhooks-list-empty.json").read_text())
    assert http.get("/v2/webhooks").json() == real


def test_create_answers_the_webhook_with_its_secret(emu: Emulator, http: httpx.Client) -> None:
    flt = {"$and": [_cond("id.object_id", "x")]}
    hook = _hook(http, "record.created", "note.created", flt=flt)
    assert set(hook) == {"target_url", "subscriptions", "id", "status", "created_at", "secret"}
    assert hook["target_url"] == URL
    assert hook["subscriptions"] == [_sub("record.created", flt), _sub("note.created", flt)]
    assert hook["id"]["workspace_id"] == emu.workspace.id
    assert uuid.UUID(hook["id"]["webhook_id"])
    assert hook["status"] == "active"
    assert hook["created_at"] == NOW
    assert len(hook["secret"]) == 64 and int(hook["secret"], 16) >= 0
    got = ok(http.get(f"/v2/webhooks/{hook['id']['webhook_id']}"))
    assert got == {k: v for k, v in hook.items() if k != "secret"}
    assert ok(http.get("/v2/webhooks")) == [got]


def test_ids_and_secrets_are_deterministic_per_seed(contract: Any) -> None:
    secrets = []
    for _ in range(2):
        emu = Emulator(seed=99, clock=T0)
        with httpx.Client(
            transport=emu.transport(),
            base_url="https://api.attio.com",
            headers={"Authorization": f"Bearer {emu.token}"},
        ) as client:
            hook = _hook(client, "task.created")
        secrets.append((hook["id"]["webhook_id"], hook["secret"]))
    assert secrets[0] == secrets[1]


def test_missing_fields_match_the_real_validation_error(
    loose: httpx.Client, shared_attio: Path
) -> None:
    real = json.loads(
        (shared_attio / "real" / "errors-400-validation-webhook-create.json").read_text()
    )
    assert loose.post("/v2/webhooks", json={"data": {}}).json() == real


def test_bad_filter_matches_the_real_validation_error(
    loose: httpx.Client, shared_attio: Path
) -> None:
    real = json.loads(
        (shared_attio / "real" / "errors-400-validation-webhook-create-filter.json").read_text()
    )
    for bad in (
        {"$and": [{"field": "id.object_id", "operator": "contains", "value": "x"}]},
        {"$nand": []},
        {"$and": [], "$or": []},
        {"$or": [{"field": "id.object_id", "operator": "equals", "value": 1}]},
        "id.object_id",
    ):
        body = {
            "data": {
                "target_url": URL,
                "subscriptions": [{"event_type": "note.created", "filter": bad}],
            }
        }
        r = loose.post("/v2/webhooks", json=body)
        assert r.status_code == 400
        assert r.json() == real, bad


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"target_url": "http://example.com/hook", "subscriptions": []},
            [("invalid_string", ["data", "target_url"], "Invalid")],
        ),
        (
            {"target_url": "not a url", "subscriptions": []},
            [
                ("invalid_string", ["data", "target_url"], "Invalid url"),
                ("invalid_string", ["data", "target_url"], "Invalid"),
            ],
        ),
        (
            {"target_url": 5, "subscriptions": {}},
            [
                ("invalid_type", ["data", "target_url"], "Expected string, received number"),
                ("invalid_type", ["data", "subscriptions"], "Expected array, received object"),
            ],
        ),
        (
            {
                "target_url": URL,
                "subscriptions": [{"event_type": "record.exploded", "filter": None}],
            },
            [("invalid_option", ["data", "subscriptions", 0, "event_type"], None)],
        ),
        (
            {
                "target_url": URL,
                "subscriptions": [{"filter": None}, 3, {"event_type": "task.created"}],
            },
            [
                ("invalid_type", ["data", "subscriptions", 0, "event_type"], "Required"),
                ("invalid_type", ["data", "subscriptions", 1], "Expected object, received number"),
                ("invalid", ["data", "subscriptions", 2, "filter"], "Invalid input"),
            ],
        ),
    ],
)
def test_invalid_bodies_list_every_problem(
    loose: httpx.Client, data: dict[str, Any], expected: list[tuple[str, list[Any], str | None]]
) -> None:
    body = error(loose.post("/v2/webhooks", json={"data": data}), 400, "validation_type")
    assert body["message"] == "Body payload validation error."
    got = [(e["code"], e["path"], e["message"]) for e in body["validation_errors"]]
    assert [(c, p) for c, p, _ in got] == [(c, p) for c, p, _ in expected]
    for (_, _, message), (_, _, want) in zip(got, expected, strict=True):
        if want is not None:
            assert message == want
    if expected[0][0] == "invalid_option":
        assert "task.created" in body["validation_errors"][0]["options"]
    assert ok(loose.get("/v2/webhooks")) == []


def test_missing_data_is_400(loose: httpx.Client) -> None:
    body = error(loose.post("/v2/webhooks", json={}), 400, "validation_type")
    assert body["validation_errors"][0]["path"] == ["data"]


def test_pagination_default_10_max_100_min_10(http: httpx.Client, loose: httpx.Client) -> None:
    ids = [_hook(http, "task.created", url=f"{URL}/{i}")["id"]["webhook_id"] for i in range(12)]
    page = ok(http.get("/v2/webhooks"))
    assert [h["id"]["webhook_id"] for h in page] == ids[:10]
    rest = ok(http.get("/v2/webhooks", params={"limit": 100, "offset": 10}))
    assert [h["id"]["webhook_id"] for h in rest] == ids[10:]
    low = error(loose.get("/v2/webhooks", params={"limit": 9}), 400, "validation_type")
    assert low["validation_errors"][0]["code"] == "too_small"
    high = error(loose.get("/v2/webhooks", params={"limit": 101}), 400, "validation_type")
    assert high["validation_errors"][0]["code"] == "too_big"


def test_patch_changes_only_what_is_given(http: httpx.Client) -> None:
    hook = _hook(http, "task.created")
    wid = hook["id"]["webhook_id"]
    moved = ok(http.patch(f"/v2/webhooks/{wid}", json={"data": {"target_url": URL + "/2"}}))
    assert moved["target_url"] == URL + "/2"
    assert moved["subscriptions"] == hook["subscriptions"]
    assert "secret" not in moved
    flt = {"$or": [_cond("id.task_id", "t")]}
    subs = [_sub("task.deleted", flt)]
    resubbed = ok(http.patch(f"/v2/webhooks/{wid}", json={"data": {"subscriptions": subs}}))
    assert resubbed["subscriptions"] == subs
    assert resubbed["target_url"] == URL + "/2"
    assert ok(http.get(f"/v2/webhooks/{wid}")) == resubbed


def test_patch_validates_like_create(loose: httpx.Client, http: httpx.Client) -> None:
    wid = _hook(http, "task.created")["id"]["webhook_id"]
    body = error(
        loose.patch(f"/v2/webhooks/{wid}", json={"data": {"target_url": "ftp://x"}}),
        400,
        "validation_type",
    )
    assert body["validation_errors"][0]["path"] == ["data", "target_url"]
    assert ok(http.get(f"/v2/webhooks/{wid}"))["target_url"] == URL


def test_delete_then_404(http: httpx.Client) -> None:
    wid = _hook(http, "task.created")["id"]["webhook_id"]
    assert http.delete(f"/v2/webhooks/{wid}").json() == {}
    assert ok(http.get("/v2/webhooks")) == []
    body = error(http.get(f"/v2/webhooks/{wid}"), 404, "not_found")
    assert body["message"] == f'Webhook with ID "{wid}" was not found.'


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("GET", f'Webhook with ID "{UNKNOWN}" was not found.'),
        ("PATCH", f'Webhook with ID "{UNKNOWN}" was not found.'),
        ("DELETE", "Webhook not found"),
    ],
)
def test_unknown_webhook_is_404(http: httpx.Client, method: str, message: str) -> None:
    body = {"data": {"target_url": URL}} if method == "PATCH" else None
    r = http.request(method, f"/v2/webhooks/{UNKNOWN}", json=body)
    assert error(r, 404, "not_found")["message"] == message


def test_scopes(emu: Emulator, client_for: Callable[[str | None], httpx.Client]) -> None:
    read = emu.create_token(emu.workspace.id, ["webhook:read"])
    with client_for(read.secret) as client:
        assert ok(client.get("/v2/webhooks")) == []
        body = error(
            client.post("/v2/webhooks", json={"data": {"target_url": URL, "subscriptions": []}}),
            403,
            "unauthorized",
        )
        assert "(webhook:read-write)" in body["message"]
        assert "Webhooks scope" in body["message"]
    none = emu.create_token(emu.workspace.id, ["record_permission:read"])
    with client_for(none.secret) as client:
        body = error(client.get("/v2/webhooks"), 403, "unauthorized")
        assert "(webhook:read)" in body["message"]


def test_workspaces_are_isolated(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    wid = _hook(http, "task.created")["id"]["webhook_id"]
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        assert ok(client.get("/v2/webhooks")) == []
        error(client.get(f"/v2/webhooks/{wid}"), 404, "not_found")
        error(client.delete(f"/v2/webhooks/{wid}"), 404, "not_found")
    assert ok(http.get(f"/v2/webhooks/{wid}"))["id"]["webhook_id"] == wid


# ---- deliveries -----------------------------------------------------------------------------


def test_no_webhooks_no_events(emu: Emulator, http: httpx.Client) -> None:
    create(http, "companies", {"name": "Acme"})
    assert len(emu.webhook_deliveries) == 0
    assert emu.store.has_webhooks(emu.workspace.id) is False


def test_record_events(emu: Emulator, http: httpx.Client) -> None:
    hook = _hook(http, "record.created", "record.updated", "record.deleted")
    wid = hook["id"]["webhook_id"]
    companies = _object_id(http, "companies")
    rid = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    ok(
        http.patch(
            f"/v2/objects/companies/records/{rid}",
            json={"data": {"values": {"name": "Acme 2", "description": "Rockets"}}},
        )
    )
    ok(
        http.patch(
            f"/v2/objects/companies/records/{rid}",
            json={"data": {"values": {"name": "Acme 2"}}},
        )
    )  # unchanged: no event
    assert http.delete(f"/v2/objects/companies/records/{rid}").status_code == 200
    attrs = {
        a["api_slug"]: a["id"]["attribute_id"]
        for a in ok(http.get("/v2/objects/companies/attributes"))
    }
    actor = {"type": "api-token", "id": emu.workspace.token_id}
    base = {"workspace_id": emu.workspace.id, "object_id": companies, "record_id": rid}
    assert [d.json() for d in emu.webhook_deliveries] == [
        {
            "webhook_id": wid,
            "events": [{"event_type": "record.created", "id": base, "actor": actor}],
        },
        {
            "webhook_id": wid,
            "events": [
                {
                    "event_type": "record.updated",
                    "id": {**base, "attribute_id": attrs["name"]},
                    "actor": actor,
                }
            ],
        },
        {
            "webhook_id": wid,
            "events": [
                {
                    "event_type": "record.updated",
                    "id": {**base, "attribute_id": attrs["description"]},
                    "actor": actor,
                }
            ],
        },
        {
            "webhook_id": wid,
            "events": [{"event_type": "record.deleted", "id": base, "actor": actor}],
        },
    ]
    assert all(d.target_url == URL and d.webhook_id == wid for d in emu.webhook_deliveries)


def test_assert_and_put_emit_created_then_updated(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.created", "record.updated")
    path = "/v2/objects/companies/records?matching_attribute=domains"
    ok(http.put(path, json={"data": {"values": {"domains": ["acme.com"], "name": "A"}}}))
    ok(http.put(path, json={"data": {"values": {"domains": ["acme.com"], "name": "B"}}}))
    assert _types(emu) == ["record.created", "record.updated"]


def test_list_entry_events(emu: Emulator, http: httpx.Client) -> None:
    list_id = _pipeline(http)
    _hook(http, "list-entry.created", "list-entry.updated", "list-entry.deleted")
    companies = _object_id(http, "companies")
    rid = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    entry = ok(
        http.post(
            "/v2/lists/pipeline/entries",
            json={
                "data": {"parent_record_id": rid, "parent_object": "companies", "entry_values": {}}
            },
        )
    )
    eid = entry["id"]["entry_id"]
    ok(
        http.patch(
            f"/v2/lists/pipeline/entries/{eid}",
            json={"data": {"entry_values": {"stage_note": "Hot"}}},
        )
    )
    assert http.delete(f"/v2/lists/pipeline/entries/{eid}").status_code == 200
    attr = ok(http.get("/v2/lists/pipeline/attributes/stage_note"))["id"]["attribute_id"]
    ids = {"workspace_id": emu.workspace.id, "list_id": list_id, "entry_id": eid}
    parent = {"parent_object_id": companies, "parent_record_id": rid}
    actor = {"type": "api-token", "id": emu.workspace.token_id}
    assert _events(emu) == [
        {"event_type": "list-entry.created", "id": ids, **parent, "actor": actor},
        {
            "event_type": "list-entry.updated",
            "id": {**ids, "attribute_id": attr},
            **parent,
            "actor": actor,
        },
        {"event_type": "list-entry.deleted", "id": ids, **parent, "actor": actor},
    ]


def test_deleting_a_record_deletes_its_entries_with_events(
    emu: Emulator, http: httpx.Client
) -> None:
    _pipeline(http)
    _hook(http, "list-entry.deleted", "record.deleted")
    rid = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    body = {"data": {"parent_record_id": rid, "parent_object": "companies", "entry_values": {}}}
    eid = ok(http.post("/v2/lists/pipeline/entries", json=body))["id"]["entry_id"]
    http.delete(f"/v2/objects/companies/records/{rid}")
    assert _types(emu) == ["list-entry.deleted", "record.deleted"]
    assert _events(emu)[0]["id"]["entry_id"] == eid


def test_note_events(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "note.created", "note.deleted")
    people = _object_id(http, "people")
    rid = create(http, "people", {"email_addresses": ["ada@acme.com"]})["id"]["record_id"]
    note = ok(
        http.post(
            "/v2/notes",
            json={
                "data": {
                    "parent_object": "people",
                    "parent_record_id": rid,
                    "title": "T",
                    "format": "plaintext",
                    "content": "C",
                }
            },
        )
    )
    nid = note["id"]["note_id"]
    http.delete(f"/v2/notes/{nid}")
    ids = {"workspace_id": emu.workspace.id, "note_id": nid}
    extra = {"parent_object_id": people, "parent_record_id": rid}
    actor = {"type": "api-token", "id": emu.workspace.token_id}
    assert _events(emu) == [
        {"event_type": "note.created", "id": ids, **extra, "actor": actor},
        {"event_type": "note.deleted", "id": ids, **extra, "actor": actor},
    ]


def test_task_events(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "task.created", "task.updated", "task.deleted")
    task = ok(
        http.post(
            "/v2/tasks",
            json={
                "data": {
                    "content": "Call",
                    "format": "plaintext",
                    "deadline_at": None,
                    "is_completed": False,
                    "linked_records": [],
                    "assignees": [],
                }
            },
        )
    )
    tid = task["id"]["task_id"]
    ok(http.patch(f"/v2/tasks/{tid}", json={"data": {"is_completed": True}}))
    http.delete(f"/v2/tasks/{tid}")
    ids = {"workspace_id": emu.workspace.id, "task_id": tid}
    actor = {"type": "api-token", "id": emu.workspace.token_id}
    assert _events(emu) == [
        {"event_type": t, "id": ids, "actor": actor}
        for t in ("task.created", "task.updated", "task.deleted")
    ]


def test_only_subscribed_event_types_are_delivered(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.deleted")
    rid = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    assert len(emu.webhook_deliveries) == 0
    http.delete(f"/v2/objects/companies/records/{rid}")
    assert _types(emu) == ["record.deleted"]


def test_failed_writes_deliver_nothing(emu: Emulator, loose: httpx.Client) -> None:
    _hook(loose, "record.created")
    r = loose.post("/v2/objects/companies/records", json={"data": {"values": {"nope": "x"}}})
    assert r.status_code >= 400
    assert len(emu.webhook_deliveries) == 0


@pytest.mark.parametrize(
    ("flt", "delivered"),
    [
        ({"$and": [_cond("id.object_id", "{people}")]}, ["people"]),
        ({"$and": [_cond("id.object_id", "{people}", "not_equals")]}, ["companies"]),
        (
            {"$or": [_cond("id.object_id", "{people}"), _cond("id.object_id", "{companies}")]},
            ["companies", "people"],
        ),
        (
            {"$and": [_cond("id.object_id", "{people}"), _cond("actor.type", "api-token")]},
            ["people"],
        ),
        (
            {"$and": [_cond("id.object_id", "{people}"), _cond("actor.type", "workspace-member")]},
            [],
        ),
        ({"$and": [_cond("id.no_such_field", "x")]}, []),
        ({"$and": [_cond("id.no_such_field", "x", "not_equals")]}, ["companies", "people"]),
        ({"$and": []}, ["companies", "people"]),
        ({"$or": []}, []),
    ],
)
def test_subscription_filters(
    emu: Emulator, http: httpx.Client, flt: dict[str, Any], delivered: list[str]
) -> None:
    objects = {s: _object_id(http, s) for s in ("people", "companies")}
    resolved = json.loads(
        json.dumps(flt)
        .replace("{people}", objects["people"])
        .replace("{companies}", objects["companies"])
    )
    _hook(http, "record.created", flt=resolved)
    create(http, "companies", {"name": "Acme"})
    create(http, "people", {"email_addresses": ["ada@acme.com"]})
    by_id = {v: k for k, v in objects.items()}
    assert [by_id[e["id"]["object_id"]] for e in _events(emu)] == delivered


def test_filter_on_list_id_and_parent_object(emu: Emulator, http: httpx.Client) -> None:
    list_id = _pipeline(http)
    companies = _object_id(http, "companies")
    _hook(
        http,
        "list-entry.created",
        flt={"$and": [_cond("id.list_id", list_id), _cond("parent_object_id", companies)]},
    )
    _hook(http, "list-entry.created", url=URL + "/x", flt={"$or": [_cond("id.list_id", UNKNOWN)]})
    rid = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    body = {"data": {"parent_record_id": rid, "parent_object": "companies", "entry_values": {}}}
    ok(http.post("/v2/lists/pipeline/entries", json=body))
    assert [d.target_url for d in emu.webhook_deliveries] == [URL]


def test_signatures_and_headers(emu: Emulator, http: httpx.Client) -> None:
    secret = _hook(http, "record.created")["secret"]
    other = _hook(http, "record.created", url=URL + "/2")["secret"]
    create(http, "companies", {"name": "A"})
    create(http, "companies", {"name": "B"})
    deliveries = list(emu.webhook_deliveries)
    assert len(deliveries) == 4
    for delivery, key in zip(deliveries, [secret, other, secret, other], strict=True):
        expected = hmac.new(key.encode(), delivery.body, hashlib.sha256).hexdigest()
        assert delivery.headers["Attio-Signature"] == expected
        assert delivery.headers["X-Attio-Signature"] == expected
        assert delivery.headers["Content-Type"] == "application/json"
        wrong = hmac.new(b"not-the-secret", delivery.body, hashlib.sha256).hexdigest()
        assert delivery.headers["Attio-Signature"] != wrong
    keys = [d.headers["Idempotency-Key"] for d in deliveries]
    assert len(set(keys)) == 4


def test_callbacks_get_deliveries_and_can_unsubscribe(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.created")
    seen: list[WebhookDelivery] = []
    stop = emu.on_webhook(seen.append)
    create(http, "companies", {"name": "A"})
    assert seen == list(emu.webhook_deliveries)
    assert len(seen) == 1
    stop()
    stop()  # idempotent
    create(http, "companies", {"name": "B"})
    assert len(seen) == 1
    assert len(emu.webhook_deliveries) == 2


def test_callback_can_call_the_api_back(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.created")
    names: list[str] = []

    def refetch(delivery: WebhookDelivery) -> None:
        rid = delivery.event["id"]["record_id"]
        record = ok(http.get(f"/v2/objects/companies/records/{rid}"))
        names.append(record["values"]["name"][0]["value"])

    emu.on_webhook(refetch)
    create(http, "companies", {"name": "Acme"})
    assert names == ["Acme"]


def test_raising_callback_does_not_break_the_write(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.created")
    seen: list[WebhookDelivery] = []

    def boom(delivery: WebhookDelivery) -> None:
        raise RuntimeError("handler failed")

    emu.on_webhook(boom)
    emu.on_webhook(seen.append)
    record = create(http, "companies", {"name": "Acme"})
    rid = record["id"]["record_id"]
    assert ok(http.get(f"/v2/objects/companies/records/{rid}"))["id"]["record_id"] == rid
    assert len(seen) == 1
    [(delivery, exc)] = emu.webhook_deliveries.errors
    assert delivery == seen[0]
    assert isinstance(exc, RuntimeError)


def test_no_deliveries_for_other_workspaces_or_deleted_webhooks(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    wid = _hook(http, "record.created")["id"]["webhook_id"]
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        create(client, "companies", {"name": "Elsewhere"})
    assert len(emu.webhook_deliveries) == 0
    create(http, "companies", {"name": "Here"})
    assert len(emu.webhook_deliveries) == 1
    http.delete(f"/v2/webhooks/{wid}")
    create(http, "companies", {"name": "After"})
    assert len(emu.webhook_deliveries) == 1
    assert emu.store.has_webhooks(emu.workspace.id) is False


def test_bulk_created_records_are_delivered(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.created")
    ids = emu.bulk_create_records("companies", [{"name": "A"}, {"name": "B"}])
    assert [e["id"]["record_id"] for e in _events(emu)] == ids


def test_deliveries_are_clearable_and_reset(emu: Emulator, http: httpx.Client) -> None:
    _hook(http, "record.created")
    create(http, "companies", {"name": "A"})
    assert len(emu.webhook_deliveries) == 1
    assert emu.webhook_deliveries[0:1] == [emu.webhook_deliveries[0]]
    emu.webhook_deliveries.clear()
    assert len(emu.webhook_deliveries) == 0
    create(http, "companies", {"name": "B"})
    assert len(emu.webhook_deliveries) == 1
    emu.reset()
    assert len(emu.webhook_deliveries) == 0
    assert emu.store.has_webhooks(emu.workspace.id) is False
