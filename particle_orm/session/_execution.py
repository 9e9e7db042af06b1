"""Running a plan: everything the sync and async executors share.

A :class:`CommitRun` hands out operations whose dependencies are applied (and whose
phase is open), turns each into a client call, and records what came back: it refreshes
objects from responses, marks dependents of failures as not attempted, and builds the
final :class:`CommitResult` or :class:`CommitError`. It runs on one thread (the
coordinator); only the client calls run on workers, so objects are never touched
concurrently. The executors differ only in how they wait for calls.

Example:
    >>> from particle_orm.session._operations import Plan
    >>> run = CommitRun(None, Plan(()), progress=None)  # type: ignore[arg-type]
    >>> run.take_ready(10), run.finished
    ([], True)
"""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from particle_orm.client import AmbiguousWriteError, MalformedResponseError
from particle_orm.client._shapes import item_problem
from particle_orm.session._operations import (
    CommitError,
    CommitResult,
    Operation,
    OperationResult,
    OpKind,
    Outcome,
    Plan,
    Progress,
)

if TYPE_CHECKING:
    from particle_orm.session._base import SessionBase

__all__ = ["Attempt", "Call", "CommitRun", "Prepared", "default_workers"]

ProgressCallback = Callable[[Progress], object]


def default_workers(client: Any) -> int:
    """Concurrent calls needed to keep the client's write budget busy.

    The governor paces writes, so extra workers only wait for their slot; enough of them
    must be in flight to cover a round trip: 0.4 s of the budget (Attio writes often take
    a few hundred ms), bounded to 4..16. More threads buy nothing once the budget is
    covered and add scheduling jitter, which draws 429s from a sliding-window limiter.

    Example:
        >>> class C:
        ...     class rate_limits:
        ...         writes_per_second = 25.0
        >>> default_workers(C())
        10
    """
    limits = getattr(client, "rate_limits", None)
    rate = getattr(limits, "writes_per_second", None)
    if not rate:
        return 16
    return max(4, min(16, math.ceil(float(rate) * 0.4)))


class Call(NamedTuple):
    """A client method name, its positional arguments and keyword arguments."""

    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...] = ()

    def send(self, client: Any) -> Any:
        """Call the method on ``client`` (the result is awaitable for an async client)."""
        return getattr(client, self.name)(*self.args, **dict(self.kwargs))


@dataclass(frozen=True)
class Prepared:
    """An operation ready to send.

    ``fallback`` is the assert sent if a ``POST`` create is lost. ``reread`` is the
    ``GET`` that settles a ``PATCH`` which appends values when its outcome is unknown:
    such a PATCH is sent with ``idempotent=False`` (the client never repeats it blindly,
    since a repeat could append the values twice), and the session re-reads the record
    to see whether the values are there before sending it again.
    """

    op: Operation
    call: Call
    fallback: Call | None = None
    reread: Call | None = None


@dataclass(frozen=True)
class Attempt:
    """What sending a prepared operation gave: response data or the error."""

    data: Any = None
    error: BaseException | None = None
    note: str = ""

    @property
    def ambiguous(self) -> bool:
        """The write may or may not have happened and was not re-sent."""
        return isinstance(self.error, AmbiguousWriteError)


RESENT_NOTE = "response lost; re-sent as an assert"
APPEND_APPLIED_NOTE = "outcome unknown; re-read: the appended values are there"
APPEND_RESENT_NOTE = "outcome unknown; re-read: not applied, so sent again"


def appended(op: Operation) -> list[tuple[Any, list[Any]]]:
    """The ``many`` fields a PATCH appends to, with the values it appends."""
    if op.kind is not OpKind.UPDATE or op.method != "PATCH":
        return []
    obj = op.obj
    fields = obj._meta.fields
    out = []
    for name in op.fields:
        added = obj._changed.get(name)
        if fields[name].many and isinstance(added, list) and added:
            out.append((fields[name], added))
    return out


