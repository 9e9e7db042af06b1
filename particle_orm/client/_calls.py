"""The endpoint catalogue: each Attio operation as a validated, transport-free ``Call``.

Both clients build their requests here, so argument checking, URL escaping, body shapes
and the read/write and idempotency classification exist once. Bad arguments raise
``InvalidArgumentError`` naming the argument, before any request is made.

Example:
    >>> call = get_record("people", "3a1f9b1e-0000-4000-8000-000000000001")
    >>> call.method, call.path, call.kind, call.idempotent
    ('GET', '/v2/objects/people/records/3a1f9b1e-0000-4000-8000-000000000001', 'read', True)
    >>> get_object("my object/x").path
    '/v2/objects/my%20object%2Fx'
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Literal
from urllib.parse import quote

from particle_orm.client._errors import InvalidArgumentError
from particle_orm.client._ratelimit import Kind

__all__ = ["Call", "Unwrap"]

Unwrap = Literal["data", "body", "none"]
"""How to decode a success body: return ``body["data"]``, the whole body, or ``None``."""

JSON = dict[str, Any]
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Call:
    """One request to make: method, escaped path, query params, JSON body, and how to treat it.

    ``kind`` picks the rate budget; ``idempotent`` says whether a 5xx, timeout or dropped
    connection may be retried.

    Example:
        >>> Call("GET", "/v2/self", unwrap="body").kind
        'read'
    """

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    json: JSON | None = None
    kind: Kind = "read"
    idempotent: bool = True
    unwrap: Unwrap = "data"
    #: For record/entry pages: the key (``values`` or ``entry_values``) to decode lazily
    #: as a :class:`~particle_orm.client.LazyValues` (``None``: parse everything).
    lazy_values: str | None = None


def raw_call(
    method: str,
    path: str,
    *,
    json: Any = None,
    params: Mapping[str, Any] | None = None,
    kind: Kind | None = None,
    idempotent: bool | None = None,
) -> Call:
    """A call to any Attio path; ``kind`` and ``idempotent`` default from the method and path.

    Example:
        >>> c = raw_call("POST", "/v2/objects/people/records/query", json={})
        >>> c.kind, c.idempotent
        ('read', True)
        >>> raw_call("POST", "/v2/notes", json={}).idempotent
        False
    """
    if not isinstance(method, str) or not method.isalpha():
        raise InvalidArgumentError(f"method: expected an HTTP method name, got {method!r}")
    verb = method.upper()
    if not isinstance(path, str) or not path.startswith("/") or "://" in path:
        raise InvalidArgumentError(
            f"path: expected an absolute path such as '/v2/self', got {path!r}"
        )
    if "?" in path or "#" in path:
        raise InvalidArgumentError(f"path: pass query parameters via params=, got {path!r}")
    is_query = verb == "POST" and path.rstrip("/").endswith(("/query", "/search"))
    resolved_kind: Kind = kind or ("read" if verb == "GET" or is_query else "write")
    if resolved_kind not in ("read", "write"):
        raise InvalidArgumentError(f"kind: expected 'read' or 'write', got {kind!r}")
    if json is not None and not isinstance(json, dict):
        raise InvalidArgumentError(f"json: expected a dict body, got {type(json).__name__}")
    return Call(
        verb,
        path,
        params=_params(params or {}),
        json=json,
        kind=resolved_kind,
        idempotent=(verb in _IDEMPOTENT_METHODS or is_query) if idempotent is None else idempotent,
        unwrap="body",
    )


# --- argument checking -----------------------------------------------------------------


def _segment(name: str, value: object) -> str:
    """A slug, title or id as one URL-escaped path segment."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"{name}: expected a slug or id string, got {type(value).__name__} {value!r}"
        )
    if not value.strip() or value in (".", ".."):
        raise InvalidArgumentError(f"{name}: expected a non-empty slug or id, got {value!r}")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidArgumentError(f"{name}: control characters are not allowed, got {value!r}")
    return quote(value, safe="")


def _uuid(name: str, value: object) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise InvalidArgumentError(f"{name}: expected a UUID, got {value!r}")


def _target(value: object) -> str:
    if value not in ("objects", "lists"):
        raise InvalidArgumentError(f"target: expected 'objects' or 'lists', got {value!r}")
    return str(value)


