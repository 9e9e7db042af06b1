from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from tests.fields.conftest import bind, env


def test_decode_takes_active_value() -> None:
    f = bind(fields.Text())
    raw = [
        env("text", active_until="2025-01-01T00:00:00.000000000Z", value="old"),
        env("text", value="new"),
    ]
    assert f.decode(raw) == "new"


def test_decode_empty_is_none() -> None:
    assert bind(fields.Text()).decode([]) is None


def test_digits_stay_text() -> None:
    assert bind(fields.Text()).decode([env("text", value="0")]) == "0"


def test_encode_and_filter() -> None:
    f = bind(fields.Text())
    assert f.encode("hi") == [{"value": "hi"}]
    assert f.encode(None) == []
    assert f.filter_value("hi") == "hi"


@pytest.mark.parametrize("bad", [1, 1.5, b"x", ["a"], True])
def test_validate_rejects_non_str_naming_model_field_value(bad: object) -> None:
    f = bind(fields.Text(slug="job"), name="job_title")
    with pytest.raises(InvalidValue) as info:
        f.validate(bad)
    err = info.value
    assert (err.model, err.field, err.slug, err.value) == ("Widget", "job_title", "job", bad)
    assert "Widget.job_title" in str(err) and "a str" in str(err)