def appended_present(op: Operation, data: Any) -> bool:
    """Whether a re-read record/entry holds every value ``op`` appends (then it applied)."""
    obj = op.obj
    key = "entry_values" if obj._meta.is_entry else "values"
    values = data.get(key) if isinstance(data, dict) else None
    if not isinstance(values, Mapping):
        return False
    for field, added in appended(op):
        raw = values.get(field.key) or values.get(field.slug) or []
        try:
            current = field.encode(field.decode_for(obj, raw))
            wanted = field.encode(added)
        except (TypeError, ValueError, KeyError, AttributeError):
            return False
        have = {json.dumps(item, sort_keys=True, default=str) for item in current}
        if any(json.dumps(item, sort_keys=True, default=str) not in have for item in wanted):
            return False
    return True


def _values(obj: Any, op: Operation, *, append: bool) -> dict[str, Any]:
    if not op.fields:
        return {}
    values: dict[str, Any] = obj.to_api_values(op.fields, append=append)
    return values


def prepare(op: Operation) -> Prepared:
    """The client call for ``op`` (values encoded now: referenced records have ids)."""
    obj = op.obj
    meta = obj._meta
    container = meta.container
    kind = op.kind
    if kind is OpKind.DELETE:
        name = "delete_entry" if meta.is_entry else "delete_record"
        return Prepared(op, Call(name, (container, obj._id[2])))
    if meta.is_entry:
        if kind in (OpKind.CREATE, OpKind.ASSERT):
            parent_id = obj.parent_record_id
            if parent_id is None:
                raise ValueError(f"{obj!r}: its parent record has no id")
            name = "assert_entry" if kind is OpKind.ASSERT else "create_entry"
            values = _values(obj, op, append=False)
            return Prepared(op, Call(name, (container, obj.parent_object, parent_id, values)))
        name = "patch_entry" if op.method == "PATCH" else "put_entry"
        values = _values(obj, op, append=op.method == "PATCH")
        call = Call(name, (container, obj._id[2], values))
        if appended(op):
            return Prepared(op, call._replace(kwargs=(("idempotent", False),)), reread=_reread(obj))
        return Prepared(op, call)
    if kind is OpKind.CREATE:
        values = _values(obj, op, append=False)
        fallback = None
        if op.matching_attribute is not None:
            fallback = Call("assert_record", (container, op.matching_attribute, values))
        return Prepared(op, Call("create_record", (container, values)), fallback)
    if kind is OpKind.ASSERT:
        values = _values(obj, op, append=False)
        return Prepared(op, Call("assert_record", (container, op.matching_attribute, values)))
    # UPDATE and LINK: a LINK follows a create without those fields, so it sends them whole.
    append = kind is OpKind.UPDATE and op.method == "PATCH"
    name = "patch_record" if op.method == "PATCH" else "put_record"
    call = Call(name, (container, obj._id[2], _values(obj, op, append=append)))
    if appended(op):
        return Prepared(op, call._replace(kwargs=(("idempotent", False),)), reread=_reread(obj))
    return Prepared(op, call)


def _reread(obj: Any) -> Call:
    meta = obj._meta
    name = "get_entry" if meta.is_entry else "get_record"
    return Call(name, (meta.container, obj._id[2]))


def _malformed(op: Operation, problem: str, cause: BaseException | None = None) -> Exception:
    error = MalformedResponseError(op.method, op.path, 200, problem)
    error.__cause__ = cause
    return error


def _unreadable(op: Operation, data: Any) -> Exception | None:
    """A typed error when a write's 2xx response is not the record or entry it promises."""
    if op.kind is OpKind.DELETE:
        return None
    problem = item_problem("entry" if op.obj._meta.is_entry else "record", data)
    return None if problem is None else _malformed(op, problem)


