"""Tasks: ``GET|POST /v2/tasks`` and ``GET|PATCH|DELETE /v2/tasks/{task_id}``, every exchange
held to the patched Attio spec by the contract transport (``http``/``loose`` fixtures).

The spec's matching-attribute form of a linked record requires a property literally named
``[slug_or_id_of_matching_attribute]`` (a placeholder), so no real request in that form
can pass the request check: those requests go through ``loose`` (responses still checked).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator
from tests.contract import ContractTransport, ContractViolation, SpecContract, contract_or_skip
from tests.emulator.conftest import BASE, T0, create, error, ok

NOW = "2024-03-01T12:00:00.000000000Z"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def world(http: httpx.Client) -> dict[str, str]:
    """Two people, a company, the two seeded members and the object ids."""
    members = ok(http.get("/v2/workspace_members"))
    by_email = {m["email_address"]: m["id"]["workspace_member_id"] for m in members}
    objects = {o["api_slug"]: o["id"]["object_id"] for o in ok(http.get("/v2/objects"))}
    ada = create(http, "people", {"email_addresses": ["ada@acme.com"], "job_title": "CTO"})
    bob = create(http, "people", {"email_addresses": ["bob@acme.com"], "job_title": "CTO"})
    acme = create(http, "companies", {"name": "Acme", "domains": ["acme.com"]})
    return {
        "ada": ada["id"]["record_id"],
        "bob": bob["id"]["record_id"],
        "acme": acme["id"]["record_id"],
        "people": objects["people"],
        "companies": objects["companies"],
        "m_ada": by_email["ada@example.com"],
        "m_grace": by_email["grace@example.com"],
    }


def _body(**fields: Any) -> dict[str, Any]:
    data = {
        "content": "Follow up",
        "format": "plaintext",
        "deadline_at": None,
        "is_completed": False,
        "linked_records": [],
        "assignees": [],
        **fields,
    }
    return {"data": data}


def _task(http: httpx.Client, **fields: Any) -> dict[str, Any]:
    task: dict[str, Any] = ok(http.post("/v2/tasks", json=_body(**fields)))
    return task


def _ids(tasks: list[dict[str, Any]]) -> list[str]:
    return [t["id"]["task_id"] for t in tasks]


def _link(obj: str, rid: str) -> dict[str, str]:
    return {"target_object": obj, "target_record_id": rid}


def _member(mid: str) -> dict[str, str]:
    return {"referenced_actor_type": "workspace-member", "referenced_actor_id": mid}


def _linked(obj_id: str, rid: str) -> dict[str, str]:
    return {"target_object_id": obj_id, "target_record_id": rid}


def _assigned(mid: str) -> dict[str, str]:
    return {"referenced_actor_type": "workspace-member", "referenced_actor_id": mid}


# ---- create and get -------------------------------------------------------------------------


def test_create_answers_the_full_task(
    emu: Emulator, http: httpx.Client, world: dict[str, str]
) -> None:
    task = _task(
        http,
        content="Send the contract",
        deadline_at="2024-03-08T17:00:00Z",
        linked_records=[_link("people", world["ada"])],
        assignees=[_member(world["m_grace"])],
    )
    task_id = task["id"]["task_id"]
    assert uuid.UUID(task_id)
    assert task == {
        "id": {"workspace_id": emu.workspace.id, "task_id": task_id},
        "content_plaintext": "Send the contract",
        "deadline_at": "2024-03-08T17:00:00.000000000Z",
        "is_completed": False,
        "linked_records": [_linked(world["people"], world["ada"])],
        "assignees": [_assigned(world["m_grace"])],
        "created_by_actor": {"type": "api-token", "id": emu.workspace.token_id},
        "created_at": NOW,
    }
    assert ok(http.get(f"/v2/tasks/{task_id}")) == task


def test_empty_arrays_and_completed(http: httpx.Client) -> None:
    task = _task(http, is_completed=True, content="")
    assert (task["linked_records"], task["assignees"], task["is_completed"]) == ([], [], True)
    assert task["content_plaintext"] == ""
    assert task["deadline_at"] is None


@pytest.mark.parametrize(
    ("deadline", "stored"),
    [
        ("2024-05-01", "2024-05-01T00:00:00.000000000Z"),
        ("2024-05-01T15:00:00+02:00", "2024-05-01T13:00:00.000000000Z"),
        ("2024-05-01T15:00", "2024-05-01T15:00:00.000000000Z"),
        ("2024-05-01T12:34:56.123456789Z", "2024-05-01T12:34:56.123456789Z"),
        ("2024-05-01T12:34:56.5-01:30", "2024-05-01T14:04:56.500000000Z"),
        (None, None),
    ],
)
def test_deadline_is_normalised_to_attio_timestamps(
    http: httpx.Client, deadline: str | None, stored: str | None
) -> None:
    assert _task(http, deadline_at=deadline)["deadline_at"] == stored


def test_content_up_to_2000_characters(http: httpx.Client, loose: httpx.Client) -> None:
    longest = _task(http, content="x" * 2000)
    assert longest["content_plaintext"] == "x" * 2000
    answer = error(loose.post("/v2/tasks", json=_body(content="x" * 2001)), 400, "validation_type")
    assert answer["validation_errors"][0]["code"] == "too_big"
    assert answer["validation_errors"][0]["path"] == ["data", "content"]
    assert ok(http.get("/v2/tasks")) == [longest]


def test_links_by_object_id_and_by_several_objects(
    http: httpx.Client, world: dict[str, str]
) -> None:
    task = _task(
        http,
        linked_records=[
            _link(world["companies"], world["acme"]),
            _link("people", world["bob"]),
            _link("people", world["bob"]),  # the same record twice collapses to one
        ],
    )
    assert task["linked_records"] == [
        _linked(world["companies"], world["acme"]),
        _linked(world["people"], world["bob"]),
    ]


@pytest.mark.parametrize(
    ("link", "record"),
    [
        (
            {"target_object": "people", "email_addresses": [{"email_address": "bob@acme.com"}]},
            "bob",
        ),
        ({"target_object": "people", "email_addresses": ["BOB@acme.com"]}, "bob"),
        ({"target_object": "companies", "domains": [{"domain": "acme.com"}]}, "acme"),
        ({"target_object": "companies", "domains": "https://acme.com/about"}, "acme"),
    ],
)
def test_links_by_matching_attribute(
    loose: httpx.Client, world: dict[str, str], link: dict[str, Any], record: str
) -> None:
    task = ok(loose.post("/v2/tasks", json=_body(linked_records=[link])))
    obj = world[link["target_object"]]
    assert task["linked_records"] == [_linked(obj, world[record])]


def test_assignees_by_id_and_by_email(http: httpx.Client, world: dict[str, str]) -> None:
    task = _task(
        http,
        assignees=[
            {"workspace_member_email_address": "GRACE@example.com"},
            _member(world["m_ada"]),
            _member(world["m_grace"]),  # already assigned by email
        ],
    )
    assert task["assignees"] == [_assigned(world["m_grace"]), _assigned(world["m_ada"])]


def test_ids_follow_the_emulator_seed() -> None:
    def first_task_id() -> str:
        emu = Emulator(seed=5, clock=T0)
        with httpx.Client(
            transport=emu.transport(),
            base_url=BASE,
            headers={"Authorization": f"Bearer {emu.token}"},
        ) as client:
            return str(_task(client)["id"]["task_id"])

    assert first_task_id() == first_task_id()


def test_writes_are_journalled(emu: Emulator, http: httpx.Client) -> None:
    task_id = _task(http)["id"]["task_id"]
    http.patch(f"/v2/tasks/{task_id}", json={"data": {"is_completed": True}})
    assert emu.journal.count("POST", "/v2/tasks", status=200) == 1
    assert emu.journal.count("PATCH", f"/v2/tasks/{task_id}", status=200) == 1
    assert emu.journal.entries[-1].body == {"data": {"is_completed": True}}


# ---- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["content", "format", "deadline_at", "is_completed", "linked_records", "assignees"]
)
def test_every_create_key_is_required(http: httpx.Client, loose: httpx.Client, key: str) -> None:
    body = _body()
    del body["data"][key]
    answer = error(loose.post("/v2/tasks", json=body), 400, "validation_type")
    (problem,) = answer["validation_errors"]
    assert (problem["path"], problem["message"]) == (["data", key], "Required")
    assert ok(http.get("/v2/tasks")) == []


@pytest.mark.parametrize(
    ("fields", "path", "code"),
    [
        ({"content": 5}, ["data", "content"], "invalid_type"),
        ({"format": "markdown"}, ["data", "format"], "invalid_option"),
        ({"deadline_at": "next friday"}, ["data", "deadline_at"], "invalid"),
        ({"deadline_at": "2024-02-30"}, ["data", "deadline_at"], "invalid"),
        ({"deadline_at": 1700000000}, ["data", "deadline_at"], "invalid_type"),
        ({"is_completed": "yes"}, ["data", "is_completed"], "invalid_type"),
        ({"is_completed": None}, ["data", "is_completed"], "invalid_type"),
        ({"linked_records": {"target_object": "people"}},
         ["data", "linked_records"], "invalid_type"),
        ({"linked_records": ["people"]}, ["data", "linked_records", 0], "invalid_type"),
        ({"linked_records": [{"target_record_id": UNKNOWN}]},
         ["data", "linked_records", 0, "target_object"], "invalid_type"),
        ({"linked_records": [{"target_object": "people"}]},
         ["data", "linked_records", 0, "target_record_id"], "invalid_type"),
        ({"assignees": None}, ["data", "assignees"], "invalid_type"),
        ({"assignees": ["ada@example.com"]}, ["data", "assignees", 0], "invalid_type"),
        ({"assignees": [{"referenced_actor_type": "api-token", "referenced_actor_id": UNKNOWN}]},
         ["data", "assignees", 0, "referenced_actor_type"], "invalid_option"),
        ({"assignees": [{"referenced_actor_type": "workspace-member"}]},
         ["data", "assignees", 0, "referenced_actor_id"], "invalid_type"),
        ({"assignees": [{"workspace_member_email_address": "ada@example.com", "x": 1}]},
         ["data", "assignees", 0], "unrecognized_keys"),
        ({"title": "extra"}, ["data"], "unrecognized_keys"),
    ],
)  # fmt: skip
def test_invalid_create_bodies_are_400(
    http: httpx.Client,
    loose: httpx.Client,
    fields: dict[str, Any],
    path: list[Any],
    code: str,
) -> None:
    answer = error(loose.post("/v2/tasks", json=_body(**fields)), 400, "validation_type")
    assert answer["message"] == "Body payload validation error."
    assert [(e["path"], e["code"]) for e in answer["validation_errors"]] == [(path, code)]
    assert ok(http.get("/v2/tasks")) == []


def test_missing_data_is_400(loose: httpx.Client) -> None:
    payloads: list[dict[str, Any]] = [{}, {"data": None}, {"data": [1]}]
    for payload in payloads:
        answer = error(loose.post("/v2/tasks", json=payload), 400, "validation_type")
        assert answer["validation_errors"][0]["path"] == ["data"]


# ---- unknown objects, records and members ----------------------------------------------------


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ({"target_object": "planets", "target_record_id": UNKNOWN},
         'Object with slug/ID "planets" not found.'),
        ({"target_object": "people", "target_record_id": UNKNOWN},
         f'Record with ID "{UNKNOWN}" not found.'),
        ({"target_object": "people", "target_record_id": "acme"},
         'Record with ID "acme" not found.'),
        ({"target_object": "people", "email_addresses": ["nobody@acme.com"]},
         'No "people" record matches attribute "email_addresses".'),
        ({"target_object": "people", "shoe_size": [{"value": 42}]},
         'Attribute with slug/ID "shoe_size" not found.'),
    ],
)  # fmt: skip
def test_unknown_link_targets_are_404(
    http: httpx.Client,
    loose: httpx.Client,
    world: dict[str, str],
    link: dict[str, Any],
    message: str,
) -> None:
    link = {k: world.get(v, v) if isinstance(v, str) else v for k, v in link.items()}
    answer = error(loose.post("/v2/tasks", json=_body(linked_records=[link])), 404, "not_found")
    assert answer["message"] == message.replace('"acme"', f'"{world["acme"]}"')
    assert ok(http.get("/v2/tasks")) == []


def test_a_list_cannot_be_linked(http: httpx.Client, world: dict[str, str]) -> None:
    ok(
        http.post(
            "/v2/lists",
            json={
                "data": {
                    "name": "Sales",
                    "api_slug": "sales",
                    "parent_object": "companies",
                    "workspace_access": "full-access",
                    "workspace_member_access": [],
                }
            },
        )
    )
    answer = error(
        http.post("/v2/tasks", json=_body(linked_records=[_link("sales", world["acme"])])),
        400,
        "validation_type",
    )
    assert answer["message"] == "Only standard or custom object records can be linked to."


def test_a_matching_attribute_must_match_one_record(
    loose: httpx.Client, world: dict[str, str]
) -> None:
    link = {"target_object": "people", "job_title": [{"value": "CTO"}]}  # Ada and Bob
    answer = error(
        loose.post("/v2/tasks", json=_body(linked_records=[link])), 400, "validation_type"
    )
    assert "2" in answer["message"] and "job_title" in answer["message"]


@pytest.mark.parametrize(
    ("assignee", "message"),
    [
        (_member(UNKNOWN), f'Workspace member with ID "{UNKNOWN}" not found.'),
        ({"workspace_member_email_address": "nobody@example.com"},
         'Workspace member with email address "nobody@example.com" not found.'),
    ],
)  # fmt: skip
def test_unknown_assignees_are_404(
    http: httpx.Client, assignee: dict[str, str], message: str
) -> None:
    answer = error(http.post("/v2/tasks", json=_body(assignees=[assignee])), 404, "not_found")
    assert answer["message"] == message
    assert ok(http.get("/v2/tasks")) == []


# ---- update and delete ----------------------------------------------------------------------


def test_patch_changes_only_the_fields_given(
    emu: Emulator, http: httpx.Client, world: dict[str, str]
) -> None:
    task = _task(
        http,
        deadline_at="2024-04-01",
        linked_records=[_link("people", world["ada"])],
        assignees=[_member(world["m_ada"])],
    )
    path = f"/v2/tasks/{task['id']['task_id']}"
    emu.clock.advance(30)
    done = ok(http.patch(path, json={"data": {"is_completed": True}}))
    assert done == {**task, "is_completed": True}
    moved = ok(http.patch(path, json={"data": {"deadline_at": "2024-04-02T09:30:00+01:00"}}))
    assert moved == {**done, "deadline_at": "2024-04-02T08:30:00.000000000Z"}
    relinked = ok(
        http.patch(
            path,
            json={
                "data": {
                    "linked_records": [_link("companies", world["acme"])],
                    "assignees": [{"workspace_member_email_address": "grace@example.com"}],
                }
            },
        )
    )
    assert relinked == {
        **moved,
        "linked_records": [_linked(world["companies"], world["acme"])],
        "assignees": [_assigned(world["m_grace"])],
    }
    cleared = ok(
        http.patch(
            path, json={"data": {"deadline_at": None, "linked_records": [], "assignees": []}}
        )
    )
    assert cleared == {**relinked, "deadline_at": None, "linked_records": [], "assignees": []}
    assert ok(http.patch(path, json={"data": {}})) == cleared
    assert ok(http.get(path)) == cleared
    assert cleared["created_at"] == NOW


@pytest.mark.parametrize("key", ["content", "format", "content_plaintext", "created_at"])
def test_patch_refuses_other_fields(http: httpx.Client, loose: httpx.Client, key: str) -> None:
    task = _task(http)
    path = f"/v2/tasks/{task['id']['task_id']}"
    answer = error(loose.patch(path, json={"data": {key: "x"}}), 400, "validation_type")
    assert answer["validation_errors"][0]["code"] == "unrecognized_keys"
    assert f"'{key}'" in answer["validation_errors"][0]["message"]
    assert ok(http.get(path)) == task


def test_a_failed_patch_changes_nothing(http: httpx.Client, world: dict[str, str]) -> None:
    task = _task(http, assignees=[_member(world["m_ada"])])
    path = f"/v2/tasks/{task['id']['task_id']}"
    body = {"data": {"is_completed": True, "assignees": [_member(UNKNOWN)]}}
    error(http.patch(path, json=body), 404, "not_found")
    body = {"data": {"deadline_at": "2030-01-01", "linked_records": [_link("planets", UNKNOWN)]}}
    error(http.patch(path, json=body), 404, "not_found")
    assert ok(http.get(path)) == task


def test_delete_answers_empty_and_forgets_the_task(
    http: httpx.Client, world: dict[str, str]
) -> None:
    gone = _task(http, linked_records=[_link("people", world["ada"])])["id"]["task_id"]
    kept = _task(http)["id"]["task_id"]
    response = http.delete(f"/v2/tasks/{gone}")
    assert response.status_code == 200 and response.json() == {}
    answer = error(http.get(f"/v2/tasks/{gone}"), 404, "not_found")
    assert answer["message"] == f'Could not find Task with ID "{gone}".'
    error(http.delete(f"/v2/tasks/{gone}"), 404, "not_found")
    error(http.patch(f"/v2/tasks/{gone}", json={"data": {}}), 404, "not_found")
    assert _ids(ok(http.get("/v2/tasks"))) == [kept]
    linked = {"linked_object": "people", "linked_record_id": world["ada"]}
    assert ok(http.get("/v2/tasks", params=linked)) == []


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("task_id", [UNKNOWN, "not-a-uuid"])
def test_unknown_task_is_404(loose: httpx.Client, method: str, task_id: str) -> None:
    body: dict[str, Any] | None = {"data": {}} if method == "PATCH" else None
    answer = error(loose.request(method, f"/v2/tasks/{task_id}", json=body), 404, "not_found")
    assert answer["message"] == f'Could not find Task with ID "{task_id}".'


def test_deleting_a_linked_record_keeps_the_link(http: httpx.Client, world: dict[str, str]) -> None:
    task = _task(http, linked_records=[_link("people", world["bob"])])
    assert http.delete(f"/v2/objects/people/records/{world['bob']}").status_code == 200
    assert ok(http.get(f"/v2/tasks/{task['id']['task_id']}")) == task


# ---- list -----------------------------------------------------------------------------------


@pytest.fixture
def four(emu: Emulator, http: httpx.Client, world: dict[str, str]) -> dict[str, str]:
    """Four tasks a second apart: t1 Ada's (done), t2 Ada+Bob's, t3 Acme's, t4 unlinked."""
    specs: dict[str, dict[str, Any]] = {
        "t1": {"is_completed": True, "linked_records": [_link("people", world["ada"])],
               "assignees": [_member(world["m_ada"])]},
        "t2": {"linked_records": [_link("people", world["bob"]), _link("people", world["ada"])],
               "assignees": [_member(world["m_grace"]), _member(world["m_ada"])]},
        "t3": {"linked_records": [_link("companies", world["acme"])],
               "assignees": [_member(world["m_grace"])]},
        "t4": {"is_completed": True},
    }  # fmt: skip
    ids = {}
    for name, fields in specs.items():
        ids[name] = _task(http, **fields)["id"]["task_id"]
        emu.clock.advance(1)
    return {**world, **ids}


