"""IdentityMap: one instance per composite id; refreshes keep local changes."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.session import IdentityMap
from particle_orm.session._identity import identity_of
from particle_orm.standard import Company, Person
from particle_orm.values import EntryId, RecordId
from tests.session._models import Pipeline


def _record(record_id: str, workspace: str = "w", **values: Any) -> dict[str, Any]:
    return {
        "id": {"workspace_id": workspace, "object_id": "o", "record_id": record_id},
        "values": {k: [{"value": v, "active_until": None}] for k, v in values.items()},
    }


def test_identity_of_records_and_entries() -> None:
    assert identity_of(Company, _record("r")) == RecordId("w", "o", "r")
    entry = {"id": {"workspace_id": "w", "list_id": "l", "entry_id": "e"}}
    assert identity_of(Pipeline, entry) == EntryId("w", "l", "e")


def test_same_id_in_two_workspaces_is_two_instances() -> None:
    imap = IdentityMap()
    a = imap.load(Company, _record("r", workspace="w1"))
    b = imap.load(Company, _record("r", workspace="w2"))
    assert a is not b and len(imap) == 2


def test_reload_refreshes_unchanged_fields_and_keeps_changed_ones() -> None:
    imap = IdentityMap()
    acme = imap.load(Company, _record("r", name="Acme", description="old"))
    acme.name = "Local"
    again = imap.load(Company, _record("r", name="Server", description="new"))
    assert again is acme
    assert (acme.name, acme.description) == ("Local", "new")
    assert acme.is_dirty


def test_get_cached_by_composite_or_bare_id_and_model() -> None:
    imap = IdentityMap()
    acme = imap.load(Company, _record("r"))
    assert imap.get_cached(Company, RecordId("w", "o", "r")) is acme
    assert imap.get_cached(Company, "r") is acme
    assert imap.get_cached(Person, "r") is None
    assert imap.get_cached(Company, "other") is None


def test_add_requires_an_id_and_discard_forgets() -> None:
    imap = IdentityMap()
    with pytest.raises(ValueError, match="no id"):
        imap.add(Company(name="x"))
    acme = imap.load(Company, _record("r"))
    assert acme in imap
    imap.discard(acme)
    assert acme not in imap and imap.get_cached(Company, "r") is None
    imap.discard(acme)  # twice is fine
    imap.load(Company, _record("s"))
    imap.clear()
    assert list(imap) == []
