"""Code generation: a Python module of typed models from a :class:`WorkspaceSchema`.

One ``Model`` per object and one ``ListEntry`` per list; each attribute becomes a field of
the right class with its slug, ``many``, ``unique``, ``required``, ``read_only`` and
currency; select options and statuses become ``str`` Enums wired with ``enum=``; record
references point at the generated classes (directly when the target is defined above,
by ``"<module>.<Class>"`` otherwise). The output is deterministic (objects and lists
sorted by slug, attributes in workspace order) and passes ``mypy --strict``, ``ruff
check`` and ``ruff format --check`` (line length 100).

Example:
    >>> from particle_orm.emulator import Emulator
    >>> source = inspect_to_source(Emulator(seed=1).client(), objects=["deals"], lists=[])
    >>> print(source[source.index("class DealStage") : source.index("class Deal(")].strip())
    class DealStage(str, Enum):
        \"\"\"Statuses of ``deals.stage``.\"\"\"
    <BLANKLINE>
        LEAD = "Lead"
        IN_PROGRESS = "In Progress"
        WON = "Won 🎉"
        LOST = "Lost"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from particle_orm.fields import FIELD_TYPES
from particle_orm.models import ListEntry, Model
from particle_orm.schema._introspect import (
    AttributeInfo,
    ListInfo,
    ObjectInfo,
    WorkspaceSchema,
    aintrospect,
    introspect,
)
from particle_orm.schema._layout import WIDTH, assign_call
from particle_orm.schema._names import NameSpace, class_name, field_name, member_name, py_string

__all__ = ["ainspect_to_source", "generate_source", "inspect_to_source"]

#: Field classes whose value type is a type parameter: Attio type → value annotation.
_GENERIC_VALUES = {
    "actor-reference": "values.Actor",
    "domain": "values.Domain",
    "email-address": "values.Email",
    "phone-number": "values.PhoneNumber",
}
# Field names that would shadow names the class body itself uses.
_CLASS_SCOPE_RESERVED = frozenset({"fields", "values", "list", "Any", "Meta"})
_MODULE_RESERVED = frozenset(
    {"Any", "Enum", "ListEntry", "Model", "annotations", "fields", "values", "__all__"}
)
# Attributes Model/ListEntry fields may take over (see models._OVERRIDABLE).
_OVERRIDABLE = frozenset({"record_id", "entry_id", "created_at"})
# Names other layers install on Model/ListEntry when imported (the query layer's manager,
# fetch...) or may add: reserved always, so the output never depends on what was imported.
_INSTALLED = frozenset(
    {
        "objects",
        "fetch",
        "afetch",
        "entries",
        "DoesNotExist",
        "MultipleObjectsReturned",
        "check",
        "acheck",
        "save",
        "asave",
        "delete",
        "adelete",
        "refresh",
        "arefresh",
        "pk",
    }
)
_DOC_SAFE = re.compile(r'[\\"]')


def _shadowed(base: type[Any]) -> frozenset[str]:
    public = frozenset(n for n in dir(base) if not n.startswith("_"))
    return (public | _INSTALLED) - _OVERRIDABLE


@dataclass
class _Imports:
    enum: bool = False
    any: bool = False
    values: bool = False
    model: bool = False
    entry: bool = False

    def lines(self) -> list[str]:
        out = ["from __future__ import annotations", ""]
        std = []
        if self.enum:
            std.append("from enum import Enum")
        if self.any:
            std.append("from typing import Any")
        if std:
            out.extend([*std, ""])
        bases = [n for n, used in (("ListEntry", self.entry), ("Model", self.model)) if used]
        if not bases:
            return out[:-1]  # an empty workspace: no model, nothing else to import
        out.append(
            "from particle_orm import fields, values"
            if self.values
            else "from particle_orm import fields"
        )
        out.append(f"from particle_orm.models import {', '.join(bases)}")
        return out


@dataclass
class _Class:
    info: ObjectInfo | ListInfo
    name: str
    lines: list[str] = field(default_factory=list)


def _doc(text: str, indent: str) -> str:
    clean = _DOC_SAFE.sub("", text)
    budget = WIDTH - len(indent) - 6
    if len(clean) > budget:
        clean = clean[: budget - 3].rstrip() + "..."
    return f'{indent}"""{clean}"""'


class _Generator:
    def __init__(self, schema: WorkspaceSchema, *, enums: bool, bind_by_id: bool) -> None:
        self.schema = schema
        self.enums = enums
        self.bind_by_id = bind_by_id
        self.imports = _Imports()
        self.module_names = NameSpace(_MODULE_RESERVED)
        objects = sorted(schema.objects, key=lambda o: o.slug)
        lists = sorted(schema.lists, key=lambda lst: lst.slug)
        self.classes: list[_Class] = []
        for obj in objects:
            base = class_name(obj.singular_noun or obj.slug, "Object")
            self.classes.append(_Class(obj, self.module_names.take(base)))
        for lst in lists:
            base = class_name(lst.name or lst.slug, "List") + "Entry"
            self.classes.append(_Class(lst, self.module_names.take(base)))
        self.by_object = {c.info.slug: c for c in self.classes if isinstance(c.info, ObjectInfo)}
        self.order = {c.name: i for i, c in enumerate(self.classes)}
        self.blocks: list[list[str]] = []

    # ------------------------------------------------------------------ pieces

    def _enum(self, owner: _Class, attr: AttributeInfo) -> str | None:
        titles = attr.active_titles
        if not self.enums or not titles:
            return None
        name = self.module_names.take(owner.name + class_name(attr.slug, "Choice"))
        what = "Statuses" if attr.type == "status" else "Options"
        lines = [
            f"class {name}(str, Enum):",
            _doc(f"{what} of ``{owner.info.slug}.{attr.slug}``.", "    "),
            "",
        ]
        members = NameSpace(["mro"])
        for title in titles:
            member = members.take(member_name(title))
            line = f"    {member} = {py_string(title)}"
            if len(line) > WIDTH:
                line += "  # noqa: E501"
            lines.append(line)
        self.blocks.append(lines)
        self.imports.enum = True
        return name

    def _reference(self, owner: _Class, attr: AttributeInfo) -> tuple[str, list[str]]:
        targets = [self.by_object[t] for t in attr.target_objects if t in self.by_object]
        if not targets or len(targets) != len(attr.target_objects):
            self.imports.any = True
            return "Any", []
        value = " | ".join(t.name for t in targets)
        args = []
        for t in targets:
            if self.order[t.name] < self.order[owner.name]:
                args.append(t.name)
            else:
                # Defined further down: a string the registry resolves on first use.
                args.append(f'f"{{__name__}}.{t.name}"')
        return value, args

    def _field(self, owner: _Class, attr: AttributeInfo, names: NameSpace) -> list[str]:
        cls = FIELD_TYPES.get(attr.type)
        if cls is None:
            return [f"    # {attr.slug}: attribute type {attr.type!r} is not supported; skipped"]
        fname = field_name(attr.slug)
        if fname in names:
            fname += "_"
        fname = names.take(fname)
        kind = cls.__name__
        many = attr.is_multiselect and cls.allows_many
        head: list[str] = []
        extra: list[str] = []
        if self.bind_by_id:
            head.append(f"attribute_id={py_string(attr.id)}")
            if fname != attr.slug:
                head.append(f"slug={py_string(attr.slug)}")
        elif fname != attr.slug:
            head.append(f"slug={py_string(attr.slug)}")

        if attr.type in ("select", "status"):
            enum = self._enum(owner, attr)
            if enum is not None:
                extra.append(f"enum={enum}")
                value = enum
            else:
                self.imports.values = True
                value = "values.StatusValue" if attr.type == "status" else "values.Option"
            annotation = f"fields.{kind}[{f'list[{value}]' if many else f'{value} | None'}]"
        elif attr.type == "record-reference":
            value, targets = self._reference(owner, attr)
            head = [*targets, *head]
            if value == "Any":
                annotation = "fields.Reference[Any]"
            else:
                annotation = f"fields.Reference[{f'list[{value}]' if many else f'{value} | None'}]"
        elif attr.type in _GENERIC_VALUES:
            self.imports.values = True
            value = _GENERIC_VALUES[attr.type]
            annotation = f"fields.{kind}[{f'list[{value}]' if many else f'{value} | None'}]"
        else:
            annotation = f"fields.{kind}"
            if attr.type == "currency" and attr.currency_code:
                extra.append(f"currency={py_string(attr.currency_code)}")
        flags = [
            ("many=True", many),
            ("required=True", attr.is_required),
            ("unique=True", attr.is_unique and attr.type != "select"),
            ("read_only=True", attr.read_only and not cls.always_read_only),
        ]
        args = [*head, *extra, *(flag for flag, on in flags if on)]
        return assign_call("    ", fname, annotation, f"fields.{kind}", args)

    def _model(self, c: _Class) -> None:
        info = c.info
        shadow = _shadowed(ListEntry if isinstance(info, ListInfo) else Model)
        names = NameSpace(shadow | _CLASS_SCOPE_RESERVED)
        attrs = [a for a in info.attributes if not a.is_archived]
        body: list[str] = []
        for attr in attrs:
            body.extend(self._field(c, attr, names))
        meta = ["    class Meta:"]
        if isinstance(info, ObjectInfo):
            self.imports.model = True
            base = "Model"
            noun = info.plural_noun or info.slug
            doc = f"{noun} (object ``{info.slug}``)."
            if self.bind_by_id:
                meta.append(f"        object_id = {py_string(info.id)}")
            else:
                meta.append(f"        object = {py_string(info.slug)}")
            match = next((a for a in attrs if a.is_unique and a.is_writable), None)
            if match is not None:
                meta.append(f"        match_on = {py_string(match.slug)}")
        else:
            self.imports.entry = True
            base = "ListEntry"
            doc = f"Entries of the list {info.name or info.slug} (``{info.slug}``)."
            if self.bind_by_id:
                meta.append(f"        list_id = {py_string(info.id)}")
            else:
                meta.append(f"        list = {py_string(info.slug)}")
            if len(info.parent_objects) == 1 and info.parent_objects[0] in self.by_object:
                meta.append(f"        parent = {self.by_object[info.parent_objects[0]].name}")
        lines = [f"class {c.name}({base}):", _doc(doc, "    "), "", *meta]
        if body:
            lines.extend(["", *body])
        self.blocks.append(lines)

    # ------------------------------------------------------------------ module

    def source(self) -> str:
        for c in self.classes:
            self._model(c)
        where = self.schema.workspace_id or "an Attio workspace"
        header = [
            f'"""Typed particle_orm models for {_DOC_SAFE.sub("", where)} (generated).',
            "",
            "Generated by ``particle_orm.schema.generate_source`` (CLI: ``particle-orm inspect``).",
            "Regenerate rather than edit; subclass a model to add behaviour.",
            '"""',
            "",
        ]
        names = sorted(
            (line.split("(")[0][6:] for block in self.blocks for line in block[:1]),
        )
        exports = ["__all__ = [", *(f"    {py_string(n)}," for n in names), "]"]
        if not names:
            exports = ["__all__: list[str] = []"]
        out = [*header, *self.imports.lines(), "", *exports]
        for block in self.blocks:
            out.extend(["", "", *block])
        return "\n".join(out) + "\n"