def test_list_is_oldest_first_by_default(http: httpx.Client, four: dict[str, str]) -> None:
    expected = [four[t] for t in ("t1", "t2", "t3", "t4")]
    assert _ids(ok(http.get("/v2/tasks"))) == expected
    assert _ids(ok(http.get("/v2/tasks", params={"sort": "created_at:asc"}))) == expected
    assert _ids(ok(http.get("/v2/tasks", params={"sort": "created_at:desc"}))) == expected[::-1]


def test_same_instant_keeps_creation_order(http: httpx.Client) -> None:
    ids = [_task(http)["id"]["task_id"] for _ in range(3)]  # the clock is frozen
    assert _ids(ok(http.get("/v2/tasks"))) == ids
    assert _ids(ok(http.get("/v2/tasks", params={"sort": "created_at:desc"}))) == ids[::-1]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"is_completed": "true"}, ["t1", "t4"]),
        ({"is_completed": "false"}, ["t2", "t3"]),
        ({"linked_object": "people", "linked_record_id": "ada"}, ["t1", "t2"]),
        ({"linked_object": "people", "linked_record_id": "bob"}, ["t2"]),
        ({"linked_object": "companies", "linked_record_id": "acme"}, ["t3"]),
        ({"linked_object": "people", "linked_record_id": "acme"}, []),
        ({"linked_object": "people", "linked_record_id": UNKNOWN}, []),
        ({"assignee": "m_ada"}, ["t1", "t2"]),
        ({"assignee": "grace@example.com"}, ["t2", "t3"]),
        ({"assignee": "GRACE@EXAMPLE.COM"}, ["t2", "t3"]),
        ({"assignee": "null"}, ["t4"]),
        ({"assignee": "nobody@example.com"}, []),
        ({"assignee": UNKNOWN}, []),
        ({"assignee": "m_ada", "is_completed": "false"}, ["t2"]),
        ({"linked_object": "people", "linked_record_id": "ada", "assignee": "m_grace",
          "sort": "created_at:desc"}, ["t2"]),
        ({"linked_object": "people", "linked_record_id": "ada", "sort": "created_at:desc"},
         ["t2", "t1"]),
    ],
)  # fmt: skip
def test_list_filters(
    http: httpx.Client, four: dict[str, str], params: dict[str, str], expected: list[str]
) -> None:
    query = {k: four.get(v, v) for k, v in params.items()}
    assert _ids(ok(http.get("/v2/tasks", params=query))) == [four[t] for t in expected]


