"""The query layer under a real ``Session``: loads go through its identity map."""

from __future__ import annotations

from typing import Any

from particle_orm.session import Session
from particle_orm.standard import Company, Person


def test_session_queries_share_instances(world: dict[str, Any], client: Any, emu: Any) -> None:
    with Session(client) as session:
        first = Person.objects.get(email_addresses="john@acme.com")
        again = session.query(Person).filter(name__first_name="John").first()
        assert again is first
        company = Company.objects.get(pk=world["acme"])
        emu.journal.clear()
        # The reference is deferred, but the session already holds the company: no GET.
        assert first.company.name == "Acme Ltd"
        assert len(emu.journal) == 0
        assert session.get_cached(Company, world["acme"]) is company


def test_session_prefetch_skips_known_records(world: dict[str, Any], client: Any, emu: Any) -> None:
    with Session(client):
        Company.objects.get(pk=world["apple"])
        emu.journal.clear()
        rows = list(
            Person.objects.filter(email_addresses__domain="apple.com").prefetch_related("company")
        )
        assert rows[0].company.name == "Apple Inc"
        # One people query; Apple was in the identity map, so no company batch.
        assert [e.path for e in emu.journal] == ["/v2/objects/people/records/query"]
