"""``served_emulator()``: an emulator on a real loopback HTTP port, for the length of a block.

vcrpy records by patching httpx's network transports, so it never sees requests served
in-process by ``emulator.transport()``. Serving the emulator's ASGI app with uvicorn on
``127.0.0.1`` (an ephemeral port, in a daemon thread) makes the traffic real HTTP that
vcrpy records exactly as it would record api.attio.com. Needs the ``server`` extra.

Example:
    >>> from particle_orm.client import AttioClient
    >>> with served_emulator() as served:
    ...     with AttioClient(served.token, base_url=served.base_url) as client:
    ...         client.get_object("people")["api_slug"]
    'people'
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from particle_orm.emulator import Emulator

__all__ = ["ServedEmulator", "served_emulator"]

_START_TIMEOUT = 30.0


@dataclass(frozen=True)
class ServedEmulator:
    """Where a served emulator listens, and its default token.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> ServedEmulator(Emulator(), "http://127.0.0.1:1").base_url
        'http://127.0.0.1:1'
    """

    emulator: Emulator
    base_url: str
    token: str = field(default="", repr=False)


def _server_class() -> Any:
    try:
        import uvicorn
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "served_emulator() needs uvicorn: pip install 'particle-orm[server]'"
        ) from exc

    class _Server(uvicorn.Server):
        """A uvicorn server that says when it is listening (or has given up)."""

        def __init__(self, config: uvicorn.Config) -> None:
            super().__init__(config)
            self.ready = threading.Event()

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            try:
                await super().startup(sockets)
            finally:
                self.ready.set()

    return _Server, uvicorn.Config


@contextmanager
def served_emulator(
    emulator: Emulator | None = None, *, host: str = "127.0.0.1", log_level: str = "warning"
) -> Iterator[ServedEmulator]:
    """Serve ``emulator`` (default: a fresh one) over HTTP on ``host`` until the block ends.

    Example:
        >>> with served_emulator(Emulator(seed=1)) as served:
        ...     served.base_url.startswith("http://127.0.0.1:")
        True
    """
    emu = emulator if emulator is not None else Emulator()
    server_cls, config_cls = _server_class()
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = config_cls(emu.asgi_app(), log_level=log_level, lifespan="off", access_log=False)
    server = server_cls(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"emulator:{port}", daemon=True
    )
    thread.start()
    try:
        if not server.ready.wait(_START_TIMEOUT) or not server.started:
            raise RuntimeError(f"the emulator server on {host}:{port} did not start")
        shown = f"[{host}]" if ":" in host else host
        yield ServedEmulator(emu, f"http://{shown}:{port}", emu.token)
    finally:
        server.should_exit = True
        thread.join(_START_TIMEOUT)
        sock.close()
