"""Contract checker: validating a 500-record page with jsonschema-rs vs json.loads.

The page is built by replicating one real captured record 500 times with fresh ids. The
baseline is ``json.loads`` of the same payload, measured in the same run; the validation
figure is what ``ContractTransport`` adds per response on top of decoding it.
"""

from __future__ import annotations

import copy
import json
import random
import time
import uuid
from pathlib import Path
from typing import Any

import jsonschema_rs

from benchmarks import Report, measure_peak_memory, measure_time
from tests.contract import SpecContract, SpecUnavailable, default_spec_path, get_contract

PAGE_SIZE = 500
# A page check well under the cost of the request itself keeps the checker always-on.
MAX_VALIDATE_MS = 50.0

WORKLOADS = (
    # (label, file, path validated against, record lives under)
    ("people", "records-query-people.json", "/v2/objects/people/records/query", "data0"),
    (
        "companies",
        "records-get-company-shapescale-kofacials.json",
        "/v2/objects/companies/records/query",
        "data",
    ),
)


def build_page(record: dict[str, Any], size: int, seed: int = 1) -> dict[str, Any]:
    """``size`` copies of ``record``, each with a fresh record id (deterministic)."""
    rng = random.Random(seed)
    old = record["id"]["record_id"]
    template = json.dumps(record)
    page = []
    for _ in range(size):
        new = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        # Replaces the id everywhere it appears (id, record_id value, web_url).
        page.append(json.loads(template.replace(old, new)))
    return {"data": page}


def _record(shared: Path, name: str, where: str) -> dict[str, Any]:
    body = json.loads((shared / "real" / name).read_text(encoding="utf-8"))
    found: dict[str, Any] = body["data"][0] if where == "data0" else body["data"]
    return copy.deepcopy(found)


def _assert_validator_is_not_vacuous(
    contract: SpecContract, path: str, page: dict[str, Any]
) -> None:
    # Guards the headline number: a validator that accepted anything would also be fast.
    broken = copy.deepcopy(page)
    broken["data"][-1]["id"]["record_id"] = 42
    violation = contract.check_response("POST", path, 200, broken)
    if violation is None or violation.errors[0].pointer != f"/data/{PAGE_SIZE - 1}/id/record_id":
        raise AssertionError(f"validator missed a corrupted last record: {violation}")


def _page_validator(contract: SpecContract, path: str) -> jsonschema_rs.Validator:
    op = contract.match("POST", path)
    validator = None if op is None else contract.response_validator(op, 200)
    if validator is None:
        raise LookupError(f"no 200 response schema for POST {path}")
    return validator


def _measure_page(
    report: Report,
    contract: SpecContract,
    no_formats: SpecContract,
    label: str,
    path: str,
    page: dict[str, Any],
) -> None:
    payload = json.dumps(page).encode()
    workload = f"{PAGE_SIZE} {label} records, {len(payload) / 1e6:.2f} MB"
    # Any violation would make the timing meaningless (errors are slower to build).
    contract.validate_response("POST", path, 200, page)
    _assert_validator_is_not_vacuous(contract, path, page)
    validator = _page_validator(contract, path)
    loose = _page_validator(no_formats, path)

    loads = measure_time(lambda: json.loads(payload))
    check = measure_time(lambda: contract.check_response("POST", path, 200, page))
    strict = measure_time(lambda: validator.is_valid(page))
    unformatted = measure_time(lambda: loose.is_valid(page))
    base = loads.median_ms
    rows = (
        ("check_response (formats asserted)", check, MAX_VALIDATE_MS),
        ("validator.is_valid (formats asserted)", strict, MAX_VALIDATE_MS),
        ("validator.is_valid (formats not asserted)", unformatted, None),
    )
    for what, timing, limit in rows:
        report.record(
            f"{label}: {what}",
            workload=workload,
            value=timing.median_ms,
            unit="ms",
            baseline=base,
            baseline_label="json.loads",
            max_value=limit,
        )
    peak = measure_peak_memory(lambda: json.loads(payload))
    report.record(
        f"{label}: json.loads peak Python memory",
        workload=workload,
        value=peak / 2**20,
        unit="MiB",
        note="reference for decoder benchmarks",
    )


def run(report: Report) -> None:

    spec_path = default_spec_path()
    start = time.perf_counter()
    try:
        contract = get_contract()
    except SpecUnavailable:
        report.skip(f"Attio spec not found at {spec_path} (set PARTICLE_ORM_SHARED)")
        return
    load_ms = (time.perf_counter() - start) * 1e3
    report.record(
        "load + patch spec (first get_contract)",
        workload=f"{spec_path.stat().st_size / 1e6:.1f} MB openapi.json",
        value=load_ms,
        unit="ms",
        note="one-off, includes JSON parse",
    )
    no_formats = SpecContract.from_file(spec_path, assert_formats=False)
    shared = spec_path.parent

    for label, name, path, where in WORKLOADS:
        page = build_page(_record(shared, name, where), PAGE_SIZE)
        _measure_page(report, contract, no_formats, label, path, page)
    report.note(
        "Validation runs in Rust (jsonschema-rs) on the already-decoded Python objects; "
        "tracemalloc cannot see its allocations, so only json.loads memory is shown."
    )
    report.note(
        f"Target: a {PAGE_SIZE}-record page validates in ≤ {MAX_VALIDATE_MS:g} ms, so the "
        "checker can stay on in every test that talks to the client or the emulator."
    )
