"""check_model / diff_models: each kind of mismatch, one by one, on the emulator; the report
formats; the request cost; registry-wide checks and the async twins."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.models import ListEntry, Model
from particle_orm.schema import (
    IssueKind,
    SchemaDiff,
    SchemaIssue,
    SchemaMismatch,
    acheck_model,
    adiff_models,
    check_model,
    check_models,
    diff_models,
    diff_schema,
    introspect,
)
from particle_orm.standard import Company, Deal, Person, User, Workspace
from particle_orm.values import Option
from tests.schema.conftest import UNLIMITED


def only(diff: SchemaDiff, kind: IssueKind) -> SchemaIssue:
    """The single issue of the diff, which must be of ``kind``."""
    assert [i.kind for i in diff.issues] == [kind], diff.to_text()
    return diff.issues[0]


class Tags(str, Enum):
    INTERNAL = "Internal"
    CLIENT = "Client work"
    RD = "R&D"


def project_model(**overrides: Any) -> type[Model]:
    """A model matching the custom ``projects`` object, with fields replaced."""
    namespace: dict[str, Any] = {
        "Meta": type("Meta", (), {"object": "projects"}),
        "title": fields.Text(required=True),
        "budget": fields.Currency(currency="EUR"),
        "lead": fields.Reference(Person),
        "sponsors": fields.Reference(Company, many=True),
        "tags": fields.Select(enum=Tags, many=True),
        "class_": fields.Text(slug="class"),
        "kickoff": fields.Date(),
        "score": fields.Rating(),
        "done": fields.Checkbox(),
    }
    namespace.update(overrides)
    namespace = {k: v for k, v in namespace.items() if v is not None}
    return type("Project", (Model,), namespace)


# --------------------------------------------------------------------------- clean cases


def test_standard_models_match_the_seeded_workspace(client: AttioClient) -> None:
    diff = check_models(client, [Person, Company, Deal, User, Workspace])
    assert diff.is_clean, diff.to_text()
    assert diff.models == ("Person", "Company", "Deal", "User", "Workspace")


def test_matching_custom_model_is_clean(custom: AttioClient) -> None:
    diff = check_model(project_model(), custom)
    assert diff.is_clean and diff.issues == (), diff.to_text()
    assert diff.to_text().endswith(": clean (1 model checked)")


# --------------------------------------------------------------------------- each kind


def test_missing_object(client: AttioClient) -> None:
    class Ticket(Model):
        class Meta:
            object = "tickets"

        title: fields.Text = fields.Text()

    issue = only(check_model(Ticket, client), IssueKind.MISSING_OBJECT)
    assert issue.severity == "error" and issue.container == "tickets" and issue.field is None
    assert "no object 'tickets'" in issue.message and "sync_models() creates it" in issue.message


def test_missing_object_bound_by_id(client: AttioClient) -> None:
    class Ghost(Model):
        class Meta:
            object_id = "00000000-0000-4000-8000-000000000000"

    issue = only(check_model(Ghost, client), IssueKind.MISSING_OBJECT)
    assert "declared by id" in issue.message


def test_missing_list(client: AttioClient) -> None:
    class Hire(ListEntry):
        class Meta:
            list = "hiring"
            parent = Person

    issue = only(check_model(Hire, client), IssueKind.MISSING_LIST)
    assert issue.target == "lists" and "no list 'hiring'" in issue.message


def test_list_parent_mismatch(custom: AttioClient) -> None:
    class Sale(ListEntry):
        class Meta:
            list = "sales"
            parent = Person

    issue = only(check_model(Sale, custom), IssueKind.LIST_PARENT_MISMATCH)
    assert issue.expected == "people" and issue.actual == ["companies"]


def test_missing_attribute(client: AttioClient) -> None:
    class MyCompany(Company):
        nickname: fields.Text = fields.Text()

    issue = only(check_model(MyCompany, client), IssueKind.MISSING_ATTRIBUTE)
    assert (issue.model, issue.field, issue.attribute) == ("MyCompany", "nickname", "nickname")
    assert issue.expected == "text"
    assert "no attribute 'nickname' on objects/companies" in issue.message


def test_missing_attribute_hint_says_whether_sync_can_create_it(client: AttioClient) -> None:
    class HintedCompany(Company):
        ghost_score: fields.Number = fields.Number(read_only=True)
        ghost_mail: fields.EmailAddress = fields.EmailAddress(many=True)
        ghost_text: fields.Text = fields.Text()

    issues = {i.field: i.message for i in check_model(HintedCompany, client).errors}
    assert issues["ghost_score"].endswith(
        "(read-only: a system or enriched attribute that only Attio creates)"
    )
    assert issues["ghost_mail"].endswith("(Attio does not let you create email-address attributes)")
    assert issues["ghost_text"].endswith("(sync_models() creates it)")


def test_missing_attribute_names_the_renamed_slug(custom: AttioClient) -> None:
    custom.update_attribute("objects", "projects", "title", {"api_slug": "project_title"})
    issue = only(check_model(project_model(), custom), IssueKind.MISSING_ATTRIBUTE)
    assert "an attribute titled 'Title' has slug 'project_title' now" in issue.message


def test_id_bound_field_survives_a_rename_and_reports_it(custom: AttioClient) -> None:
    title = custom.get_attribute("objects", "projects", "title")
    custom.update_attribute("objects", "projects", "title", {"api_slug": "project_title"})
    model = project_model(
        title=fields.Text(attribute_id=title["id"]["attribute_id"], required=True)
    )
    diff = check_model(model, custom)
    issue = only(diff, IssueKind.SLUG_RENAMED)
    assert issue.severity == "info" and diff.is_clean
    assert (issue.expected, issue.actual) == ("title", "project_title")


def test_missing_attribute_bound_by_id(custom: AttioClient) -> None:
    model = project_model(title=fields.Text(attribute_id="0000-not-there", required=True))
    issue = only(check_model(model, custom), IssueKind.MISSING_ATTRIBUTE)
    assert "no attribute with id '0000-not-there'" in issue.message


def test_archived_attribute(custom: AttioClient) -> None:
    custom.update_attribute("objects", "projects", "score", {"is_archived": True})
    issue = only(check_model(project_model(), custom), IssueKind.ARCHIVED_ATTRIBUTE)
    assert issue.field == "score" and (issue.expected, issue.actual) == ("active", "archived")


def test_type_mismatch(custom: AttioClient) -> None:
    issue = only(
        check_model(project_model(title=fields.Number(required=True)), custom),
        IssueKind.TYPE_MISMATCH,
    )
    assert (issue.expected, issue.actual) == ("number", "text")
    assert "declared Number ('number') but the attribute is 'text'" in issue.message


def test_many_versus_multiselect(custom: AttioClient) -> None:
    issue = only(
        check_model(project_model(tags=fields.Select(enum=Tags)), custom),
        IssueKind.MANY_MISMATCH,
    )
    assert (issue.expected, issue.actual) == (False, True)
    assert "multiselect" in issue.message


def test_single_reference_declared_many(custom: AttioClient) -> None:
    issue = only(
        check_model(project_model(lead=fields.Reference(Person, many=True)), custom),
        IssueKind.MANY_MISMATCH,
    )
    assert "single-value" in issue.message


def test_reference_target_mismatch(custom: AttioClient) -> None:
    issue = only(
        check_model(project_model(lead=fields.Reference(Company)), custom),
        IssueKind.REFERENCE_TARGET_MISMATCH,
    )
    assert (issue.expected, issue.actual) == (["companies"], ["people"])


def test_unique_mismatch(custom: AttioClient) -> None:
    issue = only(
        check_model(project_model(title=fields.Text(required=True, unique=True)), custom),
        IssueKind.UNIQUE_MISMATCH,
    )
    assert issue.severity == "warning" and (issue.expected, issue.actual) == (True, False)


def test_required_mismatch(custom: AttioClient) -> None:
    diff = check_model(project_model(title=fields.Text()), custom)
    issue = only(diff, IssueKind.REQUIRED_MISMATCH)
    assert issue.severity == "warning" and not diff.is_clean
    assert "creates without a value will fail" in issue.message


def test_field_written_but_attribute_read_only(client: AttioClient) -> None:
    class MyPerson(Person):
        avatar_url: fields.Text = fields.Text()

    issue = only(check_model(MyPerson, client), IssueKind.NOT_WRITABLE)
    assert issue.field == "avatar_url" and "read_only=True" in issue.message


def test_currency_mismatch(custom: AttioClient) -> None:
    issue = only(
        check_model(project_model(budget=fields.Currency(currency="USD")), custom),
        IssueKind.CURRENCY_MISMATCH,
    )
    assert (issue.expected, issue.actual) == ("USD", "EUR")


def test_select_option_the_code_names_but_the_workspace_lacks(custom: AttioClient) -> None:
    class MoreTags(str, Enum):
        INTERNAL = "Internal"
        ROBOTICS = "Robotics"

    issue = only(
        check_model(project_model(tags=fields.Select(enum=MoreTags, many=True)), custom),
        IssueKind.MISSING_OPTION,
    )
    assert issue.choice == "Robotics" and "MoreTags names option 'Robotics'" in issue.message


def test_archived_option(custom: AttioClient) -> None:
    custom.update_select_option("objects", "projects", "tags", "R&D", {"is_archived": True})
    issue = only(check_model(project_model(), custom), IssueKind.ARCHIVED_OPTION)
    assert issue.choice == "R&D"


def test_status_the_code_names_but_the_workspace_lacks(client: AttioClient) -> None:
    class Stage(str, Enum):
        LEAD = "Lead"
        NEGOTIATION = "Negotiation"

    class MyDeal(Deal):
        stage: fields.Status[Stage | None] = fields.Status(enum=Stage, required=True)

    issue = only(check_model(MyDeal, client), IssueKind.MISSING_STATUS)
    assert (issue.field, issue.choice) == ("stage", "Negotiation")


def test_archived_status(custom: AttioClient) -> None:
    class Stage(str, Enum):
        WON = "Won 🎉"
        LOST = "Lost"

    class Sale(ListEntry):
        class Meta:
            list = "sales"
            parent = Company

        stage: fields.Status[Stage | None] = fields.Status(enum=Stage)

    custom.update_status("lists", "sales", "stage", "Lost", {"is_archived": True})
    issue = only(check_model(Sale, custom), IssueKind.ARCHIVED_STATUS)
    assert issue.choice == "Lost" and issue.target == "lists"


def test_fields_without_enum_name_no_options(custom: AttioClient) -> None:
    """Options are named only by an enum; a plain Select accepts whatever exists."""
    diff = check_model(project_model(tags=fields.Select(many=True)), custom)
    assert diff.is_clean


def test_undeclared_attributes_and_options_are_info_only(custom: AttioClient) -> None:
    class Few(str, Enum):
        INTERNAL = "Internal"

    model = project_model(score=None, done=None, tags=fields.Select(enum=Few, many=True))
    assert diff_models(custom, [model]).issues == ()
    diff = diff_models(custom, [model], include_undeclared=True)
    kinds = sorted((i.kind.value, i.attribute, i.choice) for i in diff.issues)
    assert kinds == [
        ("undeclared_attribute", "done", None),
        ("undeclared_attribute", "score", None),
        ("undeclared_option", "tags", "Client work"),
        ("undeclared_option", "tags", "R&D"),
    ]
    assert diff.is_clean and len(diff.infos) == 4


def test_undeclared_considers_every_model_of_the_container(client: AttioClient) -> None:
    class Slim(Model):
        class Meta:
            object = "companies"

        name: fields.Text = fields.Text()

    class Other(Model):
        class Meta:
            object = "companies"

        domains: fields.Domain[Any] = fields.Domain(many=True, unique=True)

    client.create_attribute(
        "objects",
        "companies",
        {
            "title": "Score",
            "api_slug": "score",
            "type": "number",
            "description": None,
            "is_required": False,
            "is_unique": False,
            "is_multiselect": False,
            "config": {},
        },
    )
    diff = diff_models(client, [Slim, Other], include_undeclared=True)
    # System attributes are never "undeclared"; only the custom one is.
    assert [(i.kind, i.attribute) for i in diff.issues] == [
        (IssueKind.UNDECLARED_ATTRIBUTE, "score")
    ]


# --------------------------------------------------------------------------- report


def broken_diff(custom: AttioClient) -> SchemaDiff:
    return check_model(
        project_model(title=fields.Number(), budget=fields.Currency(currency="USD")), custom
    )


def test_text_report_is_grouped_and_sorted_by_severity(custom: AttioClient) -> None:
    text = broken_diff(custom).to_text()
    lines = text.splitlines()
    assert lines[0].endswith(": 1 error, 1 warning (1 model checked)")
    assert lines[2] == "Project (objects/projects)"
    assert lines[3].startswith("  error    type_mismatch")
    assert lines[4].startswith("  warning  currency_mismatch")
    assert "Project.budget: declared currency 'USD'" in lines[4]


def test_min_severity_filters_the_text(custom: AttioClient) -> None:
    text = broken_diff(custom).to_text(min_severity="error")
    assert "type_mismatch" in text and "currency_mismatch" not in text


def test_machine_readable_report(custom: AttioClient) -> None:
    diff = broken_diff(custom)
    data = json.loads(diff.to_json())
    assert data == diff.to_dict()
    assert data["clean"] is False and data["counts"] == {"error": 1, "warning": 1, "info": 0}
    first = data["issues"][0]
    assert first["kind"] == "type_mismatch" and first["model"] == "Project"
    assert first["field"] == "title" and first["container"] == "projects"
    assert set(first) == {
        "kind",
        "severity",
        "model",
        "field",
        "target",
        "container",
        "attribute",
        "choice",
        "expected",
        "actual",
        "message",
    }


def test_raise_for_issues(custom: AttioClient) -> None:
    diff = broken_diff(custom)
    with pytest.raises(SchemaMismatch) as info:
        diff.raise_for_issues()
    assert info.value.diff is diff and "type_mismatch" in str(info.value)
    warn_only = SchemaDiff(diff.of_kind("currency_mismatch"))
    warn_only.raise_for_issues(severity="error")  # a warning is below the bar
    with pytest.raises(SchemaMismatch):
        warn_only.raise_for_issues(severity="warning")


def test_filters_on_the_diff(custom: AttioClient) -> None:
    diff = broken_diff(custom)
    assert [i.kind for i in diff.errors] == [IssueKind.TYPE_MISMATCH]
    assert [i.kind for i in diff.warnings] == [IssueKind.CURRENCY_MISMATCH]
    assert len(diff) == 2 and list(diff) == list(diff.issues)
    assert diff.for_model("Project").issues == diff.issues
    assert diff.for_model(Person).issues == ()


# --------------------------------------------------------------------------- cost, scope


def test_check_costs_one_attribute_listing_per_object(emu: Emulator, client: AttioClient) -> None:
    before = len(emu.journal)
    diff = check_models(client, [Person, Company])
    sent = [e.path for e in emu.journal.entries[before:]]
    assert sent == [
        "/v2/objects",
        "/v2/objects/people/attributes",
        "/v2/objects/companies/attributes",
    ]
    assert diff.requests == 3


def test_enum_fields_add_one_listing_each(emu: Emulator, client: AttioClient) -> None:
    class Stage(str, Enum):
        LEAD = "Lead"

    class MyDeal(Deal):
        stage: fields.Status[Stage | None] = fields.Status(enum=Stage, required=True)

    before = len(emu.journal)
    check_model(MyDeal, client)
    sent = [e.path for e in emu.journal.entries[before:]]
    assert len(sent) == 3 and sent[-1].endswith("/statuses")


def test_list_models_add_the_lists_listing(emu: Emulator, custom: AttioClient) -> None:
    class Sale(ListEntry):
        class Meta:
            list = "sales"
            parent = Company

    before = len(emu.journal)
    assert check_model(Sale, custom).is_clean
    sent = sorted(e.path for e in emu.journal.entries[before:])
    assert sent == [
        "/v2/lists",
        "/v2/lists/sales/attributes",
        "/v2/objects",
        "/v2/objects/companies/attributes",
    ]


def test_registry_wide_check_covers_registered_models(client: AttioClient) -> None:
    class Registered(Model):
        class Meta:
            object = "registered_things"

    diff = check_models(client)
    assert {"Person", "Company", "Registered"} <= set(diff.models)
    assert any(i.model == "Registered" for i in diff.of_kind(IssueKind.MISSING_OBJECT))


def test_offline_diff_against_a_snapshot(custom: AttioClient) -> None:
    snapshot = introspect(custom)
    assert diff_schema(snapshot, [project_model()]).is_clean
    assert diff_schema(snapshot, [project_model(title=fields.Number(required=True))]).errors


def test_abstract_and_non_models_are_rejected(client: AttioClient) -> None:
    class Base(Model):
        class Meta:
            abstract = True

    with pytest.raises(TypeError, match="abstract"):
        check_model(Base, client)
    with pytest.raises(TypeError, match="not a particle_orm model"):
        check_models(client, [Option])  # type: ignore[list-item]


async def test_async_twins_agree(emu: Emulator, custom: AttioClient) -> None:
    model = project_model(title=fields.Number())
    async with emu.async_client(rate_limits=UNLIMITED) as aclient:
        got = await acheck_model(model, aclient)
        got_many = await adiff_models(aclient, [model, Person])
    assert got == check_model(model, custom)
    assert got_many == diff_models(custom, [model, Person])
