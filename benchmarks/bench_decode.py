"""Decoding 10k company records into models vs json.loads vs an equivalent pydantic model.

Workload: the real company record ``records-get-company-shapescale-integrative-pain.json``
cut to its first 30 attributes that hold values (text, select incl. multiselect,
domain, checkbox, record-reference, phone, location, timestamp, number, interaction,
actor-reference), replicated 10,000 times with fresh record ids, as one JSON page.

What each row counts (all from the same ``bytes`` payload, same run):

* ``json.loads`` (the baseline): bytes → dicts.
* ``client page decoder + from_api_many``: bytes → model instances through the client's
  own decode step for query pages (``lazy_values=True``): with the ``speed`` extra
  (msgspec) each attribute's JSON stays unparsed until its field is first read.
* ``... + read 3 fields`` / ``read every field``: the same, then fields read once on every
  record (the full decode cost, for code that reads everything).
* ``json.loads + Model.from_api_many``: the same without the extra (stdlib parse of the
  whole page; fields still decode on first access).
* ``pydantic validate_json``: a pydantic v2 model of the same record shape (typed value
  envelopes per attribute, timestamps parsed, like our decode) validating the bytes in
  pydantic-core's Rust JSON parser (its fastest path); also ``json.loads`` +
  ``model_validate`` for reference.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, create_model

from benchmarks import Report, Timing, measure_time
from particle_orm import fields
from particle_orm.fields import FIELD_TYPES
from particle_orm.standard import Company

RECORDS = 10_000
PAGE = 500
ATTRIBUTES = 30
SOURCE = "records-get-company-shapescale-integrative-pain.json"
MAX_LAZY_RATIO = 1.25  # ≤ 1.25× json.loads
MIN_PYDANTIC_SPEEDUP = 3.0  # ≥ 3× faster than pydantic


def _shared() -> Path | None:
    import os

    root = Path(
        os.environ.get("PARTICLE_ORM_SHARED", Path(__file__).resolve().parents[2] / "shared")
    )
    path = root / "attio" / "real" / SOURCE
    return path if path.is_file() else None


def build_record(path: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["data"]
    kept = [(k, v) for k, v in record["values"].items() if v][:ATTRIBUTES]
    record["values"] = dict(kept)
    return record


def build_payload(record: dict[str, Any], count: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    old = record["id"]["record_id"]
    template = json.dumps(record)
    parts = []
    for _ in range(count):
        new = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        parts.append(template.replace(old, new))
    return ('{"data": [' + ", ".join(parts) + "]}").encode()


def ad_hoc_model(record: dict[str, Any]) -> type[Company]:
    """Company plus the custom attributes the record carries (as a user would declare)."""
    namespace: dict[str, Any] = {"__module__": __name__}
    known = Company._meta.fields_by_slug
    for slug, raw in record["values"].items():
        if slug in known:
            continue
        cls = FIELD_TYPES[raw[0]["attribute_type"]]
        options: dict[str, Any] = {"slug": slug}
        if cls.allows_many:
            options["many"] = len(raw) > 1
        namespace[f"c_{slug}"] = (
            fields.Reference(**options) if cls is fields.Reference else cls(**options)
        )
    return type(Company)("BenchCompany", (Company,), namespace)  # type: ignore[return-value]


# ----------------------------------------------------------------- pydantic equivalent


class _Actor(BaseModel):
    type: str | None
    id: str | None


class _Envelope(BaseModel):
    active_from: datetime
    active_until: datetime | None
    created_by_actor: _Actor | None
    attribute_type: str


class _OptionId(BaseModel):
    workspace_id: str
    object_id: str
    attribute_id: str
    option_id: str


class _OptionBody(BaseModel):
    id: _OptionId
    title: str
    is_archived: bool


_VALUE_FIELDS: dict[str, dict[str, Any]] = {
    "text": {"value": (str, ...)},
    "number": {"value": (float, ...)},
    "checkbox": {"value": (bool, ...)},
    "timestamp": {"value": (datetime, ...)},
    "select": {"option": (_OptionBody, ...)},
    "domain": {"domain": (str, ...), "root_domain": (str, ...)},
    "record-reference": {"target_object": (str, ...), "target_record_id": (str, ...)},
    "actor-reference": {
        "referenced_actor_type": (str, ...),
        "referenced_actor_id": (str | None, ...),
    },
    "phone-number": {
        "original_phone_number": (str, ...),
        "country_code": (str | None, ...),
        "phone_number": (str, ...),
    },
    "location": dict.fromkeys(
        (
            "line_1",
            "line_2",
            "line_3",
            "line_4",
            "locality",
            "region",
            "postcode",
            "country_code",
            "latitude",
            "longitude",
        ),
        (str | None, ...),
    ),
    "interaction": {
        "interaction_type": (str, ...),
        "interacted_at": (datetime, ...),
        "owner_actor": (_Actor, ...),
    },
}


def pydantic_equivalent(record: dict[str, Any]) -> TypeAdapter[Any]:
    value_models = {
        t: create_model(f"V_{t.replace('-', '_')}", __base__=_Envelope, **spec)  # type: ignore[call-overload]
        for t, spec in _VALUE_FIELDS.items()
    }
    kinds = {slug: raw[0]["attribute_type"] for slug, raw in record["values"].items()}
    values = create_model(  # type: ignore[call-overload]
        "Values",
        **{
            slug: (list[value_models[kind]], [])  # type: ignore[valid-type]
            for slug, kind in kinds.items()
        },
    )

    class RecordIdModel(BaseModel):
        workspace_id: str
        object_id: str
        record_id: str

    class Record(BaseModel):
        id: RecordIdModel
        created_at: datetime
        web_url: str
        values: values  # type: ignore[valid-type]

    class Page(BaseModel):
        data: list[Record]

    return TypeAdapter(Page)


def _same(a: Any, b: Any) -> bool:
    """Equal values; referenced instances (which compare by identity) by id."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if hasattr(a, "_meta") and hasattr(b, "_meta"):
        return bool(a.id == b.id)
    return bool(a == b)