def generate_source(
    schema: WorkspaceSchema, *, enums: bool = True, bind_by_id: bool = False
) -> str:
    """The source of a module of typed models for ``schema``.

    ``enums=False`` types selects and statuses as ``values.Option`` / ``values.StatusValue``
    instead of generated Enums; ``bind_by_id=True`` binds models and fields by id
    (``Meta.object_id``, ``attribute_id=``) so they survive slug renames.

    Example:
        >>> from particle_orm.schema import AttributeInfo, ObjectInfo, WorkspaceSchema
        >>> s = WorkspaceSchema("w", (ObjectInfo("o1", "projects",
        ...     (AttributeInfo("a1", "title", "Title", "text", is_required=True),),
        ...     singular_noun="Project"),), ())
        >>> "title: fields.Text = fields.Text(required=True)" in generate_source(s)
        True
    """
    return _Generator(schema, enums=enums, bind_by_id=bind_by_id).source()


def inspect_to_source(
    client: Any,
    objects: Iterable[str] | None = None,
    lists: Iterable[str] | None = None,
    *,
    enums: bool = True,
    bind_by_id: bool = False,
) -> str:
    """Introspect the workspace behind ``client`` and generate its models' source.

    The CLI's ``particle-orm inspect`` calls this; ``objects`` / ``lists`` narrow it.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> src = inspect_to_source(Emulator(seed=1).client(), objects=["people"], lists=[])
        >>> "class Person(Model):" in src
        True
    """
    schema = introspect(client, objects=objects, lists=lists)
    return generate_source(schema, enums=enums, bind_by_id=bind_by_id)


async def ainspect_to_source(
    client: Any,
    objects: Iterable[str] | None = None,
    lists: Iterable[str] | None = None,
    *,
    enums: bool = True,
    bind_by_id: bool = False,
) -> str:
    """Async twin of :func:`inspect_to_source`.

    Example::

        source = await ainspect_to_source(async_client)
    """
    schema = await aintrospect(client, objects=objects, lists=lists)
    return generate_source(schema, enums=enums, bind_by_id=bind_by_id)
