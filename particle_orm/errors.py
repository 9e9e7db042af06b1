"""Root of every exception particle_orm raises, and the ORM-usage errors.

Hierarchy (API and transport errors live in :mod:`particle_orm.client`)::

    ParticleError
    ├── AttioError                  (particle_orm.client: API, transport, ambiguous writes)
    ├── DeclarationError            a model/field declaration is invalid (class creation time)
    ├── InvalidValue (ValueError)   a Python value cannot be written to a field
    │   ├── ReadOnlyFieldError
    │   └── RequiredFieldError
    ├── QueryError                  a query cannot be expressed in Attio's filter grammar
    └── UnknownAttribute            a field's slug/id is not in the workspace

Example:
    >>> from particle_orm.errors import ParticleError, InvalidValue
    >>> issubclass(InvalidValue, ParticleError) and issubclass(InvalidValue, ValueError)
    True
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DeclarationError",
    "InvalidValue",
    "ParticleError",
    "QueryError",
    "ReadOnlyFieldError",
    "RequiredFieldError",
    "UnknownAttribute",
]


class ParticleError(Exception):
    """Base class of every exception raised by particle_orm.

    Example:
        >>> try:
        ...     raise ParticleError("boom")
        ... except ParticleError as exc:
        ...     str(exc)
        'boom'
    """


class DeclarationError(ParticleError, TypeError):
    """A model or field declaration is invalid; raised when the class is created.

    Example:
        >>> DeclarationError("Person.email: duplicate slug 'email'").args[0]
        "Person.email: duplicate slug 'email'"
    """


class InvalidValue(ParticleError, ValueError):
    """A value cannot be written to a field.

    Carries the model name, the field name, the slug, the offending value and what was
    expected, and says all of it in one line.

    Example:
        >>> str(InvalidValue("Person", "rating", "rating", 7, "an int from 0 to 5"))
        'Person.rating (slug "rating"): got 7 (int); expected an int from 0 to 5'
    """

    def __init__(self, model: str, field: str, slug: str | None, value: Any, expected: str) -> None:
        self.model = model
        self.field = field
        self.slug = slug
        self.value = value
        self.expected = expected
        where = f"{model}.{field}" + (f' (slug "{slug}")' if slug else "")
        shown = repr(value)
        if len(shown) > 120:
            shown = shown[:117] + "..."
        super().__init__(f"{where}: got {shown} ({type(value).__name__}); expected {expected}")


class ReadOnlyFieldError(InvalidValue):
    """A read-only (system or enriched) field was written.

    Example:
        >>> str(ReadOnlyFieldError("Person", "created_at", "created_at", None, "no write"))[:30]
        'Person.created_at (slug "creat'
    """


class RequiredFieldError(InvalidValue):
    """A required field has no value on create.

    Example:
        >>> isinstance(RequiredFieldError("Deal", "name", "name", None, "a str"), InvalidValue)
        True
    """


class QueryError(ParticleError, ValueError):
    """A filter, lookup or ordering cannot be compiled to Attio's grammar.

    Example:
        >>> str(QueryError("Person.name: lookup 'gt' is not supported"))
        "Person.name: lookup 'gt' is not supported"
    """


class UnknownAttribute(ParticleError, LookupError):
    """A field's attribute slug or id does not exist in the workspace.

    Example:
        >>> UnknownAttribute("Person.nickname: no attribute 'nickname'").args[0][:6]
        'Person'
    """
