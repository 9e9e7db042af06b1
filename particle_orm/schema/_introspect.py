"""Workspace introspection: a frozen snapshot of objects, lists, attributes, options, statuses.

``introspect(client)`` reads the workspace with the fewest calls Attio allows:

* 1 ``GET /v2/objects`` and 1 ``GET /v2/lists``,
* 1 attributes listing per object and per list introspected,
* 1 options listing per select attribute and 1 statuses listing per status attribute
  (skipped with ``options=False``, or narrowed by the diff to the attributes whose field
  names options).

So the seeded emulator workspace (5 objects, 5 select and 1 status attributes) costs 13
requests. Archived attributes, options and statuses are fetched too (``show_archived``),
so a diff can tell "archived" from "missing" and a sync can unarchive instead of failing
on a slug conflict. Snapshots round-trip through ``to_dict()`` / ``from_dict()`` (JSON).

Example:
    >>> from particle_orm.emulator import Emulator
    >>> schema = introspect(Emulator(seed=1).client())
    >>> deals = schema.get_object("deals")
    >>> deals.attribute("stage").type, [s.title for s in deals.attribute("stage").statuses][:2]
    ('status', ['Lead', 'In Progress'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from particle_orm.schema._driver import Request, Steps, arun, run
from particle_orm.schema._errors import UnknownSchemaEntity

__all__ = [
    "AttributeInfo",
    "ListInfo",
    "ObjectInfo",
    "OptionInfo",
    "StatusInfo",
    "WorkspaceSchema",
    "aintrospect",
    "introspect",
]

Target = Literal["objects", "lists"]
#: ``(target, {container slug, container id}, attribute)`` → fetch its options/statuses?
OptionFilter = Callable[[str, frozenset[str], "AttributeInfo"], bool]


@dataclass(frozen=True)
class OptionInfo:
    """A select option (``title`` is its slug in Attio).

    Example:
        >>> OptionInfo("o1", "SaaS").is_archived
        False
    """

    id: str | None
    title: str
    is_archived: bool = False


@dataclass(frozen=True)
class StatusInfo:
    """A status of a status attribute.

    Example:
        >>> StatusInfo("s1", "Won 🎉", celebration_enabled=True).celebration_enabled
        True
    """

    id: str | None
    title: str
    is_archived: bool = False
    celebration_enabled: bool = False
    target_time_in_status: str | None = None


@dataclass(frozen=True)
class AttributeInfo:
    """One attribute of an object or list.

    ``options`` / ``statuses`` are ``None`` when they were not fetched (non-select
    attributes, or ``introspect(options=False)``). ``target_objects`` holds the slugs of
    the objects a record-reference may point at.

    Example:
        >>> a = AttributeInfo("a1", "tier", "Tier", "select",
        ...                   options=(OptionInfo("o1", "Gold"), OptionInfo("o2", "Old", True)))
        >>> a.active_titles, a.read_only
        (('Gold',), False)
    """

    id: str
    slug: str
    title: str
    type: str
    is_multiselect: bool = False
    is_unique: bool = False
    is_required: bool = False
    is_writable: bool = True
    is_system: bool = False
    is_archived: bool = False
    description: str | None = None
    currency_code: str | None = None
    target_objects: tuple[str, ...] = ()
    options: tuple[OptionInfo, ...] | None = None
    statuses: tuple[StatusInfo, ...] | None = None

    @property
    def read_only(self) -> bool:
        """True when Attio rejects writes (``is_writable: false``)."""
        return not self.is_writable

    @property
    def choices(self) -> tuple[OptionInfo, ...] | tuple[StatusInfo, ...]:
        """The options (select) or statuses (status) fetched, archived ones included."""
        if self.type == "status":
            return self.statuses or ()
        return self.options or ()

    @property
    def active_titles(self) -> tuple[str, ...]:
        """Titles of the non-archived options or statuses, in workspace order."""
        return tuple(c.title for c in self.choices if not c.is_archived)


@dataclass(frozen=True)
class _Container:
    id: str
    slug: str
    attributes: tuple[AttributeInfo, ...]

    target: Target = "objects"

    def attribute(self, key: str) -> AttributeInfo | None:
        """The attribute with this slug or id (active ones win over archived ones)."""
        found = [a for a in self.attributes if key in (a.slug, a.id)]
        active = [a for a in found if not a.is_archived]
        chosen = active or found
        return chosen[0] if chosen else None


@dataclass(frozen=True)
class ObjectInfo(_Container):
    """An object (``people``, ``companies``, a custom one) and its attributes.

    Example:
        >>> o = ObjectInfo("o1", "projects", (), singular_noun="Project", plural_noun="Projects")
        >>> o.target, o.attribute("missing") is None
        ('objects', True)
    """

    singular_noun: str | None = None
    plural_noun: str | None = None


@dataclass(frozen=True)
class ListInfo(_Container):
    """A list, its parent object slug(s) and its (entry) attributes.

    Example:
        >>> ListInfo("l1", "sales", (), target="lists", name="Sales",
        ...          parent_objects=("companies",)).parent_objects
        ('companies',)
    """

    name: str | None = None
    parent_objects: tuple[str, ...] = ()
    workspace_access: str | None = None


@dataclass(frozen=True)
class WorkspaceSchema:
    """A snapshot of a workspace's schema (what ``introspect`` read).

    ``objects`` / ``lists`` hold the entities introspected (all, or those asked for);
    ``object_slugs`` maps the id of every object in the workspace to its slug.
    ``requests`` counts the API calls the snapshot cost (not part of equality).

    Example:
        >>> s = WorkspaceSchema("w", (ObjectInfo("o1", "people", ()),), ())
        >>> s.get_object("people").id, s.get_object("o1").slug, s.get_list("sales")
        ('o1', 'people', None)
    """

    workspace_id: str | None
    objects: tuple[ObjectInfo, ...]
    lists: tuple[ListInfo, ...]
    object_slugs: Mapping[str, str] = field(default_factory=dict)
    requests: int = field(default=0, compare=False)

    def get_object(self, key: str) -> ObjectInfo | None:
        """The object with this slug or id, or ``None``."""
        return next((o for o in self.objects if key in (o.slug, o.id)), None)

    def get_list(self, key: str) -> ListInfo | None:
        """The list with this slug or id, or ``None``."""
        return next((lst for lst in self.lists if key in (lst.slug, lst.id)), None)

    def container(self, target: str, key: str) -> ObjectInfo | ListInfo | None:
        """``get_object`` or ``get_list`` depending on ``target``."""
        return self.get_object(key) if target == "objects" else self.get_list(key)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (round-trips through :meth:`from_dict`).

        Example:
            >>> s = WorkspaceSchema("w", (), ())
            >>> WorkspaceSchema.from_dict(s.to_dict()) == s
            True
        """
        return {
            "workspace_id": self.workspace_id,
            "objects": [_container_dict(o) for o in self.objects],
            "lists": [_container_dict(lst) for lst in self.lists],
            "object_slugs": dict(self.object_slugs),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkspaceSchema:
        """Rebuild a snapshot from :meth:`to_dict` output."""
        return cls(
            workspace_id=data.get("workspace_id"),
            objects=tuple(
                ObjectInfo(**_container_kwargs(o), target="objects") for o in data["objects"]
            ),
            lists=tuple(
                ListInfo(**_container_kwargs(lst), target="lists") for lst in data["lists"]
            ),
            object_slugs=dict(data.get("object_slugs", {})),
        )


def _container_dict(c: ObjectInfo | ListInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "slug": c.slug}
    if isinstance(c, ObjectInfo):
        out.update(singular_noun=c.singular_noun, plural_noun=c.plural_noun)
    else:
        out.update(
            name=c.name,
            parent_objects=list(c.parent_objects),
            workspace_access=c.workspace_access,
        )
    attrs = []
    for a in c.attributes:
        item = {k: getattr(a, k) for k in a.__dataclass_fields__}
        item["target_objects"] = list(a.target_objects)
        for key in ("options", "statuses"):
            choices = item[key]
            if choices is not None:
                item[key] = [{k: getattr(ch, k) for k in ch.__dataclass_fields__} for ch in choices]
        attrs.append(item)
    out["attributes"] = attrs
    return out


def _container_kwargs(data: Mapping[str, Any]) -> dict[str, Any]:
    kwargs = {k: v for k, v in data.items() if k != "attributes"}
    if "parent_objects" in kwargs:
        kwargs["parent_objects"] = tuple(kwargs["parent_objects"])
    attrs = []
    for raw in data["attributes"]:
        item = dict(raw)
        item["target_objects"] = tuple(item.get("target_objects", ()))
        if item.get("options") is not None:
            item["options"] = tuple(OptionInfo(**o) for o in item["options"])
        if item.get("statuses") is not None:
            item["statuses"] = tuple(StatusInfo(**s) for s in item["statuses"])
        attrs.append(AttributeInfo(**item))
    kwargs["attributes"] = tuple(attrs)
    return kwargs


# --------------------------------------------------------------------------- parsing


def _attribute(raw: Mapping[str, Any], object_slugs: Mapping[str, str]) -> AttributeInfo:
    config = raw.get("config") or {}
    currency = (config.get("currency") or {}).get("default_currency_code")
    ref = config.get("record_reference") or {}
    target_ids = ref.get("allowed_object_ids") or ()
    return AttributeInfo(
        id=raw["id"]["attribute_id"],
        slug=raw["api_slug"],
        title=raw.get("title") or raw["api_slug"],
        type=raw["type"],
        is_multiselect=bool(raw.get("is_multiselect")),
        is_unique=bool(raw.get("is_unique")),
        is_required=bool(raw.get("is_required")),
        is_writable=bool(raw.get("is_writable", True)),
        is_system=bool(raw.get("is_system_attribute")),
        is_archived=bool(raw.get("is_archived")),
        description=raw.get("description"),
        currency_code=currency,
        # An id the object listing lacks (another workspace's?) stays visible as the id.
        target_objects=tuple(object_slugs.get(t, t) for t in target_ids),
    )


def _option(raw: Mapping[str, Any]) -> OptionInfo:
    ident = raw.get("id") or {}
    return OptionInfo(ident.get("option_id"), raw["title"], bool(raw.get("is_archived")))


def _status(raw: Mapping[str, Any]) -> StatusInfo:
    ident = raw.get("id") or {}
    return StatusInfo(
        ident.get("status_id"),
        raw["title"],
        bool(raw.get("is_archived")),
        bool(raw.get("celebration_enabled")),
        raw.get("target_time_in_status"),
    )


def _select(
    raw: list[dict[str, Any]], wanted: Iterable[str] | None, target: Target, id_key: str
) -> list[dict[str, Any]]:
    if wanted is None:
        return raw
    chosen = []
    for key in dict.fromkeys(wanted):
        found = next((r for r in raw if key in (r.get("api_slug"), r["id"][id_key])), None)
        if found is None:
            known = sorted(str(r.get("api_slug")) for r in raw)
            raise UnknownSchemaEntity(target, key, known)
        if found not in chosen:
            chosen.append(found)
    return chosen


def introspect_steps(
    objects: Iterable[str] | None = None,
    lists: Iterable[str] | None = None,
    *,
    options: bool | OptionFilter = True,
    strict: bool = True,
) -> Steps[WorkspaceSchema]:
    """The introspection as sans-IO steps (see :mod:`particle_orm.schema._driver`).

    ``objects`` / ``lists``: slugs or ids to read (``None``: all). With ``strict``, a name
    the workspace lacks raises :class:`UnknownSchemaEntity`; otherwise it is left out (the
    diff reports it).
    """
    object_keys = None if objects is None else list(objects)
    list_keys = None if lists is None else list(lists)
    want_lists = list_keys is None or bool(list_keys)
    batch = [Request("list_objects")]
    if want_lists:
        batch.append(Request("list_lists"))
    first = yield batch
    requests = len(batch)
    raw_objects: list[dict[str, Any]] = first[0]
    raw_lists: list[dict[str, Any]] = first[1] if want_lists else []
    object_slugs = {o["id"]["object_id"]: o["api_slug"] for o in raw_objects}
    workspace_id = next(
        (o["id"].get("workspace_id") for o in [*raw_objects, *raw_lists]),
        None,
    )

    def pick(raw: list[dict[str, Any]], keys: list[str] | None, target: Target) -> list[Any]:
        id_key = "object_id" if target == "objects" else "list_id"
        if keys is None or strict:
            return _select(raw, keys, target, id_key)
        present = [k for k in keys if any(k in (r.get("api_slug"), r["id"][id_key]) for r in raw)]
        return _select(raw, present, target, id_key)

    chosen_objects = pick(raw_objects, object_keys, "objects")
    chosen_lists = pick(raw_lists, list_keys, "lists")
    containers: list[tuple[Target, dict[str, Any]]] = [
        *(("objects", o) for o in chosen_objects),
        *(("lists", lst) for lst in chosen_lists),
    ]
    attr_batch = [
        Request("list_attributes", (target, raw["api_slug"]), {"show_archived": True})
        for target, raw in containers
    ]
    attr_results = (yield attr_batch) if attr_batch else []
    requests += len(attr_batch)

    attributes: list[list[AttributeInfo]] = [
        [_attribute(a, object_slugs) for a in result] for result in attr_results
    ]
    choice_requests: list[Request] = []
    choice_slots: list[tuple[int, int]] = []
    if options is not False:
        for ci, ((target, raw), attrs) in enumerate(zip(containers, attributes)):
            for ai, attr in enumerate(attrs):
                if attr.type not in ("select", "status") or attr.is_archived:
                    continue
                id_key = "object_id" if target == "objects" else "list_id"
                keys = frozenset({raw["api_slug"], raw["id"][id_key]})
                if callable(options) and not options(target, keys, attr):
                    continue
                method = "list_select_options" if attr.type == "select" else "list_statuses"
                choice_requests.append(
                    Request(method, (target, raw["api_slug"], attr.id), {"show_archived": True})
                )
                choice_slots.append((ci, ai))
    choice_results = (yield choice_requests) if choice_requests else []
    requests += len(choice_requests)
    for (ci, ai), result in zip(choice_slots, choice_results):
        attr = attributes[ci][ai]
        if attr.type == "select":
            attributes[ci][ai] = replace(attr, options=tuple(_option(o) for o in result))
        else:
            attributes[ci][ai] = replace(attr, statuses=tuple(_status(s) for s in result))

    built_objects: list[ObjectInfo] = []
    built_lists: list[ListInfo] = []
    for (target, raw), attrs in zip(containers, attributes):
        if target == "objects":
            built_objects.append(
                ObjectInfo(
                    raw["id"]["object_id"],
                    raw["api_slug"],
                    tuple(attrs),
                    target="objects",
                    singular_noun=raw.get("singular_noun"),
                    plural_noun=raw.get("plural_noun"),
                )
            )
        else:
            parents = raw.get("parent_object") or ()
            if isinstance(parents, str):  # create-shape, tolerated on read
                parents = (parents,)
            built_lists.append(
                ListInfo(
                    raw["id"]["list_id"],
                    raw["api_slug"],
                    tuple(attrs),
                    target="lists",
                    name=raw.get("name"),
                    parent_objects=tuple(object_slugs.get(p, p) for p in parents),
                    workspace_access=raw.get("workspace_access"),
                )
            )
    return WorkspaceSchema(
        workspace_id,
        tuple(built_objects),
        tuple(built_lists),
        object_slugs,
        requests,
    )


def introspect(
    client: Any,
    *,
    objects: Iterable[str] | None = None,
    lists: Iterable[str] | None = None,
    options: bool = True,
) -> WorkspaceSchema:
    """Read a workspace's objects, lists, attributes, select options and statuses.

    ``objects`` / ``lists`` narrow the read to these slugs or ids (``[]`` reads none);
    a name the workspace lacks raises :class:`UnknownSchemaEntity` before any attribute
    is listed. ``options=False`` skips the per-attribute option and status listings.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> s = introspect(Emulator(seed=1).client(), objects=["people"], lists=[])
        >>> [o.slug for o in s.objects], s.requests
        (['people'], 3)
    """
    return run(introspect_steps(objects, lists, options=options), client)


async def aintrospect(
    client: Any,
    *,
    objects: Iterable[str] | None = None,
    lists: Iterable[str] | None = None,
    options: bool = True,
) -> WorkspaceSchema:
    """Async twin of :func:`introspect` (listings of one stage run concurrently).

    Example::

        schema = await aintrospect(async_client, objects=["deals"])
    """
    return await arun(introspect_steps(objects, lists, options=options), client)
