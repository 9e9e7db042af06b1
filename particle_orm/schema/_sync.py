"""Schema sync: create what declared models need and the workspace lacks.

``sync_models(client, models)`` diffs, plans and applies, in dependency order: objects,
lists (their parent object first), unarchived and new attributes (reference targets
exist by then), constraint updates (only with ``update_constraints=True``), then select
options and statuses. It never deletes anything: Attio has no delete for objects, lists
or attributes, and archiving (of attributes, options and statuses no given model
declares) happens only with ``allow_archive=True``. ``dry_run=True`` returns the plan
without sending a write.

What sync cannot fix is listed in ``SyncResult.skipped`` with the reason: type and
``many`` changes (immutable in Attio), fields bound by id, attribute types Attio does not
let you create (interaction, personal-name, domain, email-address; status on objects),
read-only fields (system or enriched attributes Attio creates itself).

If an action fails, :class:`SyncError` is raised carrying the partial result (what was
applied before) and the failed action; nothing is rolled back (Attio has no transactions),
and rerunning sync resumes from the current state.

Example:
    >>> from particle_orm import fields
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.models import Model
    >>> class Project(Model):
    ...     class Meta:
    ...         object = "projects"
    ...     title: fields.Text = fields.Text(required=True)
    >>> client = Emulator(seed=1).client()
    >>> print(sync_models(client, [Project], dry_run=True).to_text())
    Sync plan (dry run): 2 actions
      create_object        objects/projects
      create_attribute     objects/projects.title (text)
    >>> sync_models(client, [Project]).applied[0].kind.value
    'create_object'
    >>> from particle_orm.schema import check_models
    >>> check_models(client, [Project]).is_clean
    True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from particle_orm.errors import DeclarationError
from particle_orm.schema._diff import (
    SYSTEM_SLUGS,
    IssueKind,
    SchemaDiff,
    SchemaIssue,
    _choice_titles,
    _object_slug_of,
    diff_steps,
)
from particle_orm.schema._driver import Request, Steps, arun, run
from particle_orm.schema._errors import SyncError
from particle_orm.schema._introspect import WorkspaceSchema

__all__ = ["ActionKind", "SyncAction", "SyncResult", "async_sync_models", "sync_models"]

#: Kinds Attio will not create through the API (FACTS §2).
_NOT_CREATABLE = {
    "interaction": "Attio does not let you create interaction attributes",
    "personal-name": "Attio does not let you create personal-name attributes",
    "domain": "Attio does not let you create your own domain attributes",
    "email-address": "Attio does not let you create your own email-address attributes",
}
_PASCAL_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+")


class ActionKind(str, Enum):
    """What a :class:`SyncAction` does (``archive_*`` only with ``allow_archive``).

    Example:
        >>> ActionKind.ARCHIVE_OPTION.destructive, ActionKind.CREATE_LIST.destructive
        (True, False)
    """

    CREATE_OBJECT = "create_object"
    CREATE_LIST = "create_list"
    UNARCHIVE_ATTRIBUTE = "unarchive_attribute"
    CREATE_ATTRIBUTE = "create_attribute"
    UPDATE_ATTRIBUTE = "update_attribute"
    CREATE_OPTION = "create_option"
    UNARCHIVE_OPTION = "unarchive_option"
    CREATE_STATUS = "create_status"
    UNARCHIVE_STATUS = "unarchive_status"
    ARCHIVE_ATTRIBUTE = "archive_attribute"
    ARCHIVE_OPTION = "archive_option"
    ARCHIVE_STATUS = "archive_status"

    @property
    def destructive(self) -> bool:
        """True for archiving actions."""
        return self.value.startswith("archive_")


_ORDER = {kind: i for i, kind in enumerate(ActionKind)}


@dataclass(frozen=True)
class SyncAction:
    """One write sync performs (or plans): kind, where, and the request body.

    ``container`` is the object or list slug, ``attribute`` the attribute slug,
    ``title`` the option or status title, ``data`` the request's ``data`` object.

    Example:
        >>> a = SyncAction(ActionKind.CREATE_OPTION, "objects", "companies", "categories",
        ...                "Robotics")
        >>> a.describe(), a.request().method
        ("objects/companies.categories option 'Robotics'", 'create_select_option')
    """

    kind: ActionKind
    target: str
    container: str
    attribute: str | None = None
    title: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    model: str | None = None
    field: str | None = None

    def describe(self) -> str:
        """Where the action applies, in words."""
        where = f"{self.target}/{self.container}"
        if self.attribute:
            where += f".{self.attribute}"
        if self.kind is ActionKind.CREATE_ATTRIBUTE:
            where += f" ({self.data.get('type')})"
        if self.title is not None:
            noun = "status" if "status" in self.kind.value else "option"
            where += f" {noun} {self.title!r}"
        if self.kind is ActionKind.UPDATE_ATTRIBUTE:
            where += " " + ", ".join(f"{k}={v}" for k, v in sorted(self.data.items()))
        return where

    def request(self) -> Request:
        """The client call that performs the action."""
        k, t, c, a = self.kind, self.target, self.container, self.attribute
        if k is ActionKind.CREATE_OBJECT:
            return Request(
                "create_object", (c, self.data["singular_noun"], self.data["plural_noun"])
            )
        if k is ActionKind.CREATE_LIST:
            return Request("create_list", (dict(self.data),))
        if k is ActionKind.CREATE_ATTRIBUTE:
            return Request("create_attribute", (t, c, dict(self.data)))
        if k in (
            ActionKind.UPDATE_ATTRIBUTE,
            ActionKind.UNARCHIVE_ATTRIBUTE,
            ActionKind.ARCHIVE_ATTRIBUTE,
        ):
            return Request("update_attribute", (t, c, a, dict(self.data)))
        if k is ActionKind.CREATE_OPTION:
            return Request("create_select_option", (t, c, a, self.title))
        if k is ActionKind.CREATE_STATUS:
            return Request("create_status", (t, c, a, self.title))
        if k in (ActionKind.UNARCHIVE_OPTION, ActionKind.ARCHIVE_OPTION):
            return Request("update_select_option", (t, c, a, self.title, dict(self.data)))
        return Request("update_status", (t, c, a, self.title, dict(self.data)))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "kind": self.kind.value,
            "target": self.target,
            "container": self.container,
            "attribute": self.attribute,
            "title": self.title,
            "data": dict(self.data),
            "model": self.model,
            "field": self.field,
            "destructive": self.kind.destructive,
        }


@dataclass(frozen=True)
class SyncResult:
    """What ``sync_models`` did (or, with ``dry_run``, would do).

    ``actions`` is the plan in execution order; ``applied`` the actions performed (empty
    on a dry run; a prefix of the plan if a :class:`SyncError` interrupted it);
    ``skipped`` pairs each issue sync cannot fix with the reason; ``before`` is the diff
    the plan was made from.

    Example:
        >>> r = SyncResult(dry_run=True, actions=(), applied=(), skipped=(),
        ...                before=SchemaDiff(()))
        >>> r.to_text()
        'Sync plan (dry run): nothing to do'
    """

    dry_run: bool
    actions: tuple[SyncAction, ...]
    applied: tuple[SyncAction, ...]
    skipped: tuple[tuple[SchemaIssue, str], ...]
    before: SchemaDiff
    requests: int = field(default=0, compare=False)

    @property
    def changed(self) -> bool:
        """True when at least one write was applied."""
        return bool(self.applied)

    def to_text(self) -> str:
        """A readable report of the plan (or what was applied) and what was skipped."""
        n = len(self.actions)
        if self.dry_run:
            head = "Sync plan (dry run): " + (
                f"{n} action{'s' if n != 1 else ''}" if n else "nothing to do"
            )
        else:
            m = len(self.applied)
            head = f"Sync applied {m} action{'s' if m != 1 else ''}" if m else "Sync: nothing to do"
        lines = [head]
        lines.extend(f"  {a.kind.value:<20} {a.describe()}" for a in self.actions)
        if self.skipped:
            lines.extend(["", f"Skipped ({len(self.skipped)}):"])
            lines.extend(
                f"  {issue.kind.value:<26} {issue.where}: {reason}"
                for issue, reason in self.skipped
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (``actions``, ``applied`` count, ``skipped``, ``before``)."""
        return {
            "dry_run": self.dry_run,
            "actions": [a.to_dict() for a in self.actions],
            "applied": len(self.applied),
            "skipped": [{"issue": i.to_dict(), "reason": r} for i, r in self.skipped],
            "before": self.before.to_dict(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- planning


def _words(name: str) -> str:
    return " ".join(w.lower() for w in _PASCAL_WORDS.findall(name)) or name


def _title(f: Any) -> str:
    if f.title:
        return str(f.title)
    text = str(f.slug or f.name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _nouns(model: type[Any], slug: str) -> tuple[str, str]:
    singular = _words(model.__name__)
    plural = slug.replace("_", " ").strip() or singular
    return singular[:1].upper() + singular[1:], plural[:1].upper() + plural[1:]


class _Planner:
    def __init__(
        self,
        diff: SchemaDiff,
        schema: WorkspaceSchema,
        *,
        allow_archive: bool,
        update_constraints: bool,
    ) -> None:
        self.diff = diff
        self.schema = schema
        self.allow_archive = allow_archive
        self.update_constraints = update_constraints
        self.actions: list[SyncAction] = []
        self.skipped: list[tuple[SchemaIssue, str]] = []
        self._seen: set[tuple[Any, ...]] = set()
        # Containers sync creates: (target, declared key) → slug.
        self.created: dict[tuple[str, str], str] = {}

    def act(self, action: SyncAction) -> None:
        key = (action.kind, action.target, action.container, action.attribute, action.title)
        if key not in self._seen:
            self._seen.add(key)
            self.actions.append(action)

    def skip(self, issue: SchemaIssue, reason: str) -> None:
        self.skipped.append((issue, reason))

    def container_slug(self, issue: SchemaIssue) -> str | None:
        found = self.schema.container(issue.target, issue.container)
        if found is not None:
            return found.slug
        return self.created.get((issue.target, issue.container))

    def plan(self) -> tuple[list[SyncAction], list[tuple[SchemaIssue, str]]]:
        for issue in self.diff.issues:
            if issue.kind in (IssueKind.MISSING_OBJECT, IssueKind.MISSING_LIST):
                self._container(issue)
        constraints: dict[tuple[str, str, str], dict[str, Any]] = {}
        for issue in self.diff.issues:
            handler = _HANDLERS.get(issue.kind)
            if handler is not None:
                handler(self, issue)
            elif issue.kind in (IssueKind.UNIQUE_MISMATCH, IssueKind.REQUIRED_MISMATCH):
                self._constraint(issue, constraints)
            elif issue.kind in _REASONS:
                self.skip(issue, _REASONS[issue.kind])
        for (target, container, attribute), data in constraints.items():
            self.act(
                SyncAction(ActionKind.UPDATE_ATTRIBUTE, target, container, attribute, data=data)
            )
        self.actions.sort(key=lambda a: _ORDER[a.kind])
        return self.actions, self.skipped

    # ------------------------------------------------------------------ containers

    def _container(self, issue: SchemaIssue) -> None:
        model = issue.model_class
        meta = model._meta
        if issue.kind is IssueKind.MISSING_OBJECT:
            if not meta.object:
                self.skip(
                    issue, "bound by Meta.object_id: an object cannot be created with a given id"
                )
                return
            singular, plural = _nouns(model, meta.object)
            self.act(
                SyncAction(
                    ActionKind.CREATE_OBJECT,
                    "objects",
                    meta.object,
                    data={
                        "api_slug": meta.object,
                        "singular_noun": singular,
                        "plural_noun": plural,
                    },
                    model=model.__name__,
                )
            )
            slug = str(meta.object)
        else:
            if not meta.list:
                self.skip(issue, "bound by Meta.list_id: a list cannot be created with a given id")
                return
            try:
                parent = meta.parent
            except DeclarationError as exc:
                self.skip(issue, f"Meta.parent cannot be resolved: {exc}")
                return
            parent_slug = None if parent is None else _object_slug_of(parent, self.schema)
            if parent_slug is None:
                self.skip(issue, "creating a list needs Meta.parent (a model bound by object slug)")
                return
            self.act(
                SyncAction(
                    ActionKind.CREATE_LIST,
                    "lists",
                    meta.list,
                    data={
                        "name": _nouns(model, meta.list)[1],
                        "api_slug": meta.list,
                        "parent_object": parent_slug,
                        "workspace_access": "full-access",
                        "workspace_member_access": [],
                    },
                    model=model.__name__,
                )
            )
            slug = str(meta.list)
        self.created[(issue.target, issue.container)] = slug
        system = SYSTEM_SLUGS[issue.target]
        for name, f in meta.fields.items():
            if f.slug in system:
                continue
            field_issue = SchemaIssue(
                IssueKind.MISSING_ATTRIBUTE,
                model.__name__,
                name,
                issue.target,
                issue.container,
                f.key,
                expected=f.attribute_type,
                message=f"no attribute {f.slug!r} (its {issue.target[:-1]} is created)",
                model_class=model,
                field_obj=f,
            )
            self._attribute(field_issue)

    # ------------------------------------------------------------------ attributes

    def _attribute(self, issue: SchemaIssue) -> None:
        slug = self.container_slug(issue)
        f = issue.field_obj
        if slug is None:
            return  # its container could not be created; that issue says why
        if f.attribute_id:
            self.skip(
                issue, "bound by attribute_id: an attribute cannot be created with a given id"
            )
            return
        if f.attribute_type in _NOT_CREATABLE:
            self.skip(issue, _NOT_CREATABLE[f.attribute_type])
            return
        if f.read_only:
            self.skip(
                issue, "read-only field: system and enriched attributes are Attio's to create"
            )
            return
        if f.attribute_type == "status" and issue.target == "objects":
            self.skip(issue, "Attio creates status attributes only on lists")
            return
        config: dict[str, Any] = {}
        if f.attribute_type == "currency" and getattr(f, "currency", None):
            config["currency"] = {"default_currency_code": f.currency, "display_type": "symbol"}
        if f.attribute_type == "record-reference":
            try:
                targets = [_object_slug_of(t, self.schema) for t in f.targets]
            except DeclarationError as exc:
                self.skip(issue, f"reference targets cannot be resolved: {exc}")
                return
            if not targets or None in targets:
                self.skip(issue, "a reference needs target models bound by object slug")
                return
            config["record_reference"] = {"allowed_objects": targets}
        data = {
            "title": _title(f),
            "description": None,
            "api_slug": f.slug,
            "type": f.attribute_type,
            "is_required": bool(f.required),
            "is_unique": bool(f.unique),
            "is_multiselect": bool(f.many),
            "config": config,
        }
        self.act(
            SyncAction(
                ActionKind.CREATE_ATTRIBUTE,
                issue.target,
                slug,
                f.slug,
                data=data,
                model=issue.model,
                field=issue.field,
            )
        )
        kind = (
            ActionKind.CREATE_STATUS if f.attribute_type == "status" else ActionKind.CREATE_OPTION
        )
        for title in _choice_titles(f):
            self.act(
                SyncAction(
                    kind, issue.target, slug, f.slug, title, model=issue.model, field=issue.field
                )
            )

    def _unarchive_attribute(self, issue: SchemaIssue) -> None:
        slug = self.container_slug(issue)
        if slug is not None and issue.attribute is not None:
            self.act(
                SyncAction(
                    ActionKind.UNARCHIVE_ATTRIBUTE,
                    issue.target,
                    slug,
                    issue.attribute,
                    data={"is_archived": False},
                    model=issue.model,
                    field=issue.field,
                )
            )

    def _constraint(
        self, issue: SchemaIssue, constraints: dict[tuple[str, str, str], dict[str, Any]]
    ) -> None:
        slug = self.container_slug(issue)
        container = self.schema.container(issue.target, issue.container)
        attr = None if container is None else container.attribute(str(issue.attribute))
        if attr is None or slug is None:
            return
        if attr.is_system:
            self.skip(issue, "a system attribute's constraints cannot be changed")
            return
        if not self.update_constraints:
            self.skip(issue, "pass update_constraints=True to change is_unique/is_required")
            return
        key = "is_unique" if issue.kind is IssueKind.UNIQUE_MISMATCH else "is_required"
        constraints.setdefault((issue.target, slug, attr.slug), {})[key] = issue.expected

    # ------------------------------------------------------------------ choices

    def _choice(self, issue: SchemaIssue) -> None:
        slug = self.container_slug(issue)
        container = self.schema.container(issue.target, issue.container)
        attr = None if container is None else container.attribute(str(issue.attribute))
        if slug is None or attr is None or issue.choice is None:
            return
        kind = {
            IssueKind.MISSING_OPTION: ActionKind.CREATE_OPTION,
            IssueKind.ARCHIVED_OPTION: ActionKind.UNARCHIVE_OPTION,
            IssueKind.MISSING_STATUS: ActionKind.CREATE_STATUS,
            IssueKind.ARCHIVED_STATUS: ActionKind.UNARCHIVE_STATUS,
            IssueKind.UNDECLARED_OPTION: ActionKind.ARCHIVE_OPTION,
            IssueKind.UNDECLARED_STATUS: ActionKind.ARCHIVE_STATUS,
        }[issue.kind]
        if kind.destructive and not self.allow_archive:
            self.skip(issue, "pass allow_archive=True to archive it")
            return
        data: dict[str, Any] = {}
        if kind in (ActionKind.UNARCHIVE_OPTION, ActionKind.UNARCHIVE_STATUS):
            data = {"is_archived": False}
        elif kind.destructive:
            data = {"is_archived": True}
        self.act(
            SyncAction(
                kind,
                issue.target,
                slug,
                attr.slug,
                issue.choice,
                data=data,
                model=issue.model,
                field=issue.field,
            )
        )

    def _archive_attribute(self, issue: SchemaIssue) -> None:
        slug = self.container_slug(issue)
        if slug is None or issue.attribute is None:
            return
        if not self.allow_archive:
            self.skip(issue, "pass allow_archive=True to archive it")
            return
        self.act(
            SyncAction(
                ActionKind.ARCHIVE_ATTRIBUTE,
                issue.target,
                slug,
                issue.attribute,
                data={"is_archived": True},
                model=issue.model,
            )
        )


_HANDLERS = {
    IssueKind.MISSING_ATTRIBUTE: _Planner._attribute,
    IssueKind.ARCHIVED_ATTRIBUTE: _Planner._unarchive_attribute,
    IssueKind.MISSING_OPTION: _Planner._choice,
    IssueKind.ARCHIVED_OPTION: _Planner._choice,
    IssueKind.MISSING_STATUS: _Planner._choice,
    IssueKind.ARCHIVED_STATUS: _Planner._choice,
    IssueKind.UNDECLARED_OPTION: _Planner._choice,
    IssueKind.UNDECLARED_STATUS: _Planner._choice,
    IssueKind.UNDECLARED_ATTRIBUTE: _Planner._archive_attribute,
}
_REASONS = {
    IssueKind.TYPE_MISMATCH: "Attio cannot change an attribute's type: change the field",
    IssueKind.MANY_MISMATCH: "Attio cannot change is_multiselect: change the field's many=",
    IssueKind.REFERENCE_TARGET_MISMATCH: "change the attribute's allowed objects in Attio",
    IssueKind.LIST_PARENT_MISMATCH: "Attio cannot change a list's parent object",
    IssueKind.NOT_WRITABLE: "declare the field read_only=True",
    IssueKind.CURRENCY_MISMATCH: "change the field's currency= (or the attribute in Attio)",
}


def _sync_steps(
    models: Iterable[type[Any]] | None,
    *,
    dry_run: bool,
    allow_archive: bool,
    update_constraints: bool,
) -> Steps[SyncResult]:
    diff, schema = yield from diff_steps(models, include_undeclared=True)
    requests = schema.requests
    actions, skipped = _Planner(
        diff, schema, allow_archive=allow_archive, update_constraints=update_constraints
    ).plan()
    # Undeclared extras are only news when archiving them is on the table.
    shown = tuple((i, r) for i, r in skipped if allow_archive or i.severity != "info")
    before = SchemaDiff(
        tuple(i for i in diff.issues if allow_archive or i.severity != "info"),
        diff.models,
        diff.workspace_id,
        requests,
    )
    applied: list[SyncAction] = []

    def result() -> SyncResult:
        return SyncResult(
            dry_run, tuple(actions), tuple(applied), shown, before, requests + len(applied)
        )

    if dry_run:
        return result()
    for action in actions:
        try:
            yield [action.request()]
        except Exception as exc:
            raise SyncError(
                f"sync stopped at {action.kind.value} {action.describe()}: {exc} "
                f"({len(applied)} of {len(actions)} actions applied)",
                result=result(),
                action=action,
            ) from exc
        applied.append(action)
    return result()


def sync_models(
    client: Any,
    models: Iterable[type[Any]] | None = None,
    *,
    dry_run: bool = False,
    allow_archive: bool = False,
    update_constraints: bool = False,
) -> SyncResult:
    """Create what ``models`` need and the workspace lacks (see the module docstring).

    ``models=None`` syncs every registered concrete model. ``allow_archive=True`` also
    archives custom attributes of the mapped objects/lists that none of ``models``
    declares, and options/statuses an ``enum`` field does not name.
    ``update_constraints=True`` makes ``is_unique`` / ``is_required`` match the fields.
    The CLI's ``particle-orm schema sync`` calls this.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> from particle_orm.standard import Person
        >>> sync_models(Emulator(seed=1).client(), [Person]).to_text()
        'Sync: nothing to do'
    """
    steps = _sync_steps(
        models, dry_run=dry_run, allow_archive=allow_archive, update_constraints=update_constraints
    )
    return run(steps, client)


async def async_sync_models(
    client: Any,
    models: Iterable[type[Any]] | None = None,
    *,
    dry_run: bool = False,
    allow_archive: bool = False,
    update_constraints: bool = False,
) -> SyncResult:
    """Async twin of :func:`sync_models` (actions still run one at a time, in order).

    Example::

        result = await async_sync_models(async_client, [Project], dry_run=True)
    """
    steps = _sync_steps(
        models, dry_run=dry_run, allow_archive=allow_archive, update_constraints=update_constraints
    )
    return await arun(steps, client)
