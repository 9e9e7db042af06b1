"""``AsyncSession``: the unit of work over ``AsyncAttioClient`` (tasks instead of threads).

Planning, bookkeeping and result handling are shared with ``Session``; only waiting differs.

Example:
    >>> import asyncio
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Company
    >>> async def main():
    ...     emu = Emulator(seed=7)
    ...     async with emu.async_client() as client, AsyncSession(client) as session:
    ...         session.add(Company(name="Acme"))
    ...         return (await session.commit()).calls
    >>> asyncio.run(main())
    1
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Literal, TypeVar, overload

from particle_orm.client import AmbiguousWriteError, ValueNotFoundError
from particle_orm.query._workspace import (
    arun_get,
    arun_query,
    awrite_precheck,
    awrite_rejection,
    schema_cache,
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

__all__ = ["AsyncSession"]

T = TypeVar("T")


async def send(client: Any, prep: Prepared) -> Attempt:
    """Async twin of ``_sync.send``."""
    op = prep.op
    if op.fields and op.kind is not OpKind.DELETE:
        try:
            # With option listings cached, a title the workspace lacks fails unsent.
            unknown = await awrite_precheck(client, type(op.obj), written_fields(op), op.obj)
        except Exception:
            unknown = None
        if unknown is not None:
            return Attempt(error=unknown)
    try:
        return Attempt(await prep.call.send(client))
    except ValueNotFoundError as exc:
        op = prep.op
        try:
            clear = await awrite_rejection(client, type(op.obj), written_fields(op), exc, op.obj)
        except Exception:
            clear = None
        if clear is None:
            return Attempt(error=exc)
        clear.__cause__ = exc
        return Attempt(error=clear)
    except AmbiguousWriteError as lost:
        if prep.reread is not None:
            return await settle_append(client, prep, lost)
        if prep.fallback is None:
            return Attempt(error=lost)
        try:
            data = await prep.fallback.send(client)
        except Exception as exc:
            return Attempt(error=exc, note=RESENT_NOTE)
        return Attempt(data, note=RESENT_NOTE)
    except Exception as exc:
        return Attempt(error=exc)


async def settle_append(client: Any, prep: Prepared, lost: AmbiguousWriteError) -> Attempt:
    """Async twin of ``_sync.settle_append``."""
    assert prep.reread is not None
    try:
        data = await prep.reread.send(client)
    except Exception:
        return Attempt(error=lost)
    if appended_present(prep.op, data):
        return Attempt(data, note=APPEND_APPLIED_NOTE)
    try:
        return Attempt(await prep.call.send(client), note=APPEND_RESENT_NOTE)
    except Exception as exc:
        return Attempt(error=exc, note=APPEND_RESENT_NOTE)


async def execute(run: CommitRun, client: Any, workers: int) -> CommitResult:
    """Run ``run`` with up to ``workers`` tasks in flight; objects change only here."""
    inflight: dict[asyncio.Task[Attempt], Prepared] = {}
    try:
        while True:
            for prep in run.take_ready(workers - len(inflight)):
                inflight[asyncio.ensure_future(send(client, prep))] = prep
            if not inflight:
                break
            done, _ = await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                run.finish(inflight.pop(task), task.result())
    finally:
        # Cancelled mid-commit: stop the calls still in flight rather than orphan them.
        for task in inflight:
            task.cancel()
    return run.outcome()


class AsyncSession(SessionBase):
    """The ``async`` unit of work: :class:`~particle_orm.session.Session` with awaitables.

    ``async with AsyncSession(client) as session:`` binds it to the current task's
    context. Operations of a dependency layer run as concurrent tasks.

    Example::

        async with AsyncSession(client) as session:
            session.add(Company(name="Acme", domains=["acme.com"]))
            await session.commit()
    """

    async def __aenter__(self) -> AsyncSession:
        self._bind()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._unbind()

    def __enter__(self) -> AsyncSession:
        self._bind()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._unbind()

    async def close(self) -> None:
        """Forget every tracked object (the client stays open)."""
        self.expunge_all()

    @overload
    async def commit(
        self, *, dry_run: Literal[False] = False, progress: ProgressCallback | None = None
    ) -> CommitResult: ...

    @overload
    async def commit(
        self, *, dry_run: Literal[True], progress: ProgressCallback | None = None
    ) -> Plan: ...

    async def commit(
        self, *, dry_run: bool = False, progress: ProgressCallback | None = None
    ) -> CommitResult | Plan:
        """Send every pending change (see ``Session.commit``)."""
        planned = self._planned()
        if dry_run:
            return planned.plan
        return await self._run(planned, progress)

    async def _run(self, planned: Any, progress: ProgressCallback | None) -> CommitResult:
        cache = schema_cache(self._client)
        for model in self._schema_models(planned):
            await cache.aensure(self._client, model)
        self._check_schema(planned)
        try:
            return await execute(self._start(planned, progress), self._client, self.max_workers)
        finally:
            if self._restale:
                for model in {type(o) for o in self._restale}:
                    await cache.aload(self._client, model)
                self._settle(cache)

    async def flush(self, *, progress: ProgressCallback | None = None) -> CommitResult:
        """The same as :meth:`commit`."""
        return await self.commit(progress=progress)

    async def _commit_only(self, objs: Iterable[Any]) -> CommitResult:
        return await self._run(self._planned(objs), None)

    async def refresh(self, obj: Any) -> None:
        """Reload ``obj`` from Attio, discarding its unsent local changes."""
        if obj._id is None:
            raise SessionUsageError(f"{obj!r} has no id yet: it cannot be refreshed")
        meta = obj._meta
        method = self._client.get_entry if meta.is_entry else self._client.get_record
        data = await arun_get(self._client, type(obj), lambda: method(meta.container, obj._id[2]))
        obj._apply_response(data, clean=True)
        self.add(obj)

    async def resolve_ambiguous(self, obj: Any, *, record_id: str | None = None) -> None:
        """Settle a create whose response was lost (see ``Session.resolve_ambiguous``)."""
        self._resolve_unknown(obj)
        if record_id is None:
            self._new[id(obj)] = obj
            return
        meta = obj._meta
        fetch = self._client.get_entry if meta.is_entry else self._client.get_record
        data = await arun_get(self._client, type(obj), lambda: fetch(meta.container, record_id))
        self._resolve_found(obj, data)

    async def bulk_create(self, objs: Iterable[T], *, upsert: UpsertSpec = None) -> list[T]:
        """Create ``objs`` now through the planner (see ``Session.bulk_create``)."""
        items = list(objs)
        self.add_all(items, upsert=upsert)
        await self._commit_only(items)
        return items

    async def get_or_create(
        self, model: type[T], defaults: Mapping[str, Any] | None = None, **lookup: Any
    ) -> tuple[T, bool]:
        """See ``Session.get_or_create``."""
        found = await self._find(model, lookup)
        if found is not None:
            return found, False
        obj = model(**lookup_values(model, lookup), **dict(defaults or {}))
        self.add(obj, upsert=upsert_for(model, lookup))
        await self._commit_only([obj])
        return obj, True

    async def update_or_create(
        self, model: type[T], defaults: Mapping[str, Any] | None = None, **lookup: Any
    ) -> tuple[T, bool]:
        """See ``Session.update_or_create``."""
        found = await self._find(model, lookup)
        if found is None:
            obj = model(**lookup_values(model, lookup), **dict(defaults or {}))
            self.add(obj, upsert=upsert_for(model, lookup))
            await self._commit_only([obj])
            return obj, True
        for name, value in (defaults or {}).items():
            setattr(found, name, value)
        await self._commit_only([found])
        return found, False

    async def _find(self, model: type[T], lookup: Mapping[str, Any]) -> T | None:
        filter_ = lookup_filter(model, lookup)
        meta = model._meta  # type: ignore[attr-defined]
        method = self._client.query_entries if meta.is_entry else self._client.query_records
        rows = await arun_query(
            self._client, model, filter_, lambda: method(meta.container, filter=filter_, limit=2)
        )
        return single_match(model, lookup, rows, self.load)
