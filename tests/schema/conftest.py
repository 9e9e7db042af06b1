"""Fixtures for the schema tooling: a seeded emulator, its client, and a workspace with a
custom object (``projects``) and list (``sales``) holding every kind of attribute the
generator has to handle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from particle_orm.client import AttioClient, RateLimits
from particle_orm.emulator import Emulator

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
#: No client-side throttling: these tests measure requests, never time.
UNLIMITED = RateLimits(reads_per_second=None, writes_per_second=None)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=7, clock=T0)


@pytest.fixture
def client(emu: Emulator) -> Iterator[AttioClient]:
    with emu.client(rate_limits=UNLIMITED) as c:
        yield c


def add_attribute(
    client: AttioClient, target: str, container: str, slug: str, type: str, **extra: Any
) -> dict[str, Any]:
    """Create an attribute with Attio's required keys filled in."""
    body: dict[str, Any] = {
        "title": extra.pop("title", slug.replace("_", " ").capitalize()),
        "api_slug": slug,
        "type": type,
        "description": None,
        "is_required": False,
        "is_unique": False,
        "is_multiselect": False,
        "config": {},
    }
    body.update(extra)
    return client.create_attribute(target, container, body)


def build_custom_workspace(client: AttioClient) -> None:
    """``projects`` (object) and ``sales`` (list on companies) with options and statuses."""
    client.create_object("projects", "Project", "Projects")
    client.create_list(
        {
            "name": "Sales",
            "api_slug": "sales",
            "parent_object": "companies",
            "workspace_access": "full-access",
            "workspace_member_access": [],
        }
    )
    add_attribute(client, "objects", "projects", "title", "text", is_required=True)
    add_attribute(
        client,
        "objects",
        "projects",
        "budget",
        "currency",
        config={"currency": {"default_currency_code": "EUR", "display_type": "symbol"}},
    )
    add_attribute(
        client,
        "objects",
        "projects",
        "lead",
        "record-reference",
        config={"record_reference": {"allowed_objects": ["people"]}},
    )
    add_attribute(
        client,
        "objects",
        "projects",
        "sponsors",
        "record-reference",
        is_multiselect=True,
        config={"record_reference": {"allowed_objects": ["companies"]}},
    )
    add_attribute(client, "objects", "projects", "tags", "select", is_multiselect=True)
    for title in ("Internal", "Client work", "R&D"):
        client.create_select_option("objects", "projects", "tags", title)
    add_attribute(client, "objects", "projects", "class", "text")  # a keyword slug
    add_attribute(client, "objects", "projects", "kickoff", "date")
    add_attribute(client, "objects", "projects", "score", "rating")
    add_attribute(client, "objects", "projects", "done", "checkbox")
    add_attribute(client, "lists", "sales", "stage", "status")
    for title in ("Prospect", "Negotiation", "Won 🎉", "Lost"):
        client.create_status("lists", "sales", "stage", title)
    add_attribute(client, "lists", "sales", "amount", "number")
    add_attribute(
        client,
        "lists",
        "sales",
        "owner",
        "actor-reference",
    )


@pytest.fixture
def custom(client: AttioClient) -> AttioClient:
    """The client, after the custom object and list were created."""
    build_custom_workspace(client)
    return client
