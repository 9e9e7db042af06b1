"""What the sync and async clients share: configuration, auth, request building, response
decoding, error mapping, retry decisions, paging checks, logging, hooks and counters.

The two client classes add only I/O: sending a request and sleeping. Each attempt goes
goes through the same steps here (``_build`` and ``_start`` once, then per attempt
``_before_send`` and ``_after_response`` or ``_after_transport_error``), which return a
``_Step`` telling the I/O loop to return a value or to sleep and try again, or raise the
final exception.

Example:
    >>> from particle_orm.client import AttioClient
    >>> client = AttioClient("0123456789abcdef")
    >>> client.base_url
    'https://api.attio.com'
    >>> repr(client)
    "AttioClient(base_url='https://api.attio.com', token='…cdef')"
    >>> client.close()
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from particle_orm.client._calls import Call
from particle_orm.client._clock import Clock, SystemClock
from particle_orm.client._errors import (
    AmbiguousWriteError,
    APIError,
    ClientClosedError,
    ConfigurationError,
    ConnectionFailedError,
    InvalidArgumentError,
    MalformedResponseError,
    RequestTimeoutError,
    TransportError,
    error_from_response,
)
from particle_orm.client._events import (
    ClientStats,
    RequestHook,
    RequestInfo,
    ResponseHook,
    ResponseInfo,
    _StatsCounter,
)
from particle_orm.client._json import loads as json_loads
from particle_orm.client._lazy import decode_page
from particle_orm.client._ratelimit import RateGovernor, RateLimits
from particle_orm.client._retry import RetryPolicy
from particle_orm.client._shapes import data_problem

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "TOKEN_ENV_VAR"]

DEFAULT_BASE_URL = "https://api.attio.com"
"""Where the client sends requests unless ``base_url=`` is given."""
TOKEN_ENV_VAR = "ATTIO_API_KEY"
"""The environment variable the client reads its token from when none is passed."""
# Large record queries can take a while server-side; connecting should not.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_PAGE_SIZE = 500
NOTES_PAGE_SIZE = 50  # Attio's maximum for GET /v2/notes

logger = logging.getLogger("particle_orm.client")

# Failures where the request provably never reached Attio, so even a create may be retried.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _user_agent() -> str:
    try:
        from importlib.metadata import version

        return f"particle-orm/{version('particle-orm')}"
    except Exception:  # not installed as a distribution (e.g. a vendored copy)
        return "particle-orm"


_USER_AGENT = _user_agent()


def redact(token: str) -> str:
    """Show at most the last 4 characters of a token, and nothing of a short one.

    Example:
        >>> redact("sk_live_0123456789abcdef"), redact("short")
        ('…cdef', '***')
    """
    return f"…{token[-4:]}" if len(token) >= 16 else "***"


def _resolve_token(token: str | None) -> str:
    if token is None:
        token = os.environ.get(TOKEN_ENV_VAR)
        if not token:
            raise ConfigurationError(
                f"no Attio API token: pass token=... or set the {TOKEN_ENV_VAR} "
                "environment variable"
            )
    if not isinstance(token, str):
        raise ConfigurationError(f"token must be a str, got {type(token).__name__}")
    if not token.strip():
        raise ConfigurationError("token is empty")
    # Never echo the token: a header with whitespace or control characters is rejected by name.
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in token):
        raise ConfigurationError("token contains whitespace or control characters")
    return token


def _resolve_base_url(base_url: str) -> str:
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, got {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"base_url {base_url!r} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
    if url.query or url.fragment:
        raise ConfigurationError(f"base_url must not have a query or fragment, got {base_url!r}")
    return base_url.rstrip("/")


@dataclass(frozen=True)
class _Step:
    """What the I/O loop does next: return ``value`` (when ``done``) or sleep ``delay``."""

    done: bool
    value: Any = None
    delay: float = 0.0


@dataclass
class _CallState:
    """Book-keeping for one method call across its attempts."""

    call: Call
    started: float
    attempt: int = 0
    sent_at: float = 0.0
    # Set once an attempt may have been applied without us seeing the answer (5xx, timeout).
    outcome_unknown: bool = False


class _BaseClient:
    """Configuration and every decision; subclasses only send and sleep."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        rate_limits: RateLimits | None = RateLimits.attio(),  # noqa: B008 (frozen: safe to share)
        retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008
        clock: Clock | None = None,
        governor: RateGovernor | None = None,
        on_request: RequestHook | None = None,
        on_response: ResponseHook | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._token = _resolve_token(token)
        self._base_url = _resolve_base_url(base_url)
        if rate_limits is not None and not isinstance(rate_limits, RateLimits):
            raise ConfigurationError(f"rate_limits must be RateLimits or None, got {rate_limits!r}")
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError(f"retry must be RetryPolicy or None, got {retry!r}")
        for name, hook in (("on_request", on_request), ("on_response", on_response)):
            if hook is not None and not callable(hook):
                raise ConfigurationError(f"{name} must be callable, got {hook!r}")
        if governor is not None:
            if not isinstance(governor, RateGovernor):
                raise ConfigurationError(f"governor must be a RateGovernor, got {governor!r}")
            if clock is not None and clock is not governor.clock:
                raise ConfigurationError("pass either clock= or governor=, not both")
            self._governor = governor
            self._clock: Clock = governor.clock
        else:
            self._clock = clock if clock is not None else SystemClock()
            self._governor = RateGovernor(rate_limits, clock=self._clock)
        self._timeout = (
            httpx.Timeout(timeout) if not isinstance(timeout, httpx.Timeout) else timeout
        )
        self._retry = retry if retry is not None else RetryPolicy.disabled()
        self._on_request = on_request
        self._on_response = on_response
        self._rng = rng if rng is not None else random.Random()
        self._stats = _StatsCounter()
        self._closed = False
        self._headers = {
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json",
            "User-Agent": _USER_AGENT,
        }

    # --- public read-only configuration ---------------------------------------------

    @property
    def base_url(self) -> str:
        """The Attio API root, without a trailing slash."""
        return self._base_url

    @property
    def rate_limits(self) -> RateLimits:
        """The read/write budgets this client's governor enforces."""
        return self._governor.limits

    @property
    def governor(self) -> RateGovernor:
        """The rate governor; pass it to another client (``governor=``) to share budgets."""
        return self._governor

    @property
    def retry_policy(self) -> RetryPolicy:
        """How failed requests are retried."""
        return self._retry

    @property
    def clock(self) -> Clock:
        """The clock used for throttling and backoff."""
        return self._clock

    @property
    def stats(self) -> ClientStats:
        """Counters of calls, attempts by kind, retries, 429s and failures so far."""
        return self._stats.snapshot()

    def reset_stats(self) -> None:
        """Zero the counters behind ``stats``."""
        self._stats.reset()

    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._closed

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r}, token={redact(self._token)!r})"

    # --- shared steps of one call ---------------------------------------------------

    @staticmethod
    def _page_size(page_size: object) -> int:
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise InvalidArgumentError(f"page_size: expected an int >= 1, got {page_size!r}")
        return page_size

    def _pager(
        self, page_size: object, query: Callable[[int, int], Call]
    ) -> tuple[Callable[[int], Call], int]:
        # The iterators are lazy, so without this check bad arguments would only raise
        # at the first page, far from the call that passed them.
        size = self._page_size(page_size)
        query(size, 0)
        return partial(query, size), size

    @staticmethod
    def _next_offset(offset: int, page: list[Any], page_size: int) -> int | None:
        # Attio pages by offset with no "has more" flag: a short page is the last one.
        return None if len(page) < page_size else offset + len(page)

    def _build(self, call: Call) -> httpx.Request:
        if self._closed:
            raise ClientClosedError(f"{type(self).__name__} is closed")
        try:
            return httpx.Request(
                call.method,
                self._base_url + call.path,
                params=call.params or None,
                json=call.json,
                headers=self._headers,
                extensions={"timeout": self._timeout.as_dict()},
            )
        except (TypeError, ValueError) as exc:
            raise InvalidArgumentError(
                f"{call.method} {call.path}: request body is not JSON-serialisable: {exc}"
            ) from None

    def _start(self, call: Call) -> _CallState:
        return _CallState(call, started=self._clock.monotonic())

    def _before_send(self, state: _CallState) -> None:
        state.attempt += 1
        call, attempt = state.call, state.attempt
        self._stats.add(
            requests=1,
            calls=1 if attempt == 1 else 0,
            reads=call.kind == "read",
            writes=call.kind == "write",
            retries=attempt > 1,
        )
        if self._on_request is not None:
            self._on_request(RequestInfo(call.method, call.path, call.kind, attempt))
        state.sent_at = self._clock.monotonic()

    def _observed(self, state: _CallState, status: int | None) -> None:
        call = state.call
        duration = max(self._clock.monotonic() - state.sent_at, 0.0)
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d, %s)",
            call.method,
            call.path,
            status if status is not None else "no response",
            duration * 1000.0,
            state.attempt,
            call.kind,
        )
        if self._on_response is not None:
            self._on_response(ResponseInfo(call.method, call.path, status, state.attempt, duration))

    def _retry_step(self, state: _CallState, delay: float, why: str) -> _Step | None:
        """A retry step, or ``None`` when attempts or total time are used up."""
        if state.attempt >= self._retry.max_attempts:
            return None
        spent = self._clock.monotonic() - state.started
        if spent + delay > self._retry.max_total_seconds:
            return None
        logger.info(
            "retrying %s %s in %.2f s after %s (attempt %d of %d)",
            state.call.method,
            state.call.path,
            delay,
            why,
            state.attempt + 1,
            self._retry.max_attempts,
        )
        return _Step(done=False, delay=delay)

    def _after_response(
        self, state: _CallState, status: int, headers: httpx.Headers, body: bytes
    ) -> _Step:
        call = state.call
        self._observed(state, status)
        if 200 <= status < 300:
            return _Step(done=True, value=self._decode(call, status, body))
        if status == 404 and call.method == "DELETE" and state.outcome_unknown:
            # An earlier attempt may have deleted it before its response was lost.
            logger.info(
                "%s %s -> 404 after an unknown outcome; treating as deleted", call.method, call.path
            )
            return _Step(done=True, value=None)
        error = error_from_response(
            call.method, call.path, status, headers, body, now=self._clock.now()
        )
        error.attempts = state.attempt
        if status == 429:
            return self._after_rate_limit(state, error)
        if status >= 500:
            self._stats.add(server_errors=1)
            if not call.idempotent:
                reason = f"HTTP {status}: {error.message}" if error.message else f"HTTP {status}"
                raise AmbiguousWriteError(call.method, call.path, reason) from error
            state.outcome_unknown = True
            delay = self._retry.backoff(state.attempt, self._rng)
            step = self._retry_step(state, delay, f"HTTP {status}")
            if step is not None:
                return step
        raise error

    def _after_rate_limit(self, state: _CallState, error: APIError) -> _Step:
        self._stats.add(rate_limited=1)
        retry_at = getattr(error, "retry_after", None)
        if retry_at is not None:
            wait = max((retry_at - self._clock.now()).total_seconds(), 0.0)
            delay = wait + self._retry.jitter_seconds(self._rng)
        else:
            wait = delay = self._retry.backoff(state.attempt, self._rng)
        # Everyone sharing the governor waits, not just this call: the budget is exhausted.
        self._governor.pause_until(state.call.kind, self._clock.monotonic() + wait)
        step = self._retry_step(state, delay, "HTTP 429")
        if step is None:
            raise error
        return step

    def _after_transport_error(self, state: _CallState, exc: httpx.TransportError) -> _Step:
        call = state.call
        self._observed(state, None)
        self._stats.add(transport_errors=1)
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        never_sent = isinstance(exc, _NOT_SENT)
        if not never_sent:
            state.outcome_unknown = True
        if call.idempotent or never_sent:
            step = self._retry_step(state, self._retry.backoff(state.attempt, self._rng), reason)
            if step is not None:
                return step
        if not call.idempotent and not never_sent:
            raise AmbiguousWriteError(call.method, call.path, reason) from exc
        error_cls: type[TransportError] = (
            RequestTimeoutError
            if isinstance(exc, httpx.TimeoutException)
            else ConnectionFailedError
        )
        raise error_cls(call.method, call.path, reason, attempts=state.attempt) from exc

    def _decode(self, call: Call, status: int, body: bytes) -> Any:
        if call.unwrap == "none":
            return None
        if call.lazy_values is not None:
            page = decode_page(body, call.lazy_values)
            if page is not None:
                return page
        try:
            decoded = json_loads(body)
        except (ValueError, UnicodeDecodeError):
            raise MalformedResponseError(
                call.method, call.path, status, f"body is not JSON: {body[:80]!r}"
            ) from None
        if call.unwrap == "body":
            return decoded
        if not isinstance(decoded, dict) or "data" not in decoded:
            raise MalformedResponseError(
                call.method, call.path, status, "expected a JSON object with a 'data' key"
            )
        data = decoded["data"]
        wrong = data_problem(data)
        if wrong is not None:
            raise MalformedResponseError(call.method, call.path, status, wrong)
        return data
