"""Fixtures: an emulated workspace with a ``projects`` object whose ``code_name`` gets renamed.

Models are declared per test (inside :func:`project_models`), because binding by id needs
the ids the emulator gives the object and the attribute.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.client import AttioClient, VirtualClock
from particle_orm.emulator import Emulator, JournalEntry
from particle_orm.models import Model

TEXT: dict[str, Any] = {
    "description": None,
    "is_required": False,
    "is_unique": False,
    "is_multiselect": False,
    "config": {},
}


def create_projects(client: Any) -> tuple[str, str]:
    """Create ``projects`` with a text ``code_name``; returns (object_id, attribute_id)."""
    created = client.create_object("projects", "Project", "Projects")
    attribute = client.create_attribute(
        "objects",
        "projects",
        {"title": "Code name", "api_slug": "code_name", "type": "text", **TEXT},
    )
    return created["id"]["object_id"], attribute["id"]["attribute_id"]


@dataclass
class ProjectModels:
    object_id: str
    attribute_id: str
    by_id: type[Any]
    by_slug: type[Any]


def project_models(object_id: str, attribute_id: str) -> ProjectModels:
    """A model bound by ids and one bound by slugs, over the same object."""

    bound_object = object_id

    class ProjectById(Model):
        class Meta:
            object_id = bound_object

        code: fields.Text = fields.Text(attribute_id=attribute_id)

    class ProjectBySlug(Model):
        class Meta:
            object = "projects"

        code_name: fields.Text = fields.Text()

    return ProjectModels(object_id, attribute_id, ProjectById, ProjectBySlug)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=10)


@pytest.fixture
def client(emu: Emulator) -> Iterator[AttioClient]:
    with emu.client(rate_limits=None, clock=VirtualClock()) as c:
        yield c


@pytest.fixture
def projects(client: AttioClient, emu: Emulator) -> ProjectModels:
    models = project_models(*create_projects(client))
    emu.journal.clear()
    return models


def rename(client: Any, attribute_id: str, new_slug: str = "codename") -> None:
    client.update_attribute("objects", "projects", attribute_id, {"api_slug": new_slug})


def writes(emu: Emulator, since: int = 0) -> list[JournalEntry]:
    """Record/entry writes (not queries, not schema calls) journalled after entry ``since``."""
    return [
        e
        for e in emu.journal.entries[since:]
        if e.method in ("POST", "PUT", "PATCH", "DELETE")
        and ("/records" in e.path or "/entries" in e.path)
        and not e.path.endswith("/query")
    ]


def listings(emu: Emulator, since: int = 0) -> int:
    return sum(
        1
        for e in emu.journal.entries[since:]
        if e.method == "GET" and e.path.endswith("/attributes")
    )
