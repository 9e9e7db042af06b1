"""Token and base URL handling: env, ``--token``, the served emulator, and failures."""

from __future__ import annotations

import socket

import httpx
import pytest

from particle_orm.cli._connect import Connection, is_loopback
from particle_orm.emulator import Emulator
from particle_orm.testing import ServedEmulator

from .conftest import NoNetwork, Runner

MODULE = "tests.cli.models_fixture"
SECRET = "tok_" + "s3cr3t" * 10  # 64 characters, distinctive enough to search for


def test_served_emulator_needs_no_token(cli: Runner, served: ServedEmulator) -> None:
    # On a loopback base URL the token is fetched from the emulator's control plane.
    run = cli("inspect", "--object", "people", "--base-url", served.base_url)
    assert run.code == 0, run.err
    assert "class Person(Model):" in run.out
    assert served.token not in run.out + run.err


def test_served_emulator_round_trip(cli: Runner, served: ServedEmulator) -> None:
    base = ("--base-url", served.base_url)
    assert cli("schema", "diff", MODULE, *base).code == 1
    assert cli("schema", "sync", MODULE, *base).code == 0
    assert cli("schema", "diff", MODULE, *base).code == 0


def test_base_url_from_the_environment(
    cli: Runner, served: ServedEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATTIO_BASE_URL", served.base_url)
    monkeypatch.setenv("ATTIO_API_KEY", served.token)
    assert cli("inspect", "--object", "deals").code == 0


def test_missing_token_is_one_line_and_sends_nothing(cli: Runner, no_network: NoNetwork) -> None:
    run = cli("schema", "diff", MODULE, transport=no_network)  # base URL: api.attio.com
    assert run.code == 2
    assert run.err == (
        "particle-orm: error: no Attio API token: set the ATTIO_API_KEY environment variable "
        "(or point --base-url at a served emulator: particle-orm emulator serve)\n"
    )
    assert no_network.requests == []


def test_rejected_token_is_reported_without_the_token(cli: Runner, served: ServedEmulator) -> None:
    run = cli("schema", "diff", MODULE, "--base-url", served.base_url, "--token", SECRET)
    assert run.code == 2
    assert "rejected the API token" in run.err and "401" in run.err
    assert SECRET not in run.out + run.err
    assert "--token is visible to other users" in run.err


def test_token_never_appears_in_output(
    cli: Runner, monkeypatch: pytest.MonkeyPatch, served: ServedEmulator
) -> None:
    emu = Emulator(seed=5)
    monkeypatch.setenv("ATTIO_API_KEY", emu.token)
    outputs = [
        cli("inspect", transport=emu.transport()),
        cli("schema", "sync", MODULE, transport=emu.transport()),
        cli("schema", "diff", MODULE, "--json", transport=emu.transport()),
    ]
    assert all(r.code == 0 for r in outputs)
    assert not any(emu.token in r.out + r.err for r in outputs)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTIO_API_KEY", SECRET)
    url = f"http://127.0.0.1:{_closed_port()}"
    run = cli("schema", "diff", MODULE, "--base-url", url, "--retries", "0")
    assert run.code == 2
    assert run.err.startswith(f"particle-orm: error: cannot reach {url}: ")
    assert "Traceback" not in run.err and SECRET not in run.err


def test_unreachable_emulator_when_fetching_its_token(cli: Runner) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    run = cli("inspect", "--base-url", url)
    assert run.code == 2 and f"cannot reach {url}" in run.err


def test_loopback_server_without_a_token_route(cli: Runner) -> None:
    not_emulator = httpx.MockTransport(lambda request: httpx.Response(404, json={}))
    run = cli("inspect", "--base-url", "http://127.0.0.1:9", transport=not_emulator)
    assert run.code == 2 and "no Attio API token" in run.err


def test_api_errors_are_one_line(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTIO_API_KEY", SECRET)

    def boom(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403,
            json={"status_code": 403, "type": "auth_error", "code": "forbidden",
                  "message": "Missing scopes: object_configuration:read"},
        )  # fmt: skip

    run = cli("inspect", "--retries", "0", transport=httpx.MockTransport(boom))
    assert run.code == 2
    assert run.err.startswith("particle-orm: error: the API token lacks a scope: GET /v2/objects")
    assert run.err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [("ftp://x", "must be an absolute http(s) URL"), ("http://", "absolute http(s) URL")],
)
def test_bad_base_url(cli: Runner, url: str, message: str) -> None:
    run = cli("inspect", "--base-url", url, "--token", SECRET)
    assert run.code == 2 and message in run.err


def test_connection_repr_hides_the_token() -> None:
    conn = Connection("https://api.attio.com", SECRET)
    assert SECRET not in repr(conn) and SECRET not in str(conn)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8700", True),
        ("http://127.1.2.3", True),
        ("http://localhost:1", True),
        ("http://[::1]:8700", True),
        ("https://api.attio.com", False),
        ("http://10.0.0.1", False),
    ],
)
def test_is_loopback(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback
