"""The lookup registry: registration, MRO inheritance, caching, custom lookups."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm import fields
from particle_orm.errors import QueryError
from particle_orm.models import Model
from particle_orm.query import Lookup, get_lookups, register_lookup
from particle_orm.query._lookups import _class_lookups, _merged, all_lookup_names


class Slug(fields.Text):
    """A Text subclass: inherits Text's lookups."""


class Shout(Lookup):
    lookup_name = "shout"

    def as_filter(self, field: Any, value: Any) -> dict[str, Any]:
        return self.target.wrap({"$eq": self.prepare(field, value).upper()})


class Thing(Model):
    class Meta:
        object = "things_for_lookup_tests"

    code: Slug = Slug()
    label: fields.Text = fields.Text()


@pytest.fixture
def registered() -> Any:
    register_lookup(Slug, Shout)
    yield
    _class_lookups[Slug][None].pop("shout")
    _merged.cache_clear()
    all_lookup_names.cache_clear()


def test_subclasses_inherit_lookups() -> None:
    assert get_lookups(Slug) == get_lookups(fields.Text)
    assert Thing.objects.filter(code__startswith="ab").query.filter == {
        "code": {"$starts_with": "ab"}
    }


def test_custom_lookup_applies_to_its_class_only(registered: Any) -> None:
    assert "shout" in get_lookups(Slug) and "shout" not in get_lookups(fields.Text)
    assert Thing.objects.filter(code__shout="hi").query.filter == {"code": {"$eq": "HI"}}
    with pytest.raises(QueryError, match="shout"):
        Thing.objects.filter(label__shout="hi")


def test_registration_invalidates_the_cache() -> None:
    assert "shout" not in get_lookups(Slug)  # cached now
    register_lookup(Slug, Shout)
    try:
        assert "shout" in get_lookups(Slug)
    finally:
        _class_lookups[Slug][None].pop("shout")
        _merged.cache_clear()
        all_lookup_names.cache_clear()


def test_decorator_form_and_bad_names() -> None:
    @register_lookup(Slug, on=("nothing",))
    class Whisper(Lookup):
        lookup_name = "whisper"

    try:
        assert get_lookups(Slug, "nothing") == {"whisper": Whisper}
    finally:
        del _class_lookups[Slug]["nothing"]
        _merged.cache_clear()
        all_lookup_names.cache_clear()

    class Bad(Lookup):
        lookup_name = "a__b"

    with pytest.raises(TypeError):
        register_lookup(Slug, Bad)


def test_operator_table_matches_facts() -> None:
    """Spot checks of FACTS §3.3 (what is *not* there matters as much)."""
    assert sorted(get_lookups(fields.Checkbox)) == ["exact"]
    assert "in" in get_lookups(fields.Text) and "contains" not in get_lookups(fields.Number)
    assert sorted(get_lookups(fields.Location, "country_code")) == ["exact", "in", "startswith"]
    assert "isnull" in get_lookups(fields.PhoneNumber, "country_code")
    assert "isnull" not in get_lookups(fields.PhoneNumber, "phone_number")
    assert "gt" in get_lookups(fields.Status, "active_from")
    assert "gt" not in get_lookups(fields.Status)
    assert sorted(get_lookups(fields.Interaction)) == []
