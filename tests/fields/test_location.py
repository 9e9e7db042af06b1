from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue, QueryError
from particle_orm.values import Location
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
        "1 Main St",
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
