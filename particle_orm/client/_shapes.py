"""Response shapes: what ``data`` and the records and entries inside it must look like.

The client returns plain JSON, but the layers above index into records (``id``,
``values``...). A proxy error page, an outage or an API change that breaks the shape is
reported as ``MalformedResponseError`` naming the problem, instead of as a ``KeyError``
or ``AttributeError`` deep inside. The client checks every ``data`` payload
(:func:`data_problem`); code that turns records or entries into objects checks each one
(:func:`item_problem`).

Example:
    >>> item_problem("record", {"id": {"record_id": "r"}, "values": {"name": "Acme"}})
    "values['name'] is str, expected a list of value objects"
    >>> data_problem([]) is None
    True
"""

from __future__ import annotations

from typing import Any, Literal

from particle_orm.client._lazy import LazyValues

__all__ = ["data_problem", "item_problem"]

_KEYS = {"record": ("record_id", "values"), "entry": ("entry_id", "entry_values")}


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def data_problem(data: Any) -> str | None:
    """What is wrong with a response's ``data`` (Attio always sends an object or array).

    Example:
        >>> data_problem(None)
        "'data' is null, expected an object or an array"
    """
    if isinstance(data, (dict, list)):
        return None
    return f"'data' is {_kind(data)}, expected an object or an array"


def item_problem(kind: Literal["record", "entry"], data: Any) -> str | None:
    """What is wrong with one record or entry, or ``None`` when it has what models need.

    Example:
        >>> item_problem("entry", {"id": {"entry_id": "e"}, "entry_values": {}}) is None
        True
        >>> item_problem("record", {"values": {}})
        'the record has no id.record_id string (id is null)'
    """
    id_key, values_key = _KEYS[kind]
    if not isinstance(data, dict):
        return f"the {kind} is {_kind(data)}, expected an object"
    ident = data.get("id")
    if not isinstance(ident, dict) or not isinstance(ident.get(id_key), str):
        return f"the {kind} has no id.{id_key} string (id is {_kind(ident)})"
    values = data.get(values_key)
    if isinstance(values, LazyValues):
        # Parsed attribute by attribute when read; the model layer checks each then.
        return None
    if not isinstance(values, dict):
        return f"{values_key} is {_kind(values)}, expected an object"
    for slug, items in values.items():
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return f"{values_key}[{slug!r}] is {_kind(items)}, expected a list of value objects"
    return None
