"""Explaining Attio's refusal of a select option or status title (``UnknownOption``).

Attio answers an unknown title with a bare 400 (``value_not_found`` on writes,
``filter_error`` on queries). Only on that failure path, the ORM lists the options or
statuses of the select/status fields involved (one request each) and, when a title is
indeed missing, raises :class:`~particle_orm.errors.UnknownOption` naming the model,
field and title with the closest titles the workspace has. Nothing is listed when a
request succeeds, so the happy path costs nothing.

Example:
    >>> from particle_orm.standard import Deal
    >>> titles_in_filter(Deal._meta.fields["stage"], {"$or": [{"stage": "Lead"},
    ...     {"stage": {"status": {"$eq": "Won"}}}]})
    ['Lead', 'Won']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from particle_orm.errors import UnknownOption
from particle_orm.fields import Field, Select, Status

__all__ = [
    "aexplain_unknown_titles",
    "explain_unknown_titles",
    "title_fields",
    "titles_in_filter",
    "titles_written",
]

#: Filter keys under an attribute that hold titles (the shorthand, and the operators a
#: title can take); other properties (``active_from`` of a status) hold no titles.
_TITLE_KEYS = frozenset({"$eq", "$in", "$not", "status", "option", "title"})


def title_fields(fields: Iterable[Field[Any]]) -> list[Field[Any]]:
    """The select and status fields among ``fields``."""
    return [f for f in fields if isinstance(f, (Select, Status))]


def titles_in_filter(field: Field[Any], filter: Any) -> list[str]:
    """Every title a filter compares ``field`` with (walking ``$and``/``$or``/``$not``)."""
    out: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for key, sub in value.items():
                if key in _TITLE_KEYS:
                    collect(sub)

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == field.key:
                    collect(value)
                elif key in ("$and", "$or", "$not"):
                    walk(value)

    walk(filter)
    return out


def titles_written(obj: Any, field: Field[Any]) -> list[str]:
    """The titles an instance is about to write for ``field`` (its pending value)."""
    value = obj._cache.get(field.name)
    values = value if isinstance(value, list) else [value]
    titles = []
    for v in values:
        if v is None:
            continue
        try:
            titles.append(field._title_of(v))  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            continue
    return titles


def _request(model: type[Any], field: Field[Any]) -> tuple[str, tuple[str, str, str]]:
    meta = model._meta
    target = "lists" if meta.is_entry else "objects"
    method = "list_statuses" if isinstance(field, Status) else "list_select_options"
    return method, (target, str(meta.container), str(field.key))


def _explain(
    model: type[Any],
    wanted: list[tuple[Field[Any], list[str]]],
    listed: list[list[dict[str, Any]]],
    exc: Any,
) -> UnknownOption | None:
    for (field, titles), items in zip(wanted, listed):
        items = [i for i in items if isinstance(i, dict) and isinstance(i.get("title"), str)]
        active = [i["title"] for i in items if not i.get("is_archived")]
        archived = [i["title"] for i in items if i.get("is_archived")]
        # Filters and writes may name an option or status by its id instead of its title.
        ids = {v for i in items for v in (i.get("id") or {}).values() if isinstance(v, str)}
        missing = [t for t in dict.fromkeys(titles) if t not in active and t not in ids]
        if missing:
            return UnknownOption(
                model.__name__,
                str(field.name),
                str(field.slug or field.key),
                "status" if isinstance(field, Status) else "option",
                missing,
                active,
                archived=archived,
                code=getattr(exc, "code", None),
                api_message=getattr(exc, "message", "") or "",
            )
    return None


def explain_unknown_titles(
    client: Any, model: type[Any], wanted: list[tuple[Field[Any], list[str]]], exc: Any
) -> UnknownOption | None:
    """List the options of each field in ``wanted`` (field, titles used); the error or None.

    Listing failures leave Attio's own error to stand (``None``).
    """
    wanted = [(f, t) for f, t in wanted if t]
    listed = []
    try:
        for field, _titles in wanted:
            method, args = _request(model, field)
            listed.append(getattr(client, method)(*args, show_archived=True))
    except Exception:  # the explanation is a courtesy: never hide the original error
        return None
    return _explain(model, wanted, listed, exc)


async def aexplain_unknown_titles(
    client: Any, model: type[Any], wanted: list[tuple[Field[Any], list[str]]], exc: Any
) -> UnknownOption | None:
    """Async twin of :func:`explain_unknown_titles`."""
    wanted = [(f, t) for f, t in wanted if t]
    listed = []
    try:
        for field, _titles in wanted:
            method, args = _request(model, field)
            listed.append(await getattr(client, method)(*args, show_archived=True))
    except Exception:  # the explanation is a courtesy: never hide the original error
        return None
    return _explain(model, wanted, listed, exc)
