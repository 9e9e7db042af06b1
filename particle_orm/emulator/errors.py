"""Attio-shaped error bodies (FACTS.md §9).

Every failure inside the emulator is raised as :class:`AttioError` and turned into the flat
``{status_code, type, code, message}`` body Attio sends, plus optional extras such as
``validation_errors`` or ``path``.

Example:
    >>> err = not_found("Record", "0000")
    >>> err.status, err.body()["code"]
    (404, 'not_found')
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AttioError",
    "auth_error",
    "invalid_value",
    "missing_scope",
    "not_found",
    "not_implemented",
    "unknown_endpoint",
    "validation_error",
    "value_not_found",
]


class AttioError(Exception):
    """An error the emulator answers with an Attio-shaped JSON body.

    Example:
        >>> AttioError(409, "slug_conflict", "Slug taken.").body()["status_code"]
        409
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        type: str = "invalid_request_error",
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.type = type
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body Attio would send for this error."""
        out: dict[str, Any] = {
            "status_code": self.status,
            "type": self.type,
            "code": self.code,
            "message": self.message,
        }
        out.update(self.extra)
        return out


def not_found(kind: str, ident: str) -> AttioError:
    """404 for an unknown entity, e.g. ``Record with ID "…" not found.``"""
    return AttioError(404, "not_found", f'{kind} with ID "{ident}" not found.')


def unknown_endpoint(method: str, path: str) -> AttioError:
    """404 for a route Attio does not have."""
    return AttioError(404, "not_found", f'Could not find endpoint "{method} {path}".')


def not_implemented(method: str, path: str) -> AttioError:
    """A real Attio endpoint that the emulator does not implement (501, Attio-shaped)."""
    return AttioError(
        501,
        "not_implemented",
        f'The Attio emulator does not implement endpoint "{method} {path}".',
        type="api_error",
    )


def value_not_found(message: str) -> AttioError:
    """400 ``value_not_found`` (unknown option/status title, member, parent record…)."""
    return AttioError(400, "value_not_found", message)


def validation_error(
    message: str = "Body payload validation error.",
    errors: list[dict[str, Any]] | None = None,
) -> AttioError:
    """400 ``validation_type`` with optional ``validation_errors``."""
    extra = {"validation_errors": errors} if errors is not None else None
    return AttioError(400, "validation_type", message, extra=extra)


def invalid_value(slug: str, problem: str, path: list[str | int] | None = None) -> AttioError:
    """400 for a bad attribute value; ``path`` is relative to the value, like Attio's."""
    return validation_error(
        f'An invalid value was passed to attribute with slug "{slug}".',
        [{"code": "invalid_type", "path": path or [], "message": problem}],
    )


def auth_error(message: str) -> AttioError:
    """401 ``auth_error``/``unauthorized``."""
    return AttioError(401, "unauthorized", message, type="auth_error")


_SCOPE_TITLES = {
    "record_permission": "Records",
    "object_configuration": "Object Configuration",
    "list_entry": "List Entries",
    "list_configuration": "List Configuration",
    "user_management": "User Management",
    "note": "Notes",
    "task": "Tasks",
    "webhook": "Webhooks",
    "comment": "Comments",
}


def missing_scope(scope: str) -> AttioError:
    """403 naming the scope the token lacks (``record_permission:read-write`` etc.)."""
    area, _, level = scope.partition(":")
    access = "Read-Write" if level == "read-write" else "Read"
    title = _SCOPE_TITLES.get(area, area)
    return AttioError(
        403,
        "unauthorized",
        "The API Key provided is not authorized to perform the requested action. "
        f"This request requires scopes: {access} access to the {title} scope ({scope}).",
        type="auth_error",
    )
