"""particle_orm.emulator: an offline, Attio-compatible API server (the embedded default).

It holds workspaces in SQLite and answers the Attio REST API v2 in-process (httpx
transports) or over HTTP (ASGI/uvicorn). It is a second, independent reading of Attio's
spec: it imports nothing from the ORM layers.

Example:
    >>> import httpx
    >>> emu = Emulator(seed=0)
    >>> http = httpx.Client(transport=emu.transport(), base_url="https://api.attio.com",
    ...                     headers={"Authorization": f"Bearer {emu.token}"})
    >>> r = http.post("/v2/objects/companies/records",
    ...               json={"data": {"values": {"name": "Acme", "domains": ["acme.com"]}}})
    >>> r.json()["data"]["values"]["domains"][0]["root_domain"]
    'acme.com'
"""

from __future__ import annotations

from particle_orm.emulator._emulator import (
    ALL_SCOPES,
    Emulator,
    EmulatorResponse,
    WorkspaceHandle,
)
from particle_orm.emulator.control import (
    Clock,
    Fault,
    Faults,
    Journal,
    JournalEntry,
    RateLimits,
)
from particle_orm.emulator.errors import AttioError
from particle_orm.emulator.query_score import QueryScoreLimits
from particle_orm.emulator.server import ASGIApp
from particle_orm.emulator.transports import AsyncEmulatorTransport, EmulatorTransport
from particle_orm.emulator.webhooks import WebhookDeliveries, WebhookDelivery

__all__ = [
    "ALL_SCOPES",
    "ASGIApp",
    "AsyncEmulatorTransport",
    "AttioError",
    "Clock",
    "Emulator",
    "EmulatorResponse",
    "EmulatorTransport",
    "Fault",
    "Faults",
    "Journal",
    "JournalEntry",
    "QueryScoreLimits",
    "RateLimits",
    "WebhookDeliveries",
    "WebhookDelivery",
    "WorkspaceHandle",
]
