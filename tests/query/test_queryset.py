"""QuerySet building: immutability, compiled form, explain, repr, slicing arithmetic."""

from __future__ import annotations

import json

from particle_orm.standard import Deal, Person
from tests.query._models import Sale


def test_builders_return_new_querysets() -> None:
    base = Person.objects.all()
    filtered = base.filter(name="A")
    ordered = filtered.order_by("name")
    sliced = ordered[:5]
    assert base.query.filter is None and base.query.sorts is None
    assert filtered.query.filter == {"name": "A"} and filtered.query.sorts is None
    assert ordered.query.sorts == [{"direction": "asc", "attribute": "name"}]
    assert sliced.query.limit == 5 and ordered.query.limit is None
    assert base.prefetch_related("company")._prefetch == ("company",)
    assert base._prefetch == ()


def test_successive_filters_are_anded() -> None:
    qs = Person.objects.filter(name="A").filter(job_title="CTO").exclude(description="x")
    assert qs.query.filter == {
        "$and": [{"name": "A"}, {"job_title": "CTO"}, {"$not": {"description": "x"}}]
    }
    assert Person.objects.filter(name="A").filter(job_title="CTO").query.filter == {
        "name": "A",
        "job_title": "CTO",
    }


def test_explain_and_str() -> None:
    qs = Sale.objects.filter(stage="Won 🎉")[10:30]
    text = qs.explain()
    assert text.splitlines()[0] == "POST /v2/lists/sales/entries/query"
    body = json.loads(str(qs.query))
    assert body == {"filter": {"stage": "Won 🎉"}, "limit": 20, "offset": 10}
    assert "Won 🎉" in repr(qs)


def test_slice_arithmetic() -> None:
    qs = Person.objects.all()
    assert (qs[10:][5:8].query.offset, qs[10:][5:8].query.limit) == (15, 3)
    assert qs[10:20][15:30].query.limit == 0
    assert qs[:0].query.limit == 0
    assert qs[5:].query.limit is None


def test_prefetch_none_clears() -> None:
    qs = Person.objects.prefetch_related("company").prefetch_related(None)
    assert qs._prefetch == ()


def test_page_size_validation() -> None:
    import pytest

    from particle_orm.errors import QueryError

    with pytest.raises(QueryError):
        Person.objects.page_size(0)
    assert Person.objects.page_size(50).query.body()["limit"] == 50
    assert Person.objects.page_size(50)[:10].query.body()["limit"] == 10


def test_manager_is_per_model() -> None:
    assert Person.objects.model is Person and Deal.objects.model is Deal
    assert repr(Sale.objects) == "<Manager Sale>"


def test_explain_of_a_query_that_matches_nothing() -> None:
    qs = Person.objects.filter(record_id__in=[])
    assert qs.query.matches_nothing
    assert "matches nothing" in qs.explain()


def test_explain_mentions_prefetch() -> None:
    text = Person.objects.prefetch_related("company__team").explain()
    assert "prefetch 'company__team'" in text and "people" in text.splitlines()[-1]