def test_list_linked_object_by_id(http: httpx.Client, four: dict[str, str]) -> None:
    query = {"linked_object": four["companies"], "linked_record_id": four["acme"]}
    assert _ids(ok(http.get("/v2/tasks", params=query))) == [four["t3"]]


def test_empty_assignee_finds_unassigned_tasks(loose: httpx.Client, four: dict[str, str]) -> None:
    assert _ids(ok(loose.get("/v2/tasks", params={"assignee": ""}))) == [four["t4"]]


def test_list_pages_with_limit_and_offset(http: httpx.Client, four: dict[str, str]) -> None:
    ids = [four[t] for t in ("t1", "t2", "t3", "t4")]
    assert _ids(ok(http.get("/v2/tasks", params={"limit": 2}))) == ids[:2]
    assert _ids(ok(http.get("/v2/tasks", params={"limit": 2, "offset": 2}))) == ids[2:]
    assert _ids(ok(http.get("/v2/tasks", params={"offset": 3}))) == ids[3:]
    desc: dict[str, str | int] = {"limit": 1, "offset": 1, "sort": "created_at:desc"}
    assert _ids(ok(http.get("/v2/tasks", params=desc))) == [ids[2]]
    assert ok(http.get("/v2/tasks", params={"limit": 0})) == []
    assert _ids(ok(http.get("/v2/tasks", params={"limit": 100000}))) == ids


