"""Re-record the cassette suite: ``python -m tests.cassettes.record [--help]``.

By default each scenario runs against a fresh, seeded emulator with a frozen clock,
served over HTTP on 127.0.0.1 (vcrpy records only real network traffic), through the real
``AttioClient``; the cassettes are rewritten in place, byte-identical when nothing changed.
With ``--base-url https://api.attio.com`` (token from ``$ATTIO_API_KEY``) the same
scenarios run against a real workspace; they create and then delete their own records
(the ``cassette_pipeline`` list and its ``stage`` attribute are created once and kept,
since Attio cannot delete lists through the API).

Recorded URLs are rewritten to ``https://api.attio.com``, the token and the
``Authorization`` header are scrubbed, and the ``date``, ``server`` and
``transfer-encoding`` response headers are dropped so re-recordings diff cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from particle_orm.client import TOKEN_ENV_VAR, AsyncAttioClient, AttioClient
from particle_orm.emulator import Emulator
from particle_orm.testing import served_emulator, vcr_config
from tests.cassettes._scenarios import ASYNC_SCENARIOS, SCENARIOS

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"
FROZEN_AT = datetime(2025, 1, 15, 9, 30, tzinfo=timezone.utc)
ATTIO = "https://api.attio.com"
# Set by uvicorn per run, or a detail of how it framed the body.
_VOLATILE_RESPONSE_HEADERS = frozenset({"date", "server", "transfer-encoding"})


def _to_attio(request: Any) -> Any:
    parts = urlsplit(request.uri)
    request.uri = urlunsplit(("https", "api.attio.com", parts.path, parts.query, ""))
    for name in [h for h in request.headers if h.lower() == "host"]:
        request.headers[name] = "api.attio.com"
    return request


def _drop_volatile(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {
        k: v for k, v in response["headers"].items() if k.lower() not in _VOLATILE_RESPONSE_HEADERS
    }
    return response


def recorder(**overrides: Any) -> Any:
    """A ``vcr.VCR`` that records everything, scrubbed and pointed at api.attio.com."""
    import vcr

    config = vcr_config(record_mode="all")
    config["before_record_request"] = (config["before_record_request"], _to_attio)
    config["before_record_response"] = (config["before_record_response"], _drop_volatile)
    config.update(overrides)
    return vcr.VCR(**config)


@contextmanager
def _target(name: str, base_url: str | None) -> Iterator[tuple[str, str]]:
    """(base_url, token) for one scenario: a fresh served emulator, or the given API."""
    if base_url is not None:
        token = os.environ.get(TOKEN_ENV_VAR)
        if not token:
            raise SystemExit(f"recording against {base_url} needs ${TOKEN_ENV_VAR}")
        yield base_url, token
        return
    emulator = Emulator(seed=f"cassette:{name}", clock=FROZEN_AT)
    with served_emulator(emulator) as served:
        yield served.base_url, served.token


def record(names: list[str], out: Path, base_url: str | None = None) -> list[Path]:
    """Record the named scenarios into ``out``; returns the cassette paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        path = out / f"{name}.yaml"
        path.unlink(missing_ok=True)
        with _target(name, base_url) as (url, token), recorder().use_cassette(str(path)):
            if name in SCENARIOS:
                with AttioClient(token, base_url=url, rate_limits=None) as client:
                    SCENARIOS[name](client)
            else:
                asyncio.run(_run_async(name, url, token))
        written.append(path)
    return written


async def _run_async(name: str, url: str, token: str) -> None:
    async with AsyncAttioClient(token, base_url=url, rate_limits=None) as client:
        await ASYNC_SCENARIOS[name](client)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    every = [*SCENARIOS, *ASYNC_SCENARIOS]
    parser = argparse.ArgumentParser(
        prog="python -m tests.cassettes.record", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("names", nargs="*", choices=[[], *every], help="scenarios (default: all)")
    parser.add_argument("--out", type=Path, default=CASSETTES, help=f"default: {CASSETTES}")
    parser.add_argument(
        "--base-url",
        help=f"record against this API instead of the emulator (token: ${TOKEN_ENV_VAR})",
    )
    args = parser.parse_args(argv)
    for path in record(args.names or every, args.out, args.base_url):
        print(f"recorded {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
