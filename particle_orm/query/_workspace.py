"""The workspace schema cache: attribute ids ↔ current slugs, learnt once per client.

Attio keys response values by attribute *slug*, while slugs of custom attributes can be
renamed at any time; writes and filters accept attribute *ids*. A model field declared
with ``attribute_id=`` therefore writes and filters by id, and its values are found in
responses through the slug the attribute has **in this workspace, now**. This module
keeps that mapping.

Scope and cost (one cache per client instance, i.e. per token, i.e. per workspace):

* a container (object or list) is listed **at most once per client per process**
  (``GET /v2/{objects|lists}/{id}/attributes``), and only when something needs it:
  a model with id-bound fields is queried, fetched or committed, or
  :meth:`WorkspaceSchemaCache.load` / ``Model.check`` is called;
* models bound only by slug cost **nothing**: they are validated against the cache
  when it already holds their container (free), and otherwise only after Attio rejects
  a key (``unknown_filter_attribute_slug`` / ``value_not_found``): then the container
  is listed once and a clear :class:`~particle_orm.errors.UnknownAttribute` is raised;
* a response that lacks a slug the cache expects (Attio lists every attribute of the
  object in every record, so a missing key means a rename or an archive) marks the
  container stale; it is listed again before the page is decoded (1 request);
* :meth:`WorkspaceSchemaCache.invalidate` forgets on demand.

Example:
    >>> cache = WorkspaceSchemaCache()
    >>> from particle_orm import fields
    >>> from particle_orm.models import Model
    >>> class Project(Model):
    ...     class Meta:
    ...         object = "projects"
    ...     code: fields.Text = fields.Text(attribute_id="a1")
    >>> schema = cache.store(Project, [{"id": {"workspace_id": "w", "object_id": "o",
    ...     "attribute_id": "a1"}, "api_slug": "codename", "title": "Code", "type": "text",
    ...     "is_archived": False}])
    >>> row = {"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
    ...        "values": {"codename": [{"active_until": None, "value": "apollo"}]}}
    >>> cache.prepare(Project, [row])
    True
    >>> Project.from_api(row).code
    'apollo'
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from particle_orm.client import FilterError, UnknownFilterAttributeError, ValueNotFoundError
from particle_orm.errors import DecodeError, UnknownAttribute, UnknownOption
from particle_orm.fields import Field
from particle_orm.fields._directory import object_directory
from particle_orm.query._options import (
    TitleSet,
    acheck_titles,
    aexplain_unknown_titles,
    alist_titles,
    check_titles,
    explain_unknown_titles,
    list_titles,
    title_fields,
    titles_in_filter,
    titles_written,
)

__all__ = [
    "CachedAttribute",
    "ContainerSchema",
    "WorkspaceSchemaCache",
    "filter_keys",
    "schema_cache",
]

T = TypeVar("T")
Page = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class CachedAttribute:
    """One attribute of a container as the workspace has it now.

    Example:
        >>> CachedAttribute("a1", "codename", "Code name", "text").slug
        'codename'
    """

    attribute_id: str
    slug: str
    title: str
    type: str


def _normal_title(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


class ContainerSchema:
    """The attributes of one object or list in one workspace (from one listing).

    ``history`` remembers every slug → attribute id pair seen by earlier listings of the
    same client, so after a rename the error for the old slug can name the new one.

    Example:
        >>> s = ContainerSchema("objects", "projects", [], None)
        >>> s.by_slug, s.stale
        ({}, False)
    """

    def __init__(
        self,
        target: str,
        identifier: str,
        attributes: Iterable[dict[str, Any]],
        previous: ContainerSchema | None,
    ) -> None:
        self.target = target
        self.identifier = identifier
        self.workspace_id: str | None = previous.workspace_id if previous else None
        self.container_id: str | None = previous.container_id if previous else None
        self.by_id: dict[str, CachedAttribute] = {}
        self.by_slug: dict[str, CachedAttribute] = {}
        self.history: dict[str, str] = dict(previous.history) if previous else {}
        self.stale = False
        for attr in attributes:
            ident = attr.get("id") or {}
            self.workspace_id = ident.get("workspace_id") or self.workspace_id
            self.container_id = ident.get("object_id") or self.container_id
            if attr.get("is_archived"):
                continue
            info = CachedAttribute(
                ident["attribute_id"],
                attr["api_slug"],
                attr.get("title") or attr["api_slug"],
                attr.get("type", ""),
            )
            self.by_id[info.attribute_id] = info
            self.by_slug[info.slug] = info
            self.history[info.slug] = info.attribute_id

    def info_for(self, field: Field[Any]) -> CachedAttribute | None:
        """The attribute ``field`` maps in this workspace (by id when bound by id)."""
        if field.attribute_id is not None:
            return self.by_id.get(field.attribute_id)
        return self.by_slug.get(field.slug or field.name)

    def current_slug_hint(self, field: Field[Any]) -> str | None:
        """The slug the field's attribute has now, when one with its id or title exists."""
        attribute_id = field.attribute_id
        if attribute_id is None and field.slug is not None:
            attribute_id = self.history.get(field.slug)
        if attribute_id is not None and attribute_id in self.by_id:
            return self.by_id[attribute_id].slug
        titles = {_normal_title(t) for t in (field.title, field.name, field.slug) if t}
        for info in self.by_id.values():
            if _normal_title(info.title) in titles:
                return info.slug
        return None


