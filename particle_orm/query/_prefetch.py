"""``prefetch_related``: load referenced records of a page in batches (no N+1).

For each name (``"company"``, ``"team"``, ``"company__team"``, or ``"parent"`` on list
entries) the referenced record ids of a whole page are collected and loaded with
``record_id`` ``$in`` queries of up to 500 ids each; the loaded instances replace the
deferred ones in each instance's field cache. Ids the binding already holds loaded
(a session's identity map) are not fetched again. References an instance changed
locally are left alone.

Example:
    >>> from particle_orm.standard import Person
    >>> [s.field.name for s in plan_prefetch(Person, ["company__team"])[0]]
    ['company', 'team']
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from particle_orm import fields as f
from particle_orm.errors import QueryError
from particle_orm.fields import TrackedList
from particle_orm.query._requests import Page, QueryRequest

__all__ = ["BATCH", "PrefetchStep", "plan_prefetch", "prefetch"]

#: Ids per ``record_id $in`` query (one page: Attio's default and our page size).
BATCH = 500


@dataclass(frozen=True)
class PrefetchStep:
    """One hop: a reference field of ``model`` (``field=None``: an entry's parent)."""

    model: type[Any]
    field: f.Reference[Any] | None
    targets: tuple[type[Any], ...]


def plan_prefetch(model: type[Any], names: Sequence[str]) -> list[list[PrefetchStep]]:
    """Validate prefetch names now (``QueryError`` at build time); one step list per name."""
    plans = []
    for name in names:
        current = model
        steps: list[PrefetchStep] = []
        parts = name.split("__")
        for i, part in enumerate(parts):
            meta = current._meta
            if meta.is_entry and part == "parent" and "parent" not in meta.fields:
                parent = meta.parent
                if parent is None:
                    raise QueryError(f"{current.__name__}.prefetch_related: no Meta.parent model")
                steps.append(PrefetchStep(current, None, (parent,)))
                current = parent
                continue
            field = meta.fields.get(part) or meta.fields_by_key.get(part)
            if not isinstance(field, f.Reference):
                refs = [n for n, fl in meta.fields.items() if isinstance(fl, f.Reference)]
                if meta.is_entry and meta.parent is not None:
                    refs.append("parent")
                raise QueryError(
                    f"{current.__name__}.prefetch_related({name!r}): {part!r} is not a "
                    f"reference (references: {', '.join(refs) or 'none'})"
                )
            targets = field.targets
            if i < len(parts) - 1 and len(targets) != 1:
                raise QueryError(
                    f"{current.__name__}.prefetch_related({name!r}): cannot go past "
                    f"{part!r}, which references several objects"
                )
            steps.append(PrefetchStep(current, field, tuple(targets)))
            current = targets[0]
        plans.append(steps)
    return plans


def _container(model: type[Any]) -> str:
    return str(model._meta.container)


def _wanted(step: PrefetchStep, obj: Any) -> list[tuple[type[Any], str]] | None:
    """The (class, record id) pairs ``obj`` references, or ``None`` to leave it alone."""
    if step.field is None:
        if obj._parent is not None and obj._parent._loaded:
            return None
        rid = obj._parent_record_id
        return [] if rid is None else [(step.targets[0], rid)]
    field = step.field
    if field.name in obj._changed:
        return None
    raw = obj._raw.get(field.slug) or ()
    out = []
    for item in raw:
        if item.get("active_until") is None:
            cls = field._class_for(item["target_object"])
            if cls is not None:
                out.append((cls, item["target_record_id"]))
    return out


def _attach(step: PrefetchStep, obj: Any, found: list[Any]) -> None:
    if step.field is None:
        if found:
            obj._parent = found[0]
        return
    field = step.field
    if field.many:
        obj._cache[field.name] = TrackedList(found, obj, field)
    else:
        obj._cache[field.name] = found[0] if found else None


def prefetch(
    binding: Any, instances: Sequence[Any], plans: list[list[PrefetchStep]]
) -> Generator[QueryRequest, Page, None]:
    """Load every planned reference of ``instances`` (yields the batch queries)."""
    for steps in plans:
        level: Sequence[Any] = instances
        for step in steps:
            level = yield from _load_step(binding, step, level)


def _load_step(
    binding: Any, step: PrefetchStep, instances: Sequence[Any]
) -> Generator[QueryRequest, Page, list[Any]]:
    wanted: list[tuple[Any, list[tuple[type[Any], str]]]] = []
    needed: dict[type[Any], list[str]] = {}
    known: dict[tuple[type[Any], str], Any] = {}
    for obj in instances:
        pairs = _wanted(step, obj)
        if pairs is None:
            continue
        wanted.append((obj, pairs))
        for cls, rid in pairs:
            if (cls, rid) in known:
                continue
            # A bare id: a reference names the object by slug, so the composite id's
            # object_id is unknown here (the session's map indexes bare ids too).
            cached = binding.get_cached(cls, rid)
            if cached is not None and cached._loaded:
                known[(cls, rid)] = cached
            else:
                known[(cls, rid)] = None
                needed.setdefault(cls, []).append(rid)
    for cls, ids in needed.items():
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            page = yield QueryRequest(
                "records",
                _container(cls),
                {"record_id": {"$in": batch}},
                None,
                len(batch),
                0,
                model=cls,
            )
            for data in page:
                known[(cls, data["id"]["record_id"])] = binding.load(cls, data)
    loaded: list[Any] = []
    seen: set[int] = set()
    for obj, pairs in wanted:
        ws = obj._id[0] if obj._id is not None else None
        found = []
        for cls, rid in pairs:
            inst = known.get((cls, rid))
            if inst is None:
                # Deleted or not visible: keep a deferred instance, as decoding would.
                inst = cls.deferred(rid, workspace_id=ws)
            elif id(inst) not in seen:
                seen.add(id(inst))
                loaded.append(inst)
            found.append(inst)
        _attach(step, obj, found)
    return loaded
