"""Receiving Attio webhooks: check the signature, then read the events.

Attio signs each delivery with the webhook's ``secret`` (returned when the webhook is
created): the ``Attio-Signature`` header (also ``X-Attio-Signature``) is the hex
HMAC-SHA256 of the raw request body. Check it against the raw bytes, before parsing,
with a constant-time comparison. Events carry ids, not values: re-fetch what changed.
A delivery that is retried keeps its ``Idempotency-Key`` header, so use it to skip
duplicates.

Example:
    >>> import hashlib, hmac
    >>> body = (b'{"webhook_id": "w1", "events": [{"event_type": "record.created", '
    ...         b'"id": {"workspace_id": "ws", "object_id": "o1", "record_id": "r1"}, '
    ...         b'"actor": {"type": "workspace-member", "id": "m1"}}]}')
    >>> signature = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    >>> payload = parse_delivery(body, signature=signature, secret="s3cret")
    >>> event = payload.events[0]
    >>> event.event_type, event.record_id, event.actor.id
    ('record.created', 'r1', 'm1')
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from particle_orm.errors import ParticleError
from particle_orm.values import Actor

__all__ = [
    "InvalidSignature",
    "WebhookEvent",
    "WebhookPayload",
    "parse_delivery",
    "signature_of",
    "verify_signature",
]

SIGNATURE_HEADERS = ("attio-signature", "x-attio-signature")


class InvalidSignature(ParticleError, ValueError):
    """A webhook delivery whose signature does not match its body (or has none).

    Example:
        >>> isinstance(InvalidSignature("bad"), ValueError)
        True
    """


def signature_of(body: bytes, secret: str) -> str:
    """The hex HMAC-SHA256 of ``body`` with ``secret``: what Attio sends.

    Example:
        >>> len(signature_of(b"{}", "s"))
        64
    """
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, signature: str | None, secret: str) -> bool:
    """Whether ``signature`` is Attio's for this exact ``body`` (constant-time compare).

    Example:
        >>> verify_signature(b"{}", signature_of(b"{}", "s"), "s")
        True
        >>> verify_signature(b"{ }", signature_of(b"{}", "s"), "s")
        False
    """
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError(f"body: expected the raw request bytes, got {type(body).__name__}")
    if not signature:
        return False
    return hmac.compare_digest(signature_of(bytes(body), secret), signature.strip().lower())


def _signature_from(headers: Mapping[str, str]) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    return next((lowered[h] for h in SIGNATURE_HEADERS if h in lowered), None)


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """One event: its type, the ids of what it concerns, and who caused it.

    ``id`` holds whichever ids the event type has (``workspace_id``, ``object_id``,
    ``record_id``, ``list_id``, ``entry_id``, ``attribute_id``, ``note_id``, ``task_id``...);
    the properties are shortcuts that give ``None`` when the id is absent.

    Example:
        >>> e = WebhookEvent("list-entry.created", {"list_id": "l", "entry_id": "e"}, None)
        >>> e.entry_id, e.record_id
        ('e', None)
    """

    event_type: str
    id: Mapping[str, Any]
    actor: Actor | None

    @property
    def object_id(self) -> str | None:
        """The object's id, when the event concerns a record or an object attribute."""
        return self.id.get("object_id")

    @property
    def record_id(self) -> str | None:
        """The record's id (``record.*`` events)."""
        return self.id.get("record_id")

    @property
    def list_id(self) -> str | None:
        """The list's id (``list.*``, ``list-entry.*`` events)."""
        return self.id.get("list_id")

    @property
    def entry_id(self) -> str | None:
        """The entry's id (``list-entry.*`` events)."""
        return self.id.get("entry_id")

    @property
    def attribute_id(self) -> str | None:
        """The attribute that changed (``*.updated`` events that name one)."""
        return self.id.get("attribute_id")


@dataclass(frozen=True, slots=True)
class WebhookPayload:
    """A delivery's body: the webhook it is for and its events (one, today).

    Example:
        >>> WebhookPayload("w1", ()).webhook_id
        'w1'
    """

    webhook_id: str
    events: tuple[WebhookEvent, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WebhookPayload:
        """Build from the decoded body."""
        events = []
        for raw in data.get("events") or ():
            if not isinstance(raw, Mapping):
                continue
            actor = raw.get("actor")
            events.append(
                WebhookEvent(
                    str(raw.get("event_type", "")),
                    dict(raw.get("id") or {}),
                    Actor(actor.get("type"), actor.get("id"))
                    if isinstance(actor, Mapping)
                    else None,
                )
            )
        return cls(str(data.get("webhook_id", "")), tuple(events))


def parse_delivery(
    body: bytes,
    *,
    secret: str,
    signature: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> WebhookPayload:
    """Verify a delivery's signature, then parse it; raises :class:`InvalidSignature`.

    Give the signature itself, or the request ``headers`` to take it from
    (``Attio-Signature`` or ``X-Attio-Signature``, any case).

    Example::

        @app.post("/attio")
        async def attio_webhook(request: Request) -> None:
            payload = parse_delivery(await request.body(), secret=SECRET,
                                     headers=request.headers)
            for event in payload.events:
                ...
    """
    if signature is None and headers is not None:
        signature = _signature_from(headers)
    if not verify_signature(body, signature, secret):
        raise InvalidSignature(
            "webhook delivery rejected: the signature is missing or does not match the body"
        )
    data = json.loads(body)
    if not isinstance(data, Mapping):
        raise ValueError("webhook delivery: expected a JSON object")
    return WebhookPayload.from_json(data)
