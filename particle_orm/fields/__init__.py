"""Field classes: one per Attio attribute type, all ``Field[T]`` descriptors.

=================  ==================  ==========================================
field              Attio type          Python value (``particle_orm.values``)
=================  ==================  ==========================================
Text               text                ``str``
Number             number              ``float`` (Attio stores 64-bit floats)
Checkbox           checkbox            ``bool``
Currency           currency            ``Money(amount: Decimal, currency)``
Date               date                ``datetime.date``
Timestamp          timestamp           ``Instant`` (UTC datetime + nanoseconds)
Rating             rating              ``int`` 0..5
Status             status              ``StatusValue`` (str) or your ``Enum``
Select             select              ``Option`` (str) or your ``Enum``; many
Reference          record-reference    a (deferred) model instance; many
ActorReference     actor-reference     ``Actor``; many
Location           location            ``Location``
Domain             domain              ``Domain``; many
EmailAddress       email-address       ``Email``; many
PhoneNumber        phone-number        ``PhoneNumber``; many
Interaction        interaction         ``Interaction`` (read-only)
PersonalName       personal-name       ``PersonalName``
=================  ==================  ==========================================

Example:
    >>> from particle_orm import fields
    >>> fields.EmailAddress(many=True).attribute_type
    'email-address'
    >>> len(fields.FIELD_TYPES)
    17
"""

from __future__ import annotations

from particle_orm.fields._actor import ActorReference
from particle_orm.fields._base import MISSING, Field
from particle_orm.fields._checkbox import Checkbox
from particle_orm.fields._currency import Currency
from particle_orm.fields._date import Date
from particle_orm.fields._domain import Domain
from particle_orm.fields._email import EmailAddress
from particle_orm.fields._interaction import Interaction
from particle_orm.fields._location import Location
from particle_orm.fields._number import Number
from particle_orm.fields._personal_name import PersonalName
from particle_orm.fields._phone import PhoneNumber
from particle_orm.fields._rating import Rating
from particle_orm.fields._reference import Reference
from particle_orm.fields._select import Select
from particle_orm.fields._status import Status
from particle_orm.fields._text import Text
from particle_orm.fields._timestamp import Timestamp
from particle_orm.fields._tracked import TrackedList

__all__ = [
    "FIELD_TYPES",
    "MISSING",
    "ActorReference",
    "Checkbox",
    "Currency",
    "Date",
    "Domain",
    "EmailAddress",
    "Field",
    "Interaction",
    "Location",
    "Number",
    "PersonalName",
    "PhoneNumber",
    "Rating",
    "Reference",
    "Select",
    "Status",
    "Text",
    "Timestamp",
    "TrackedList",
]

#: Attio attribute type → field class (schema introspection and code generation).
FIELD_TYPES: dict[str, type[Field[object]]] = {
    cls.attribute_type: cls  # type: ignore[misc]
    for cls in (
        Text,
        Number,
        Checkbox,
        Currency,
        Date,
        Timestamp,
        Rating,
        Status,
        Select,
        Reference,
        ActorReference,
        Location,
        Domain,
        EmailAddress,
        PhoneNumber,
        Interaction,
        PersonalName,
    )
}
