"""Prefetch vs N+1: API calls and time to read 500 people and each person's company.

The emulator holds 100 companies and 500 people, each person referencing one company.
Reading every person's ``company.name`` lazily costs one query page plus one GET per distinct
company instance loaded (the N+1 pattern, softened only by the identity map inside a session);
``prefetch_related("company")`` costs the page plus one ``record_id $in`` query per batch of
500 ids. Calls are counted by the emulator's request journal; time is the median of repeats.
"""

from __future__ import annotations

from typing import Any

from benchmarks import Report, measure_time

PEOPLE = 500
COMPANIES = 100


def _seed(client: Any) -> None:
    company_ids = []
    for i in range(COMPANIES):
        rec = client.create_record(
            "companies", {"name": f"Company {i:03d}", "domains": [f"c{i}.example.com"]}
        )
        company_ids.append(rec["id"]["record_id"])
    for i in range(PEOPLE):
        client.create_record(
            "people",
            {
                "name": f"P{i:04d}, Ann",
                "email_addresses": [f"p{i}@example.com"],
                "company": [
                    {"target_object": "companies", "target_record_id": company_ids[i % COMPANIES]}
                ],
            },
        )


def run(report: Report) -> None:
    from particle_orm import Emulator, Session
    from particle_orm.standard import Person

    emu = Emulator(seed=7)
    client = emu.client(rate_limits=None)
    _seed(client)

    def read(prefetch: bool) -> int:
        # A fresh session per run: a new identity map, as in a new web request.
        with Session(client):
            qs = Person.objects.all()[:PEOPLE]
            if prefetch:
                qs = qs.prefetch_related("company")
            return sum(1 for p in qs if p.company is not None and p.company.name)

    calls = {}
    for mode in (False, True):
        emu.journal.clear()
        assert read(mode) == PEOPLE
        calls[mode] = len(emu.journal)
    workload = f"{PEOPLE} people, {COMPANIES} companies; read each person's company name"
    report.record(
        "API calls with prefetch_related('company')",
        workload=workload,
        value=calls[True],
        unit="calls",
        baseline=calls[False],
        baseline_label="lazy loading (N+1)",
        max_value=2,
    )
    lazy = measure_time(lambda: read(False), warmup=1, repeats=3)
    eager = measure_time(lambda: read(True), warmup=1, repeats=3)
    report.record(
        "wall time with prefetch_related('company')",
        workload=workload + " (in-process emulator, no latency)",
        value=eager.median_ms,
        unit="ms",
        baseline=lazy.median_ms,
        baseline_label="lazy loading (N+1)",
        note="with real network latency the gap grows by one round trip per lazy call",
    )
    client.close()
