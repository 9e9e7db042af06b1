"""``QuerySet``: a lazy, immutable, chainable query over one model (records or entries).

Every builder (``filter``, ``exclude``, ``order_by``, slicing, ``prefetch_related``...)
returns a new QuerySet and compiles its part immediately, so a bad lookup or value
raises (``QueryError`` / ``InvalidValue``) where it is written, before any request.
Nothing is sent until the QuerySet is iterated or a terminal method runs; the binding
(session or client) is resolved at that moment.

Iteration *streams*: pages of ``page_size`` (default 500) are requested one ahead while
the current page is consumed, and nothing is cached on the QuerySet, so memory stays flat
whatever the result size. Iterating twice runs the query twice; keep ``list(qs)`` if you
need the results again.

Example:
    >>> from particle_orm.standard import Person
    >>> qs = Person.objects.filter(name__first_name__startswith="Jo").order_by("-created_at")
    >>> print(qs.explain())
    POST /v2/objects/people/records/query
    {
      "filter": {
        "name": {
          "first_name": {
            "$starts_with": "Jo"
          }
        }
      },
      "sorts": [
        {
          "direction": "desc",
          "attribute": "created_at"
        }
      ],
      "limit": 500,
      "offset": 0
    }
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from particle_orm.client import NotFoundError
from particle_orm.errors import ParticleError, QueryError
from particle_orm.query._binding import Binding, get_binding, is_async_client
from particle_orm.query._compiler import NOTHING, combine_and, compile_node, compile_sorts
from particle_orm.query._prefetch import BATCH, PrefetchStep, plan_prefetch, prefetch
from particle_orm.query._q import Q, RawFilter
from particle_orm.query._requests import QueryRequest, adrive, drive
from particle_orm.query._stream import PagePlan, astream_pages, stream_pages
from particle_orm.query._workspace import arun_get, arun_query, run_get, run_query
from particle_orm.query._writes import BulkWriter, bulk_writer

__all__ = ["DEFAULT_PAGE_SIZE", "CompiledQuery", "QuerySet", "WrongClientKind"]

M = TypeVar("M")
DEFAULT_PAGE_SIZE = 500
"""Records fetched per query request unless ``.page_size(n)`` says otherwise."""
# Like Django's MAX_GET_RESULTS: enough to tell "one" from "several".
_GET_LIMIT = 2


class WrongClientKind(ParticleError, TypeError):
    """A sync method ran on an async client (or the reverse).

    Example:
        >>> isinstance(WrongClientKind("use async for"), TypeError)
        True
    """


class CompiledQuery:
    """The request a QuerySet sends: endpoint, container and the JSON body.

    ``str(qs.query)`` is the body as indented JSON (with the first page's ``limit`` and
    ``offset``); ``matches_nothing`` is true when the filter can match nothing (an empty
    ``in``), in which case no request is sent at all.

    Example:
        >>> from particle_orm.standard import Company
        >>> Company.objects.filter(domains__isnull=False).query.body()
        {'filter': {'domains': {'$not_empty': True}}, 'limit': 500, 'offset': 0}
    """

    def __init__(
        self,
        endpoint: str,
        container: str,
        filter: dict[str, Any] | None,
        sorts: list[dict[str, Any]] | None,
        offset: int,
        limit: int | None,
        page_size: int,
    ) -> None:
        self.endpoint = endpoint
        self.container = container
        self.matches_nothing = filter is NOTHING
        self.filter = None if filter is NOTHING else filter
        self.sorts = sorts or None
        self.offset = offset
        self.limit = limit
        self.page_size = page_size

    @property
    def path(self) -> str:
        """The API path the query posts to."""
        if self.endpoint == "entries":
            return f"/v2/lists/{self.container}/entries/query"
        return f"/v2/objects/{self.container}/records/query"

    def body(self) -> dict[str, Any]:
        """The JSON body of the first page request."""
        out: dict[str, Any] = {}
        if self.filter is not None:
            out["filter"] = self.filter
        if self.sorts:
            out["sorts"] = self.sorts
        first = self.page_size if self.limit is None else min(self.page_size, self.limit)
        out["limit"] = first
        out["offset"] = self.offset
        return out

    def request(self, offset: int, limit: int) -> QueryRequest:
        """The request for one page."""
        return QueryRequest(self.endpoint, self.container, self.filter, self.sorts, limit, offset)

    def plan(self) -> PagePlan:
        """A fresh page plan for this query."""
        return PagePlan(offset=self.offset, limit=self.limit, page_size=self.page_size)

    def __str__(self) -> str:
        if self.matches_nothing:
            return "(no request: the filter matches nothing, e.g. an empty `in`)"
        return json.dumps(self.body(), indent=2, ensure_ascii=False)

    def __repr__(self) -> str:
        return f"<CompiledQuery POST {self.path} {json.dumps(self.body(), ensure_ascii=False)}>"


class QuerySet(Generic[M]):
    """A lazy query over ``model``: build with chained methods, then iterate.

    Example:
        >>> from particle_orm.standard import Deal
        >>> qs = Deal.objects.filter(stage__in=["Lead", "Won"])[:10]
        >>> qs.query.body()["filter"], qs.query.body()["limit"]
        ({'$or': [{'stage': 'Lead'}, {'stage': 'Won'}]}, 10)
    """

    def __init__(self, model: type[M], binding: Binding | None = None) -> None:
        meta = getattr(model, "_meta", None)
        if meta is None or meta.abstract:
            raise QueryError(f"{getattr(model, '__name__', model)!r} is not a concrete model")
        self.model = model
        self._binding = binding
        self._where: tuple[Q | RawFilter, ...] = ()
        self._compiled: tuple[dict[str, Any] | None, ...] = ()
        self._order: tuple[str, ...] = ()
        self._sorts: list[dict[str, Any]] = []
        self._low = 0
        self._high: int | None = None
        self._page_size = DEFAULT_PAGE_SIZE
        self._prefetch: tuple[str, ...] = ()
        self._prefetch_plans: list[list[PrefetchStep]] = []
        self._shape = "models"
        self._fields: tuple[str, ...] = ()
        self._flat = False

    # ------------------------------------------------------------------ building

    def _clone(self) -> QuerySet[M]:
        new: QuerySet[M] = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new

    def _check_unsliced(self, what: str) -> None:
        if self._low or self._high is not None:
            raise QueryError(f"{self.model.__name__}: cannot {what} once a slice has been taken")

    def _add(self, node: Q | RawFilter) -> QuerySet[M]:
        self._check_unsliced("filter")
        compiled = compile_node(self.model, node)
        new = self._clone()
        new._where = (*self._where, node)
        new._compiled = (*self._compiled, compiled)
        return new

    def using(self, binding: Binding | Any) -> QuerySet[M]:
        """This query bound explicitly to a session/binding or a bare client."""
        from particle_orm.query._binding import ClientBinding

        new = self._clone()
        new._binding = binding if isinstance(binding, Binding) else ClientBinding(binding)
        return new

    def all(self) -> QuerySet[M]:
        """A copy of this QuerySet."""
        return self._clone()

    def filter(self, *args: Q, **kwargs: Any) -> QuerySet[M]:
        """Keep what matches every condition (``Q`` objects and ``key=value`` lookups)."""
        return self._add(Q(*args, **kwargs))

    def exclude(self, *args: Q, **kwargs: Any) -> QuerySet[M]:
        """Drop what matches all the conditions (``$not`` of their ``$and``)."""
        return self._add(~Q(*args, **kwargs))

    def filter_raw(self, filter: dict[str, Any]) -> QuerySet[M]:
        """AND an Attio filter given as JSON (the escape hatch; sent untouched).

        Example:
            >>> from particle_orm.standard import Person
            >>> Person.objects.filter_raw({"name": {"$not_empty": True}}).query.filter
            {'name': {'$not_empty': True}}
        """
        return self._add(RawFilter(filter))

    def order_by(self, *keys: str) -> QuerySet[M]:
        """Replace the ordering (``-`` for descending; ``a__b`` paths and properties)."""
        self._check_unsliced("reorder")
        sorts = compile_sorts(self.model, keys)
        new = self._clone()
        new._order = tuple(keys)
        new._sorts = sorts
        return new

    def reverse(self) -> QuerySet[M]:
        """The same query in the opposite order (every ``order_by`` key flipped).

        Attio does not document a default order, so there must be an ``order_by``.

        Example:
            >>> from particle_orm.standard import Person
            >>> Person.objects.order_by("name__last_name").reverse().query.sorts
            [{'direction': 'desc', 'attribute': 'name', 'field': 'last_name'}]
        """
        self._check_unsliced("reverse")
        if not self._order:
            raise QueryError(
                f"{self.model.__name__}.reverse(): the query has no order_by to reverse "
                "(Attio's default order is unspecified)"
            )
        flipped = [k[1:] if k.startswith("-") else f"-{k.lstrip('+')}" for k in self._order]
        return self.order_by(*flipped)

    def select_related(self, *names: str) -> QuerySet[M]:
        """Load these single-valued references (or an entry's ``parent``) with each page.

        Attio has no joins, so this is :meth:`prefetch_related` (one ``$in`` query per
        page and relation, never one per row) restricted to relations that hold at most
        one record, as Django's ``select_related`` is. A ``many`` reference is refused:
        use ``prefetch_related``.

        Example:
            >>> from particle_orm.standard import Person
            >>> Person.objects.select_related("company").explain().splitlines()[0]
            'POST /v2/objects/people/records/query'
            >>> Person.objects.select_related("associated_deals")
            Traceback (most recent call last):
            ...
            particle_orm.errors.QueryError: ... holds several records; use prefetch_related
        """
        for name in names:
            current: Any = self.model
            for part in name.split("__"):
                meta = current._meta
                if meta.is_entry and part == "parent" and "parent" not in meta.fields:
                    current = meta.parent or current
                    continue
                field = meta.fields.get(part) or meta.fields_by_key.get(part)
                if getattr(field, "many", False):
                    raise QueryError(
                        f"{self.model.__name__}.select_related({name!r}): {part!r} holds "
                        "several records; use prefetch_related"
                    )
                targets: tuple[Any, ...] = getattr(field, "targets", ())
                if len(targets) != 1:
                    break  # prefetch_related names the problem
                current = targets[0]
        return self.prefetch_related(*names)

    def page_size(self, size: int) -> QuerySet[M]:
        """Fetch ``size`` records per request when streaming (default 500)."""
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise QueryError(f"page_size must be a positive int, got {size!r}")
        new = self._clone()
        new._page_size = size
        return new

    def prefetch_related(self, *names: str | None) -> QuerySet[M]:
        """Load these references of each page in batches (``record_id $in``; no N+1).

        ``None`` clears the list, as in Django.
        """
        new = self._clone()
        if names == (None,):
            new._prefetch, new._prefetch_plans = (), []
            return new
        given = [n for n in names if n is not None]
        all_names = (*self._prefetch, *(n for n in given if n not in self._prefetch))
        new._prefetch = all_names
        new._prefetch_plans = plan_prefetch(self.model, all_names)
        return new

    def values(self, *fields: str) -> QuerySet[Any]:
        """Rows as dicts of decoded values (all fields and the id when none are named)."""
        new = self._clone()
        new._shape, new._fields, new._flat = "values", self._field_names(fields), False
        return new

    def values_list(self, *fields: str, flat: bool = False) -> QuerySet[Any]:
        """Rows as tuples (or, with ``flat=True`` and one field, bare values)."""
        if flat and len(fields) != 1:
            raise QueryError("values_list(flat=True) needs exactly one field")
        new = self._clone()
        new._shape, new._fields, new._flat = "values_list", self._field_names(fields), flat
        return new

    def _field_names(self, names: Sequence[str]) -> tuple[str, ...]:
        meta = self.model._meta  # type: ignore[attr-defined]
        id_name = "entry_id" if meta.is_entry else "record_id"
        if not names:
            extra = ("parent_record_id",) if meta.is_entry else ()
            return (id_name, *extra, *(n for n in meta.fields if n != id_name))
        out = []
        for name in names:
            if name in ("pk", id_name, "parent_record_id"):
                out.append(id_name if name == "pk" else name)
                continue
            try:
                out.append(meta.field(name).name)
            except KeyError as exc:
                raise QueryError(str(exc.args[0])) from None
        return tuple(out)

    @overload
    def __getitem__(self, key: int) -> M: ...

    @overload
    def __getitem__(self, key: slice) -> QuerySet[M]: ...

    def __getitem__(self, key: int | slice) -> M | QuerySet[M]:
        if isinstance(key, slice):
            if key.step not in (None, 1):
                raise QueryError("slices with a step are not supported")
            start, stop = key.start or 0, key.stop
            if start < 0 or (stop is not None and stop < 0):
                raise QueryError("negative indexing is not supported")
            new = self._clone()
            new._low = self._low + start
            if stop is not None:
                high = self._low + stop
                new._high = high if self._high is None else min(high, self._high)
            new._high = None if new._high is None else max(new._high, new._low)
            return new
        if isinstance(key, bool) or not isinstance(key, int):
            raise TypeError(f"QuerySet indices must be int or slice, not {type(key).__name__}")
        if key < 0:
            raise QueryError("negative indexing is not supported")
        rows = list(self[key : key + 1])
        if not rows:
            raise IndexError(f"{self.model.__name__} query index {key} out of range")
        return rows[0]

    # ------------------------------------------------------------------ compiled form

    @property
    def query(self) -> CompiledQuery:
        """The compiled request (``str(qs.query)`` is its JSON body)."""
        meta = self.model._meta  # type: ignore[attr-defined]
        limit = None if self._high is None else self._high - self._low
        return CompiledQuery(
            "entries" if meta.is_entry else "records",
            str(meta.container),
            combine_and(list(self._compiled)),
            list(self._sorts),
            self._low,
            limit,
            self._page_size,
        )

    def explain(self) -> str:
        """The HTTP method, path and JSON body this QuerySet sends first.

        Example:
            >>> from particle_orm.standard import Person
            >>> Person.objects.all()[:3].explain().splitlines()[0]
            'POST /v2/objects/people/records/query'
        """
        lines = [f"POST {self.query.path}", str(self.query)]
        for steps in self._prefetch_plans:
            names = "__".join("parent" if s.field is None else s.field.name for s in steps)
            targets = ", ".join(str(t._meta.container) for t in steps[-1].targets)
            lines.append(
                f"then, per page: prefetch {names!r} with record_id $in queries on "
                f"{targets} (up to {BATCH} ids each)"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<QuerySet {self.model.__name__} {json.dumps(self.query.body(), ensure_ascii=False)}>"
        )

    def __bool__(self) -> bool:
        raise TypeError(
            "the truth value of a QuerySet is ambiguous (it would run a query): "
            "use .exists() or list(qs)"
        )

    # ------------------------------------------------------------------ running (sync)

    def _resolve(self, want_async: bool) -> Binding:
        binding = get_binding(self._binding)
        if is_async_client(binding.client) != want_async:
            if want_async:
                raise WrongClientKind(
                    f"{self.model.__name__} query: the current client is sync; "
                    "use the sync API (for/get/count...)"
                )
            raise WrongClientKind(
                f"{self.model.__name__} query: the current client is async; use "
                "`async for`, aget(), afirst(), acount(), aexists(), ain_bulk() or alist()"
            )
        return binding

    def _decode(self, binding: Binding, page: list[dict[str, Any]]) -> list[Any]:
        load_many = getattr(binding, "load_many", None)
        if load_many is not None:
            rows: list[Any] = load_many(self.model, page)
        else:
            load = binding.load
            model = self.model
            rows = [load(model, data) for data in page]
        return rows

    def _shape_rows(self, rows: list[Any]) -> list[Any]:
        if self._shape == "models":
            return rows
        names = self._fields
        if self._shape == "values":
            return [{n: getattr(r, n) for n in names} for r in rows]
        if self._flat:
            name = names[0]
            return [getattr(r, name) for r in rows]
        return [tuple(getattr(r, n) for n in names) for r in rows]

    def _pages(
        self, query: CompiledQuery, binding: Binding
    ) -> Generator[list[dict[str, Any]], None, None]:
        client = binding.client
        model = self.model
        where = query.filter
        return stream_pages(
            lambda off, lim: run_query(
                client, model, where, lambda: query.request(off, lim).send(client)
            ),
            query.plan(),
        )

    def __iter__(self) -> Iterator[M]:
        return self.iterator()

    def iterator(self, page_size: int | None = None) -> Iterator[M]:
        """Stream the results page by page (``page_size`` overrides the default 500)."""
        qs = self if page_size is None else self.page_size(page_size)
        query = qs.query
        if query.matches_nothing:
            return iter(())
        binding = qs._resolve(want_async=False)
        return qs._iterate(query, binding)

    def _iterate(self, query: CompiledQuery, binding: Binding) -> Iterator[M]:
        pages = self._pages(query, binding)
        try:
            for page in pages:
                rows = self._decode(binding, page)
                if self._prefetch_plans:
                    drive(binding.client, prefetch(binding, rows, self._prefetch_plans))
                yield from self._shape_rows(rows)
        finally:
            pages.close()

    def _get_fast(self, kwargs: dict[str, Any], args: tuple[Any, ...]) -> str | None:
        """The id when ``get()`` asks for exactly one id and nothing else (one GET)."""
        if args or len(kwargs) != 1 or self._where or self._low or self._high is not None:
            return None
        meta = self.model._meta  # type: ignore[attr-defined]
        id_name = "entry_id" if meta.is_entry else "record_id"
        ((key, value),) = kwargs.items()
        if key not in ("pk", id_name, f"{id_name}__exact", "pk__exact"):
            return None
        ident = getattr(value, "_id", None)
        if ident is not None:
            value = ident[2]
        return value if isinstance(value, str) and value else None

    def _get_one(self, container: str, ident: str, client: Any) -> Any:
        meta = self.model._meta  # type: ignore[attr-defined]
        method = client.get_entry if meta.is_entry else client.get_record
        if is_async_client(client):
            return arun_get(client, self.model, lambda: method(container, ident))
        return run_get(client, self.model, lambda: method(container, ident))

    def _not_found(self, detail: str) -> Exception:
        exc: type[Exception] = self.model.DoesNotExist  # type: ignore[attr-defined]
        return exc(f"{self.model.__name__} matching query does not exist ({detail})")

    def _check_get(self, rows: list[Any], detail: str) -> M:
        if not rows:
            raise self._not_found(detail)
        if len(rows) > 1:
            exc: type[Exception] = self.model.MultipleObjectsReturned  # type: ignore[attr-defined]
            raise exc(f"get() returned more than one {self.model.__name__} ({detail})")
        row: M = rows[0]
        return row

    def get(self, *args: Q, **kwargs: Any) -> M:
        """The one record matching the conditions.

        Raises ``Model.DoesNotExist`` or ``Model.MultipleObjectsReturned``. ``get(pk=id)``
        (or ``record_id=`` / ``entry_id=``) alone is one ``GET`` of that record.
        """
        fast = self._get_fast(kwargs, args)
        if fast is not None and self._shape == "models":
            binding = self._resolve(want_async=False)
            container = self.query.container
            try:
                data = self._get_one(container, fast, binding.client)
            except NotFoundError:
                raise self._not_found(f"id {fast!r}") from None
            row: M = binding.load(self.model, data)
            if self._prefetch_plans:
                drive(binding.client, prefetch(binding, [row], self._prefetch_plans))
            return row
        qs = self.filter(*args, **kwargs) if args or kwargs else self
        return self._check_get(list(qs[:_GET_LIMIT]), qs._describe())

    def _describe(self) -> str:
        return json.dumps(self.query.filter, ensure_ascii=False)

    def first(self) -> M | None:
        """The first result in the current ordering, or ``None``."""
        rows = list(self[:1])
        return rows[0] if rows else None

    def _for_last(self) -> QuerySet[M]:
        self._check_unsliced("take last()")
        if self._order:
            return self.reverse()
        # No ordering: the newest, as Django's last() falls back to the primary key.
        new = self._clone()
        new._sorts = [{"direction": "desc", "attribute": "created_at"}]
        return new

    def last(self) -> M | None:
        """The last result in the current ordering (one request), or ``None``.

        Without ``order_by``, the most recently created record or entry.

        Example::

            newest = Person.objects.last()
            cheapest = Deal.objects.order_by("-value").last()
        """
        return self._for_last().first()

    # ------------------------------------------------------------------ bulk writes

    def _checked_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """``update(**values)`` checked against the fields before any request."""
        self._check_unsliced("update")
        if not values:
            raise QueryError(f"{self.model.__name__}.update() needs at least one field=value")
        meta = self.model._meta  # type: ignore[attr-defined]
        checked: dict[str, Any] = {}
        for name, value in values.items():
            try:
                field = meta.field(name)
            except KeyError as exc:
                raise QueryError(f"{self.model.__name__}.update(): {exc.args[0]}") from None
            field.check_writable(value)
            field.validate(value)  # InvalidValue names model, field, value, expectation
            checked[field.name] = value
        return checked

    def _for_write(self, binding: Binding) -> tuple[Any, QuerySet[M]]:
        # Over the bare client: the caller's session and its instances are left untouched
        # (as Django's update() leaves loaded instances alone).
        from particle_orm.query._binding import ClientBinding

        client = binding.client
        return client, self.using(ClientBinding(client))

    def _deferred(self, ident: Any) -> M:
        # Only the id is kept per match (memory stays flat for large matches); the write
        # needs no old values: many fields are set whole (a PUT), as update() means.
        row: M = self.model.deferred(ident[2], ident[0], ident[1])  # type: ignore[attr-defined]
        return row

    def update(self, **values: Any) -> int:
        """Set ``values`` on every matching record or entry now; the number updated.

        Values are checked before any request. The whole match is read first (writes can
        change what matches, and Attio pages by offset; only the ids are kept), then
        written concurrently within the write budget through a private session: one
        ``PATCH`` each (a ``PUT`` when a ``many`` field is set: its values are replaced),
        since Attio has no bulk update. A failure raises
        :class:`~particle_orm.session.CommitError` saying, per row, what applied.
        Instances already loaded elsewhere are not refreshed.

        Example::

            Deal.objects.filter(stage="Lead", value__lt=1000).update(stage="Lost")
        """
        checked = self._checked_values(values)
        writer = _writer_or_fail(self.model)
        client, qs = self._for_write(self._resolve(want_async=False))
        rows = [self._deferred(row.id) for row in qs]  # type: ignore[attr-defined]
        return writer.update(client, rows, checked)

    async def aupdate(self, **values: Any) -> int:
        """Async twin of :meth:`update`."""
        checked = self._checked_values(values)
        writer = _writer_or_fail(self.model)
        client, qs = self._for_write(self._resolve(want_async=True))
        rows = [self._deferred(row.id) async for row in qs]  # type: ignore[attr-defined]
        return await writer.aupdate(client, rows, checked)

    def delete(self) -> int:
        """Delete every matching record or entry now; the number deleted.

        The whole match is read first, then deleted concurrently through a private
        session (entries before their parent records); failures raise ``CommitError``.

        Example::

            Person.objects.filter(email_addresses__domain="example.com").delete()
        """
        self._check_unsliced("delete")
        writer = _writer_or_fail(self.model)
        client, qs = self._for_write(self._resolve(want_async=False))
        rows = [self._deferred(row.id) for row in qs]  # type: ignore[attr-defined]
        return writer.delete(client, rows)

    async def adelete(self) -> int:
        """Async twin of :meth:`delete`."""
        self._check_unsliced("delete")
        writer = _writer_or_fail(self.model)
        client, qs = self._for_write(self._resolve(want_async=True))
        rows = [self._deferred(row.id) async for row in qs]  # type: ignore[attr-defined]
        return await writer.adelete(client, rows)

    def exists(self) -> bool:
        """Whether anything matches (one request with ``limit`` 1)."""
        return self[:1].count() > 0

    def _raw_pages(self) -> Iterator[list[dict[str, Any]]]:
        query = self.query
        if query.matches_nothing:
            return iter(())
        binding = self._resolve(want_async=False)
        return self._pages(query, binding)

    def count(self) -> int:
        """How many records match, by paging through them (Attio has no count endpoint).

        Costs one request per ``page_size`` records (records are not decoded); a slice
        caps it. For "is there any", use :meth:`exists`.
        """
        return sum(len(page) for page in self._raw_pages())

    def in_bulk(self, id_list: Iterable[str] | None = None) -> dict[str, M]:
        """``{record_id: instance}`` for these ids (batches of 500), or for every match."""
        id_name = "entry_id" if self.model._meta.is_entry else "record_id"  # type: ignore[attr-defined]
        if id_list is None:
            return {str(r._id[2]): r for r in self}  # type: ignore[attr-defined]
        ids = list(dict.fromkeys(id_list))
        out: dict[str, M] = {}
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            for row in self.filter(**{f"{id_name}__in": batch}):
                out[str(row._id[2])] = row  # type: ignore[attr-defined]
        return out

    # ------------------------------------------------------------------ running (async)

    def __aiter__(self) -> AsyncIterator[M]:
        return self.aiterator()

    async def aiterator(self, page_size: int | None = None) -> AsyncIterator[M]:
        """Async twin of :meth:`iterator` (the next page is fetched by a task)."""
        qs = self if page_size is None else self.page_size(page_size)
        query = qs.query
        if query.matches_nothing:
            return
        binding = qs._resolve(want_async=True)
        client = binding.client
        pages = qs._apages(query, client)
        try:
            async for page in pages:
                rows = qs._decode(binding, page)
                if qs._prefetch_plans:
                    await adrive(client, prefetch(binding, rows, qs._prefetch_plans))
                for row in qs._shape_rows(rows):
                    yield row
        finally:
            await pages.aclose()

    def _apages(
        self, query: CompiledQuery, client: Any
    ) -> AsyncGenerator[list[dict[str, Any]], None]:
        model = self.model
        where = query.filter
        return astream_pages(
            lambda off, lim: arun_query(
                client, model, where, lambda: query.request(off, lim).asend(client)
            ),
            query.plan(),
        )

    async def alist(self) -> list[M]:
        """Async: all results as a list."""
        return [row async for row in self]

    async def aget(self, *args: Q, **kwargs: Any) -> M:
        """Async twin of :meth:`get`."""
        fast = self._get_fast(kwargs, args)
        if fast is not None and self._shape == "models":
            binding = self._resolve(want_async=True)
            try:
                data = await self._get_one(self.query.container, fast, binding.client)
            except NotFoundError:
                raise self._not_found(f"id {fast!r}") from None
            row: M = binding.load(self.model, data)
            if self._prefetch_plans:
                await adrive(binding.client, prefetch(binding, [row], self._prefetch_plans))
            return row
        qs = self.filter(*args, **kwargs) if args or kwargs else self
        return self._check_get(await qs[:_GET_LIMIT].alist(), qs._describe())

    async def afirst(self) -> M | None:
        """Async twin of :meth:`first`."""
        rows = await self[:1].alist()
        return rows[0] if rows else None

    async def alast(self) -> M | None:
        """Async twin of :meth:`last`."""
        return await self._for_last().afirst()

    async def _araw_count(self) -> int:
        query = self.query
        if query.matches_nothing:
            return 0
        binding = self._resolve(want_async=True)
        client = binding.client
        total = 0
        pages = self._apages(query, client)
        try:
            async for page in pages:
                total += len(page)
        finally:
            await pages.aclose()
        return total

    async def aexists(self) -> bool:
        """Async twin of :meth:`exists`."""
        return await self[:1]._araw_count() > 0

    async def acount(self) -> int:
        """Async twin of :meth:`count`."""
        return await self._araw_count()

    async def ain_bulk(self, id_list: Iterable[str] | None = None) -> dict[str, M]:
        """Async twin of :meth:`in_bulk`."""
        id_name = "entry_id" if self.model._meta.is_entry else "record_id"  # type: ignore[attr-defined]
        if id_list is None:
            return {str(r._id[2]): r async for r in self}  # type: ignore[attr-defined]
        ids = list(dict.fromkeys(id_list))
        out: dict[str, M] = {}
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            async for row in self.filter(**{f"{id_name}__in": batch}):
                out[str(row._id[2])] = row  # type: ignore[attr-defined]
        return out


def _writer_or_fail(model: type[Any]) -> BulkWriter:
    writer = bulk_writer()
    if writer is None:  # pragma: no cover - particle_orm imports the session package
        raise QueryError(f"{model.__name__}: bulk writes need particle_orm.session imported")
    return writer
