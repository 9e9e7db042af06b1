"""Django-style queries compiled to Attio filters, sorts and pages.

Importing this package installs, on ``Model`` and ``ListEntry``:

* ``objects`` (a :class:`Manager` per model) and ``DoesNotExist`` /
  ``MultipleObjectsReturned`` (per-model exception classes);
* ``fetch()`` / ``afetch()`` (load or refresh an instance) and, on records,
  ``entries(EntryModel)``;
* the loader that fills deferred references on first access (``person.company.name``)
  through the current binding (sync only; async code must prefetch or ``afetch``), and
  the client resolver ``history()`` uses.

Example:
    >>> import particle_orm.query  # noqa: F401
    >>> from particle_orm.standard import Person
    >>> qs = Person.objects.filter(company__name__contains="acme").order_by("name__last_name")
    >>> qs.query.filter
    {'path': [['people', 'company'], ['companies', 'name']], 'constraints': {'$contains': 'acme'}}
    >>> qs.query.sorts
    [{'direction': 'asc', 'attribute': 'name', 'field': 'last_name'}]
"""

from __future__ import annotations

from typing import Any

from particle_orm import models as _models
from particle_orm.query._binding import (
    Binding,
    ClientBinding,
    NoClientConfigured,
    configure,
    current_binding,
    get_binding,
    use_binding,
)
from particle_orm.query._compiler import compile_filter, compile_sorts
from particle_orm.query._exceptions import (
    MultipleObjectsReturned,
    ObjectDoesNotExist,
    PerModelException,
)
from particle_orm.query._loading import afetch, fetch, load_deferred
from particle_orm.query._lookups import Lookup, Target, get_lookups, register_lookup
from particle_orm.query._manager import Manager, ManagerDescriptor, entries_of
from particle_orm.query._q import Q
from particle_orm.query._queryset import (
    DEFAULT_PAGE_SIZE,
    CompiledQuery,
    QuerySet,
    WrongClientKind,
)
from particle_orm.query._workspace import (
    CachedAttribute,
    ContainerSchema,
    WorkspaceSchemaCache,
    schema_cache,
)

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "Binding",
    "CachedAttribute",
    "ClientBinding",
    "CompiledQuery",
    "ContainerSchema",
    "Lookup",
    "Manager",
    "MultipleObjectsReturned",
    "NoClientConfigured",
    "ObjectDoesNotExist",
    "Q",
    "QuerySet",
    "Target",
    "WorkspaceSchemaCache",
    "WrongClientKind",
    "afetch",
    "compile_filter",
    "compile_sorts",
    "configure",
    "current_binding",
    "fetch",
    "get_binding",
    "get_lookups",
    "register_lookup",
    "schema_cache",
    "use_binding",
]


def _fetch_method(self: Any, *, binding: Binding | None = None) -> Any:
    """Load (or refresh) this instance from Attio with one GET; returns it.

    Local unsaved changes are kept. See :func:`particle_orm.query.fetch`.
    """
    return fetch(self, binding=binding)


async def _afetch_method(self: Any, *, binding: Binding | None = None) -> Any:
    """Async twin of ``fetch()``: ``await person.company.afetch()``."""
    return await afetch(self, binding=binding)


def _entries_method(self: Any, entry_model: type[Any]) -> QuerySet[Any]:
    """The entries of ``entry_model``'s list whose parent is this record (a QuerySet)."""
    return entries_of(self, entry_model)


def _client_for_history(obj: Any) -> Any:
    try:
        return get_binding().client
    except NoClientConfigured as exc:
        raise _models.NotLoadedError(
            f"{type(obj).__name__}.history() needs a client: pass client=..., call "
            "particle_orm.configure(client=...) or use a Session"
        ) from exc


def _install() -> None:
    # The models layer has no hook for managers, so they are attached here (see README
    # of this package / the report): setattr keeps the models module import-free of us.
    bases: tuple[type[Any], ...] = (_models.Model, _models.ListEntry)
    for base in bases:
        setattr(base, "objects", ManagerDescriptor())  # noqa: B010
        setattr(base, "DoesNotExist", PerModelException("DoesNotExist", ObjectDoesNotExist))  # noqa: B010
        setattr(  # noqa: B010
            base,
            "MultipleObjectsReturned",
            PerModelException("MultipleObjectsReturned", MultipleObjectsReturned),
        )
        setattr(base, "fetch", _fetch_method)  # noqa: B010
        setattr(base, "afetch", _afetch_method)  # noqa: B010
    setattr(_models.Model, "entries", _entries_method)  # noqa: B010
    _models.set_loader(load_deferred)
    _models.set_client_resolver(_client_for_history)


_install()
