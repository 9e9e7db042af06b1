"""The patched Attio OpenAPI document, compiled into per-operation body validators.

>>> contract = get_contract()                                    # doctest: +SKIP
>>> contract.match("GET", "/v2/objects/people/records/" + uuid).template   # doctest: +SKIP
'/v2/objects/{object}/records/{record_id}'
>>> contract.validate_response("GET", "/v2/self", 200, body)     # doctest: +SKIP
"""

from __future__ import annotations

import copy
import json
import math
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from ._errors import ContractViolation, SchemaError, SpecUnavailable
from ._patches import AppliedPatch, patch_spec
from ._routes import RouteTable

__all__ = ["Operation", "SpecContract", "default_spec_path", "get_contract"]

_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
_SPEC_URI = "urn:particle-orm:attio-openapi"


@dataclass(frozen=True)
class Operation:
    """One documented operation: ``method`` + path ``template`` and what it declares.

    >>> op = Operation("GET", "/v2/self", "getV2Self", "Identify", (200,), False, False)
    >>> str(op)
    'GET /v2/self'
    """

    method: str
    template: str
    operation_id: str | None
    summary: str
    statuses: tuple[int, ...]
    has_request_body: bool
    request_body_required: bool

    def __str__(self) -> str:
        return f"{self.method} {self.template}"


def _pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _json_pointer(parts: list[str | int]) -> str:
    return "".join(f"/{_pointer_token(str(part))}" for part in parts)


def _depth(error: jsonschema_rs.ValidationError) -> int:
    return len(error.instance_path)


def _branch_relevance(errors: list[jsonschema_rs.ValidationError]) -> tuple[bool, int, int]:
    # A branch rejected by a const/enum (a discriminator such as attribute_type) is not
    # the one the body meant; among the rest, errors that sit deeper mean more progress.
    discriminated = any(error.kind.name in ("const", "enum") for error in errors)
    return (not discriminated, max(_depth(error) for error in errors), -len(errors))


def _leaves(error: jsonschema_rs.ValidationError) -> list[jsonschema_rs.ValidationError]:
    """The errors of the anyOf/oneOf branch the body most plausibly meant, recursively.

    "is not valid under any of the schemas listed in 'oneOf'" is true but useless for a
    17-way value union; the branch not rejected by its discriminator, whose errors sit
    deepest, is the one the body meant, and each of its errors is reported.
    """
    context = getattr(error.kind, "context", None)
    branches = [branch for branch in context or () if branch]
    if not branches:
        return [error]
    best = max(branches, key=_branch_relevance)
    if max(_depth(e) for e in best) < _depth(error):
        return [error]
    return [leaf for branch_error in best for leaf in _leaves(branch_error)]


def _schema_errors(validator: jsonschema_rs.Validator, instance: Any) -> list[SchemaError]:
    found = []
    for error in validator.iter_errors(instance):
        for leaf in _leaves(error):
            message = leaf.message
            if leaf is not error:
                message = f"{message} (in the closest {error.kind.name} alternative)"
            found.append(
                SchemaError(
                    _json_pointer(leaf.instance_path), message, _json_pointer(leaf.schema_path)
                )
            )
    return found


