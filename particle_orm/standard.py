"""Attio's standard objects: ``Person``, ``Company``, ``Deal``, ``User``, ``Workspace``.

Slugs are exact (FACTS §11; people checked against a real attribute listing). System and
enriched attributes are ``read_only``. Subclass to add your workspace's custom
attributes::

    class MyCompany(Company):
        google_rating: fields.Number = fields.Number(slug="google_rating_1")

Example:
    >>> Person._meta.fields["company"].targets[0] is Company
    True
    >>> Company._meta.fields_by_slug["team"].many
    True
"""

from __future__ import annotations

from particle_orm import fields
from particle_orm.models import Model
from particle_orm.values import Actor, Domain, Email, Option, StatusValue
from particle_orm.values import PhoneNumber as PhoneValue

__all__ = ["Company", "Deal", "Person", "User", "Workspace"]


class _SystemAttributes(Model):
    """``record_id``, ``created_at`` and ``created_by``: present on every object."""

    class Meta:
        abstract = True

    record_id: fields.Text = fields.Text(read_only=True, unique=True)
    created_at: fields.Timestamp = fields.Timestamp(read_only=True)
    created_by: fields.ActorReference[Actor | None] = fields.ActorReference(read_only=True)


class _Interactions(_SystemAttributes):
    """Enriched interaction and connection-strength attributes (people and companies)."""

    class Meta:
        abstract = True

    first_calendar_interaction: fields.Interaction = fields.Interaction()
    last_calendar_interaction: fields.Interaction = fields.Interaction()
    next_calendar_interaction: fields.Interaction = fields.Interaction()
    first_email_interaction: fields.Interaction = fields.Interaction()
    last_email_interaction: fields.Interaction = fields.Interaction()
    first_interaction: fields.Interaction = fields.Interaction()
    last_interaction: fields.Interaction = fields.Interaction()
    next_interaction: fields.Interaction = fields.Interaction()
    strongest_connection_strength_legacy: fields.Number = fields.Number(read_only=True)
    strongest_connection_strength: fields.Select[Option | None] = fields.Select(read_only=True)
    strongest_connection_user: fields.ActorReference[Actor | None] = fields.ActorReference(
        read_only=True
    )


class Person(_Interactions):
    """A person (``people``), matched on ``email_addresses`` for asserts.

    Example:
        >>> p = Person(name="Lovelace, Ada", email_addresses=["ada@example.com"])
        >>> p.name.full_name, p.email_addresses[0].email_domain
        ('Ada Lovelace', 'example.com')
    """

    class Meta:
        object = "people"
        match_on = "email_addresses"

    name: fields.PersonalName = fields.PersonalName()
    email_addresses: fields.EmailAddress[list[Email]] = fields.EmailAddress(many=True, unique=True)
    description: fields.Text = fields.Text()
    company: fields.Reference[Company | None] = fields.Reference("particle_orm.standard.Company")
    job_title: fields.Text = fields.Text()
    avatar_url: fields.Text = fields.Text(read_only=True)
    phone_numbers: fields.PhoneNumber[list[PhoneValue]] = fields.PhoneNumber(many=True)
    primary_location: fields.Location = fields.Location()
    angellist: fields.Text = fields.Text()
    facebook: fields.Text = fields.Text()
    instagram: fields.Text = fields.Text()
    linkedin: fields.Text = fields.Text()
    twitter: fields.Text = fields.Text()
    twitter_follower_count: fields.Number = fields.Number(read_only=True)
    associated_deals: fields.Reference[list[Deal]] = fields.Reference(
        "particle_orm.standard.Deal", many=True
    )
    associated_users: fields.Reference[list[User]] = fields.Reference(
        "particle_orm.standard.User", many=True
    )


class Company(_Interactions):
    """A company (``companies``), matched on ``domains`` for asserts. ``name`` is text.

    Example:
        >>> Company(domains=["https://acme.com/x"]).domains[0].domain
        'acme.com'
    """

    class Meta:
        object = "companies"
        match_on = "domains"

    name: fields.Text = fields.Text()
    domains: fields.Domain[list[Domain]] = fields.Domain(many=True, unique=True)
    description: fields.Text = fields.Text()
    team: fields.Reference[list[Person]] = fields.Reference(Person, many=True)
    categories: fields.Select[list[Option]] = fields.Select(many=True)
    primary_location: fields.Location = fields.Location()
    logo_url: fields.Text = fields.Text(read_only=True)
    angellist: fields.Text = fields.Text()
    facebook: fields.Text = fields.Text()
    instagram: fields.Text = fields.Text()
    linkedin: fields.Text = fields.Text()
    twitter: fields.Text = fields.Text()
    twitter_follower_count: fields.Number = fields.Number(read_only=True)
    estimated_arr_usd: fields.Select[Option | None] = fields.Select(read_only=True)
    funding_raised_usd: fields.Currency = fields.Currency(read_only=True)
    foundation_date: fields.Date = fields.Date(read_only=True)
    employee_range: fields.Select[Option | None] = fields.Select(read_only=True)
    associated_deals: fields.Reference[list[Deal]] = fields.Reference(
        "particle_orm.standard.Deal", many=True
    )
    associated_workspaces: fields.Reference[list[Workspace]] = fields.Reference(
        "particle_orm.standard.Workspace", many=True
    )


class Deal(_SystemAttributes):
    """A deal (``deals``; optional object). ``stage`` is Attio's only object status.

    Example:
        >>> Deal(name="Big", stage="Lead").stage == "Lead"
        True
    """

    class Meta:
        object = "deals"

    name: fields.Text = fields.Text(required=True)
    stage: fields.Status[StatusValue | None] = fields.Status(required=True)
    owner: fields.ActorReference[Actor | None] = fields.ActorReference(required=True)
    value: fields.Currency = fields.Currency(currency="USD")
    associated_people: fields.Reference[list[Person]] = fields.Reference(Person, many=True)
    associated_company: fields.Reference[Company | None] = fields.Reference(Company)


class User(_SystemAttributes):
    """A user of your product (``users``; optional object), matched on ``user_id``.

    ``primary_email_address`` is an email-address attribute (the docs disagree between
    text and email-address; Attio's standard users object holds addresses).

    Example:
        >>> User(user_id="u-1").user_id
        'u-1'
    """

    class Meta:
        object = "users"
        match_on = "user_id"

    person: fields.Reference[Person | None] = fields.Reference(Person)
    primary_email_address: fields.EmailAddress[Email | None] = fields.EmailAddress(
        required=True, unique=True
    )
    user_id: fields.Text = fields.Text(required=True, unique=True)
    workspace: fields.Reference[list[Workspace]] = fields.Reference(
        "particle_orm.standard.Workspace", many=True
    )


class Workspace(_SystemAttributes):
    """A workspace of your product (``workspaces``; optional), matched on ``workspace_id``.

    Example:
        >>> Workspace(workspace_id="w-1", name="Acme").name
        'Acme'
    """

    class Meta:
        object = "workspaces"
        match_on = "workspace_id"

    workspace_id: fields.Text = fields.Text(required=True, unique=True)
    name: fields.Text = fields.Text()
    users: fields.Reference[list[User]] = fields.Reference(User, many=True)
    company: fields.Reference[Company | None] = fields.Reference(Company)
    avatar_url: fields.Text = fields.Text(read_only=True)
