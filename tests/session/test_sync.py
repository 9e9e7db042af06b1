"""Session against the emulator: call counts, order, concurrency, failures (issue 6)."""

from __future__ import annotations

import threading

import httpx
import pytest

from particle_orm.client import AttioClient, ValueNotFoundError, VirtualClock
from particle_orm.emulator import Emulator
from particle_orm.errors import RequiredFieldError
from particle_orm.query._binding import current_binding
from particle_orm.session import (
    CommitError,
    OpKind,
    Outcome,
    Plan,
    Progress,
    Session,
    SessionUsageError,
)
from particle_orm.standard import Company, Deal, Person
from particle_orm.values import RecordId
from tests.session._models import Pipeline
from tests.session.conftest import calls, count_records, writes

BOGUS = "00000000-0000-4000-8000-000000000000"


def _company(client: AttioClient, name: str = "Acme", domain: str = "acme.com") -> str:
    data = client.create_record(
        "companies", {"name": [{"value": name}], "domains": [{"domain": domain}]}
    )
    record_id: str = data["id"]["record_id"]
    return record_id


def _loaded_company(session: Session, client: AttioClient, emu: Emulator) -> Company:
    record_id = _company(client)
    company = session.load(Company, client.get_record("companies", record_id))
    emu.journal.clear()
    return company


# --------------------------------------------------------------------------- call counts


