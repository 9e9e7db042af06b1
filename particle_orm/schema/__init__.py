"""Schema tooling: introspection, code generation, diff/check and sync.

* :func:`introspect` reads a workspace into a :class:`WorkspaceSchema` snapshot.
* :func:`generate_source` / :func:`inspect_to_source` write a module of typed models
  (``particle-orm inspect``).
* :func:`diff_models`, :func:`check_model` (``Model.check``) and :func:`check_models`
  compare declared models with a workspace and return a :class:`SchemaDiff`
  (``particle-orm schema diff``).
* :func:`sync_models` creates what is missing, never destructively unless asked
  (``particle-orm schema sync``).

Every function taking a client has an async twin (``aintrospect``, ``adiff_models``,
``async_sync_models``...) sharing the same sans-IO steps.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.schema import check_model, introspect
    >>> from particle_orm.standard import Deal
    >>> client = Emulator(seed=1).client()
    >>> [o.slug for o in introspect(client, lists=[]).objects]
    ['people', 'companies', 'deals', 'users', 'workspaces']
    >>> check_model(Deal, client).is_clean
    True
"""

from __future__ import annotations

from particle_orm.schema._codegen import ainspect_to_source, generate_source, inspect_to_source
from particle_orm.schema._diff import (
    IssueKind,
    SchemaDiff,
    SchemaIssue,
    Severity,
    acheck_model,
    acheck_models,
    adiff_models,
    check_model,
    check_models,
    diff_models,
    diff_schema,
    registered_models,
)
from particle_orm.schema._errors import SchemaError, SchemaMismatch, SyncError, UnknownSchemaEntity
from particle_orm.schema._introspect import (
    AttributeInfo,
    ListInfo,
    ObjectInfo,
    OptionInfo,
    StatusInfo,
    WorkspaceSchema,
    aintrospect,
    introspect,
)
from particle_orm.schema._sync import (
    ActionKind,
    SyncAction,
    SyncResult,
    async_sync_models,
    sync_models,
)

__all__ = [
    "ActionKind",
    "AttributeInfo",
    "IssueKind",
    "ListInfo",
    "ObjectInfo",
    "OptionInfo",
    "SchemaDiff",
    "SchemaError",
    "SchemaIssue",
    "SchemaMismatch",
    "Severity",
    "StatusInfo",
    "SyncAction",
    "SyncError",
    "SyncResult",
    "UnknownSchemaEntity",
    "WorkspaceSchema",
    "acheck_model",
    "acheck_models",
    "adiff_models",
    "ainspect_to_source",
    "aintrospect",
    "async_sync_models",
    "check_model",
    "check_models",
    "diff_models",
    "diff_schema",
    "generate_source",
    "inspect_to_source",
    "introspect",
    "registered_models",
    "sync_models",
]
