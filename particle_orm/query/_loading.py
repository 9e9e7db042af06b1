"""Loading deferred instances: the models-layer loader hook, ``fetch()`` and ``afetch()``.

A reference (``person.company``) decodes to a *deferred* instance that knows only its id.
Reading one of its fields calls :func:`load_deferred` (installed with
``particle_orm.models.set_loader``), which loads it once, through the current binding:
from the binding's identity map when the record is already there, else with one
``GET``. In async code there is no implicit I/O: the access raises ``NotLoadedError``
telling you to ``prefetch_related(...)`` or ``await obj.afetch()``.

Example:
    >>> from particle_orm.standard import Company
    >>> c = Company.deferred("r1")
    >>> c.is_loaded
    False
"""

from __future__ import annotations

from typing import Any, TypeVar

from particle_orm.errors import NotLoadedError
from particle_orm.query._binding import (
    Binding,
    NoClientConfigured,
    get_binding,
    is_async_client,
)
from particle_orm.query._workspace import arun_get, run_get

__all__ = ["afetch", "fetch", "load_deferred"]

T = TypeVar("T")


def _snapshot(obj: Any) -> dict[str, Any]:
    """An already-loaded instance as the API JSON it came from (no request)."""
    ident = obj._id
    if obj._meta.is_entry:
        return {
            "id": {"workspace_id": ident[0], "list_id": ident[1], "entry_id": ident[2]},
            "parent_record_id": obj._parent_record_id,
            "parent_object": obj._parent_object,
            "created_at": obj._created_at,
            "entry_values": obj._raw,
        }
    return {
        "id": {"workspace_id": ident[0], "object_id": ident[1], "record_id": ident[2]},
        "created_at": obj._created_at,
        "web_url": obj._web_url,
        "values": obj._raw,
    }


def _identity(obj: Any) -> tuple[str, str]:
    ident = obj._id
    if ident is None:
        raise NotLoadedError(f"{obj!r} has no id: it was never saved")
    return str(obj._meta.container), str(ident[2])


def _get(client: Any, obj: Any) -> Any:
    container, key = _identity(obj)
    method = client.get_entry if obj._meta.is_entry else client.get_record
    if is_async_client(client):
        return arun_get(client, type(obj), lambda: method(container, key))
    return run_get(client, type(obj), lambda: method(container, key))


def _adopt(binding: Binding, obj: Any, data: dict[str, Any]) -> None:
    # The binding sees the data first so a session's identity map learns the record.
    binding.load(type(obj), data)
    obj._apply_response(data)


def load_deferred(obj: Any) -> None:
    """The models-layer loader: fill a deferred instance (sync clients only)."""
    try:
        binding = get_binding()
    except NoClientConfigured as exc:
        raise NotLoadedError(
            f"{obj!r} is a deferred reference and no client is configured to load it: "
            "call particle_orm.configure(client=...), use a Session, or "
            "prefetch_related(...) the reference"
        ) from exc
    ident = obj._id
    # A deferred reference does not know its object_id: look it up by its bare id.
    key = ident[2] if ident is not None and ident[1] is None else ident
    cached = binding.get_cached(type(obj), key)
    if cached is not None and cached is not obj and cached._loaded:
        obj._apply_response(_snapshot(cached))
        return
    client = binding.client
    if is_async_client(client):
        raise NotLoadedError(
            f"{obj!r} is a deferred reference and the current client is async: "
            "there is no implicit I/O in async code; use prefetch_related(...) on the "
            "query or `await obj.afetch()` first"
        )
    _adopt(binding, obj, _get(client, obj))


def fetch(obj: T, *, binding: Binding | None = None) -> T:
    """(Re)load ``obj`` from Attio with one ``GET``; local unsaved changes are kept.

    Installed as ``Model.fetch()`` / ``ListEntry.fetch()``.

    Example::

        company = person.company.fetch()
    """
    resolved = get_binding(binding)
    client = resolved.client
    if is_async_client(client):
        raise NotLoadedError(f"{obj!r}.fetch() needs a sync client; use `await obj.afetch()`")
    _adopt(resolved, obj, _get(client, obj))
    return obj


async def afetch(obj: T, *, binding: Binding | None = None) -> T:
    """Async twin of :func:`fetch` (``await person.company.afetch()``)."""
    resolved = get_binding(binding)
    client = resolved.client
    if not is_async_client(client):
        raise NotLoadedError(f"{obj!r}.afetch() needs an async client; use obj.fetch()")
    _adopt(resolved, obj, await _get(client, obj))
    return obj