def _target(model: type[Any]) -> tuple[str, str]:
    meta = model._meta
    return ("lists" if meta.is_entry else "objects"), str(meta.container)


def _values_key(model: type[Any]) -> str:
    return "entry_values" if model._meta.is_entry else "values"


def filter_keys(filter: Any) -> list[str]:
    """The attribute keys a filter names at its top level (not inside ``path`` hops).

    Example:
        >>> filter_keys({"$or": [{"name": "a"}, {"$not": {"email": {"$eq": "x"}}}]})
        ['name', 'email']
    """
    out: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key in ("$and", "$or"):
                for sub in value if isinstance(value, list) else ():
                    walk(sub)
            elif key == "$not":
                walk(value)
            elif key == "path":
                pairs = value if isinstance(value, list) else []
                if pairs and isinstance(pairs[0], list) and len(pairs[0]) == 2:
                    out.append(str(pairs[0][1]))
            elif not key.startswith("$") and key != "constraints":
                out.append(key)

    walk(filter)
    return out


class WorkspaceSchemaCache:
    """Per-client (hence per-workspace) cache of container schemas; thread-safe.

    Get the one of a client with :func:`schema_cache`. ``listings`` counts the
    attributes listings it made (the request cost).

    Example:
        >>> cache = WorkspaceSchemaCache()
        >>> cache.listings, cache.workspace_id
        (0, None)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._pending: dict[tuple[str, str], asyncio.Future[ContainerSchema]] = {}
        self._containers: dict[tuple[str, str], ContainerSchema] = {}
        self._titles: dict[tuple[str, str, str], TitleSet] = {}
        self.workspace_id: str | None = None
        self.listings = 0

    def __repr__(self) -> str:
        return (
            f"<WorkspaceSchemaCache workspace={self.workspace_id!r} "
            f"containers={len(self._containers)} listings={self.listings}>"
        )

    # -- state ---------------------------------------------------------------------------

    def _find(self, model: type[Any]) -> ContainerSchema | None:
        target, identifier = _target(model)
        found = self._containers.get((target, identifier))
        if found is None and target == "objects":
            # The same object may be cached under its id (a model bound by object id):
            # the directory knows which id this slug has in this workspace.
            object_id = object_directory.object_id(self.workspace_id, identifier)
            if object_id is not None:
                found = self._containers.get((target, object_id))
        return found

    def get(self, model: type[Any]) -> ContainerSchema | None:
        """The cached schema of ``model``'s object or list, or ``None`` (no request)."""
        return self._find(model)

    def titles(self, model: type[Any], field: Field[Any]) -> TitleSet | None:
        """The cached options/statuses of a select or status field, or ``None``."""
        target, container = _target(model)
        return self._titles.get((target, container, str(field.key)))

    def store_titles(self, model: type[Any], field: Field[Any], titles: TitleSet) -> None:
        """Keep a listing of a select or status field's options (no request)."""
        target, container = _target(model)
        with self._lock:
            self._titles[(target, container, str(field.key))] = titles

    @property
    def has_titles(self) -> bool:
        """Whether any option listing is cached (else the title checks cost nothing)."""
        return bool(self._titles)

    def needs_listing(self, model: type[Any]) -> bool:
        """True when ``model`` binds fields by id and its container is unknown or stale."""
        found = self._find(model)
        if found is not None:
            return found.stale
        return any(f.attribute_id is not None for f in model._meta.fields.values())

    def store(
        self, model: type[Any], attributes: Iterable[dict[str, Any]], *, listed: bool = False
    ) -> ContainerSchema:
        """Cache an attributes listing of ``model``'s container (no request)."""
        target, identifier = _target(model)
        with self._lock:
            self.listings += listed
            previous = self._find(model)
            schema = ContainerSchema(target, identifier, attributes, previous)
            self._containers[(target, identifier)] = schema
            if schema.container_id is not None:
                # Also under the id, so models bound by slug and by id share one entry.
                self._containers[(target, schema.container_id)] = schema
            if schema.workspace_id is not None:
                self.workspace_id = schema.workspace_id
        if target == "objects":
            object_directory.learn(schema.workspace_id, model._meta.object, schema.container_id)
        return schema

    def invalidate(self, model: type[Any] | None = None) -> None:
        """Mark one container (or every one) stale: the next use that needs it lists it."""
        with self._lock:
            one = None if model is None else self._find(model)
            chosen = list(self._containers.values()) if model is None else [one] if one else []
            for schema in chosen:
                schema.stale = True

    # -- I/O (sync and async twins; only the awaited call differs) -----------------------

    def load(self, client: Any, model: type[Any]) -> ContainerSchema:
        """List ``model``'s attributes now (1 request) and cache them."""
        target, identifier = _target(model)
        attributes = client.list_attributes(target, identifier)
        return self.store(model, attributes, listed=True)

    async def aload(self, client: Any, model: type[Any]) -> ContainerSchema:
        """Async twin of :meth:`load`."""
        target, identifier = _target(model)
        attributes = await client.list_attributes(target, identifier)
        return self.store(model, attributes, listed=True)

    def ensure(self, client: Any, model: type[Any]) -> ContainerSchema | None:
        """List ``model``'s container if :meth:`needs_listing`; the cached schema or ``None``.

        Threads that need the same listing at once wait for one request.
        """
        if self.needs_listing(model):
            with self._load_lock:
                if self.needs_listing(model):
                    return self.load(client, model)
        return self.get(model)

    async def aensure(self, client: Any, model: type[Any]) -> ContainerSchema | None:
        """Async twin of :meth:`ensure` (tasks that need one listing share one request)."""
        if not self.needs_listing(model):
            return self.get(model)
        key = _target(model)
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self.aload(client, model))
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        # Shielded: one waiter being cancelled must not cancel the others' listing.
        return await asyncio.shield(pending)

    def preload(self, client: Any, models: Iterable[type[Any]], *, options: bool = False) -> int:
        """List the containers of ``models`` now (once each); returns the requests made.

        Call it at startup to have slug-bound models validated before every request
        (renames then raise ``UnknownAttribute`` before anything is sent). With
        ``options=True`` it also lists the options or statuses of every select and status
        field (1 request each), so that titles are checked before sending too
        (``UnknownOption`` with the closest titles, without a rejected request).

        Example:
            >>> from particle_orm.emulator import Emulator
            >>> from particle_orm.standard import Company, Deal, Person
            >>> WorkspaceSchemaCache().preload(Emulator(seed=1).client(), [Person, Company])
            2
            >>> WorkspaceSchemaCache().preload(Emulator(seed=1).client(), [Deal], options=True)
            2
        """
        models = list(models)
        before = self.listings
        for model in models:
            if self._find(model) is None or self.needs_listing(model):
                self.load(client, model)
        made = self.listings - before
        if options:
            for model in models:
                for field in title_fields(model._meta.fields.values()):
                    self.store_titles(model, field, list_titles(client, model, field))
                    made += 1
        return made

    async def apreload(
        self, client: Any, models: Iterable[type[Any]], *, options: bool = False
    ) -> int:
        """Async twin of :meth:`preload`."""
        models = list(models)
        before = self.listings
        for model in models:
            if self._find(model) is None or self.needs_listing(model):
                await self.aload(client, model)
        made = self.listings - before
        if options:
            for model in models:
                for field in title_fields(model._meta.fields.values()):
                    self.store_titles(model, field, await alist_titles(client, model, field))
                    made += 1
        return made

    # -- pure steps ----------------------------------------------------------------------

    def prepare(self, model: type[Any], rows: Iterable[dict[str, Any]]) -> bool:
        """Re-key the values of id-bound fields by attribute id, and learn object ids.

        Returns ``False`` (and marks the container stale) when a row lacks the current
        slug of an id-bound field: the attribute was renamed or archived since the
        listing. Nothing is changed for models without id-bound fields.
        """
        meta = model._meta
        schema = self._find(model)
        pairs: list[tuple[str, str]] = []
        if schema is not None:
            for field in meta.fields.values():
                if field.attribute_id is not None:
                    info = schema.by_id.get(field.attribute_id)
                    if info is not None:
                        pairs.append((info.slug, field.attribute_id))
        key = _values_key(model)
        learnt = meta.is_entry
        ok = True
        for row in rows:
            if not isinstance(row, dict) or not isinstance(row.get("id"), dict):
                shown = repr(row)
                raise DecodeError(
                    f"{model.__name__}: the response holds {shown[:80]} where a record or "
                    "entry object (with an 'id' object) was expected"
                )
            if not learnt:
                ident = row["id"]
                object_directory.learn(
                    ident.get("workspace_id"), meta.object, ident.get("object_id")
                )
                learnt = True
            if not pairs:
                continue
            values = row.get(key)
            if not isinstance(values, MutableMapping):  # a dict, or the client's LazyValues
                continue  # decoding reports it, naming the field
            for slug, attribute_id in pairs:
                raw = values.get(slug)
                if raw is None:
                    ok = False
                else:
                    values[attribute_id] = raw
        if not ok and schema is not None:
            schema.stale = True
        return ok

    def unknown(
        self, model: type[Any], field: Field[Any], action: str, *, note: str | None = None
    ) -> UnknownAttribute:
        """The :class:`UnknownAttribute` for ``field`` (using the cached schema's hints)."""
        schema = self._find(model)
        return UnknownAttribute.for_field(
            model.__name__,
            field.name,
            field.slug,
            attribute_id=field.attribute_id,
            current_slug=None if schema is None else schema.current_slug_hint(field),
            workspace_id=None if schema is None else schema.workspace_id,
            action=action,
            container=str(model._meta.container),
            note=note,
        )

    def missing_fields(self, model: type[Any], fields: Iterable[Field[Any]]) -> list[Field[Any]]:
        """Those of ``fields`` the cached schema lacks (none when it is not cached)."""
        schema = self._find(model)
        if schema is None:
            return []
        return [f for f in fields if not f.read_only and schema.info_for(f) is None]

    def check_fields(self, model: type[Any], fields: Iterable[Field[Any]], action: str) -> None:
        """Raise :class:`UnknownAttribute` for the first field the cached schema lacks."""
        for field in self.missing_fields(model, fields):
            raise self.unknown(model, field, action, note=f"checked before sending the {action}")

    def check_filter(self, model: type[Any], filter: Any) -> None:
        """:meth:`check_fields` for the model fields a compiled filter names."""
        if filter is None or self._find(model) is None:
            return
        by_key = model._meta.fields_by_key
        used = [by_key[k] for k in filter_keys(filter) if k in by_key]
        self.check_fields(model, used, "filter")

    def explain_rejection(
        self, model: type[Any], fields: Iterable[Field[Any]], action: str, exc: Exception
    ) -> UnknownAttribute | None:
        """After Attio rejected a key (and :meth:`load` refreshed): the clear error, if any."""
        missing = self.missing_fields(model, fields)
        if not missing:
            return None
        return self.unknown(
            model,
            missing[0],
            action,
            note=f"Attio rejected the {action}: {type(exc).__name__}; the schema was refreshed",
        )


