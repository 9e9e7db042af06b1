"""``Q`` combination rules and how trees compile ($and/$or/$not folding)."""

from __future__ import annotations

from particle_orm.query import Q, compile_filter
from particle_orm.standard import Company, Person


def test_empty_q_is_the_identity() -> None:
    q = Q(name="Acme")
    assert (q & Q()) == q and (Q() | q) == q
    assert not Q() and Q(name="x")


def test_chains_stay_flat() -> None:
    q = Q(a=1) & Q(b=2) & Q(c=3)
    assert q.connector == "AND" and len(q.children) == 3
    q = Q(a=1) | Q(b=2) | Q(c=3)
    assert q.connector == "OR" and len(q.children) == 3
    assert (~~Q(a=1)) == Q(a=1)


def test_kwargs_are_sorted_so_json_is_stable() -> None:
    assert Q(b=1, a=2).children == [("a", 2), ("b", 1)]


def test_compiled_forms() -> None:
    f = compile_filter(Company, [Q(name="A") | Q(name="B") | Q(domains="b.com")])
    assert f == {"$or": [{"name": "A"}, {"name": "B"}, {"domains": "b.com"}]}
    f = compile_filter(Company, [~~Q(name="A")])
    assert f == {"name": "A"}
    f = compile_filter(Company, [Q(name="A"), Q(name__contains="B")])
    assert f == {"$and": [{"name": "A"}, {"name": {"$contains": "B"}}]}
    f = compile_filter(Person, [~Q(name="A", job_title="CTO")])
    assert f == {"$not": {"job_title": "CTO", "name": "A"}}
    assert compile_filter(Person, []) is None
    assert compile_filter(Person, [Q()]) is None


def test_nothing_and_everything_fold() -> None:
    from particle_orm.query._lookups import NOTHING

    assert compile_filter(Person, [Q(record_id__in=[])]) is NOTHING
    assert compile_filter(Person, [Q(record_id__in=[]) | Q(name="A")]) == {"name": "A"}
    assert compile_filter(Person, [~Q(record_id__in=[])]) is None
    assert compile_filter(Person, [~Q(record_id__in=[]) | Q(name="A")]) is None
    assert compile_filter(Person, [Q(record_id__in=[]) & Q(name="A")]) is NOTHING


def test_repr() -> None:
    assert repr(~Q(a=1)) == "<Q: (NOT (AND: ('a', 1)))>"


def test_operators_on_one_single_value_attribute_merge() -> None:
    from datetime import datetime, timezone

    t1 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    t2 = datetime(2024, 2, 1, tzinfo=timezone.utc)
    f = compile_filter(Person, [Q(created_at__gte=t1, created_at__lt=t2)])
    assert f == {
        "created_at": {
            "$gte": "2024-01-01T00:00:00.000000000Z",
            "$lt": "2024-02-01T00:00:00.000000000Z",
        }
    }
    f = compile_filter(
        Person, [Q(name__first_name__startswith="A", name__first_name__endswith="n")]
    )
    assert f == {"name": {"first_name": {"$starts_with": "A", "$ends_with": "n"}}}


def test_operators_on_a_multiselect_stay_separate() -> None:
    # "some address starts with a and some ends with z" is not "one address does both".
    f = compile_filter(Person, [Q(email_addresses__startswith="a", email_addresses__endswith="z")])
    assert f == {
        "$and": [
            {"email_addresses": {"$ends_with": "z"}},
            {"email_addresses": {"$starts_with": "a"}},
        ]
    }


def test_repeated_operator_is_not_merged() -> None:
    want = {"$and": [{"name": {"$contains": "a"}}, {"name": {"$contains": "b"}}]}
    assert compile_filter(Company, [Q(Q(name__contains="a"), Q(name__contains="b"))]) == want
    assert compile_filter(Company, [Q(name__contains="a") & Q(name__contains="b")]) == want
