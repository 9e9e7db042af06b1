"""The :class:`Emulator`: an offline, Attio-compatible API in one object.

Example:
    >>> emu = Emulator(seed=1)
    >>> import httpx
    >>> with httpx.Client(transport=emu.transport(), base_url="https://api.attio.com",
    ...                   headers={"Authorization": f"Bearer {emu.token}"}) as http:
    ...     http.get("/v2/objects/people").json()["data"]["api_slug"]
    'people'
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.control import (
    Clock,
    Fault,
    Faults,
    IdFactory,
    Journal,
    JournalEntry,
    RateLimiter,
    RateLimits,
    format_timestamp,
)
from particle_orm.emulator.entities import MemberDef, Token, Workspace
from particle_orm.emulator.errors import (
    AttioError,
    auth_error,
    missing_scope,
    not_implemented,
    unknown_endpoint,
    validation_error,
)
from particle_orm.emulator.query_score import (
    QUERY_ROUTES,
    SCORE_HEADER,
    QueryScoreLimiter,
    QueryScoreLimits,
    container_size,
    query_score,
)
from particle_orm.emulator.routes import Request, Route, match_route, unimplemented
from particle_orm.emulator.seed import seed_workspace
from particle_orm.emulator.store import Store
from particle_orm.emulator.webhooks import WebhookDeliveries, WebhookDelivery, build_deliveries

if TYPE_CHECKING:
    from particle_orm.emulator.server import ASGIApp
    from particle_orm.emulator.transports import AsyncEmulatorTransport, EmulatorTransport

__all__ = ["ALL_SCOPES", "Emulator", "EmulatorResponse", "WorkspaceHandle"]

_SCOPE_AREAS = (
    "user_management",
    "record_permission",
    "object_configuration",
    "list_entry",
    "list_configuration",
    "public_collection",
    "private_collection",
    "comment",
    "task",
    "note",
    "meeting",
    "call_recording",
    "webhook",
    "file",
    "scim_management",
)
ALL_SCOPES: tuple[str, ...] = tuple(f"{area}:read-write" for area in _SCOPE_AREAS)
"""Every Attio scope at read-write level: what the default emulator token carries."""

_JSON = {"content-type": "application/json; charset=utf-8"}
_log = logging.getLogger("particle_orm.emulator")


@dataclass
class EmulatorResponse:
    """What :meth:`Emulator.handle` returns; ``delay``/``drop`` are for the adapters.

    Example:
        >>> EmulatorResponse(200, {}, b"{}").json()
        {}
    """

    status: int
    headers: dict[str, str]
    content: bytes
    delay: float = 0.0
    drop: str | None = None

    def json(self) -> Any:
        """The decoded JSON body."""
        return json.loads(self.content)


@dataclass(frozen=True)
class WorkspaceHandle:
    """A workspace created through the control plane, with its token.

    Example:
        >>> ws = Emulator().create_workspace(name="Beta")
        >>> ws.slug
        'beta'
    """

    id: str
    name: str
    slug: str
    token: str = field(repr=False)
    token_id: str = ""


def _slugify(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "workspace"


class Emulator:
    """An Attio-compatible API backed by SQLite.

    ``Emulator()`` creates a default workspace with a full-scope token (``emu.token``), so
    ``emu.client()`` just works. ``seed`` makes every id deterministic; ``rate_limits``
    enables Attio's 429s and ``query_score_limits`` its score-based limits on the two query
    endpoints (both off by default).

    Example:
        >>> emu = Emulator(seed=42)
        >>> emu.handle("GET", "/v2/self", {}, {"authorization": f"Bearer {emu.token}"}).status
        200
    """

    def __init__(
        self,
        db: str = ":memory:",
        *,
        seed: int | str | None = None,
        clock: Clock | datetime | None = None,
        rate_limits: RateLimits | None = None,
        query_score_limits: QueryScoreLimits | None = None,
        control_routes: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if clock is not None and not isinstance(clock, (Clock, datetime)):
            raise TypeError(f"Emulator(clock=...): expected a Clock or a datetime, got {clock!r}")
        if rate_limits is not None and not isinstance(rate_limits, RateLimits):
            raise TypeError(
                f"Emulator(rate_limits=...): expected an emulator RateLimits, got {rate_limits!r}"
            )
        if query_score_limits is not None and not isinstance(query_score_limits, QueryScoreLimits):
            raise TypeError(
                "Emulator(query_score_limits=...): expected a QueryScoreLimits, "
                f"got {query_score_limits!r}"
            )
        self.store = Store(db)
        self._seed = seed
        self.ids = IdFactory(seed)
        if isinstance(clock, datetime):
            clock = Clock().freeze(clock)
        self.clock = clock or Clock()
        self.journal = Journal()
        self.faults = Faults(seed)
        self.rate_limiter = RateLimiter(rate_limits, self.clock) if rate_limits else None
        self.query_score_limiter: QueryScoreLimiter | None = None
        self.set_query_score_limits(query_score_limits)
        self.control_routes = control_routes
        self.sleep = sleep
        self.async_sleep = async_sleep
        self.webhook_deliveries = WebhookDeliveries()
        self._webhook_callbacks: list[Callable[[WebhookDelivery], object]] = []
        self._callbacks_lock = threading.Lock()
        self._default: WorkspaceHandle = self._ensure_default()

    def __repr__(self) -> str:
        return f"Emulator(db={self.store.path!r}, workspace={self._default.slug!r})"

    # -- workspaces and tokens -------------------------------------------------------------

    def _ensure_default(self) -> WorkspaceHandle:
        workspaces = sorted(self.store.all(Workspace), key=lambda w: w.created_at)
        if not workspaces:
            return self.create_workspace(name="Emulator Workspace", slug="emulator")
        ws = workspaces[0]
        tok = next(t for t in self.store.all(Token) if t.workspace_id == ws.id)
        return WorkspaceHandle(ws.id, ws.name, ws.slug, tok.secret, tok.id)

    @property
    def token(self) -> str:
        """The default workspace's full-scope API token."""
        return self._default.token

    @property
    def workspace(self) -> WorkspaceHandle:
        """The default workspace."""
        return self._default

    def create_workspace(
        self,
        name: str = "Workspace",
        *,
        slug: str | None = None,
        scopes: Iterable[str] = ALL_SCOPES,
        standard_objects: bool = True,
    ) -> WorkspaceHandle:
        """A new, isolated workspace (seeded with the standard objects) and a token for it.

        Example:
            >>> emu = Emulator()
            >>> ro = emu.create_workspace(name="RO", scopes=["record_permission:read"])
            >>> ro.id != emu.workspace.id
            True
        """
        with self.store.lock:
            now = self.clock.timestamp()
            ws = Workspace(self.ids.uuid(), name, slug or _slugify(name), now)
            self.store.db.execute("BEGIN")
            self.store.put(ws)
            if standard_objects:
                seed_workspace(self.store, ws.id, self.ids.uuid, now)
            self.store.db.execute("COMMIT")
            tok = self.create_token(ws.id, scopes)
            return WorkspaceHandle(ws.id, ws.name, ws.slug, tok.secret, tok.id)

    def create_token(
        self, workspace_id: str, scopes: Iterable[str] = ALL_SCOPES, *, name: str = "token"
    ) -> Token:
        """Another token for a workspace (e.g. with fewer scopes)."""
        scopes = tuple(scopes)
        for scope in scopes:
            area, _, level = scope.partition(":")
            if area not in _SCOPE_AREAS or level not in ("read", "read-write"):
                raise ValueError(
                    f"unknown scope {scope!r}: expected '<area>:read' or '<area>:read-write' "
                    f"with area one of {', '.join(_SCOPE_AREAS)}"
                )
        with self.store.lock:
            if self.store.get(Workspace, workspace_id) is None:
                raise KeyError(f"no workspace with id {workspace_id!r}")
            members = [m for m in self.store.all(MemberDef) if m.workspace_id == workspace_id]
            tok = Token(
                self.ids.uuid(),
                self.ids.token(),
                workspace_id,
                tuple(scopes),
                name,
                self.clock.timestamp(),
                members[0].id if members else None,
            )
            self.store.put(tok)
            return tok

    # -- control plane ---------------------------------------------------------------------

    def reset(self, *, seed: int | str | None = None) -> None:
        """Forget everything and start again with a fresh default workspace.

        The id sequence restarts from ``seed`` (or the constructor's seed), so the default
        token and ids repeat.
        """
        with self.store.lock:
            self.store.wipe()
            self.ids.reseed(seed if seed is not None else self._seed)
            self.journal.clear()
            self.webhook_deliveries.clear()
            self.faults.clear()
            if self.rate_limiter is not None:
                self.rate_limiter.reset()
            if self.query_score_limiter is not None:
                self.query_score_limiter.reset()
            self._default = self._ensure_default()

    def set_rate_limits(self, limits: RateLimits | None) -> None:
        """Enable (or, with ``None``, disable) Attio's rate limits."""
        self.rate_limiter = RateLimiter(limits, self.clock) if limits else None

    def set_query_score_limits(self, limits: QueryScoreLimits | None) -> None:
        """Enable (or, with ``None``, disable) the score-based limits of the query endpoints.

        While enabled, every answer to ``POST …/records/query`` and ``POST …/entries/query``
        carries the ``x-attio-record-query-score`` header, and a query over
        ``limits.per_query`` (or over ``limits.per_window`` summed over
        ``limits.window_seconds``) gets a 429. The score is a stand-in for Attio's
        unpublished formula: see :mod:`particle_orm.emulator.query_score`.

        Example:
            >>> emu = Emulator()
            >>> emu.set_query_score_limits(QueryScoreLimits(per_query=50))
            >>> emu.query_score_limiter.limits.per_query
            50
        """
        if limits is not None and not isinstance(limits, QueryScoreLimits):
            raise TypeError(f"expected a QueryScoreLimits or None, got {limits!r}")
        self.query_score_limiter = (
            QueryScoreLimiter(limits, self.clock) if limits is not None else None
        )

    # -- webhooks ----------------------------------------------------------------------------

    def on_webhook(self, callback: Callable[[WebhookDelivery], object]) -> Callable[[], None]:
        """Call ``callback(delivery)`` for every webhook delivery; returns an unsubscribe
        function.

        Callbacks run synchronously, in registration order, right after the write that
        caused the delivery has committed and outside the emulator's lock (so a callback may
        call the API back, e.g. to re-fetch the record). A callback that raises does not
        affect the write or the other callbacks: the exception is logged on the
        ``particle_orm.emulator`` logger and kept in ``emu.webhook_deliveries.errors``.
        ``reset()`` keeps the callbacks.

        Example:
            >>> emu = Emulator(seed=1)
            >>> seen = []
            >>> stop = emu.on_webhook(seen.append)
            >>> stop()
            >>> seen
            []
        """
        with self._callbacks_lock:
            self._webhook_callbacks.append(callback)

        def unsubscribe() -> None:
            with self._callbacks_lock:
                if callback in self._webhook_callbacks:
                    self._webhook_callbacks.remove(callback)

        return unsubscribe

    def _collect_deliveries(self, ctx: WorkspaceContext) -> list[WebhookDelivery]:
        """Turn a committed write's events into recorded deliveries (under the lock)."""
        if not ctx.events:
            return []
        deliveries = build_deliveries(self.store, ctx.workspace_id, ctx.events, self.ids.uuid)
        for delivery in deliveries:
            self.webhook_deliveries.append(delivery)
        return deliveries

    def _notify(self, deliveries: list[WebhookDelivery]) -> None:
        """Hand deliveries to the ``on_webhook`` callbacks (outside the lock)."""
        if not deliveries:
            return
        with self._callbacks_lock:
            callbacks = list(self._webhook_callbacks)
        for delivery in deliveries:
            for callback in callbacks:
                self._call(callback, delivery)

    def _call(
        self, callback: Callable[[WebhookDelivery], object], delivery: WebhookDelivery
    ) -> None:
        try:
            callback(delivery)
        except Exception as exc:
            _log.warning("webhook callback %r raised", callback, exc_info=True)
            self.webhook_deliveries.record_error(delivery, exc)

    def load_fixture(self, fixture: Mapping[str, Any] | str, *, token: str | None = None) -> None:
        """Create schema and data from a JSON fixture through the public API.

                Keys (all optional, applied in this order): ``objects`` and ``lists`` (create
        bodies); ``attributes`` (``{"objects/people": [create bodies], "lists/x": [...]}``);
        ``options`` / ``statuses`` (``{"objects/companies/attributes/categories": [title]}``);
        ``records`` (``{"people": [values, ...]}``); ``entries`` (``{"list": [{"parent_object",
        "parent_record_id" | "parent_match": {slug: value}, "entry_values"}]}``).
        Raises :class:`AttioError` on the first failure.

                Example:
                    >>> emu = Emulator()
                    >>> emu.load_fixture({"records": {"companies": [{"name": "Acme"}]}})
        """
        data = json.loads(fixture) if isinstance(fixture, str) else fixture
        secret = token or self.token

        def call(method: str, path: str, body: Any) -> Any:
            resp = self.handle(
                method, path, {}, {"authorization": f"Bearer {secret}"}, json.dumps(body).encode()
            )
            if resp.status != 200:
                payload = resp.json()
                raise AttioError(resp.status, payload["code"], payload["message"])
            return resp.json()

        for obj in data.get("objects", []):
            call("POST", "/v2/objects", {"data": obj})
        for lst in data.get("lists", []):
            call("POST", "/v2/lists", {"data": lst})
        for target, attrs in data.get("attributes", {}).items():
            for attr in attrs:
                call("POST", f"/v2/{target}/attributes", {"data": attr})
        for kind in ("options", "statuses"):
            for target, titles in data.get(kind, {}).items():
                for title in titles:
                    call("POST", f"/v2/{target}/{kind}", {"data": {"title": title}})
        for obj, records in data.get("records", {}).items():
            for values in records:
                call("POST", f"/v2/objects/{obj}/records", {"data": {"values": values}})
        for lst, entries in data.get("entries", {}).items():
            for entry in entries:
                body = dict(entry)
                match = body.pop("parent_match", None)
                if match is not None:
                    found = call(
                        "POST",
                        f"/v2/objects/{body['parent_object']}/records/query",
                        {"filter": match, "limit": 2},
                    )["data"]
                    if len(found) != 1:
                        raise AttioError(
                            400, "value_not_found", f"parent_match {match!r} found {len(found)}"
                        )
                    body["parent_record_id"] = found[0]["id"]["record_id"]
                body.setdefault("entry_values", {})
                call("POST", f"/v2/lists/{lst}/entries", {"data": body})

    def bulk_create_records(
        self,
        object: str,
        records: Iterable[Mapping[str, Any]],
        *,
        token: str | None = None,
    ) -> list[str]:
        """Create many records in one transaction, bypassing HTTP and rendering.

        Values are normalised and validated exactly as ``POST …/records`` does; the first
        invalid record raises :class:`AttioError` and nothing is kept. Meant for seeding
        large data sets (tests, benchmarks); it is not journalled or rate limited.

        Example:
            >>> emu = Emulator()
            >>> len(emu.bulk_create_records("people", [{"job_title": "CTO"}] * 3))
            3
        """
        from particle_orm.emulator.writes import create_record_row, prepare_values

        secret = token or self.token
        tok = self.store.token(secret)
        if tok is None:
            raise auth_error("The API Key provided is invalid.")
        with self.store.lock:
            ctx = WorkspaceContext(
                self.store,
                tok.workspace_id,
                actor_id=tok.id,
                now=self.clock.timestamp(),
                new_id=self.ids.uuid,
            )
            obj = ctx.get_object(object)
            db = self.store.db
            db.execute("BEGIN")
            try:
                ids = [
                    create_record_row(ctx, obj.id, prepare_values(ctx, obj.id, values))
                    for values in records
                ]
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            if len(ids) >= 1000:
                # Fresh statistics let SQLite drive filtered queries from the value indexes
                # instead of scanning every record of the object.
                db.execute("ANALYZE")
            deliveries = self._collect_deliveries(ctx)
        self._notify(deliveries)
        return ids

    # -- the one entry point ---------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> EmulatorResponse:
        """Handle one HTTP request; never raises for API-level errors.

        Example:
            >>> Emulator().handle("GET", "/v2/nope", {}, {}).status
            401
        """
        method = method.upper()
        query = dict(query or {})
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        if self.control_routes and path.startswith("/_emulator/"):
            from particle_orm.emulator.server import handle_control

            return handle_control(self, method, path, body)
        parsed: Any = None
        workspace_id: str | None = None
        score: int | None = None
        deliveries: list[WebhookDelivery] = []
        with self.store.lock:
            # Taken under the lock, so requests' instants follow the order they are applied in.
            received = self.clock.now()
            try:
                tok = self._authenticate(lowered.get("authorization"))
                workspace_id = tok.workspace_id
                found = match_route(method, path)
                if found is None:
                    if unimplemented(method, path):
                        raise not_implemented(method, path)
                    raise unknown_endpoint(method, path)
                route, params = found
                if body:
                    try:
                        parsed = json.loads(body)
                    except ValueError:
                        raise validation_error("Body payload validation error.", []) from None
                for scope in route.scopes:
                    if not tok.has(scope):
                        raise missing_scope(scope)
                score = self._query_score(route, params, parsed, tok.workspace_id)
                if self.rate_limiter is not None:
                    retry_at = self.rate_limiter.check(tok.workspace_id, route.kind)
                    if retry_at is not None:
                        raise AttioError(
                            429,
                            "rate_limit_exceeded",
                            "Rate limit exceeded, please try again later",
                            type="rate_limit_error",
                            headers={"retry-after": retry_at},
                        )
                if score is not None and self.query_score_limiter is not None:
                    self.query_score_limiter.admit(tok.workspace_id, score)
                fault = self.faults.take(method, path)
                response = self._fault_response(fault)
                if response is None:
                    response = self._run(
                        route.handler,
                        method,
                        path,
                        query,
                        parsed,
                        params,
                        tok,
                        received,
                        deliveries,
                    )
                    if fault is not None and fault.kind == "latency":
                        response.delay = fault.seconds
                    elif fault is not None and fault.kind == "drop_response":
                        response.drop = fault.error
            except AttioError as err:
                response = EmulatorResponse(
                    err.status, {**_JSON, **err.headers}, json.dumps(err.body()).encode()
                )
            if score is not None:
                response.headers[SCORE_HEADER] = str(score)
            self.journal.record(
                JournalEntry(method, path, response.status, parsed, workspace_id, query, received)
            )
        self._notify(deliveries)
        return response

    def _query_score(
        self, route: Route, params: Mapping[str, str], body: Any, workspace_id: str
    ) -> int | None:
        """The score of a query request while score limits are on; else (or for an unknown
        object/list, which the handler answers with its 404) ``None``."""
        kind = QUERY_ROUTES.get(route.name)
        if self.query_score_limiter is None or kind is None:
            return None
        key = params["object"] if kind == "record" else params["list"]
        size = container_size(self.store.db, self.store.index(workspace_id), kind, key)
        if size is None:
            return None
        body = body if isinstance(body, dict) else {}
        return query_score(body.get("filter"), body.get("sorts"), size)

    def _authenticate(self, header: str | None) -> Token:
        if not header or not header.lower().startswith("bearer "):
            raise auth_error(
                "No API key was provided. Pass it in the Authorization header as 'Bearer <token>'."
            )
        secret = header[7:].strip()
        tok = self.store.token(secret)
        if tok is not None:
            return tok
        if len(secret) != 64:
            raise auth_error(
                "The API Key provided was invalid because it was the wrong length (API Keys "
                "should be 64 characters long). You might not have copied the entire API key "
                "from your Admin panel?"
            )
        raise auth_error("The API Key provided is invalid.")

    def _fault_response(self, fault: Fault | None) -> EmulatorResponse | None:
        if fault is None or fault.kind in ("latency", "drop_response"):
            return None
        if fault.kind == "rate_limit":
            retry = self.clock.now().replace(microsecond=0)
            from datetime import timedelta
            from email.utils import format_datetime

            err = AttioError(
                429,
                "rate_limit_exceeded",
                "Rate limit exceeded, please try again later",
                type="rate_limit_error",
            )
            headers = {**_JSON, "retry-after": format_datetime(retry + timedelta(seconds=1), True)}
            return EmulatorResponse(429, headers, json.dumps(err.body()).encode())
        if fault.json_body:
            err = AttioError(
                fault.status, "internal_server_error", "Internal server error.", type="api_error"
            )
            return EmulatorResponse(fault.status, dict(_JSON), json.dumps(err.body()).encode())
        text = b"Service Unavailable" if fault.status == 503 else b"Internal Server Error"
        return EmulatorResponse(fault.status, {"content-type": "text/plain"}, text)

    def _run(
        self,
        handler: Callable[[Request], Any],
        method: str,
        path: str,
        query: dict[str, str],
        body: Any,
        params: dict[str, str],
        tok: Token,
        now: datetime,
        deliveries: list[WebhookDelivery],
    ) -> EmulatorResponse:
        ws = self.store.get(Workspace, tok.workspace_id)
        assert ws is not None
        ctx = WorkspaceContext(
            self.store, ws.id, actor_id=tok.id, now=format_timestamp(now), new_id=self.ids.uuid
        )
        req = Request(method, path, query, body, params, ctx, ws, tok)
        db = self.store.db
        db.execute("BEGIN")
        try:
            result = handler(req)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        deliveries.extend(self._collect_deliveries(ctx))
        return EmulatorResponse(200, dict(_JSON), json.dumps(result).encode())

    # -- adapters --------------------------------------------------------------------------

    def transport(self) -> EmulatorTransport:
        """An ``httpx.BaseTransport`` that serves requests in-process."""
        from particle_orm.emulator.transports import EmulatorTransport

        return EmulatorTransport(self)

    def async_transport(self) -> AsyncEmulatorTransport:
        """An ``httpx.AsyncBaseTransport`` that serves requests in-process."""
        from particle_orm.emulator.transports import AsyncEmulatorTransport

        return AsyncEmulatorTransport(self)

    def asgi_app(self) -> ASGIApp:
        """A plain ASGI application serving this emulator (control routes enabled)."""
        from particle_orm.emulator.server import ASGIApp

        return ASGIApp(self)

    def client(self, **kwargs: Any) -> Any:
        """A ``particle_orm.client.AttioClient`` wired to this emulator."""
        from particle_orm.client import AttioClient

        kwargs.setdefault("token", self.token)
        return AttioClient(transport=self.transport(), **kwargs)

    def async_client(self, **kwargs: Any) -> Any:
        """A ``particle_orm.client.AsyncAttioClient`` wired to this emulator."""
        from particle_orm.client import AsyncAttioClient

        kwargs.setdefault("token", self.token)
        return AsyncAttioClient(transport=self.async_transport(), **kwargs)
