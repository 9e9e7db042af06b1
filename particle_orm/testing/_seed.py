"""Seeding an emulator from plain dicts (what the ``attio_seed`` marker does).

Example:
    >>> from particle_orm.emulator import Emulator
    >>> seeded = seed_emulator(Emulator(), companies=[{"name": "Acme", "domains": ["acme.com"]}])
    >>> seeded["companies"][0]["values"]["name"][0]["value"]
    'Acme'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from particle_orm.emulator import Emulator
from particle_orm.testing._errors import FactoryError

__all__ = ["Seeded", "seed_emulator"]

Seeded = dict[str, list[dict[str, Any]]]
"""Object slug -> the records created for it, as the API returned them, in order."""


def seed_emulator(
    emulator: Emulator,
    fixture: Mapping[str, Any] | None = None,
    /,
    **records: Sequence[Mapping[str, Any]],
) -> Seeded:
    """Load ``fixture`` (``Emulator.load_fixture`` format: objects, lists, attributes,
    options, statuses, records, entries), then create ``records`` (slug -> list of Attio
    input ``values``) and return those records.

    Seeding goes straight to the emulator, not through a client, so it adds nothing to a
    client's request counters (it does appear in the emulator's journal).

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> seed_emulator(Emulator(), people=[])
        {'people': []}
    """
    if fixture is not None:
        if not isinstance(fixture, Mapping):
            raise TypeError(f"attio_seed: the fixture must be a mapping, got {fixture!r}")
        emulator.load_fixture(fixture)
    auth = {"authorization": f"Bearer {emulator.token}"}
    seeded: Seeded = {}
    for slug, rows in records.items():
        if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Sequence):
            raise TypeError(f"attio_seed: {slug}= must be a list of value dicts, got {rows!r}")
        created = seeded.setdefault(slug, [])
        for i, values in enumerate(rows):
            if not isinstance(values, Mapping):
                raise TypeError(f"attio_seed: {slug}[{i}] must be a dict of values, got {values!r}")
            body = json.dumps({"data": {"values": dict(values)}}).encode()
            resp = emulator.handle("POST", f"/v2/objects/{slug}/records", {}, auth, body)
            payload = resp.json()
            if resp.status != 200:
                raise FactoryError(
                    f"attio_seed: {slug}[{i}] -> {resp.status} {payload.get('code')}: "
                    f"{payload.get('message')}"
                )
            created.append(payload["data"])
    return seeded
