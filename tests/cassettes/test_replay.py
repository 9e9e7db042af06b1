"""Replay every scenario from its committed cassette: network blocked, no emulator.

A replay fails if the client sends a request the recording does not have (a different
path, query or JSON body), if a recorded response no longer decodes, or if any recorded
interaction goes unplayed: the wire format is pinned in both directions.
"""

from __future__ import annotations

from typing import Any

import pytest
from vcr.errors import CannotOverwriteExistingCassetteException

from particle_orm.client import AsyncAttioClient, AttioClient
from particle_orm.emulator import Emulator
from particle_orm.testing import make_vcr, network_blocked
from tests.cassettes._files import CASSETTES
from tests.cassettes._scenarios import ASYNC_SCENARIOS, SCENARIOS

# Replays never authenticate; any well-formed token will do.
REPLAY_TOKEN = "replay-token-not-a-secret-0000"


@pytest.fixture(autouse=True)
def _no_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("cassette replay must not start the emulator")

    monkeypatch.setattr(Emulator, "__init__", refuse)


def _unplayed(cassette: Any) -> list[str]:
    return [
        f"{request.method} {request.uri}"
        for i, (request, _response) in enumerate(cassette.data)
        if cassette.play_counts[i] == 0
    ]


@pytest.mark.block_network
@pytest.mark.vcr
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_replay(scenario: str, vcr: Any) -> None:
    assert len(vcr) > 0, f"cassette {scenario}.yaml is empty or missing"
    with network_blocked(), AttioClient(REPLAY_TOKEN, rate_limits=None, retry=None) as client:
        SCENARIOS[scenario](client)
    assert vcr.all_played, f"requests recorded but not made: {_unplayed(vcr)}"


@pytest.mark.block_network
@pytest.mark.vcr
@pytest.mark.parametrize("scenario", sorted(ASYNC_SCENARIOS))
async def test_replay_async(scenario: str, vcr: Any) -> None:
    assert len(vcr) > 0, f"cassette {scenario}.yaml is empty or missing"
    with network_blocked():
        async with AsyncAttioClient(REPLAY_TOKEN, rate_limits=None, retry=None) as client:
            await ASYNC_SCENARIOS[scenario](client)
    assert vcr.all_played, f"requests recorded but not made: {_unplayed(vcr)}"


def test_every_scenario_has_a_cassette() -> None:
    names = {p.stem for p in CASSETTES.glob("*.yaml")}
    assert names == {*SCENARIOS, *ASYNC_SCENARIOS}


def test_a_different_json_body_does_not_match() -> None:
    # vcrpy's default matching ignores bodies; every Attio query is a POST, so ours must not.
    path = CASSETTES / "records_paging.yaml"
    with (
        network_blocked(),
        make_vcr(record_mode="none").use_cassette(str(path)),
        AttioClient(REPLAY_TOKEN, rate_limits=None, retry=None) as client,
        pytest.raises(CannotOverwriteExistingCassetteException),
    ):
        client.create_record("companies", {"name": [{"value": "Not In The Cassette"}]})


def test_the_same_json_body_in_another_key_order_matches() -> None:
    path = CASSETTES / "records_paging.yaml"
    with (
        network_blocked(),
        make_vcr(record_mode="none").use_cassette(str(path)),
        AttioClient(REPLAY_TOKEN, rate_limits=None, retry=None) as client,
    ):
        created = client.create_record(
            "companies",
            {
                "domains": [{"domain": "page-0.cassette-acme.example"}],
                "name": [{"value": "Cassette Page 0"}],
            },
        )
    assert created["values"]["name"][0]["value"] == "Cassette Page 0"


def test_a_replay_that_skips_requests_is_detected() -> None:
    path = CASSETTES / "workspace_schema.yaml"
    with (
        network_blocked(),
        make_vcr(record_mode="none").use_cassette(str(path)) as cassette,
        AttioClient(REPLAY_TOKEN, rate_limits=None, retry=None) as client,
    ):
        client.get_self()
    assert not cassette.all_played
    assert _unplayed(cassette)[0] == "GET https://api.attio.com/v2/objects"
