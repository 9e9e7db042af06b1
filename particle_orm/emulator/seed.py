"""The standard objects a fresh workspace starts with (FACTS.md §11).

people, companies, deals, users and workspaces with their system attributes, the
relationship pairs between them, ``deals.stage`` statuses and two workspace members.

Example:
    >>> [o[0] for o in STANDARD_OBJECTS]
    ['people', 'companies', 'deals', 'users', 'workspaces']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from particle_orm.emulator.entities import (
    AttributeDef,
    MemberDef,
    ObjectDef,
    OptionDef,
    StatusDef,
)
from particle_orm.emulator.store import Store

__all__ = ["DEAL_STAGES", "MEMBERS", "RELATIONSHIPS", "STANDARD_OBJECTS", "seed_workspace"]

_INTERACTIONS = [
    "first_calendar_interaction",
    "last_calendar_interaction",
    "next_calendar_interaction",
    "first_email_interaction",
    "last_email_interaction",
    "first_interaction",
    "last_interaction",
    "next_interaction",
]

# (slug, title, type, flags). Flags: w=writable, u=unique, m=multiselect, r=required,
# "->x" = record-reference target, "$USD" = currency code.
_A = tuple[str, str, str, str]


def _with_system_attributes(attributes: list[_A]) -> list[_A]:
    """Every standard object starts with ``record_id`` and ends with ``created_at/by``."""
    return [
        ("record_id", "Record ID", "text", "u"),
        *attributes,
        ("created_at", "Created at", "timestamp", ""),
        ("created_by", "Created by", "actor-reference", ""),
    ]


# Shared by people and companies, in the same place in both listings.
_SOCIAL: list[_A] = [
    ("angellist", "AngelList", "text", "w"),
    ("facebook", "Facebook", "text", "w"),
    ("instagram", "Instagram", "text", "w"),
    ("linkedin", "LinkedIn", "text", "w"),
    ("twitter", "Twitter", "text", "w"),
    ("twitter_follower_count", "Twitter follower count", "number", ""),
]
_ENRICHED: list[_A] = [
    *[(s, s.replace("_", " ").capitalize(), "interaction", "") for s in _INTERACTIONS],
    ("strongest_connection_strength_legacy", "Connection strength (legacy)", "number", ""),
    ("strongest_connection_strength", "Connection strength", "select", ""),
    ("strongest_connection_user", "Strongest connection", "actor-reference", ""),
    ("associated_deals", "Associated deals", "record-reference", "wm->deals"),
]


_PEOPLE: list[_A] = _with_system_attributes(
    [
        ("name", "Name", "personal-name", "w"),
        ("email_addresses", "Email addresses", "email-address", "wum"),
        ("description", "Description", "text", "w"),
        ("company", "Company", "record-reference", "w->companies"),
        ("job_title", "Job title", "text", "w"),
        ("avatar_url", "Avatar URL", "text", ""),
        ("phone_numbers", "Phone numbers", "phone-number", "wm"),
        ("primary_location", "Primary location", "location", "w"),
        *_SOCIAL,
        *_ENRICHED,
        ("associated_users", "Associated users", "record-reference", "wm->users"),
    ]
)
_COMPANIES: list[_A] = _with_system_attributes(
    [
        ("domains", "Domains", "domain", "wum"),
        ("name", "Name", "text", "w"),
        ("description", "Description", "text", "w"),
        ("team", "Team", "record-reference", "wm->people"),
        ("categories", "Categories", "select", "wm"),
        ("primary_location", "Primary location", "location", "w"),
        ("logo_url", "Logo URL", "text", ""),
        *_SOCIAL,
        ("estimated_arr_usd", "Estimated ARR", "select", "w"),
        ("funding_raised_usd", "Funding raised", "currency", "w$USD"),
        ("foundation_date", "Foundation date", "date", "w"),
        ("employee_range", "Employee range", "select", "w"),
        *_ENRICHED,
        ("associated_workspaces", "Associated workspaces", "record-reference", "wm->workspaces"),
    ]
)
_DEALS: list[_A] = _with_system_attributes(
    [
        ("name", "Deal name", "text", "wr"),
        ("stage", "Deal stage", "status", "wr"),
        ("owner", "Deal owner", "actor-reference", "wr"),
        ("value", "Deal value", "currency", "w$USD"),
        ("associated_people", "Associated people", "record-reference", "wm->people"),
        ("associated_company", "Associated company", "record-reference", "w->companies"),
    ]
)
_USERS: list[_A] = _with_system_attributes(
    [
        ("person", "Person", "record-reference", "w->people"),
        ("primary_email_address", "Primary email address", "email-address", "wur"),
        ("user_id", "ID", "text", "wur"),
        ("workspace", "Workspace", "record-reference", "wm->workspaces"),
    ]
)
_WORKSPACES: list[_A] = _with_system_attributes(
    [
        ("workspace_id", "Workspace ID", "text", "wur"),
        ("name", "Name", "text", "w"),
        ("users", "Users", "record-reference", "wm->users"),
        ("company", "Company", "record-reference", "w->companies"),
        ("avatar_url", "Avatar URL", "text", "w"),
    ]
)

STANDARD_OBJECTS: list[tuple[str, str, str, list[_A]]] = [
    ("people", "Person", "People", _PEOPLE),
    ("companies", "Company", "Companies", _COMPANIES),
    ("deals", "Deal", "Deals", _DEALS),
    ("users", "User", "Users", _USERS),
    ("workspaces", "Workspace", "Workspaces", _WORKSPACES),
]

# Relationship pairs kept in sync both ways: (object, attribute) ↔ (object, attribute).
RELATIONSHIPS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (("people", "company"), ("companies", "team")),
    (("people", "associated_deals"), ("deals", "associated_people")),
    (("people", "associated_users"), ("users", "person")),
    (("companies", "associated_deals"), ("deals", "associated_company")),
    (("companies", "associated_workspaces"), ("workspaces", "company")),
    (("workspaces", "users"), ("users", "workspace")),
]

DEAL_STAGES: list[tuple[str, bool]] = [
    ("Lead", False),
    ("In Progress", False),
    ("Won 🎉", True),
    ("Lost", False),
]

_SELECT_OPTIONS: dict[tuple[str, str], list[str]] = {
    ("companies", "categories"): [
        "B2B",
        "B2C",
        "SaaS",
        "E-commerce",
        "Fintech",
        "Healthcare",
        "Manufacturing",
        "Technology",
        "Education",
        "Consulting",
    ],
    ("companies", "estimated_arr_usd"): [
        "$0-$1M",
        "$1M-$10M",
        "$10M-$50M",
        "$50M-$100M",
        "$100M-$250M",
        "$250M-$500M",
        "$500M-$1B",
        "$1B-$10B",
        "$10B+",
    ],
    ("companies", "employee_range"): [
        "1-10",
        "11-50",
        "51-250",
        "251-1K",
        "1K-5K",
        "5K-10K",
        "10K-50K",
        "50K-100K",
        "100K+",
    ],
    ("people", "strongest_connection_strength"): [
        "Very weak",
        "Weak",
        "Good",
        "Strong",
        "Very strong",
    ],
    ("companies", "strongest_connection_strength"): [
        "Very weak",
        "Weak",
        "Good",
        "Strong",
        "Very strong",
    ],
}

MEMBERS: list[dict[str, Any]] = [
    {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email_address": "ada@example.com",
        "access_level": "admin",
    },
    {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email_address": "grace@example.com",
        "access_level": "member",
    },
]


def seed_workspace(store: Store, workspace_id: str, new_id: Callable[[], str], now: str) -> None:
    """Create the standard objects, attributes, statuses, options and members.

    Example:
        >>> import itertools
        >>> s, n = Store(), itertools.count()
        >>> seed_workspace(s, "w", lambda: f"id{next(n)}", "2024-01-01T00:00:00.000000000Z")
        >>> sorted(s.index("w").objects_by_slug)
        ['companies', 'deals', 'people', 'users', 'workspaces']
    """
    objects: dict[str, ObjectDef] = {}
    for slug, singular, plural, _ in STANDARD_OBJECTS:
        obj = ObjectDef(new_id(), workspace_id, slug, singular, plural, now)
        objects[slug] = obj
        store.put(obj)
    attrs: dict[tuple[str, str], AttributeDef] = {}
    for slug, _, _, specs in STANDARD_OBJECTS:
        for position, (aslug, title, atype, flags) in enumerate(specs):
            target = flags.split("->")[1] if "->" in flags else None
            currency = flags.split("$")[1] if "$" in flags else None
            mode = flags.split("->")[0].split("$")[0]
            attr = AttributeDef(
                id=new_id(),
                workspace_id=workspace_id,
                parent_kind="object",
                parent_id=objects[slug].id,
                api_slug=aslug,
                title=title,
                type=atype,
                created_at=now,
                is_system=True,
                is_writable="w" in mode,
                is_required="r" in mode,
                is_unique="u" in mode,
                is_multiselect="m" in mode,
                currency_code=currency,
                display_type="symbol" if currency else None,
                allowed_object_ids=[objects[target].id] if target else None,
                position=position,
            )
            attrs[(slug, aslug)] = attr
    for left, right in RELATIONSHIPS:
        attrs[left].relationship_id = attrs[right].id
        attrs[right].relationship_id = attrs[left].id
    for attr in attrs.values():
        store.put(attr)
    stage = attrs[("deals", "stage")]
    for title, celebrate in DEAL_STAGES:
        store.put(StatusDef(new_id(), workspace_id, stage.id, title, celebration_enabled=celebrate))
    for key, titles in _SELECT_OPTIONS.items():
        for title in titles:
            store.put(OptionDef(new_id(), workspace_id, attrs[key].id, title))
    for member in MEMBERS:
        store.put(MemberDef(new_id(), workspace_id, created_at=now, **member))
