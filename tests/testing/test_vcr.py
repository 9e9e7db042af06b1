from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from vcr.request import Request

from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.testing import (
    LOOPBACK,
    MATCH_ON,
    REDACTED,
    CassetteScrubber,
    make_vcr,
    network_blocked,
    served_emulator,
    vcr_config,
)

TOKEN = "7c0f5e3a9b2d4c6e8f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0d2e"


def _request(body: Any = None, **headers: str) -> Request:
    raw = None if body is None else json.dumps(body).encode()
    return Request("POST", "https://api.attio.com/v2/objects/people/records/query", raw, headers)


def test_the_authorization_header_is_replaced() -> None:
    out = CassetteScrubber().request(_request(Authorization=f"Bearer {TOKEN}"))
    assert out.headers["Authorization"] == f"Bearer {REDACTED}"


def test_the_token_is_learned_from_the_header_and_cut_from_responses() -> None:
    scrubber = CassetteScrubber()
    scrubber.request(_request({"note": TOKEN}, Authorization=f"Bearer {TOKEN}"))
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"x-echo": [f"token {TOKEN}"], "Set-Cookie": ["session=abc"]},
        "body": {"string": json.dumps({"data": {"echo": TOKEN}}).encode()},
    }
    out = scrubber.response(response)
    assert TOKEN not in json.dumps(out, default=str)
    assert out["headers"] == {"x-echo": [f"token {REDACTED}"]}  # cookies dropped
    assert json.loads(out["body"]["string"]) == {"data": {"echo": REDACTED}}


def test_request_bodies_uris_and_headers_are_scrubbed() -> None:
    scrubber = CassetteScrubber(tokens=[TOKEN])
    req = Request(
        "GET", f"https://api.attio.com/v2/self?key={TOKEN}", f"x={TOKEN}", {"X-Key": TOKEN}
    )
    out = scrubber.request(req)
    assert TOKEN not in out.uri and TOKEN not in str(out.body) and out.headers["X-Key"] == REDACTED


def test_the_environment_token_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTIO_API_KEY", TOKEN)
    assert CassetteScrubber().scrub_text(f"a {TOKEN} b") == f"a {REDACTED} b"


def test_workspace_ids_are_replaced_consistently() -> None:
    scrubber = CassetteScrubber(workspace_ids=True)
    body = {
        "data": {"id": {"workspace_id": "ws-1", "record_id": "r"}, "x": [{"workspace_id": "ws-1"}]}
    }
    response = {"headers": {}, "body": {"string": json.dumps(body)}}
    out = json.loads(scrubber.response(response)["body"]["string"])
    stand_in = out["data"]["id"]["workspace_id"]
    assert stand_in != "ws-1" and out["data"]["x"][0]["workspace_id"] == stand_in
    assert out["data"]["id"]["record_id"] == "r"
    again = CassetteScrubber(workspace_ids=True).response(
        {"headers": {}, "body": {"string": json.dumps(body)}}
    )
    assert json.loads(again["body"]["string"])["data"]["id"]["workspace_id"] == stand_in


def test_the_scrubber_survives_deepcopy() -> None:
    # pytest-recording deep-copies vcr_config before use.
    config = copy.deepcopy(vcr_config(tokens=[TOKEN]))
    out = config["before_record_request"](_request(Authorization=f"Bearer {TOKEN}"))
    assert out.headers["Authorization"] == f"Bearer {REDACTED}"


def test_config_keys() -> None:
    config = vcr_config()
    assert config["match_on"] == MATCH_ON == ("method", "path", "query", "body")
    assert "record_mode" not in config  # --record-mode stays in charge
    assert vcr_config(record_mode="none", allow_playback_repeats=True)["record_mode"] == "none"
    assert vcr_config(allow_playback_repeats=True)["allow_playback_repeats"] is True


def test_record_then_replay_offline(tmp_path: Path) -> None:
    cassette = tmp_path / "people.yaml"
    emu = Emulator(seed=21)
    with (
        served_emulator(emu) as served,
        make_vcr(record_mode="once").use_cassette(str(cassette)),
        AttioClient(served.token, base_url=served.base_url, rate_limits=None) as client,
    ):
        recorded = client.query_records("people", filter={"name": "Nobody"})
        client.create_record("companies", {"name": "Recorded Co"})
    text = cassette.read_text()
    assert served.token not in text and f"Bearer {REDACTED}" in text
    assert len(yaml.safe_load(text)["interactions"]) == 2

    with (
        network_blocked(),
        make_vcr(record_mode="none").use_cassette(str(cassette)) as replay,
        AttioClient("unrelated-token-0000000000", base_url=served.base_url, retry=None) as client,
    ):
        assert client.query_records("people", filter={"name": "Nobody"}) == recorded
        made = client.create_record("companies", {"name": "Recorded Co"})
    assert made["values"]["name"][0]["value"] == "Recorded Co"
    assert replay.all_played


def test_served_emulator_stops_listening(tmp_path: Path) -> None:
    import httpx

    with served_emulator() as served, network_blocked(allow=LOOPBACK):
        assert httpx.get(f"{served.base_url}/v2/self").status_code == 401
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{served.base_url}/v2/self")
    assert served.token not in repr(served)
