"""The demo's schema: custom attributes on companies and a ``pipeline`` list.

``DemoCompany`` adds a ``tier`` select and a ``headcount`` number to Attio's standard
companies; ``DemoPerson`` points its ``company`` reference at ``DemoCompany`` (so paths
like ``company__tier`` resolve); ``Opportunity`` is an entry of a ``pipeline`` list of
companies with a ``stage`` status and an ``amount`` in USD. ``particle-orm demo`` creates
the missing parts with :func:`particle_orm.schema.sync_models`.

Imported only by the demo: model classes register themselves process-wide.

Example:
    >>> Opportunity._meta.parent is DemoCompany
    True
"""

from __future__ import annotations

import enum

from particle_orm import fields
from particle_orm.models import ListEntry
from particle_orm.standard import Company, Person

__all__ = ["MODELS", "DemoCompany", "DemoPerson", "Opportunity", "Stage", "Tier"]


class Tier(enum.Enum):
    """Options of ``companies.tier``.

    Example:
        >>> Tier("SMB") is Tier.SMB
        True
    """

    ENTERPRISE = "Enterprise"
    MID_MARKET = "Mid-market"
    SMB = "SMB"


class Stage(enum.Enum):
    """Statuses of ``pipeline.stage``.

    Example:
        >>> Stage.WON.value
        'Won'
    """

    LEAD = "Lead"
    QUALIFIED = "Qualified"
    WON = "Won"
    LOST = "Lost"


class DemoCompany(Company):
    """A company with the demo's custom ``tier`` and ``headcount``.

    Example:
        >>> DemoCompany(name="Acme", tier="SMB").tier is Tier.SMB
        True
    """

    tier: fields.Select[Tier | None] = fields.Select(enum=Tier)
    headcount: fields.Number = fields.Number()


class DemoPerson(Person):
    """A person whose ``company`` is a :class:`DemoCompany`.

    Example:
        >>> DemoPerson._meta.fields["company"].targets[0] is DemoCompany
        True
    """

    company: fields.Reference[DemoCompany | None] = fields.Reference(DemoCompany)


class Opportunity(ListEntry):
    """An entry of the ``pipeline`` list (parent: a company).

    Example:
        >>> Opportunity(stage="Lead", amount=5000).amount.amount
        Decimal('5000')
    """

    class Meta:
        list = "pipeline"
        parent = DemoCompany

    stage: fields.Status[Stage | None] = fields.Status(enum=Stage)
    amount: fields.Currency = fields.Currency(currency="USD")


MODELS: tuple[type[DemoCompany] | type[DemoPerson] | type[Opportunity], ...] = (
    DemoCompany,
    DemoPerson,
    Opportunity,
)
"""The models ``demo`` syncs."""
