"""sync_models: diff → sync → clean diff; dry runs send no writes; nothing is archived
without the flag; what cannot be fixed is reported; failures keep partial results."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.client import AmbiguousWriteError, AttioClient
from particle_orm.emulator import Emulator
from particle_orm.models import ListEntry, Model
from particle_orm.schema import (
    ActionKind,
    IssueKind,
    SyncError,
    async_sync_models,
    check_models,
    diff_models,
    introspect,
    sync_models,
)
from particle_orm.standard import Company, Deal, Person
from tests.schema.conftest import UNLIMITED, add_attribute


class Stage(str, Enum):
    LEAD = "Lead"
    NEGOTIATION = "Negotiation"
    WON = "Won 🎉"


class Tier(str, Enum):
    GOLD = "Gold"
    SILVER = "Silver"


def mismatched_models() -> list[type[Any]]:
    """A deliberately mismatched set: a missing object with a reference to another new
    object, a missing list on a new object, a missing attribute, missing options and a
    missing status."""

    class Project(Model):
        class Meta:
            object = "projects"

        title: fields.Text = fields.Text(required=True)
        budget: fields.Currency = fields.Currency(currency="EUR")
        lead: fields.Reference[Person | None] = fields.Reference(Person)
        tier: fields.Select[Tier | None] = fields.Select(enum=Tier)

    class Milestone(Model):
        class Meta:
            object = "milestones"

        project: fields.Reference[Project | None] = fields.Reference(Project)
        due: fields.Date = fields.Date()

    class Review(ListEntry):
        class Meta:
            list = "project_reviews"
            parent = Project

        stage: fields.Status[Stage | None] = fields.Status(enum=Stage)
        score: fields.Rating = fields.Rating()

    class MyCompany(Company):
        categories: fields.Select[list[Tier]] = fields.Select(enum=Tier, many=True)
        google_rating: fields.Number = fields.Number()

    class MyDeal(Deal):
        stage: fields.Status[Stage | None] = fields.Status(enum=Stage, required=True)

    return [Project, Milestone, Review, MyCompany, MyDeal]


def writes(emu: Emulator, since: int) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in emu.journal.entries[since:] if e.method != "GET"]


def test_diff_sync_then_clean_diff(emu: Emulator, client: AttioClient) -> None:
    models = mismatched_models()
    before = diff_models(client, models)
    assert sorted({i.kind.value for i in before.errors}) == [
        "missing_attribute",
        "missing_list",
        "missing_object",
        "missing_option",
        "missing_status",
    ]
    mark = len(emu.journal)
    result = sync_models(client, models)
    assert result.changed and result.applied == result.actions
    assert result.skipped == ()
    assert len(writes(emu, mark)) == len(result.applied)
    assert [a.kind for a in result.applied[:3]] == [
        ActionKind.CREATE_OBJECT,
        ActionKind.CREATE_OBJECT,
        ActionKind.CREATE_LIST,
    ]
    after = diff_models(client, models)
    assert after.is_clean and after.issues == (), after.to_text()
    # A second sync has nothing left to do and sends no write.
    mark = len(emu.journal)
    again = sync_models(client, models)
    assert again.actions == () and not again.changed and writes(emu, mark) == []
    assert again.to_text() == "Sync: nothing to do"


def test_created_schema_has_the_declared_shape(client: AttioClient) -> None:
    sync_models(client, mismatched_models())
    schema = introspect(client)
    projects = schema.get_object("projects")
    assert projects is not None and projects.singular_noun == "Project"
    assert projects.plural_noun == "Projects"
    title = projects.attribute("title")
    assert title is not None and title.is_required and title.title == "Title"
    budget = projects.attribute("budget")
    assert budget is not None and budget.currency_code == "EUR"
    tier = projects.attribute("tier")
    assert tier is not None and tier.active_titles == ("Gold", "Silver")
    milestones = schema.get_object("milestones")
    assert milestones is not None
    ref = milestones.attribute("project")
    assert ref is not None and ref.target_objects == ("projects",)
    reviews = schema.get_list("project_reviews")
    assert reviews is not None and reviews.parent_objects == ("projects",)
    stage = reviews.attribute("stage")
    assert stage is not None and stage.active_titles == ("Lead", "Negotiation", "Won 🎉")
    deals = schema.get_object("deals")
    assert deals is not None
    deal_stage = deals.attribute("stage")
    assert deal_stage is not None and "Negotiation" in deal_stage.active_titles


def test_dry_run_plans_without_writing(emu: Emulator, client: AttioClient) -> None:
    models = mismatched_models()
    mark = len(emu.journal)
    plan = sync_models(client, models, dry_run=True)
    assert writes(emu, mark) == []
    assert plan.dry_run and plan.applied == () and not plan.changed
    assert len(plan.actions) == 20
    assert plan.to_text().startswith("Sync plan (dry run): 20 actions")
    # The plan is what a real run then applies.
    assert sync_models(client, models).applied == plan.actions


def test_plan_order_follows_dependencies(client: AttioClient) -> None:
    plan = sync_models(client, mismatched_models(), dry_run=True).actions
    order = [a.kind for a in plan]
    assert order == sorted(order, key=list(ActionKind).index)
    created_attrs = [a for a in plan if a.kind is ActionKind.CREATE_ATTRIBUTE]
    ref = next(a for a in created_attrs if a.attribute == "project")
    assert ref.data["config"] == {"record_reference": {"allowed_objects": ["projects"]}}
    assert ref.data["description"] is None and ref.data["is_multiselect"] is False
    review = next(a for a in plan if a.kind is ActionKind.CREATE_LIST)
    assert review.data == {
        "name": "Project reviews",
        "api_slug": "project_reviews",
        "parent_object": "projects",
        "workspace_access": "full-access",
        "workspace_member_access": [],
    }


def test_result_serialises(client: AttioClient) -> None:
    result = sync_models(client, mismatched_models(), dry_run=True)
    data = json.loads(result.to_json())
    assert data == result.to_dict()
    assert data["dry_run"] is True and data["applied"] == 0
    assert data["actions"][0] == {
        "kind": "create_object",
        "target": "objects",
        "container": "projects",
        "attribute": None,
        "title": None,
        "data": {"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"},
        "model": "Project",
        "field": None,
        "destructive": False,
    }
    assert data["before"]["counts"]["error"] > 0


# --------------------------------------------------------------------------- not fixable


def test_immutable_mismatches_are_skipped_with_reasons(emu: Emulator, client: AttioClient) -> None:
    class Odd(Company):
        name: fields.Number = fields.Number()  # text in Attio
        categories: fields.Select[Any] = fields.Select()  # multiselect in Attio

    mark = len(emu.journal)
    result = sync_models(client, [Odd])
    assert result.actions == () and writes(emu, mark) == []
    reasons = {i.kind: r for i, r in result.skipped}
    assert reasons[IssueKind.TYPE_MISMATCH].startswith("Attio cannot change an attribute's type")
    assert "is_multiselect" in reasons[IssueKind.MANY_MISMATCH]
    assert "Skipped (2):" in result.to_text()
    assert not diff_models(client, [Odd]).is_clean


def test_uncreatable_attributes_are_skipped(client: AttioClient) -> None:
    class Thing(Model):
        class Meta:
            object = "things"

        label: fields.Text = fields.Text()
        stage: fields.Status[Any] = fields.Status()  # status: lists only
        email: fields.EmailAddress[Any] = fields.EmailAddress()
        who: fields.PersonalName = fields.PersonalName()
        seen: fields.Interaction = fields.Interaction()
        followers: fields.Number = fields.Number(read_only=True)
        by_id: fields.Text = fields.Text(attribute_id="0000-fixed-id")
        anything: fields.Reference[Any] = fields.Reference()

    result = sync_models(client, [Thing], dry_run=True)
    assert [(a.kind, a.attribute) for a in result.actions] == [
        (ActionKind.CREATE_OBJECT, None),
        (ActionKind.CREATE_ATTRIBUTE, "label"),
    ]
    reasons = {i.field: r for i, r in result.skipped}
    assert reasons["stage"] == "Attio creates status attributes only on lists"
    assert "email-address" in reasons["email"]
    assert "personal-name" in reasons["who"] and "interaction" in reasons["seen"]
    assert reasons["followers"].startswith("read-only field")
    assert reasons["by_id"].startswith("bound by attribute_id")
    assert "target models" in reasons["anything"]


def test_containers_bound_by_id_are_not_created(client: AttioClient) -> None:
    class Ghost(Model):
        class Meta:
            object_id = "00000000-0000-4000-8000-000000000000"

    class Orphan(ListEntry):
        class Meta:
            list = "orphans"

    result = sync_models(client, [Ghost, Orphan], dry_run=True)
    assert result.actions == ()
    reasons = sorted(r for _, r in result.skipped)
    assert reasons[0].startswith("bound by Meta.object_id")
    assert reasons[1].startswith("creating a list needs Meta.parent")


# --------------------------------------------------------------------------- unarchive, archive


def test_archived_attribute_option_and_status_are_unarchived(custom: AttioClient) -> None:
    class Tags(str, Enum):
        INTERNAL = "Internal"
        RD = "R&D"

    class Project(Model):
        class Meta:
            object = "projects"

        title: fields.Text = fields.Text(required=True)
        score: fields.Rating = fields.Rating()
        tags: fields.Select[list[Tags]] = fields.Select(enum=Tags, many=True)

    class Phase(str, Enum):
        LOST = "Lost"

    class Sale(ListEntry):
        class Meta:
            list = "sales"
            parent = Company

        stage: fields.Status[Phase | None] = fields.Status(enum=Phase)

    custom.update_attribute("objects", "projects", "score", {"is_archived": True})
    custom.update_select_option("objects", "projects", "tags", "R&D", {"is_archived": True})
    custom.update_status("lists", "sales", "stage", "Lost", {"is_archived": True})
    result = sync_models(custom, [Project, Sale])
    assert sorted(a.kind.value for a in result.applied) == [
        "unarchive_attribute",
        "unarchive_option",
        "unarchive_status",
    ]
    assert check_models(custom, [Project, Sale]).is_clean


def test_nothing_is_archived_without_the_flag(emu: Emulator, custom: AttioClient) -> None:
    class Few(str, Enum):
        INTERNAL = "Internal"

    class Project(Model):
        class Meta:
            object = "projects"

        title: fields.Text = fields.Text(required=True)
        tags: fields.Select[list[Few]] = fields.Select(enum=Few, many=True)

    mark = len(emu.journal)
    result = sync_models(custom, [Project])
    assert result.actions == () and writes(emu, mark) == []
    assert result.skipped == ()  # undeclared extras are not news unless archiving
    plan = sync_models(custom, [Project], allow_archive=True, dry_run=True)
    assert all(a.kind.destructive for a in plan.actions)
    archived_attrs = sorted(
        str(a.attribute) for a in plan.actions if a.kind is ActionKind.ARCHIVE_ATTRIBUTE
    )
    assert archived_attrs == ["budget", "class", "done", "kickoff", "lead", "score", "sponsors"]
    archived_options = sorted(
        str(a.title) for a in plan.actions if a.kind is ActionKind.ARCHIVE_OPTION
    )
    assert archived_options == ["Client work", "R&D"]


def test_allow_archive_archives_never_deletes(custom: AttioClient) -> None:
    class Few(str, Enum):
        INTERNAL = "Internal"

    class Project(Model):
        class Meta:
            object = "projects"

        title: fields.Text = fields.Text(required=True)
        tags: fields.Select[list[Few]] = fields.Select(enum=Few, many=True)

    sync_models(custom, [Project], allow_archive=True)
    projects = introspect(custom).get_object("projects")
    assert projects is not None
    score = projects.attribute("score")
    assert score is not None and score.is_archived  # still there, archived
    tags = projects.attribute("tags")
    assert tags is not None and tags.active_titles == ("Internal",)
    assert {c.title for c in tags.choices} == {"Internal", "Client work", "R&D"}
    assert diff_models(custom, [Project], include_undeclared=True).issues == ()


# --------------------------------------------------------------------------- constraints


def test_constraints_change_only_when_asked(custom: AttioClient) -> None:
    class Project(Model):
        class Meta:
            object = "projects"

        title: fields.Text = fields.Text()  # required in the workspace
        class_: fields.Text = fields.Text(slug="class", required=True, unique=True)

    result = sync_models(custom, [Project])
    assert result.actions == ()
    assert {r for _, r in result.skipped} == {
        "pass update_constraints=True to change is_unique/is_required"
    }
    result = sync_models(custom, [Project], update_constraints=True)
    updates = {a.attribute: dict(a.data) for a in result.applied}
    assert updates == {
        "title": {"is_required": False},
        "class": {"is_required": True, "is_unique": True},
    }
    assert check_models(custom, [Project]).is_clean


def test_system_attribute_constraints_are_never_changed(client: AttioClient) -> None:
    class LooseDeal(Deal):
        name: fields.Text = fields.Text()  # required system attribute

    result = sync_models(client, [LooseDeal], update_constraints=True)
    assert result.actions == ()
    assert [r for _, r in result.skipped] == ["a system attribute's constraints cannot be changed"]


# --------------------------------------------------------------------------- failures


def test_failure_stops_with_the_partial_result(emu: Emulator, client: AttioClient) -> None:
    models = mismatched_models()
    emu.faults.server_error(503, method="POST", path_prefix="/v2/objects/projects/attributes")
    with pytest.raises(SyncError) as info:
        sync_models(client, models)
    err = info.value
    assert isinstance(err.__cause__, AmbiguousWriteError)  # a POST is never retried
    assert [a.kind for a in err.result.applied] == [
        ActionKind.CREATE_OBJECT,
        ActionKind.CREATE_OBJECT,
        ActionKind.CREATE_LIST,
    ]
    assert err.action.kind is ActionKind.CREATE_ATTRIBUTE and err.action.container == "projects"
    assert "3 of 20 actions applied" in str(err)
    # Rerunning resumes from the workspace's current state.
    rerun = sync_models(client, models)
    assert len(rerun.applied) == 17
    assert diff_models(client, models).is_clean


def test_every_request_matches_the_spec(emu: Emulator, spec_contract: Any, tmp_path: Path) -> None:
    """The bodies sync sends (objects, lists, attributes, options, statuses) are valid."""
    from tests.contract import ContractTransport

    transport = ContractTransport(emu.transport(), spec_contract)  # type: ignore[arg-type]
    with AttioClient(emu.token, transport=transport, rate_limits=UNLIMITED) as checked:
        sync_models(checked, mismatched_models())
        assert diff_models(checked, mismatched_models()).is_clean


def test_sync_of_existing_custom_attribute_is_noop(custom: AttioClient) -> None:
    add_attribute(custom, "objects", "companies", "google_rating", "number")

    class MyCompany(Company):
        google_rating: fields.Number = fields.Number()

    assert sync_models(custom, [MyCompany]).actions == ()


async def test_async_twin_plans_and_applies_the_same(emu: Emulator, client: AttioClient) -> None:
    models = mismatched_models()
    plan = sync_models(client, models, dry_run=True)
    async with emu.async_client(rate_limits=UNLIMITED) as aclient:
        aplan = await async_sync_models(aclient, models, dry_run=True)
        assert aplan.actions == plan.actions
        applied = await async_sync_models(aclient, models)
    assert applied.applied == plan.actions
    assert diff_models(client, models).is_clean
