"""``particle-orm emulator serve``: the emulator over HTTP until Ctrl-C (or SIGTERM).

The socket is bound here, before uvicorn starts, so a busy port is a one-line error and
``--port 0`` picks a free one (the address is printed once listening). The token is not
printed: clients fetch it from ``GET /_emulator/token`` on the loopback control plane,
which ``particle-orm inspect|schema --base-url http://127.0.0.1:PORT`` does by itself.

Example:
    >>> describe_address("127.0.0.1", 8700), describe_address("::1", 8700)
    ('http://127.0.0.1:8700', 'http://[::1]:8700')
"""

from __future__ import annotations

import argparse
import socket
from pathlib import Path
from typing import Any

from particle_orm.cli._context import Context
from particle_orm.cli._errors import CLIError, ExitCode

__all__ = ["describe_address", "run_serve"]


def describe_address(host: str, port: int) -> str:
    """The base URL of a server bound to ``host``:``port``."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError:
        raise CLIError("emulator serve needs uvicorn: pip install 'particle-orm[server]'") from None
    return uvicorn


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise CLIError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def _emulator(args: argparse.Namespace) -> Any:
    from particle_orm.emulator import Emulator

    if args.db != ":memory:" and not Path(args.db).parent.is_dir():
        raise CLIError(f"--db {args.db}: no such directory: {Path(args.db).parent}")
    emu = Emulator(args.db, seed=args.seed)
    if args.fixture is not None:
        try:
            text = Path(args.fixture).read_text(encoding="utf-8")
        except OSError as exc:
            raise CLIError(f"--fixture {args.fixture}: {exc.strerror or exc}") from None
        try:
            emu.load_fixture(text)
        except Exception as exc:
            raise CLIError(f"--fixture {args.fixture}: {exc}") from None
    return emu


def run_serve(args: argparse.Namespace, ctx: Context) -> ExitCode:
    """Serve an emulator on ``--host``/``--port`` until interrupted."""
    uvicorn = _uvicorn()
    emu = _emulator(args)
    sock = _bind(args.host, args.port)
    port = sock.getsockname()[1]
    url = describe_address(args.host, port)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        ctx.note(
            f"warning: serving on {args.host}: the /_emulator control plane is unauthenticated"
        )
    config = uvicorn.Config(
        emu.asgi_app(), log_level=args.log_level, lifespan="off", access_log=args.access_log
    )
    server = uvicorn.Server(config)
    ctx.note(f"Attio emulator listening on {url} (Ctrl-C to stop)")
    ctx.note(f"  token:   GET {url}/_emulator/token  (never printed)")
    ctx.note(f"  try:     particle-orm inspect --base-url {url}")
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn shuts down cleanly, then re-raises the Ctrl-C it captured: a normal stop.
        pass
    finally:
        sock.close()
    ctx.note("Attio emulator stopped")
    return ExitCode.OK
