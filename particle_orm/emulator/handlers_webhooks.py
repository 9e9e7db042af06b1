"""Handlers of the webhooks endpoints: ``GET|POST /v2/webhooks``,
``GET|PATCH|DELETE /v2/webhooks/{webhook_id}``.

Read from the OpenAPI spec (the five operations' parameters, bodies, responses, scopes
``webhook:read`` / ``webhook:read-write`` and documented 404s), FACTS.md (§4 pagination:
``limit`` 10 by default, between 10 and 100) and the real captures
(``webhooks-list-empty.json``; ``errors-400-validation-webhook-create.json``, whose
``validation_errors`` report every missing field at once; and
``errors-400-validation-webhook-create-filter.json``, a bad ``filter`` reported as
``{"code": "invalid", "path": ["data", "subscriptions", i, "filter"],
"message": "Invalid input"}``). Where those sources are silent, the emulator chooses:

* Every problem of a body is reported in one 400 ``validation_type`` (``Body payload
  validation error.``), in field order: a missing or non-string ``target_url``
  (``invalid_type``), one that is not a URL (``invalid_string``, ``validation: "url"``,
  ``Invalid url``) or not ``https://`` (``invalid_string``, ``validation: "regex"``,
  ``Invalid``); a missing or non-array ``subscriptions``; per subscription, a non-object
  item, a missing ``event_type`` (``invalid_type``) or one outside the spec's enum
  (``invalid_option`` with ``options``); a missing or malformed ``filter`` (the captured
  ``invalid`` / ``Invalid input``). A filter is malformed unless it is ``null`` or an
  object with exactly one of ``$and`` / ``$or`` holding an array of
  ``{field: string, operator: "equals"|"not_equals", value: string}``; other keys are
  dropped, as Attio's (zod) validation strips unknown keys.
* Only ``POST`` answers the ``secret`` (a 64-character hex string from the emulator's
  seeded id factory); the other responses omit it, as the spec's schemas do.
* ``PATCH`` changes only the fields given; ``subscriptions`` replaces the whole array.
* Unknown or other workspaces' webhook ids are 404 ``not_found``: ``Webhook with ID "…"
  was not found.`` for GET and PATCH, ``Webhook not found`` for DELETE (the spec's
  examples for each).
* The list is oldest first. ``limit`` under 10 is a 400 ``too_small``, over 100 a 400
  ``too_big`` (``Query params validation error.``).
* ``status`` is always ``active``: nothing is sent over the network, so no delivery can fail,
  be retried or degrade a webhook.

Example:
    >>> from particle_orm.emulator.routes import match_route
    >>> match_route("PATCH", "/v2/webhooks/x")[0].handler is update_webhook
    True
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.errors import AttioError, validation_error
from particle_orm.emulator.routes import Request, _page_params, _received, _route
from particle_orm.emulator.webhooks import EVENT_TYPES

__all__ = [
    "create_webhook",
    "delete_webhook",
    "get_webhook",
    "list_webhooks",
    "update_webhook",
    "validate_webhook",
]

_WEBHOOK_R = "webhook:read"
_WEBHOOK_W = "webhook:read-write"
_OPERATORS = ("equals", "not_equals")
_COLUMNS = "id, workspace_id, target_url, subscriptions, status, secret, created_at"
_MIN_LIMIT = 10

Issue = dict[str, Any]


# ---- validation -----------------------------------------------------------------------------


def _type_issue(path: list[str | int], value: Any, expected: str, missing: bool) -> Issue:
    received = "undefined" if missing else _received(value)
    message = "Required" if missing else f"Expected {expected}, received {received}"
    return {
        "code": "invalid_type",
        "path": path,
        "message": message,
        "expected": expected,
        "received": received,
    }


def _url_issues(data: dict[str, Any]) -> list[Issue]:
    path: list[str | int] = ["data", "target_url"]
    value = data.get("target_url")
    if not isinstance(value, str):
        return [_type_issue(path, value, "string", "target_url" not in data)]
    issues: list[Issue] = []
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc or any(c.isspace() for c in value):
        issues.append(
            {"code": "invalid_string", "validation": "url", "path": path, "message": "Invalid url"}
        )
    if not value.startswith("https://"):
        issues.append(
            {"code": "invalid_string", "validation": "regex", "path": path, "message": "Invalid"}
        )
    return issues


def _condition(item: Any) -> dict[str, str] | None:
    if not isinstance(item, dict):
        return None
    field, operator, value = item.get("field"), item.get("operator"), item.get("value")
    if not isinstance(field, str) or operator not in _OPERATORS or not isinstance(value, str):
        return None
    return {"field": field, "operator": operator, "value": value}


def _filter(raw: Any) -> tuple[bool, dict[str, Any] | None]:
    """``(valid, normalised filter)``."""
    if raw is None:
        return True, None
    if not isinstance(raw, dict) or ("$and" in raw) == ("$or" in raw):
        return False, None
    key = "$and" if "$and" in raw else "$or"
    items = raw[key]
    if not isinstance(items, list):
        return False, None
    conditions = [_condition(item) for item in items]
    if any(c is None for c in conditions):
        return False, None
    return True, {key: conditions}


def _subscription_issues(data: dict[str, Any], out: list[dict[str, Any]]) -> list[Issue]:
    path: list[str | int] = ["data", "subscriptions"]
    subs = data.get("subscriptions")
    if not isinstance(subs, list):
        return [_type_issue(path, subs, "array", "subscriptions" not in data)]
    issues: list[Issue] = []
    for i, sub in enumerate(subs):
        here: list[str | int] = [*path, i]
        if not isinstance(sub, dict):
            issues.append(_type_issue(here, sub, "object", False))
            continue
        event_type = sub.get("event_type")
        if "event_type" not in sub:
            issues.append(_type_issue([*here, "event_type"], None, "string", True))
        elif event_type not in EVENT_TYPES:
            shown = f"'{event_type}'" if isinstance(event_type, str) else _received(event_type)
            issues.append(
                {
                    "code": "invalid_option",
                    "path": [*here, "event_type"],
                    "message": "Invalid enum value. Expected "
                    + " | ".join(f"'{t}'" for t in EVENT_TYPES)
                    + f", received {shown}",
                    "options": list(EVENT_TYPES),
                }
            )
        valid, normalised = _filter(sub.get("filter")) if "filter" in sub else (False, None)
        if not valid:
            issues.append(
                {"code": "invalid", "path": [*here, "filter"], "message": "Invalid input"}
            )
        out.append({"event_type": event_type, "filter": normalised})
    return issues


def validate_webhook(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The normalised ``target_url`` / ``subscriptions`` of a body's ``data``, or Attio's
    400 listing every problem. With ``partial`` (PATCH) both fields are optional.

    Example:
        >>> validate_webhook({"target_url": "https://x.io/h", "subscriptions": []})
        {'target_url': 'https://x.io/h', 'subscriptions': []}
        >>> try:
        ...     validate_webhook({})
        ... except AttioError as err:
        ...     print([e["path"][1] for e in err.body()["validation_errors"]])
        ['target_url', 'subscriptions']
    """
    issues: list[Issue] = []
    out: dict[str, Any] = {}
    if not partial or "target_url" in data:
        issues += _url_issues(data)
        out["target_url"] = data.get("target_url")
    if not partial or "subscriptions" in data:
        subs: list[dict[str, Any]] = []
        issues += _subscription_issues(data, subs)
        out["subscriptions"] = subs
    if issues:
        raise validation_error("Body payload validation error.", issues)
    return out


