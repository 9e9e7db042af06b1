"""Root of every exception particle_orm raises, and the ORM-usage errors.

Hierarchy (API and transport errors live in :mod:`particle_orm.client`)::

    ParticleError
    ├── AttioError                  (particle_orm.client: API, transport, ambiguous writes)
    ├── DeclarationError            a model/field declaration is invalid (class creation time)
    ├── InvalidValue (ValueError)   a Python value cannot be written to a field
    │   ├── ReadOnlyFieldError
    │   └── RequiredFieldError
    ├── QueryError                  a query cannot be expressed in Attio's filter grammar
    ├── UnknownAttribute (LookupError)  a field's slug/id is not in the workspace
    ├── UnknownOption (LookupError)     Attio refused a select option / status title
    ├── NotLoadedError (LookupError)    a deferred instance's field was read with no loader
    └── DecodeError (ValueError)        a raw Attio value could not be decoded

Example:
    >>> from particle_orm.errors import ParticleError, InvalidValue
    >>> issubclass(InvalidValue, ParticleError) and issubclass(InvalidValue, ValueError)
    True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = [
    "DeclarationError",
    "DecodeError",
    "InvalidValue",
    "NotLoadedError",
    "ParticleError",
    "QueryError",
    "ReadOnlyFieldError",
    "RequiredFieldError",
    "UnknownAttribute",
    "UnknownOption",
    "did_you_mean",
]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices`` to a mistyped name, or ``""``.

    Matching ignores case, so ``JobTitle`` finds ``job_title``'s neighbour ``jobtitle``
    only when nothing closer exists. Used in the messages of errors about unknown
    fields, lookups, properties and titles.

    Example:
        >>> did_you_mean("nmae", ["name", "email_addresses"])
        "; did you mean 'name'?"
        >>> did_you_mean("zzz", ["name"])
        ''
        >>> did_you_mean("Contians", ["contains", "icontains"])
        "; did you mean 'contains' or 'icontains'?"
    """
    options = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(word.lower(), list(options), n=2, cutoff=0.75)
    if not found:
        return ""
    return "; did you mean " + " or ".join(repr(options[m]) for m in found) + "?"


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

    Raised before the request is sent when the workspace schema is known (see
    ``particle_orm.query.WorkspaceSchemaCache``), or after Attio rejected the key, once
    the schema was refreshed. The structured attributes say what went wrong: ``model``,
    ``field``, ``slug`` (what the code uses), ``attribute_id`` (for id-bound fields),
    ``current_slug`` (the slug the attribute has now, when one with the same id or
    title exists), ``workspace_id`` and ``action`` (``"write"``, ``"filter"``...).

    Example:
        >>> exc = UnknownAttribute("Person.nickname: no attribute 'nickname'")
        >>> exc.args[0][:6], exc.current_slug
        ('Person', None)
        >>> exc = UnknownAttribute.for_field("Project", "code_name", "code_name",
        ...     current_slug="codename", workspace_id="w1", action="write")
        >>> "has slug 'codename' now" in str(exc), exc.field
        (True, 'code_name')
    """

    def __init__(
        self,
        message: str,
        *,
        model: str | None = None,
        field: str | None = None,
        slug: str | None = None,
        attribute_id: str | None = None,
        current_slug: str | None = None,
        workspace_id: str | None = None,
        action: str | None = None,
    ) -> None:
        super().__init__(message)
        self.model = model
        self.field = field
        self.slug = slug
        self.attribute_id = attribute_id
        self.current_slug = current_slug
        self.workspace_id = workspace_id
        self.action = action

    @classmethod
    def for_field(
        cls,
        model: str,
        field: str,
        slug: str | None,
        *,
        attribute_id: str | None = None,
        current_slug: str | None = None,
        workspace_id: str | None = None,
        action: str | None = None,
        container: str | None = None,
        note: str | None = None,
    ) -> UnknownAttribute:
        """The error for one field, with a message naming everything known."""
        where = f"workspace {workspace_id}" if workspace_id else "the workspace"
        if container:
            where += f" (object/list {container!r})"
        if attribute_id is not None:
            what = f"no attribute with id {attribute_id!r} (declared slug {slug!r})"
        else:
            what = f"no attribute with slug {slug!r}"
        message = f"{model}.{field}: {where} has {what}"
        if current_slug is not None:
            message += (
                f"; the attribute has slug {current_slug!r} now: rename the field's slug, "
                "or bind it by id (attribute_id=...) to survive renames"
            )
        if note:
            message += f" ({note})"
        return cls(
            message,
            model=model,
            field=field,
            slug=slug,
            attribute_id=attribute_id,
            current_slug=current_slug,
            workspace_id=workspace_id,
            action=action,
        )


class NotLoadedError(ParticleError, LookupError):
    """A field of a deferred instance was read and no loader could fetch it.

    Example:
        >>> str(NotLoadedError("Company(record_id='r') is not loaded"))[:7]
        'Company'
    """


class DecodeError(ParticleError, ValueError):
    """A raw Attio value could not be decoded (names model, field, slug and the value).

    Example:
        >>> isinstance(DecodeError("Person.name: bad value"), ValueError)
        True
    """


class UnknownOption(ParticleError, LookupError):
    """Attio refused a select option or status title that the attribute does not have.

    Raised (from Attio's ``value_not_found`` or ``filter_error``, kept as ``__cause__``)
    after listing the attribute's options, so the message names the model, field, title
    and the closest titles the workspace has. ``code`` and ``api_message`` are Attio's.

    Example:
        >>> e = UnknownOption("Deal", "stage", "stage", "status", ["Leed"],
        ...     ["Lead", "In Progress"], archived=[], code="value_not_found",
        ...     api_message='Cannot find status attribute with status title "Leed".')
        >>> str(e)
        "Deal.stage (slug 'stage'): no status titled 'Leed'; did you mean 'Lead'? (statuses: ...)"
        >>> e.titles, e.choices
        (['Leed'], ['Lead', 'In Progress'])
    """

    def __init__(
        self,
        model: str,
        field: str,
        slug: str,
        kind: str,
        titles: list[str],
        choices: list[str],
        *,
        archived: list[str],
        code: str | None = None,
        api_message: str = "",
    ) -> None:
        self.model = model
        self.field = field
        self.slug = slug
        self.kind = kind
        self.titles = titles
        self.choices = choices
        self.archived = archived
        self.code = code
        self.api_message = api_message
        plural = "statuses" if kind == "status" else "options"
        parts = []
        for title in titles:
            if title in archived:
                parts.append(f"the {kind} {title!r} is archived")
            else:
                parts.append(f"no {kind} titled {title!r}{did_you_mean(title, choices)}")
        shown = ", ".join(map(repr, choices)) or "none"
        super().__init__(f"{model}.{field} (slug {slug!r}): {'; '.join(parts)} ({plural}: {shown})")