class CommitRun:
    """The state of one commit: what is ready, running, applied, failed or skipped."""

    def __init__(
        self, session: SessionBase, plan: Plan, *, progress: ProgressCallback | None
    ) -> None:
        self.session = session
        self.plan = plan
        self.progress = progress
        self.results: dict[int, OperationResult] = {}
        self._ops = {op.id: op for op in plan.operations}
        self._waiting = {op.id: set(op.depends_on) for op in plan.operations}
        self._dependents: dict[int, list[int]] = {}
        for op in plan.operations:
            for dep in op.depends_on:
                self._dependents.setdefault(dep, []).append(op.id)
        self._unfinished_in_phase: dict[int, int] = {}
        for op in plan.operations:
            self._unfinished_in_phase[op.phase] = self._unfinished_in_phase.get(op.phase, 0) + 1
        self._ready: deque[int] = deque()
        self._held: dict[int, list[int]] = {}  # phase -> ops whose deps are met
        for op in plan.operations:
            if not op.depends_on:
                self._release(op.id)
        self.running = 0

    # -- scheduling ----------------------------------------------------------------------

    def _phase_open(self, phase: int) -> bool:
        return all(n == 0 for p, n in self._unfinished_in_phase.items() if p < phase)

    def _release(self, op_id: int) -> None:
        phase = self._ops[op_id].phase
        if self._phase_open(phase):
            self._ready.append(op_id)
        else:
            self._held.setdefault(phase, []).append(op_id)

    def _open_phases(self) -> None:
        for phase in sorted(self._held):
            if self._phase_open(phase):
                self._ready.extend(self._held.pop(phase))

    @property
    def finished(self) -> bool:
        """Every operation has a result."""
        return len(self.results) == len(self._ops)

    def take_ready(self, limit: int) -> list[Prepared]:
        """Up to ``limit`` operations to send now (encoding failures are recorded, not sent)."""
        out: list[Prepared] = []
        while self._ready and len(out) < limit:
            op = self._ops[self._ready.popleft()]
            try:
                out.append(prepare(op))
            except Exception as exc:  # an unencodable value: fail this op, keep going
                self._record(OperationResult(op, Outcome.FAILED, exc))
        self.running += len(out)
        return out

    # -- results -------------------------------------------------------------------------

    def finish(self, prep: Prepared, attempt: Attempt) -> None:
        """Record the outcome of a sent operation and release what it unblocks."""
        self.running -= 1
        op = prep.op
        if attempt.error is None:
            error = _unreadable(op, attempt.data)
            if error is None:
                try:
                    self.session._applied(op, attempt.data)
                except Exception as exc:
                    error = _malformed(op, f"cannot apply the response: {exc}", exc)
            if error is None:
                self._record(OperationResult(op, Outcome.APPLIED, note=attempt.note))
            elif op.kind is OpKind.CREATE and op.obj._id is None:
                # Created, but we cannot tell which record it is: never re-send it blindly.
                self.session._ambiguous_create(op)
                self._record(OperationResult(op, Outcome.AMBIGUOUS, error))
            elif op.kind is OpKind.ASSERT and op.obj._id is None:
                # An assert is idempotent: it stays pending and the next commit re-sends it.
                self._record(OperationResult(op, Outcome.FAILED, error))
            else:  # a response we cannot apply still means "sent"
                if op.kind in (OpKind.CREATE, OpKind.ASSERT):
                    # It has its id: it must not stay pending as new (a second create).
                    self.session._forget(op.obj)
                    self.session.identity_map.add(op.obj)
                self._record(OperationResult(op, Outcome.APPLIED, error, note="refresh failed"))
            return
        if attempt.ambiguous and op.kind is OpKind.CREATE:
            self.session._ambiguous_create(op)
            self._record(OperationResult(op, Outcome.AMBIGUOUS, attempt.error))
        else:
            self._record(OperationResult(op, Outcome.FAILED, attempt.error, note=attempt.note))

    def _record(self, result: OperationResult) -> None:
        op = result.operation
        self.results[op.id] = result
        self._unfinished_in_phase[op.phase] -= 1
        if self.progress is not None:
            self.progress(Progress(len(self.results), len(self._ops), result))
        if result.outcome is Outcome.APPLIED:
            for dep_id in self._dependents.get(op.id, ()):
                waiting = self._waiting[dep_id]
                waiting.discard(op.id)
                if not waiting and dep_id not in self.results:
                    self._release(dep_id)
        else:
            root = result.blocked_by or (op.id,)
            for dep_id in self._dependents.get(op.id, ()):
                if dep_id not in self.results:
                    skipped = self._ops[dep_id]
                    self._record(OperationResult(skipped, Outcome.NOT_ATTEMPTED, blocked_by=root))
        self._open_phases()

    def outcome(self) -> CommitResult:
        """The result of a complete run; raises :class:`CommitError` if anything is off."""
        ordered = [
            self.results.get(op.id) or OperationResult(op, Outcome.NOT_ATTEMPTED, note="not run")
            for op in self.plan.operations
        ]
        if all(r.outcome is Outcome.APPLIED for r in ordered):
            return CommitResult(self.plan, tuple(ordered))
        raise CommitError(self.plan, ordered)
