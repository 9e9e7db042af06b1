"""The client's JSON decoder: msgspec when the `speed` extra is installed, stdlib otherwise."""

from __future__ import annotations

import json

import httpx
import pytest

from particle_orm.client import AttioClient, MalformedResponseError, _base, _json

BODY = b'{"data": [{"n": 1.5, "s": "caf\\u00e9", "b": true, "z": null}]}'


def test_backend_is_msgspec_when_installed() -> None:
    try:
        import msgspec  # noqa: F401
    except ImportError:
        assert _json.BACKEND == "json"
    else:
        assert _json.BACKEND == "msgspec"
    assert _json.loads(BODY) == json.loads(BODY)


@pytest.mark.parametrize("decoder", [json.loads, _json.loads], ids=["stdlib", "configured"])
def test_both_decoders_give_the_same_data_and_errors(
    decoder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_base, "json_loads", decoder)
    bodies = {"/v2/lists": BODY, "/v2/objects": b"<html>oops</html>"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bodies[request.url.path])

    with AttioClient("t" * 64, transport=httpx.MockTransport(handler), retry=None) as client:
        assert client.list_lists() == [{"n": 1.5, "s": "café", "b": True, "z": None}]
        with pytest.raises(MalformedResponseError, match="not JSON"):
            client.list_objects()
