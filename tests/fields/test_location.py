from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue, QueryError
from particle_orm.values import FreeTextLocation, Location
from tests.fields.conftest import bind, env

KEYS = ["line_1", "line_2", "line_3", "line_4", "locality", "region", "postcode",
        "country_code", "latitude", "longitude"]  # fmt: skip


def test_decode_and_encode_all_ten_keys() -> None:
    raw = dict.fromkeys(KEYS)
    raw.update(line_1="5901 W Broad St", locality="Richmond", region="Virginia", country_code="US")
    f = bind(fields.Location())
    value = f.decode([env("location", **raw)])
    assert value == Location(
        line_1="5901 W Broad St", locality="Richmond", region="Virginia", country_code="US"
    )
    assert f.encode(value) == [raw]


@pytest.mark.parametrize("lat", ["90", "-90.0", "51.5074", "+1.5"])
def test_latitude_ok(lat: str) -> None:
    assert bind(fields.Location()).validate(Location(latitude=lat)).latitude == lat


@pytest.mark.parametrize(
    "bad",
    [
        Location(latitude="91"),
        Location(latitude="abc"),
        Location(longitude="181"),
        Location(country_code="usa"),
        Location(locality=3),  # type: ignore[arg-type]
        "",
        "   ",
        FreeTextLocation(""),
        FreeTextLocation(5),  # type: ignore[arg-type]
        b"1 Main St",
    ],
)
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.Location()).validate(bad)


def test_filter_properties() -> None:
    f = bind(fields.Location())
    assert f.filter_value(Location(locality="Cupertino", country_code="US")) == {
        "locality": "Cupertino",
        "country_code": "US",
    }
    assert f.filter_value("new york", "locality") == "new york"
    with pytest.raises(QueryError, match="latitude"):
        f.filter_value("1", "latitude")


def test_an_empty_location_is_refused_as_a_filter_before_sending() -> None:
    from particle_orm.errors import InvalidValue
    from particle_orm.standard import Person
    from particle_orm.values import Location

    with pytest.raises(InvalidValue, match="at least one filterable part"):
        Person.objects.filter(primary_location=Location()).explain()
    assert Person.objects.filter(primary_location=Location(locality="Paris")).query.filter == {
        "primary_location": {"locality": "Paris"}
    }


# ------------------------------------------------------------------ free-text addresses


@pytest.mark.parametrize(
    "given", ["1 Main St, Springfield", FreeTextLocation("1 Main St, Springfield")]
)
def test_an_address_string_is_sent_as_text_for_attio_to_parse(given: object) -> None:
    f = bind(fields.Location())
    value = f.validate(given)
    assert value == FreeTextLocation("1 Main St, Springfield")
    assert isinstance(value, Location)  # so the field's type still holds
    assert f.encode(value) == ["1 Main St, Springfield"]


def test_a_free_text_address_cannot_be_a_filter() -> None:
    from particle_orm.standard import Person

    with pytest.raises(InvalidValue, match="filters cannot parse text"):
        Person.objects.filter(primary_location="Paris").explain()


def test_free_text_round_trip_on_the_emulator(spec_contract: object) -> None:
    """Sent as a string (valid against the spec), read back parsed once saved."""
    from particle_orm import Session
    from particle_orm.client import AttioClient
    from particle_orm.emulator import Emulator
    from particle_orm.standard import Company
    from tests.contract import ContractTransport

    emu = Emulator(seed=3)
    transport = ContractTransport(emu.transport(), spec_contract)  # type: ignore[arg-type]
    with AttioClient(emu.token, transport=transport, rate_limits=None) as client:
        with Session(client) as session:
            company = Company(
                name="Initech", primary_location="1 Main St, Springfield, IL 62701, US"
            )
            session.add(company)
            assert company.primary_location == FreeTextLocation(
                "1 Main St, Springfield, IL 62701, US"
            )
            session.commit()
        loc = company.primary_location
        assert type(loc) is Location
        assert (loc.line_1, loc.locality, loc.region, loc.postcode, loc.country_code) == (
            "1 Main St", "Springfield", "IL", "62701", "US"
        )  # fmt: skip
        assert (
            Company.objects.using(client).get(primary_location__locality="Springfield").record_id
            == company.record_id
        )
