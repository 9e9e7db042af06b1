from __future__ import annotations

import pytest

from particle_orm.emulator import Emulator
from particle_orm.standard import Company, Person
from particle_orm.testing import FactoryError, fake_record
from tests.contract import SpecContract, contract_or_skip


@pytest.fixture(scope="module")
def spec_contract() -> SpecContract:
    return contract_or_skip()


def test_a_model_record_decodes_back(spec_contract: SpecContract) -> None:
    data = fake_record(Person, name="Lovelace, Ada", email_addresses=["ada@example.com"])
    spec_contract.validate_response(
        "GET", f"/v2/objects/people/records/{data['id']['record_id']}", 200, {"data": data}
    )
    ada = Person.from_api(data)
    assert ada.name is not None and ada.name.full_name == "Ada Lovelace"
    assert [e.email_domain for e in ada.email_addresses] == ["example.com"]
    assert ada.job_title is None


def test_slug_values_are_attio_input(spec_contract: SpecContract) -> None:
    data = fake_record("companies", name="Acme", domains=["https://www.acme.com/about"])
    spec_contract.validate_response(
        "GET", f"/v2/objects/companies/records/{data['id']['record_id']}", 200, {"data": data}
    )
    assert data["values"]["domains"][0]["root_domain"] == "acme.com"
    assert Company.from_api(data).name == "Acme"


def test_unique_values_can_repeat_across_fakes() -> None:
    a = fake_record(Company, domains=["same.example"])
    b = fake_record(Company, domains=["same.example"])
    assert a["id"]["record_id"] != b["id"]["record_id"]


def test_a_given_emulator_keeps_the_record() -> None:
    emu = Emulator(seed=5)
    emu.load_fixture(
        {"objects": [{"api_slug": "tickets", "singular_noun": "Ticket", "plural_noun": "Tickets"}]}
    )
    emu.load_fixture(
        {
            "attributes": {
                "objects/tickets": [
                    {
                        "title": "Title",
                        "api_slug": "title",
                        "type": "text",
                        "description": None,
                        "is_required": False,
                        "is_unique": False,
                        "is_multiselect": False,
                        "config": {},
                    }
                ]
            }
        }
    )
    data = fake_record("tickets", emulator=emu, title="Printer on fire")
    assert data["values"]["title"][0]["value"] == "Printer on fire"
    kept = emu.client().get_record("tickets", data["id"]["record_id"])
    assert kept["id"] == data["id"]


def test_unknown_objects_fail_with_the_api_message() -> None:
    with pytest.raises(FactoryError, match=r"widgets.*404.*not found"):
        fake_record("widgets", name="x")


def test_invalid_values_fail_before_any_request() -> None:
    from particle_orm.errors import InvalidValue

    with pytest.raises(InvalidValue, match="email"):
        fake_record(Person, email_addresses=["not an email"])


def test_unknown_model_fields_are_named() -> None:
    with pytest.raises(FactoryError, match="nickname"):
        fake_record(Person, nickname="Ada")


@pytest.mark.parametrize("bad", [None, 3, "", dict])
def test_the_object_must_be_a_slug_or_model(bad: object) -> None:
    with pytest.raises(TypeError, match="slug or a Model class"):
        fake_record(bad)  # type: ignore[arg-type]
