"""The standard models: slugs, types, read-only flags and relationships (FACTS §11)."""

from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import ReadOnlyFieldError
from particle_orm.standard import Company, Deal, Person, User, Workspace


@pytest.mark.parametrize(
    ("model", "obj", "match_on"),
    [
        (Person, "people", "email_addresses"),
        (Company, "companies", "domains"),
        (Deal, "deals", None),
        (User, "users", "user_id"),
        (Workspace, "workspaces", "workspace_id"),
    ],
)
def test_objects_and_match_on(model: type, obj: str, match_on: str | None) -> None:
    meta = model._meta  # type: ignore[attr-defined]
    assert meta.object == obj
    assert (meta.match_on.slug if meta.match_on else None) == match_on
    for slug in ("record_id", "created_at", "created_by"):
        assert meta.fields_by_slug[slug].read_only


def test_people_and_company_relationship() -> None:
    company = Person._meta.fields["company"]
    team = Company._meta.fields["team"]
    assert isinstance(company, fields.Reference) and company.targets == (Company,)
    assert not company.many
    assert team.targets == (Person,) and team.many


def test_names_differ_by_object() -> None:
    assert isinstance(Person._meta.fields["name"], fields.PersonalName)
    assert isinstance(Company._meta.fields["name"], fields.Text)


def test_deal_stage_is_status_and_required() -> None:
    stage = Deal._meta.fields["stage"]
    assert isinstance(stage, fields.Status) and stage.required
    assert Deal._meta.fields["value"].currency == "USD"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    ["twitter_follower_count", "avatar_url", "last_interaction", "strongest_connection_user"],
)
def test_enriched_people_attributes_are_read_only(name: str) -> None:
    with pytest.raises(ReadOnlyFieldError):
        setattr(Person(), name, None)


def test_unique_multi_identity_attributes() -> None:
    emails = Person._meta.fields["email_addresses"]
    domains = Company._meta.fields["domains"]
    assert emails.many and emails.unique and domains.many and domains.unique


def test_subclass_with_custom_attribute_reads_it() -> None:
    class ShapeCompany(Company):
        google_rating: fields.Number = fields.Number(slug="google_rating_1")

    c = ShapeCompany.from_api(
        {
            "id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
            "values": {"google_rating_1": [{"active_until": None, "value": 4.7}]},
        }
    )
    assert c.google_rating == 4.7
