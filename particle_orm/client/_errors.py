"""Exceptions raised by the Attio client, and the factory that maps error responses to them.

Hierarchy::

    ParticleError                           (particle_orm.errors)
    └── AttioError                          anything the client raises
        ├── ConfigurationError (ValueError)     bad constructor arguments (e.g. no token)
        ├── ClientClosedError (RuntimeError)    the client was used after close()
        ├── InvalidArgumentError (ValueError)   bad call arguments, raised before any request
        ├── MalformedResponseError              a 2xx body that is not the JSON Attio promises
        ├── AmbiguousWriteError                 a non-idempotent write may or may not have happened
        ├── TransportError                      no HTTP response at all
        │   ├── RequestTimeoutError (TimeoutError)
        │   └── ConnectionFailedError (ConnectionError)
        └── APIError                            Attio answered with an error status
            ├── BadRequestError                 400
            │   ├── ValidationError                 validation_type
            │   ├── ValueNotFoundError              value_not_found
            │   ├── FilterError                     filter_error
            │   │   └── UnknownFilterAttributeError     unknown_filter_attribute_slug
            │   ├── UniquenessConflictError         uniqueness_conflict
            │   ├── MissingValueError               missing_value
            │   ├── ImmutableValueError             immutable_value
            │   ├── SystemEditUnauthorizedError     system_edit_unauthorized
            │   ├── MultipleMatchResultsError       multiple_match_results
            │   └── MatchingAttributeNotUniqueError matching_attribute_definition_not_unique
            ├── AuthenticationError             401
            ├── PermissionDeniedError           403 (required_scopes parsed from the message)
            │   └── BillingError                    403 billing_error
            ├── NotFoundError (LookupError)     404
            ├── SlugConflictError               409
            ├── RateLimitedError                429 (retry_after)
            └── ServerError                     5xx, JSON or not

Every exception prints as one line that names the HTTP method and path; none carries the
API token (the client never hands request headers to an exception).

Example:
    >>> exc = error_from_response(
    ...     "GET", "/v2/objects/people/records/0000", 404, {},
    ...     b'{"status_code":404,"type":"invalid_request_error","code":"not_found",'
    ...     b'"message":"Record not found."}',
    ... )
    >>> type(exc).__name__, exc.code
    ('NotFoundError', 'not_found')
    >>> str(exc)
    'GET /v2/objects/people/records/0000 -> 404 not_found: Record not found.'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from particle_orm.client._retry import parse_retry_after
from particle_orm.errors import ParticleError

__all__ = [
    "APIError",
    "AmbiguousWriteError",
    "AttioError",
    "AuthenticationError",
    "BadRequestError",
    "BillingError",
    "ClientClosedError",
    "ConfigurationError",
    "ConnectionFailedError",
    "FilterError",
    "ImmutableValueError",
    "InvalidArgumentError",
    "MalformedResponseError",
    "MatchingAttributeNotUniqueError",
    "MissingValueError",
    "MultipleMatchResultsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RequestTimeoutError",
    "ServerError",
    "SlugConflictError",
    "SystemEditUnauthorizedError",
    "TransportError",
    "UniquenessConflictError",
    "UnknownFilterAttributeError",
    "ValidationError",
    "ValueNotFoundError",
    "error_from_response",
]

# Long messages (e.g. a 5xx HTML page) are cut so the exception stays one readable line.
_MAX_MESSAGE = 500


def _one_line(text: str, limit: int = _MAX_MESSAGE) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _restore(cls: type[AttioError], args: tuple[Any, ...], state: dict[str, Any]) -> AttioError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class AttioError(ParticleError):
    """Base class of everything the Attio client raises.

    Instances pickle (for multiprocessing and task queues) although subclasses take
    keyword-only arguments.

    Example:
        >>> issubclass(NotFoundError, AttioError) and issubclass(TransportError, AttioError)
        True
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class ConfigurationError(AttioError, ValueError):
    """The client was constructed with unusable settings (for example no API token).

    Example:
        >>> str(ConfigurationError("no Attio API token"))
        'no Attio API token'
    """


