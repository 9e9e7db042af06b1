"""``Model.objects``: the manager, a factory of QuerySets for one model.

``Person.objects.filter(...)`` is ``QuerySet(Person).filter(...)``. The manager is a
class-level descriptor (``ManagerDescriptor``) installed on ``Model`` and ``ListEntry`` by
``particle_orm.query``; it is not reachable from instances (as in Django).

Example:
    >>> from particle_orm.standard import Person
    >>> Person.objects
    <Manager Person>
    >>> Person.objects.all().model is Person
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from particle_orm.query._binding import Binding
from particle_orm.query._q import Q
from particle_orm.query._queryset import QuerySet

__all__ = ["Manager", "ManagerDescriptor", "entries_of"]

M = TypeVar("M")


class Manager(Generic[M]):
    """Starts QuerySets for ``model``; every QuerySet method is available on it.

    Example:
        >>> from particle_orm.standard import Company
        >>> Company.objects.filter(name="Acme").query.filter
        {'name': 'Acme'}
    """

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def get_queryset(self) -> QuerySet[M]:
        """A new QuerySet over every record of the model."""
        return QuerySet(self.model)

    def __repr__(self) -> str:
        return f"<Manager {self.model.__name__}>"

    # Explicit delegates keep the manager typed (no __getattr__ magic).

    def all(self) -> QuerySet[M]:
        """Every record (a QuerySet)."""
        return self.get_queryset()

    def using(self, binding: Binding | Any) -> QuerySet[M]:
        """A QuerySet bound to a session or client."""
        return self.get_queryset().using(binding)

    def filter(self, *args: Q, **kwargs: Any) -> QuerySet[M]:
        """See :meth:`QuerySet.filter`."""
        return self.get_queryset().filter(*args, **kwargs)

    def exclude(self, *args: Q, **kwargs: Any) -> QuerySet[M]:
        """See :meth:`QuerySet.exclude`."""
        return self.get_queryset().exclude(*args, **kwargs)

    def filter_raw(self, filter: dict[str, Any]) -> QuerySet[M]:
        """See :meth:`QuerySet.filter_raw`."""
        return self.get_queryset().filter_raw(filter)

    def order_by(self, *keys: str) -> QuerySet[M]:
        """See :meth:`QuerySet.order_by`."""
        return self.get_queryset().order_by(*keys)

    def prefetch_related(self, *names: str) -> QuerySet[M]:
        """See :meth:`QuerySet.prefetch_related`."""
        return self.get_queryset().prefetch_related(*names)

    def reverse(self) -> QuerySet[M]:
        """See :meth:`QuerySet.reverse` (the manager itself has no ordering to reverse)."""
        return self.get_queryset().reverse()

    def select_related(self, *names: str) -> QuerySet[M]:
        """See :meth:`QuerySet.select_related`."""
        return self.get_queryset().select_related(*names)

    def page_size(self, size: int) -> QuerySet[M]:
        """See :meth:`QuerySet.page_size`."""
        return self.get_queryset().page_size(size)

    def values(self, *fields: str) -> QuerySet[Any]:
        """See :meth:`QuerySet.values`."""
        return self.get_queryset().values(*fields)

    def values_list(self, *fields: str, flat: bool = False) -> QuerySet[Any]:
        """See :meth:`QuerySet.values_list`."""
        return self.get_queryset().values_list(*fields, flat=flat)

    def get(self, *args: Q, **kwargs: Any) -> M:
        """See :meth:`QuerySet.get`."""
        return self.get_queryset().get(*args, **kwargs)

    def first(self) -> M | None:
        """See :meth:`QuerySet.first`."""
        return self.get_queryset().first()

    def last(self) -> M | None:
        """See :meth:`QuerySet.last`."""
        return self.get_queryset().last()

    def exists(self) -> bool:
        """See :meth:`QuerySet.exists`."""
        return self.get_queryset().exists()

    def count(self) -> int:
        """See :meth:`QuerySet.count`."""
        return self.get_queryset().count()

    def in_bulk(self, id_list: Iterable[str] | None = None) -> dict[str, M]:
        """See :meth:`QuerySet.in_bulk`."""
        return self.get_queryset().in_bulk(id_list)

    async def aget(self, *args: Q, **kwargs: Any) -> M:
        """See :meth:`QuerySet.aget`."""
        return await self.get_queryset().aget(*args, **kwargs)

    async def afirst(self) -> M | None:
        """See :meth:`QuerySet.afirst`."""
        return await self.get_queryset().afirst()

    async def alast(self) -> M | None:
        """See :meth:`QuerySet.alast`."""
        return await self.get_queryset().alast()

    async def aexists(self) -> bool:
        """See :meth:`QuerySet.aexists`."""
        return await self.get_queryset().aexists()

    async def acount(self) -> int:
        """See :meth:`QuerySet.acount`."""
        return await self.get_queryset().acount()

    async def ain_bulk(self, id_list: Iterable[str] | None = None) -> dict[str, M]:
        """See :meth:`QuerySet.ain_bulk`."""
        return await self.get_queryset().ain_bulk(id_list)

    async def alist(self) -> list[M]:
        """See :meth:`QuerySet.alist`."""
        return await self.get_queryset().alist()


class ManagerDescriptor:
    """Class-level ``objects``: a :class:`Manager` per concrete model class.

    Example:
        >>> from particle_orm.standard import Person
        >>> Person.objects is Person.objects
        True
    """

    def __init__(self) -> None:
        self._managers: dict[type[Any], Manager[Any]] = {}

    def __get__(self, instance: object, owner: type[M]) -> Manager[M]:
        if instance is not None:
            raise AttributeError(
                f"the manager isn't accessible via {owner.__name__} instances; "
                f"use {owner.__name__}.objects"
            )
        manager = self._managers.get(owner)
        if manager is None:
            meta = getattr(owner, "_meta", None)
            if meta is None or meta.abstract:
                raise AttributeError(f"{owner.__name__} is abstract and has no manager")
            manager = self._managers.setdefault(owner, Manager(owner))
        return manager


def entries_of(record: Any, entry_model: type[M]) -> QuerySet[M]:
    """``company.entries(Sales)``: the entries of a list whose parent is this record.

    Compiles to a ``parent_record`` path on ``record_id`` (FACTS §3.4). Installed as
    ``Model.entries``.

    Example:
        >>> from particle_orm import fields
        >>> from particle_orm.models import ListEntry
        >>> from particle_orm.standard import Company
        >>> class Sale(ListEntry):
        ...     class Meta:
        ...         list = "sales"
        ...         parent = Company
        >>> Company.deferred("c1").entries(Sale).query.filter["path"]
        [['sales', 'parent_record'], ['companies', 'record_id']]
    """
    from particle_orm.errors import QueryError

    meta = getattr(entry_model, "_meta", None)
    if meta is None or not meta.is_entry:
        raise QueryError(f"entries() takes a ListEntry model, got {entry_model!r}")
    parent = meta.parent
    if parent is not None and not isinstance(record, parent):
        raise QueryError(
            f"{entry_model.__name__} entries have {parent.__name__} parents, "
            f"not {type(record).__name__}"
        )
    if record._id is None:
        raise QueryError(f"{record!r} has no id yet: save it before listing its entries")
    if parent is None:
        # No Meta.parent to resolve "parent" through: name the record's object directly.
        return QuerySet(entry_model).filter_raw(
            {
                "path": [
                    [str(meta.container), "parent_record"],
                    [str(type(record)._meta.container), "record_id"],
                ],
                "constraints": record._id[2],
            }
        )
    return QuerySet(entry_model).filter(parent=record)
