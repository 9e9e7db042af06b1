"""Cassette configuration for vcrpy / pytest-recording that suits Attio.

Two problems with vcrpy's defaults for Attio: every query is a ``POST`` (vcrpy matches on
method and URI, so different filters would replay the same recording), and the token sits
in the ``Authorization`` header. :func:`vcr_config` matches on method, path, query string
and the decoded JSON body, and scrubs the token everywhere: the header is replaced, and the
bearer token seen in it (plus ``tokens=`` and ``$ATTIO_API_KEY``) is cut out of URIs,
bodies and headers of requests and responses before anything is written.

Example (``conftest.py``)::

    import pytest
    from particle_orm.testing import vcr_config as attio_vcr_config

    @pytest.fixture(scope="module")
    def vcr_config():
        return attio_vcr_config()

    @pytest.mark.vcr
    def test_people(attio_replay_client): ...
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterable
from typing import Any

from particle_orm.client import TOKEN_ENV_VAR

__all__ = ["MATCH_ON", "REDACTED", "CassetteScrubber", "make_vcr", "vcr_config"]

REDACTED = "REDACTED"
"""What a scrubbed secret reads as in a cassette (the header becomes ``Bearer REDACTED``)."""

MATCH_ON: tuple[str, ...] = ("method", "path", "query", "body")
"""vcrpy matchers: the host is left out so one cassette replays against any base URL;
``body`` compares JSON bodies decoded (key order and spacing do not matter)."""

# Never worth keeping and sometimes secret (session cookies).
_DROP_RESPONSE_HEADERS = frozenset({"set-cookie"})
_WORKSPACE_NS = uuid.UUID("6f1c2b8e-3c1d-4e55-9a43-2d8f3f0b7a10")


class CassetteScrubber:
    """The ``before_record_request`` / ``before_record_response`` pair behind ``vcr_config``.

    It learns the bearer token from each request's ``Authorization`` header, so responses
    echoing it are cleaned too. With ``workspace_ids=True`` every JSON ``workspace_id`` is
    replaced by a stable stand-in UUID (derived one-way, the same in every recording).

    Example:
        >>> s = CassetteScrubber(tokens=["sk_live_abcdefgh12345678"])
        >>> s.scrub_text("token=sk_live_abcdefgh12345678")
        'token=REDACTED'
    """

    def __init__(
        self,
        tokens: Iterable[str] = (),
        *,
        workspace_ids: bool = False,
        drop_response_headers: Iterable[str] = _DROP_RESPONSE_HEADERS,
    ) -> None:
        self._secrets: set[str] = {t for t in tokens if t}
        env = os.environ.get(TOKEN_ENV_VAR)
        if env:
            self._secrets.add(env)
        self._lock = threading.Lock()
        self.workspace_ids = workspace_ids
        self.drop_response_headers = frozenset(h.lower() for h in drop_response_headers)

    def __deepcopy__(self, memo: dict[int, Any]) -> CassetteScrubber:
        # pytest-recording deep-copies vcr_config; the copy must keep learning the same
        # secrets (and a lock cannot be copied anyway).
        return self

    def __repr__(self) -> str:
        return f"CassetteScrubber(secrets={len(self._secrets)}, workspace_ids={self.workspace_ids})"

    def add_secret(self, secret: str) -> None:
        """Also cut ``secret`` out of everything recorded from now on."""
        if secret:
            with self._lock:
                self._secrets.add(secret)

    def scrub_text(self, text: str) -> str:
        """``text`` with every known secret replaced by ``REDACTED`` (longest first)."""
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, REDACTED)
        return text

    def _scrub_body(self, body: Any) -> Any:
        if body is None:
            return None
        was_bytes = isinstance(body, bytes)
        try:
            text = body.decode("utf-8") if was_bytes else str(body)
        except UnicodeDecodeError:
            return body
        text = self.scrub_text(text)
        if self.workspace_ids:
            text = self._replace_workspace_ids(text)
        return text.encode("utf-8") if was_bytes else text

    def _replace_workspace_ids(self, text: str) -> str:
        try:
            data = json.loads(text)
        except ValueError:
            return text

        def walk(node: Any) -> Any:
            if isinstance(node, dict):
                return {
                    k: (
                        str(uuid.uuid5(_WORKSPACE_NS, v))
                        if k == "workspace_id" and isinstance(v, str)
                        else walk(v)
                    )
                    for k, v in node.items()
                }
            if isinstance(node, list):
                return [walk(v) for v in node]
            return node

        return json.dumps(walk(data))

    def request(self, request: Any) -> Any:
        """vcrpy ``before_record_request`` hook (gets vcrpy's copy of the request)."""
        auth = request.headers.get("Authorization") or request.headers.get("authorization")
        if auth:
            scheme, _, credential = str(auth).partition(" ")
            self.add_secret(credential.strip() if scheme.lower() == "bearer" else str(auth))
            for name in [h for h in request.headers if h.lower() == "authorization"]:
                del request.headers[name]
            request.headers["Authorization"] = f"Bearer {REDACTED}"
        request.uri = self.scrub_text(request.uri)
        for name in list(request.headers):
            if name.lower() != "authorization":
                request.headers[name] = self.scrub_text(str(request.headers[name]))
        request.body = self._scrub_body(request.body)
        return request

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """vcrpy ``before_record_response`` hook (a dict with status, headers, body)."""
        headers = response.get("headers") or {}
        response["headers"] = {
            name: [self.scrub_text(str(v)) for v in values]
            for name, values in headers.items()
            if name.lower() not in self.drop_response_headers
        }
        body = response.get("body") or {}
        if "string" in body:
            body["string"] = self._scrub_body(body["string"])
        return response


def vcr_config(
    *,
    tokens: Iterable[str] = (),
    scrub_workspace_ids: bool = False,
    record_mode: str | None = None,
    match_on: Iterable[str] = MATCH_ON,
    **extra: Any,
) -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR`` / pytest-recording's ``vcr_config`` fixture.

    ``record_mode`` is left out unless given, so ``--record-mode`` on the command line
    still decides. ``extra`` is merged in last (any vcrpy option).

    Example:
        >>> cfg = vcr_config()
        >>> cfg["match_on"]
        ('method', 'path', 'query', 'body')
        >>> "record_mode" in cfg
        False
    """
    scrubber = CassetteScrubber(tokens, workspace_ids=scrub_workspace_ids)
    config: dict[str, Any] = {
        "match_on": tuple(match_on),
        "before_record_request": scrubber.request,
        "before_record_response": scrubber.response,
        "decode_compressed_response": True,
    }
    if record_mode is not None:
        config["record_mode"] = record_mode
    config.update(extra)
    return config


def make_vcr(**options: Any) -> Any:
    """A ``vcr.VCR`` configured by :func:`vcr_config` (``options`` go to ``vcr_config``).

    Example::

        with make_vcr(record_mode="none").use_cassette("cassettes/people.yaml"):
            AttioClient(token="unused-in-replay").list_objects()
    """
    import vcr  # type: ignore[import-untyped,unused-ignore]

    return vcr.VCR(**vcr_config(**options))
