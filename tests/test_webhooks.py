"""Receiving webhooks: signatures are checked on the raw bytes, then events are parsed."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest

from particle_orm.webhooks import (
    InvalidSignature,
    WebhookPayload,
    parse_delivery,
    signature_of,
    verify_signature,
)

SECRET = "whsec-test-0123456789"
BODY = json.dumps(
    {
        "webhook_id": "w1",
        "events": [
            {
                "event_type": "record.updated",
                "id": {
                    "workspace_id": "ws",
                    "object_id": "o1",
                    "record_id": "r1",
                    "attribute_id": "a1",
                },
                "actor": {"type": "api-token", "id": "t1"},
            }
        ],
    }
).encode()


def test_the_signature_is_hmac_sha256_of_the_raw_body() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert signature_of(BODY, SECRET) == expected
    assert verify_signature(BODY, expected, SECRET)
    assert verify_signature(BODY, expected.upper(), SECRET)  # hex case is not significant
    assert not verify_signature(BODY + b" ", expected, SECRET)  # any change to the bytes
    assert not verify_signature(BODY, expected, "another secret")
    assert not verify_signature(BODY, None, SECRET) and not verify_signature(BODY, "", SECRET)
    with pytest.raises(TypeError, match="raw request bytes"):
        verify_signature(BODY.decode(), expected, SECRET)  # type: ignore[arg-type]


@pytest.mark.parametrize("header", ["Attio-Signature", "x-attio-signature", "X-ATTIO-SIGNATURE"])
def test_parse_delivery_takes_the_signature_from_headers(header: str) -> None:
    payload = parse_delivery(BODY, secret=SECRET, headers={header: signature_of(BODY, SECRET)})
    assert payload == WebhookPayload.from_json(json.loads(BODY))
    (event,) = payload.events
    assert (event.event_type, event.object_id, event.record_id, event.attribute_id) == (
        "record.updated",
        "o1",
        "r1",
        "a1",
    )
    assert event.list_id is None and event.entry_id is None
    assert event.actor is not None and event.actor.type == "api-token"


def test_a_bad_or_missing_signature_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidSignature, match="does not match"):
        parse_delivery(BODY, secret=SECRET, signature="0" * 64)
    with pytest.raises(InvalidSignature):
        parse_delivery(BODY, secret=SECRET, headers={"Content-Type": "application/json"})
    with pytest.raises(InvalidSignature):
        parse_delivery(b"not json", secret=SECRET, signature="deadbeef")


def test_odd_event_shapes_are_tolerated() -> None:
    payload = WebhookPayload.from_json({"webhook_id": "w", "events": [{"event_type": "x"}, 5]})
    assert payload.events[0].id == {} and payload.events[0].actor is None
    assert len(payload.events) == 1


def test_end_to_end_with_the_emulator() -> None:
    """Subscribe with the client, write through the ORM, verify and read the deliveries."""
    from particle_orm import Session
    from particle_orm.emulator import Emulator
    from particle_orm.standard import Company

    emu = Emulator(seed=31)
    received: list[WebhookPayload] = []
    with emu.client(rate_limits=None) as client:
        hook = client.create_webhook(
            "https://example.com/attio", ["record.created", "record.updated"]
        )
        secret = hook["secret"]

        def handler(delivery: Any) -> None:  # what a web framework would call
            received.append(parse_delivery(delivery.body, secret=secret, headers=delivery.headers))

        unsubscribe = emu.on_webhook(handler)
        with Session(client) as session:
            acme = Company(name="Acme")
            session.add(acme)
            session.commit()
            acme.description = "Rockets"
            session.commit()
        unsubscribe()
        client.patch_record("companies", str(acme.record_id), {"description": "Later"})
    kinds = [(p.webhook_id, p.events[0].event_type) for p in received]
    webhook_id = hook["id"]["webhook_id"]
    assert kinds == [(webhook_id, "record.created"), (webhook_id, "record.updated")]
    assert {p.events[0].record_id for p in received} == {acme.record_id}
    assert len(emu.webhook_deliveries) == 3  # the last one after unsubscribing
    tampered = emu.webhook_deliveries[0]
    with pytest.raises(InvalidSignature):
        parse_delivery(tampered.body + b" ", secret=secret, headers=tampered.headers)
