"""Reading the committed cassettes as plain data (for the scans; replay uses vcrpy)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]
CASSETTES = Path(os.environ.get("PARTICLE_ORM_CASSETTES", REPO / "cassettes"))


@dataclass(frozen=True)
class Exchange:
    """One recorded request/response pair."""

    cassette: str
    index: int
    method: str
    uri: str
    request_headers: dict[str, list[str]]
    request_body: Any
    status: int
    response_headers: dict[str, list[str]]
    response_body: Any

    @property
    def path(self) -> str:
        return urlsplit(self.uri).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.uri).query)

    def __str__(self) -> str:
        return f"{self.cassette}#{self.index} {self.method} {self.uri} -> {self.status}"


def _json(body: Any) -> Any:
    if isinstance(body, dict):
        body = body.get("string")
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    if body in (None, ""):
        return None
    return json.loads(body)


def cassette_paths() -> list[Path]:
    """Every committed cassette, sorted by name."""
    return sorted(CASSETTES.glob("*.yaml"))


def exchanges(path: Path) -> list[Exchange]:
    """The interactions of one cassette, bodies decoded from JSON."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for i, item in enumerate(data["interactions"]):
        req, resp = item["request"], item["response"]
        out.append(
            Exchange(
                path.stem,
                i,
                req["method"],
                req["uri"],
                req.get("headers") or {},
                _json(req.get("body")),
                int(resp["status"]["code"]),
                resp.get("headers") or {},
                _json(resp.get("body")),
            )
        )
    return out