def test_the_default_limit_is_500(emu: Emulator) -> None:
    headers = {"authorization": f"Bearer {emu.token}"}
    body = json.dumps(_body()).encode()
    for _ in range(501):
        assert emu.handle("POST", "/v2/tasks", {}, headers, body).status == 200
    assert len(emu.handle("GET", "/v2/tasks", {}, headers).json()["data"]) == 500
    second = emu.handle("GET", "/v2/tasks", {"offset": "500"}, headers).json()["data"]
    assert len(second) == 1


@pytest.mark.parametrize(
    ("params", "path", "code"),
    [
        ({"sort": "created_at"}, ["sort"], "invalid_option"),
        ({"sort": "deadline_at:asc"}, ["sort"], "invalid_option"),
        ({"is_completed": "yes"}, ["is_completed"], "invalid_type"),
        ({"limit": "-1"}, ["limit"], "invalid_type"),
        ({"offset": "x"}, ["offset"], "invalid_type"),
        ({"linked_object": "people"}, ["linked_record_id"], "invalid_type"),
        ({"linked_record_id": UNKNOWN}, ["linked_object"], "invalid_type"),
    ],
)
def test_list_bad_query_is_400(
    loose: httpx.Client, params: dict[str, str], path: list[str], code: str
) -> None:
    answer = error(loose.get("/v2/tasks", params=params), 400, "validation_type")
    assert answer["message"] == "Query params validation error."
    assert [(e["path"], e["code"]) for e in answer["validation_errors"]] == [(path, code)]


