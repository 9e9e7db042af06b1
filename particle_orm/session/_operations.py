"""What a commit does and what happened: operations, plans, per-operation results, errors.

Example:
    >>> from particle_orm.standard import Company
    >>> op = Operation(1, OpKind.CREATE, Company(name="Acme"), "POST",
    ...                "/v2/objects/companies/records", ("name",))
    >>> str(op)
    '#1 POST /v2/objects/companies/records  create <Company unsaved> [name]'
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from particle_orm.errors import ParticleError

__all__ = [
    "CommitError",
    "CommitResult",
    "OpKind",
    "Operation",
    "OperationResult",
    "Outcome",
    "Plan",
    "Progress",
]


class OpKind(enum.Enum):
    """What an operation does to its object.

    Example:
        >>> OpKind.ASSERT.value
        'assert'
    """

    CREATE = "create"
    """``POST`` a new record or entry."""
    ASSERT = "assert"
    """``PUT`` with a matching attribute (records) or by parent (entries): an idempotent upsert."""
    UPDATE = "update"
    """``PATCH`` (values only added) or ``PUT`` (values removed) of an existing object."""
    LINK = "link"
    """``PATCH`` of references held back to break a reference cycle between new records."""
    DELETE = "delete"
    """``DELETE`` of a record or entry."""


class Outcome(enum.Enum):
    """How one operation of a commit ended.

    Example:
        >>> Outcome.NOT_ATTEMPTED.value
        'not attempted'
    """

    APPLIED = "applied"
    FAILED = "failed"
    NOT_ATTEMPTED = "not attempted"
    AMBIGUOUS = "ambiguous"


@dataclass(eq=False)
class Operation:
    """One API call of a plan.

    ``fields`` are the Python names of the fields sent; ``depends_on`` the ids of the
    operations that must be applied first; ``layer`` is 1 + the longest dependency chain
    before it (deletes come after every other layer); ``matching_attribute`` is the slug an
    assert matches on (or that an ambiguous ``POST`` create falls back to).

    Example:
        >>> Operation(2, OpKind.DELETE, None, "DELETE", "/v2/objects/x/records/r").kind.value
        'delete'
    """

    id: int
    kind: OpKind
    obj: Any
    method: str
    path: str
    fields: tuple[str, ...] = ()
    depends_on: tuple[int, ...] = ()
    layer: int = 1
    phase: int = 0
    matching_attribute: str | None = None

    @property
    def target(self) -> str:
        """A short description of the object (``<Person record_id='...'>``)."""
        return repr(self.obj)

    def __str__(self) -> str:
        shown = f"#{self.id} {self.method} {self.path}  {self.kind.value} {self.target}"
        if self.fields:
            shown += f" [{', '.join(self.fields)}]"
        if self.depends_on:
            shown += " after " + ", ".join(f"#{d}" for d in self.depends_on)
        return shown

    def __repr__(self) -> str:
        return f"<Operation {self}>"


@dataclass(frozen=True)
class Plan:
    """The operations a commit would send, in dependency layers; ``print(plan)`` shows it.

    Example:
        >>> print(Plan(()))
        Plan: nothing to send
    """

    operations: tuple[Operation, ...]

    def __len__(self) -> int:
        return len(self.operations)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)

    def __bool__(self) -> bool:
        return bool(self.operations)

    @property
    def layers(self) -> list[list[Operation]]:
        """Operations grouped by layer: each layer only depends on earlier ones."""
        grouped: dict[int, list[Operation]] = {}
        for op in self.operations:
            grouped.setdefault(op.layer, []).append(op)
        return [grouped[k] for k in sorted(grouped)]

    def count(self, kind: OpKind | None = None) -> int:
        """How many operations (of ``kind``) the plan holds.

        Example:
            >>> Plan(()).count(OpKind.CREATE)
            0
        """
        return sum(1 for op in self.operations if kind is None or op.kind is kind)

    def __str__(self) -> str:
        if not self.operations:
            return "Plan: nothing to send"
        layers = self.layers
        calls, n_layers = len(self.operations), len(layers)
        lines = [
            f"Plan: {calls} call{'s' * (calls != 1)} in {n_layers} layer{'s' * (n_layers != 1)}"
        ]
        for number, ops in enumerate(layers, 1):
            lines.append(f"layer {number}:")
            lines.extend(f"  {op}" for op in ops)
        return "\n".join(lines)


@dataclass(frozen=True)
class OperationResult:
    """The outcome of one operation; ``error`` is the Attio error (or why it was skipped).

    Example:
        >>> r = OperationResult(Operation(1, OpKind.DELETE, None, "DELETE", "/p"), Outcome.APPLIED)
        >>> r.ok
        True
    """

    operation: Operation
    outcome: Outcome
    error: BaseException | None = None
    blocked_by: tuple[int, ...] = ()
    note: str = ""

    @property
    def ok(self) -> bool:
        """True when the operation was applied."""
        return self.outcome is Outcome.APPLIED

    @property
    def obj(self) -> Any:
        """The record or entry the operation wrote."""
        return self.operation.obj

    def __str__(self) -> str:
        text = f"{self.outcome.value}: {self.operation}"
        if self.error is not None:
            text += f" -> {type(self.error).__name__}: {self.error}"
        if self.blocked_by:
            text += " (blocked by " + ", ".join(f"#{b}" for b in self.blocked_by) + ")"
        if self.note:
            text += f" ({self.note})"
        return text


@dataclass(frozen=True)
class Progress:
    """Passed to a commit's ``progress`` callback after each operation finishes.

    Example:
        >>> Progress(3, 10, None).fraction
        0.3
    """

    done: int
    total: int
    result: OperationResult | None

    @property
    def fraction(self) -> float:
        """``done / total`` (1.0 for an empty commit)."""
        return self.done / self.total if self.total else 1.0


class _ResultsView:
    results: tuple[OperationResult, ...]

    def _with(self, outcome: Outcome) -> list[OperationResult]:
        return [r for r in self.results if r.outcome is outcome]

    @property
    def applied(self) -> list[OperationResult]:
        """Results of the operations that were applied."""
        return self._with(Outcome.APPLIED)

    @property
    def failed(self) -> list[OperationResult]:
        """Results of the operations Attio rejected (``error`` holds why)."""
        return self._with(Outcome.FAILED)

    @property
    def not_attempted(self) -> list[OperationResult]:
        """Results of the operations skipped because something they need failed."""
        return self._with(Outcome.NOT_ATTEMPTED)

    @property
    def ambiguous(self) -> list[OperationResult]:
        """Creates whose response was lost and that could not be safely re-sent."""
        return self._with(Outcome.AMBIGUOUS)


@dataclass(frozen=True)
class CommitResult(_ResultsView):
    """What a successful commit sent: one applied result per operation.

    Example:
        >>> CommitResult(Plan(()), ()).calls
        0
    """

    plan: Plan
    results: tuple[OperationResult, ...] = field(default=())

    @property
    def calls(self) -> int:
        """Operations sent (an ambiguous create re-sent as an assert counts once)."""
        return len(self.results)

    def __len__(self) -> int:
        return len(self.results)


class CommitError(_ResultsView, ParticleError):
    """Some operations of a commit failed; ``results`` says what happened to each one.

    Applied changes are recorded on their objects; failed, not attempted and ambiguous ones
    stay pending in the session (ambiguous creates are held back until
    :meth:`~particle_orm.session.Session.resolve_ambiguous`), so committing again sends only
    what is still pending.

    Example:
        >>> err = CommitError(Plan(()), [])
        >>> str(err)
        'commit incomplete: 0 applied, 0 failed, 0 not attempted, 0 ambiguous'
    """

    def __init__(self, plan: Plan, results: Sequence[OperationResult]) -> None:
        self.plan = plan
        self.results = tuple(results)
        super().__init__(plan, self.results)

    def __str__(self) -> str:
        head = (
            f"commit incomplete: {len(self.applied)} applied, {len(self.failed)} failed, "
            f"{len(self.not_attempted)} not attempted, {len(self.ambiguous)} ambiguous"
        )
        problems = [r for r in self.results if r.outcome in (Outcome.FAILED, Outcome.AMBIGUOUS)]
        shown = [f"\n  {r}" for r in problems[:5]]
        if len(problems) > 5:
            shown.append(f"\n  ... and {len(problems) - 5} more")
        return head + "".join(shown)
