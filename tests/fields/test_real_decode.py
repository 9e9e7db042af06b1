"""Every captured record and entry in shared/attio/real decodes, and reads back equal.

Standard attributes decode through particle_orm.standard; custom ones through ad-hoc
models built from the attribute types the capture shows. Each decoded value is projected
back to Attio's JSON keys and compared with the captured value, key by key.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from particle_orm import fields
from particle_orm.client import LazyValues
from particle_orm.fields import FIELD_TYPES
from particle_orm.models import ListEntry
from particle_orm.standard import Company, Person
from particle_orm.values import RecordRef

ENVELOPE = {"active_from", "active_until", "created_by_actor", "attribute_type"}
FILES = [
    "records-get-company-shapescale-energyguided.json",
    "records-get-company-shapescale-integrative-pain.json",
    "records-get-company-shapescale-kofacials.json",
    "records-get-person-shapescale.json",
    "records-query-people.json",
    "records-query-people-abridged.json",
    "records-create-person-abridged.json",
    "entries-query-list-companies.json",
]


def project(attribute_type: str, v: Any) -> dict[str, Any]:
    """A decoded value back in Attio's output keys (without the envelope)."""
    if attribute_type in ("text", "number", "checkbox", "rating"):
        return {"value": v}
    if attribute_type in ("date", "timestamp"):
        return {"value": v.isoformat()}
    if attribute_type == "currency":
        return {"currency_value": v.amount, "currency_code": v.currency}
    if attribute_type == "select":
        ident = v.id._asdict() if v.id else None
        return {"option": {"id": ident, "title": str(v), "is_archived": v.is_archived}}
    if attribute_type == "status":
        return {
            "status": {
                "id": v.id._asdict() if v.id else None,
                "title": str(v),
                "is_archived": v.is_archived,
                "target_time_in_status": v.target_time_in_status,
                "celebration_enabled": v.celebration_enabled,
            }
        }
    if attribute_type == "record-reference":
        if isinstance(v, RecordRef):
            return {"target_object": v.target_object, "target_record_id": v.target_record_id}
        return {"target_object": type(v)._meta.object, "target_record_id": v.record_id}
    if attribute_type == "actor-reference":
        return {"referenced_actor_type": v.type, "referenced_actor_id": v.id}
    if attribute_type == "location":
        keys = ["line_1", "line_2", "line_3", "line_4", "locality", "region", "postcode",
                "country_code", "latitude", "longitude"]  # fmt: skip
        return {k: getattr(v, k) for k in keys}
    if attribute_type == "domain":
        return {"domain": v.domain, "root_domain": v.root_domain}
    if attribute_type == "email-address":
        return {
            "original_email_address": v.original_email_address,
            "email_address": v.email_address,
            "email_domain": v.email_domain,
            "email_root_domain": v.email_root_domain,
            "email_local_specifier": v.email_local_specifier,
        }
    if attribute_type == "phone-number":
        return {
            "original_phone_number": v.original,
            "country_code": v.country_code,
            "phone_number": v.e164,
        }
    if attribute_type == "interaction":
        owner = v.owner_actor
        return {
            "interaction_type": v.interaction_type,
            "interacted_at": v.interacted_at.isoformat(),
            "owner_actor": {"type": owner.type, "id": owner.id},
        }
    if attribute_type == "personal-name":
        return {"first_name": v.first_name, "last_name": v.last_name, "full_name": v.full_name}
    raise AssertionError(f"unknown type {attribute_type}")


def normalise(attribute_type: str, item: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in item.items() if k not in ENVELOPE}
    if attribute_type == "currency":
        body["currency_value"] = Decimal(str(body["currency_value"]))
    return body


def custom_model(base: type[Any], values: dict[str, list[dict[str, Any]]], name: str) -> Any:
    """A subclass of ``base`` declaring a field for every slug ``base`` lacks."""
    namespace: dict[str, Any] = {"__module__": __name__}
    known = base._meta.fields_by_slug
    for slug, raw in values.items():
        if slug in known or not raw:
            continue
        cls = FIELD_TYPES[raw[0]["attribute_type"]]
        options: dict[str, Any] = {"slug": slug}
        if cls.allows_many:
            options["many"] = len(raw) > 1
        if cls is fields.Reference:
            field: Any = fields.Reference(**options)
        else:
            field = cls(**options)
        namespace[f"f_{slug}"] = field
    if base is ListEntry:
        namespace["Meta"] = type("Meta", (), {"list": f"captured_{name}", "parent": Company})
    return type(base)(f"Captured_{name}", (base,), namespace)


def records_of(path: Path) -> tuple[str, list[dict[str, Any]]]:
    data = json.loads(path.read_text())["data"]
    rows = data if isinstance(data, list) else [data]
    return ("entries" if "entry_values" in rows[0] else "records"), rows


@pytest.mark.parametrize("lazy", [False, True], ids=["parsed", "lazy-values"])
@pytest.mark.parametrize("filename", FILES)
def test_capture_decodes_and_reads_back_equal(
    shared_attio: Path, filename: str, lazy: bool
) -> None:
    """Both ways a model gets its values: parsed dicts, and the client's ``LazyValues``
    (what query pages carry with the ``speed`` extra: attribute JSON parsed on read)."""
    kind, rows = records_of(shared_attio / "real" / filename)
    checked = 0
    for i, row in enumerate(rows):
        values = row["entry_values"] if kind == "entries" else row["values"]
        if lazy:
            key = "entry_values" if kind == "entries" else "values"
            row = {**row, key: LazyValues.from_json(json.dumps(values).encode())}
        if kind == "entries":
            base: type[Any] = ListEntry
        else:
            is_person = "/person/" in row.get("web_url", "") or "email_addresses" in values
            base = Person if is_person else Company
        model = custom_model(base, values, f"{filename.split('.')[0].replace('-', '_')}_{i}")
        obj = model.from_api(row)
        assert obj.id[2] in (row["id"].get("record_id"), row["id"].get("entry_id"))
        for field in model._meta.fields.values():
            raw = values.get(field.slug)
            decoded = getattr(obj, field.name)
            if raw is None:
                assert decoded in (None, [])
                continue
            active = [r for r in raw if r["active_until"] is None]
            got = list(decoded) if field.many else ([] if decoded is None else [decoded])
            if not field.many:
                active = active[:1]
            assert [project(field.attribute_type, g) for g in got] == [
                normalise(field.attribute_type, r) for r in active
            ], f"{filename}: {field.name}"
            checked += len(active)
    assert checked > 0


def test_every_capture_with_records_is_covered(shared_attio: Path) -> None:
    holding = sorted(
        p.name
        for p in (shared_attio / "real").glob("*.json")
        if p.name.startswith(("records-", "entries-"))
    )
    assert holding == sorted(FILES)


def test_standard_models_cover_captured_system_slugs(shared_attio: Path) -> None:
    attributes = json.loads((shared_attio / "real" / "attributes-list-people.json").read_text())
    for attr in attributes["data"]:
        if not attr["is_system_attribute"]:
            continue
        field = Person._meta.fields_by_slug[attr["api_slug"]]
        assert field.attribute_type == attr["type"], attr["api_slug"]
        assert field.many == attr["is_multiselect"], attr["api_slug"]
        assert field.read_only == (not attr["is_writable"]), attr["api_slug"]
        assert field.unique == attr["is_unique"], attr["api_slug"]
