"""Emulator: a filtered, sorted 500-record page over 100k people, and single-record writes.

Data: 100,000 people (personal name from 400 last names, one email, one of 5 job titles),
seeded with ``Emulator.bulk_create_records`` (same normalisation as the API, one
transaction). Requests go through ``httpx.Client`` + ``EmulatorTransport``, so the times
include routing, filter/sort compilation, SQLite, rendering and JSON encoding/decoding.
"""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import httpx

from benchmarks import Report, measure_time
from particle_orm.emulator import Emulator

PEOPLE = 100_000
PAGE = 500
MAX_QUERY_MS = 200.0
MAX_CREATE_MS = 2.0
TITLES = ("Engineer", "Manager", "Designer", "Founder", "Sales")


def _people(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    lasts = [f"{rng.choice('BCDFGHKLMNPRSTW')}{rng.choice('aeiou')}{i:03d}son" for i in range(400)]
    return [
        {
            "name": f"{rng.choice(lasts)}, First{i}",
            "email_addresses": [f"person{i}@example{i % 47}.com"],
            "job_title": TITLES[i % len(TITLES)],
        }
        for i in range(n)
    ]


def run(report: Report) -> None:
    emu = Emulator(seed=1)
    rows = _people(PEOPLE)
    started = time.perf_counter()
    emu.bulk_create_records("people", rows)
    load_s = time.perf_counter() - started
    report.record(
        "bulk load (bulk_create_records)",
        workload=f"{PEOPLE:,} people",
        value=load_s * 1e3 / PEOPLE,
        unit="ms/record",
        note="one-off seeding",
    )
    headers = {"Authorization": f"Bearer {emu.token}"}
    with httpx.Client(
        transport=emu.transport(), base_url="https://api.attio.com", headers=headers
    ) as http:
        queries = {
            "query: 2-condition filter + sort, page of 500": {
                "filter": {"job_title": "Engineer", "email_addresses": {"email_domain": {
                    "$ends_with": "1.com"}}},
                "sorts": [{"direction": "asc", "attribute": "name", "field": "last_name"}],
                "limit": PAGE,
            },
            "query: 2-condition filter ($and, name $starts_with) + sort, offset 1000": {
                "filter": {"$and": [{"job_title": "Manager"},
                                    {"name": {"last_name": {"$starts_with": "b"}}}]},
                "sorts": [{"direction": "desc", "attribute": "created_at"}],
                "limit": PAGE,
                "offset": 1000,
            },
            "query: no filter, sort by name, page of 500": {
                "sorts": [{"direction": "asc", "attribute": "name", "field": "last_name"}],
                "limit": PAGE,
            },
        }  # fmt: skip
        for label, body in queries.items():
            size = len(http.post("/v2/objects/people/records/query", json=body).json()["data"])

            def query(body: dict[str, Any] = body) -> None:
                r = http.post("/v2/objects/people/records/query", json=body)
                assert r.status_code == 200, r.text

            timing = measure_time(query, warmup=1, repeats=7)
            report.record(
                label,
                workload=f"{PEOPLE:,} people → {size} returned",
                value=timing.median_ms,
                unit="ms",
                max_value=MAX_QUERY_MS if label.startswith("query: 2-condition filter +") else None,
            )
        counter = itertools.count()

        def create() -> None:
            i = next(counter)
            r = http.post(
                "/v2/objects/people/records",
                json={"data": {"values": {"name": f"New, P{i}",
                                          "email_addresses": [f"new{i}@example.com"],
                                          "job_title": "Engineer"}}},
            )  # fmt: skip
            assert r.status_code == 200, r.text

        timing = measure_time(create, warmup=5, repeats=9, number=50)
        report.record(
            "create one record (POST …/records, 3 values, unique email check)",
            workload=f"into {PEOPLE:,} people",
            value=timing.median_ms,
            unit="ms",
            max_value=MAX_CREATE_MS,
        )
        rid = http.post("/v2/objects/people/records/query", json={"limit": 1}).json()["data"][0]
        path = f"/v2/objects/people/records/{rid['id']['record_id']}"
        timing = measure_time(lambda: http.get(path), warmup=5, repeats=9, number=50)
        report.record("get one record", workload="33 attributes", value=timing.median_ms, unit="ms")
    report.note(
        "In-process transport (no sockets). SQLite in memory; the filter/sort SQL comes from "
        "emulator/filters.py and emulator/sorts.py."
    )
