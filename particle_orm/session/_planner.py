"""The planner: pending changes → a :class:`Plan` of API calls with their dependencies.

Shared by ``Session`` and ``AsyncSession``. It sends nothing and changes no object; it
only reads tracked changes. Rules (issue 6):

* one call per object: all field changes of a record or entry are coalesced;
* creates ``POST``, or ``PUT`` assert when the model declares ``Meta.match_on`` (and the
  value is set) or the caller asked for an upsert; entries assert by parent on request;
* updates ``PATCH`` when ``many`` fields only gained values, else ``PUT`` (which
  overwrites multiselects, so every changed ``many`` field is sent in full);
* a new record referenced by another new record (or an entry's new parent) is created
  first; a reference cycle is broken by creating one record without the references into
  its cycle and patching them afterwards (one ``LINK`` call);
* deletes last: entries (phase 1) before records (phase 2).

Example:
    >>> from particle_orm.standard import Company, Person
    >>> acme = Company(name="Acme")
    >>> plan = build_plan(PlanInput(new=[Person(name="Ada", company=acme)]))
    >>> [(op.kind.value, type(op.obj).__name__, op.depends_on) for op in plan.plan]
    [('create', 'Company', ()), ('create', 'Person', (1,))]
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from particle_orm.session._errors import SessionUsageError
from particle_orm.session._operations import Operation, OpKind, Plan

__all__ = ["PlanInput", "Planned", "UpsertSpec", "build_plan", "new_references"]

UpsertSpec = bool | str | None
"""``None``: assert when ``Meta.match_on`` has a value; ``True``: assert (required);
``False``: always ``POST``; a field name or slug: assert on that attribute."""


@dataclass
class PlanInput:
    """What the session hands the planner: objects in the order they were added."""

    new: list[Any] = field(default_factory=list)
    dirty: list[Any] = field(default_factory=list)
    deleted: list[Any] = field(default_factory=list)
    upsert: Mapping[int, UpsertSpec] = field(default_factory=dict)
    held: set[int] = field(default_factory=set)
    """Ids (``id(obj)``) of ambiguous creates: they and whatever needs them wait."""


@dataclass
class Planned:
    """The plan plus the new objects it creates (including ones reached only by reference)."""

    plan: Plan
    created: list[Any]


def _has_value(value: Any) -> bool:
    return value is not None and not (isinstance(value, list) and not value)


def _is_new_instance(value: Any) -> bool:
    return getattr(type(value), "_meta", None) is not None and value._id is None


def new_references(obj: Any) -> dict[str, list[Any]]:
    """Changed reference fields of ``obj`` that point at unsaved records, by field name.

    Example:
        >>> from particle_orm.standard import Company, Person
        >>> acme = Company(name="Acme")
        >>> new_references(Person(company=acme)) == {"company": [acme]}
        True
    """
    meta = obj._meta
    found: dict[str, list[Any]] = {}
    for name in obj._changed:
        f = meta.fields[name]
        if f.attribute_type != "record-reference" or f.read_only:
            continue
        value = obj._cache.get(name)
        items = value if f.many else [value]
        targets = [v for v in items or () if _is_new_instance(v)]
        if targets:
            found[name] = targets
    return found


def _sendable(obj: Any) -> list[str]:
    fields = obj._meta.fields
    return [name for name in obj._changed if not fields[name].read_only]


def _match_field(obj: Any, spec: UpsertSpec) -> tuple[Any, Any]:
    """(field to assert on, field to fall back to after a lost ``POST`` response)."""
    meta = obj._meta
    name = type(obj).__name__
    declared = meta.match_on
    if spec is False:
        if declared is not None and _has_value(getattr(obj, declared.name)):
            return None, declared
        return None, None
    if spec is None:
        if declared is not None and _has_value(getattr(obj, declared.name)):
            return declared, None
        return None, None
    if spec is True:
        if declared is None:
            raise SessionUsageError(
                f"{name}: upsert=True needs Meta.match_on (or pass upsert='<field>')"
            )
        chosen = declared
    else:
        try:
            chosen = meta.field(spec)
        except KeyError as exc:
            raise SessionUsageError(f"{name}: upsert={spec!r}: {exc.args[0]}") from None
    if not _has_value(getattr(obj, chosen.name)):
        raise SessionUsageError(
            f"{name}: cannot assert on {chosen.name!r} (slug {chosen.slug!r}): it has no value"
        )
    return chosen, None


def _strongly_connected(nodes: list[int], edges: Mapping[int, Iterable[int]]) -> list[list[int]]:
    """Tarjan's algorithm, iterative (plans can hold thousands of records)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[int, Iterable[int]]] = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def _break_cycles(order: list[int], refs: dict[int, dict[str, list[int]]]) -> dict[int, set[str]]:
    """Fields to hold back (per node) so that the reference graph has no cycle."""
    held: dict[int, set[str]] = {}
    position = {n: i for i, n in enumerate(order)}

    def edges_of(n: int) -> list[int]:
        skip = held.get(n, set())
        return [t for name, ts in refs.get(n, {}).items() if name not in skip for t in ts]

    pending = [order]
    while pending:
        nodes = pending.pop()
        graph = {n: edges_of(n) for n in nodes}
        for component in _strongly_connected(nodes, graph):
            members = set(component)
            if len(component) == 1 and component[0] not in graph[component[0]]:
                continue
            # The first-added record of the cycle is created without its in-cycle references.
            victim = min(component, key=position.__getitem__)
            for name, targets in refs[victim].items():
                if any(t in members for t in targets):
                    held.setdefault(victim, set()).add(name)
            pending.append(sorted(component, key=position.__getitem__))
    return held


