from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from particle_orm.testing import LOOPBACK, NetworkBlockedError, network_blocked


@pytest.fixture
def listener() -> Iterator[tuple[str, int]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        yield server.getsockname()
    finally:
        server.close()


def test_connect_is_refused_by_name() -> None:
    with network_blocked(), pytest.raises(NetworkBlockedError) as info:
        socket.create_connection(("203.0.113.7", 443), timeout=1)
    assert info.value.host == "203.0.113.7"
    assert info.value.port == 443
    assert "203.0.113.7:443" in str(info.value)
    assert isinstance(info.value, OSError)


def test_dns_lookups_are_refused() -> None:
    with network_blocked(), pytest.raises(NetworkBlockedError, match=r"api\.attio\.com"):
        socket.getaddrinfo("api.attio.com", 443)


def test_httpx_cannot_reach_attio() -> None:
    with network_blocked(), httpx.Client() as http, pytest.raises(httpx.ConnectError):
        # httpx wraps the OSError; the cause names the blocked host.
        http.get("https://api.attio.com/v2/self")


def test_loopback_can_be_allowed(listener: tuple[str, int]) -> None:
    with network_blocked(allow=LOOPBACK):
        socket.create_connection(listener, timeout=5).close()


def test_loopback_is_blocked_unless_allowed(listener: tuple[str, int]) -> None:
    with network_blocked(), pytest.raises(NetworkBlockedError):
        socket.create_connection(listener, timeout=5)


def test_inner_blocks_only_narrow(listener: tuple[str, int]) -> None:
    with network_blocked(allow=LOOPBACK):
        with network_blocked(), pytest.raises(NetworkBlockedError):
            socket.create_connection(listener, timeout=5)
        socket.create_connection(listener, timeout=5).close()


def test_connect_ex_is_covered(listener: tuple[str, int]) -> None:
    sock = socket.socket()
    try:
        with network_blocked(), pytest.raises(NetworkBlockedError):
            sock.connect_ex(listener)
    finally:
        sock.close()


def test_everything_is_restored_afterwards(listener: tuple[str, int]) -> None:
    original = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)
    with network_blocked():
        assert socket.socket.connect is not original[0]
    assert (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo) == original
    socket.create_connection(listener, timeout=5).close()


def test_unix_sockets_stay_usable() -> None:
    a, b = socket.socketpair()
    with network_blocked():
        a.sendall(b"x")
        assert b.recv(1) == b"x"
    a.close()
    b.close()
