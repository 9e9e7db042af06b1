"""Fixtures for the CLI tests: run ``main([...])`` in-process and capture what it prints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from particle_orm.cli import main
from particle_orm.emulator import Emulator
from particle_orm.testing import ServedEmulator, served_emulator


@dataclass
class Run:
    """The exit code and output of one ``main([...])`` call."""

    code: int
    out: str
    err: str


Runner = Callable[..., Run]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's real token or base URL must never leak into these tests.
    monkeypatch.delenv("ATTIO_API_KEY", raising=False)
    monkeypatch.delenv("ATTIO_BASE_URL", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Runner:
    """``cli("schema", "diff", ...)`` runs the CLI in-process; usage errors return 2 too."""

    def run(*argv: str, transport: Any = None) -> Run:
        capsys.readouterr()
        try:
            code = main(list(argv), transport=transport)
        except SystemExit as exc:  # argparse: --help, --version and usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """An in-process emulator whose token is in ``ATTIO_API_KEY``."""
    emulator = Emulator(seed=77)
    monkeypatch.setenv("ATTIO_API_KEY", emulator.token)
    return emulator


class NoNetwork(httpx.BaseTransport):
    """A transport that records requests and fails them: for "nothing was sent" checks."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise httpx.ConnectError("the network is off in this test", request=request)


@pytest.fixture
def no_network() -> NoNetwork:
    """A transport that must not be used (it records any attempt)."""
    return NoNetwork()


@pytest.fixture(scope="module")
def served() -> Iterator[ServedEmulator]:
    """An emulator served over HTTP on 127.0.0.1 for the tests of one module."""
    with served_emulator(Emulator(seed=78)) as server:
        yield server