class ClientClosedError(AttioError, RuntimeError):
    """The client was used after ``close()`` (or after its ``with`` block ended).

    Example:
        >>> isinstance(ClientClosedError("AttioClient is closed"), RuntimeError)
        True
    """


class InvalidArgumentError(AttioError, ValueError):
    """A method argument is invalid; raised before any request is sent.

    Example:
        >>> str(InvalidArgumentError("record_id: expected a UUID, got 'abc'"))
        "record_id: expected a UUID, got 'abc'"
    """


class MalformedResponseError(AttioError):
    """Attio answered 2xx but the body is not the JSON the endpoint promises.

    Example:
        >>> e = MalformedResponseError("GET", "/v2/self", 200, "body is not JSON")
        >>> str(e)
        'GET /v2/self -> 200: body is not JSON'
    """

    def __init__(self, method: str, path: str, status_code: int, problem: str) -> None:
        self.method = method
        self.path = path
        self.status_code = status_code
        self.problem = problem
        super().__init__(f"{method} {path} -> {status_code}: {problem}")


class TransportError(AttioError):
    """No HTTP response was received (network failure, timeout).

    Example:
        >>> str(TransportError("GET", "/v2/self", "connection reset", attempts=3))
        'GET /v2/self: connection reset (after 3 attempts)'
    """

    def __init__(self, method: str, path: str, reason: str, *, attempts: int = 1) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        self.attempts = attempts
        super().__init__(method, path, reason)

    def __str__(self) -> str:
        tail = f" (after {self.attempts} attempts)" if self.attempts > 1 else ""
        return f"{self.method} {self.path}: {_one_line(self.reason)}{tail}"


class RequestTimeoutError(TransportError, TimeoutError):
    """The request timed out before a response arrived.

    Example:
        >>> isinstance(RequestTimeoutError("GET", "/v2/self", "read timeout"), TimeoutError)
        True
    """


class ConnectionFailedError(TransportError, ConnectionError):
    """The connection could not be made or was dropped.

    Example:
        >>> isinstance(ConnectionFailedError("GET", "/v2/self", "refused"), ConnectionError)
        True
    """


class AmbiguousWriteError(AttioError):
    """A non-idempotent write (a POST create) failed without a usable response.

    The write may or may not have happened, so it is never retried blindly. Check (for
    example by querying on a unique attribute) before trying again, or use an assert
    (``PUT`` with ``matching_attribute``), which is safe to repeat.

    Example:
        >>> e = AmbiguousWriteError("POST", "/v2/notes", "HTTP 503")
        >>> str(e)
        'POST /v2/notes: the write may or may not have happened (HTTP 503); it was not retried'
    """

    def __init__(self, method: str, path: str, reason: str) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        super().__init__(method, path, reason)

    def __str__(self) -> str:
        return (
            f"{self.method} {self.path}: the write may or may not have happened "
            f"({_one_line(self.reason)}); it was not retried"
        )


