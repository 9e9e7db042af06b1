"""No cassette holds a secret: tokens, Authorization values, cookies or key-like strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from particle_orm.testing import REDACTED
from tests.cassettes._files import cassette_paths, exchanges

# Attio API keys (and the emulator's) are 64 hex characters; OAuth tokens and other
# credentials tend to be long unbroken runs of base64/hex. UUIDs have dashes, so ids pass.
KEY_LIKE = re.compile(r"(?<![0-9A-Za-z_-])[0-9a-fA-F]{32,}(?![0-9A-Za-z_-])")
LONG_OPAQUE = re.compile(r"(?<![0-9A-Za-z_./-])[A-Za-z0-9_\-]{40,}(?![0-9A-Za-z_./-])")
SECRET_WORDS = re.compile(
    r"(?i)(bearer\s+(?!REDACTED\b)\S+|api[_-]?key|access[_-]?token|client[_-]?secret|"
    r"refresh[_-]?token|password|set-cookie|sk_live_|sk_test_)"
)
PATHS = cassette_paths()


def find_secrets(text: str) -> list[str]:
    """Every suspicious fragment of a cassette's text."""
    found = [m.group(0) for m in KEY_LIKE.finditer(text)]
    found += [m.group(0) for m in LONG_OPAQUE.finditer(text)]
    found += [m.group(0) for m in SECRET_WORDS.finditer(text)]
    return found


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_cassette_text_has_no_secrets(path: Path) -> None:
    assert find_secrets(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_authorization_is_always_redacted(path: Path) -> None:
    for exchange in exchanges(path):
        auth = {k.lower(): v for k, v in exchange.request_headers.items()}.get("authorization")
        assert auth == [f"Bearer {REDACTED}"], str(exchange)
        assert not {k.lower() for k in exchange.response_headers} & {"set-cookie", "authorization"}


@pytest.mark.parametrize(
    "leak",
    [
        "Authorization: Bearer 3f1e0c2b4d5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
        '{"token": "3f1e0c2b4d5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"}',
        "bearer abc.def",
        '{"api_key": "x"}',
        "access_token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9eyJzdWIiOiIxMjM0NTY3ODkwIn0",
    ],
)
def test_the_scan_finds_planted_secrets(leak: str) -> None:
    assert find_secrets(f"interactions:\n- body: {leak}\n") != []


def test_the_scan_lets_ids_and_redactions_through() -> None:
    ok = "Bearer REDACTED workspace_id 0f8fad5b-d9cb-469f-a165-70867728950e 2025-01-15T09:30:00Z"
    assert find_secrets(ok) == []
