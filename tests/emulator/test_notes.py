"""Notes: ``GET|POST /v2/notes`` and ``GET|DELETE /v2/notes/{note_id}``, every exchange held
to the patched Attio spec by the contract transport (``http``/``loose`` fixtures)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from particle_orm.emulator import Emulator
from particle_orm.emulator.handlers_notes import markdown_to_plaintext
from tests.contract import ContractTransport, ContractViolation, SpecContract, contract_or_skip
from tests.emulator.conftest import BASE, T0, create, error, ok

NOW = "2024-03-01T12:00:00.000000000Z"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _person(http: httpx.Client, email: str = "ada@acme.com") -> str:
    rid: str = create(http, "people", {"email_addresses": [email]})["id"]["record_id"]
    return rid


def _body(rid: str, **fields: Any) -> dict[str, Any]:
    data = {
        "parent_object": "people",
        "parent_record_id": rid,
        "title": "Intro call",
        "format": "plaintext",
        "content": "Met at the conference.",
        **fields,
    }
    return {"data": data}


def _note(http: httpx.Client, rid: str, **fields: Any) -> dict[str, Any]:
    note: dict[str, Any] = ok(http.post("/v2/notes", json=_body(rid, **fields)))
    return note


def _ids(notes: list[dict[str, Any]]) -> list[str]:
    return [n["id"]["note_id"] for n in notes]


def _object_id(http: httpx.Client, slug: str) -> str:
    object_id: str = ok(http.get(f"/v2/objects/{slug}"))["id"]["object_id"]
    return object_id


# ---- create and get -------------------------------------------------------------------------


def test_create_answers_the_full_note(emu: Emulator, http: httpx.Client) -> None:
    rid = _person(http)
    note = _note(http, rid)
    note_id = note["id"]["note_id"]
    assert uuid.UUID(note_id)
    assert note == {
        "id": {"workspace_id": emu.workspace.id, "note_id": note_id},
        "parent_object": "people",
        "parent_record_id": rid,
        "title": "Intro call",
        "meeting_id": None,
        "content_plaintext": "Met at the conference.",
        "content_markdown": "Met at the conference.",
        "tags": [],
        "created_by_actor": {"type": "api-token", "id": emu.workspace.token_id},
        "created_at": NOW,
    }
    assert ok(http.get(f"/v2/notes/{note_id}")) == note


def test_markdown_content_is_kept_and_stripped_for_plaintext(http: httpx.Client) -> None:
    content = "# Recap\n\n- **Budget** approved\n- Next: [deck](https://x.io) ~~Friday~~"
    note = _note(http, _person(http), format="markdown", content=content)
    assert note["content_markdown"] == content
    assert note["content_plaintext"] == "Recap\n\n- Budget approved\n- Next: deck Friday"


def test_plaintext_content_is_both_forms_unchanged(http: httpx.Client) -> None:
    content = "Not **bold** here\n# not a heading"
    note = _note(http, _person(http), content=content)
    assert note["content_plaintext"] == note["content_markdown"] == content


@pytest.mark.parametrize(
    ("markdown", "plaintext"),
    [
        ("# One\n## Two\n### Three", "One\nTwo\nThree"),
        ("#### Four stays", "#### Four stays"),
        ("**b** __b__ *i* _i_ ~~s~~ ==h==", "b b i i s h"),
        ("[text](https://example.com/a_b)", "text"),
        ("snake_case and 2*3*4 stay", "snake_case and 2*3*4 stay"),
        (r"\*literal\* \# and \[x\]", "*literal* # and [x]"),
        ("- a\n* b\n+ c\n1. d", "- a\n* b\n+ c\n1. d"),
        ("", ""),
    ],
)
def test_markdown_to_plaintext(markdown: str, plaintext: str) -> None:
    assert markdown_to_plaintext(markdown) == plaintext


def test_parent_object_by_id_answers_the_slug(http: httpx.Client) -> None:
    rid = _person(http)
    note = _note(http, rid, parent_object=_object_id(http, "people"))
    assert note["parent_object"] == "people"


def test_meeting_id_is_echoed(http: httpx.Client) -> None:
    meeting = str(uuid.UUID(int=7, version=4))
    note = _note(http, _person(http), meeting_id=meeting)
    assert note["meeting_id"] == meeting
    assert ok(http.get(f"/v2/notes/{note['id']['note_id']}"))["meeting_id"] == meeting
    assert _note(http, _person(http, "b@acme.com"), meeting_id=None)["meeting_id"] is None


@pytest.mark.parametrize(
    ("created_at", "stored"),
    [
        ("2020-01-01T10:00:00+02:00", "2020-01-01T08:00:00.000000000Z"),
        ("2023-06-15", "2023-06-15T00:00:00.000000000Z"),
        ("2023-01-01T15:00:00.123456789Z", "2023-01-01T15:00:00.123456789Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000000Z"),
        (NOW, NOW),
    ],
)
def test_created_at_can_be_backdated(http: httpx.Client, created_at: str, stored: str) -> None:
    note = _note(http, _person(http), created_at=created_at)
    assert note["created_at"] == stored


@pytest.mark.parametrize(
    "created_at", ["1969-12-31T23:59:59Z", "2024-03-01T12:00:01Z", "yesterday", "2024-13-01"]
)
def test_created_at_before_1970_in_the_future_or_invalid_is_400(
    http: httpx.Client, created_at: str
) -> None:
    body = error(
        http.post("/v2/notes", json=_body(_person(http), created_at=created_at)),
        400,
        "validation_type",
    )
    assert body["validation_errors"][0]["path"] == ["data", "created_at"]
    assert ok(http.get("/v2/notes")) == []


def test_ids_follow_the_emulator_seed() -> None:
    def first_note_id() -> str:
        emu = Emulator(seed=99, clock=T0)
        with httpx.Client(
            transport=emu.transport(),
            base_url=BASE,
            headers={"Authorization": f"Bearer {emu.token}"},
        ) as client:
            return str(_note(client, _person(client))["id"]["note_id"])

    assert first_note_id() == first_note_id()


def test_creates_and_reads_are_journalled(emu: Emulator, http: httpx.Client) -> None:
    note = _note(http, _person(http))
    http.get(f"/v2/notes/{note['id']['note_id']}")
    assert emu.journal.count("POST", "/v2/notes", status=200) == 1
    assert emu.journal.count("GET", "/v2/notes/", status=200) == 1
    assert emu.journal.entries[-1].workspace_id == emu.workspace.id


# ---- validation and unknown parents ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"parent_object": None}, ["data", "parent_object"]),
        ({"parent_record_id": 7}, ["data", "parent_record_id"]),
        ({"title": None}, ["data", "title"]),
        ({"title": ["x"]}, ["data", "title"]),
        ({"format": "html"}, ["data", "format"]),
        ({"format": None}, ["data", "format"]),
        ({"content": None}, ["data", "content"]),
        ({"content": {"text": "x"}}, ["data", "content"]),
        ({"created_at": 1700000000}, ["data", "created_at"]),
        ({"meeting_id": "not-a-uuid"}, ["data", "meeting_id"]),
        ({"meeting_id": 5}, ["data", "meeting_id"]),
    ],
)
def test_invalid_bodies_are_400(
    http: httpx.Client, loose: httpx.Client, data: dict[str, Any], path: list[str]
) -> None:
    body = _body(_person(http))
    for key, value in data.items():
        if value is None and key != "meeting_id":
            del body["data"][key]
        else:
            body["data"][key] = value
    answer = error(loose.post("/v2/notes", json=body), 400, "validation_type")
    assert answer["message"] == "Body payload validation error."
    assert [e["path"] for e in answer["validation_errors"]] == [path]
    assert ok(http.get("/v2/notes")) == []


def test_missing_or_non_object_data_is_400(loose: httpx.Client) -> None:
    payloads: list[dict[str, Any]] = [{}, {"data": []}, {"data": "x"}]
    for payload in payloads:
        answer = error(loose.post("/v2/notes", json=payload), 400, "validation_type")
        assert answer["validation_errors"][0]["path"] == ["data"]


def test_format_error_lists_the_options(http: httpx.Client, loose: httpx.Client) -> None:
    answer = error(
        loose.post("/v2/notes", json=_body(_person(http), format="rich")), 400, "validation_type"
    )
    assert answer["validation_errors"][0]["code"] == "invalid_option"
    assert answer["validation_errors"][0]["options"] == ["plaintext", "markdown"]


def test_unknown_parent_object_is_404(http: httpx.Client) -> None:
    answer = error(
        http.post("/v2/notes", json=_body(_person(http), parent_object="planets")),
        404,
        "not_found",
    )
    assert answer["message"] == 'Object with slug/ID "planets" not found.'


def test_unknown_parent_record_is_404(http: httpx.Client) -> None:
    answer = error(http.post("/v2/notes", json=_body(UNKNOWN)), 404, "not_found")
    assert answer["message"] == f'Record with ID "{UNKNOWN}" not found.'


def test_parent_record_of_another_object_is_404(http: httpx.Client) -> None:
    company = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    error(http.post("/v2/notes", json=_body(company)), 404, "not_found")
    assert ok(http.post("/v2/notes", json=_body(company, parent_object="companies")))


# ---- list -----------------------------------------------------------------------------------


@pytest.fixture
def three_parents(http: httpx.Client) -> dict[str, str]:
    """Two notes on Ada, one on Bob (people), one on Acme (companies)."""
    ada, bob = _person(http, "ada@acme.com"), _person(http, "bob@acme.com")
    acme = create(http, "companies", {"name": "Acme"})["id"]["record_id"]
    ids = {
        "ada1": _note(http, ada)["id"]["note_id"],
        "bob1": _note(http, bob)["id"]["note_id"],
        "acme": _note(http, acme, parent_object="companies")["id"]["note_id"],
        "ada2": _note(http, ada)["id"]["note_id"],
    }
    return {**ids, "ada": ada, "bob": bob, "acme_record": acme}


def test_list_without_filters_is_every_note_oldest_first(
    http: httpx.Client, three_parents: dict[str, str]
) -> None:
    w = three_parents
    assert _ids(ok(http.get("/v2/notes"))) == [w["ada1"], w["bob1"], w["acme"], w["ada2"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"parent_object": "people"}, ["ada1", "bob1", "ada2"]),
        ({"parent_object": "companies"}, ["acme"]),
        ({"parent_object": "people", "parent_record_id": "ada"}, ["ada1", "ada2"]),
        ({"parent_record_id": "bob"}, ["bob1"]),
        ({"parent_object": "companies", "parent_record_id": "ada"}, []),
        ({"parent_record_id": UNKNOWN}, []),
    ],
)
def test_list_filters_by_parent(
    http: httpx.Client,
    three_parents: dict[str, str],
    params: dict[str, str],
    expected: list[str],
) -> None:
    query = {k: three_parents.get(v, v) for k, v in params.items()}
    assert _ids(ok(http.get("/v2/notes", params=query))) == [three_parents[e] for e in expected]


def test_list_empty_filters_are_ignored(loose: httpx.Client, three_parents: dict[str, str]) -> None:
    w = three_parents
    notes = ok(loose.get("/v2/notes", params={"parent_object": "", "parent_record_id": ""}))
    assert _ids(notes) == [w["ada1"], w["bob1"], w["acme"], w["ada2"]]


def test_list_parent_object_by_id(http: httpx.Client, three_parents: dict[str, str]) -> None:
    companies = _object_id(http, "companies")
    notes = ok(http.get("/v2/notes", params={"parent_object": companies}))
    assert _ids(notes) == [three_parents["acme"]]


def test_list_unknown_parent_object_is_404(http: httpx.Client) -> None:
    answer = error(http.get("/v2/notes", params={"parent_object": "planets"}), 404, "not_found")
    assert answer["message"] == 'Object with slug/ID "planets" not found.'


def test_list_pages_with_limit_and_offset(emu: Emulator, http: httpx.Client) -> None:
    rid = _person(http)
    ids = []
    for _ in range(12):
        ids.append(_note(http, rid)["id"]["note_id"])
        emu.clock.advance(1)
    assert _ids(ok(http.get("/v2/notes"))) == ids[:10]  # the default limit is 10
    assert _ids(ok(http.get("/v2/notes", params={"offset": 10}))) == ids[10:]
    assert _ids(ok(http.get("/v2/notes", params={"limit": 3, "offset": 4}))) == ids[4:7]
    assert _ids(ok(http.get("/v2/notes", params={"limit": 50}))) == ids
    assert ok(http.get("/v2/notes", params={"limit": 0})) == []
    assert ok(http.get("/v2/notes", params={"offset": 12})) == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": "51"}, "too_big"),
        ({"limit": "-1"}, "invalid_type"),
        ({"limit": "ten"}, "invalid_type"),
        ({"offset": "-5"}, "invalid_type"),
    ],
)
def test_list_bad_paging_is_400(loose: httpx.Client, params: dict[str, str], code: str) -> None:
    answer = error(loose.get("/v2/notes", params=params), 400, "validation_type")
    assert answer["message"] == "Query params validation error."
    assert answer["validation_errors"][0]["code"] == code
    assert answer["validation_errors"][0]["path"] == list(params)


def test_list_orders_by_created_at_with_backdated_notes_first(
    emu: Emulator, http: httpx.Client
) -> None:
    rid = _person(http)
    later = _note(http, rid)["id"]["note_id"]
    early = _note(http, rid, created_at="2021-05-05T00:00:00Z")["id"]["note_id"]
    emu.clock.advance(60)
    latest = _note(http, rid)["id"]["note_id"]
    assert _ids(ok(http.get("/v2/notes"))) == [early, later, latest]


# ---- delete ---------------------------------------------------------------------------------


def test_delete_answers_empty_and_forgets_the_note(http: httpx.Client) -> None:
    rid = _person(http)
    gone, kept = _note(http, rid)["id"]["note_id"], _note(http, rid)["id"]["note_id"]
    response = http.delete(f"/v2/notes/{gone}")
    assert response.status_code == 200 and response.json() == {}
    answer = error(http.get(f"/v2/notes/{gone}"), 404, "not_found")
    assert answer["message"] == f'Note with ID "{gone}" was not found.'
    error(http.delete(f"/v2/notes/{gone}"), 404, "not_found")
    assert _ids(ok(http.get("/v2/notes"))) == [kept]


@pytest.mark.parametrize("method", ["GET", "DELETE"])
@pytest.mark.parametrize("note_id", [UNKNOWN, "not-a-uuid"])
def test_unknown_note_is_404(loose: httpx.Client, method: str, note_id: str) -> None:
    answer = error(loose.request(method, f"/v2/notes/{note_id}"), 404, "not_found")
    assert answer["message"] == f'Note with ID "{note_id}" was not found.'


def test_deleting_the_parent_record_keeps_its_notes(http: httpx.Client) -> None:
    rid = _person(http)
    note = _note(http, rid)
    assert http.delete(f"/v2/objects/people/records/{rid}").status_code == 200
    assert ok(http.get(f"/v2/notes/{note['id']['note_id']}")) == note
    assert _ids(ok(http.get("/v2/notes", params={"parent_record_id": rid}))) == [
        note["id"]["note_id"]
    ]


def test_reset_forgets_notes(emu: Emulator, http: httpx.Client) -> None:
    _note(http, _person(http))
    emu.reset()
    with httpx.Client(
        transport=emu.transport(), base_url=BASE, headers={"Authorization": f"Bearer {emu.token}"}
    ) as fresh:
        assert ok(fresh.get("/v2/notes")) == []


# ---- scopes and workspaces ------------------------------------------------------------------

_READ = ("note:read", "object_configuration:read", "record_permission:read")
_WRITE = ("note:read-write", "object_configuration:read", "record_permission:read")


def _operations(rid: str, note_id: str) -> list[tuple[str, str, Any, tuple[str, ...]]]:
    return [
        ("GET", "/v2/notes", None, _READ),
        ("POST", "/v2/notes", _body(rid), _WRITE),
        ("GET", f"/v2/notes/{note_id}", None, _READ),
        ("DELETE", f"/v2/notes/{note_id}", None, ("note:read-write",)),
    ]


@pytest.mark.parametrize("index", range(4))
def test_each_operation_needs_exactly_its_scopes(
    emu: Emulator,
    http: httpx.Client,
    client_for: Callable[[str | None], httpx.Client],
    index: int,
) -> None:
    rid = _person(http)
    method, path, body, scopes = _operations(rid, _note(http, rid)["id"]["note_id"])[index]
    for scope in scopes:
        fewer = emu.create_token(emu.workspace.id, [s for s in scopes if s != scope])
        with client_for(fewer.secret) as client:
            answer = error(client.request(method, path, json=body), 403, "unauthorized")
        assert answer["type"] == "auth_error"
        assert f"({scope})" in answer["message"]
    exact = emu.create_token(emu.workspace.id, scopes)
    with client_for(exact.secret) as client:
        assert client.request(method, path, json=body).status_code == 200


def test_read_scope_cannot_write(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    rid = _person(http)
    reader = emu.create_token(emu.workspace.id, (*_READ, "note:read"))
    with client_for(reader.secret) as client:
        answer = error(client.post("/v2/notes", json=_body(rid)), 403, "unauthorized")
    assert "Read-Write access to the Notes scope (note:read-write)" in answer["message"]
    assert ok(http.get("/v2/notes")) == []


def test_workspaces_never_see_each_others_notes(
    emu: Emulator, http: httpx.Client, client_for: Callable[[str | None], httpx.Client]
) -> None:
    rid = _person(http)
    note_id = _note(http, rid)["id"]["note_id"]
    other = emu.create_workspace(name="Other")
    with client_for(other.token) as client:
        assert ok(client.get("/v2/notes")) == []
        assert ok(client.get("/v2/notes", params={"parent_record_id": rid})) == []
        error(client.get(f"/v2/notes/{note_id}"), 404, "not_found")
        error(client.delete(f"/v2/notes/{note_id}"), 404, "not_found")
        error(client.post("/v2/notes", json=_body(rid)), 404, "not_found")
        theirs = _note(client, _person(client))
        assert theirs["id"]["workspace_id"] == other.id
    assert _ids(ok(http.get("/v2/notes"))) == [note_id]


# ---- the contract ---------------------------------------------------------------------------


@pytest.fixture
def checked(emu: Emulator) -> Iterator[tuple[httpx.Client, ContractTransport]]:
    transport = ContractTransport(emu.transport(), contract_or_skip(), allow_unknown_routes=True)
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(transport=transport, base_url=BASE, headers=headers) as client:
        yield client, transport


def test_every_notes_operation_is_checked_against_the_spec(
    checked: tuple[httpx.Client, ContractTransport],
) -> None:
    client, transport = checked
    rid = _person(client)
    note = _note(client, rid, format="markdown", content="**hi**")
    note_id = note["id"]["note_id"]
    ok(client.get("/v2/notes", params={"parent_object": "people", "parent_record_id": rid}))
    ok(client.get(f"/v2/notes/{note_id}"))
    assert client.delete(f"/v2/notes/{note_id}").json() == {}
    error(client.get(f"/v2/notes/{note_id}"), 404, "not_found")
    error(client.post("/v2/notes", json=_body(UNKNOWN)), 404, "not_found")
    assert transport.violations == []
    templates = {(m, t, s) for m, t, s in transport.seen if t.startswith("/v2/notes")}
    assert templates == {
        ("POST", "/v2/notes", 200),
        ("POST", "/v2/notes", 404),
        ("GET", "/v2/notes", 200),
        ("GET", "/v2/notes/{note_id}", 200),
        ("GET", "/v2/notes/{note_id}", 404),
        ("DELETE", "/v2/notes/{note_id}", 200),
    }
    assert not [op for op in transport.unexercised() if op.template.startswith("/v2/notes")]


@pytest.mark.parametrize("drop", ["content_plaintext", "tags", "created_by_actor", "id"])
def test_the_checker_rejects_a_note_missing_a_required_key(
    http: httpx.Client, contract: SpecContract | None, drop: str
) -> None:
    spec = contract or contract_or_skip()
    note = _note(http, _person(http))
    spec.validate_response("POST", "/v2/notes", 200, {"data": note})
    del note[drop]
    with pytest.raises(ContractViolation):
        spec.validate_response("POST", "/v2/notes", 200, {"data": note})