class APIError(AttioError):
    """Attio answered with an error status.

    Attributes mirror Attio's error body: ``status_code``, ``type``, ``code``, ``message``,
    plus ``validation_errors`` and ``error_path`` when present, ``body`` (the decoded body,
    or ``None`` when it was not JSON), ``method`` and ``path`` of the request, and
    ``attempts`` (how many tries were made).

    Example:
        >>> e = APIError("PATCH", "/v2/objects/x", 418, type="x", code="teapot", message="no")
        >>> str(e)
        'PATCH /v2/objects/x -> 418 teapot: no'
    """

    def __init__(
        self,
        method: str,
        path: str,
        status_code: int,
        *,
        type: str | None = None,
        code: str | None = None,
        message: str = "",
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.status_code = status_code
        self.type = type
        self.code = code
        self.message = message
        self.body: Mapping[str, Any] | None = body
        self.headers: Mapping[str, str] = dict(headers or {})
        self.attempts = 1
        extras = body or {}
        raw_errors = extras.get("validation_errors")
        self.validation_errors: list[dict[str, Any]] = (
            [e for e in raw_errors if isinstance(e, dict)] if isinstance(raw_errors, list) else []
        )
        raw_path = extras.get("path")
        self.error_path: list[str | int] | None = (
            [p for p in raw_path if isinstance(p, (str, int))]
            if isinstance(raw_path, list)
            else None
        )
        super().__init__(method, path, status_code, code, message)

    def __str__(self) -> str:
        head = f"{self.method} {self.path} -> {self.status_code}"
        if self.code:
            head += f" {self.code}"
        text = f"{head}: {self.message}" if self.message else head
        details = [
            ".".join(str(p) for p in e.get("path", []) if isinstance(p, (str, int)))
            + f": {e.get('message', e.get('code', '?'))}"
            for e in self.validation_errors
        ]
        if details:
            text += " [" + "; ".join(details) + "]"
        if self.error_path:
            text += f" (at {'.'.join(str(p) for p in self.error_path)})"
        return _one_line(text, limit=2 * _MAX_MESSAGE)


class BadRequestError(APIError):
    """Any 400 response; the subclasses below narrow it by Attio's ``code``.

    Example:
        >>> issubclass(UniquenessConflictError, BadRequestError)
        True
    """


class ValidationError(BadRequestError):
    """400 ``validation_type``: the body, query parameters or a value failed validation.

    ``validation_errors`` lists each problem (``code``, ``path``, ``message``, ...).

    Example:
        >>> e = ValidationError("POST", "/v2/lists", 400, code="validation_type",
        ...     message="Invalid body.",
        ...     body={"validation_errors": [{"path": ["data", "api_slug"], "message": "Required"}]})
        >>> str(e)
        'POST /v2/lists -> 400 validation_type: Invalid body. [data.api_slug: Required]'
    """


class ValueNotFoundError(BadRequestError):
    """400 ``value_not_found``: a referenced title, id, attribute or record does not exist.

    Example:
        >>> issubclass(ValueNotFoundError, BadRequestError)
        True
    """


class FilterError(BadRequestError):
    """400 ``filter_error``: the filter is malformed.

    Example:
        >>> issubclass(UnknownFilterAttributeError, FilterError)
        True
    """


class UnknownFilterAttributeError(FilterError):
    """400 ``unknown_filter_attribute_slug``; ``error_path`` locates the key in the filter.

    Example:
        >>> e = UnknownFilterAttributeError("POST", "/v2/objects/people/records/query", 400,
        ...     code="unknown_filter_attribute_slug", message="Unknown attribute slug: email.",
        ...     body={"path": ["$or", "1", "email"]})
        >>> e.error_path
        ['$or', '1', 'email']
    """


_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_CONFLICTING_IDS = re.compile(r"Conflicting record IDs?:\s*((?:" + _UUID + r"[\s,]*)+)", re.I)
_ATTRIBUTE_ID = re.compile(r'attribute with ID "(' + _UUID + r')"')
_ATTRIBUTE_SLUG = re.compile(r'attribute with slug "([^"]+)"')


class UniquenessConflictError(BadRequestError):
    """400 ``uniqueness_conflict``: a write breaks an ``is_unique`` attribute.

    ``conflicting_record_ids``, ``attribute_id`` and ``attribute_slug`` are parsed from the
    message when Attio includes them (the message format varies, so each may be empty).

    Example:
        >>> e = UniquenessConflictError("POST", "/v2/objects/people/records", 400,
        ...     code="uniqueness_conflict", message='A value provided for attribute with slug '
        ...     '"email_addresses" conflicts. Conflicting record IDs: '
        ...     '2b1c5c4e-8f43-4c59-9f1a-5a3c1d1e2f30')
        >>> e.conflicting_record_ids, e.attribute_slug
        (['2b1c5c4e-8f43-4c59-9f1a-5a3c1d1e2f30'], 'email_addresses')
    """

    def __init__(self, method: str, path: str, status_code: int, **kwargs: Any) -> None:
        super().__init__(method, path, status_code, **kwargs)
        match = _CONFLICTING_IDS.search(self.message)
        self.conflicting_record_ids: list[str] = re.findall(_UUID, match.group(1)) if match else []
        id_match = _ATTRIBUTE_ID.search(self.message)
        self.attribute_id: str | None = id_match.group(1) if id_match else None
        slug_match = _ATTRIBUTE_SLUG.search(self.message)
        self.attribute_slug: str | None = slug_match.group(1) if slug_match else None


class MissingValueError(BadRequestError):
    """400 ``missing_value``: a required attribute was not given on a write.

    Example:
        >>> issubclass(MissingValueError, APIError)
        True
    """


class ImmutableValueError(BadRequestError):
    """400 ``immutable_value``: the write tried to change something fixed (an entry's parent).

    Example:
        >>> issubclass(ImmutableValueError, APIError)
        True
    """


class SystemEditUnauthorizedError(BadRequestError):
    """400 ``system_edit_unauthorized``: a system attribute cannot be edited.

    Example:
        >>> issubclass(SystemEditUnauthorizedError, APIError)
        True
    """


class MultipleMatchResultsError(BadRequestError):
    """400 ``multiple_match_results``: an assert matched more than one entry or record.

    Example:
        >>> issubclass(MultipleMatchResultsError, APIError)
        True
    """


class MatchingAttributeNotUniqueError(BadRequestError):
    """400 ``matching_attribute_definition_not_unique``: assert needs a unique attribute.

    Example:
        >>> issubclass(MatchingAttributeNotUniqueError, APIError)
        True
    """


class AuthenticationError(APIError):
    """401: the token is missing, malformed, revoked or of the wrong length.

    Example:
        >>> issubclass(AuthenticationError, APIError)
        True
    """


_SCOPES = re.compile(r"requires scopes?:\s*(.+?)(?:\.\s|\.$|$)", re.I | re.S)


class PermissionDeniedError(APIError):
    """403: the token lacks a scope; ``required_scopes`` lists those named in the message.

    Example:
        >>> e = PermissionDeniedError("POST", "/v2/objects/people/records", 403,
        ...     code="unauthorized", message="The API Key provided is not authorized to perform"
        ...     " the requested action. This request requires scopes: Read-Write access to the"
        ...     " Records scope.")
        >>> e.required_scopes
        ['Read-Write access to the Records scope']
    """

    def __init__(self, method: str, path: str, status_code: int, **kwargs: Any) -> None:
        super().__init__(method, path, status_code, **kwargs)
        match = _SCOPES.search(self.message)
        scopes = re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group(1)) if match else []
        self.required_scopes: list[str] = [s.strip() for s in scopes if s.strip()]