def test_list_unknown_linked_object_is_404(http: httpx.Client) -> None:
    query = {"linked_object": "planets", "linked_record_id": UNKNOWN}
    answer = error(http.get("/v2/tasks", params=query), 404, "not_found")
    assert answer["message"] == 'Object with slug/ID "planets" not found.'


# ---- scopes and workspaces ------------------------------------------------------------------

_SHARED = ("object_configuration:read", "record_permission:read", "user_management:read")


def _operations(task_id: str) -> list[tuple[str, str, Any, tuple[str, ...]]]:
    return [
        ("GET", "/v2/tasks", None, ("task:read", *_SHARED)),
        ("POST", "/v2/tasks", _body(), ("task:read-write", *_SHARED)),
        ("GET", f"/v2/tasks/{task_id}", None, ("task:read", *_SHARED)),
        ("PATCH", f"/v2/tasks/{task_id}", {"data": {"is_completed": True}},
         ("task:read-write", *_SHARED)),
        ("DELETE", f"/v2/tasks/{task_id}", None, ("task:read-write",)),
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(5))
def test_each_operation_needs_exactly_its_scopes(
    emu: Emulator,
    http: httpx.Client,
    client_for: Callable[[str | None], httpx.Client],
    index: int,
) -> None:
    task = _task(http)
    method, path, body, scopes = _operations(task["id"]["task_id"])[index]
    for scope in scopes:
        fewer = emu.create_token(emu.workspace.id, [s for s in scopes if s != scope])
        with client_for(fewer.secret) as client:
            answer = error(client.request(method, path, json=body), 403, "unauthorized")
        assert answer["type"] == "auth_error"
        assert f"({scope})" in answer["message"]
    assert _ids(ok(http.get("/v2/tasks"))) == [task["id"]["task_id"]]
    assert ok(http.get(f"/v2/tasks/{task['id']['task_id']}")) == task  # nothing changed
    exact = emu.create_token(emu.workspace.id, scopes)
    with client_for(exact.secret) as client:
        assert client.request(method, path, json=body).status_code == 200