def _parse_query_value(value: str, schema: dict[str, Any]) -> Any:
    """A query-string value as the JSON type its schema declares (left a string if not)."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    if ("integer" in kinds or "number" in kinds) and value.lstrip("-").isdigit():
        return int(value)
    if "number" in kinds:
        try:
            number = float(value)
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value


def _error_shape(status: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status_code", "type", "code", "message"],
        "properties": {
            "status_code": {"const": status},
            "type": {"type": "string"},
            "code": {"type": "string"},
            "message": {"type": "string"},
        },
    }


class SpecContract:
    """Validators for every documented Attio operation, built from the patched spec.

    Construct it from the raw (unpatched) OpenAPI dict; ``patches`` records what was
    repaired. Validators compile lazily, once per (operation, status), and are cached.
    ``assert_formats`` (default on) also checks ``format`` (uuid, date-time, email...).

    >>> contract = SpecContract.from_file("../shared/attio/openapi.json")  # doctest: +SKIP
    >>> [str(op) for op in contract.operations()][:1]                     # doctest: +SKIP
    ['GET /v2/objects']
    """

    def __init__(
        self, spec: dict[str, Any], *, assert_formats: bool = True, source: str = "<dict>"
    ) -> None:
        self.source = source
        self.spec = copy.deepcopy(spec)
        self.patches: tuple[AppliedPatch, ...] = tuple(patch_spec(self.spec))
        self.assert_formats = assert_formats
        self._registry = jsonschema_rs.Registry(
            [(_SPEC_URI, self.spec)], draft=jsonschema_rs.Draft202012
        )
        self._validators: dict[tuple[str, ...], jsonschema_rs.Validator] = {}
        self._lock = threading.Lock()
        self._operations: dict[tuple[str, str], Operation] = {}
        for template, item in self.spec.get("paths", {}).items():
            for method, raw in item.items():
                if method in _METHODS and isinstance(raw, dict):
                    op = self._operation(method.upper(), template, raw)
                    self._operations[op.method, template] = op
        self._routes = RouteTable({template for _method, template in self._operations})

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], **options: Any) -> SpecContract:
        """Load ``openapi.json`` (the JSON, never the YAML) from ``path``."""
        file = Path(path)
        if not file.is_file():
            raise SpecUnavailable(str(file))
        with file.open(encoding="utf-8") as handle:
            spec = json.load(handle)
        return cls(spec, source=str(file), **options)

    def __repr__(self) -> str:
        return f"<SpecContract {self.source!r}: {len(self._operations)} operations>"

    @staticmethod
    def _operation(method: str, template: str, raw: dict[str, Any]) -> Operation:
        body = raw.get("requestBody")
        statuses = tuple(sorted(int(s) for s in raw.get("responses", {}) if s.isdigit()))
        return Operation(
            method=method,
            template=template,
            operation_id=raw.get("operationId"),
            summary=str(raw.get("summary", "")),
            statuses=statuses,
            has_request_body=isinstance(body, dict),
            request_body_required=isinstance(body, dict) and bool(body.get("required")),
        )

    # -- lookup -----------------------------------------------------------------------

    def operations(self) -> list[Operation]:
        """Every documented operation, in spec order."""
        return list(self._operations.values())

    def operation(self, method: str, template: str) -> Operation:
        """The operation for an exact path ``template``; ``KeyError`` names it if absent."""
        try:
            return self._operations[method.upper(), template]
        except KeyError:
            raise KeyError(f"no documented operation {method.upper()} {template}") from None

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a concrete request path hits, or ``None`` if Attio has none.

        >>> contract.match("POST", "/v2/objects/records/search").template  # doctest: +SKIP
        '/v2/objects/records/search'
        """
        verb = method.upper()
        found = self._routes.match(path, lambda template: (verb, template) in self._operations)
        return None if found is None else self._operations[verb, found[0]]

    def explain_no_route(self, method: str, path: str) -> str:
        """Why ``method path`` matched no operation, for violation messages."""
        text = "no documented Attio operation has this method and path"
        other = [
            f"{m.upper()} {template}"
            for template, _params in self._routes.match_all(path)
            for m in _METHODS
            if (m.upper(), template) in self._operations
        ]
        if other:
            return f"{text}; the path is documented only for: {', '.join(other)}"
        hints = self._routes.explain(path)
        if hints:
            return f"{text}; near misses: {'; '.join(hints)}"
        return text

    def path_params(self, method: str, path: str) -> dict[str, str]:
        """The template parameters bound by ``path`` (``{}`` when nothing matches)."""
        verb = method.upper()
        found = self._routes.match(path, lambda template: (verb, template) in self._operations)
        return {} if found is None else found[1]

    # -- validators -------------------------------------------------------------------

    def _compiled(self, key: tuple[str, ...], schema: dict[str, Any]) -> jsonschema_rs.Validator:
        validator = self._validators.get(key)
        if validator is None:
            with self._lock:
                validator = self._validators.get(key)
                if validator is None:
                    validator = jsonschema_rs.Draft202012Validator(
                        schema, registry=self._registry, validate_formats=self.assert_formats
                    )
                    self._validators[key] = validator
        return validator

    def _pointer_validator(self, pointer: str) -> jsonschema_rs.Validator:
        fragment = quote(pointer, safe="/~")
        return self._compiled(("ref", pointer), {"$ref": f"{_SPEC_URI}#{fragment}"})

    def _body_pointer(self, op: Operation, *tail: str) -> str:
        path = "/".join(_pointer_token(token) for token in tail)
        return f"/paths/{_pointer_token(op.template)}/{op.method.lower()}/{path}"

    def _json_schema(self, holder: dict[str, Any]) -> bool:
        return isinstance(holder.get("content", {}).get("application/json", {}).get("schema"), dict)

    def request_validator(self, op: Operation) -> jsonschema_rs.Validator | None:
        """The compiled request-body validator of ``op`` (``None``: it takes no body)."""
        raw = self.spec["paths"][op.template][op.method.lower()]
        if not op.has_request_body or not self._json_schema(raw["requestBody"]):
            return None
        return self._pointer_validator(
            self._body_pointer(op, "requestBody", "content", "application/json", "schema")
        )

    def response_validator(self, op: Operation, status: int) -> jsonschema_rs.Validator | None:
        """The response validator for ``status`` (documented schema or the error shape).

        ``None`` means the status is documented without a body (e.g. 204) or is an
        undocumented success status.
        """
        raw = self.spec["paths"][op.template][op.method.lower()]["responses"].get(str(status))
        if raw is not None:
            if not self._json_schema(raw):
                return None
            return self._pointer_validator(
                self._body_pointer(
                    op, "responses", str(status), "content", "application/json", "schema"
                )
            )
        if status >= 400:
            return self.error_validator(status)
        return None

    def error_validator(self, status: int) -> jsonschema_rs.Validator:
        """The common Attio error shape ``{status_code, type, code, message}`` for ``status``."""
        return self._compiled(("error", str(status)), _error_shape(status))

    # -- checks -----------------------------------------------------------------------

    def check_request(
        self,
        method: str,
        path: str,
        json_body: Any,
        *,
        query: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    ) -> ContractViolation | None:
        """Like :meth:`validate_request`, returning the violation instead of raising."""
        op = self.match(method, path)
        if op is None:
            return ContractViolation(
                "request",
                method,
                path,
                None,
                None,
                [],
                summary=self.explain_no_route(method, path),
            )
        errors = [] if query is None else self.query_errors(op, query)
        summary = ""
        validator = self.request_validator(op)
        if validator is None:
            if json_body is not None:
                summary = "this operation takes no request body, but one was sent"
        elif json_body is None:
            if op.request_body_required:
                summary = "this operation requires a JSON request body, but none was sent"
        else:
            errors.extend(_schema_errors(validator, json_body))
        if not errors and not summary:
            return None
        return ContractViolation(
            "request", method, path, None, op.template, errors, summary=summary
        )

    def query_errors(
        self, op: Operation, query: Mapping[str, str] | Iterable[tuple[str, str]]
    ) -> list[SchemaError]:
        """Problems with the query string of a request to ``op`` (pointers read ``?name``).

        Unknown and missing required parameters are errors; each value is parsed by its
        declared type (``"true"`` for a boolean, ``"10"`` for an integer) and validated.
        """
        items = list(query.items()) if isinstance(query, Mapping) else list(query)
        declared = self._query_params(op)
        errors = []
        names = {name for name, _value in items}
        for name, (required, _schema) in declared.items():
            if required and name not in names:
                errors.append(SchemaError(f"?{name}", "required query parameter is missing"))
        for name, value in items:
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                errors.append(
                    SchemaError(f"?{name}", f"undocumented query parameter (documented: {known})")
                )
                continue
            schema = declared[name][1]
            parsed = _parse_query_value(value, schema)
            validator = self._compiled(("query", op.method, op.template, name), schema)
            errors.extend(
                SchemaError(f"?{name}", f"{value!r}: {error.message}")
                for error in validator.iter_errors(parsed)
            )
        return errors

    def _query_params(self, op: Operation) -> dict[str, tuple[bool, dict[str, Any]]]:
        raw = self.spec["paths"][op.template]
        params = list(raw.get("parameters", [])) + list(
            raw[op.method.lower()].get("parameters", [])
        )
        return {
            param["name"]: (bool(param.get("required")), dict(param.get("schema", {})))
            for param in params
            if isinstance(param, dict) and param.get("in") == "query"
        }

    def validate_request(
        self,
        method: str,
        path: str,
        json_body: Any,
        *,
        query: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    ) -> Operation:
        """Raise ``ContractViolation`` unless the request fits the route's documented shape.

        ``json_body`` is the decoded JSON (``None`` for no body); ``query`` (optional) the
        query parameters. Returns the matched operation.

        >>> op = contract.validate_request("POST", "/v2/objects/people/records/query", {})
        >>> op.template  # doctest: +SKIP
        '/v2/objects/{object}/records/query'
        """
        violation = self.check_request(method, path, json_body, query=query)
        if violation is not None:
            raise violation
        op = self.match(method, path)
        assert op is not None
        return op

    def check_response(
        self, method: str, path: str, status: int, json_body: Any
    ) -> ContractViolation | None:
        """Like :meth:`validate_response`, returning the violation instead of raising."""
        op = self.match(method, path)
        template = op.template if op else None
        if status == 204:
            # No Content cannot carry a body, whatever schema the spec attaches to it.
            if json_body is None:
                return None
            return ContractViolation(
                "response",
                method,
                path,
                status,
                template,
                [],
                summary="204 No Content must not carry a body, but one was received",
            )
        if op is None:
            if status >= 400:
                # Unknown routes get an ordinary 404 not_found error body; auth, rate
                # limits and gateways answer before routing, with their own statuses.
                return self._check_body(
                    "response", method, path, status, None, self.error_validator(status), json_body
                )
            return ContractViolation(
                "response",
                method,
                path,
                status,
                None,
                [],
                summary=f"{self.explain_no_route(method, path)} "
                "(Attio answers unknown routes with 404)",
            )
        validator = self.response_validator(op, status)
        if validator is not None:
            return self._check_body(
                "response", method, path, status, op.template, validator, json_body
            )
        if status in op.statuses:
            if json_body is None:
                return None
            return ContractViolation(
                "response",
                method,
                path,
                status,
                op.template,
                [],
                summary=f"status {status} is documented without a body, but one was received",
            )
        return ContractViolation(
            "response",
            method,
            path,
            status,
            op.template,
            [],
            summary=f"status {status} is not documented for this operation "
            f"(documented: {', '.join(map(str, op.statuses))})",
        )

    def _check_body(
        self,
        direction: str,
        method: str,
        path: str,
        status: int,
        template: str | None,
        validator: jsonschema_rs.Validator,
        json_body: Any,
    ) -> ContractViolation | None:
        if json_body is None:
            return ContractViolation(
                direction,
                method,
                path,
                status,
                template,
                [],
                summary="a JSON body is documented, but none was received",
            )
        errors = _schema_errors(validator, json_body)
        if not errors:
            return None
        return ContractViolation(direction, method, path, status, template, errors)

    def validate_response(self, method: str, path: str, status: int, json_body: Any) -> None:
        """Raise ``ContractViolation`` unless ``json_body`` is a valid ``status`` answer.

        Documented statuses use their schema; undocumented 4xx/5xx use the common error
        shape; an unknown route may only answer 404 with an error body.

        >>> contract.validate_response("GET", "/v2/self", 401, {"status_code": 401,
        ...     "type": "auth_error", "code": "unauthorized", "message": "no"})  # doctest: +SKIP
        """
        violation = self.check_response(method, path, status, json_body)
        if violation is not None:
            raise violation


def default_spec_path() -> Path:
    """Where the shared ground truth keeps ``openapi.json`` (see tests/conftest.py)."""
    from tests.conftest import attio_dir

    return attio_dir() / "openapi.json"


@cache
def _load(path: str, assert_formats: bool) -> SpecContract:
    return SpecContract.from_file(path, assert_formats=assert_formats)


def get_contract(
    path: str | os.PathLike[str] | None = None, *, assert_formats: bool = True
) -> SpecContract:
    """The process-wide ``SpecContract`` (loaded, patched and cached on first use).

    Raises ``SpecUnavailable`` when the spec file is absent; in tests prefer
    ``contract_or_skip()``, which skips with a reason instead.

    >>> get_contract() is get_contract()  # doctest: +SKIP
    True
    """
    resolved = Path(path) if path is not None else default_spec_path()
    return _load(str(resolved.resolve()), assert_formats)
