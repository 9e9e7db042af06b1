"""Exit codes, and turning expected failures into one-line messages.

A script can rely on the exit code alone: ``0`` success (or a clean diff), ``1``
differences found, ``2`` an error. Expected failures (no token, an unreachable server,
an API error, a bad module path) print one line on stderr, never a traceback; anything
else is a bug and keeps its traceback.

Example:
    >>> int(ExitCode.DIFFERENCES)
    1
    >>> str(CLIError("no such file: models.py"))
    'no such file: models.py'
"""

from __future__ import annotations

import enum

from particle_orm.client import (
    AmbiguousWriteError,
    APIError,
    AttioError,
    AuthenticationError,
    ConfigurationError,
    PermissionDeniedError,
    TransportError,
)
from particle_orm.errors import ParticleError

__all__ = ["CLIError", "ExitCode", "describe_error"]


class ExitCode(enum.IntEnum):
    """The exit codes of ``particle-orm``.

    Example:
        >>> ExitCode.ERROR.value
        2
    """

    #: Success; for ``schema diff``: the models match the workspace.
    OK = 0
    #: ``schema diff`` found differences; ``schema sync --dry-run`` has actions to take;
    #: ``schema sync`` left issues it cannot fix.
    DIFFERENCES = 1
    #: A usage, configuration, connection or API error (a one-line message on stderr).
    ERROR = 2
    #: Interrupted (Ctrl-C), as shells report SIGINT.
    INTERRUPTED = 130


class CLIError(Exception):
    """An expected failure: printed as ``particle-orm: error: <message>``, then exit ``code``.

    Example:
        >>> CLIError("boom").code is ExitCode.ERROR
        True
    """

    def __init__(self, message: str, code: ExitCode = ExitCode.ERROR) -> None:
        self.code = code
        super().__init__(message)


def describe_error(exc: BaseException, base_url: str | None = None) -> str | None:
    """The one-line message for an expected failure, or ``None`` for a bug.

    The client's exceptions never carry the token, so their text is safe to print.

    Example:
        >>> from particle_orm.client import ConnectionFailedError
        >>> describe_error(ConnectionFailedError("GET", "/v2/self", "refused"),
        ...                "http://127.0.0.1:9")
        'cannot reach http://127.0.0.1:9: GET /v2/self: refused'
        >>> describe_error(KeyError("bug")) is None
        True
    """
    where = base_url or "the Attio API"
    if isinstance(exc, CLIError):
        return str(exc)
    if isinstance(exc, ConfigurationError):
        return str(exc)
    if isinstance(exc, TransportError):
        return f"cannot reach {where}: {exc}"
    if isinstance(exc, AuthenticationError):
        return f"{where} rejected the API token: {exc}"
    if isinstance(exc, PermissionDeniedError):
        return f"the API token lacks a scope: {exc}"
    if isinstance(exc, (APIError, AmbiguousWriteError, AttioError)):
        return str(exc)
    if isinstance(exc, ParticleError):
        # Schema, session and declaration errors explain themselves (a commit error lists
        # each failed operation on its own line, which is worth keeping).
        return str(exc) or type(exc).__name__
    return None
