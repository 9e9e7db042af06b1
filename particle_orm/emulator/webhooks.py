"""Webhook deliveries, in-process: matching events to subscriptions, payloads, signatures.

Writes note their events on the request's :class:`~.context.WorkspaceContext`
(``ctx.emit``); once the write has committed, :func:`build_deliveries` turns each event into
one :class:`WebhookDelivery` per active webhook of the workspace with a matching
subscription. Nothing is sent over the network: the :class:`~particle_orm.emulator.Emulator`
records the deliveries (``emu.webhook_deliveries``) and hands them to the callbacks
registered with ``emu.on_webhook``.

A delivery is what Attio would POST to ``target_url`` (FACTS.md §12, docs.attio.com webhook
reference): the body ``{"webhook_id", "events": [event]}`` (one event per delivery), the
headers ``Content-Type: application/json``, ``Attio-Signature`` and ``X-Attio-Signature``
(the hex HMAC-SHA256 of the raw body keyed with the webhook's secret) and
``Idempotency-Key`` (unique per delivery).

Example:
    >>> event = {"event_type": "task.created", "id": {"workspace_id": "w", "task_id": "t"}}
    >>> filter_matches({"$and": [{"field": "id.task_id", "operator": "equals",
    ...                          "value": "t"}]}, event)
    True
    >>> sign("secret", b"{}")[:16]
    '77325902caca812d'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, overload

from particle_orm.emulator.store import Store

__all__ = [
    "EVENT_TYPES",
    "WebhookDeliveries",
    "WebhookDelivery",
    "build_deliveries",
    "filter_matches",
    "sign",
    "subscriptions_match",
]

EVENT_TYPES = (
    "call-recording.created",
    "comment.created",
    "comment.resolved",
    "comment.unresolved",
    "comment.deleted",
    "list.created",
    "list.updated",
    "list.deleted",
    "list-attribute.created",
    "list-attribute.updated",
    "list-entry.created",
    "list-entry.updated",
    "list-entry.deleted",
    "object-attribute.created",
    "object-attribute.updated",
    "note.created",
    "note-content.updated",
    "note.updated",
    "note.deleted",
    "record.created",
    "record.merged",
    "record.updated",
    "record.deleted",
    "task.created",
    "task.updated",
    "task.deleted",
    "workspace-member.created",
)
"""Every ``event_type`` a subscription may name (the spec's enum, in its order)."""


@dataclass(frozen=True)
class WebhookDelivery:
    """One webhook request the emulator would have sent to ``target_url``.

    Example:
        >>> d = WebhookDelivery("wh", "https://x.io/hook", b'{"events": []}', {})
        >>> d.json()
        {'events': []}
    """

    webhook_id: str
    target_url: str
    body: bytes
    headers: dict[str, str] = field(hash=False)

    def json(self) -> Any:
        """The decoded JSON body: ``{"webhook_id", "events": [event]}``."""
        return json.loads(self.body)

    @property
    def event(self) -> dict[str, Any]:
        """The delivery's one event (``events[0]``)."""
        event: dict[str, Any] = self.json()["events"][0]
        return event


class WebhookDeliveries:
    """A thread-safe, clearable, read-only list of the deliveries made so far.

    ``errors`` holds ``(delivery, exception)`` for every ``on_webhook`` callback that
    raised.

    Example:
        >>> log = WebhookDeliveries()
        >>> log.append(WebhookDelivery("wh", "https://x.io", b"{}", {}))
        >>> len(log), log[0].webhook_id
        (1, 'wh')
        >>> log.clear()
        >>> list(log)
        []
    """

    def __init__(self) -> None:
        self._items: list[WebhookDelivery] = []
        self.errors: list[tuple[WebhookDelivery, Exception]] = []
        self._lock = threading.Lock()

    def append(self, delivery: WebhookDelivery) -> None:
        """Record one delivery (the emulator calls this)."""
        with self._lock:
            self._items.append(delivery)

    def record_error(self, delivery: WebhookDelivery, error: Exception) -> None:
        """Record a callback's exception (the emulator calls this)."""
        with self._lock:
            self.errors.append((delivery, error))

    def clear(self) -> None:
        """Forget every delivery and callback error."""
        with self._lock:
            self._items.clear()
            self.errors.clear()

    def snapshot(self) -> list[WebhookDelivery]:
        """A copy of the deliveries, oldest first."""
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[WebhookDelivery]:
        return iter(self.snapshot())

    @overload
    def __getitem__(self, index: int) -> WebhookDelivery: ...

    @overload
    def __getitem__(self, index: slice) -> list[WebhookDelivery]: ...

    def __getitem__(self, index: int | slice) -> WebhookDelivery | list[WebhookDelivery]:
        with self._lock:
            return self._items[index]

    def __repr__(self) -> str:
        return f"WebhookDeliveries({len(self)} deliveries)"


def sign(secret: str, body: bytes) -> str:
    """The ``Attio-Signature`` of ``body``: hex HMAC-SHA256 keyed with the webhook secret."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


_MISSING = object()


def _lookup(event: dict[str, Any], path: str) -> Any:
    current: Any = event
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current:
            return _MISSING
        current = current[part]
    return current


def filter_matches(filter: dict[str, Any] | None, event: dict[str, Any]) -> bool:
    """Whether a subscription filter lets ``event`` through.

    ``None`` always passes. ``{"$and": [...]}`` needs every condition, ``{"$or": [...]}``
    one of them (so an empty ``$and`` passes and an empty ``$or`` does not). A condition's
    ``field`` is a dotted path into the event (``id.object_id``, ``parent_object_id``,
    ``actor.type``...); ``equals`` compares it with ``value`` as a string, ``not_equals`` is
    its negation. A path the event does not have equals nothing.

    Example:
        >>> e = {"id": {"list_id": "L"}, "parent_object_id": "O"}
        >>> filter_matches({"$or": [{"field": "id.list_id", "operator": "equals",
        ...                         "value": "X"},
        ...                        {"field": "parent_object_id", "operator": "not_equals",
        ...                         "value": "X"}]}, e)
        True
    """
    if filter is None:
        return True
    combine, conditions = (all, filter["$and"]) if "$and" in filter else (any, filter["$or"])
    results = []
    for cond in conditions:
        found = _lookup(event, cond["field"])
        equal = found is not _MISSING and found is not None and str(found) == cond["value"]
        results.append(equal if cond["operator"] == "equals" else not equal)
    return combine(results)


def subscriptions_match(subscriptions: list[dict[str, Any]], event: dict[str, Any]) -> bool:
    """Whether any subscription names the event's type and its filter passes."""
    return any(
        sub["event_type"] == event["event_type"] and filter_matches(sub["filter"], event)
        for sub in subscriptions
    )


def build_deliveries(
    store: Store,
    workspace_id: str,
    events: list[dict[str, Any]],
    new_key: Callable[[], str],
) -> list[WebhookDelivery]:
    """One delivery per event and receiving webhook (``active`` or ``degraded``) of the
    workspace whose subscriptions match, in event then webhook-creation order.

    ``new_key`` makes each delivery's ``Idempotency-Key``.
    """
    hooks = [
        (wid, url, json.loads(subs), secret)
        for wid, url, subs, secret in store.db.execute(
            "SELECT id, target_url, subscriptions, secret FROM webhook "
            "WHERE workspace_id=? AND status!='inactive' ORDER BY created_at, rowid",
            (workspace_id,),
        )
    ]
    out: list[WebhookDelivery] = []
    for event in events:
        for wid, url, subs, secret in hooks:
            if not subscriptions_match(subs, event):
                continue
            body = json.dumps({"webhook_id": wid, "events": [event]}).encode()
            signature = sign(secret, body)
            headers = {
                "Content-Type": "application/json",
                "Attio-Signature": signature,
                "X-Attio-Signature": signature,
                "Idempotency-Key": new_key(),
            }
            out.append(WebhookDelivery(wid, url, body, headers))
    return out