def test_read_scope_cannot_write(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    task_id = _task(http)["id"]["task_id"]
    reader = emu.create_token(emu.workspace.id, ("task:read", *_SHARED))
    with client_for(reader.secret) as client:
        assert _ids(ok(client.get("/v2/tasks"))) == [task_id]
        answer = error(
            client.patch(f"/v2/tasks/{task_id}", json={"data": {"is_completed": True}}),
            403,
            "unauthorized",
        )
    assert "Read-Write access to the Tasks scope (task:read-write)" in answer["message"]


def test_workspaces_never_see_each_others_tasks(
    emu: Emulator,
    http: httpx.Client,
    world: dict[str, str],
    client_for: Callable[[str | None], httpx.Client],
) -> None:
    mine = _task(http, linked_records=[_link("people", world["ada"])])
    task_id = mine["id"]["task_id"]
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        assert ok(client.get("/v2/tasks")) == []
        error(client.get(f"/v2/tasks/{task_id}"), 404, "not_found")
        error(client.patch(f"/v2/tasks/{task_id}", json={"data": {}}), 404, "not_found")
        error(client.delete(f"/v2/tasks/{task_id}"), 404, "not_found")
        # Our record, object id and member are unknown over there.
        error(
            client.post("/v2/tasks", json=_body(linked_records=[_link("people", world["ada"])])),
            404,
            "not_found",
        )
        error(
            client.post("/v2/tasks", json=_body(linked_records=[_link(world["people"], UNKNOWN)])),
            404,
            "not_found",
        )
        error(
            client.post("/v2/tasks", json=_body(assignees=[_member(world["m_ada"])])),
            404,
            "not_found",
        )
        theirs = ok(client.post("/v2/tasks", json=_body()))
        assert theirs["id"]["workspace_id"] == other.id
    assert ok(http.get("/v2/tasks")) == [mine]


# ---- the contract ---------------------------------------------------------------------------


@pytest.fixture
def checked(emu: Emulator) -> Iterator[tuple[httpx.Client, ContractTransport]]:
    transport = ContractTransport(emu.transport(), contract_or_skip(), allow_unknown_routes=True)
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=transport, base_url=BASE, headers=headers) as client:
        yield client, transport