def _touch_all(objs: list[Any], names: list[str]) -> None:
    for obj in objs:
        for name in names:
            getattr(obj, name)


def _interleaved(funcs: dict[str, Any], rounds: int = 3, repeats: int = 3) -> dict[str, Timing]:
    """Medians over several rounds that alternate the workloads (machine noise hits all)."""
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            samples[name].extend(measure_time(func, repeats=repeats, warmup=1).samples)
    return {name: Timing(tuple(got), number=1) for name, got in samples.items()}


def _client_decoder() -> tuple[str, Any]:
    """The decode step the query layer's page requests go through, from a real client."""
    import httpx

    from particle_orm.client import AttioClient, _calls
    from particle_orm.client._json import BACKEND
    from particle_orm.client._lazy import AVAILABLE

    client = AttioClient("bench" * 8, transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    call = _calls.query_records("companies", None, None, None, None, True)
    decode = client._decode  # the method every response goes through

    def page(body: bytes) -> Any:
        return decode(call, 200, body)

    label = "msgspec, lazy values" if AVAILABLE else BACKEND
    return label, page


def run(report: Report) -> None:
    path = _shared()
    if path is None:
        report.skip(f"{SOURCE} not found (set PARTICLE_ORM_SHARED)")
        return
    record = build_record(path)
    # Attio pages hold at most 500 records; decoding happens page by page.
    pages = [build_payload(record, PAGE, seed=i) for i in range(RECORDS // PAGE)]
    size = sum(len(p) for p in pages)
    model = ad_hoc_model(record)
    present = [name for name, f in model._meta.fields.items() if f.slug in record["values"]]
    adapter = pydantic_equivalent(record)
    label, client_page = _client_decoder()
    workload = (
        f"{RECORDS:,} records × {len(record['values'])} attributes "
        f"({RECORDS // PAGE} pages of {PAGE}), {size / 1e6:.1f} MB"
    )

    # Sanity: everything decodes the same both ways, and pydantic accepts the payload.
    eager = model.from_api_many(json.loads(pages[0])["data"])
    lazy_objs = model.from_api_many(client_page(pages[0]))
    for a, b in zip(eager[:50], lazy_objs[:50]):
        assert all(_same(getattr(a, n), getattr(b, n)) for n in present)
    adapter.validate_json(pages[0])

    def loads() -> None:
        for p in pages:
            json.loads(p)

    def lazy() -> None:
        for p in pages:
            model.from_api_many(json.loads(p)["data"])

    def full() -> None:
        for p in pages:
            _touch_all(model.from_api_many(json.loads(p)["data"]), present)

    def client() -> None:
        # What the query layer really does: the client's page decoder (attribute values
        # left unparsed until read, with the `speed` extra), then the lazy model build.
        for p in pages:
            model.from_api_many(client_page(p))

    def client_full() -> None:
        for p in pages:
            _touch_all(model.from_api_many(client_page(p)), present)

    def client_three() -> None:
        # A typical list view: a few fields of every record.
        for p in pages:
            _touch_all(model.from_api_many(client_page(p)), present[:3])

    def pyd_json() -> None:
        for p in pages:
            adapter.validate_json(p)

    def pyd_py() -> None:
        for p in pages:
            adapter.validate_python(json.loads(p))

    t = _interleaved(
        {
            "loads": loads,
            "lazy": lazy,
            "full": full,
            "client": client,
            "client_three": client_three,
            "client_full": client_full,
            "pyd_json": pyd_json,
            "pyd_py": pyd_py,
        }
    )
    base = t["loads"].median_ms

    def timed(name: str, key: str, *, target: bool = False, note: str = "") -> None:
        report.record(
            name,
            workload=workload,
            value=t[key].median_ms,
            unit="ms",
            baseline=base,
            baseline_label="json.loads",
            max_ratio=MAX_LAZY_RATIO if target else None,
            note=note,
        )

    def speedup(name: str, key: str, *, target: bool = False, note: str = "") -> None:
        report.record(
            name,
            workload=workload,
            value=t["pyd_json"].median / t[key].median,
            unit="×",
            min_value=MIN_PYDANTIC_SPEEDUP if target else None,
            note=note,
        )

    timed(f"client page decoder ({label}) + from_api_many", "client", target=True)
    timed(
        f"client page decoder ({label}) + from_api_many + read 3 fields",
        "client_three",
        note="a list view: name, domains and one more field of every record",
    )
    timed(
        f"client page decoder ({label}) + from_api_many + read every field",
        "client_full",
        note=f"{len(present)} fields read per record",
    )
    timed("json.loads + from_api_many (stdlib only, no extra)", "lazy", target=True)
    timed(
        "json.loads + from_api_many + read every field (stdlib only)",
        "full",
        note=f"{len(present)} fields read per record",
    )
    timed("pydantic TypeAdapter.validate_json (equivalent model)", "pyd_json")
    timed("json.loads + pydantic validate_python", "pyd_py")
    speedup(
        f"speed-up over pydantic validate_json: client page decoder ({label})",
        "client",
        target=True,
        note="attribute values parsed on first read; what queries do with the `speed` extra",
    )
    speedup(
        f"speed-up over pydantic validate_json: ({label}), 3 fields read",
        "client_three",
    )
    speedup(
        f"speed-up over pydantic validate_json: ({label}), every field read",
        "client_full",
        note="pydantic parses and validates everything up front; this reads everything too",
    )
    speedup(
        "speed-up over pydantic validate_json: stdlib json.loads, no extra",
        "lazy",
        note="capped by pydantic's Rust parser being ~2.4× json.loads",
    )
    report.note(
        "With the `speed` extra (msgspec) the client parses a record page down to each "
        "record's `values` object and keeps every attribute's JSON as raw bytes; a field's "
        "JSON is parsed and decoded on its first read, then cached. Without the extra, "
        "`json.loads` parses everything and fields still decode on first read. Workloads "
        "are interleaved over 3 rounds (medians of 9 samples each) to spread machine noise."
    )
