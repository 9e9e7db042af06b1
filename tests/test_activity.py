"""Notes and tasks: the value classes on real captures, and the model methods on the emulator."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from particle_orm import Note, Task
from particle_orm.activity import LinkedRecord
from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.errors import NotLoadedError
from particle_orm.standard import Company, Person
from particle_orm.values import Instant
from tests.contract import ContractTransport, SpecContract


@pytest.mark.parametrize("name", ["notes-list.json", "notes-create.json"])
def test_every_captured_note_decodes(name: str, shared_attio: Path) -> None:
    data = json.loads((shared_attio / "real" / name).read_text())["data"]
    raw_notes = data if isinstance(data, list) else [data]
    assert raw_notes
    for raw in raw_notes:
        note = Note.from_api(raw)
        assert note.id == raw["id"]["note_id"]
        assert note.parent_record_id == raw["parent_record_id"]
        assert note.title == raw["title"]
        assert note.content_plaintext == raw["content_plaintext"]
        assert note.content_markdown == raw["content_markdown"]
        assert note.meeting_id is None  # the captures have no meeting_id key
        assert isinstance(note.created_at, Instant)
        assert note.created_at.isoformat()[:19] == raw["created_at"][:19]


def test_task_deadlines_may_be_dates() -> None:
    task = Task.from_api(
        {
            "id": {"workspace_id": "w", "task_id": "t"},
            "content_plaintext": "Call",
            "deadline_at": "2023-01-01",
            "is_completed": True,
            "linked_records": [{"target_object_id": "o", "target_record_id": "r"}],
            "assignees": [],
            "created_by_actor": {"type": "system", "id": None},
            "created_at": "2022-11-21T13:22:49.061281000Z",
        }
    )
    assert task.deadline_at == Instant(2023, 1, 1, tzinfo=timezone.utc)
    assert task.linked_records == (LinkedRecord("o", "r"),) and task.is_completed


@pytest.fixture
def world(spec_contract: SpecContract) -> Any:
    emu = Emulator(seed=21, clock=datetime(2025, 2, 3, 10, tzinfo=timezone.utc))
    transport = ContractTransport(emu.transport(), spec_contract)  # type: ignore[arg-type]
    with AttioClient(emu.token, transport=transport, rate_limits=None) as client:
        acme = Company.from_api(client.create_record("companies", {"name": "Acme"}))
        other = Company.from_api(client.create_record("companies", {"name": "Other"}))
        member = client.list_workspace_members()[0]
        yield emu, client, acme, other, member


def test_notes_on_a_record(world: Any) -> None:
    _emu, client, acme, other, _member = world
    first = acme.add_note("Call", "Pricing agreed", client=client)
    assert isinstance(first, Note) and first.parent_record_id == acme.record_id
    assert first.content_plaintext == "Pricing agreed"
    md = acme.add_note("Recap", "# Next\n- send the proposal", format="markdown", client=client)
    assert md.content_markdown.startswith("# Next")
    other.add_note("Elsewhere", "x", client=client)
    assert [n.title for n in acme.notes(client=client)] == ["Call", "Recap"]
    client.delete_note(first.id)
    assert [n.id for n in acme.notes(client=client)] == [md.id]


def test_tasks_on_a_record(world: Any) -> None:
    _emu, client, acme, other, member = world
    due = datetime(2025, 2, 7, 17, tzinfo=timezone.utc)
    task = acme.add_task(
        "Send the proposal", deadline_at=due, assignees=[member["email_address"]], client=client
    )
    assert task.content == "Send the proposal" and task.deadline_at == due
    assert [a.id for a in task.assignees] == [member["id"]["workspace_member_id"]]
    assert [r.record_id for r in task.linked_records] == [acme.record_id]
    other.add_task("Unrelated", client=client)
    assert [t.id for t in acme.tasks(client=client)] == [task.id]
    client.update_task(task.id, is_completed=True)
    assert acme.tasks(is_completed=False, client=client) == []
    assert [t.is_completed for t in acme.tasks(is_completed=True, client=client)] == [True]


async def test_async_notes_and_tasks(spec_contract: SpecContract) -> None:
    emu = Emulator(seed=22)
    async with emu.async_client(rate_limits=None) as client:
        ada = Person.from_api(await client.create_record("people", {"name": "Lovelace, Ada"}))
        note = await ada.aadd_note("Intro", "Met at the conference", client=client)
        task = await ada.aadd_task("Follow up", client=client)
        assert [n.id for n in await ada.anotes(client=client)] == [note.id]
        assert [t.id for t in await ada.atasks(client=client)] == [task.id]


def test_an_unsaved_record_has_no_notes() -> None:
    with pytest.raises(NotLoadedError, match="save it before asking for notes"):
        Company(name="Unsaved").notes(client=object())


def test_comment_threads_through_the_client(world: Any) -> None:
    """The client's comment calls against the emulator, contract-checked both ways."""
    _emu, client, acme, _other, member = world
    author = member["id"]["workspace_member_id"]
    first = client.create_comment("Looks good", author=author, record=("companies", acme.record_id))
    thread_id = first["thread_id"]
    client.create_comment("Agreed", author=author, thread_id=thread_id)
    (thread,) = client.list_threads(object="companies", record_id=acme.record_id)
    assert [c["content_plaintext"] for c in thread["comments"]] == ["Looks good", "Agreed"]
    assert list(client.iter_threads(object="companies", record_id=acme.record_id)) == [thread]
    client.delete_comment(first["id"]["comment_id"])  # the opening comment takes the thread
    assert client.list_threads(object="companies", record_id=acme.record_id) == []


def test_comments_on_a_record(world: Any) -> None:
    _emu, client, acme, other, member = world
    author = member["id"]["workspace_member_id"]
    first = acme.add_comment("Looks good", author=author, client=client)
    assert first.record_id == acme.record_id and first.author is not None
    assert first.author.id == author and not first.is_resolved
    reply = acme.add_comment("Agreed", author=author, thread=first.thread_id, client=client)
    other.add_comment("Unrelated", author=author, client=client)
    (thread,) = acme.threads(client=client)
    assert thread.id == first.thread_id
    assert [c.id for c in thread.comments] == [first.id, reply.id]


async def test_async_comments() -> None:
    emu = Emulator(seed=23)
    async with emu.async_client(rate_limits=None) as client:
        member = (await client.list_workspace_members())[0]["id"]["workspace_member_id"]
        deal_owner = Company.from_api(await client.create_record("companies", {"name": "Co"}))
        made = await deal_owner.aadd_comment("Hi", author=member, client=client)
        (thread,) = await deal_owner.athreads(client=client)
        assert [c.id for c in thread.comments] == [made.id]
