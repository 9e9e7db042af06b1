from __future__ import annotations

import pytest

from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.errors import RequiredFieldError
from particle_orm.models import ListEntry
from particle_orm.standard import Company, Deal, Person
from particle_orm.testing import (
    FactoryError,
    amake,
    assert_num_requests,
    make,
    make_many,
    register_factory,
    use_client,
)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=11)


@pytest.fixture
def client(emu: Emulator) -> AttioClient:
    return emu.client(rate_limits=None)


def test_make_creates_one_record_with_defaults(emu: Emulator, client: AttioClient) -> None:
    with assert_num_requests(1, emu) as seen:
        person = make(Person, client=client)
    assert seen.requests[0].method == "POST"
    assert person.record_id is not None and not person.is_dirty
    stored = Person.from_api(client.get_record("people", person.record_id))
    assert stored.name == person.name
    assert stored.name is not None and stored.name.full_name.startswith("Test Person")
    assert stored.email_addresses[0].email_address.endswith("@example.com")


def test_defaults_are_unique_per_call(client: AttioClient) -> None:
    a, b = make(Company, client=client), make(Company, client=client)
    assert a.name != b.name
    assert a.domains != b.domains  # domains are unique in Attio: a clash would be a 400


def test_overrides_win(client: AttioClient) -> None:
    acme = make(Company, client=client, name="Acme", domains=["acme.com"])
    assert acme.name == "Acme"
    assert [d.domain for d in acme.domains] == ["acme.com"]


def test_references_to_made_records(client: AttioClient) -> None:
    acme = make(Company, client=client)
    ada = make(Person, client=client, company=acme)
    assert ada.company is not None and ada.company.record_id == acme.record_id


def test_required_fields_fail_before_any_request(emu: Emulator, client: AttioClient) -> None:
    with assert_num_requests(0, emu), pytest.raises(RequiredFieldError, match="owner"):
        make(Deal, client=client)


def test_deal_with_an_owner(emu: Emulator, client: AttioClient) -> None:
    member = client.list_workspace_members()[0]["email_address"]
    deal = make(Deal, client=client, owner=member)
    assert deal.stage == "Lead"


def test_unknown_fields_are_named(emu: Emulator, client: AttioClient) -> None:
    with assert_num_requests(0, emu), pytest.raises(FactoryError, match="nickname"):
        make(Person, client=client, nickname="x")


def test_no_client_is_a_clear_error() -> None:
    with pytest.raises(FactoryError, match="no client; pass client="):
        make(Person)


def test_use_client_sets_the_default(emu: Emulator, client: AttioClient) -> None:
    with use_client(client), assert_num_requests(1, emu):
        make(Company)
    with pytest.raises(FactoryError):
        make(Company)


def test_an_object_with_a_client_attribute_is_accepted(client: AttioClient) -> None:
    class Holder:
        def __init__(self, client: AttioClient) -> None:
            self.client = client

    assert make(Company, client=Holder(client)).record_id is not None


def test_wrong_client_types_are_named(emu: Emulator) -> None:
    with pytest.raises(FactoryError, match="got str"):
        make(Company, client="https://api.attio.com")
    with pytest.raises(FactoryError, match="amake"):
        make(Company, client=emu.async_client())


def test_list_entries_are_refused_with_a_pointer() -> None:
    class Row(ListEntry):
        class Meta:
            list = "sales"
            parent = Company

    with pytest.raises(FactoryError, match="create_entry"):
        make(Row)  # type: ignore[type-var]


def test_non_models_are_rejected() -> None:
    with pytest.raises(TypeError, match="Model subclass"):
        make(dict)  # type: ignore[type-var]


def test_make_many(emu: Emulator, client: AttioClient) -> None:
    with assert_num_requests(3, emu):
        companies = make_many(Company, 3, client=client, description="bulk")
    assert len({c.record_id for c in companies}) == 3
    assert {c.description for c in companies} == {"bulk"}
    with pytest.raises(ValueError, match="count"):
        make_many(Company, -1, client=client)


def test_registered_defaults_follow_subclasses(client: AttioClient) -> None:
    class Vendor(Company):
        pass

    register_factory(Vendor, name=lambda n: f"Vendor {n}", domains=lambda n: [f"v{n}.test"])
    try:
        vendor = make(Vendor, client=client)
        assert vendor.name is not None and vendor.name.startswith("Vendor ")

        class LocalVendor(Vendor):
            pass

        local = make(LocalVendor, client=client)
        assert local.name is not None and local.name.startswith("Vendor ")
    finally:
        from particle_orm.testing import _factories

        _factories._registry.pop(Vendor, None)


def test_register_factory_checks_field_names() -> None:
    with pytest.raises(FactoryError, match="nickname"):
        register_factory(Person, nickname="x")
    with pytest.raises(TypeError):
        register_factory(dict)  # type: ignore[arg-type]


async def test_amake_creates_through_the_async_client(emu: Emulator) -> None:
    client = emu.async_client(rate_limits=None)
    with assert_num_requests(1, emu):
        person = await amake(Person, client=client, job_title="CTO")
    assert person.job_title == "CTO"
    with pytest.raises(FactoryError, match="make"):
        await amake(Person, client=emu.client())


def test_inside_a_session_make_returns_the_sessions_instance(client: AttioClient) -> None:
    from particle_orm import Session

    other = Emulator(seed=12).client(rate_limits=None)
    with use_client(other), Session(client) as session:
        acme = make(Company, name="Acme")  # the session in context wins over use_client
        assert session.get_cached(Company, acme.id) is acme
        assert Company.objects.get(name="Acme") is acme  # the identity map gives it back
        acme.name = "Acme Ltd"
        session.commit()
    assert client.get_record("companies", acme.record_id)["values"]["name"][0]["value"] == (
        "Acme Ltd"
    )
    assert other.query_records("companies", filter={"name": "Acme"}) == []


def test_client_equals_session_loads_into_it(client: AttioClient) -> None:
    from particle_orm import Session

    session = Session(client)
    person = make(Person, client=session)
    assert session.get_cached(Person, person.id) is person
    assert make(Person, client=client) is not None  # a bare client still works


async def test_amake_inside_an_async_session(emu: Emulator) -> None:
    from particle_orm import AsyncSession

    async with emu.async_client(rate_limits=None) as aclient, AsyncSession(aclient) as session:
        made = await amake(Company, name="Async Co")
        assert session.get_cached(Company, made.id) is made