class _Builder:
    def __init__(self) -> None:
        self.ops: list[Operation] = []
        self.create_of: dict[int, Operation] = {}

    def add(self, kind: OpKind, obj: Any, method: str, path: str, **kw: Any) -> Operation:
        op = Operation(len(self.ops) + 1, kind, obj, method, path, **kw)
        self.ops.append(op)
        return op


def _record_path(obj: Any, ref: str) -> str:
    return f"/v2/objects/{obj._meta.container}/records{ref}"


def _entry_path(obj: Any, ref: str) -> str:
    return f"/v2/lists/{obj._meta.container}/entries{ref}"


def _id_ref(obj: Any, builder: _Builder) -> str:
    if obj._id is not None:
        return f"/{obj._id[2]}"
    return f"/<id from #{builder.create_of[id(obj)].id}>"


def _unsaved_deps(obj: Any) -> list[Any]:
    deps = [t for targets in new_references(obj).values() for t in targets]
    if obj._meta.is_entry and obj._parent is not None and obj._parent._id is None:
        deps.append(obj._parent)
    return deps


def _closure(new: Iterable[Any], extra_roots: Iterable[Any], held: set[int]) -> list[Any]:
    """New objects plus every unsaved record reachable from them (added ones first)."""
    seen: set[int] = set()
    order: list[Any] = []
    queue: deque[Any] = deque(new)
    for obj in extra_roots:
        queue.extend(_unsaved_deps(obj))
    while queue:
        item = queue.popleft()
        key = id(item)
        if key in seen or key in held:
            continue
        seen.add(key)
        order.append(item)
        queue.extend(_unsaved_deps(item))
    return order


def _check_new(obj: Any) -> None:
    obj.validate_for_create()
    if obj._meta.is_entry:
        parent = obj._parent
        if parent is None and obj._parent_record_id is None:
            raise SessionUsageError(f"{obj!r}: a new list entry needs a parent record")
        if obj.parent_object is None:
            raise SessionUsageError(
                f"{type(obj).__name__}: set Meta.parent so the entry's parent object is known"
            )