# --------------------------------------------------------------------------- per client

_caches: weakref.WeakKeyDictionary[Any, WorkspaceSchemaCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def schema_cache(client: Any) -> WorkspaceSchemaCache:
    """The schema cache of ``client`` (made on first use; dies with the client).

    One per client instance: a client holds one token, hence serves one workspace.
    Objects that cannot be weakly referenced get a fresh, unshared cache each time.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> client = Emulator(seed=1).client()
        >>> schema_cache(client) is schema_cache(client)
        True
    """
    try:
        found = _caches.get(client)
    except TypeError:
        return WorkspaceSchemaCache()
    if found is None:
        with _caches_lock:
            found = _caches.setdefault(client, WorkspaceSchemaCache())
    return found


# --------------------------------------------------------------------------- query seam


def _fields_of_filter(model: type[Any], filter: Any) -> list[Field[Any]]:
    by_key = model._meta.fields_by_key
    return [by_key[k] for k in filter_keys(filter) if k in by_key]


def _titles_of_filter(model: type[Any], filter: Any) -> list[tuple[Field[Any], list[str]]]:
    fields = title_fields(_fields_of_filter(model, filter))
    return [(f, titles_in_filter(f, filter)) for f in dict.fromkeys(fields)]


def run_query(client: Any, model: type[Any], filter: Any, send: Callable[[], T]) -> T:
    """Send one query page with the schema checks around it (sync).

    Lists the container first only when the model binds fields by id (once per client);
    validates the filter against a cached schema; turns Attio's unknown-attribute
    rejection into :class:`UnknownAttribute`; re-keys the rows and re-lists on a rename.
    """
    cache = schema_cache(client)
    cache.ensure(client, model)
    cache.check_filter(model, filter)
    if cache.has_titles:
        unknown = check_titles(client, model, _titles_of_filter(model, filter), cache)
        if unknown is not None:
            raise unknown
    try:
        page = send()
    except UnknownFilterAttributeError as exc:
        cache.load(client, model)
        error = cache.explain_rejection(model, _fields_of_filter(model, filter), "filter", exc)
        if error is None:
            raise
        raise error from exc
    except FilterError as exc:
        wanted = _titles_of_filter(model, filter)
        unknown = explain_unknown_titles(client, model, wanted, exc, cache) if wanted else None
        if unknown is None:
            raise
        raise unknown from exc
    rows = cast(Page, page)
    if not cache.prepare(model, rows):
        cache.load(client, model)
        cache.prepare(model, rows)
    return page


async def arun_query(
    client: Any, model: type[Any], filter: Any, send: Callable[[], Awaitable[T]]
) -> T:
    """Async twin of :func:`run_query`."""
    cache = schema_cache(client)
    await cache.aensure(client, model)
    cache.check_filter(model, filter)
    if cache.has_titles:
        wanted = _titles_of_filter(model, filter)
        unknown = await acheck_titles(client, model, wanted, cache)
        if unknown is not None:
            raise unknown
    try:
        page = await send()
    except UnknownFilterAttributeError as exc:
        await cache.aload(client, model)
        error = cache.explain_rejection(model, _fields_of_filter(model, filter), "filter", exc)
        if error is None:
            raise
        raise error from exc
    except FilterError as exc:
        wanted = _titles_of_filter(model, filter)
        unknown = (
            await aexplain_unknown_titles(client, model, wanted, exc, cache) if wanted else None
        )
        if unknown is None:
            raise
        raise unknown from exc
    rows = cast(Page, page)
    if not cache.prepare(model, rows):
        await cache.aload(client, model)
        cache.prepare(model, rows)
    return page


def run_get(client: Any, model: type[Any], send: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Fetch one record/entry and re-key it through the schema (sync)."""
    cache = schema_cache(client)
    cache.ensure(client, model)
    data = send()
    if not cache.prepare(model, [data]):
        cache.load(client, model)
        cache.prepare(model, [data])
    return data


async def arun_get(
    client: Any, model: type[Any], send: Callable[[], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """Async twin of :func:`run_get`."""
    cache = schema_cache(client)
    await cache.aensure(client, model)
    data = await send()
    if not cache.prepare(model, [data]):
        await cache.aload(client, model)
        cache.prepare(model, [data])
    return data


def write_precheck(
    client: Any, model: type[Any], fields: Iterable[Field[Any]], obj: Any
) -> UnknownOption | None:
    """Before a write: titles the cached option listings lack (see :func:`check_titles`)."""
    cache = schema_cache(client)
    if not cache.has_titles:
        return None
    return check_titles(client, model, _titles_written(fields, obj), cache)


async def awrite_precheck(
    client: Any, model: type[Any], fields: Iterable[Field[Any]], obj: Any
) -> UnknownOption | None:
    """Async twin of :func:`write_precheck`."""
    cache = schema_cache(client)
    if not cache.has_titles:
        return None
    return await acheck_titles(client, model, _titles_written(fields, obj), cache)


def _titles_written(fields: Iterable[Field[Any]], obj: Any) -> list[tuple[Field[Any], list[str]]]:
    return [(f, titles_written(obj, f)) for f in title_fields(fields)]


def write_rejection(
    client: Any, model: type[Any], fields: Iterable[Field[Any]], exc: Exception, obj: Any = None
) -> UnknownAttribute | UnknownOption | None:
    """For a write Attio rejected with ``value_not_found``: refresh, explain (sync).

    An attribute the workspace lacks gives :class:`UnknownAttribute`; else, with the
    instance ``obj`` whose values were sent, a select/status title it lacks gives
    :class:`UnknownOption` (one options listing per select/status field written).
    """
    if not isinstance(exc, ValueNotFoundError):
        return None
    fields = list(fields)
    cache = schema_cache(client)
    cache.load(client, model)
    error = cache.explain_rejection(model, fields, "write", exc)
    if error is not None or obj is None:
        return error
    return explain_unknown_titles(client, model, _titles_written(fields, obj), exc, cache)


async def awrite_rejection(
    client: Any, model: type[Any], fields: Iterable[Field[Any]], exc: Exception, obj: Any = None
) -> UnknownAttribute | UnknownOption | None:
    """Async twin of :func:`write_rejection`."""
    if not isinstance(exc, ValueNotFoundError):
        return None
    fields = list(fields)
    cache = schema_cache(client)
    await cache.aload(client, model)
    error = cache.explain_rejection(model, fields, "write", exc)
    if error is not None or obj is None:
        return error
    return await aexplain_unknown_titles(client, model, _titles_written(fields, obj), exc, cache)