# ---- storage and rendering ------------------------------------------------------------------


def _render(row: tuple[Any, ...], *, secret: bool = False) -> dict[str, Any]:
    wid, ws, url, subs, status, key, at = row
    out: dict[str, Any] = {
        "target_url": url,
        "subscriptions": json.loads(subs),
        "id": {"workspace_id": ws, "webhook_id": wid},
        "status": status,
        "created_at": at,
    }
    if secret:
        out["secret"] = key
    return out


def _webhook_row(req: Request, message: str | None = None) -> tuple[Any, ...]:
    wid = req.params["webhook_id"]
    row = req.ctx.store.db.execute(
        f"SELECT {_COLUMNS} FROM webhook WHERE id=? AND workspace_id=?",
        (wid, req.ctx.workspace_id),
    ).fetchone()
    if row is None:
        raise AttioError(404, "not_found", message or f'Webhook with ID "{wid}" was not found.')
    return tuple(row)


def _changed(ctx: WorkspaceContext) -> None:
    ctx.store.webhooks_changed(ctx.workspace_id)


# ---- endpoints ------------------------------------------------------------------------------


@_route("GET", "/v2/webhooks", "read", _WEBHOOK_R)
def list_webhooks(req: Request) -> Any:
    """``GET /v2/webhooks``: the workspace's webhooks, oldest first, paged."""
    limit, offset = _page_params(req, 10, maximum=100)
    if limit < _MIN_LIMIT:
        raise validation_error(
            "Query params validation error.",
            [
                {
                    "code": "too_small",
                    "path": ["limit"],
                    "message": f"Number must be greater than or equal to {_MIN_LIMIT}",
                }
            ],
        )
    rows = req.ctx.store.db.execute(
        f"SELECT {_COLUMNS} FROM webhook WHERE workspace_id=? "
        "ORDER BY created_at, rowid LIMIT ? OFFSET ?",
        (req.ctx.workspace_id, limit, offset),
    ).fetchall()
    return {"data": [_render(tuple(row)) for row in rows]}


