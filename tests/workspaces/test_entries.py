"""List entries bound by list id and attribute id survive renames of both slugs."""

from __future__ import annotations

from typing import Any

from particle_orm import fields
from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.models import ListEntry
from particle_orm.session import Session
from particle_orm.standard import Company
from tests.workspaces.conftest import TEXT, writes


def entry_model(list_id: str, attribute_id: str) -> type[Any]:
    bound_list = list_id

    class Deal(ListEntry):
        class Meta:
            list_id = bound_list
            parent = Company

        note: fields.Text = fields.Text(attribute_id=attribute_id)

    return Deal


def test_entry_model_bound_by_ids_survives_renames(client: AttioClient, emu: Emulator) -> None:
    created = client.create_list(
        {
            "name": "Pipeline",
            "api_slug": "pipeline",
            "parent_object": "companies",
            "workspace_access": "full-access",
            "workspace_member_access": [],
        }
    )
    list_id = created["id"]["list_id"]
    attribute = client.create_attribute(
        "lists", "pipeline", {**TEXT, "title": "Note", "api_slug": "note", "type": "text"}
    )
    model = entry_model(list_id, attribute["id"]["attribute_id"])
    with Session(client) as session:
        session.add(model(parent=Company(name="Acme"), note="first call"))
        session.commit()
    client.update_attribute("lists", list_id, attribute["id"]["attribute_id"], {"api_slug": "memo"})
    client.update_list(list_id, {"api_slug": "sales"})
    mark = len(emu.journal)
    with Session(client) as session:
        (entry,) = model.objects.filter(note="first call")
        assert entry.note == "first call"
        entry.note = "second call"
        session.commit()
        session.expunge_all()
        assert [e.note for e in model.objects.all()] == ["second call"]
    sent = writes(emu, mark)
    assert [(e.method, e.status) for e in sent] == [("PATCH", 200)]
    assert all(list_id in e.path for e in emu.journal.entries[mark:])
