"""Plans, results and CommitError: what users print and inspect."""

from __future__ import annotations

from particle_orm.client import ValueNotFoundError
from particle_orm.session import (
    CommitError,
    CommitResult,
    Operation,
    OperationResult,
    OpKind,
    Outcome,
    Plan,
    Progress,
)
from particle_orm.standard import Company


def _op(n: int, kind: OpKind = OpKind.CREATE, deps: tuple[int, ...] = ()) -> Operation:
    return Operation(
        n, kind, Company(name=f"C{n}"), "POST", "/v2/objects/companies/records", ("name",), deps
    )


def test_commit_error_counts_and_names_failures() -> None:
    error = ValueNotFoundError(
        "POST",
        "/v2/objects/companies/records",
        400,
        code="value_not_found",
        message="Record not found",
    )
    results = [
        OperationResult(_op(1), Outcome.APPLIED),
        OperationResult(_op(2), Outcome.FAILED, error),
        OperationResult(_op(3, deps=(2,)), Outcome.NOT_ATTEMPTED, blocked_by=(2,)),
    ]
    err = CommitError(Plan(tuple(r.operation for r in results)), results)
    assert [len(err.applied), len(err.failed), len(err.not_attempted), len(err.ambiguous)] == [
        1,
        1,
        1,
        0,
    ]
    text = str(err)
    assert text.startswith("commit incomplete: 1 applied, 1 failed, 1 not attempted")
    assert "failed: #2 POST" in text and "value_not_found" in text
    assert "blocked by #2" in str(results[2])


def test_commit_error_truncates_long_failure_lists() -> None:
    results = [OperationResult(_op(i), Outcome.FAILED, ValueError("bad")) for i in range(1, 9)]
    text = str(CommitError(Plan(tuple(r.operation for r in results)), results))
    assert "... and 3 more" in text


def test_token_never_in_reprs() -> None:
    result = CommitResult(Plan((_op(1),)), (OperationResult(_op(1), Outcome.APPLIED),))
    assert result.calls == 1 and len(result.applied) == 1
    assert "Bearer" not in repr(result)


def test_plan_layers_and_counts() -> None:
    a, b = _op(1), _op(2, OpKind.LINK, (1,))
    b.layer = 2
    plan = Plan((a, b))
    assert plan.layers == [[a], [b]] and plan.count(OpKind.LINK) == 1 and bool(plan)
    assert "layer 2:\n  #2 POST" in str(plan)


def test_progress_fraction() -> None:
    assert Progress(0, 0, None).fraction == 1.0
    assert Progress(1, 4, None).fraction == 0.25
