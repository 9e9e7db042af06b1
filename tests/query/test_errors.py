"""Bad queries fail where they are written, with messages naming what is wrong, and
before any request is sent."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest

import particle_orm.query  # noqa: F401
from particle_orm.errors import InvalidValue, QueryError
from particle_orm.query import Q
from particle_orm.standard import Company, Deal, Person
from tests.query._models import Gadget, Sale


@pytest.mark.parametrize(
    ("model", "key", "value", "needles"),
    [
        (Gadget, "count__contains", "1", ["Gadget.count: lookup 'contains'", "Number", "gt"]),
        (Gadget, "title__gt", "a", ["'gt'", "Text", "startswith"]),
        (Gadget, "title__isnull", True, ["'isnull'", "contains"]),
        (Gadget, "active__in", [True], ["'in'", "Checkbox", "supported: exact"]),
        (Gadget, "color__contains", "R", ["'contains'", "Select", "since"]),
        (Gadget, "site__latitude", "1", ["latitude", "properties"]),
        (Gadget, "site__country_code__contains", "U", ["country_code", "startswith"]),
        (Gadget, "site__contains", "x", ["'contains'", "Location"]),
        (Gadget, "keeper__contains", "x", ["ActorReference", "exact, in"]),
        (Person, "phone_numbers__country_code__contains", "G", ["country_code", "isnull"]),
        (Person, "phone_numbers__isnull", True, ["'isnull'", "PhoneNumber"]),
        (Person, "email_addresses__isnull", True, ["'isnull'", "EmailAddress"]),
        (Person, "company__isnull", True, ["'isnull'", "Reference", "exact, in"]),
        (Person, "nickname", "x", ["Person has no field 'nickname'", "email_addresses"]),
        (Person, "name__middle_name", "x", ["'middle_name'", "first_name"]),
        (Person, "associated_deals__name", "x", []),
        (Person, "last_email_interaction", "x", ["'exact'", "Interaction"]),
        (Deal, "stage__gt", "Lead", ["'gt'", "Status", "before"]),
        (Gadget, "title", None, ["cannot filter on None", "Text"]),
        (Sale, "parent__gt", "x", ["only exact and in"]),
    ],
)
def test_unsupported_lookups_raise_query_error(
    model: type[Any], key: str, value: Any, needles: list[str]
) -> None:
    if not needles:  # a valid key, kept to prove the table is not all failures
        model.objects.filter(**{key: value})
        return
    with pytest.raises(QueryError) as info:
        model.objects.filter(**{key: value})
    for needle in needles:
        assert needle in str(info.value)


@pytest.mark.parametrize(
    ("model", "key", "value", "needle"),
    [
        (Gadget, "count", "five", "Gadget.count"),
        (Gadget, "count__gt", float("nan"), "finite"),
        (Gadget, "stars", 9, "0 to 5"),
        (Gadget, "launched", datetime(2024, 1, 1), "not a datetime"),
        (Gadget, "seen_at__gte", datetime(2024, 1, 1), "naive"),
        (Gadget, "title", 3, "a str"),
        (Gadget, "title__in", "abc", "a list"),
        (Gadget, "title__contains", "", "non-empty"),
        (Gadget, "count__range", (1, 2, 3), "(low, high)"),
        (Gadget, "color__since", "yesterday", "ISO 8601"),
        (Gadget, "site__country_code", "USA", "alpha-2"),
        (Gadget, "keeper", "ada@example.com", "filters need both"),
        (Company, "domains__isnull", "yes", "True or False"),
        (Person, "email_addresses", "not-an-email", "email"),
        (Person, "name", "  ", "non-empty"),
    ],
)
def test_bad_values_raise_invalid_value(
    model: type[Any], key: str, value: Any, needle: str
) -> None:
    with pytest.raises(InvalidValue) as info:
        model.objects.filter(**{key: value})
    assert needle in str(info.value)


def test_errors_come_before_any_request(world: dict[str, Any], emu: Any) -> None:
    with pytest.raises(QueryError):
        Gadget.objects.filter(count__contains="1")
    with pytest.raises(InvalidValue):
        Gadget.objects.filter(stars=7)
    with pytest.raises(QueryError):
        Gadget.objects.order_by("?")
    assert len(emu.journal) == 0


@pytest.mark.parametrize(
    ("key", "needle"),
    [
        ("?", "random ordering"),
        ("nickname", "no field 'nickname'"),
        ("name__first_name__x", "nothing can follow"),
        ("name__middle", "'middle' is not a property"),
        ("associated_deals__name", ""),
    ],
)
def test_bad_orderings(key: str, needle: str) -> None:
    if not needle:
        assert Person.objects.order_by(key).query.sorts
        return
    with pytest.raises(QueryError) as info:
        Person.objects.order_by(key)
    assert needle in str(info.value)


def test_following_a_multi_target_reference_is_refused() -> None:
    from particle_orm import fields
    from particle_orm.models import Model

    class Note(Model):
        class Meta:
            object = "notes_for_query_test"

        about: fields.Reference[Any] = fields.Reference(Person, Company)

    with pytest.raises(QueryError, match="several objects"):
        Note.objects.filter(about__name="x")


def test_slicing_rules() -> None:
    qs = Person.objects.all()[5:10]
    with pytest.raises(QueryError, match="slice"):
        qs.filter(name="x")
    with pytest.raises(QueryError, match="slice"):
        qs.order_by("name")
    with pytest.raises(QueryError, match="negative"):
        Person.objects.all()[-1:]
    with pytest.raises(QueryError, match="negative"):
        Person.objects.all()[-1]
    with pytest.raises(QueryError, match="step"):
        Person.objects.all()[::2]
    with pytest.raises(TypeError):
        Person.objects.all()["a"]  # type: ignore[call-overload]


def test_truth_value_is_refused() -> None:
    with pytest.raises(TypeError, match="exists"):
        bool(Person.objects.all())


def test_q_rejects_non_q_arguments() -> None:
    with pytest.raises(TypeError):
        Q({"name": "x"})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Q(name="x") & {"name": "y"}  # type: ignore[operator]


def test_abstract_models_have_no_manager() -> None:
    from particle_orm.models import Model

    with pytest.raises(AttributeError, match="abstract"):
        Model.objects  # noqa: B018
    with pytest.raises(AttributeError, match="instances"):
        Person().objects  # noqa: B018


def test_values_unknown_field() -> None:
    with pytest.raises(QueryError, match="nickname"):
        Person.objects.values("nickname")
    with pytest.raises(QueryError, match="exactly one"):
        Person.objects.values_list("name", "job_title", flat=True)


def test_prefetch_of_non_reference() -> None:
    with pytest.raises(QueryError, match="not a reference"):
        Person.objects.prefetch_related("name")
    with pytest.raises(QueryError, match="company"):
        Person.objects.prefetch_related("nope")


def test_date_for_timestamp_is_midnight_utc() -> None:
    qs = Gadget.objects.filter(seen_at__gte=date(2024, 5, 6))
    assert qs.query.filter == {"seen_at": {"$gte": "2024-05-06T00:00:00.000000000Z"}}


@pytest.mark.parametrize(
    ("build", "needle"),
    [
        (lambda: Person.objects.filter(nmae="x"), "has no field 'nmae'; did you mean 'name'?"),
        (
            lambda: Person.objects.filter(name__frist_name="Ada"),
            "did you mean 'first_name'?",
        ),
        (
            lambda: Person.objects.filter(job_title__icontain="x"),
            "did you mean 'icontains' or 'contains'?",
        ),
        (lambda: Person.objects.order_by("-job_titel"), "did you mean 'job_title'?"),
        (lambda: Sale.objects.filter(parnet__name="x"), "did you mean 'parent'?"),
    ],
)
def test_typos_get_a_suggestion(build: Any, needle: str) -> None:
    with pytest.raises(QueryError, match=re.escape(needle)):
        build().explain()


def test_no_suggestion_when_nothing_is_close() -> None:
    with pytest.raises(QueryError) as info:
        Person.objects.filter(zzzz="x").explain()
    assert "did you mean" not in str(info.value)