def test_three_field_changes_on_one_record_are_one_call(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        acme = _loaded_company(session, client, emu)
        acme.name = "Acme Inc"
        acme.description = "Rockets"
        acme.linkedin = "acme-inc"
        result = session.commit()
    assert calls(emu) == [("PATCH", f"/v2/objects/companies/records/{acme.record_id}")]
    assert result.calls == 1
    stored = client.get_record("companies", acme.record_id)["values"]
    assert stored["name"][0]["value"] == "Acme Inc"
    assert stored["linkedin"][0]["value"] == "acme-inc"
    assert not acme.is_dirty


class _Rendezvous(httpx.BaseTransport):
    """Holds requests whose path starts with ``prefix`` until ``parties`` are in flight.

    If the session sent them one after another, the barrier would break (test fails).
    """

    def __init__(self, inner: httpx.BaseTransport, prefixes: tuple[str, ...], parties: int):
        self.inner = inner
        self.prefixes = prefixes
        self.barrier = threading.Barrier(parties, timeout=10)
        self.order: list[str] = []
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.order.append(request.url.path)
        if request.url.path.startswith(self.prefixes) and request.method != "PUT":
            self.barrier.wait()
        return self.inner.handle_request(request)


def test_company_people_and_entries_company_first_then_concurrently(emu: Emulator) -> None:
    transport = _Rendezvous(emu.transport(), ("/v2/objects/people", "/v2/lists/pipeline"), 4)
    with (
        AttioClient(emu.token, transport=transport, rate_limits=None) as client,
        Session(client, max_workers=8) as session,
    ):
        acme = Company(name="Acme", domains=["acme.com"])
        people = [Person(name="Lovelace, Ada", company=acme), Person(name="Hopper", company=acme)]
        entries = [Pipeline(parent=acme, note="first"), Pipeline(parent=acme, note="second")]
        session.add_all([*people, *entries])
        plan = session.plan()
        assert [len(layer) for layer in plan.layers] == [1, 4]
        assert plan.layers[0][0].obj is acme
        session.commit()
    sent = calls(emu)
    assert len(sent) == 5
    assert sent[0] == ("PUT", "/v2/objects/companies/records")
    assert (
        sorted(sent[1:])
        == [("POST", "/v2/lists/pipeline/entries")] * 2
        + [("POST", "/v2/objects/people/records")] * 2
    )
    assert all(p.company is not None and p.company.record_id == acme.record_id for p in people)
    assert {e.parent_record_id for e in entries} == {acme.record_id}
    assert all(e.entry_id is not None for e in entries)


def test_reference_cycle_is_creates_plus_one_patch(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        ada = Person(name="Lovelace, Ada")
        acme = Company(name="Acme", team=[ada])
        ada.company = acme
        session.add(ada)
        plan = session.plan()
        assert [op.kind for op in plan] == [OpKind.CREATE, OpKind.CREATE, OpKind.LINK]
        session.commit()
    sent = calls(emu)
    assert [m for m, _ in sent] == ["POST", "POST", "PATCH"]
    stored_ada = client.get_record("people", ada.record_id)["values"]
    stored_acme = client.get_record("companies", acme.record_id)["values"]
    assert stored_ada["company"][0]["target_record_id"] == acme.record_id
    assert [v["target_record_id"] for v in stored_acme["team"]] == [ada.record_id]
    assert not ada.is_dirty and not acme.is_dirty


# --------------------------------------------------------------------------- failures


def _twenty_people_one_bad(session: Session) -> tuple[list[Person], Person, Company, Pipeline]:
    people = [Person(name=f"P{i}", email_addresses=[f"p{i}@example.com"]) for i in range(20)]
    bad = people[7]
    bad.company = Company.deferred(BOGUS)
    # Dependents of the bad create: a company on its team, and that company's entry.
    team = Company(name="Team of 7", team=[bad])
    entry = Pipeline(parent=team, note="waits for the company")
    session.add_all(people)
    session.add(entry)
    return people, bad, team, entry


def test_a_400_on_one_of_20_creates(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        people, bad, team, entry = _twenty_people_one_bad(session)
        with pytest.raises(CommitError) as caught:
            session.commit()
    err = caught.value
    assert len(err.applied) == 19
    assert [r.obj for r in err.failed] == [bad]
    assert isinstance(err.failed[0].error, ValueNotFoundError)
    skipped = {id(r.obj): r for r in err.not_attempted}
    assert set(skipped) == {id(team), id(entry)}
    failed_op = err.failed[0].operation.id
    assert all(r.blocked_by == (failed_op,) for r in err.not_attempted)
    assert len(writes(emu)) == 20
    assert all(p.record_id is not None for p in people if p is not bad)
    assert bad.record_id is None and team.record_id is None
    assert set(map(id, session.new)) == {id(bad), id(team), id(entry)}
    assert "1 failed" in str(err) and "value_not_found" in str(err)


def test_recommit_after_fixing_sends_only_what_is_pending(
    client: AttioClient, emu: Emulator
) -> None:
    with Session(client) as session:
        _people, bad, team, entry = _twenty_people_one_bad(session)
        with pytest.raises(CommitError):
            session.commit()
        emu.journal.clear()
        bad.company = None
        result = session.commit()
    assert result.calls == 3
    assert sorted(m + " " + p for m, p in calls(emu)) == [
        "POST /v2/lists/pipeline/entries",
        "POST /v2/objects/companies/records",
        "PUT /v2/objects/people/records",
    ]
    assert bad.record_id is not None and entry.parent_record_id == team.record_id
    assert count_records(client, "people", {}) == 20
    assert session.new == []


def test_lost_response_on_an_assert_is_retried_without_duplicate(
    client: AttioClient, emu: Emulator
) -> None:
    emu.faults.drop_response(method="PUT", path_prefix="/v2/objects/people")
    with Session(client) as session:
        ada = Person(name="Ada", email_addresses=["ada@example.com"])
        session.add(ada)
        session.commit()
    assert ada.record_id is not None
    assert count_records(client, "people", {"email_addresses": "ada@example.com"}) == 1


def test_lost_post_response_with_a_matching_attribute_is_resent_as_assert(
    client: AttioClient, emu: Emulator
) -> None:
    emu.faults.drop_response(method="POST", path_prefix="/v2/objects/people")
    with Session(client) as session:
        ada = Person(name="Ada", email_addresses=["ada@example.com"])
        session.add(ada, upsert=False)
        assert session.plan().operations[0].method == "POST"
        result = session.commit()
    assert [m for m, _ in calls(emu)] == ["POST", "PUT"]
    assert result.results[0].note == "response lost; re-sent as an assert"
    assert count_records(client, "people", {"email_addresses": "ada@example.com"}) == 1
    assert ada.record_id == client.query_records("people")[0]["id"]["record_id"]


def test_lost_response_without_matching_attribute_is_ambiguous_and_never_resent(
    client: AttioClient, emu: Emulator
) -> None:
    emu.faults.drop_response(method="POST", path_prefix="/v2/objects/companies")
    with Session(client) as session:
        acme = Company(name="Acme")  # no domain: nothing to assert on
        entry = Pipeline(parent=acme)
        session.add(entry)
        with pytest.raises(CommitError) as caught:
            session.commit()
        assert [r.obj for r in caught.value.ambiguous] == [acme]
        assert [r.obj for r in caught.value.not_attempted] == [entry]
        assert session.ambiguous == [acme]
        emu.journal.clear()
        assert len(session.commit()) == 0  # held back: neither it nor its entry is sent
        assert calls(emu) == []
        with pytest.raises(SessionUsageError):
            session.add(acme)
        created = client.query_records("companies")[0]["id"]["record_id"]
        session.resolve_ambiguous(acme, record_id=created)
        session.commit()
    assert count_records(client, "companies", {}) == 1
    assert acme.record_id == created and entry.parent_record_id == created
    assert sorted(m for m, _ in calls(emu)) == ["PATCH", "POST"]


def test_ambiguous_create_resolved_as_not_created_is_sent_again(
    client: AttioClient, emu: Emulator
) -> None:
    emu.faults.server_error(503, method="POST", path_prefix="/v2/objects/companies")
    with Session(client) as session:
        acme = Company(name="Acme")
        session.add(acme)
        with pytest.raises(CommitError):
            session.commit()
        session.resolve_ambiguous(acme)
        session.commit()
    assert count_records(client, "companies", {}) == 1


# --------------------------------------------------------------------------- updates


def _loaded_person(session: Session, client: AttioClient, emu: Emulator) -> Person:
    data = client.create_record("people", {"email_addresses": [{"email_address": "a@example.com"}]})
    person = session.load(Person, data)
    emu.journal.clear()
    return person


def test_appended_values_are_patched_alone(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        person = _loaded_person(session, client, emu)
        person.email_addresses.append("b@example.com")
        person.job_title = "CTO"
        session.commit()
    (entry,) = writes(emu)
    assert entry.method == "PATCH"
    assert entry.body["data"]["values"]["email_addresses"] == [{"email_address": "b@example.com"}]
    assert [e.email_address for e in person.email_addresses] == ["a@example.com", "b@example.com"]


def test_removed_values_are_put_with_the_full_list(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        person = _loaded_person(session, client, emu)
        person.email_addresses.append("b@example.com")
        session.commit()
        emu.journal.clear()
        person.email_addresses.remove(person.email_addresses[0])
        person.job_title = "CTO"
        session.commit()
    (entry,) = writes(emu)
    assert entry.method == "PUT"
    assert entry.body["data"]["values"]["email_addresses"] == [{"email_address": "b@example.com"}]
    stored = client.get_record("people", person.record_id)["values"]["email_addresses"]
    assert [v["email_address"] for v in stored] == ["b@example.com"]


def test_entry_updates_are_coalesced(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        entry = Pipeline(parent=Company(name="Acme"), tags=["hot"])
        session.add(entry)
        session.commit()
        emu.journal.clear()
        entry.note = "call back"
        entry.tags.append("warm")
        session.commit()
    (sent,) = writes(emu)
    assert (sent.method, sent.path) == ("PATCH", f"/v2/lists/pipeline/entries/{entry.entry_id}")
    assert entry.tags == ["hot", "warm"]


def test_server_response_refreshes_objects(client: AttioClient) -> None:
    with Session(client) as session:
        acme = Company(name="Acme", domains=["https://www.Acme.com/about"])
        session.add(acme)
        session.commit()
    assert acme.id == RecordId(client.get_self()["workspace_id"], acme.id.object_id, acme.record_id)
    assert acme.web_url is not None and acme.record_id in acme.web_url
    assert acme.api_created_at is not None
    assert acme.domains[0].root_domain == "acme.com"
    assert session.get_cached(Company, acme.record_id) is acme


# --------------------------------------------------------------------------- deletes


def test_deletes_run_last_and_entries_before_their_parent(
    client: AttioClient, emu: Emulator
) -> None:
    with Session(client) as session:
        acme = Company(name="Acme")
        entry = Pipeline(parent=acme)
        session.add(entry)
        session.commit()
        emu.journal.clear()
        session.delete(acme)
        session.delete(entry)
        session.add(Company(name="Other"))
        session.commit()
    assert [m for m, _ in calls(emu)] == ["POST", "DELETE", "DELETE"]
    assert calls(emu)[1][1].startswith("/v2/lists/pipeline/entries/")
    assert calls(emu)[2][1] == f"/v2/objects/companies/records/{acme.record_id}"
    assert session.get_cached(Company, acme.record_id) is None


def test_deleting_a_new_object_sends_nothing(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        acme = Company(name="Acme")
        session.add(acme)
        session.delete(acme)
        assert len(session.commit()) == 0
    assert calls(emu) == []


# --------------------------------------------------------------------------- session API


def test_identity_map_gives_one_instance_per_record(client: AttioClient) -> None:
    record_id = _company(client)
    with Session(client) as session:
        first = session.load(Company, client.get_record("companies", record_id))
        second = session.load(Company, client.get_record("companies", record_id))
        assert first is second
        assert session.get_cached(Company, first.id) is first
        assert session.get_cached(Person, record_id) is None


def test_loading_again_keeps_unsaved_local_changes(client: AttioClient) -> None:
    record_id = _company(client)
    with Session(client) as session:
        acme = session.load(Company, client.get_record("companies", record_id))
        acme.name = "Local"
        client.patch_record("companies", record_id, {"description": [{"value": "remote"}]})
        session.load(Company, client.get_record("companies", record_id))
        assert (acme.name, acme.description) == ("Local", "remote")
        assert acme in session.dirty


def test_rollback_discards_pending_changes(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        acme = _loaded_company(session, client, emu)
        acme.name = "Changed"
        session.add(Company(name="New"))
        session.delete(acme)
        session.rollback()
        assert acme.name == "Acme" and not acme.is_dirty
        assert (session.new, session.dirty, session.deleted) == ([], [], [])
        assert len(session.commit()) == 0
    assert calls(emu) == []


def test_refresh_discards_local_changes(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        acme = _loaded_company(session, client, emu)
        acme.name = "Local"
        client.patch_record("companies", acme.record_id, {"name": [{"value": "Remote"}]})
        session.refresh(acme)
        assert acme.name == "Remote" and not acme.is_dirty


def test_expunge_stops_tracking(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        acme = _loaded_company(session, client, emu)
        acme.name = "Changed"
        session.expunge(acme)
        assert acme not in session
        assert len(session.commit()) == 0


def test_dry_run_sends_nothing(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        session.add(Company(name="Acme"))
        plan = session.commit(dry_run=True)
        assert isinstance(plan, Plan) and len(plan) == 1
        assert "POST /v2/objects/companies/records" in str(plan)
    assert calls(emu) == []


def test_progress_callback_sees_every_operation(client: AttioClient) -> None:
    seen: list[Progress] = []
    with Session(client) as session:
        session.add_all([Company(name=f"C{i}") for i in range(5)])
        session.commit(progress=seen.append)
    assert [p.done for p in seen] == [1, 2, 3, 4, 5]
    assert {p.total for p in seen} == {5} and seen[-1].fraction == 1.0
    assert all(p.result is not None and p.result.ok for p in seen)


def test_session_is_the_binding_in_context(client: AttioClient) -> None:
    assert current_binding.get() is None
    with Session(client) as session:
        assert current_binding.get() is session
        with Session(client) as inner:
            assert current_binding.get() is inner
        assert current_binding.get() is session
    assert current_binding.get() is None


def test_bad_input_fails_before_any_request(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        session.add(Deal(name="No stage"))
        with pytest.raises(RequiredFieldError, match="stage"):
            session.commit()
        session.rollback()
        with pytest.raises(SessionUsageError, match="match_on"):
            session.add(Deal(name="x"), upsert=True)
        with pytest.raises(SessionUsageError, match="no field 'nope'"):
            session.add(Person(), upsert="nope")
        session.add(Pipeline(note="orphan"))
        with pytest.raises(SessionUsageError, match="parent"):
            session.commit()
        with pytest.raises(SessionUsageError, match="Model and ListEntry"):
            session.add("not a model")
    assert calls(emu) == []


def test_get_or_create_and_update_or_create(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        ada, created = session.get_or_create(
            Person, email_addresses="ada@example.com", defaults={"job_title": "Countess"}
        )
        assert created and ada.record_id is not None
        assert calls(emu) == [("PUT", "/v2/objects/people/records")]
        again, created_again = session.get_or_create(Person, email_addresses="ada@example.com")
        assert again is ada and not created_again
        assert len(writes(emu)) == 1
        updated, created = session.update_or_create(
            Person, email_addresses="ada@example.com", defaults={"job_title": "Analyst"}
        )
        assert updated is ada and not created and ada.job_title == "Analyst"
    stored = client.get_record("people", ada.record_id)["values"]["job_title"]
    assert stored[0]["value"] == "Analyst"
    assert count_records(client, "people", {}) == 1


def test_bulk_create_sends_only_those_objects(client: AttioClient, emu: Emulator) -> None:
    with Session(client) as session:
        other = Company(name="Pending")
        session.add(other)
        made = session.bulk_create([Company(name=f"C{i}") for i in range(10)])
        assert len(writes(emu)) == 10
        assert all(c.record_id is not None for c in made)
        assert session.new == [other]


def test_workers_are_bounded_and_validated(emu: Emulator) -> None:
    with pytest.raises(SessionUsageError, match="max_workers"):
        Session(None, max_workers=0)
    with emu.client(clock=VirtualClock()) as limited:
        assert Session(limited).max_workers == 10  # 25 writes/s, 0.4 s of budget


def test_commit_error_lists_outcomes(client: AttioClient) -> None:
    with Session(client) as session:
        session.add(Person(company=Company.deferred(BOGUS)))
        with pytest.raises(CommitError) as caught:
            session.commit()
    (result,) = caught.value.results
    assert result.outcome is Outcome.FAILED
    assert "failed: #1 POST /v2/objects/people/records" in str(caught.value)


def test_changes_to_records_reached_through_references_are_sent(
    client: AttioClient, emu: Emulator
) -> None:
    company_id = _company(client)
    person = client.create_record(
        "people",
        {"company": [{"target_object": "companies", "target_record_id": company_id}]},
    )
    with Session(client) as session:
        ada = session.load(Person, person)
        emu.journal.clear()
        ada.company.description = "Set through the reference"
        assert ada.company in session.dirty
        session.commit()
    assert calls(emu) == [("PATCH", f"/v2/objects/companies/records/{company_id}")]
    ada_company = session.get_cached(Company, company_id)
    assert ada_company is not None and ada_company.id.object_id is not None
    # The deferred reference's partial id (no object_id) was replaced by the full one.
    partial = RecordId(ada_company.id.workspace_id, None, company_id)
    assert session.identity_map.get(partial) is None
    assert session.identity_map.get(ada_company.id) is ada_company


def test_an_object_belongs_to_one_session_at_a_time(client: AttioClient) -> None:
    acme = Company(name="Acme")
    first, second = Session(client), Session(client)
    first.add(acme)
    with pytest.raises(SessionUsageError, match="another session"):
        second.add(acme)
    first.expunge(acme)
    second.add(acme)
    assert acme in second and acme not in first


# ------------------------------------------------------- PATCHes that append (multiselects)


def _company_with_categories(client: AttioClient, emu: Emulator) -> Company:
    with Session(client) as session:
        acme = Company(name="Acme", domains=["acme.com"], categories=["B2B"])
        session.add(acme)
        session.commit()
    emu.journal.clear()
    return acme


def _categories(client: AttioClient, acme: Company) -> list[str]:
    values = client.get_record("companies", str(acme.record_id))["values"]
    return [v["option"]["title"] for v in values["categories"]]


def test_an_appending_patch_whose_response_is_lost_is_reread_not_resent(
    client: AttioClient, emu: Emulator
) -> None:
    acme = _company_with_categories(client, emu)
    emu.faults.drop_response(method="PATCH", path_prefix="/v2/objects/companies")
    with Session(client) as session:
        session.add(acme)
        acme.categories.append("SaaS")
        (op,) = session.plan().operations
        assert op.method == "PATCH"
        result = session.commit()
    # PATCH (applied, response lost), GET (the values are there): no second PATCH.
    assert [(e.method, e.status) for e in emu.journal] == [("PATCH", 200), ("GET", 200)]
    assert result.results[0].note == "outcome unknown; re-read: the appended values are there"
    assert acme.categories == ["B2B", "SaaS"] and not acme.is_dirty
    assert _categories(client, acme) == ["B2B", "SaaS"]


def test_an_appending_patch_that_failed_is_reread_then_sent_again(
    client: AttioClient, emu: Emulator
) -> None:
    acme = _company_with_categories(client, emu)
    emu.faults.server_error(503, method="PATCH", path_prefix="/v2/objects/companies")
    with Session(client) as session:
        session.add(acme)
        acme.categories.append("SaaS")
        result = session.commit()
    statuses = [(e.method, e.status) for e in emu.journal]
    assert statuses == [("PATCH", 503), ("GET", 200), ("PATCH", 200)]
    assert result.results[0].note == "outcome unknown; re-read: not applied, so sent again"
    assert _categories(client, acme) == ["B2B", "SaaS"]


def test_an_appending_patch_stays_pending_when_the_reread_fails(
    client: AttioClient, emu: Emulator
) -> None:
    acme = _company_with_categories(client, emu)
    emu.faults.drop_response(method="PATCH", path_prefix="/v2/objects/companies")
    emu.faults.server_error(503, times=20, method="GET", path_prefix="/v2/objects/companies")
    with Session(client) as session:
        session.add(acme)
        acme.categories.append("SaaS")
        with pytest.raises(CommitError) as info:
            session.commit()
        (failed,) = info.value.failed
        assert "AmbiguousWriteError" in type(failed.error).__name__
        assert acme.is_dirty  # nothing is dropped: the append is still pending
    assert [m for m, _ in calls(emu)] == ["PATCH"]  # never re-sent blindly


def test_a_patch_without_appends_keeps_the_clients_retries(
    client: AttioClient, emu: Emulator
) -> None:
    acme = _company_with_categories(client, emu)
    emu.faults.server_error(503, method="PATCH", path_prefix="/v2/objects/companies")
    with Session(client) as session:
        session.add(acme)
        acme.description = "Rockets"
        session.commit()
    assert [(e.method, e.status) for e in emu.journal] == [("PATCH", 503), ("PATCH", 200)]
