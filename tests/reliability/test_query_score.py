"""The client against the emulator's query-score limits: a too-complex query fails every
retry, and the error says why (score-based limits, the score Attio reported)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from particle_orm.client import RateLimitedError, RetryPolicy, VirtualClock
from particle_orm.emulator import Emulator, QueryScoreLimits
from particle_orm.standard import Person


def test_a_query_over_the_per_query_score_fails_with_an_explanation() -> None:
    t0 = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)
    # One instant for both: the client's retry waits follow the emulator's Retry-After.
    emu = Emulator(seed=2, clock=t0, query_score_limits=QueryScoreLimits(per_query=2))
    retry = RetryPolicy(max_attempts=3)
    with emu.client(rate_limits=None, clock=VirtualClock(t0), retry=retry) as client:
        # Score 2 (1 + one condition, an empty object): at the limit, so it runs.
        assert Person.objects.using(client).filter(job_title="CTO").count() == 0
        complex_query = Person.objects.using(client).filter(
            job_title="CTO", name__last_name__startswith="L"
        )
        with pytest.raises(RateLimitedError) as info:
            complex_query.count()
    error = info.value
    assert error.attempts == 3  # retried as Attio's 429s must be, in vain
    assert error.is_query and error.query_score == 3.0
    assert "(query score 3); queries also have score-based limits" in str(error)
    statuses = [e.status for e in emu.journal if e.path.endswith("/query")]
    assert statuses == [200, 429, 429, 429]