def _mapping(name: str, value: object, *, allow_empty: bool = True) -> JSON:
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"{name}: expected a dict, got {type(value).__name__}")
    if not allow_empty and not value:
        raise InvalidArgumentError(f"{name}: expected at least one field to change, got {{}}")
    return dict(value)


def _count(name: str, value: object, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgumentError(f"{name}: expected an int >= {minimum}, got {value!r}")
    return value


def _title(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{name}: expected a non-empty string, got {value!r}")
    return value


def _params(values: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for key, value in values.items():
        if value is None:
            continue
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, bool):
                out.append((key, "true" if item else "false"))
            else:
                out.append((key, str(item)))
    return tuple(out)


def _paging(limit: object, offset: object) -> dict[str, int]:
    page: dict[str, int] = {}
    if limit is not None:
        page["limit"] = _count("limit", limit)
    if offset is not None:
        page["offset"] = _count("offset", offset)
    return page


def _query_body(filter: object, sorts: object, limit: object, offset: object) -> JSON:
    body: JSON = {}
    if filter is not None:
        body["filter"] = _mapping("filter", filter)
    if sorts is not None:
        if not isinstance(sorts, Sequence) or isinstance(sorts, (str, bytes)):
            raise InvalidArgumentError(f"sorts: expected a list of sort dicts, got {sorts!r}")
        body["sorts"] = [_mapping("sorts[]", s) for s in sorts]
    body.update(_paging(limit, offset))
    return body


def _flag(value: object, name: str) -> bool | None:
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{name}: expected True or False, got {value!r}")
    # Send the flag only when set, so default requests stay minimal.
    return True if value else None


def _retry_class(call: Call, idempotent: object) -> Call:
    # A PATCH that appends multiselect values is not safe to repeat blindly: the caller
    # may say so, and then a lost response raises AmbiguousWriteError instead.
    if not isinstance(idempotent, bool):
        raise InvalidArgumentError(f"idempotent: expected True or False, got {idempotent!r}")
    return call if idempotent else replace(call, idempotent=False)


def _read(path: str, params: Mapping[str, Any] | None = None) -> Call:
    return Call("GET", path, params=_params(params or {}))


def _write(
    method: str, path: str, data: JSON | None, *, params: Mapping[str, Any] | None = None
) -> Call:
    return Call(
        method,
        path,
        params=_params(params or {}),
        json=None if data is None else {"data": data},
        kind="write",
        idempotent=method != "POST",
    )


# --- self, objects ---------------------------------------------------------------------


def get_self() -> Call:
    return Call("GET", "/v2/self", unwrap="body")


def list_objects() -> Call:
    return _read("/v2/objects")


def get_object(object: object) -> Call:
    return _read(f"/v2/objects/{_segment('object', object)}")


def create_object(api_slug: object, singular_noun: object, plural_noun: object) -> Call:
    data = {
        "api_slug": _title("api_slug", api_slug),
        "singular_noun": _title("singular_noun", singular_noun),
        "plural_noun": _title("plural_noun", plural_noun),
    }
    return _write("POST", "/v2/objects", data)


_OBJECT_FIELDS = frozenset({"api_slug", "singular_noun", "plural_noun"})


def update_object(object: object, fields: Mapping[str, Any]) -> Call:
    data = _mapping("fields", fields, allow_empty=False)
    unknown = sorted(set(data) - _OBJECT_FIELDS)
    if unknown:
        raise InvalidArgumentError(
            f"update_object: unknown field(s) {', '.join(unknown)}; "
            f"expected some of {', '.join(sorted(_OBJECT_FIELDS))}"
        )
    return _write("PATCH", f"/v2/objects/{_segment('object', object)}", data)


# --- attributes, options, statuses -----------------------------------------------------


def _attributes(target: object, identifier: object) -> str:
    return f"/v2/{_target(target)}/{_segment('identifier', identifier)}/attributes"


def list_attributes(
    target: object, identifier: object, show_archived: object, limit: object, offset: object
) -> Call:
    params: dict[str, Any] = {"show_archived": _flag(show_archived, "show_archived")}
    params.update(_paging(limit, offset))
    return _read(_attributes(target, identifier), params)


def get_attribute(target: object, identifier: object, attribute: object) -> Call:
    return _read(f"{_attributes(target, identifier)}/{_segment('attribute', attribute)}")


def create_attribute(target: object, identifier: object, data: Mapping[str, Any]) -> Call:
    return _write(
        "POST", _attributes(target, identifier), _mapping("data", data, allow_empty=False)
    )


def update_attribute(
    target: object, identifier: object, attribute: object, data: Mapping[str, Any]
) -> Call:
    path = f"{_attributes(target, identifier)}/{_segment('attribute', attribute)}"
    return _write("PATCH", path, _mapping("data", data, allow_empty=False))


def _choices(target: object, identifier: object, attribute: object, kind: str) -> str:
    return f"{_attributes(target, identifier)}/{_segment('attribute', attribute)}/{kind}"


def list_select_options(
    target: object, identifier: object, attribute: object, show_archived: object
) -> Call:
    path = _choices(target, identifier, attribute, "options")
    return _read(path, {"show_archived": _flag(show_archived, "show_archived")})


def create_select_option(
    target: object, identifier: object, attribute: object, title: object
) -> Call:
    path = _choices(target, identifier, attribute, "options")
    return _write("POST", path, {"title": _title("title", title)})


def update_select_option(
    target: object, identifier: object, attribute: object, option: object, data: Mapping[str, Any]
) -> Call:
    path = f"{_choices(target, identifier, attribute, 'options')}/{_segment('option', option)}"
    return _write("PATCH", path, _mapping("data", data, allow_empty=False))


def list_statuses(
    target: object, identifier: object, attribute: object, show_archived: object
) -> Call:
    path = _choices(target, identifier, attribute, "statuses")
    return _read(path, {"show_archived": _flag(show_archived, "show_archived")})


def create_status(
    target: object, identifier: object, attribute: object, title: object, extra: Mapping[str, Any]
) -> Call:
    path = _choices(target, identifier, attribute, "statuses")
    return _write("POST", path, {"title": _title("title", title), **extra})


def update_status(
    target: object, identifier: object, attribute: object, status: object, data: Mapping[str, Any]
) -> Call:
    path = f"{_choices(target, identifier, attribute, 'statuses')}/{_segment('status', status)}"
    return _write("PATCH", path, _mapping("data", data, allow_empty=False))


# --- records ---------------------------------------------------------------------------


def _records(object: object) -> str:
    return f"/v2/objects/{_segment('object', object)}/records"


def _record(object: object, record_id: object) -> str:
    return f"{_records(object)}/{_uuid('record_id', record_id)}"


def query_records(
    object: object,
    filter: object,
    sorts: object,
    limit: object,
    offset: object,
    lazy_values: object = False,
) -> Call:
    body = _query_body(filter, sorts, limit, offset)
    lazy = "values" if _flag(lazy_values, "lazy_values") else None
    return Call("POST", f"{_records(object)}/query", json=body, lazy_values=lazy)


def search_records(query: object, objects: object, request_as: object, limit: object) -> Call:
    if not isinstance(query, str) or len(query) > 256:
        raise InvalidArgumentError(
            f"query: expected a string of at most 256 characters, got {query!r}"
        )
    if isinstance(objects, str) or not isinstance(objects, Sequence) or not objects:
        raise InvalidArgumentError(
            f"objects: expected a non-empty list of slugs or ids, got {objects!r}"
        )
    body: JSON = {
        "query": query,
        "objects": [_title("objects[]", o) for o in objects],
        "request_as": _mapping("request_as", request_as),
    }
    if limit is not None:
        body["limit"] = _count("limit", limit, minimum=1)
    return Call("POST", "/v2/objects/records/search", json=body)


def create_record(object: object, values: Mapping[str, Any]) -> Call:
    return _write("POST", _records(object), {"values": _mapping("values", values)})


def assert_record(object: object, matching_attribute: object, values: Mapping[str, Any]) -> Call:
    params = {"matching_attribute": _title("matching_attribute", matching_attribute)}
    return _write("PUT", _records(object), {"values": _mapping("values", values)}, params=params)


def get_record(object: object, record_id: object) -> Call:
    return _read(_record(object, record_id))


def patch_record(
    object: object, record_id: object, values: Mapping[str, Any], idempotent: object = True
) -> Call:
    call = _write("PATCH", _record(object, record_id), {"values": _mapping("values", values)})
    return _retry_class(call, idempotent)


def put_record(object: object, record_id: object, values: Mapping[str, Any]) -> Call:
    return _write("PUT", _record(object, record_id), {"values": _mapping("values", values)})


def delete_record(object: object, record_id: object) -> Call:
    return Call("DELETE", _record(object, record_id), kind="write", unwrap="none")


def list_record_attribute_values(
    object: object,
    record_id: object,
    attribute: object,
    show_historic: object,
    limit: object,
    offset: object,
) -> Call:
    path = f"{_record(object, record_id)}/attributes/{_segment('attribute', attribute)}/values"
    params: dict[str, Any] = {"show_historic": _flag(show_historic, "show_historic")}
    params.update(_paging(limit, offset))
    return _read(path, params)


def list_record_entries(object: object, record_id: object, limit: object, offset: object) -> Call:
    return _read(f"{_record(object, record_id)}/entries", _paging(limit, offset))


# --- lists and entries -----------------------------------------------------------------


def list_lists() -> Call:
    return _read("/v2/lists")


def get_list(list: object) -> Call:
    return _read(f"/v2/lists/{_segment('list', list)}")


def create_list(data: Mapping[str, Any]) -> Call:
    return _write("POST", "/v2/lists", _mapping("data", data, allow_empty=False))


def update_list(list: object, data: Mapping[str, Any]) -> Call:
    return _write(
        "PATCH", f"/v2/lists/{_segment('list', list)}", _mapping("data", data, allow_empty=False)
    )


def _entries(list: object) -> str:
    return f"/v2/lists/{_segment('list', list)}/entries"


def _entry(list: object, entry_id: object) -> str:
    return f"{_entries(list)}/{_uuid('entry_id', entry_id)}"


def query_entries(
    list: object,
    filter: object,
    sorts: object,
    limit: object,
    offset: object,
    lazy_values: object = False,
) -> Call:
    body = _query_body(filter, sorts, limit, offset)
    lazy = "entry_values" if _flag(lazy_values, "lazy_values") else None
    return Call("POST", f"{_entries(list)}/query", json=body, lazy_values=lazy)


def _entry_data(parent_object: object, parent_record_id: object, entry_values: object) -> JSON:
    return {
        "parent_record_id": _uuid("parent_record_id", parent_record_id),
        "parent_object": _title("parent_object", parent_object),
        "entry_values": _mapping("entry_values", entry_values),
    }


def create_entry(
    list: object, parent_object: object, parent_record_id: object, entry_values: object
) -> Call:
    return _write(
        "POST", _entries(list), _entry_data(parent_object, parent_record_id, entry_values)
    )


def assert_entry(
    list: object, parent_object: object, parent_record_id: object, entry_values: object
) -> Call:
    return _write("PUT", _entries(list), _entry_data(parent_object, parent_record_id, entry_values))


def get_entry(list: object, entry_id: object) -> Call:
    return _read(_entry(list, entry_id))


def patch_entry(
    list: object, entry_id: object, entry_values: object, idempotent: object = True
) -> Call:
    data = {"entry_values": _mapping("entry_values", entry_values)}
    return _retry_class(_write("PATCH", _entry(list, entry_id), data), idempotent)


def put_entry(list: object, entry_id: object, entry_values: object) -> Call:
    data = {"entry_values": _mapping("entry_values", entry_values)}
    return _write("PUT", _entry(list, entry_id), data)


def delete_entry(list: object, entry_id: object) -> Call:
    return Call("DELETE", _entry(list, entry_id), kind="write", unwrap="none")


def list_entry_attribute_values(
    list: object,
    entry_id: object,
    attribute: object,
    show_historic: object,
    limit: object,
    offset: object,
) -> Call:
    path = f"{_entry(list, entry_id)}/attributes/{_segment('attribute', attribute)}/values"
    params: dict[str, Any] = {"show_historic": _flag(show_historic, "show_historic")}
    params.update(_paging(limit, offset))
    return _read(path, params)


# --- workspace members -----------------------------------------------------------------


def list_workspace_members() -> Call:
    return _read("/v2/workspace_members")


def get_workspace_member(workspace_member_id: object) -> Call:
    return _read(f"/v2/workspace_members/{_uuid('workspace_member_id', workspace_member_id)}")


# --- notes and tasks -------------------------------------------------------------------

NOTE_FORMATS = ("plaintext", "markdown")
TASK_SORTS = ("created_at:asc", "created_at:desc")
TASK_CONTENT_MAX = 2000


def _timestamp(name: str, value: object) -> str:
    """A timezone-aware datetime (or an ISO 8601 string, sent as given) → Attio's form."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidArgumentError(f"{name}: expected a timezone-aware datetime, got {value!r}")
        utc = value.astimezone(timezone.utc)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}000Z"
    raise InvalidArgumentError(
        f"{name}: expected a timezone-aware datetime or an ISO 8601 string, got {value!r}"
    )


def _linked_records(value: object) -> list[JSON]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise InvalidArgumentError(
            "linked_records: expected a list of {'target_object', 'target_record_id'} dicts "
            f"or (object, record_id) pairs, got {value!r}"
        )
    out: list[JSON] = []
    for item in value:
        if isinstance(item, Mapping):
            out.append(dict(item))
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(
                {
                    "target_object": _title("linked_records[].target_object", item[0]),
                    "target_record_id": _uuid("linked_records[].target_record_id", item[1]),
                }
            )
        else:
            raise InvalidArgumentError(
                f"linked_records: expected a dict or an (object, record_id) pair, got {item!r}"
            )
    return out


def _assignee(value: object) -> JSON:
    """A workspace member: its id, its email address, or the spec's dict form."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (str, uuid.UUID)) and str(value).strip():
        text = str(value)
        if "@" in text:
            return {"workspace_member_email_address": text}
        return {
            "referenced_actor_type": "workspace-member",
            "referenced_actor_id": _uuid("assignees[]", text),
        }
    raise InvalidArgumentError(
        f"assignees: expected a workspace member id or email address, got {value!r}"
    )


def _assignees(value: object) -> list[JSON]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise InvalidArgumentError(
            f"assignees: expected a list of member ids or email addresses, got {value!r}"
        )
    return [_assignee(v) for v in value]


def _bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{name}: expected True or False, got {value!r}")
    return value


def _choice(name: str, value: object, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise InvalidArgumentError(f"{name}: expected one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def list_notes(
    parent_object: object, parent_record_id: object, limit: object, offset: object
) -> Call:
    params: dict[str, Any] = {}
    if parent_object is not None:
        params["parent_object"] = _title("parent_object", parent_object)
    if parent_record_id is not None:
        if parent_object is None:
            raise InvalidArgumentError("parent_record_id: give parent_object with it")
        params["parent_record_id"] = _uuid("parent_record_id", parent_record_id)
    params.update(_paging(limit, offset))
    return _read("/v2/notes", params)


def get_note(note_id: object) -> Call:
    return _read(f"/v2/notes/{_uuid('note_id', note_id)}")


def create_note(
    parent_object: object,
    parent_record_id: object,
    title: object,
    content: object,
    format: object,
    created_at: object,
    meeting_id: object,
) -> Call:
    if not isinstance(title, str):
        raise InvalidArgumentError(f"title: expected a string, got {title!r}")
    if not isinstance(content, str):
        raise InvalidArgumentError(f"content: expected a string, got {content!r}")
    data: JSON = {
        "parent_object": _title("parent_object", parent_object),
        "parent_record_id": _uuid("parent_record_id", parent_record_id),
        "title": title,
        "format": _choice("format", format, NOTE_FORMATS),
        "content": content,
    }
    if created_at is not None:
        data["created_at"] = _timestamp("created_at", created_at)
    if meeting_id is not None:
        data["meeting_id"] = _uuid("meeting_id", meeting_id)
    return _write("POST", "/v2/notes", data)


def delete_note(note_id: object) -> Call:
    path = f"/v2/notes/{_uuid('note_id', note_id)}"
    return Call("DELETE", path, kind="write", unwrap="none")


def list_tasks(
    linked_object: object,
    linked_record_id: object,
    assignee: object,
    is_completed: object,
    sort: object,
    limit: object,
    offset: object,
) -> Call:
    params: dict[str, Any] = {}
    if linked_object is not None:
        params["linked_object"] = _title("linked_object", linked_object)
    if linked_record_id is not None:
        if linked_object is None:
            raise InvalidArgumentError("linked_record_id: give linked_object with it")
        params["linked_record_id"] = _uuid("linked_record_id", linked_record_id)
    if assignee is not None:
        member = _assignee(assignee)
        params["assignee"] = member.get("workspace_member_email_address") or member.get(
            "referenced_actor_id"
        )
    if is_completed is not None:
        params["is_completed"] = _bool("is_completed", is_completed)
    if sort is not None:
        params["sort"] = _choice("sort", sort, TASK_SORTS)
    params.update(_paging(limit, offset))
    return _read("/v2/tasks", params)


def get_task(task_id: object) -> Call:
    return _read(f"/v2/tasks/{_uuid('task_id', task_id)}")


def _task_content(content: object) -> str:
    if not isinstance(content, str) or not content.strip():
        raise InvalidArgumentError(f"content: expected a non-empty string, got {content!r}")
    if len(content) > TASK_CONTENT_MAX:
        raise InvalidArgumentError(
            f"content: at most {TASK_CONTENT_MAX} characters, got {len(content)}"
        )
    return content


def create_task(
    content: object,
    deadline_at: object,
    is_completed: object,
    linked_records: object,
    assignees: object,
) -> Call:
    completed = _bool("is_completed", is_completed)
    data: JSON = {
        "content": _task_content(content),
        "format": "plaintext",
        "deadline_at": None if deadline_at is None else _timestamp("deadline_at", deadline_at),
        "is_completed": completed,
        "linked_records": _linked_records(linked_records),
        "assignees": _assignees(assignees),
    }
    return _write("POST", "/v2/tasks", data)


UNSET: Any = object()
"""``update_task`` arguments left out are not sent (``deadline_at=None`` clears it)."""


def update_task(
    task_id: object,
    deadline_at: object,
    is_completed: object,
    linked_records: object,
    assignees: object,
) -> Call:
    data: JSON = {}
    if deadline_at is not UNSET:
        data["deadline_at"] = (
            None if deadline_at is None else _timestamp("deadline_at", deadline_at)
        )
    if is_completed is not UNSET:
        data["is_completed"] = _bool("is_completed", is_completed)
    if linked_records is not UNSET:
        data["linked_records"] = _linked_records(linked_records)
    if assignees is not UNSET:
        data["assignees"] = _assignees(assignees)
    if not data:
        raise InvalidArgumentError("update_task: give at least one field to change")
    return _write("PATCH", f"/v2/tasks/{_uuid('task_id', task_id)}", data)


def delete_task(task_id: object) -> Call:
    path = f"/v2/tasks/{_uuid('task_id', task_id)}"
    return Call("DELETE", path, kind="write", unwrap="none")


# --- webhooks --------------------------------------------------------------------------


def _target_url(value: object) -> str:
    if not isinstance(value, str) or not value.startswith("https://") or len(value) <= 8:
        raise InvalidArgumentError(f"target_url: expected an https:// URL, got {value!r}")
    return value


def _subscriptions(value: object) -> list[JSON]:
    """Event types (``"record.created"``) or Attio's ``{event_type, filter}`` dicts."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise InvalidArgumentError(
            f"subscriptions: expected a list of event types or subscription dicts, got {value!r}"
        )
    out: list[JSON] = []
    for item in value:
        if isinstance(item, str):
            out.append({"event_type": _title("subscriptions[].event_type", item), "filter": None})
        elif isinstance(item, Mapping):
            sub = dict(item)
            _title("subscriptions[].event_type", sub.get("event_type"))
            sub.setdefault("filter", None)
            out.append(sub)
        else:
            raise InvalidArgumentError(
                f"subscriptions: expected an event type or a dict, got {item!r}"
            )
    return out


def list_webhooks(limit: object, offset: object) -> Call:
    return _read("/v2/webhooks", _paging(limit, offset))


def get_webhook(webhook_id: object) -> Call:
    return _read(f"/v2/webhooks/{_uuid('webhook_id', webhook_id)}")


def create_webhook(target_url: object, subscriptions: object) -> Call:
    data = {"target_url": _target_url(target_url), "subscriptions": _subscriptions(subscriptions)}
    return _write("POST", "/v2/webhooks", data)


def update_webhook(webhook_id: object, target_url: object, subscriptions: object) -> Call:
    data: JSON = {}
    if target_url is not UNSET:
        data["target_url"] = _target_url(target_url)
    if subscriptions is not UNSET:
        data["subscriptions"] = _subscriptions(subscriptions)
    if not data:
        raise InvalidArgumentError("update_webhook: give target_url or subscriptions")
    return _write("PATCH", f"/v2/webhooks/{_uuid('webhook_id', webhook_id)}", data)


def delete_webhook(webhook_id: object) -> Call:
    path = f"/v2/webhooks/{_uuid('webhook_id', webhook_id)}"
    return Call("DELETE", path, kind="write", unwrap="none")


# --- threads and comments ---------------------------------------------------------------


def _pair(names: tuple[str, str], first: object, second: object) -> tuple[str, str] | None:
    """Both of a (container, id) pair or neither (``None``)."""
    if first is None and second is None:
        return None
    if first is None or second is None:
        raise InvalidArgumentError(f"{names[0]} and {names[1]} go together: give both")
    return _title(names[0], first), _uuid(names[1], second)


def list_threads(
    object: object,
    record_id: object,
    list: object,
    entry_id: object,
    limit: object,
    offset: object,
) -> Call:
    on_record = _pair(("object", "record_id"), object, record_id)
    on_entry = _pair(("list", "entry_id"), list, entry_id)
    if (on_record is None) == (on_entry is None):
        raise InvalidArgumentError(
            "list_threads: give object and record_id, or list and entry_id (one of the two)"
        )
    params: dict[str, Any] = {}
    if on_record is not None:
        params.update(object=on_record[0], record_id=on_record[1])
    elif on_entry is not None:
        params.update(list=on_entry[0], entry_id=on_entry[1])
    params.update(_paging(limit, offset))
    return _read("/v2/threads", params)


def get_thread(thread_id: object) -> Call:
    return _read(f"/v2/threads/{_uuid('thread_id', thread_id)}")


def _author(value: object) -> JSON:
    if isinstance(value, Mapping):
        return dict(value)
    return {"type": "workspace-member", "id": _uuid("author", value)}


def create_comment(
    content: object,
    author: object,
    thread_id: object,
    record: object,
    entry: object,
    created_at: object,
) -> Call:
    if not isinstance(content, str) or not content.strip():
        raise InvalidArgumentError(f"content: expected a non-empty string, got {content!r}")
    data: JSON = {"format": "plaintext", "content": content, "author": _author(author)}
    given = [k for k, v in (("thread_id", thread_id), ("record", record), ("entry", entry)) if v]
    if len(given) != 1:
        raise InvalidArgumentError(
            "create_comment: give exactly one of thread_id (a reply), record=(object, "
            f"record_id) or entry=(list, entry_id); got {given or 'none'}"
        )
    if thread_id is not None:
        data["thread_id"] = _uuid("thread_id", thread_id)
    elif record is not None:
        if not isinstance(record, tuple) or len(record) != 2:
            raise InvalidArgumentError(f"record: expected (object, record_id), got {record!r}")
        data["record"] = {
            "object": _title("record.object", record[0]),
            "record_id": _uuid("record.record_id", record[1]),
        }
    else:
        if not isinstance(entry, tuple) or len(entry) != 2:
            raise InvalidArgumentError(f"entry: expected (list, entry_id), got {entry!r}")
        data["entry"] = {
            "list": _title("entry.list", entry[0]),
            "entry_id": _uuid("entry.entry_id", entry[1]),
        }
    if created_at is not None:
        data["created_at"] = _timestamp("created_at", created_at)
    return _write("POST", "/v2/comments", data)


def get_comment(comment_id: object) -> Call:
    return _read(f"/v2/comments/{_uuid('comment_id', comment_id)}")


def delete_comment(comment_id: object) -> Call:
    path = f"/v2/comments/{_uuid('comment_id', comment_id)}"
    return Call("DELETE", path, kind="write", unwrap="none")