def build_plan(source: PlanInput) -> Planned:
    """Plan the calls for ``source``; raises before anything is sent when input is bad.

    Example:
        >>> from particle_orm.standard import Company
        >>> print(build_plan(PlanInput(new=[Company(name="Acme")])).plan)
        Plan: 1 call in 1 layer
        layer 1:
          #1 POST /v2/objects/companies/records  create <Company unsaved> [name]
    """
    deleted_ids = {id(o) for o in source.deleted}
    dirty = [o for o in source.dirty if id(o) not in deleted_ids]
    created = [o for o in _closure(source.new, dirty, source.held) if id(o) not in deleted_ids]
    if source.held:
        # Whatever needs an ambiguous create waits with it (transitively).
        blocked = set(source.held)
        grew = True
        while grew:
            grew = False
            for obj in (*created, *dirty):
                if id(obj) not in blocked and any(id(d) in blocked for d in _unsaved_deps(obj)):
                    blocked.add(id(obj))
                    grew = True
        created = [o for o in created if id(o) not in blocked]
        dirty = [o for o in dirty if id(o) not in blocked]
    for obj in created:
        _check_new(obj)

    keys = {id(o): i for i, o in enumerate(created)}
    records = [i for i, o in enumerate(created) if not o._meta.is_entry]
    refs: dict[int, dict[str, list[int]]] = {}
    for i, obj in enumerate(created):
        refs[i] = {
            name: [keys[id(t)] for t in targets if id(t) in keys]
            for name, targets in new_references(obj).items()
        }
    held = _break_cycles(records, refs)

    # Creation order: topological on the (now acyclic) graph, in add order among equals.
    needs: dict[int, set[int]] = {}
    for node, obj in enumerate(created):
        wanted = {
            t for name, ts in refs[node].items() if name not in held.get(node, ()) for t in ts
        }
        if obj._meta.is_entry and obj._parent is not None and id(obj._parent) in keys:
            wanted.add(keys[id(obj._parent)])
        needs[node] = wanted
    needed_by: dict[int, list[int]] = {}
    for node, wanted in needs.items():
        for dep in wanted:
            needed_by.setdefault(dep, []).append(node)
    missing = {node: len(wanted) for node, wanted in needs.items()}
    ready = [node for node, n in missing.items() if n == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for later in needed_by.get(node, ()):
            missing[later] -= 1
            if missing[later] == 0:
                heapq.heappush(ready, later)

    b = _Builder()
    layer_of: dict[int, int] = {}

    def finish(op: Operation, deps: Iterable[int]) -> None:
        unique = tuple(sorted(set(deps)))
        op.depends_on = unique
        op.layer = 1 + max((layer_of[d] for d in unique), default=0)
        layer_of[op.id] = op.layer

    for node in order:
        obj = created[node]
        skip = held.get(node, set())
        sent = tuple(n for n in _sendable(obj) if n not in skip)
        deps = [
            b.create_of[id(created[t])].id
            for n, ts in refs[node].items()
            if n not in skip
            for t in ts
        ]
        if obj._meta.is_entry:
            if obj._parent is not None and id(obj._parent) in b.create_of:
                deps.append(b.create_of[id(obj._parent)].id)
            if source.upsert.get(id(obj)):
                op = b.add(OpKind.ASSERT, obj, "PUT", _entry_path(obj, ""), fields=sent)
            else:
                op = b.add(OpKind.CREATE, obj, "POST", _entry_path(obj, ""), fields=sent)
        else:
            match, fallback = _match_field(obj, source.upsert.get(id(obj)))
            if match is not None:
                op = b.add(
                    OpKind.ASSERT,
                    obj,
                    "PUT",
                    _record_path(obj, f"?matching_attribute={match.key}"),
                    fields=sent,
                    matching_attribute=match.key,
                )
            else:
                op = b.add(
                    OpKind.CREATE,
                    obj,
                    "POST",
                    _record_path(obj, ""),
                    fields=sent,
                    matching_attribute=None if fallback is None else fallback.key,
                )
        b.create_of[id(obj)] = op
        finish(op, deps)

    for node in order:
        skip = held.get(node, set())
        if not skip:
            continue
        obj = created[node]
        names = tuple(n for n in _sendable(obj) if n in skip)
        deps = [b.create_of[id(obj)].id]
        deps += [b.create_of[id(created[t])].id for n in names for t in refs[node][n]]
        op = b.add(OpKind.LINK, obj, "PATCH", _record_path(obj, _id_ref(obj, b)), fields=names)
        finish(op, deps)

    for obj in dirty:
        names = tuple(_sendable(obj))
        if not names or obj._id is None:
            continue
        meta = obj._meta
        overwrite = any(meta.fields[n].many and obj._changed[n] is None for n in names)
        method = "PUT" if overwrite else "PATCH"
        path_of = _entry_path if meta.is_entry else _record_path
        op = b.add(OpKind.UPDATE, obj, method, path_of(obj, _id_ref(obj, b)), fields=names)
        deps = [
            b.create_of[id(t)].id
            for ts in new_references(obj).values()
            for t in ts
            if id(t) in b.create_of
        ]
        finish(op, deps)

    top = max(layer_of.values(), default=0)
    entry_deletes: dict[str, list[int]] = {}
    deleted_entries = [o for o in source.deleted if o._meta.is_entry and o._id is not None]
    deleted_records = [o for o in source.deleted if not o._meta.is_entry and o._id is not None]
    for obj in deleted_entries:
        op = b.add(OpKind.DELETE, obj, "DELETE", _entry_path(obj, f"/{obj._id[2]}"), phase=1)
        op.layer = top + 1
        if obj.parent_record_id is not None:
            entry_deletes.setdefault(obj.parent_record_id, []).append(op.id)
    for obj in deleted_records:
        op = b.add(OpKind.DELETE, obj, "DELETE", _record_path(obj, f"/{obj._id[2]}"), phase=2)
        op.depends_on = tuple(entry_deletes.get(obj._id[2], ()))
        op.layer = top + (2 if deleted_entries else 1)
    return Planned(Plan(tuple(b.ops)), created)
