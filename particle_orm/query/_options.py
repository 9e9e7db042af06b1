"""Explaining Attio's refusal of a select option or status title (``UnknownOption``).

Attio answers an unknown title with a bare 400 (``value_not_found`` on writes,
``filter_error`` on queries). Only on that failure path, the ORM lists the options or
statuses of the select/status fields involved (one request each) and, when a title is
indeed missing, raises :class:`~particle_orm.errors.UnknownOption` naming the model,
field and title with the closest titles the workspace has. Nothing is listed when a
request succeeds, so the happy path costs nothing.

Listings are kept in the client's schema cache (``preload(..., options=True)`` warms
it). Once a field's titles are cached, filters and writes are checked before sending:
a title the cache lacks is confirmed by listing again (it may be new), and only then
refused, without sending the request Attio would have rejected.

Example:
    >>> from particle_orm.standard import Deal
    >>> titles_in_filter(Deal._meta.fields["stage"], {"$or": [{"stage": "Lead"},
    ...     {"stage": {"status": {"$eq": "Won"}}}]})
    ['Lead', 'Won']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from particle_orm.errors import UnknownOption
from particle_orm.fields import Field, Select, Status

__all__ = [
    "TitleSet",
    "acheck_titles",
    "aexplain_unknown_titles",
    "alist_titles",
    "check_titles",
    "explain_unknown_titles",
    "list_titles",
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


@dataclass(frozen=True)
class TitleSet:
    """The titles of a select or status attribute, as one listing returned them.

    Example:
        >>> ts = TitleSet.from_listing([{"title": "Lead", "id": {"status_id": "s1"}},
        ...     {"title": "Old", "is_archived": True}])
        >>> ts.knows("Lead"), ts.knows("s1"), ts.knows("Old"), ts.knows("lead")
        (True, True, False, False)
    """

    active: tuple[str, ...]
    archived: tuple[str, ...]
    ids: frozenset[str]

    @classmethod
    def from_listing(cls, items: Any) -> TitleSet:
        """Build from ``list_select_options`` / ``list_statuses`` output."""
        good = [
            i
            for i in (items if isinstance(items, list) else [])
            if isinstance(i, dict) and isinstance(i.get("title"), str)
        ]
        return cls(
            tuple(i["title"] for i in good if not i.get("is_archived")),
            tuple(i["title"] for i in good if i.get("is_archived")),
            # Filters and writes may name an option or status by its id instead of its title.
            frozenset(v for i in good for v in (i.get("id") or {}).values() if isinstance(v, str)),
        )

    def knows(self, title: str) -> bool:
        """Whether ``title`` is an active title (exact, as Attio matches) or an id."""
        return title in self.active or title in self.ids


class TitleCache(Protocol):
    """Where listings are kept (the client's ``WorkspaceSchemaCache``)."""

    def titles(self, model: type[Any], field: Field[Any]) -> TitleSet | None: ...

    def store_titles(self, model: type[Any], field: Field[Any], titles: TitleSet) -> None: ...


Wanted = list[tuple[Field[Any], list[str]]]


def _explain(
    model: type[Any], wanted: Wanted, listed: list[TitleSet], exc: Any
) -> UnknownOption | None:
    for (field, titles), known in zip(wanted, listed):
        missing = [t for t in dict.fromkeys(titles) if not known.knows(t)]
        if missing:
            return UnknownOption(
                model.__name__,
                str(field.name),
                str(field.slug or field.key),
                "status" if isinstance(field, Status) else "option",
                missing,
                list(known.active),
                archived=list(known.archived),
                code=getattr(exc, "code", None),
                api_message=getattr(exc, "message", "") or "",
            )
    return None


def _kept_and_explained(
    model: type[Any], wanted: Wanted, listed: list[TitleSet], exc: Any, cache: TitleCache | None
) -> UnknownOption | None:
    if cache is not None:
        for (field, _titles), known in zip(wanted, listed):
            cache.store_titles(model, field, known)
    return _explain(model, wanted, listed, exc)


def list_titles(client: Any, model: type[Any], field: Field[Any]) -> TitleSet:
    """List a select/status field's options now (1 request)."""
    method, args = _request(model, field)
    return TitleSet.from_listing(getattr(client, method)(*args, show_archived=True))


async def alist_titles(client: Any, model: type[Any], field: Field[Any]) -> TitleSet:
    """Async twin of :func:`list_titles`."""
    method, args = _request(model, field)
    return TitleSet.from_listing(await getattr(client, method)(*args, show_archived=True))


def explain_unknown_titles(
    client: Any, model: type[Any], wanted: Wanted, exc: Any, cache: TitleCache | None = None
) -> UnknownOption | None:
    """List the options of each field in ``wanted`` (field, titles used); the error or None.

    The listings are kept in ``cache``. Listing failures leave Attio's own error to stand
    (``None``).
    """
    wanted = [(f, t) for f, t in wanted if t]
    try:
        listed = [list_titles(client, model, field) for field, _titles in wanted]
    except Exception:  # the explanation is a courtesy: never hide the original error
        return None
    return _kept_and_explained(model, wanted, listed, exc, cache)


async def aexplain_unknown_titles(
    client: Any, model: type[Any], wanted: Wanted, exc: Any, cache: TitleCache | None = None
) -> UnknownOption | None:
    """Async twin of :func:`explain_unknown_titles`."""
    wanted = [(f, t) for f, t in wanted if t]
    try:
        listed = [await alist_titles(client, model, field) for field, _titles in wanted]
    except Exception:  # the explanation is a courtesy: never hide the original error
        return None
    return _kept_and_explained(model, wanted, listed, exc, cache)


def _suspects(cache: TitleCache, model: type[Any], wanted: Wanted) -> Wanted:
    """The fields whose cached titles lack one of the titles used (no request)."""
    out = []
    for field, titles in wanted:
        known = cache.titles(model, field)
        if known is not None and titles and not all(known.knows(t) for t in titles):
            out.append((field, titles))
    return out


def check_titles(
    client: Any, model: type[Any], wanted: Wanted, cache: TitleCache
) -> UnknownOption | None:
    """Before sending: titles the cached listings lack, confirmed by listing again.

    Fields with no cached listing are not checked (nothing is listed for them). A title
    the cache lacks may have been added since, so the field is listed again (1 request)
    before the title is refused.
    """
    suspects = _suspects(cache, model, wanted)
    if not suspects:
        return None
    return explain_unknown_titles(client, model, suspects, None, cache)


async def acheck_titles(
    client: Any, model: type[Any], wanted: Wanted, cache: TitleCache
) -> UnknownOption | None:
    """Async twin of :func:`check_titles`."""
    suspects = _suspects(cache, model, wanted)
    if not suspects:
        return None
    return await aexplain_unknown_titles(client, model, suspects, None, cache)
