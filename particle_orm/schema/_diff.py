"""Schema diff: declared model classes compared with a workspace, as a structured report.

Each disagreement is a :class:`SchemaIssue` with a kind, a severity, the model, field,
container and attribute it concerns, what the code expects and what the workspace has.
A :class:`SchemaDiff` groups them, prints readably (``to_text()``) and serialises
(``to_dict()`` / ``to_json()``) for the CLI's ``schema diff`` and for CI.

Severities: ``error`` (reads or writes will fail: a missing object, list or attribute,
a type or ``many`` mismatch, an option or status the code names but the workspace lacks),
``warning`` (the code and workspace disagree on ``unique``, ``required``, writability or
currency), ``info`` (harmless: an id-bound field whose slug changed, attributes/options
the workspace has and the code does not declare).

Cost in requests (``diff_models`` / ``check_models``): 1 objects listing, 1 lists
listing (only if a ``ListEntry`` is checked), 1 attributes listing per object or list
the models map to, and 1 options/statuses listing per select or status field that
declares an ``enum`` (the only way code names options).

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Company, Deal, Person
    >>> check_models(Emulator(seed=1).client(), [Person, Company, Deal]).is_clean
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import Enum
from typing import Any, Literal

from particle_orm.errors import DeclarationError
from particle_orm.schema._driver import Steps, arun, run
from particle_orm.schema._errors import SchemaMismatch
from particle_orm.schema._introspect import (
    AttributeInfo,
    ListInfo,
    ObjectInfo,
    WorkspaceSchema,
    introspect_steps,
)
from particle_orm.schema._warm import warm_schema_cache

__all__ = [
    "IssueKind",
    "SchemaDiff",
    "SchemaIssue",
    "Severity",
    "acheck_model",
    "acheck_models",
    "adiff_models",
    "check_model",
    "check_models",
    "diff_models",
    "diff_schema",
    "registered_models",
]

#: Attribute types the API will not create (FACTS.md §2), so sync cannot add them.
_ATTIO_ONLY_TYPES = frozenset({"interaction", "personal-name", "domain", "email-address"})

Severity = Literal["error", "warning", "info"]
"""How serious a schema issue is: errors break reads or writes, warnings may, infos never."""
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

#: Attributes Attio creates with every object / list (never reported as undeclared).
SYSTEM_SLUGS = {
    "objects": frozenset({"record_id", "created_at", "created_by"}),
    "lists": frozenset({"entry_id", "created_at", "created_by"}),
}


class IssueKind(str, Enum):
    """What kind of disagreement a :class:`SchemaIssue` reports.

    Example:
        >>> IssueKind.MISSING_ATTRIBUTE.value, IssueKind("many_mismatch").severity
        ('missing_attribute', 'error')
    """

    MISSING_OBJECT = "missing_object"
    MISSING_LIST = "missing_list"
    LIST_PARENT_MISMATCH = "list_parent_mismatch"
    MISSING_ATTRIBUTE = "missing_attribute"
    ARCHIVED_ATTRIBUTE = "archived_attribute"
    TYPE_MISMATCH = "type_mismatch"
    MANY_MISMATCH = "many_mismatch"
    REFERENCE_TARGET_MISMATCH = "reference_target_mismatch"
    MISSING_OPTION = "missing_option"
    ARCHIVED_OPTION = "archived_option"
    MISSING_STATUS = "missing_status"
    ARCHIVED_STATUS = "archived_status"
    UNIQUE_MISMATCH = "unique_mismatch"
    REQUIRED_MISMATCH = "required_mismatch"
    NOT_WRITABLE = "not_writable"
    CURRENCY_MISMATCH = "currency_mismatch"
    SLUG_RENAMED = "slug_renamed"
    UNDECLARED_ATTRIBUTE = "undeclared_attribute"
    UNDECLARED_OPTION = "undeclared_option"
    UNDECLARED_STATUS = "undeclared_status"

    @property
    def severity(self) -> Severity:
        """``error``, ``warning`` or ``info`` (see the module docstring)."""
        if self in _WARNINGS:
            return "warning"
        if self in _INFOS:
            return "info"
        return "error"


_WARNINGS = frozenset(
    {
        IssueKind.UNIQUE_MISMATCH,
        IssueKind.REQUIRED_MISMATCH,
        IssueKind.NOT_WRITABLE,
        IssueKind.CURRENCY_MISMATCH,
    }
)
_INFOS = frozenset(
    {
        IssueKind.SLUG_RENAMED,
        IssueKind.UNDECLARED_ATTRIBUTE,
        IssueKind.UNDECLARED_OPTION,
        IssueKind.UNDECLARED_STATUS,
    }
)


@dataclass(frozen=True)
class SchemaIssue:
    """One disagreement between a model and the workspace.

    ``model`` is the class name, ``field`` the Python field name (``None`` for
    container-level issues), ``target`` ``"objects"`` or ``"lists"``, ``container`` the
    slug or id the model declares, ``attribute`` the field's slug or id, ``choice`` the
    option/status title. ``expected`` is what the code says, ``actual`` what the workspace
    has (both JSON-friendly). ``model_class`` / ``field_obj`` link back to the
    declaration (not compared, not serialised).

    Example:
        >>> i = SchemaIssue(IssueKind.MISSING_ATTRIBUTE, "Ticket", "title", "objects",
        ...                 "tickets", "title", message="no attribute 'title'")
        >>> i.severity, i.to_dict()["kind"]
        ('error', 'missing_attribute')
    """

    kind: IssueKind
    model: str
    field: str | None
    target: str
    container: str
    attribute: str | None = None
    choice: str | None = None
    expected: Any = None
    actual: Any = None
    message: str = ""
    model_class: Any = dc_field(default=None, compare=False, repr=False)
    field_obj: Any = dc_field(default=None, compare=False, repr=False)

    @property
    def severity(self) -> Severity:
        """The kind's severity."""
        return self.kind.severity

    @property
    def where(self) -> str:
        """``Model.field`` (or ``Model``)."""
        return f"{self.model}.{self.field}" if self.field else self.model

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "kind": self.kind.value,
            "severity": self.severity,
            "model": self.model,
            "field": self.field,
            "target": self.target,
            "container": self.container,
            "attribute": self.attribute,
            "choice": self.choice,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


