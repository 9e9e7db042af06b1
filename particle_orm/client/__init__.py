"""The Attio HTTP client layer: sync and async clients, errors, rate governor, retries.

Everything above this layer (fields, models, queries, sessions) talks to Attio through
``AttioClient`` or ``AsyncAttioClient``. Methods return plain decoded JSON.

Example:
    >>> import httpx
    >>> from particle_orm.client import AttioClient, NotFoundError
    >>> def handler(request):
    ...     return httpx.Response(404, json={"status_code": 404, "type": "invalid_request_error",
    ...                                      "code": "not_found", "message": "No such object."})
    >>> client = AttioClient("test-token-0123456789", transport=httpx.MockTransport(handler))
    >>> try:
    ...     client.get_object("widgets")
    ... except NotFoundError as exc:
    ...     print(exc)
    GET /v2/objects/widgets -> 404 not_found: No such object.
    >>> client.close()
"""

from __future__ import annotations

from particle_orm.client._async import AsyncAttioClient
from particle_orm.client._base import DEFAULT_BASE_URL, TOKEN_ENV_VAR, redact
from particle_orm.client._clock import Clock, SystemClock, VirtualClock
from particle_orm.client._errors import (
    AmbiguousWriteError,
    APIError,
    AttioError,
    AuthenticationError,
    BadRequestError,
    BillingError,
    ClientClosedError,
    ConfigurationError,
    ConnectionFailedError,
    FilterError,
    ImmutableValueError,
    InvalidArgumentError,
    MalformedResponseError,
    MatchingAttributeNotUniqueError,
    MissingValueError,
    MultipleMatchResultsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    SlugConflictError,
    SystemEditUnauthorizedError,
    TransportError,
    UniquenessConflictError,
    UnknownFilterAttributeError,
    ValidationError,
    ValueNotFoundError,
    error_from_response,
)
from particle_orm.client._events import ClientStats, RequestInfo, ResponseInfo
from particle_orm.client._lazy import LazyValues
from particle_orm.client._ratelimit import Kind, RateGovernor, RateLimits
from particle_orm.client._retry import RetryPolicy, parse_retry_after
from particle_orm.client._sync import AttioClient

__all__ = [
    "DEFAULT_BASE_URL",
    "TOKEN_ENV_VAR",
    "APIError",
    "AmbiguousWriteError",
    "AsyncAttioClient",
    "AttioClient",
    "AttioError",
    "AuthenticationError",
    "BadRequestError",
    "BillingError",
    "ClientClosedError",
    "ClientStats",
    "Clock",
    "ConfigurationError",
    "ConnectionFailedError",
    "FilterError",
    "ImmutableValueError",
    "InvalidArgumentError",
    "Kind",
    "LazyValues",
    "MalformedResponseError",
    "MatchingAttributeNotUniqueError",
    "MissingValueError",
    "MultipleMatchResultsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateGovernor",
    "RateLimitedError",
    "RateLimits",
    "RequestInfo",
    "RequestTimeoutError",
    "ResponseInfo",
    "RetryPolicy",
    "ServerError",
    "SlugConflictError",
    "SystemClock",
    "SystemEditUnauthorizedError",
    "TransportError",
    "UniquenessConflictError",
    "UnknownFilterAttributeError",
    "ValidationError",
    "ValueNotFoundError",
    "VirtualClock",
    "error_from_response",
    "parse_retry_after",
    "redact",
]

# Present public names as living here (as httpx does), so reprs and docs show the package.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("particle_orm.client._"):
        _obj.__module__ = __name__
del _name, _obj
