"""A plain ASGI app over the emulator, the ``/_emulator/...`` control routes, and ``serve``.

Control routes (server mode only; JSON bodies):
``POST /_emulator/reset`` ``{"seed"?}`` · ``GET|DELETE /_emulator/journal`` ·
``POST|DELETE /_emulator/faults`` ``{"kind", "status"?, "json_body"?, "seconds"?, "error"?,
"method"?, "path_prefix"?, "times"?, "probability"?}`` · ``GET|POST /_emulator/clock``
``{"freeze"?: iso, "advance"?: seconds, "unfreeze"?: true}`` · ``POST /_emulator/workspaces``
``{"name", "scopes"?}`` · ``POST /_emulator/fixture`` (a fixture, see ``load_fixture``) ·
``POST /_emulator/rate_limits`` ``{"reads_per_second", "writes_per_second"} | null`` ·
``POST /_emulator/query_score_limits`` ``{"per_query"?, "per_window"?, "window_seconds"?} |
null`` · ``GET /_emulator/token``. Journal entries are ``JournalEntry`` fields, with ``at``
in Attio's timestamp format.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> app = Emulator().asgi_app()
    >>> callable(app)
    True
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from particle_orm.emulator.control import Fault, RateLimits
from particle_orm.emulator.errors import AttioError, unknown_endpoint, validation_error
from particle_orm.emulator.query_score import QueryScoreLimits

if TYPE_CHECKING:
    from particle_orm.emulator._emulator import Emulator, EmulatorResponse

__all__ = ["ASGIApp", "handle_control", "serve"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ASGIApp:
    """ASGI 3 application serving one emulator.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> ASGIApp(Emulator()).emulator.control_routes
        True
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        emulator.control_routes = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        from urllib.parse import parse_qsl

        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        resp = await asyncio.to_thread(
            self.emulator.handle, scope["method"], scope["path"], query, headers, body
        )
        if resp.delay:
            await self.emulator.async_sleep(resp.delay)
        if resp.drop is not None:
            # The write happened; closing without a response is what the client observes.
            raise ConnectionAbortedError("emulator fault: response dropped after apply")
        await send(
            {
                "type": "http.response.start",
                "status": resp.status,
                "headers": [(k.encode(), v.encode()) for k, v in resp.headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": resp.content})


def _ok(payload: Any) -> EmulatorResponse:
    from particle_orm.emulator._emulator import EmulatorResponse

    return EmulatorResponse(
        200, {"content-type": "application/json; charset=utf-8"}, json.dumps(payload).encode()
    )


def _control(emu: Emulator, method: str, path: str, data: Any) -> Any:
    route = (method, path.rstrip("/"))
    if route == ("POST", "/_emulator/reset"):
        emu.reset(seed=data.get("seed"))
        return {"token": emu.token, "workspace_id": emu.workspace.id}
    if route == ("GET", "/_emulator/token"):
        return {"token": emu.token, "workspace_id": emu.workspace.id}
    if route == ("GET", "/_emulator/journal"):
        return {"data": [{**asdict(e), "at": e.timestamp} for e in emu.journal]}
    if route == ("DELETE", "/_emulator/journal"):
        emu.journal.clear()
        return {}
    if route == ("DELETE", "/_emulator/faults"):
        emu.faults.clear()
        return {}
    if route == ("POST", "/_emulator/faults"):
        opts = {k: v for k, v in data.items() if k not in ("times", "probability")}
        fault = Fault(**opts)
        if "probability" in data:
            emu.faults.randomly(float(data["probability"]), fault)
        else:
            emu.faults.push(*[fault] * int(data.get("times", 1)))
        return {"queued": len(emu.faults)}
    if route == ("POST", "/_emulator/clock"):
        if data.get("unfreeze"):
            emu.clock.unfreeze()
        if data.get("freeze"):
            emu.clock.freeze(datetime.fromisoformat(str(data["freeze"]).replace("Z", "+00:00")))
        if data.get("advance"):
            emu.clock.advance(float(data["advance"]))
        return {"now": emu.clock.timestamp(), "frozen": emu.clock.frozen}
    if route == ("GET", "/_emulator/clock"):
        return {"now": emu.clock.timestamp(), "frozen": emu.clock.frozen}
    if route == ("POST", "/_emulator/workspaces"):
        kwargs = {"name": data.get("name", "Workspace")}
        if "scopes" in data:
            kwargs["scopes"] = data["scopes"]
        ws = emu.create_workspace(**kwargs)
        return {"workspace_id": ws.id, "slug": ws.slug, "token": ws.token}
    if route == ("POST", "/_emulator/fixture"):
        emu.load_fixture(data)
        return {}
    if route == ("POST", "/_emulator/rate_limits"):
        emu.set_rate_limits(RateLimits(**data) if data else None)
        return {}
    if route == ("POST", "/_emulator/query_score_limits"):
        # Like rate_limits, ``null`` or ``{}`` turns them off; ``{"per_query": null}`` turns
        # on the score header alone.
        emu.set_query_score_limits(QueryScoreLimits(**data) if data else None)
        return {}
    raise unknown_endpoint(method, path)


def handle_control(emu: Emulator, method: str, path: str, body: bytes | None) -> EmulatorResponse:
    """Serve one ``/_emulator/...`` control request."""
    from particle_orm.emulator._emulator import EmulatorResponse

    try:
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            raise validation_error("Body payload validation error.", []) from None
        if data is not None and not isinstance(data, dict):
            raise validation_error("Control bodies are JSON objects.", [])
        return _ok(_control(emu, method, path, data or {}))
    except (TypeError, ValueError, KeyError) as exc:
        err = validation_error(f"Bad control request: {exc}", [])
    except AttioError as exc:
        err = exc
    return EmulatorResponse(
        err.status,
        {"content-type": "application/json; charset=utf-8"},
        json.dumps(err.body()).encode(),
    )


def serve(
    emulator: Emulator, *, host: str = "127.0.0.1", port: int = 8700, log_level: str = "info"
) -> None:  # pragma: no cover - runs a real server
    """Run the emulator under uvicorn (install the ``server`` extra). Loopback by default."""
    try:
        import uvicorn
    except ImportError as exc:
        raise RuntimeError(
            "particle-orm emulator serve needs uvicorn: pip install 'particle-orm[server]'"
        ) from exc
    uvicorn.run(ASGIApp(emulator), host=host, port=port, log_level=log_level)