@dataclass(frozen=True)
class SchemaDiff:
    """The result of comparing models with a workspace.

    ``is_clean`` is true when there is no error and no warning (info items, such as
    attributes the code does not declare, are allowed). ``models`` names the classes
    compared; ``requests`` is what the comparison cost in API calls.

    Example:
        >>> d = SchemaDiff((), models=("Person",), workspace_id="w")
        >>> d.is_clean, d.to_text()
        (True, 'Schema of workspace w: clean (1 model checked)')
    """

    issues: tuple[SchemaIssue, ...]
    models: tuple[str, ...] = ()
    workspace_id: str | None = None
    requests: int = dc_field(default=0, compare=False)

    def __iter__(self) -> Iterator[SchemaIssue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def _of(self, severity: Severity) -> tuple[SchemaIssue, ...]:
        return tuple(i for i in self.issues if i.severity == severity)

    @property
    def errors(self) -> tuple[SchemaIssue, ...]:
        """Issues that make reads or writes fail."""
        return self._of("error")

    @property
    def warnings(self) -> tuple[SchemaIssue, ...]:
        """Disagreements that do not break reads and writes outright."""
        return self._of("warning")

    @property
    def infos(self) -> tuple[SchemaIssue, ...]:
        """Harmless differences."""
        return self._of("info")

    @property
    def is_clean(self) -> bool:
        """No errors and no warnings."""
        return not any(i.severity != "info" for i in self.issues)

    def of_kind(self, *kinds: IssueKind | str) -> tuple[SchemaIssue, ...]:
        """Issues of these kinds.

        Example:
            >>> SchemaDiff(()).of_kind("missing_option")
            ()
        """
        wanted = {IssueKind(k) for k in kinds}
        return tuple(i for i in self.issues if i.kind in wanted)

    def for_model(self, model: type[Any] | str) -> SchemaDiff:
        """Only the issues of one model (a class or its name)."""
        name = model if isinstance(model, str) else model.__name__
        return SchemaDiff(
            tuple(i for i in self.issues if i.model == name),
            (name,),
            self.workspace_id,
            self.requests,
        )

    def raise_for_issues(self, severity: Severity = "warning") -> None:
        """Raise :class:`SchemaMismatch` if any issue is at least this severe.

        Example:
            >>> SchemaDiff(()).raise_for_issues()  # clean: returns None
        """
        limit = _SEVERITY_ORDER[severity]
        bad = [i for i in self.issues if _SEVERITY_ORDER[i.severity] <= limit]
        if bad:
            raise SchemaMismatch(self, self.to_text(min_severity=severity))

    def summary(self) -> str:
        """``"2 errors, 1 warning"`` (or ``"clean"``)."""
        parts = []
        for sev in ("error", "warning", "info"):
            n = sum(1 for i in self.issues if i.severity == sev)
            if n:
                parts.append(f"{n} {sev}{'s' if n != 1 else ''}")
        return ", ".join(parts) if parts else "clean"

    def to_text(self, *, min_severity: Severity = "info") -> str:
        """A readable report, grouped by model, most severe first.

        Example:
            >>> i = SchemaIssue(IssueKind.MISSING_OPTION, "Deal", "stage", "objects", "deals",
            ...                 "stage", "Won", message="no status 'Won'")
            >>> print(SchemaDiff((i,), ("Deal",), "w").to_text())
            Schema of workspace w: 1 error (1 model checked)
            <BLANKLINE>
            Deal (objects/deals)
              error    missing_option             Deal.stage: no status 'Won'
        """
        n = len(self.models)
        head = (
            f"Schema of workspace {self.workspace_id or '?'}: {self.summary()} "
            f"({n} model{'s' if n != 1 else ''} checked)"
        )
        limit = _SEVERITY_ORDER[min_severity]
        shown = [i for i in self.issues if _SEVERITY_ORDER[i.severity] <= limit]
        if not shown:
            return head
        lines = [head]
        groups: dict[tuple[str, str, str], list[SchemaIssue]] = {}
        for issue in shown:
            groups.setdefault((issue.model, issue.target, issue.container), []).append(issue)
        for (model, target, container), issues in groups.items():
            lines.extend(["", f"{model} ({target}/{container})"])
            issues.sort(key=lambda i: _SEVERITY_ORDER[i.severity])
            lines.extend(
                f"  {i.severity:<8} {i.kind.value:<26} {i.where}: {i.message}" for i in issues
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: ``workspace_id``, ``models``, ``clean``, ``summary``,
        ``counts`` and ``issues``.

        Example:
            >>> SchemaDiff((), ("Person",), "w").to_dict()["clean"]
            True
        """
        counts = {s: sum(1 for i in self.issues if i.severity == s) for s in _SEVERITY_ORDER}
        return {
            "workspace_id": self.workspace_id,
            "models": list(self.models),
            "clean": self.is_clean,
            "summary": self.summary(),
            "counts": counts,
            "issues": [i.to_dict() for i in self.issues],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (non-ASCII titles kept as is)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- comparing


def registered_models() -> list[type[Any]]:
    """Every concrete model class defined so far (the registry ``check_models`` uses).

    Example:
        >>> from particle_orm.standard import Person
        >>> Person in registered_models()
        True
    """
    from particle_orm.fields import _registry

    # The registry has no public listing yet; read it under its lock.
    with _registry._lock:
        found = list(_registry._by_qualified.values())
    return [m for m in found if not m._meta.abstract]


def _target(model: type[Any]) -> str:
    return "lists" if model._meta.is_entry else "objects"


def _choice_titles(f: Any) -> list[str]:
    """Option/status titles a select or status field names: its Enum's values."""
    enum = getattr(f, "enum", None)
    if enum is None:
        return []
    return [m.value for m in enum if isinstance(m.value, str)]


def _object_slug_of(model: type[Any], schema: WorkspaceSchema) -> str | None:
    meta = model._meta
    if meta.object:
        return str(meta.object)
    if meta.object_id:
        return schema.object_slugs.get(meta.object_id)
    return None


def _humanize(name: str) -> str:
    return name.replace("_", " ").strip().lower()


class _Comparer:
    def __init__(self, schema: WorkspaceSchema, include_undeclared: bool) -> None:
        self.schema = schema
        self.include_undeclared = include_undeclared
        self.issues: list[SchemaIssue] = []

    def add(
        self,
        kind: IssueKind,
        model: type[Any],
        field_name: str | None,
        container: str,
        message: str,
        *,
        attribute: str | None = None,
        choice: str | None = None,
        expected: Any = None,
        actual: Any = None,
        field_obj: Any = None,
    ) -> None:
        self.issues.append(
            SchemaIssue(
                kind,
                model.__name__,
                field_name,
                _target(model),
                container,
                attribute,
                choice,
                expected,
                actual,
                message,
                model,
                field_obj,
            )
        )

    def model(self, model: type[Any]) -> ObjectInfo | ListInfo | None:
        meta = model._meta
        target = _target(model)
        key = str(meta.container)
        container = self.schema.container(target, key)
        if container is None:
            kind = IssueKind.MISSING_LIST if meta.is_entry else IssueKind.MISSING_OBJECT
            noun = "list" if meta.is_entry else "object"
            by_id = meta.list_id if meta.is_entry else meta.object_id
            hint = (
                " (declared by id: create it in Attio and update the id)"
                if by_id
                else " (sync_models() creates it)"
            )
            self.add(kind, model, None, key, f"no {noun} {key!r} in the workspace{hint}")
            return None
        if isinstance(container, ListInfo):
            self._parent(model, container, key)
        for name, f in meta.fields.items():
            self.field(model, container, key, name, f)
        return container

    def _parent(self, model: type[Any], container: ListInfo, key: str) -> None:
        try:
            parent = model._meta.parent
        except DeclarationError:
            return  # an unresolvable Meta.parent string is the models layer's error
        if parent is None or not container.parent_objects:
            return
        slug = _object_slug_of(parent, self.schema)
        if slug is not None and slug not in container.parent_objects:
            self.add(
                IssueKind.LIST_PARENT_MISMATCH,
                model,
                None,
                key,
                f"Meta.parent is {parent.__name__} ({slug!r}) but the list's parent object is "
                f"{', '.join(container.parent_objects)} (Attio cannot change a list's parent)",
                expected=slug,
                actual=list(container.parent_objects),
            )

    def _find(self, container: ObjectInfo | ListInfo, f: Any) -> AttributeInfo | None:
        if f.attribute_id:
            return container.attribute(f.attribute_id)
        return container.attribute(f.slug)

    def field(
        self,
        model: type[Any],
        container: ObjectInfo | ListInfo,
        key: str,
        name: str,
        f: Any,
    ) -> None:
        attr = self._find(container, f)
        ref = f.key

        def add(kind: IssueKind, message: str, **kw: Any) -> None:
            self.add(kind, model, name, key, message, attribute=ref, field_obj=f, **kw)

        if attr is None:
            add(
                IssueKind.MISSING_ATTRIBUTE,
                self._missing_message(container, f),
                expected=f.attribute_type,
            )
            return
        if attr.is_archived:
            add(
                IssueKind.ARCHIVED_ATTRIBUTE,
                f"attribute {attr.slug!r} is archived (sync_models() unarchives it)",
                expected="active",
                actual="archived",
            )
        if f.attribute_id and attr.slug != f.slug:
            add(
                IssueKind.SLUG_RENAMED,
                f"bound by id; the attribute's slug is now {attr.slug!r} (declared {f.slug!r})",
                expected=f.slug,
                actual=attr.slug,
            )
        if attr.type != f.attribute_type:
            add(
                IssueKind.TYPE_MISMATCH,
                f"declared {type(f).__name__} ({f.attribute_type!r}) but the attribute is "
                f"{attr.type!r} (Attio cannot change an attribute's type)",
                expected=f.attribute_type,
                actual=attr.type,
            )
            return
        if bool(f.many) != attr.is_multiselect:
            add(
                IssueKind.MANY_MISMATCH,
                f"declared many={bool(f.many)} but the attribute is "
                f"{'multiselect' if attr.is_multiselect else 'single-value'} "
                "(Attio cannot change is_multiselect)",
                expected=bool(f.many),
                actual=attr.is_multiselect,
            )
        if bool(f.unique) != attr.is_unique:
            add(
                IssueKind.UNIQUE_MISMATCH,
                f"declared unique={bool(f.unique)} but the attribute has "
                f"is_unique={attr.is_unique}",
                expected=bool(f.unique),
                actual=attr.is_unique,
            )
        if bool(f.required) != attr.is_required:
            consequence = " (creates without a value will fail)" if attr.is_required else ""
            add(
                IssueKind.REQUIRED_MISMATCH,
                f"declared required={bool(f.required)} but the attribute has "
                f"is_required={attr.is_required}{consequence}",
                expected=bool(f.required),
                actual=attr.is_required,
            )
        if not f.read_only and attr.read_only:
            add(
                IssueKind.NOT_WRITABLE,
                "declared writable but Attio does not accept writes to this attribute "
                "(declare read_only=True)",
                expected="writable",
                actual="read-only",
            )
        self._reference(f, attr, add)
        self._currency(f, attr, add)
        if attr.type in ("select", "status"):
            self._choices(f, attr, add)

    def _missing_message(self, container: ObjectInfo | ListInfo, f: Any) -> str:
        where = f"{container.target}/{container.slug}"
        if f.attribute_id:
            return (
                f"no attribute with id {f.attribute_id!r} on {where} "
                "(declared by id: it was deleted or belongs to another workspace)"
            )
        wanted = {_humanize(f.slug), _humanize(f.name)}
        if f.title:
            wanted.add(_humanize(f.title))
        similar = [
            a
            for a in container.attributes
            if not a.is_archived and (_humanize(a.title) in wanted or _humanize(a.slug) in wanted)
        ]
        if similar:
            hint = f"; an attribute titled {similar[0].title!r} has slug {similar[0].slug!r} now"
        elif f.read_only:
            hint = " (read-only: a system or enriched attribute that only Attio creates)"
        elif f.attribute_type in _ATTIO_ONLY_TYPES:
            hint = f" (Attio does not let you create {f.attribute_type} attributes)"
        else:
            hint = " (sync_models() creates it)"
        return f"no attribute {f.slug!r} on {where}{hint}"

    def _reference(self, f: Any, attr: AttributeInfo, add: Any) -> None:
        if attr.type != "record-reference" or not attr.target_objects:
            return
        try:
            targets = f.targets
        except DeclarationError:
            return
        declared = [s for s in (_object_slug_of(t, self.schema) for t in targets) if s]
        stray = [s for s in declared if s not in attr.target_objects]
        if stray:
            add(
                IssueKind.REFERENCE_TARGET_MISMATCH,
                f"declared targets {', '.join(declared)} but the attribute allows "
                f"{', '.join(attr.target_objects)}",
                expected=declared,
                actual=list(attr.target_objects),
            )

    def _currency(self, f: Any, attr: AttributeInfo, add: Any) -> None:
        code = getattr(f, "currency", None)
        if attr.type != "currency" or code is None or attr.currency_code is None:
            return
        if code != attr.currency_code:
            add(
                IssueKind.CURRENCY_MISMATCH,
                f"declared currency {code!r} but the attribute's currency is "
                f"{attr.currency_code!r}",
                expected=code,
                actual=attr.currency_code,
            )

    def _choices(self, f: Any, attr: AttributeInfo, add: Any) -> None:
        titles = _choice_titles(f)
        fetched = attr.options if attr.type == "select" else attr.statuses
        if not titles or fetched is None:
            return
        is_status = attr.type == "status"
        noun = "status" if is_status else "option"
        missing_kind = IssueKind.MISSING_STATUS if is_status else IssueKind.MISSING_OPTION
        archived_kind = IssueKind.ARCHIVED_STATUS if is_status else IssueKind.ARCHIVED_OPTION
        by_title = {c.title: c for c in fetched}
        for title in titles:
            choice = by_title.get(title)
            if choice is None:
                add(
                    missing_kind,
                    f"{f.enum.__name__} names {noun} {title!r}, which the workspace lacks",
                    choice=title,
                    expected=title,
                )
            elif choice.is_archived:
                add(
                    archived_kind,
                    f"{f.enum.__name__} names {noun} {title!r}, which is archived",
                    choice=title,
                    expected="active",
                    actual="archived",
                )
        if self.include_undeclared:
            extra_kind = IssueKind.UNDECLARED_STATUS if is_status else IssueKind.UNDECLARED_OPTION
            for choice in fetched:
                if not choice.is_archived and choice.title not in titles:
                    add(
                        extra_kind,
                        f"the workspace has {noun} {choice.title!r}, which "
                        f"{f.enum.__name__} does not name",
                        choice=choice.title,
                        actual=choice.title,
                    )

    def undeclared(
        self, models: list[type[Any]], containers: Mapping[int, ObjectInfo | ListInfo]
    ) -> None:
        grouped: dict[tuple[str, str], list[type[Any]]] = {}
        for model in models:
            container = containers.get(id(model))
            if container is not None:
                grouped.setdefault((container.target, container.id), []).append(model)
        for group in grouped.values():
            container = containers[id(group[0])]
            declared: set[str] = set()
            for model in group:
                for f in model._meta.fields.values():
                    attr = self._find(container, f)
                    if attr is not None:
                        declared.add(attr.id)
            system = SYSTEM_SLUGS[container.target]
            for attr in container.attributes:
                if attr.id in declared or attr.is_archived or attr.is_system or attr.slug in system:
                    continue
                self.add(
                    IssueKind.UNDECLARED_ATTRIBUTE,
                    group[0],
                    None,
                    str(group[0]._meta.container),
                    f"the workspace has attribute {attr.slug!r} ({attr.type}), which no "
                    "model declares",
                    attribute=attr.slug,
                    actual=attr.type,
                )


def diff_schema(
    schema: WorkspaceSchema,
    models: Iterable[type[Any]],
    *,
    include_undeclared: bool = False,
) -> SchemaDiff:
    """Compare models with a schema snapshot (no requests).

    ``include_undeclared`` also reports (as ``info``) custom attributes of the mapped
    objects/lists that no given model declares, and options/statuses an ``enum`` field
    does not name: what ``sync_models(allow_archive=True)`` would archive.

    Example:
        >>> from particle_orm.schema import WorkspaceSchema
        >>> from particle_orm.standard import Person
        >>> diff_schema(WorkspaceSchema("w", (), ()), [Person]).errors[0].kind.value
        'missing_object'
    """
    chosen = _concrete(models)
    comparer = _Comparer(schema, include_undeclared)
    containers: dict[int, ObjectInfo | ListInfo] = {}
    for model in chosen:
        found = comparer.model(model)
        if found is not None:
            containers[id(model)] = found
    if include_undeclared:
        comparer.undeclared(chosen, containers)
    return SchemaDiff(
        tuple(comparer.issues),
        tuple(m.__name__ for m in chosen),
        schema.workspace_id,
        schema.requests,
    )


def _concrete(models: Iterable[type[Any]] | None) -> list[type[Any]]:
    chosen = registered_models() if models is None else list(models)
    out: list[type[Any]] = []
    for m in chosen:
        meta = getattr(m, "_meta", None)
        if meta is None:
            raise TypeError(f"{m!r} is not a particle_orm model class")
        if meta.abstract:
            raise TypeError(f"{m.__name__} is abstract (Meta.abstract = True): nothing to check")
        if m not in out:
            out.append(m)
    return out


def diff_steps(
    models: Iterable[type[Any]] | None, *, include_undeclared: bool = False
) -> Steps[tuple[SchemaDiff, WorkspaceSchema]]:
    """Introspect just what ``models`` map to, then compare (sans-IO steps)."""
    chosen = _concrete(models)
    objects = [str(m._meta.container) for m in chosen if not m._meta.is_entry]
    lists = [str(m._meta.container) for m in chosen if m._meta.is_entry]
    for m in chosen:
        try:
            parent = m._meta.parent if m._meta.is_entry else None
        except DeclarationError:
            parent = None
        # A list's parent must be known to check it, and to create the list.
        if parent is not None and getattr(parent, "_meta", None) is not None:
            objects.append(str(parent._meta.container))
    wanted: set[tuple[str, str, str]] = set()
    for m in chosen:
        for f in m._meta.fields.values():
            if include_undeclared or _choice_titles(f):
                wanted.add((_target(m), str(m._meta.container), f.key))

    def options(target: str, keys: frozenset[str], attr: AttributeInfo) -> bool:
        if include_undeclared and attr.type in ("select", "status"):
            return True
        return any((target, c, a) in wanted for c in keys for a in (attr.slug, attr.id))

    schema = yield from introspect_steps(
        dict.fromkeys(objects), dict.fromkeys(lists), options=options, strict=False
    )
    return diff_schema(schema, chosen, include_undeclared=include_undeclared), schema


def diff_models(
    client: Any,
    models: Iterable[type[Any]] | None = None,
    *,
    include_undeclared: bool = False,
) -> SchemaDiff:
    """Compare model classes with the workspace behind ``client``.

    ``models=None`` compares every registered concrete model. The CLI's
    ``particle-orm schema diff`` calls this. See :func:`diff_schema` for
    ``include_undeclared``.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> from particle_orm.standard import User
        >>> diff_models(Emulator(seed=1).client(), [User]).summary()
        'clean'
    """
    chosen = _concrete(models)
    diff, schema = run(diff_steps(chosen, include_undeclared=include_undeclared), client)
    warm_schema_cache(client, chosen, schema)
    return diff


async def adiff_models(
    client: Any,
    models: Iterable[type[Any]] | None = None,
    *,
    include_undeclared: bool = False,
) -> SchemaDiff:
    """Async twin of :func:`diff_models`.

    Example::

        diff = await adiff_models(async_client, [Person, Company])
    """
    chosen = _concrete(models)
    diff, schema = await arun(diff_steps(chosen, include_undeclared=include_undeclared), client)
    warm_schema_cache(client, chosen, schema)
    return diff


def check_model(model: type[Any], client: Any) -> SchemaDiff:
    """``Model.check(client)``: compare one model with the workspace.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> from particle_orm.standard import Deal
        >>> check_model(Deal, Emulator(seed=1).client()).is_clean
        True
    """
    return diff_models(client, [model])


async def acheck_model(model: type[Any], client: Any) -> SchemaDiff:
    """Async twin of :func:`check_model`."""
    return await adiff_models(client, [model])


def check_models(client: Any, models: Iterable[type[Any]] | None = None) -> SchemaDiff:
    """Registry-wide check: every registered model (or ``models``) against the workspace.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> from particle_orm.standard import Workspace
        >>> check_models(Emulator(seed=1).client(), [Workspace]).models
        ('Workspace',)
    """
    return diff_models(client, models)


async def acheck_models(client: Any, models: Iterable[type[Any]] | None = None) -> SchemaDiff:
    """Async twin of :func:`check_models`."""
    return await adiff_models(client, models)
