"""``particle-orm demo``: the library's main job, end to end, on an embedded emulator.

Five steps, each with the API calls it cost (counted by the emulator's journal):

1. **schema**: ``sync_models`` adds two custom attributes to companies and creates a
   ``pipeline`` list with its attributes, options and statuses; a second diff is clean;
2. **import**: a few hundred companies, people and list entries in one session commit,
   with a progress bar on stderr: companies asserted by domain, people by email (so
   re-running creates nothing new), entries after their parents;
3. **queries**: lookups, a relationship path, ordering, slicing, ``prefetch_related``,
   ``Q`` objects and a list-entries query, printed as tables;
4. **update**: a unit of work mixing updates and a create; its plan, then its commit;
5. **summary**: calls per step, and what Attio's rate limits would make of them.

It needs no token and no network, and finishes in about a second (``--paced`` applies
Attio's real rate limits on the client, as against api.attio.com).

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> run_demo(out, companies=3, err=io.StringIO())
    0
    >>> "clean" in out.getvalue()
    True
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from particle_orm.cli._demo_data import build_dataset
from particle_orm.cli._demo_models import MODELS, DemoCompany, DemoPerson, Opportunity, Stage, Tier
from particle_orm.cli._parser import DEFAULT_COMPANIES
from particle_orm.cli._progress import ProgressBar
from particle_orm.cli._table import print_table
from particle_orm.client import RateLimits
from particle_orm.emulator import Emulator, JournalEntry
from particle_orm.query import Q
from particle_orm.schema import diff_models, sync_models
from particle_orm.session import Plan, Session
from particle_orm.values import Domain

__all__ = ["StepCost", "run_demo", "summarize_plan"]

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_LIMITS = RateLimits()


@dataclass
class StepCost:
    """API calls (by reads and writes, as Attio budgets them) and seconds of one step.

    Example:
        >>> StepCost("x", reads=3, writes=2).calls
        5
    """

    name: str
    reads: int = 0
    writes: int = 0
    seconds: float = 0.0

    @property
    def calls(self) -> int:
        """Reads plus writes."""
        return self.reads + self.writes


def _is_read(entry: JournalEntry) -> bool:
    # Attio budgets query POSTs as reads.
    return entry.method == "GET" or (entry.method == "POST" and entry.path.endswith("/query"))


def summarize_plan(plan: Plan) -> list[list[str]]:
    """One row per kind of call in ``plan``: layer, method, path (ids elided), what, count.

    Example:
        >>> summarize_plan(Plan(()))
        []
    """
    counts: dict[tuple[int, str, str], int] = {}
    for op in plan:
        what = f"{op.kind.value} {type(op.obj).__name__}"
        if op.kind.value == "update" and op.fields:
            # For an update, which fields are sent is the point; creates send what is set.
            what += f" [{', '.join(op.fields)}]"
        key = (op.layer, f"{op.method} {_UUID.sub('{id}', op.path)}", what)
        counts[key] = counts.get(key, 0) + 1
    return [[str(layer), call, what, f"× {n}"] for (layer, call, what), n in counts.items()]


def _money(value: Any) -> str:
    if value is None:
        return ""
    amount = Decimal(value.amount)
    return f"${amount:,.0f}" if value.currency == "USD" else str(value)


def _name(person: Any) -> str:
    return person.name.full_name if person.name is not None else ""


class _Demo:
    def __init__(self, out: TextIO, err: TextIO, *, companies: int, seed: int, paced: bool):
        self.out, self.err = out, err
        self.n_companies = companies
        self.seed = seed
        self.paced = paced
        self.emu = Emulator(seed=seed)
        # The embedded emulator has no rate limits; --paced behaves like api.attio.com.
        self.client = self.emu.client(rate_limits=_LIMITS if paced else None)
        self.costs: list[StepCost] = []

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    @contextmanager
    def step(self, name: str) -> Iterator[StepCost]:
        cost = StepCost(name)
        seen = len(self.emu.journal)
        started = time.perf_counter()
        yield cost
        cost.seconds = time.perf_counter() - started
        new = self.emu.journal.entries[seen:]
        cost.reads = sum(1 for e in new if _is_read(e))
        cost.writes = len(new) - cost.reads
        self.costs.append(cost)

    def calls_line(self, cost: StepCost, extra: str = "") -> None:
        self.say(f"   -> {cost.calls} API call{'s' if cost.calls != 1 else ''}{extra}")

    def plan_table(self, plan: Plan) -> None:
        print_table(
            ["layer", "call", "operation", "count"],
            summarize_plan(plan),
            self.out,
            align="<<<>",
            indent="     ",
            max_width=72,
        )

    def query(self, key: str, title: str, code: str, header: Sequence[str], align: str,
              rows: Callable[[], list[list[Any]]]) -> None:  # fmt: skip
        with self.step(key) as cost:
            table = rows()
        self.say(f"\n   {title}")
        self.say(f"   >>> {code}")
        print_table(header, table, self.out, align=align, indent="     ", max_width=50)
        self.calls_line(cost)

    # -- steps ---------------------------------------------------------------------------

    def schema(self) -> None:
        self.say("1. Schema: sync the demo's models (custom attributes and a list)")
        with self.step("schema") as cost:
            before = diff_models(self.client, MODELS)
            result = sync_models(self.client, MODELS)
            after = diff_models(self.client, MODELS)
        self.say(f"   diff before: {before.summary()}")
        for line in result.to_text().splitlines():
            self.say(f"   {line}")
        self.say(f"   diff after:  {after.summary()}")
        self.calls_line(cost, " (diff, sync, diff again)")

    def load(self) -> None:
        data = build_dataset(self.n_companies, seed=self.seed)
        self.say(
            f"\n2. Import {data.total} records in one unit of work "
            f"({len(data.companies)} companies, {len(data.people)} people, "
            f"{len(data.opportunities)} pipeline entries)"
        )
        bar = ProgressBar("importing", self.err)
        with Session(self.client) as session:
            session.add_all([*data.companies, *data.people, *data.opportunities])
            plan = session.plan()
            self.say(f"   {str(plan).splitlines()[0]}")
            self.plan_table(plan)
            with self.step("import") as cost:
                result = session.commit(progress=bar)
        self.calls_line(cost, f" for {result.calls} operations in {cost.seconds:.2f} s")

    def queries(self) -> None:
        self.say("\n3. Queries (a new session: a fresh identity map, as in a new request)")
        with Session(self.client):
            self.query(
                "query: lookups",
                "Enterprise companies with 1,000+ employees, largest first",
                'DemoCompany.objects.filter(tier=Tier.ENTERPRISE, headcount__gte=1000)'
                '.order_by("-headcount")[:5]',
                ["company", "domain", "tier", "headcount"],
                "<<<>",
                lambda: [
                    [c.name, c.domains[0].domain, c.tier.value if c.tier else "",
                     f"{int(c.headcount or 0):,}"]
                    for c in DemoCompany.objects.filter(tier=Tier.ENTERPRISE, headcount__gte=1000)
                    .order_by("-headcount")[:5]
                ],
            )  # fmt: skip
            self.query(
                "query: path + prefetch",
                "CTOs of enterprise companies (a path through the company reference), "
                "companies prefetched",
                'DemoPerson.objects.filter(job_title="CTO", company__tier=Tier.ENTERPRISE)'
                '.order_by("name__last_name").prefetch_related("company")[:6]',
                ["name", "email", "company"],
                "<<<",
                lambda: [
                    [_name(p), p.email_addresses[0].email_address, p.company.name if p.company
                     else ""]
                    for p in DemoPerson.objects
                    .filter(job_title="CTO", company__tier=Tier.ENTERPRISE)
                    .order_by("name__last_name").prefetch_related("company")[:6]
                ],
            )  # fmt: skip
            self.query(
                "query: list entries",
                "Won or qualified deals over $150,000, with their companies (a list query)",
                "Opportunity.objects.filter(Q(stage=Stage.WON) | Q(stage=Stage.QUALIFIED), "
                'amount__gt=150_000).order_by("-amount").prefetch_related("parent")[:5]',
                ["company", "stage", "amount"],
                "<<>",
                lambda: [
                    [e.parent.name if e.parent else "", e.stage.value if e.stage else "",
                     _money(e.amount)]
                    for e in Opportunity.objects.filter(
                        Q(stage=Stage.WON) | Q(stage=Stage.QUALIFIED), amount__gt=150_000
                    ).order_by("-amount").prefetch_related("parent")[:5]
                ],
            )  # fmt: skip
            self.query(
                "query: counts",
                "People by email domain, and counting (Attio has no count endpoint: it pages)",
                'DemoPerson.objects.filter(email_addresses__domain="acme-labs.com").count(), '
                'DemoCompany.objects.exclude(tier=Tier.SMB).count()',
                ["question", "answer"],
                "<>",
                lambda: [
                    ["people at acme-labs.com",
                     DemoPerson.objects.filter(email_addresses__domain="acme-labs.com").count()],
                    ["companies that are not SMB",
                     DemoCompany.objects.exclude(tier=Tier.SMB).count()],
                ],
            )  # fmt: skip

    def update(self) -> None:
        self.say("\n4. A unit of work: promote, rename, hire; plan first, then commit")
        with Session(self.client) as session, self.step("update") as cost:
            promoted = list(Opportunity.objects.filter(stage=Stage.QUALIFIED, amount__gte=100_000))
            for opp in promoted:
                opp.stage = Stage.WON
            acme = DemoCompany.objects.get(domains__domain="acme-labs.com")
            acme.name = "Acme Labs Inc"
            # Only appended: a PATCH, which appends (a PUT would overwrite the others).
            acme.domains.append(Domain("acme.example", "acme.example"))
            grace: dict[str, Any] = {
                "name": "Hopper, Grace",
                "email_addresses": ["grace@acme.example"],
                "company": acme,
                "job_title": "Chief Scientist",
            }
            session.add(DemoPerson(**grace))
            plan = session.plan()
            result = session.commit()
        self.say(
            f"   >>> for opp in Opportunity.objects.filter(stage=Stage.QUALIFIED, "
            f"amount__gte=100_000): opp.stage = Stage.WON   # {len(promoted)} entries"
        )
        self.say('   >>> acme.name = "Acme Labs Inc"; acme.domains.append("acme.example")')
        self.say('   >>> session.add(DemoPerson(name="Hopper, Grace", ..., company=acme))')
        self.say(f"   {str(plan).splitlines()[0]}")
        self.plan_table(plan)
        reads = cost.reads
        self.calls_line(cost, f" ({reads} to load, {result.calls} to commit)")

    def summary(self, total_seconds: float) -> None:
        self.say("\n5. Summary: API calls per step, counted by the emulator's journal")
        rows = [[c.name, c.reads, c.writes, c.calls, f"{c.seconds:.2f}"] for c in self.costs]
        reads = sum(c.reads for c in self.costs)
        writes = sum(c.writes for c in self.costs)
        rows.append(["total", reads, writes, reads + writes, f"{total_seconds:.2f}"])
        header = ["step", "reads", "writes", "API calls", "seconds"]
        print_table(header, rows, self.out, align="<>>>>", indent="     ")
        write_rate = _LIMITS.writes_per_second or 25.0
        read_rate = _LIMITS.reads_per_second or 100.0
        floor = max(writes / write_rate, reads / read_rate)
        if self.paced:
            self.say(
                f"\n   Paced below Attio's limits ({_LIMITS.writes_per_second:g} writes/s, "
                f"{_LIMITS.reads_per_second:g} reads/s, at {_LIMITS.headroom:.0%})."
            )
        else:
            self.say(
                f"\n   Against api.attio.com, {writes} writes at "
                f"{_LIMITS.writes_per_second:g}/s take at least {floor:.0f} s "
                "(the client paces them for you; --paced shows it)."
            )

    def run(self) -> int:
        started = time.perf_counter()
        self.say(
            f"particle-orm demo: an embedded Attio emulator (seed {self.seed}), "
            "no token, no network\n"
        )
        with self.client:
            self.schema()
            self.load()
            self.queries()
            self.update()
            self.summary(time.perf_counter() - started)
        return 0


def run_demo(
    out: TextIO | None = None,
    *,
    companies: int = DEFAULT_COMPANIES,
    seed: int = 2024,
    paced: bool = False,
    err: TextIO | None = None,
) -> int:
    """Run the demo, printing results to ``out`` and progress to ``err``; returns 0.

    ``companies`` sets the size: each company brings ``4`` people and a pipeline entry.

    Example::

        run_demo()  # what ``particle-orm demo`` prints
    """
    import sys

    if companies < 1:
        raise ValueError(f"companies must be >= 1, got {companies}")
    return _Demo(
        out or sys.stdout, err or sys.stderr, companies=companies, seed=seed, paced=paced
    ).run()
