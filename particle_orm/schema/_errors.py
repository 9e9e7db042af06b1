"""Exceptions of the schema tooling (introspection, diff, sync).

Hierarchy::

    ParticleError
    └── SchemaError
        ├── UnknownSchemaEntity (LookupError)   an object or list asked for by name is absent
        ├── SchemaMismatch                      SchemaDiff.raise_for_issues(): models disagree
        └── SyncError                           an action of sync_models() failed

Example:
    >>> from particle_orm.errors import ParticleError
    >>> issubclass(SyncError, ParticleError)
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from particle_orm.errors import ParticleError

if TYPE_CHECKING:
    from particle_orm.schema._diff import SchemaDiff

__all__ = ["SchemaError", "SchemaMismatch", "SyncError", "UnknownSchemaEntity"]


class SchemaError(ParticleError):
    """Base class of the schema tooling's errors.

    Example:
        >>> str(SchemaError("boom"))
        'boom'
    """


class UnknownSchemaEntity(SchemaError, LookupError):
    """An object or list named explicitly (``introspect(objects=[...])``) does not exist.

    Example:
        >>> str(UnknownSchemaEntity("objects", "projcts", ["people", "projects"]))
        "no object 'projcts' in the workspace (objects: people, projects)"
    """

    def __init__(self, target: str, key: str, known: list[str]) -> None:
        self.target = target
        self.key = key
        self.known = known
        noun = "object" if target == "objects" else "list"
        shown = ", ".join(known) if known else "none"
        super().__init__(f"no {noun} {key!r} in the workspace ({target}: {shown})")


class SchemaMismatch(SchemaError):
    """Declared models disagree with the workspace (raised by ``raise_for_issues``).

    ``diff`` holds the full :class:`~particle_orm.schema.SchemaDiff`.

    Example:
        >>> from particle_orm.schema import SchemaDiff
        >>> SchemaMismatch(SchemaDiff(()), "1 error").diff.issues
        ()
    """

    def __init__(self, diff: SchemaDiff, message: str) -> None:
        self.diff = diff
        super().__init__(message)


class SyncError(SchemaError):
    """An action of ``sync_models`` failed; ``result`` lists what was done before it.

    ``action`` is the failed action and ``__cause__`` the client error.

    Example:
        >>> err = SyncError("create_attribute failed", result=None, action=None)
        >>> err.result is None
        True
    """

    def __init__(self, message: str, *, result: Any, action: Any) -> None:
        self.result = result
        self.action = action
        super().__init__(message)