class BillingError(PermissionDeniedError):
    """403 ``billing_error``: the workspace's plan does not include the feature.

    Example:
        >>> issubclass(BillingError, PermissionDeniedError)
        True
    """


class NotFoundError(APIError, LookupError):
    """404: the object, list, attribute, record, entry or endpoint does not exist.

    Example:
        >>> issubclass(NotFoundError, LookupError)
        True
    """


class SlugConflictError(APIError):
    """409 ``slug_conflict``: the api_slug (or option/status title) is already taken.

    Example:
        >>> issubclass(SlugConflictError, APIError)
        True
    """


class RateLimitedError(APIError):
    """429, after the client ran out of retries; ``retry_after`` is an aware UTC datetime.

    Example:
        >>> from datetime import datetime, timezone
        >>> e = RateLimitedError("GET", "/v2/self", 429, code="rate_limit_exceeded",
        ...     retry_after=datetime(2023, 5, 23, 14, 42, 1, tzinfo=timezone.utc))
        >>> e.retry_after.isoformat()
        '2023-05-23T14:42:01+00:00'
    """

    def __init__(
        self,
        method: str,
        path: str,
        status_code: int,
        *,
        retry_after: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(method, path, status_code, **kwargs)
        self.retry_after = retry_after

    @property
    def is_query(self) -> bool:
        """True for the two query endpoints, which also have score-based limits.

        Example:
            >>> RateLimitedError("POST", "/v2/objects/people/records/query", 429).is_query
            True
        """
        return self.method == "POST" and self.path.endswith(("/records/query", "/entries/query"))

    @property
    def query_score(self) -> float | None:
        """The ``x-attio-record-query-score`` header as a number, when Attio sent one.

        What the header holds is not documented; it is reported as sent.

        Example:
            >>> RateLimitedError("POST", "/v2/lists/l/entries/query", 429,
            ...     headers={"x-attio-record-query-score": "42"}).query_score
            42.0
        """
        raw = self.headers.get("x-attio-record-query-score")
        try:
            return None if raw is None else float(raw)
        except ValueError:
            return None

    def __str__(self) -> str:
        text = super().__str__()
        if not self.is_query:
            return text
        score = self.query_score
        shown = f" (query score {score:g})" if score is not None else ""
        # Retrying cannot help a query over the per-query limit (FACTS §10): say so.
        return (
            f"{text}{shown}; queries also have score-based limits: one over the per-query "
            "score fails on every retry, so simplify its filter or sorts (fewer conditions, "
            "no sort) or query a smaller list"
        )


class ServerError(APIError):
    """5xx: Attio failed; the body may be JSON or plain text.

    Example:
        >>> str(error_from_response("GET", "/v2/self", 503, {}, b"Service Unavailable"))
        'GET /v2/self -> 503: Service Unavailable'
    """


# Table-driven mapping: (status, code) first, then status alone.
_BY_STATUS_AND_CODE: dict[tuple[int, str], type[APIError]] = {
    (400, "validation_type"): ValidationError,
    (400, "value_not_found"): ValueNotFoundError,
    (400, "filter_error"): FilterError,
    (400, "unknown_filter_attribute_slug"): UnknownFilterAttributeError,
    (400, "uniqueness_conflict"): UniquenessConflictError,
    (400, "missing_value"): MissingValueError,
    (400, "immutable_value"): ImmutableValueError,
    (400, "system_edit_unauthorized"): SystemEditUnauthorizedError,
    (400, "multiple_match_results"): MultipleMatchResultsError,
    (400, "matching_attribute_definition_not_unique"): MatchingAttributeNotUniqueError,
    (403, "billing_error"): BillingError,
    (409, "slug_conflict"): SlugConflictError,
}

_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: SlugConflictError,
    429: RateLimitedError,
}


