"""Exceptions raised by the contract checker.

``ContractViolation`` subclasses ``AssertionError`` so that pytest prints it as a failed
assertion, with every offending JSON pointer listed, wherever a test trips over it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ContractViolation", "SchemaError", "SpecUnavailable"]

# Long instance dumps (a whole record in a oneOf message) drown the useful part.
_MAX_MESSAGE = 300
_MAX_LISTED = 20


class SpecUnavailable(FileNotFoundError):
    """The OpenAPI document is not where the contract checker looked for it.

    >>> raise SpecUnavailable("/nowhere/openapi.json")
    Traceback (most recent call last):
    ...
    tests.contract._errors.SpecUnavailable: /nowhere/openapi.json
    """


@dataclass(frozen=True)
class SchemaError:
    """One schema failure: where in the body (a JSON pointer) and what was wrong.

    >>> SchemaError("/data/0/id", "'x' is not of type 'object'", "/properties/id/type").pointer
    '/data/0/id'
    """

    pointer: str
    message: str
    schema_path: str = ""

    def __str__(self) -> str:
        shown = self.message
        if len(shown) > _MAX_MESSAGE:
            shown = shown[: _MAX_MESSAGE - 3] + "..."
        where = self.pointer if self.pointer else "(body root)"
        text = f"at {where}: {shown}"
        if self.schema_path:
            text += f"  [schema {self.schema_path}]"
        return text


class ContractViolation(AssertionError):
    """A request or response body that the (patched) Attio spec does not allow.

    ``errors`` lists each failure with its JSON pointer; ``operation`` is the spec's path
    template (``None`` when no documented operation matched).

    >>> v = ContractViolation("response", "GET", "/v2/self", 200, None, [SchemaError("", "bad")])
    >>> v.direction, v.status, len(v.errors)
    ('response', 200, 1)
    """

    def __init__(
        self,
        direction: str,
        method: str,
        path: str,
        status: int | None,
        operation: str | None,
        errors: list[SchemaError],
        *,
        summary: str = "",
    ) -> None:
        self.direction = direction
        self.method = method.upper()
        self.path = path
        self.status = status
        self.operation = operation
        self.errors = tuple(errors)
        self.summary = summary
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.method} {self.path}"
        if self.status is not None:
            head += f" -> {self.status}"
        what = self.summary or f"{self.direction} body violates the Attio spec"
        where = f" (operation {self.method} {self.operation})" if self.operation else ""
        lines = [f"{head}: {what}{where}"]
        lines.extend(f"  {error}" for error in self.errors[:_MAX_LISTED])
        if len(self.errors) > _MAX_LISTED:
            lines.append(f"  ... and {len(self.errors) - _MAX_LISTED} more")
        return "\n".join(lines)
