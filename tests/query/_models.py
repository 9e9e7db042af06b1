"""Test models for the query tests: list entries and a self-referencing object."""

from __future__ import annotations

from particle_orm import fields
from particle_orm.models import ListEntry, Model
from particle_orm.standard import Company, Person
from particle_orm.values import Actor, Option, StatusValue


class Sale(ListEntry):
    """An entry of the ``sales`` list (parent: companies)."""

    class Meta:
        list = "sales"
        parent = Company

    stage: fields.Status[StatusValue | None] = fields.Status()
    tags: fields.Select[list[Option]] = fields.Select(many=True)
    amount: fields.Number = fields.Number()


class Candidate(ListEntry):
    """An entry of the ``candidates`` list (parent: people)."""

    class Meta:
        list = "candidates"
        parent = Person

    status: fields.Status[StatusValue | None] = fields.Status()


class Staff(Model):
    """People with a self-reference (``manager``) for nested path examples."""

    class Meta:
        object = "people"

    name: fields.PersonalName = fields.PersonalName()
    manager: fields.Reference[Staff | None] = fields.Reference("tests.query._models.Staff")


class Gadget(Model):
    """The ``gadgets`` test object: one attribute per writable type."""

    class Meta:
        object = "gadgets"

    record_id: fields.Text = fields.Text(read_only=True)
    created_at: fields.Timestamp = fields.Timestamp(read_only=True)
    title: fields.Text = fields.Text()
    count: fields.Number = fields.Number()
    active: fields.Checkbox = fields.Checkbox()
    price: fields.Currency = fields.Currency(currency="USD")
    launched: fields.Date = fields.Date()
    seen_at: fields.Timestamp = fields.Timestamp()
    stars: fields.Rating = fields.Rating()
    color: fields.Select[Option | None] = fields.Select()
    labels: fields.Select[list[Option]] = fields.Select(many=True)
    maker: fields.Reference[Company | None] = fields.Reference(Company)
    keeper: fields.ActorReference[Actor | None] = fields.ActorReference()
    site: fields.Location = fields.Location()