def _decode_body(body: bytes) -> dict[str, Any] | None:
    try:
        decoded = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return decoded if isinstance(decoded, dict) else None


def error_from_response(
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: datetime | None = None,
) -> APIError:
    """Build the exception for an error response (never raises on a malformed body).

    ``now`` is used only to turn a ``Retry-After`` given in seconds into an instant.

    Example:
        >>> exc = error_from_response("POST", "/v2/objects", 409, {},
        ...     b'{"status_code":409,"type":"invalid_request_error","code":"slug_conflict",'
        ...     b'"message":"Slug taken."}')
        >>> isinstance(exc, SlugConflictError)
        True
    """
    decoded = _decode_body(body)
    lowered = {k.lower(): v for k, v in headers.items()}
    code = decoded.get("code") if decoded else None
    code = code if isinstance(code, str) else None
    cls: type[APIError] | None = _BY_STATUS_AND_CODE.get((status, code)) if code else None
    if cls is None:
        cls = ServerError if status >= 500 else _BY_STATUS.get(status, APIError)
    if decoded is not None:
        raw_message = decoded.get("message")
        message = raw_message if isinstance(raw_message, str) else ""
        raw_type = decoded.get("type")
        error_type = raw_type if isinstance(raw_type, str) else None
    else:
        error_type = None
        text = body.decode("utf-8", errors="replace").strip()
        message = _one_line(text) if text else ""
    kwargs: dict[str, Any] = {
        "type": error_type,
        "code": code,
        "message": message,
        "body": decoded,
        "headers": lowered,
    }
    if cls is RateLimitedError:
        retry_after_header = lowered.get("retry-after")
        kwargs["retry_after"] = (
            parse_retry_after(retry_after_header, now or datetime.now(timezone.utc))
            if retry_after_header
            else None
        )
    return cls(method, path, status, **kwargs)
