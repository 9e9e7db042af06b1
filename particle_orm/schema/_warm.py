"""What a schema check read, handed to the query layer's per-client cache.

``Model.check`` / ``diff_models`` list the attributes (and the options of select and
status fields the models name) of every model's object or list. The query layer needs
the same listings to bind fields by id and to check names and titles before sending;
storing them in the client's ``WorkspaceSchemaCache`` saves it listing them again.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.query import schema_cache
    >>> from particle_orm.standard import Deal
    >>> client = Emulator(seed=1).client()
    >>> Deal.check(client).is_clean
    True
    >>> schema_cache(client).get(Deal) is not None
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from particle_orm.query._options import TitleSet, title_fields
from particle_orm.query._workspace import schema_cache
from particle_orm.schema._introspect import AttributeInfo, WorkspaceSchema

__all__ = ["warm_schema_cache"]


def _titles(attr: AttributeInfo) -> TitleSet | None:
    choices = attr.options if attr.options is not None else attr.statuses
    if choices is None:
        return None
    return TitleSet(
        tuple(c.title for c in choices if not c.is_archived),
        tuple(c.title for c in choices if c.is_archived),
        frozenset(c.id for c in choices if c.id),
    )


def warm_schema_cache(client: Any, models: Iterable[type[Any]], schema: WorkspaceSchema) -> None:
    """Store the attribute and option listings of ``models`` found in ``schema``."""
    cache = schema_cache(client)
    for model in models:
        meta = model._meta
        target = "lists" if meta.is_entry else "objects"
        container = schema.container(target, str(meta.container))
        if container is None:
            continue
        listing = [
            {
                "id": {
                    "workspace_id": schema.workspace_id,
                    "object_id": container.id,
                    "attribute_id": a.id,
                },
                "api_slug": a.slug,
                "title": a.title,
                "type": a.type,
                "is_archived": a.is_archived,
            }
            for a in container.attributes
        ]
        cache.store(model, listing)
        by_key = {k: a for a in container.attributes for k in (a.slug, a.id)}
        for field in title_fields(meta.fields.values()):
            attr = by_key.get(str(field.key))
            known = _titles(attr) if attr is not None and not attr.is_archived else None
            if known is not None:
                cache.store_titles(model, field, known)
