"""HTTP routing and the handlers of every endpoint the emulator implements.

A route names its method, path pattern, the scopes it needs and whether it spends the read
or the write budget. Real Attio endpoints the emulator does not implement answer a 501
Attio-shaped error; anything else is Attio's 404 ``Could not find endpoint``.

Example:
    >>> match_route("GET", "/v2/objects/people")[0].name
    'get_object'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.entities import (
    Token,
    Workspace,
)
from particle_orm.emulator.errors import (
    AttioError,
    validation_error,
)

__all__ = ["CREATABLE_TYPES", "Request", "Route", "all_routes", "match_route", "unimplemented"]

CREATABLE_TYPES = (
    "text",
    "number",
    "checkbox",
    "currency",
    "date",
    "timestamp",
    "rating",
    "status",
    "select",
    "record-reference",
    "actor-reference",
    "location",
    "domain",
    "email-address",
    "phone-number",
)
_CURRENCIES = frozenset(
    [
        "ARS",
        "AUD",
        "BRL",
        "BGN",
        "CAD",
        "CLP",
        "CNY",
        "COP",
        "CZK",
        "DKK",
        "EUR",
        "HKD",
        "HUF",
        "ISK",
        "INR",
        "ILS",
        "JPY",
        "KES",
        "KRW",
        "MYR",
        "MXN",
        "NTD",
        "NZD",
        "NGN",
        "NOK",
        "XPF",
        "PEN",
        "PHP",
        "PLN",
        "GBP",
        "RWF",
        "SAR",
        "SGD",
        "ZAR",
        "SEK",
        "CHF",
        "THB",
        "AED",
        "UYU",
        "USD",
    ]
)
_SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Request:
    """One authenticated API call as the handlers see it."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    params: dict[str, str]
    ctx: WorkspaceContext
    workspace: Workspace
    token: Token

    def data(self) -> dict[str, Any]:
        """The body's ``data`` object, or Attio's 400."""
        data = self.body.get("data") if isinstance(self.body, dict) else None
        if not isinstance(data, dict):
            raise validation_error(
                "Body payload validation error.",
                [
                    {
                        "code": "invalid_type",
                        "path": ["data"],
                        "message": "Required",
                        "expected": "object",
                        "received": "undefined",
                    }
                ],
            )
        return data

    def flag(self, name: str) -> bool:
        """A boolean query parameter."""
        value = self.query.get(name, "false").lower()
        if value not in ("true", "false"):
            raise _query_error(name, "Expected boolean")
        return value == "true"

    def int_param(self, name: str, default: int, maximum: int | None = None) -> int:
        """A non-negative integer query parameter."""
        raw = self.query.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or (maximum is not None and int(raw) > maximum):
            raise _query_error(name, "Expected a non-negative integer")
        return int(raw)


def _query_error(name: str, message: str) -> AttioError:
    return validation_error(
        "Query params validation error.",
        [{"code": "invalid_type", "path": [name], "message": message}],
    )


Handler = Callable[[Request], Any]


@dataclass(frozen=True)
class Route:
    """One endpoint."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    kind: Literal["read", "write"]
    scopes: tuple[str, ...] = field(default=())
    name: str = ""


_ROUTES: list[Route] = []


def _route(
    method: str, template: str, kind: Literal["read", "write"], *scopes: str
) -> Callable[[Handler], Handler]:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)

    def register(fn: Handler) -> Handler:
        _ROUTES.append(Route(method, re.compile(f"^{regex}$"), fn, kind, scopes, fn.__name__))
        return fn

    return register


def all_routes() -> list[Route]:
    """Every implemented endpoint (for docs and tests)."""
    return list(_ROUTES)


def match_route(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route and path parameters for a request, if the emulator implements it."""
    for route in _ROUTES:
        if route.method == method:
            m = route.pattern.match(path)
            if m:
                return route, m.groupdict()
    return None


