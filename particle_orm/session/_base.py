"""State and bookkeeping shared by ``Session`` and ``AsyncSession`` (no I/O here).

Example:
    >>> from particle_orm.standard import Company
    >>> s = SessionBase(client=None)
    >>> s.add(Company(name="Acme"))
    >>> len(s.new), len(s.dirty)
    (1, 0)
"""

from __future__ import annotations

import contextvars
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from particle_orm.client._shapes import item_problem
from particle_orm.errors import DecodeError
from particle_orm.fields._base import MISSING
from particle_orm.query import QuerySet
from particle_orm.query._binding import Binding, current_binding
from particle_orm.query._workspace import WorkspaceSchemaCache, schema_cache
from particle_orm.session._errors import SessionUsageError
from particle_orm.session._execution import CommitRun, ProgressCallback, default_workers
from particle_orm.session._identity import IdentityMap
from particle_orm.session._operations import Operation, OpKind, Plan
from particle_orm.session._planner import PlanInput, Planned, UpsertSpec, build_plan
from particle_orm.values import EntryId, RecordId

__all__ = ["SessionBase", "written_fields"]

T = TypeVar("T")


# Which session tracks an object (weak both ways: neither keeps the other alive).
_owners: weakref.WeakKeyDictionary[Any, weakref.ref[SessionBase]] = weakref.WeakKeyDictionary()
_owners_lock = threading.Lock()


def _check_instance(obj: object) -> None:
    meta = getattr(type(obj), "_meta", None)
    if meta is None or not hasattr(obj, "_changed"):
        raise SessionUsageError(
            f"a session holds Model and ListEntry instances, got {type(obj).__name__}"
        )


def _check_upsert(obj: Any, upsert: UpsertSpec) -> None:
    meta = obj._meta
    name = type(obj).__name__
    if upsert is None or upsert is False:
        return
    if meta.is_entry:
        if upsert is not True:
            raise SessionUsageError(f"{name}: entries assert by parent only; pass upsert=True")
        return
    if upsert is True:
        if meta.match_on is None:
            raise SessionUsageError(
                f"{name}: upsert=True needs Meta.match_on (or pass upsert='<field>')"
            )
        return
    if not isinstance(upsert, str):
        raise SessionUsageError(f"{name}: upsert must be None, a bool or a field name")
    try:
        meta.field(upsert)
    except KeyError as exc:
        raise SessionUsageError(f"{name}: upsert={upsert!r}: {exc.args[0]}") from None


def written_fields(op: Operation) -> list[Any]:
    """The fields an operation writes (for naming the one Attio does not know)."""
    meta = op.obj._meta
    return [meta.field(name) for name in op.fields]


def lookup_filter(model: type[Any], lookup: Mapping[str, Any]) -> dict[str, Any]:
    """An Attio filter matching every ``field=value`` of ``lookup`` (equality).

    Example:
        >>> from particle_orm.standard import Person
        >>> lookup_filter(Person, {"email_addresses": "ada@example.com"})
        {'email_addresses': 'ada@example.com'}
    """
    if not lookup:
        raise SessionUsageError(f"{model.__name__}: a lookup needs at least one field=value")
    parts: list[dict[str, Any]] = []
    for name, value in lookup.items():
        try:
            f = model._meta.field(name)
        except KeyError as exc:
            raise SessionUsageError(exc.args[0]) from None
        parts.append({f.key: f.filter_value(value)})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def lookup_values(model: type[Any], lookup: Mapping[str, Any]) -> dict[str, Any]:
    """Constructor arguments for ``lookup`` (a ``many`` field gets a one-element list)."""
    out: dict[str, Any] = {}
    for name, value in lookup.items():
        f = model._meta.field(name)
        many_scalar = f.many and not isinstance(value, (list, tuple))
        out[f.name] = [value] if many_scalar else value
    return out


def upsert_for(model: type[Any], lookup: Mapping[str, Any]) -> UpsertSpec:
    """``True`` (assert) when the lookup names the model's ``Meta.match_on`` field."""
    match_on = model._meta.match_on
    if match_on is not None and any(model._meta.field(k) is match_on for k in lookup):
        return True
    return None


def single_match(
    model: type[T], lookup: Mapping[str, Any], rows: list[Any], load: Callable[..., Any]
) -> T | None:
    """The one loaded instance among ``rows`` (``None`` if empty; error if several)."""
    if not rows:
        return None
    if len(rows) > 1:
        raise SessionUsageError(f"{model.__name__}: more than one record matches {dict(lookup)!r}")
    found: T = load(model, rows[0])
    return found


