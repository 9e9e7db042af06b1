from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import Instant
from tests.fields.conftest import bind, env

NANO = "2025-07-22T15:07:00.895000123Z"


def test_nanoseconds_round_trip_exactly() -> None:
    f = bind(fields.Timestamp())
    value = f.decode([env("timestamp", value=NANO)])
    assert isinstance(value, Instant)
    assert (value.microsecond, value.nanosecond) == (895000, 123)
    assert f.encode(value) == [{"value": NANO}]
    assert value.isoformat() == NANO and str(value) == NANO


def test_nanoseconds_take_part_in_ordering_and_equality() -> None:
    a = Instant.parse("2025-07-22T15:07:00.895000122Z")
    b = Instant.parse(NANO)
    assert a < b and b > a and a != b and a <= b and b >= a
    assert len({a, b}) == 2


def test_equal_to_plain_datetime_when_no_nanoseconds() -> None:
    plain = datetime(2025, 7, 22, 15, 7, tzinfo=timezone.utc)
    inst = Instant.parse("2025-07-22T15:07:00.000000000Z")
    assert inst == plain and hash(inst) == hash(plain)
    assert Instant.parse("2025-07-22T15:07:00.000000001Z") != plain


def test_pickle_keeps_nanoseconds() -> None:
    value = Instant.parse(NANO)
    assert pickle.loads(pickle.dumps(value)).isoformat() == NANO


def test_epoch_round_trip() -> None:
    value = Instant.parse(NANO)
    assert Instant.from_epoch_ns(value.epoch_ns()) == value


def test_aware_datetime_converted_to_utc() -> None:
    tz = timezone(timedelta(hours=2))
    f = bind(fields.Timestamp())
    got = f.validate(datetime(2023, 1, 2, 15, 0, tzinfo=tz))
    assert f.encode(got) == [{"value": "2023-01-02T13:00:00.000000000Z"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01-02T13:00:00Z", "2023-01-02T13:00:00.000000000Z"),
        ("2023-01-02T13:00", "2023-01-02T13:00:00.000000000Z"),
        ("2023-01-02", "2023-01-02T00:00:00.000000000Z"),
        ("2023-01-02T23:00:00-10:00", "2023-01-03T09:00:00.000000000Z"),
        ("2023-01-02T13:00:00.5+00:00", "2023-01-02T13:00:00.500000000Z"),
    ],
)
def test_parse_forms(text: str, expected: str) -> None:
    assert Instant.parse(text).isoformat() == expected


def test_naive_datetime_rejected() -> None:
    with pytest.raises(InvalidValue, match="naive"):
        bind(fields.Timestamp()).validate(datetime(2024, 1, 1))


@pytest.mark.parametrize("bad", ["yesterday", 1700000000, "2024-13-01T00:00:00Z"])
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.Timestamp()).validate(bad)


def test_filter_value_has_date_and_time() -> None:
    assert bind(fields.Timestamp()).filter_value("2023-11-24") == "2023-11-24T00:00:00.000000000Z"
