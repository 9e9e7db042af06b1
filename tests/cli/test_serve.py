"""``particle-orm emulator serve`` (a real process) and ``python -m particle_orm``."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import Runner

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0


def _lines(stream: object, out: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        out.put(line)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``python -m particle_orm emulator serve --port 0`` and the URL it announces."""
    fixture = tmp_path / "fixture.json"
    fixture.write_text(json.dumps({"records": {"companies": [{"name": "Acme"}]}}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "particle_orm", "emulator", "serve", "--port", "0",
         "--seed", "1", "--fixture", str(fixture)],
        cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
    try:
        first = lines.get(timeout=STARTUP_TIMEOUT)
        assert first.startswith("Attio emulator listening on http://127.0.0.1:"), first
        url = first.split()[4]
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=STARTUP_TIMEOUT)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                proc.kill()
                proc.wait()


def test_serve_answers_the_api_and_hides_the_token(
    server: tuple[str, subprocess.Popen[str]], cli: Runner
) -> None:
    url, proc = server
    token = httpx.get(f"{url}/_emulator/token").json()["token"]
    companies = httpx.post(
        f"{url}/v2/objects/companies/records/query",
        headers={"Authorization": f"Bearer {token}"},
        json={},
    ).json()["data"]
    assert [c["values"]["name"][0]["value"] for c in companies] == ["Acme"]  # the fixture
    run = cli("inspect", "--object", "companies", "--base-url", url)
    assert run.code == 0 and "class Company(Model):" in run.out
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=STARTUP_TIMEOUT)
    assert proc.returncode == 0
    assert token not in err


def test_a_busy_port_is_a_one_line_error(cli: Runner) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = cli("emulator", "serve", "--port", str(port))
    assert run.code == 2
    assert run.err.startswith(f"particle-orm: error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in run.err


def test_a_missing_fixture_file(cli: Runner, tmp_path: Path) -> None:
    run = cli("emulator", "serve", "--port", "0", "--fixture", str(tmp_path / "nope.json"))
    assert run.code == 2 and "--fixture" in run.err and "No such file" in run.err


def test_a_bad_fixture(cli: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"records": {"no_such_object": [{"name": "x"}]}}))
    run = cli("emulator", "serve", "--port", "0", "--fixture", str(bad))
    assert run.code == 2 and run.err.startswith(f"particle-orm: error: --fixture {bad}: ")


def test_db_directory_must_exist(cli: Runner, tmp_path: Path) -> None:
    run = cli("emulator", "serve", "--db", str(tmp_path / "nope" / "emu.sqlite"))
    assert run.code == 2 and "no such directory" in run.err


def test_python_dash_m_particle_orm() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "particle_orm", "--version"],
        cwd=REPO, capture_output=True, text=True, timeout=STARTUP_TIMEOUT, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout.strip()) == (0, "particle-orm 0.1.0")
