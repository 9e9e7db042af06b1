"""``network_blocked()``: make any real network connection fail loudly inside a block.

Replaying cassettes must never reach Attio (or anything else): inside the block every
``connect``/``connect_ex`` on an internet socket and every DNS lookup raises
:class:`NetworkBlockedError`, unless the host is explicitly allowed. Unix sockets stay
usable because event loops and subprocess plumbing need them and they never leave the
machine.

Example:
    >>> import socket
    >>> with network_blocked():
    ...     socket.create_connection(("api.attio.com", 443))
    Traceback (most recent call last):
    ...
    particle_orm.testing.NetworkBlockedError: network access is blocked in this test: \
tried to connect to api.attio.com:443
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from particle_orm.testing._errors import NetworkBlockedError

__all__ = ["LOOPBACK", "network_blocked"]

LOOPBACK: tuple[str, ...] = ("127.0.0.1", "::1", "localhost")
"""Hosts to pass as ``allow=`` for a server running in the test process."""

_lock = threading.Lock()
# One frozenset of allowed hosts per active block; a host must be allowed by all of them,
# so an inner block can only narrow what an outer one permits.
_active: list[frozenset[str]] = []
_originals: dict[str, Any] = {}


def _allowed(host: object) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    name = name.lower()
    with _lock:
        return all(name in allowed for allowed in _active)


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host, port = address[0], address[1]
    if not _allowed(host):
        raise NetworkBlockedError(str(host), int(port))


def _connect(self: socket.socket, address: Any) -> None:
    _check(self, address)
    _originals["connect"](self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _check(self, address)
    result: int = _originals["connect_ex"](self, address)
    return result


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if not _allowed(host):
        raise NetworkBlockedError(str(host), int(port) if isinstance(port, int) else None)
    return _originals["getaddrinfo"](host, port, *args, **kwargs)


def _install() -> None:
    _originals["connect"] = socket.socket.connect
    _originals["connect_ex"] = socket.socket.connect_ex
    _originals["getaddrinfo"] = socket.getaddrinfo
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = _getaddrinfo


def _uninstall() -> None:
    socket.socket.connect = _originals.pop("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _originals.pop("connect_ex")  # type: ignore[method-assign]
    socket.getaddrinfo = _originals.pop("getaddrinfo")


@contextmanager
def network_blocked(*, allow: Iterable[str] = ()) -> Iterator[None]:
    """Block internet connections and DNS lookups, except to the hosts in ``allow``.

    Blocks nest (an inner block can only narrow the allowed hosts) and cover every thread
    while active. Pass ``allow=LOOPBACK`` to keep a served emulator reachable.

    Example:
        >>> with network_blocked(allow=LOOPBACK):
        ...     pass
    """
    allowed = frozenset(h.lower() for h in allow)
    with _lock:
        if not _active:
            _install()
        _active.append(allowed)
    try:
        yield
    finally:
        with _lock:
            _active.remove(allowed)
            if not _active:
                _uninstall()
