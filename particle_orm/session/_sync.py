"""``Session``: the unit of work over a blocking ``AttioClient`` (thread-pool executor).

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Company, Person
    >>> emu = Emulator(seed=7)
    >>> with emu.client() as client, Session(client) as session:
    ...     acme = Company(name="Acme", domains=["acme.com"])
    ...     session.add(Person(name="Lovelace, Ada", company=acme))
    ...     print(session.plan())
    ...     result = session.commit()
    Plan: 2 calls in 2 layers
    layer 1:
      #1 PUT /v2/objects/companies/records?matching_attribute=domains  assert <Company unsaved> \
[name, domains]
    layer 2:
      #2 POST /v2/objects/people/records  create <Person unsaved> [name, company] after #1
    >>> result.calls, acme.record_id is not None
    (2, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Any, Literal, TypeVar, overload

from particle_orm.client import AmbiguousWriteError, ValueNotFoundError
from particle_orm.query._workspace import (
    run_get,
    run_query,
    schema_cache,
    write_precheck,
    write_rejection,
)
from particle_orm.session._base import (
    SessionBase,
    lookup_filter,
    lookup_values,
    single_match,
    upsert_for,
    written_fields,
)
from particle_orm.session._errors import SessionUsageError
from particle_orm.session._execution import (
    APPEND_APPLIED_NOTE,
    APPEND_RESENT_NOTE,
    RESENT_NOTE,
    Attempt,
    CommitRun,
    Prepared,
    ProgressCallback,
    appended_present,
)
from particle_orm.session._operations import CommitResult, OpKind, Plan
from particle_orm.session._planner import UpsertSpec

__all__ = ["Session"]

T = TypeVar("T")


def send(client: Any, prep: Prepared) -> Attempt:
    """Make the call (and, after a lost ``POST`` response, its assert fallback)."""
    op = prep.op
    if op.fields and op.kind is not OpKind.DELETE:
        try:
            # With option listings cached, a title the workspace lacks fails unsent.
            unknown = write_precheck(client, type(op.obj), written_fields(op), op.obj)
        except Exception:
            unknown = None
        if unknown is not None:
            return Attempt(error=unknown)
    try:
        return Attempt(prep.call.send(client))
    except ValueNotFoundError as exc:
        # A key Attio does not know: refresh the schema and name the field (1 listing).
        op = prep.op
        try:
            clear = write_rejection(client, type(op.obj), written_fields(op), exc, op.obj)
        except Exception:
            clear = None
        if clear is None:
            return Attempt(error=exc)
        clear.__cause__ = exc
        return Attempt(error=clear)
    except AmbiguousWriteError as lost:
        if prep.reread is not None:
            return settle_append(client, prep, lost)
        if prep.fallback is None:
            return Attempt(error=lost)
        try:
            return Attempt(prep.fallback.send(client), note=RESENT_NOTE)
        except Exception as exc:
            return Attempt(error=exc, note=RESENT_NOTE)
    except Exception as exc:
        return Attempt(error=exc)


def settle_append(client: Any, prep: Prepared, lost: AmbiguousWriteError) -> Attempt:
    """An appending PATCH whose outcome is unknown: re-read, then send again only if needed."""
    assert prep.reread is not None
    try:
        data = prep.reread.send(client)
    except Exception:
        return Attempt(error=lost)  # still unknown: reported as such, left pending
    if appended_present(prep.op, data):
        return Attempt(data, note=APPEND_APPLIED_NOTE)
    try:
        return Attempt(prep.call.send(client), note=APPEND_RESENT_NOTE)
    except Exception as exc:
        return Attempt(error=exc, note=APPEND_RESENT_NOTE)


def execute(run: CommitRun, client: Any, workers: int) -> CommitResult:
    """Run ``run`` with up to ``workers`` calls in flight; objects change only here."""
    if run.finished:
        return run.outcome()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="particle-orm-commit") as pool:
        inflight: dict[Future[Attempt], Prepared] = {}
        while True:
            for prep in run.take_ready(workers - len(inflight)):
                inflight[pool.submit(send, client, prep)] = prep
            if not inflight:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for future in done:
                run.finish(inflight.pop(future), future.result())
    return run.outcome()


class Session(SessionBase):
    """A unit of work: tracks changes, then sends each one once, in order, concurrently.

    ``with Session(client) as session:`` makes it the session in context (``Person.objects``
    queries load through its identity map). Leaving the block does **not** commit:
    call :meth:`commit`. Attio has no transactions, so nothing is rolled back remotely.

    A session is not thread-safe: use one per request, job or thread (the client underneath
    is shared and thread-safe). Commits run calls on a thread pool, but objects are only
    touched on the calling thread.

    ``max_workers`` bounds concurrent calls (default: enough to keep the client's write
    budget busy; the client's governor does the pacing). ``progress`` is called with a
    :class:`~particle_orm.session.Progress` after each operation of every commit.

    Example::

        with Session(client) as session:
            acme = Company(name="Acme", domains=["acme.com"])
            session.add_all([Person(name="Ada", company=acme), Pipeline(parent=acme)])
            print(session.plan())      # company first, then the person and the entry
            session.commit()           # raises CommitError naming each failure
    """

    def __enter__(self) -> Session:
        self._bind()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._unbind()

    def close(self) -> None:
        """Forget every tracked object (the client stays open: it is the caller's)."""
        self.expunge_all()

    @overload
    def commit(
        self, *, dry_run: Literal[False] = False, progress: ProgressCallback | None = None
    ) -> CommitResult: ...

    @overload
    def commit(
        self, *, dry_run: Literal[True], progress: ProgressCallback | None = None
    ) -> Plan: ...

    def commit(
        self, *, dry_run: bool = False, progress: ProgressCallback | None = None
    ) -> CommitResult | Plan:
        """Send every pending change; ``dry_run=True`` returns the :class:`Plan` instead.

        Raises :class:`~particle_orm.session.CommitError` (after every runnable operation
        ran) when any failed; applied ones are recorded, the rest stay pending.
        """
        planned = self._planned()
        if dry_run:
            return planned.plan
        return self._run(planned, progress)

    def _run(self, planned: Any, progress: ProgressCallback | None) -> CommitResult:
        cache = schema_cache(self._client)
        for model in self._schema_models(planned):
            cache.ensure(self._client, model)
        self._check_schema(planned)
        try:
            return execute(self._start(planned, progress), self._client, self.max_workers)
        finally:
            if self._restale:
                for model in {type(o) for o in self._restale}:
                    cache.load(self._client, model)
                self._settle(cache)

    def flush(self, *, progress: ProgressCallback | None = None) -> CommitResult:
        """The same as :meth:`commit`: with no transactions, sending *is* committing."""
        return self.commit(progress=progress)

    def _commit_only(self, objs: Iterable[Any]) -> CommitResult:
        return self._run(self._planned(objs), None)

    def refresh(self, obj: Any) -> None:
        """Reload ``obj`` from Attio, discarding its unsent local changes (1 read)."""
        if obj._id is None:
            raise SessionUsageError(f"{obj!r} has no id yet: it cannot be refreshed")
        meta = obj._meta
        method = self._client.get_entry if meta.is_entry else self._client.get_record
        data = run_get(self._client, type(obj), lambda: method(meta.container, obj._id[2]))
        obj._apply_response(data, clean=True)
        self.add(obj)

    def resolve_ambiguous(self, obj: Any, *, record_id: str | None = None) -> None:
        """Settle a create whose response was lost, after checking Attio yourself.

        With ``record_id`` (it was created) the object takes that record and its values
        stay pending as an update; without (it was not) it is created at the next commit.
        For a list entry, ``record_id`` is the entry id.
        """
        self._resolve_unknown(obj)
        if record_id is None:
            self._new[id(obj)] = obj
            return
        meta = obj._meta
        fetch = self._client.get_entry if meta.is_entry else self._client.get_record
        data = run_get(self._client, type(obj), lambda: fetch(meta.container, record_id))
        self._resolve_found(obj, data)

    def bulk_create(self, objs: Iterable[T], *, upsert: UpsertSpec = None) -> list[T]:
        """Create ``objs`` now through the planner (concurrently, in reference order).

        Only these objects (and unsaved records they reference) are sent; other pending
        changes stay pending. Raises ``CommitError`` like :meth:`commit`.
        """
        items = list(objs)
        self.add_all(items, upsert=upsert)
        self._commit_only(items)
        return items

    def get_or_create(
        self, model: type[T], defaults: Mapping[str, Any] | None = None, **lookup: Any
    ) -> tuple[T, bool]:
        """The record matching ``lookup`` (equality on each field), else a new one, saved.

        The create is an assert when the lookup names ``Meta.match_on``, so two racing
        callers still end with one record. Returns ``(obj, created)``.

        Example::

            person, created = session.get_or_create(
                Person, email_addresses="ada@example.com", defaults={"name": "Ada"}
            )
        """
        found = self._find(model, lookup)
        if found is not None:
            return found, False
        obj = model(**lookup_values(model, lookup), **dict(defaults or {}))
        self.add(obj, upsert=upsert_for(model, lookup))
        self._commit_only([obj])
        return obj, True

    def update_or_create(
        self, model: type[T], defaults: Mapping[str, Any] | None = None, **lookup: Any
    ) -> tuple[T, bool]:
        """Set ``defaults`` on the record matching ``lookup``, or create it; saved now.

        One read plus one write; the write is an assert when the lookup names
        ``Meta.match_on`` (idempotent, race-safe). Returns ``(obj, created)``.
        """
        found = self._find(model, lookup)
        if found is None:
            obj = model(**lookup_values(model, lookup), **dict(defaults or {}))
            self.add(obj, upsert=upsert_for(model, lookup))
            self._commit_only([obj])
            return obj, True
        for name, value in (defaults or {}).items():
            setattr(found, name, value)
        self._commit_only([found])
        return found, False

    def _find(self, model: type[T], lookup: Mapping[str, Any]) -> T | None:
        filter_ = lookup_filter(model, lookup)
        meta = model._meta  # type: ignore[attr-defined]
        method = self._client.query_entries if meta.is_entry else self._client.query_records
        rows = run_query(
            self._client, model, filter_, lambda: method(meta.container, filter=filter_, limit=2)
        )
        return single_match(model, lookup, rows, self.load)
