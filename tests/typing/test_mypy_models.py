"""Models type-check under ``mypy --strict`` (PEP 681), and misuse is reported.

Runs mypy in a subprocess on a small user module. One module must pass cleanly; a second
holds deliberate errors that mypy must report, each on its marked line.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CLEAN = """
from __future__ import annotations

from enum import Enum

from typing_extensions import assert_type

from particle_orm import fields
from particle_orm.models import ListEntry, Model
from particle_orm.query import MultipleObjectsReturned, ObjectDoesNotExist, QuerySet
from particle_orm.standard import Company, Person
from particle_orm.values import (
    Email,
    FreeTextLocation,
    Instant,
    Location,
    Money,
    Option,
    PersonalName,
)


class Tier(str, Enum):
    GOLD = "Gold"


class Ticket(Model):
    class Meta:
        object = "tickets"

    title: fields.Text = fields.Text(required=True)
    score: fields.Number = fields.Number()
    opened_at: fields.Timestamp = fields.Timestamp()
    price: fields.Currency = fields.Currency(currency="USD")
    tier: fields.Select[Tier | None] = fields.Select(enum=Tier)
    strict_tier: fields.Select[Tier | None] = fields.Select(enum=Tier, unknown="raise")
    stage: fields.Status[Tier | None] = fields.Status(enum=Tier, unknown="keep")
    site: fields.Location = fields.Location()
    tags: fields.Select[list[Option]] = fields.Select(many=True)
    watchers: fields.EmailAddress[list[Email]] = fields.EmailAddress(many=True)
    company: fields.Reference[Company | None] = fields.Reference(Company)
    people: fields.Reference[list[Person]] = fields.Reference(Person, many=True)
    later: fields.Reference[Company | None] = fields.Reference("Company")


class Row(ListEntry):
    class Meta:
        list = "rows"
        parent = Company

    note: fields.Text = fields.Text()


t = Ticket(title="x", score=1.5, tags=[], company=None)
assert_type(t.title, str | None)
assert_type(t.score, float | None)
assert_type(t.opened_at, Instant | None)
assert_type(t.price, Money | None)
assert_type(t.tier, Tier | None)
assert_type(t.strict_tier, Tier | None)
assert_type(t.stage, Tier | None)
assert_type(t.site, Location | None)
t.site = FreeTextLocation("1 Main St, Springfield")  # a Location subclass: type-checks
assert_type(t.tags, list[Option])
assert_type(t.watchers, list[Email])
assert_type(t.company, Company | None)
assert_type(t.people, list[Person])
assert_type(Ticket.title, fields.Text)
assert_type(Ticket.from_api({}), Ticket)
assert_type(Ticket.deferred("r"), Ticket)
p = Person(name=PersonalName("Ada", "Lovelace"))
assert_type(p.name, PersonalName | None)
assert_type(Company.deferred("c").team, list[Person])
r = Row(note="hi")
assert_type(r.note, str | None)
t.title = "y"
# Installed by particle_orm.query at import time, declared for type checkers (issue 10).
assert_type(Ticket.objects.filter(title="x").first(), Ticket | None)
assert_type(Row.objects.all(), QuerySet[Row])
assert_type(Ticket.DoesNotExist, type[ObjectDoesNotExist])
assert_type(Ticket.MultipleObjectsReturned, type[MultipleObjectsReturned])
assert_type(t.fetch(), Ticket)
"""

BROKEN = """
from __future__ import annotations

from enum import Enum
from typing import Any

from particle_orm import fields
from particle_orm.models import Model


class Kind(Enum):
    A = "A"


class Ticket(Model):
    class Meta:
        object = "tickets"

    title: fields.Text = fields.Text()
    score: fields.Number = fields.Number()
    kind: fields.Select[Any] = fields.Select(enum=Kind, unknown="ignore")  # ERROR: call-overload


Ticket(title=3)  # ERROR: arg-type
Ticket(titel="x")  # ERROR: call-arg
t = Ticket()
t.score = "high"  # ERROR: assignment
n: int = t.title  # ERROR: assignment
"""


def run_mypy(tmp_path: Path, source: str) -> tuple[int, str]:
    module = tmp_path / "user_models.py"
    module.write_text(textwrap.dedent(source))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(REPO / ".mypy_cache"),
            str(module),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_clean_user_module_passes(tmp_path: Path) -> None:
    code, output = run_mypy(tmp_path, CLEAN)
    assert code == 0, output


def test_deliberate_errors_are_reported(tmp_path: Path) -> None:
    code, output = run_mypy(tmp_path, BROKEN)
    assert code == 1, output
    lines = textwrap.dedent(BROKEN).splitlines()
    expected = {
        (i + 1, m.group(1))
        for i, line in enumerate(lines)
        if (m := re.search(r"# ERROR: ([\w-]+)", line))
    }
    reported = {
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"user_models\.py:(\d+): error: .*\[([\w-]+)\]", output)
    }
    assert reported == expected, output
