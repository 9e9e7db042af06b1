"""The unit-of-work session: fewest calls, right order, concurrent within limits.

``Session(client)`` / ``AsyncSession(client)`` keep an identity map (one instance per
composite id), track changes, and at :meth:`~Session.commit` send each change once:
creates (``POST``, or an idempotent assert), coalesced updates (``PATCH`` or ``PUT``),
list entries after their parents, deletes last; independent calls run concurrently under
the client's write budget. Failures raise :class:`CommitError` with a per-operation
outcome, and nothing applied is lost or sent twice.

Attio has no transactions: ``rollback()`` only forgets unsent changes.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Company
    >>> emu = Emulator(seed=3)
    >>> with emu.client() as client, Session(client) as session:
    ...     acme = Company(name="Acme")
    ...     session.add(acme)
    ...     _ = session.commit()
    ...     acme.name = "Acme Inc"
    ...     acme.description = "Rockets"
    ...     print(session.plan())
    Plan: 1 call in 1 layer
    layer 1:
      #1 PATCH /v2/objects/companies/records/...  update <Company ...> [name, description]
"""

from __future__ import annotations

from particle_orm.session import _bulk  # noqa: F401  (registers QuerySet.update/delete)
from particle_orm.session._async import AsyncSession
from particle_orm.session._errors import SessionUsageError
from particle_orm.session._identity import IdentityMap
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
from particle_orm.session._planner import UpsertSpec
from particle_orm.session._sync import Session

__all__ = [
    "AsyncSession",
    "CommitError",
    "CommitResult",
    "IdentityMap",
    "OpKind",
    "Operation",
    "OperationResult",
    "Outcome",
    "Plan",
    "Progress",
    "Session",
    "SessionUsageError",
    "UpsertSpec",
]
