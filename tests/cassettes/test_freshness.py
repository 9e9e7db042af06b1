"""The committed cassettes are what the emulator answers today (recording is deterministic).

This is the one test here that starts the emulator: it re-records every scenario into a
temporary folder and compares. When the emulator's (or the client's) wire format changes
on purpose, re-record with ``python -m tests.cassettes.record`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cassettes._files import CASSETTES, REPO, exchanges
from tests.cassettes._scenarios import ASYNC_SCENARIOS, SCENARIOS
from tests.cassettes.record import record

RERECORD = "re-record with: python -m tests.cassettes.record"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cassettes")
    record([*SCENARIOS, *ASYNC_SCENARIOS], out)
    return out


@pytest.mark.skipif(
    REPO / "cassettes" != CASSETTES,
    reason="PARTICLE_ORM_CASSETTES points at other recordings (e.g. a real workspace)",
)
@pytest.mark.parametrize("name", sorted([*SCENARIOS, *ASYNC_SCENARIOS]))
def test_committed_cassette_is_current(name: str, fresh: Path) -> None:
    committed, current = exchanges(CASSETTES / f"{name}.yaml"), exchanges(fresh / f"{name}.yaml")
    for old, new in zip(committed, current):
        assert (old.method, old.uri, old.request_body) == (new.method, new.uri, new.request_body), (
            f"{old}: the request changed; {RERECORD}"
        )
        assert (old.status, old.response_body) == (new.status, new.response_body), (
            f"{old}: the emulator's answer changed; {RERECORD}"
        )
    assert len(committed) == len(current), f"{name}: the number of requests changed; {RERECORD}"
    assert (CASSETTES / f"{name}.yaml").read_bytes() == (fresh / f"{name}.yaml").read_bytes(), (
        f"{name}: headers or formatting changed; {RERECORD}"
    )