def test_every_tasks_operation_is_checked_against_the_spec(
    checked: tuple[httpx.Client, ContractTransport],
) -> None:
    client, transport = checked
    member = ok(client.get("/v2/workspace_members"))[0]["id"]["workspace_member_id"]
    rid = create(client, "people", {"email_addresses": ["ada@acme.com"]})["id"]["record_id"]
    task = _task(
        client,
        deadline_at="2024-03-02",
        linked_records=[_link("people", rid)],
        assignees=[_member(member)],
    )
    path = f"/v2/tasks/{task['id']['task_id']}"
    ok(client.get("/v2/tasks", params={"linked_object": "people", "linked_record_id": rid}))
    ok(client.get("/v2/tasks", params={"assignee": member, "is_completed": "false"}))
    ok(client.get(path))
    ok(client.patch(path, json={"data": {"is_completed": True, "deadline_at": None}}))
    ok(client.post("/v2/lists", json={"data": {
        "name": "Sales", "api_slug": "sales", "parent_object": "people",
        "workspace_access": "full-access", "workspace_member_access": []}}))  # fmt: skip
    error(client.post("/v2/tasks", json=_body(linked_records=[_link("sales", rid)])), 400,
          "validation_type")  # fmt: skip
    error(client.post("/v2/tasks", json=_body(linked_records=[_link("planets", rid)])), 404,
          "not_found")  # fmt: skip
    assert client.delete(path).json() == {}
    error(client.patch(path, json={"data": {}}), 404, "not_found")
    assert transport.violations == []
    seen = {(m, t, s) for m, t, s in transport.seen if t.startswith("/v2/tasks")}
    assert seen == {
        ("POST", "/v2/tasks", 200),
        ("POST", "/v2/tasks", 400),
        ("POST", "/v2/tasks", 404),
        ("GET", "/v2/tasks", 200),
        ("GET", "/v2/tasks/{task_id}", 200),
        ("PATCH", "/v2/tasks/{task_id}", 200),
        ("PATCH", "/v2/tasks/{task_id}", 404),
        ("DELETE", "/v2/tasks/{task_id}", 200),
    }
    assert not [op for op in transport.unexercised() if op.template.startswith("/v2/tasks")]


def test_the_checker_would_catch_a_content_request_over_2000(
    checked: tuple[httpx.Client, ContractTransport],
) -> None:
    client, transport = checked
    with pytest.raises(ContractViolation):
        client.post("/v2/tasks", json=_body(content="x" * 2001))
    assert len(transport.violations) == 1


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.pop("assignees"),
        lambda t: t.update(is_completed="no"),
        lambda t: t["linked_records"][0].pop("target_object_id"),
        lambda t: t["assignees"][0].update(referenced_actor_type="robot"),
    ],
)
def test_the_checker_rejects_a_broken_task(
    http: httpx.Client,
    world: dict[str, str],
    contract: SpecContract | None,
    mutate: Callable[[dict[str, Any]], Any],
) -> None:
    spec = contract or contract_or_skip()
    task = _task(
        http, linked_records=[_link("people", world["ada"])], assignees=[_member(world["m_ada"])]
    )
    spec.validate_response("GET", f"/v2/tasks/{task['id']['task_id']}", 200, {"data": task})
    mutate(task)
    with pytest.raises(ContractViolation):
        spec.validate_response("GET", f"/v2/tasks/{task['id']['task_id']}", 200, {"data": task})