def _check_shape(model_cls: type[Any], data: object) -> None:
    """Refuse a record/entry without the id and values a model needs, naming the problem."""
    meta = getattr(model_cls, "_meta", None)
    kind: Literal["record", "entry"] = "entry" if getattr(meta, "is_entry", False) else "record"
    problem = item_problem(kind, data)
    if problem is not None:
        raise DecodeError(f"{model_cls.__name__}: malformed {kind} from Attio: {problem}")


class SessionBase:
    """Identity map, pending changes, planning, and applying results.

    Not used directly: see :class:`~particle_orm.session.Session` and
    :class:`~particle_orm.session.AsyncSession`.
    """

    def __init__(
        self,
        client: Any,
        *,
        max_workers: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        if max_workers is not None and (
            isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1
        ):
            raise SessionUsageError(f"max_workers must be an int >= 1, got {max_workers!r}")
        self._client = client
        self._max_workers = max_workers
        self._progress = progress
        self.identity_map = IdentityMap()
        self._new: dict[int, Any] = {}
        self._deleted: dict[int, Any] = {}
        self._upsert: dict[int, UpsertSpec] = {}
        self._ambiguous: dict[int, Any] = {}
        self._tokens: list[contextvars.Token[Binding | None]] = []
        self._workspace_id: str | None = None
        self._restale: list[Any] = []

    # -- binding (query layer seam) ------------------------------------------------------

    @property
    def client(self) -> Any:
        """The client this session sends through."""
        return self._client

    @property
    def max_workers(self) -> int:
        """Concurrent calls per dependency layer (default: enough to fill the write budget)."""
        return self._max_workers or default_workers(self._client)

    @property
    def workspace_id(self) -> str | None:
        """The workspace this session's records belong to (learnt from the first one seen)."""
        return self._workspace_id

    @property
    def schema(self) -> WorkspaceSchemaCache:
        """The workspace schema cache of this session's client (see ``schema_cache``)."""
        return schema_cache(self._client)

    def _check_workspace(self, data: dict[str, Any]) -> None:
        ident = data.get("id") if isinstance(data, dict) else None
        ws = ident.get("workspace_id") if isinstance(ident, dict) else None
        if ws is None:
            return  # a malformed record is reported where it is decoded
        if self._workspace_id is None:
            self._workspace_id = ws
        elif ws != self._workspace_id:
            raise SessionUsageError(
                f"a session is bound to one workspace ({self._workspace_id}); got a record "
                f"of workspace {ws}: open one session per workspace client"
            )

    def load(self, model_cls: type[T], data: dict[str, Any]) -> T:
        """Record/entry JSON → the one instance for its id (the query layer calls this).

        Example:
            >>> from particle_orm.standard import Company
            >>> s = SessionBase(client=None)
            >>> d = {"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
            ...      "values": {}}
            >>> s.load(Company, d) is s.load(Company, d)
            True
        """
        _check_shape(model_cls, data)
        self._check_workspace(data)
        return self.identity_map.load(model_cls, data)

    def load_many(self, model_cls: type[T], page: Iterable[dict[str, Any]]) -> list[T]:
        """:meth:`load` over a page."""
        load = self.identity_map.load
        page = page if isinstance(page, list) else list(page)
        for data in page:
            _check_shape(model_cls, data)
        for data in page[:1]:
            self._check_workspace(data)
        return [load(model_cls, data) for data in page]

    def get_cached(self, model_cls: type[T], id: RecordId | EntryId | str) -> T | None:
        """The instance already in the identity map for ``id``, or ``None`` (no request)."""
        return self.identity_map.get_cached(model_cls, id)

    def _bind(self) -> None:
        self._tokens.append(current_binding.set(self))

    def _unbind(self) -> None:
        if self._tokens:
            current_binding.reset(self._tokens.pop())

    def query(self, model: type[T]) -> QuerySet[T]:
        """A QuerySet of ``model`` bound to this session (loads go through the identity map).

        Example:
            >>> from particle_orm.standard import Person
            >>> qs = SessionBase(client=None).query(Person).filter(name__contains="Ada")
            >>> qs.query.filter
            {'name': {'$contains': 'Ada'}}
        """
        return QuerySet(model, binding=self)

    # -- pending state -------------------------------------------------------------------

    def __contains__(self, obj: object) -> bool:
        key = id(obj)
        return (
            key in self._new
            or key in self._deleted
            or key in self._ambiguous
            or obj in self.identity_map
        )

    @property
    def new(self) -> list[Any]:
        """Objects to create, in the order they were added."""
        return list(self._new.values())

    @property
    def dirty(self) -> list[Any]:
        """Saved objects with unsent changes (not counting those marked for deletion).

        Includes saved records reached through the references of tracked objects (say
        ``person.company.name = "x"``): they join the identity map, as SQLAlchemy's
        save-update cascade would have them. Only references already read are followed.
        """
        self._adopt_referenced()
        return [o for o in self.identity_map if o._changed and id(o) not in self._deleted]

    def _adopt_referenced(self) -> None:
        roots = [*self.identity_map, *self._new.values()]
        seen = {id(o) for o in roots}
        while roots:
            obj = roots.pop()
            fields = obj._meta.fields
            for name, value in obj._cache.items():
                if fields[name].attribute_type != "record-reference" or value is None:
                    continue
                for target in value if isinstance(value, list) else (value,):
                    if id(target) in seen or getattr(target, "_changed", None) is None:
                        continue
                    seen.add(id(target))
                    roots.append(target)
                    if target._id is not None and target._changed:
                        held = self.identity_map.get(target._id)
                        if held is None:
                            self.identity_map.add(target)

    @property
    def deleted(self) -> list[Any]:
        """Objects marked for deletion."""
        return list(self._deleted.values())

    @property
    def ambiguous(self) -> list[Any]:
        """Creates whose response was lost: held back until :meth:`resolve_ambiguous`."""
        return list(self._ambiguous.values())

    def _claim(self, obj: Any) -> None:
        with _owners_lock:
            ref = _owners.get(obj)
            other = None if ref is None else ref()
            if other is not None and other is not self and obj in other:
                raise SessionUsageError(
                    f"{obj!r} belongs to another session; expunge it there first"
                )
            _owners[obj] = weakref.ref(self)

    def add(self, obj: Any, *, upsert: UpsertSpec = None) -> None:
        """Track ``obj``: a new one is created at commit, a loaded one has its changes sent.

        ``upsert`` (new records): ``None`` asserts when ``Meta.match_on`` has a value,
        ``True`` requires an assert (entries: by parent), ``False`` always ``POST``s, and a
        field name or slug asserts on that attribute. Unsaved records it references (and
        an entry's unsaved parent) are created too.

        Example:
            >>> from particle_orm.standard import Person
            >>> s = SessionBase(client=None)
            >>> s.add(Person(email_addresses=["ada@example.com"]), upsert=True)
        """
        _check_instance(obj)
        key = id(obj)
        if key in self._ambiguous:
            raise SessionUsageError(
                f"{obj!r}: its create may already have happened (response lost); "
                "call resolve_ambiguous() first"
            )
        self._claim(obj)
        if obj._id is None:
            _check_upsert(obj, upsert)
            self._new[key] = obj
            if upsert is not None:
                self._upsert[key] = upsert
            else:
                self._upsert.pop(key, None)
            return
        held = self.identity_map.get(obj._id)
        if held is not None and held is not obj:
            raise SessionUsageError(
                f"{obj!r}: this session already holds another instance with id {obj._id}"
            )
        self.identity_map.add(obj)

    def add_all(self, objs: Iterable[Any], *, upsert: UpsertSpec = None) -> None:
        """:meth:`add` each object."""
        for obj in objs:
            self.add(obj, upsert=upsert)

    def delete(self, obj: Any) -> None:
        """Mark ``obj`` for deletion at commit (an unsaved one is just forgotten).

        Deletes run after every other write; entries before their parent records.
        """
        _check_instance(obj)
        key = id(obj)
        if obj._id is None:
            self._forget(obj)
            return
        held = self.identity_map.get(obj._id)
        if held is not None and held is not obj:
            raise SessionUsageError(
                f"{obj!r}: this session holds another instance with id {obj._id}; delete that"
            )
        self._claim(obj)
        self.identity_map.add(obj)
        self._deleted[key] = obj

    def _forget(self, obj: Any) -> None:
        key = id(obj)
        self._new.pop(key, None)
        self._upsert.pop(key, None)
        self._deleted.pop(key, None)
        self._ambiguous.pop(key, None)

    def expunge(self, obj: Any) -> None:
        """Stop tracking ``obj`` (its pending changes stay on it but are not sent)."""
        self._forget(obj)
        self.identity_map.discard(obj)

    def expunge_all(self) -> None:
        """Stop tracking every object."""
        self._new.clear()
        self._upsert.clear()
        self._deleted.clear()
        self._ambiguous.clear()
        self.identity_map.clear()

    def rollback(self) -> None:
        """Discard pending local changes: new objects are forgotten, loaded ones revert.

        Attio has no transactions: this cannot undo writes already sent by an earlier
        commit (even a partly failed one); it only forgets what has not been sent.

        Example:
            >>> from particle_orm.standard import Company
            >>> s = SessionBase(client=None)
            >>> c = s.load(Company, {"id": {"workspace_id": "w", "object_id": "o",
            ...     "record_id": "r"}, "values": {"name": [{"value": "Acme"}]}})
            >>> c.name = "Acme 2"
            >>> s.rollback()
            >>> c.name, c.is_dirty
            ('Acme', False)
        """
        for obj in self.identity_map:
            if obj._changed:
                for name in list(obj._changed):
                    obj._cache.pop(name, None)
                obj._changed.clear()
        self._new.clear()
        self._upsert.clear()
        self._deleted.clear()
        self._ambiguous.clear()

    # -- planning ------------------------------------------------------------------------

    def _plan_input(self, only: Iterable[Any] | None = None) -> PlanInput:
        if only is None:
            return PlanInput(
                new=self.new,
                dirty=self.dirty,
                deleted=self.deleted,
                upsert=self._upsert,
                held=set(self._ambiguous),
            )
        chosen = list(only)
        keys = {id(o) for o in chosen}
        return PlanInput(
            new=[o for o in self._new.values() if id(o) in keys],
            dirty=[o for o in self.dirty if id(o) in keys],
            deleted=[o for o in self._deleted.values() if id(o) in keys],
            upsert=self._upsert,
            held=set(self._ambiguous),
        )

    def _planned(self, only: Iterable[Any] | None = None) -> Planned:
        return build_plan(self._plan_input(only))

    def plan(self) -> Plan:
        """The calls :meth:`commit` would send now, without sending anything.

        Example:
            >>> from particle_orm.standard import Company
            >>> s = SessionBase(client=None)
            >>> s.add(Company(name="Acme"))
            >>> s.plan().count()
            1
        """
        return self._planned().plan

    def _schema_models(self, planned: Planned) -> list[type[Any]]:
        models: dict[type[Any], None] = {}
        for op in planned.plan.operations:
            if op.kind is not OpKind.DELETE:
                models.setdefault(type(op.obj))
        return list(models)

    def _check_schema(self, planned: Planned) -> None:
        """Raise ``UnknownAttribute`` before sending when a write names a field the
        cached workspace schema lacks (free: no request when nothing is cached)."""
        cache = schema_cache(self._client)
        for op in planned.plan.operations:
            if op.kind is OpKind.DELETE or not op.fields:
                continue
            meta = op.obj._meta
            cache.check_fields(type(op.obj), [meta.field(n) for n in op.fields], "write")

    def _settle(self, cache: WorkspaceSchemaCache) -> None:
        """Re-key, with a fresh listing already stored, objects whose response was stale."""
        objs, self._restale = self._restale, []
        for obj in objs:
            model = type(obj)
            key = "entry_values" if model._meta.is_entry else "values"
            cache.prepare(model, [{"id": {}, key: obj._raw}])
            obj._cache = {k: v for k, v in obj._cache.items() if k in obj._changed}

    def _start(self, planned: Planned, progress: ProgressCallback | None) -> CommitRun:
        for obj in planned.created:
            # Records reached only through a reference are created (and tracked) too.
            self._new.setdefault(id(obj), obj)
        return CommitRun(self, planned.plan, progress=progress or self._progress)

    # -- applying results (called by CommitRun on the coordinating thread) ---------------

    def _applied(self, op: Operation, data: Any) -> None:
        obj = op.obj
        key = id(obj)
        if op.kind is OpKind.DELETE:
            self.identity_map.discard(obj)
            self._deleted.pop(key, None)
            return
        old_id = obj._id
        sent = set(op.fields)
        kept = {
            name: (obj._cache.get(name, MISSING), added)
            for name, added in obj._changed.items()
            if name not in sent
        }
        self._check_workspace(data)
        if not schema_cache(self._client).prepare(type(obj), [data]):
            self._restale.append(obj)
        obj._apply_response(data, clean=True)
        for name, (value, added) in kept.items():
            if value is not MISSING:
                obj._cache[name] = value
            obj._changed[name] = added
        if op.kind in (OpKind.CREATE, OpKind.ASSERT):
            self._new.pop(key, None)
            self._upsert.pop(key, None)
        self.identity_map.rekey(obj, old_id)

    def _ambiguous_create(self, op: Operation) -> None:
        obj = op.obj
        key = id(obj)
        self._new.pop(key, None)
        self._ambiguous[key] = obj

    def _resolve_unknown(self, obj: Any) -> None:
        key = id(obj)
        if key not in self._ambiguous:
            raise SessionUsageError(f"{obj!r} is not an ambiguous create of this session")
        del self._ambiguous[key]

    def _resolve_found(self, obj: Any, data: dict[str, Any]) -> None:
        # The values the create sent stay pending, so the next commit makes sure of them.
        obj._apply_response(data, clean=False)
        self.identity_map.add(obj)
        self._upsert.pop(id(obj), None)
