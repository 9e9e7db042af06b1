"""A custom object with one attribute of every creatable type, and arbitrary-value strategies.

``Gadget`` plus the standard ``Person``/``Company``/``Deal`` cover all 17 field classes
(``Interaction`` is read-only and tested through the standard models).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from hypothesis import strategies as st

from particle_orm import fields
from particle_orm.emulator import Emulator
from particle_orm.models import Model
from particle_orm.standard import Company, Deal, Person
from particle_orm.values import (
    Actor,
    Domain,
    Email,
    Location,
    Money,
    Option,
    PersonalName,
    PhoneNumber,
)

GADGET_OPTIONS = ("red", "blue")


def _attribute(slug: str, type_: str, *, multi: bool = False, **config: Any) -> dict[str, Any]:
    return {
        "title": slug,
        "api_slug": slug,
        "type": type_,
        "description": None,
        "is_required": False,
        "is_unique": False,
        "is_multiselect": multi,
        "config": config,
    }


GADGET_ATTRIBUTES = (
    _attribute("label", "text"),
    _attribute("size", "number"),
    _attribute("active", "checkbox"),
    _attribute(
        "price", "currency", currency={"default_currency_code": "USD", "display_type": "symbol"}
    ),
    _attribute("launched", "date"),
    _attribute("seen_at", "timestamp"),
    _attribute("stars", "rating"),
    _attribute("color", "select"),
    _attribute("tags", "select", multi=True),
    _attribute("maker", "record-reference", record_reference={"allowed_objects": ["companies"]}),
    _attribute("site", "location"),
    _attribute("phones", "phone-number", multi=True),
    _attribute("owner", "actor-reference"),
)


class Gadget(Model):
    """A record of the custom ``gadgets`` object."""

    class Meta:
        object = "gadgets"

    label: fields.Text = fields.Text()
    size: fields.Number = fields.Number()
    active: fields.Checkbox = fields.Checkbox()
    price: fields.Currency = fields.Currency(currency="USD")
    launched: fields.Date = fields.Date()
    seen_at: fields.Timestamp = fields.Timestamp()
    stars: fields.Rating = fields.Rating()
    color: fields.Select[Option | None] = fields.Select()
    tags: fields.Select[list[Option]] = fields.Select(many=True)
    maker: fields.Reference[Company | None] = fields.Reference(Company)
    site: fields.Location = fields.Location()
    phones: fields.PhoneNumber[list[PhoneNumber]] = fields.PhoneNumber(many=True)
    owner: fields.ActorReference[Actor | None] = fields.ActorReference()


def gadget_emulator() -> Emulator:
    """An emulator whose workspace has the ``gadgets`` object and its attributes."""
    emu = Emulator(seed=13)
    with emu.client(rate_limits=None) as client:
        client.create_object("gadgets", "Gadget", "Gadgets")
        for attribute in GADGET_ATTRIBUTES:
            client.create_attribute("objects", "gadgets", attribute)
        for slug in ("color", "tags"):
            for title in GADGET_OPTIONS:
                client.create_select_option("objects", "gadgets", slug, title)
    emu.journal.clear()
    return emu


#: (model, field name) for every writable field of every model under test.
WRITABLE: list[tuple[type[Model], str]] = [
    (model, name)
    for model in (Gadget, Person, Company, Deal)
    for name, field in model._meta.fields.items()
    if not field.read_only
]

#: Every field, read-only ones included (writing those must raise ReadOnlyFieldError).
ALL_FIELDS: list[tuple[type[Model], str]] = [
    (model, name) for model in (Gadget, Person, Company, Deal) for name in model._meta.fields
]


class _Opaque:
    """An object of a type no field knows."""

    def __repr__(self) -> str:
        return "<opaque>"


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-10, max_value=10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="+0123456789 -()", max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "red",
            "blue",
            "USD",
            "Lead",
            "2024-01-02",
            "2024-01-02T03:04:05Z",
            "ada@example.com",
            "acme.com",
            "+44 20 7946 0958",
            "GB",
            "Lovelace, Ada",
            "00000000-0000-4000-8000-000000000000",
            "\x00",
            "\ud7ff",
        ]
    ),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.times(),
    st.timedeltas(),
    st.uuids(),
    st.builds(_Opaque),
    st.just(Option("red")),
    st.just(Location(country_code="GB")),
    st.just(Actor("workspace-member", str(uuid.UUID(int=1)))),
    st.just(decimal.Decimal("1e400")),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=3),
        st.tuples(children, children),
        st.frozensets(st.integers(), max_size=2),
        st.dictionaries(
            st.sampled_from(["value", "currency_code", "first_name", "email_address", "x"]),
            children,
            max_size=3,
        ),
    )


#: Arbitrary values: scalars of every kind the fields know (and some they do not), nested.
anything = st.recursive(_scalars, _containers, max_leaves=6)


_short = st.text(max_size=12)
_maybe = st.one_of(st.none(), _short)

#: Values close to valid for each attribute type: what gets past validation and is sent.
_PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "text": st.text(),
    "number": st.one_of(st.integers(), st.floats(), st.decimals(), st.text(max_size=8)),
    "checkbox": st.one_of(st.booleans(), st.sampled_from(["true", "false", 0, 1])),
    "currency": st.one_of(
        st.decimals(),
        st.floats(),
        st.integers(),
        st.builds(Money, st.decimals(), st.sampled_from([None, "USD", "EUR", "usd", "XXX"])),
    ),
    "date": st.one_of(st.dates(), st.datetimes(), st.text(max_size=12)),
    "timestamp": st.one_of(
        st.datetimes(timezones=st.timezones()), st.dates(), st.text(max_size=30)
    ),
    "rating": st.one_of(st.integers(-2, 7), st.floats(-1, 6)),
    "status": st.one_of(st.sampled_from(["Lead", "Won 🎉", "lead", ""]), _short),
    "select": st.one_of(
        st.sampled_from(["red", "blue", "B2B", "SaaS", "", " red "]),
        _short,
        st.lists(st.sampled_from(["red", "blue", "B2B", "SaaS", "green"]), max_size=3),
    ),
    "record-reference": st.one_of(st.uuids(), st.text(max_size=40)),
    "actor-reference": st.one_of(
        st.sampled_from(["ada@example.com", "nobody@example.com"]),
        st.builds(Actor, st.sampled_from([None, "workspace-member", "api-token"]), _maybe),
    ),
    "location": st.builds(
        Location,
        line_1=_maybe,
        locality=_maybe,
        country_code=st.one_of(st.none(), st.sampled_from(["GB", "gb", "XX", ""])),
        latitude=st.one_of(st.none(), st.sampled_from(["51.5", "north", "91", "-0.0"])),
        longitude=st.one_of(st.none(), st.sampled_from(["-0.12", "181", "x"])),
    ),
    "phone-number": st.one_of(
        st.text(alphabet="+0123456789 -()", max_size=18),
        st.builds(PhoneNumber, st.text(max_size=18), st.sampled_from([None, "GB", "US", "zz"])),
        st.lists(st.text(alphabet="+0123456789", max_size=14), max_size=2),
    ),
    "email-address": st.one_of(
        st.emails(),
        st.text(max_size=20),
        st.builds(Email, st.emails()),
        st.lists(st.emails(), max_size=2),
    ),
    "domain": st.one_of(
        st.sampled_from(["acme.com", "https://acme.com/x", "ACME.COM", "acme", "a..b"]),
        st.builds(Domain, st.text(max_size=20)),
        st.lists(st.text(max_size=12), max_size=2),
    ),
    "personal-name": st.one_of(
        st.text(max_size=20),
        st.builds(PersonalName, _maybe, _maybe, _maybe),
    ),
}


def plausible(attribute_type: str) -> st.SearchStrategy[Any]:
    """Near-valid values for ``attribute_type`` mixed with arbitrary ones."""
    return st.one_of(_PLAUSIBLE.get(attribute_type, anything), anything)
