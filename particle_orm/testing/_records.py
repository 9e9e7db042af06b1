"""``fake_record(object, **values)``: a record dict exactly as Attio would return it.

The shape is not hand-written: the values go through a private, in-process emulator (the
project's independent reading of the spec), so every envelope, derived property
(``email_domain``, ``root_domain``...) and system attribute is there. The record is deleted
from that emulator straight away; it exists nowhere, so use it for decoding and unit tests
(``Person.from_api(fake_record(Person, ...))``), not as a server-side fixture.

Example:
    >>> rec = fake_record("companies", name="Acme", domains=["acme.com"])
    >>> rec["values"]["domains"][0]["root_domain"]
    'acme.com'
"""

from __future__ import annotations

import json
import threading
from typing import Any

from particle_orm.emulator import Emulator
from particle_orm.models import Model
from particle_orm.testing._errors import FactoryError

__all__ = ["fake_record"]

_lock = threading.Lock()
_shared: list[Emulator] = []


def _private_emulator() -> Emulator:
    with _lock:
        if not _shared:
            _shared.append(Emulator(seed="particle_orm.testing.fake_record"))
        return _shared[0]


def _request(emulator: Emulator, method: str, path: str, body: Any = None) -> Any:
    raw = None if body is None else json.dumps(body).encode()
    resp = emulator.handle(method, path, {}, {"authorization": f"Bearer {emulator.token}"}, raw)
    payload = resp.json()
    if resp.status != 200:
        raise FactoryError(f"{method} {path} -> {resp.status}: {payload.get('message')}")
    return payload


def fake_record(
    object: str | type[Model], /, *, emulator: Emulator | None = None, **values: Any
) -> dict[str, Any]:
    """A spec-shaped record of ``object`` (a slug, or a ``Model`` class) holding ``values``.

    With a model class, ``values`` are Python values encoded by the model's fields; with a
    slug they are Attio input values. Custom objects need ``emulator=`` (one that has the
    object); the record is then created there and kept.

    Example:
        >>> from particle_orm.standard import Person
        >>> p = Person.from_api(fake_record(Person, name="Lovelace, Ada"))
        >>> p.name.full_name
        'Ada Lovelace'
    """
    if isinstance(object, type) and issubclass(object, Model):
        slug = object._meta.object
        if slug is None:
            raise FactoryError(f"fake_record({object.__name__}): the model has no Meta.object slug")
        try:
            encoded: dict[str, Any] = object(**values).to_api_values()
        except TypeError as exc:
            raise FactoryError(f"fake_record({object.__name__}): {exc}") from None
    elif isinstance(object, str) and object:
        slug, encoded = object, values
    else:
        raise TypeError(f"fake_record: object must be a slug or a Model class, got {object!r}")
    target = emulator if emulator is not None else _private_emulator()
    created = _request(target, "POST", f"/v2/objects/{slug}/records", {"data": {"values": encoded}})
    data: dict[str, Any] = created["data"]
    if emulator is None:
        # Unique attributes (emails, domains) would clash with the next fake otherwise.
        _request(target, "DELETE", f"/v2/objects/{slug}/records/{data['id']['record_id']}")
    return data
