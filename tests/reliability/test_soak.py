"""Fault soak (issue 8): writes through sessions under 429s, 5xx and dropped responses.

The short soak runs with the unit tests; ``make soak`` runs the 5,000-write version. Both
end with the emulator's state equal to the harness's model: nothing lost or duplicated.
"""

from __future__ import annotations

import pytest

from tests.reliability._soak import Soak, SoakReport


def _check(soak: Soak | SoakReport, writes: int, *, faults_seen: bool = True) -> None:
    report = soak.run() if isinstance(soak, Soak) else soak
    print(report.summary())
    assert report.writes == writes
    assert report.problems == []
    assert (report.lost, report.duplicated, report.mismatched) == (0, 0, 0)
    assert report.ambiguous == report.ambiguous_found_created + report.ambiguous_found_absent
    assert report.rate_limited > 0 and report.retries > 0
    if faults_seen:
        # The dangerous faults really happened (certain for a seeded, sequential run;
        # overwhelmingly likely for 5,000 writes).
        assert report.server_errors > 0 and report.dropped_responses > 0
        assert report.ambiguous > 0 and report.resent_as_assert > 0


def test_short_soak_loses_and_duplicates_nothing() -> None:
    # One request at a time: the seeded faults land on the same requests every run.
    _check(Soak(writes=500, seed=8, workers=1), 500)


def test_short_concurrent_soak_loses_and_duplicates_nothing() -> None:
    _check(Soak(writes=500, seed=9), 500, faults_seen=False)


async def test_short_async_soak_loses_and_duplicates_nothing() -> None:
    _check(await Soak(writes=500, seed=12, workers=1).arun(), 500)


@pytest.mark.soak
def test_soak_5000_writes_loses_and_duplicates_nothing() -> None:
    _check(Soak(writes=5000, seed=88), 5000)


@pytest.mark.soak
async def test_async_soak_5000_writes_loses_and_duplicates_nothing() -> None:
    _check(await Soak(writes=5000, seed=89).arun(), 5000)