_UNIMPLEMENTED = [
    ("POST", r"/v2/objects/records/search"),
    ("GET|POST", r"/v2/meetings"),
    ("GET", r"/v2/meetings/[^/]+"),
    ("GET|POST", r"/v2/meetings/[^/]+/call_recordings"),
    ("GET|DELETE", r"/v2/meetings/[^/]+/call_recordings/[^/]+"),
    ("GET", r"/v2/meetings/[^/]+/call_recordings/[^/]+/transcript"),
    ("GET", r"/scim/v2/Schemas"),
]
_UNIMPLEMENTED_RE = [(set(m.split("|")), re.compile(f"^{p}$")) for m, p in _UNIMPLEMENTED]


def unimplemented(method: str, path: str) -> bool:
    """Whether ``method path`` is a real Attio endpoint the emulator does not implement."""
    return any(method in methods and rx.match(path) for methods, rx in _UNIMPLEMENTED_RE)


_OBJ_R = "object_configuration:read"
_OBJ_W = "object_configuration:read-write"
_REC_R = "record_permission:read"
_REC_W = "record_permission:read-write"
_LIST_R = "list_configuration:read"
_LIST_W = "list_configuration:read-write"
_ENT_R = "list_entry:read"
_ENT_W = "list_entry:read-write"
_MEM_R = "user_management:read"
_NOTE_R = "note:read"
_NOTE_W = "note:read-write"
_TASK_R = "task:read"
_TASK_W = "task:read-write"


def _config_scope(target: str, write: bool) -> str:
    if target == "lists":
        return _LIST_W if write else _LIST_R
    return _OBJ_W if write else _OBJ_R


def _require_str(data: dict[str, Any], key: str, *, slug: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value or (slug and not _SLUG_RE.match(value)):
        expected = "snake_case slug" if slug else "string"
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_type",
                    "path": ["data", key],
                    "message": "Required" if value is None else f"Expected {expected}",
                    "expected": expected,
                    "received": type(value).__name__,
                }
            ],
        )
    return value


def _slug_conflict(what: str, slug: str) -> AttioError:
    return AttioError(409, "slug_conflict", f'{what} with slug "{slug}" already exists.')


def _bool(data: dict[str, Any], key: str, *, required: bool = True) -> bool | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, bool):
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_type",
                    "path": ["data", key],
                    "expected": "boolean",
                    "received": "undefined" if value is None else type(value).__name__,
                    "message": "Required" if value is None else "Expected boolean",
                }
            ],
        )
    return value


def _received(value: Any) -> str:
    """The JSON type name of ``value`` as Attio's ``received`` reports it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _field_error(
    path: list[str | int], message: str, *, code: str = "invalid_type", **extra: Any
) -> AttioError:
    """400 ``validation_type`` for one bad field of a request body."""
    return validation_error(
        "Body payload validation error.",
        [{"code": code, "path": path, "message": message, **extra}],
    )


def _type_error(data: dict[str, Any], key: str, expected: str) -> AttioError:
    """400 for ``data[key]`` missing or not of the JSON type ``expected``."""
    missing = key not in data
    received = "undefined" if missing else _received(data[key])
    message = "Required" if missing else f"Expected {expected}, received {received}"
    return _field_error(["data", key], message, expected=expected, received=received)


def _page_params(req: Request, default: int, maximum: int | None = None) -> tuple[int, int]:
    """``(limit, offset)`` query parameters; a ``limit`` over ``maximum`` is a 400."""
    limit = req.int_param("limit", default)
    if maximum is not None and limit > maximum:
        raise validation_error(
            "Query params validation error.",
            [
                {
                    "code": "too_big",
                    "path": ["limit"],
                    "message": f"Number must be less than or equal to {maximum}",
                }
            ],
        )
    return limit, req.int_param("offset", 0)


# Handler modules register their routes with ``_route`` when imported.
from particle_orm.emulator import (  # noqa: E402, F401
    handlers_comments,
    handlers_data,
    handlers_notes,
    handlers_schema,
    handlers_tasks,
    handlers_webhooks,
)
