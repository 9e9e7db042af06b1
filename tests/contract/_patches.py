"""Known defects of Attio's published OpenAPI document, and their repairs.

Each repair is a small function that edits the spec in place and returns the JSON pointers
it touched, so tests can pin exactly how much of the document was loosened. Generic
repairs fix OpenAPI mistakes (3.0 keywords in a 3.1 document, wrong formats); targeted
repairs loosen the schema only where real captured traffic (``real/README.md``) disagrees.

>>> spec = {"components": {"schemas": {"x": {"type": "string", "nullable": True}}}}
>>> [p.name for p in patch_spec(spec) if p.locations]
['nullable-keyword']
>>> spec["components"]["schemas"]["x"]
{'type': ['string', 'null']}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["AppliedPatch", "patch_spec"]

JSON = Any
_Node = dict[str, Any]


@dataclass(frozen=True)
class AppliedPatch:
    """One repair applied to the spec: its name, why, and every JSON pointer it changed.

    >>> AppliedPatch("x", "why", ("#/a",)).count
    1
    """

    name: str
    reason: str
    locations: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.locations)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _walk(node: JSON, pointer: str = "#") -> Iterator[tuple[str, _Node]]:
    """Every JSON object in the document, parents before children, with its pointer."""
    if isinstance(node, dict):
        yield pointer, node
        for key, child in list(node.items()):
            yield from _walk(child, f"{pointer}/{_escape(str(key))}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _walk(child, f"{pointer}/{index}")


def _nullable_keyword(spec: _Node) -> list[str]:
    # OpenAPI 3.1 is JSON Schema 2020-12, which ignores the 3.0 keyword `nullable`, so
    # `{"type": "string", "nullable": true}` silently rejects null (every system actor id).
    touched = []
    for pointer, node in _walk(spec):
        if "nullable" not in node or not isinstance(node["nullable"], bool):
            continue
        nullable = node.pop("nullable")
        touched.append(pointer)
        if not nullable:
            continue
        kind = node.get("type")
        if isinstance(kind, str):
            node["type"] = [kind, "null"]
        elif isinstance(kind, list):
            if "null" not in kind:
                kind.append("null")
        else:
            inner = {key: node.pop(key) for key in list(node) if key not in _ANNOTATIONS}
            node["anyOf"] = [inner, {"type": "null"}]
        if isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"].append(None)
    return touched


_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "deprecated"})


def _nullable_enum(spec: _Node) -> list[str]:
    # `type: ["string", "null"]` beside an enum without null contradicts itself; real
    # lists (workspace_access) and attributes (default_currency_code, display_type) send null.
    touched = []
    for pointer, node in _walk(spec):
        kind, enum = node.get("type"), node.get("enum")
        nullable = isinstance(kind, list) and "null" in kind
        if nullable and isinstance(enum, list) and None not in enum:
            enum.append(None)
            touched.append(pointer)
    return touched


def _timestamp_format(spec: _Node) -> list[str]:
    # Timestamp attribute values are declared `format: date` while their own examples
    # (and all real data) are RFC 3339 date-times with nanoseconds.
    touched = []
    for pointer, node in _walk(spec):
        if node.get("format") != "date":
            continue
        example = node.get("example")
        description = str(node.get("description", "")).lower()
        if (isinstance(example, str) and "T" in example) or "timestamp" in description:
            node["format"] = "date-time"
            touched.append(pointer)
    return touched


def _relationship_id_only(spec: _Node) -> list[str]:
    # Real attribute bodies carry `relationship: {"id": {...}}` only; the spec requires
    # object_slug, title, api_slug and is_multiselect as well.
    attribute = spec.get("components", {}).get("schemas", {}).get("attribute", {})
    relationship = attribute.get("properties", {}).get("relationship")
    if not isinstance(relationship, dict) or relationship.get("required") == ["id"]:
        return []
    relationship["required"] = ["id"]
    return ["#/components/schemas/attribute/properties/relationship"]


def _note_meeting_id_optional(spec: _Node) -> list[str]:
    # Real note bodies (July 2025 captures) have no `meeting_id` key at all.
    note = spec.get("components", {}).get("schemas", {}).get("note", {})
    required = note.get("required")
    if not isinstance(required, list) or "meeting_id" not in required:
        return []
    required.remove("meeting_id")
    return ["#/components/schemas/note"]


_PLACEHOLDER = "[slug_or_id_of_matching_attribute]"


def _matching_attribute_placeholder(spec: _Node) -> list[str]:
    # Record references "by matching attribute" declare the attribute key literally as
    # `[slug_or_id_of_matching_attribute]` (and require it): a placeholder for any slug or
    # id. Make it what it describes: any other key, holding the array of matching values.
    touched = []
    for pointer, node in _walk(spec):
        props = node.get("properties")
        if not isinstance(props, dict) or _PLACEHOLDER not in props:
            continue
        node["additionalProperties"] = props.pop(_PLACEHOLDER)
        required = node.get("required")
        if isinstance(required, list) and _PLACEHOLDER in required:
            required.remove(_PLACEHOLDER)
        touched.append(pointer)
    return touched


def _write_values_single(spec: _Node) -> list[str]:
    # Write bodies declare `values`/`entry_values` as `{slug: array}`, yet their own
    # description and example pass a bare value for single-value attributes (so do the
    # docs: `3.14` or `{"value": 3.14}`). Accept either; the per-type shapes are untyped.
    touched = []
    for pointer, node in _walk(spec):
        example = node.get("example")
        if node.get("additionalProperties") != {"type": "array"} or not isinstance(example, dict):
            continue
        if any(not isinstance(value, list) for value in example.values()):
            node["additionalProperties"] = {}
            touched.append(pointer)
    return touched


def _error_bodies(spec: _Node) -> Iterator[tuple[str, str, _Node]]:
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if not status.startswith(("4", "5")):
                    continue
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if isinstance(schema, dict):
                    pointer = (
                        f"#/paths/{_escape(path)}/{method}/responses/{status}"
                        "/content/application~1json/schema"
                    )
                    yield pointer, status, schema


def _error_status_code_key(spec: _Node) -> list[str]:
    # Two 400 schemas (comments, meetings) spell the key `statusCode`; every real error
    # body, and every other error schema in the spec, uses `status_code`.
    touched = []
    for pointer, _status, schema in _error_bodies(spec):
        properties = schema.get("properties", {})
        if "statusCode" in properties:
            properties["status_code"] = properties.pop("statusCode")
            schema["required"] = [
                "status_code" if key == "statusCode" else key for key in schema.get("required", [])
            ]
            touched.append(pointer)
    return touched


# Codes the live API returned that the spec does not document for the status they came
# with (real/README.md "Genuine mismatches"; FACTS.md §9 rows tagged [R]/[K]).
_OBSERVED_ERROR_CODES: dict[str, tuple[str, ...]] = {
    "400": (
        "uniqueness_conflict",
        "unknown_filter_attribute_slug",
        "matching_attribute_definition_not_unique",
    ),
    "403": ("unauthorized",),
}
_OBSERVED_ERROR_TYPES: dict[str, tuple[str, ...]] = {"403": ("auth_error",)}


def _enum_values(schema: JSON) -> list[Any]:
    if not isinstance(schema, dict):
        return []
    values = list(schema.get("enum", []))
    if "const" in schema:
        values.append(schema["const"])
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        values.extend(_enum_values(branch))
    return values


def _widen(schema: _Node, key: str, allowed: list[Any]) -> bool:
    prop = schema.get("properties", {}).get(key)
    if not isinstance(prop, dict):
        return False
    if sorted(_enum_values(prop), key=str) == sorted(allowed, key=str):
        return False
    schema["properties"][key] = {"type": "string", "enum": allowed}
    return True


def _error_codes(spec: _Node) -> list[str]:
    # The spec documents a single `code` per (operation, status) although the API answers
    # e.g. any 400 with validation_type, value_not_found or uniqueness_conflict alike. Each
    # error schema accepts the codes (and types) the spec lists for that status anywhere,
    # plus those seen in real traffic; status_code and the four-key shape stay strict.
    codes: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    for _pointer, status, schema in _error_bodies(spec):
        props = schema.get("properties", {})
        codes.setdefault(status, set()).update(_enum_values(props.get("code")))
        types.setdefault(status, set()).update(_enum_values(props.get("type")))
    for status, extra in _OBSERVED_ERROR_CODES.items():
        codes.setdefault(status, set()).update(extra)
    for status, extra in _OBSERVED_ERROR_TYPES.items():
        types.setdefault(status, set()).update(extra)
    touched = []
    for pointer, status, schema in _error_bodies(spec):
        changed = _widen(schema, "code", sorted(codes[status]))
        changed = _widen(schema, "type", sorted(types[status])) or changed
        if changed:
            touched.append(pointer)
    return touched


_PATCHES: tuple[tuple[str, str, Callable[[_Node], list[str]]], ...] = (
    ("nullable-keyword", "OpenAPI 3.0 `nullable` rewritten as a type union", _nullable_keyword),
    ("nullable-enum", "null added to enums whose type allows null", _nullable_enum),
    ("timestamp-format", "timestamps declared `format: date` are date-times", _timestamp_format),
    ("relationship-id-only", "attribute.relationship may be {id} only", _relationship_id_only),
    ("write-values-single", "write values may be a bare value, not an array", _write_values_single),
    ("note-meeting-id-optional", "note.meeting_id may be absent", _note_meeting_id_optional),
    (
        "matching-attribute-placeholder",
        "`[slug_or_id_of_matching_attribute]` stands for any attribute key",
        _matching_attribute_placeholder,
    ),
    ("error-status-code-key", "`statusCode` is `status_code`", _error_status_code_key),
    ("error-codes", "error code/type accept any code seen for that status", _error_codes),
)


def patch_spec(spec: _Node) -> list[AppliedPatch]:
    """Apply every known repair to ``spec`` in place (callers deep-copy when they must).

    Returns what each repair changed; a repair that found nothing to do reports no
    locations (useful to notice when Attio fixes a defect upstream).

    >>> patches = patch_spec({"paths": {}})
    >>> [p.count for p in patches]
    [0, 0, 0, 0, 0, 0, 0, 0, 0]
    """
    return [AppliedPatch(name, reason, tuple(repair(spec))) for name, reason, repair in _PATCHES]