@_route("POST", "/v2/webhooks", "write", _WEBHOOK_W)
def create_webhook(req: Request) -> Any:
    """``POST /v2/webhooks``: answers the webhook with its ``secret``."""
    ctx = req.ctx
    fields = validate_webhook(req.data())
    # 64 hex characters from the emulator's seeded id factory: deterministic per seed.
    secret = (ctx.new_id() + ctx.new_id()).replace("-", "")
    row = (
        ctx.new_id(),
        ctx.workspace_id,
        fields["target_url"],
        json.dumps(fields["subscriptions"]),
        "active",
        secret,
        ctx.now,
    )
    ctx.store.db.execute(f"INSERT INTO webhook ({_COLUMNS}) VALUES (?,?,?,?,?,?,?)", row)
    _changed(ctx)
    return {"data": _render(row, secret=True)}


@_route("GET", "/v2/webhooks/{webhook_id}", "read", _WEBHOOK_R)
def get_webhook(req: Request) -> Any:
    """``GET /v2/webhooks/{webhook_id}``."""
    return {"data": _render(_webhook_row(req))}


@_route("PATCH", "/v2/webhooks/{webhook_id}", "write", _WEBHOOK_W)
def update_webhook(req: Request) -> Any:
    """``PATCH /v2/webhooks/{webhook_id}``: only the fields given change."""
    wid = _webhook_row(req)[0]
    fields = validate_webhook(req.data(), partial=True)
    db = req.ctx.store.db
    if "target_url" in fields:
        db.execute("UPDATE webhook SET target_url=? WHERE id=?", (fields["target_url"], wid))
    if "subscriptions" in fields:
        db.execute(
            "UPDATE webhook SET subscriptions=? WHERE id=?",
            (json.dumps(fields["subscriptions"]), wid),
        )
    _changed(req.ctx)
    return {"data": _render(_webhook_row(req))}


@_route("DELETE", "/v2/webhooks/{webhook_id}", "write", _WEBHOOK_W)
def delete_webhook(req: Request) -> Any:
    """``DELETE /v2/webhooks/{webhook_id}``: answers ``{}``."""
    wid = _webhook_row(req, "Webhook not found")[0]
    req.ctx.store.db.execute("DELETE FROM webhook WHERE id=?", (wid,))
    _changed(req.ctx)
    return {}
