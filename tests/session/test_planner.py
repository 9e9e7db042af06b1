"""The planner alone: no network, just tracked changes → operations and dependencies."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.session import OpKind, SessionUsageError
from particle_orm.session._planner import PlanInput, build_plan, new_references
from particle_orm.standard import Company, Person, Workspace
from tests.session._models import Pipeline


def _loaded(model: type[Any], record_id: str, values: dict[str, Any] | None = None) -> Any:
    return model.from_api(
        {
            "id": {"workspace_id": "w", "object_id": "o", "record_id": record_id},
            "values": values or {},
        }
    )


def _kinds(plan: Any) -> list[tuple[str, str]]:
    return [(op.kind.value, type(op.obj).__name__) for op in plan]


def test_referenced_new_records_are_created_first_and_cascaded() -> None:
    acme = Company(name="Acme")
    ada = Person(name="Ada", company=acme)
    planned = build_plan(PlanInput(new=[ada]))
    assert _kinds(planned.plan) == [("create", "Company"), ("create", "Person")]
    assert planned.plan.operations[1].depends_on == (1,)
    assert planned.created == [ada, acme]


def test_add_order_is_kept_among_independent_creates() -> None:
    objs = [Company(name=f"C{i}") for i in range(5)]
    plan = build_plan(PlanInput(new=objs)).plan
    assert [op.obj for op in plan] == objs
    assert {op.layer for op in plan} == {1}


def test_entries_wait_for_their_new_parent() -> None:
    acme = Company(name="Acme")
    entry = Pipeline(parent=acme, note="x")
    plan = build_plan(PlanInput(new=[entry])).plan
    assert _kinds(plan) == [("create", "Company"), ("create", "Pipeline")]
    assert plan.operations[1].depends_on == (1,)
    assert plan.operations[1].path == "/v2/lists/pipeline/entries"


def test_entry_of_a_saved_parent_has_no_dependency() -> None:
    entry = Pipeline(parent=_loaded(Company, "c1"))
    (op,) = build_plan(PlanInput(new=[entry])).plan
    assert op.depends_on == () and op.kind is OpKind.CREATE


def test_entry_upsert_asserts_by_parent() -> None:
    entry = Pipeline(parent=_loaded(Company, "c1"))
    (op,) = build_plan(PlanInput(new=[entry], upsert={id(entry): True})).plan
    assert (op.kind, op.method) == (OpKind.ASSERT, "PUT")


def test_match_on_makes_creates_asserts_unless_told_otherwise() -> None:
    with_email = Person(email_addresses=["a@b.com"])
    without = Person(name="No email")
    forced_post = Person(email_addresses=["c@d.com"])
    plan = build_plan(
        PlanInput(new=[with_email, without, forced_post], upsert={id(forced_post): False})
    ).plan
    a, b, c = plan.operations
    assert (a.kind, a.matching_attribute) == (OpKind.ASSERT, "email_addresses")
    assert a.path == "/v2/objects/people/records?matching_attribute=email_addresses"
    assert (b.kind, b.matching_attribute) == (OpKind.CREATE, None)
    # A POST that has a matching value keeps it, to re-send as an assert if its response is lost.
    assert (c.kind, c.matching_attribute) == (OpKind.CREATE, "email_addresses")


def test_upsert_on_a_named_field() -> None:
    ws = Workspace(workspace_id="w-1", name="Acme")
    (op,) = build_plan(PlanInput(new=[ws], upsert={id(ws): "name"})).plan
    assert op.matching_attribute == "name"


def test_upsert_without_a_value_is_refused_before_sending() -> None:
    acme = Company(name="Acme")  # matched on domains, which it lacks
    with pytest.raises(SessionUsageError, match=r"'domains'.*no value"):
        build_plan(PlanInput(new=[acme], upsert={id(acme): True}))


def test_two_record_cycle_becomes_two_creates_and_one_link() -> None:
    ada = Person(name="Ada")
    acme = Company(name="Acme", team=[ada])
    ada.company = acme
    plan = build_plan(PlanInput(new=[ada])).plan
    create_ada, create_acme, link = plan.operations
    assert (create_ada.obj, create_acme.obj, link.obj) == (ada, acme, ada)
    assert "company" not in create_ada.fields and create_acme.fields == ("name", "team")
    assert (link.kind, link.method, link.fields) == (OpKind.LINK, "PATCH", ("company",))
    assert link.depends_on == (1, 2)
    assert link.path == "/v2/objects/people/records/<id from #1>"


def test_three_record_cycle_needs_one_link() -> None:
    a, b, c = Company(name="A"), Company(name="B"), Company(name="C")
    ada, bob, cy = Person(name="Ada"), Person(name="Bob"), Person(name="Cy")
    # ada -> a -> bob -> b -> ada (through team/company), plus c outside the cycle.
    ada.company = a
    a.team = [bob]
    bob.company = b
    b.team = [ada]
    cy.company = c
    plan = build_plan(PlanInput(new=[ada, bob, cy])).plan
    assert plan.count(OpKind.LINK) == 1
    assert plan.count(OpKind.CREATE) == 6


def test_self_reference_is_linked_after_create() -> None:
    ada = Person(name="Ada")
    acme = Company(name="Acme", team=[ada])
    twin = Company(name="Twin")
    twin.team = [ada]
    ada.company = twin
    plan = build_plan(PlanInput(new=[acme])).plan
    assert plan.count(OpKind.LINK) == 1


def test_updates_patch_when_values_were_only_added() -> None:
    person = _loaded(
        Person, "p1", {"email_addresses": [{"email_address": "a@b.com", "active_until": None}]}
    )
    person.email_addresses.append("c@d.com")
    person.job_title = "CTO"
    (op,) = build_plan(PlanInput(dirty=[person])).plan
    assert (op.kind, op.method, op.fields) == (
        OpKind.UPDATE,
        "PATCH",
        ("email_addresses", "job_title"),
    )
    assert op.path == "/v2/objects/people/records/p1"


def test_updates_put_when_values_were_removed() -> None:
    person = _loaded(
        Person, "p1", {"email_addresses": [{"email_address": "a@b.com", "active_until": None}]}
    )
    person.email_addresses.clear()
    (op,) = build_plan(PlanInput(dirty=[person])).plan
    assert op.method == "PUT"


def test_update_referencing_a_new_record_waits_for_it() -> None:
    person = _loaded(Person, "p1")
    acme = Company(name="Acme")
    person.company = acme
    plan = build_plan(PlanInput(dirty=[person])).plan
    assert _kinds(plan) == [("create", "Company"), ("update", "Person")]
    assert plan.operations[1].depends_on == (1,)


def test_deletes_come_last_entries_before_their_parent() -> None:
    acme = _loaded(Company, "c1")
    entry = Pipeline.from_api(
        {
            "id": {"workspace_id": "w", "list_id": "l", "entry_id": "e1"},
            "parent_record_id": "c1",
            "parent_object": "companies",
            "entry_values": {},
        }
    )
    new = Company(name="New")
    plan = build_plan(PlanInput(new=[new], deleted=[acme, entry])).plan
    create, delete_entry, delete_company = plan.operations
    assert (create.phase, delete_entry.phase, delete_company.phase) == (0, 1, 2)
    assert delete_company.depends_on == (delete_entry.id,)
    assert [len(layer) for layer in plan.layers] == [1, 1, 1]


def test_a_deleted_object_is_not_updated() -> None:
    acme = _loaded(Company, "c1")
    acme.name = "Renamed"
    plan = build_plan(PlanInput(dirty=[acme], deleted=[acme])).plan
    assert _kinds(plan) == [("delete", "Company")]


def test_held_ambiguous_creates_hold_back_their_dependents() -> None:
    lost = Company(name="Lost")
    entry = Pipeline(parent=lost)
    person = _loaded(Person, "p1")
    person.company = lost
    other = Company(name="Other")
    plan = build_plan(PlanInput(new=[entry, other], dirty=[person], held={id(lost)})).plan
    assert [op.obj for op in plan] == [other]


def test_read_only_changes_are_not_sent() -> None:
    acme = _loaded(Company, "c1")
    acme._changed["logo_url"] = None  # as if a system value changed under us
    assert len(build_plan(PlanInput(dirty=[acme])).plan) == 0


def test_new_references_lists_only_unsaved_targets() -> None:
    saved = _loaded(Person, "p1")
    new = Person(name="New")
    acme = Company(team=[saved, new])
    assert new_references(acme) == {"team": [new]}


def test_plan_prints_layers() -> None:
    acme = Company(name="Acme")
    text = str(build_plan(PlanInput(new=[Pipeline(parent=acme)])).plan)
    assert text.splitlines() == [
        "Plan: 2 calls in 2 layers",
        "layer 1:",
        "  #1 POST /v2/objects/companies/records  create <Company unsaved> [name]",
        "layer 2:",
        "  #2 POST /v2/lists/pipeline/entries  create <Pipeline unsaved> after #1",
    ]


def test_a_long_chain_plans_without_recursion_limits() -> None:
    people = [Person(name=f"P{i}") for i in range(3000)]
    companies = [Company(name=f"C{i}", team=[p]) for i, p in enumerate(people)]
    for person, company in zip(people[1:], companies):
        person.company = company
    # people[-1] -> companies[-2] -> people[-2] -> ... -> people[0]: 5,999 records, no cycle.
    plan = build_plan(PlanInput(new=[people[-1]])).plan
    assert plan.count(OpKind.CREATE) == 5999 and plan.count(OpKind.LINK) == 0
    assert plan.operations[0].obj is people[0] and plan.operations[-1].layer == 5999
