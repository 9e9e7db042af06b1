"""The demo's records: companies, their people and pipeline entries, made up but stable.

The same ``seed`` gives the same data, so the demo's output only changes when the code
does. Nothing here talks to Attio: it builds unsaved model instances for a session.

Example:
    >>> data = build_dataset(3, seed=1)
    >>> len(data.companies), len(data.people), len(data.opportunities)
    (3, 12, 3)
    >>> data.people[0].company is data.companies[0]
    True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from particle_orm.cli._demo_models import DemoCompany, DemoPerson, Opportunity, Stage, Tier

__all__ = ["PEOPLE_PER_COMPANY", "Dataset", "build_dataset"]

PEOPLE_PER_COMPANY = 4
"""People made for each company."""

_BRANDS = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell",
    "Cyberdyne", "Soylent", "Wonka", "Gringotts", "Aperture", "Massive", "Oscorp", "Nakatomi",
    "Monarch", "Duff", "Pied Piper",
)  # fmt: skip
_SUFFIXES = ("Labs", "Systems", "Industries", "Analytics", "Robotics", "Foods", "Capital")
_FIRST = (
    "Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Edsger", "Barbara", "Donald",
    "Frances", "Ken", "Radia", "Dennis", "Hedy", "Tim", "Sophie", "John", "Annie", "Guido",
    "Shafi",
)  # fmt: skip
_LAST = (
    "Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Dijkstra", "Liskov",
    "Knuth", "Allen", "Thompson", "Perlman", "Ritchie", "Lamarr", "Berners-Lee", "Wilson",
    "McCarthy", "Easley", "van Rossum", "Goldwasser",
)  # fmt: skip
_TITLES = ("CEO", "CTO", "VP Sales", "Engineer", "Designer", "Account Executive")
_TIER_HEADCOUNT = {Tier.ENTERPRISE: (1000, 20000), Tier.MID_MARKET: (200, 999), Tier.SMB: (5, 199)}
_STAGE_WEIGHTS = ((Stage.LEAD, 4), (Stage.QUALIFIED, 3), (Stage.WON, 2), (Stage.LOST, 1))


@dataclass
class Dataset:
    """Unsaved instances, companies first (people and entries reference them).

    Example:
        >>> Dataset([], [], []).total
        0
    """

    companies: list[DemoCompany]
    people: list[DemoPerson]
    opportunities: list[Opportunity]

    @property
    def total(self) -> int:
        """How many records and entries there are."""
        return len(self.companies) + len(self.people) + len(self.opportunities)


def _company_name(i: int) -> str:
    brand = _BRANDS[i % len(_BRANDS)]
    suffix = _SUFFIXES[(i // len(_BRANDS)) % len(_SUFFIXES)]
    rounds = i // (len(_BRANDS) * len(_SUFFIXES))
    return f"{brand} {suffix}" + (f" {rounds + 1}" if rounds else "")


def _domain(name: str) -> str:
    return name.lower().replace(" ", "-") + ".com"


def build_dataset(n_companies: int, *, seed: int = 2024) -> Dataset:
    """``n_companies`` companies, each with 4 people and one pipeline entry."""
    rng = random.Random(seed)
    stages = [s for s, w in _STAGE_WEIGHTS for _ in range(w)]
    companies: list[DemoCompany] = []
    people: list[DemoPerson] = []
    opportunities: list[Opportunity] = []
    for i in range(n_companies):
        name = _company_name(i)
        domain = _domain(name)
        tier = rng.choice(list(Tier))
        low, high = _TIER_HEADCOUNT[tier]
        # Attio input shapes (plain strings and numbers): the fields validate and convert.
        company_values: dict[str, Any] = {
            "name": name,
            "domains": [domain],
            "tier": tier,
            "headcount": rng.randint(low, high),
        }
        company = DemoCompany(**company_values)
        companies.append(company)
        for j in range(PEOPLE_PER_COMPANY):
            first = _FIRST[(i * PEOPLE_PER_COMPANY + j) % len(_FIRST)]
            last = rng.choice(_LAST)
            email = f"{first}.{last}".lower().replace(" ", "") + f"@{domain}"
            person_values: dict[str, Any] = {
                "name": f"{last}, {first}",
                "email_addresses": [email],
                "company": company,
                "job_title": _TITLES[j] if j < 2 else rng.choice(_TITLES[2:]),
            }
            people.append(DemoPerson(**person_values))
        amount = rng.randint(5, 250) * 1000
        entry_values: dict[str, Any] = {
            "parent": company,
            "stage": rng.choice(stages),
            "amount": amount,
        }
        opportunities.append(Opportunity(**entry_values))
    return Dataset(companies, people, opportunities)
