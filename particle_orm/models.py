"""``Model`` (Attio records) and ``ListEntry`` (list entries): declarations and instances.

Declaring a model::

    from particle_orm import fields
    from particle_orm.models import Model

    class Person(Model):
        class Meta:
            object = "people"            # slug, or object_id = "<uuid>" to bind by id
            match_on = "email_addresses"  # for asserts (upserts)

        name: fields.PersonalName = fields.PersonalName()
        email_addresses: fields.EmailAddress[list[Email]] = fields.EmailAddress(many=True)
        company: fields.Reference[Company | None] = fields.Reference("Company")

Typing (verified with mypy --strict; see tests/typing/): the metaclass is decorated with
PEP 681 ``dataclass_transform(kw_only_default=True)``, and fields are annotated with
their *field type* (``name: fields.Text = fields.Text()``). PEP 681 treats such
descriptor-typed fields specially: the synthesized ``__init__`` parameter takes the
descriptor's ``__set__`` value type (``str | None``), instance access gives its
``__get__`` type, and class access (``Person.name``) gives the field itself, typed for
the query layer. The shorter ``name: str | None = fields.Text()`` spelling (SQLModel's
trick) does *not* type-check: mypy ignores a ``__new__`` or metaclass ``__call__`` that
returns ``Any``, so a class-based field can never look like its value. At runtime both
spellings (and an unannotated ``name = fields.Text()``) work the same way. Field
classes are deliberately not listed as ``field_specifiers``: that would make every
field without ``default=`` a required constructor argument, while Attio values are
optional until ``validate_for_create()``.

Instances keep Attio's raw ``values`` and decode a field on first access (cached per
instance), record which fields changed (and, for ``many`` fields, whether values were
only appended), and know their composite id (:class:`~particle_orm.values.RecordId` /
:class:`~particle_orm.values.EntryId`).

Example:
    >>> from particle_orm.standard import Company
    >>> c = Company(name="Acme", domains=["acme.com"])
    >>> sorted(c.changed_fields())
    ['domains', 'name']
    >>> c.to_api_values()
    {'name': [{'value': 'Acme'}], 'domains': [{'domain': 'acme.com'}]}
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from typing_extensions import Self, dataclass_transform

from particle_orm.activity import Comment, Note, Task, Thread
from particle_orm.errors import (
    DeclarationError,
    DecodeError,
    NotLoadedError,
    RequiredFieldError,
    did_you_mean,
)
from particle_orm.fields import Field, TrackedList
from particle_orm.fields._base import MISSING, decode_actor
from particle_orm.fields._registry import register
from particle_orm.values import EntryId, HistoricValue, Instant, RecordId

if TYPE_CHECKING:
    from particle_orm.schema import SchemaDiff

__all__ = [
    "DecodeError",
    "FieldChange",
    "ListEntry",
    "Model",
    "ModelMeta",
    "NotLoadedError",
    "Options",
    "set_client_resolver",
    "set_loader",
]

M = TypeVar("M", bound="_Instance")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field: its current value and, for ``many`` fields changed only by
    appending, the appended values (``added``; ``None`` means overwritten).

    Example:
        >>> FieldChange(None, [1], (1,)).append_only
        True
    """

    field: Any
    value: Any
    added: tuple[Any, ...] | None

    @property
    def append_only(self) -> bool:
        """True when values were only added (PATCH appends; PUT is not needed)."""
        return self.added is not None


# --------------------------------------------------------------------------- hooks

Loader = Callable[[Any], None]
ClientResolver = Callable[[Any], Any]

_hooks_lock = threading.Lock()
_loader: Loader | None = None
_client_resolver: ClientResolver | None = None


def set_loader(fn: Loader | None) -> Loader | None:
    """Install the loader called when a deferred instance's field is first read.

    The loader receives the instance and must fill it (``obj._apply_response(data)``),
    typically through the active session's identity map. Returns the previous loader.

    Example:
        >>> previous = set_loader(None)
        >>> set_loader(previous) is None
        True
    """
    global _loader
    with _hooks_lock:
        previous, _loader = _loader, fn
    return previous


def set_client_resolver(fn: ClientResolver | None) -> ClientResolver | None:
    """Install the hook that supplies a client when ``history()`` gets none.

    The hook receives the instance and returns an ``AttioClient`` (or raises).

    Example:
        >>> previous = set_client_resolver(None)
        >>> set_client_resolver(previous) is None
        True
    """
    global _client_resolver
    with _hooks_lock:
        previous, _client_resolver = _client_resolver, fn
    return previous


# --------------------------------------------------------------------------- options

_MODEL_META_KEYS = frozenset({"object", "object_id", "match_on", "abstract"})
_ENTRY_META_KEYS = frozenset({"list", "list_id", "parent", "abstract"})
# Names a field may take over from the base class (system attributes Attio also has).
_OVERRIDABLE = frozenset({"record_id", "entry_id", "created_at"})


class Options:
    """``Model._meta``: a model's mapping, built once by the metaclass.

    Attributes: ``model``, ``object``/``object_id`` (models), ``list``/``list_id``/
    ``parent`` (entries), ``fields`` (name → field, declaration order),
    ``fields_by_slug``, ``fields_by_key`` (slug or attribute id → field),
    ``match_on`` (a field or ``None``), ``is_entry``, ``abstract``, and ``decoders``
    (slug → (name, field), the prebuilt table the fast paths use).

    Example:
        >>> from particle_orm.standard import Person
        >>> Person._meta.object, Person._meta.match_on.slug
        ('people', 'email_addresses')
    """

    def __init__(
        self,
        model: type[Any],
        *,
        is_entry: bool,
        abstract: bool,
        fields: dict[str, Field[Any]],
        object: str | None = None,
        object_id: str | None = None,
        match_on: Field[Any] | None = None,
        list: str | None = None,
        list_id: str | None = None,
        parent: type[Any] | str | None = None,
    ) -> None:
        self.model = model
        self.is_entry = is_entry
        self.abstract = abstract
        self.fields = fields
        self.object = object
        self.object_id = object_id
        self.match_on = match_on
        self.list = list
        self.list_id = list_id
        self._parent = parent
        self.fields_by_slug: dict[str, Field[Any]] = {}
        self.fields_by_key: dict[str, Field[Any]] = {}
        self.decoders: dict[str, tuple[str, Field[Any]]] = {}
        self.rebuild()

    def rebuild(self) -> None:
        """Recompute the slug tables (after a resolver rebinds an id-bound field's slug)."""
        self.fields_by_slug = {f.slug: f for f in self.fields.values() if f.slug}
        self.fields_by_key = {f.key: f for f in self.fields.values()}
        self.fields_by_key.update(self.fields_by_slug)
        self.decoders = {f.slug: (name, f) for name, f in self.fields.items() if f.slug}

    @property
    def container(self) -> str | None:
        """The object (models) or list (entries) identifier used in API paths."""
        if self.is_entry:
            return self.list_id or self.list
        return self.object_id or self.object

    @property
    def parent(self) -> type[Any] | None:
        """The parent model of a list entry (string names resolved on first use)."""
        if isinstance(self._parent, str):
            from particle_orm.fields._registry import resolve

            self._parent = resolve(self._parent)
        return self._parent

    def rebind(self, name: str, slug: str) -> None:
        """Point an (id-bound) field at the attribute's current slug and rebuild tables.

        Class-wide (every workspace in the process). Fields bound by id rarely need
        it: the query layer re-keys responses by attribute id per workspace.
        """
        self.fields[name].slug = slug
        self.rebuild()

    def field(self, name_or_slug: str) -> Field[Any]:
        """The field with this Python name, slug or attribute id (``KeyError`` otherwise)."""
        found = self.fields.get(name_or_slug) or self.fields_by_key.get(name_or_slug)
        if found is None:
            raise KeyError(
                f"{self.model.__name__} has no field {name_or_slug!r}"
                f"{did_you_mean(name_or_slug, [*self.fields, *self.fields_by_key])} "
                f"(fields: {', '.join(self.fields) or 'none'})"
            )
        return found

    def __repr__(self) -> str:
        where = f"list={self.container!r}" if self.is_entry else f"object={self.container!r}"
        return f"<Options {self.model.__name__} {where} fields={list(self.fields)}>"


def _meta_options(meta: type | None, allowed: frozenset[str], name: str) -> dict[str, Any]:
    if meta is None:
        return {}
    given = {k: v for k, v in vars(meta).items() if not k.startswith("__")}
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise DeclarationError(
            f"{name}.Meta: unknown option(s) {', '.join(map(repr, unknown))} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    return given


@dataclass_transform(kw_only_default=True)
class ModelMeta(type):
    """Metaclass of :class:`Model` and :class:`ListEntry`: validates the declaration and
    builds ``_meta``; registers concrete models for string references.

    Example:
        >>> from particle_orm import fields
        >>> class Bad(Model):
        ...     class Meta:
        ...         object = "people"
        ...     nick = fields.Text(many=True)
        Traceback (most recent call last):
        ...
        particle_orm.errors.DeclarationError: Bad.nick: Text attributes cannot be many \
(Attio allows multiselect only for Select, Reference, ActorReference, Domain, EmailAddress, \
PhoneNumber)
    """

    _meta: Options

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> ModelMeta:
        if namespace.get("_root_model", False):
            root = super().__new__(mcs, name, bases, namespace, **kwargs)
            root._meta = Options(
                root, is_entry=bool(namespace.get("_entry_base")), abstract=True, fields={}
            )
            return root
        parents = [b for b in bases if isinstance(b, ModelMeta) and hasattr(b, "_meta")]
        is_entry = any(getattr(b, "_entry_base", False) for b in bases)
        parent_meta = parents[0]._meta if parents else None
        meta_cls = namespace.pop("Meta", None)
        allowed = _ENTRY_META_KEYS if is_entry else _MODEL_META_KEYS
        opts = _meta_options(meta_cls, allowed, name)

        # Inherited fields are cloned so each class owns (and names) its own fields.
        fields: dict[str, Field[Any]] = {}
        for base in reversed(parents):
            for fname, f in base._meta.fields.items():
                if fname not in namespace:
                    clone = f.clone()
                    namespace[fname] = clone
                    fields[fname] = clone
        for fname, value in list(namespace.items()):
            if isinstance(value, Field):
                if value.model is not None:
                    raise DeclarationError(
                        f"{name}.{fname}: this field object is already bound to "
                        f"{value.model.__name__}.{value.name}; declare a new one or use .clone()"
                    )
                fields.pop(fname, None)
                fields[fname] = value
        mcs._check_fields(name, bases, fields)

        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        for fname, f in fields.items():
            if not f.name:  # clones added after type.__new__ ran __set_name__
                f.__set_name__(cls, fname)
        mcs._check_slugs(name, fields)

        def inherited(key: str) -> Any:
            if key in opts:
                return opts[key]
            return getattr(parent_meta, key, None) if parent_meta is not None else None

        abstract = bool(opts.get("abstract", False))
        match_on: Field[Any] | None = None
        match_spec = inherited("match_on")
        if isinstance(match_spec, Field):
            match_spec = match_spec.name
        if match_spec is not None:
            match_on = fields.get(match_spec) or next(
                (f for f in fields.values() if match_spec in (f.slug, f.attribute_id)), None
            )
            if match_on is None:
                raise DeclarationError(
                    f"{name}.Meta.match_on: {match_spec!r} is not a field name or slug of {name}"
                )
        if is_entry:
            list_slug, list_id = inherited("list"), inherited("list_id")
            if not abstract and not (list_slug or list_id):
                raise DeclarationError(
                    f"{name}: a ListEntry needs Meta.list (slug) or Meta.list_id "
                    "(or Meta.abstract = True)"
                )
            parent = opts["parent"] if "parent" in opts else getattr(parent_meta, "_parent", None)
            cls._meta = Options(
                cls,
                is_entry=True,
                abstract=abstract,
                fields=fields,
                list=list_slug,
                list_id=list_id,
                parent=parent,
            )
            key = list_id or list_slug
        else:
            obj, obj_id = inherited("object"), inherited("object_id")
            if not abstract and not (obj or obj_id):
                raise DeclarationError(
                    f"{name}: a Model needs Meta.object (slug) or Meta.object_id "
                    "(or Meta.abstract = True)"
                )
            cls._meta = Options(
                cls,
                is_entry=False,
                abstract=abstract,
                fields=fields,
                object=obj,
                object_id=obj_id,
                match_on=match_on,
            )
            key = obj or obj_id
        if not abstract:
            register(cls, key)
        return cls

    @staticmethod
    def _check_fields(name: str, bases: tuple[type, ...], fields: dict[str, Field[Any]]) -> None:
        for fname, f in fields.items():
            where = f"{name}.{fname}"
            if fname.startswith("_"):
                raise DeclarationError(f"{where}: field names cannot start with '_'")
            if fname not in _OVERRIDABLE:
                for base in bases:
                    attr = getattr(base, fname, None)
                    if attr is not None and not isinstance(attr, Field):
                        raise DeclarationError(
                            f"{where}: the name shadows {base.__name__}.{fname}; "
                            f"use another Python name with slug={fname!r}"
                        )
            if f.many and not f.allows_many:
                from particle_orm.fields import FIELD_TYPES

                many_ok = ", ".join(c.__name__ for c in FIELD_TYPES.values() if c.allows_many)
                raise DeclarationError(
                    f"{where}: {type(f).__name__} attributes cannot be many "
                    f"(Attio allows multiselect only for {many_ok})"
                )
            if f.unique and f.attribute_type == "select":
                raise DeclarationError(f"{where}: Attio select attributes cannot be unique")
            if f.slug is not None and not f.slug:
                raise DeclarationError(f"{where}: slug cannot be empty")

    @staticmethod
    def _check_slugs(name: str, fields: dict[str, Field[Any]]) -> None:
        seen: dict[str, str] = {}
        seen_ids: dict[str, str] = {}
        for fname, f in fields.items():
            if f.slug in seen:
                raise DeclarationError(
                    f"{name}.{fname}: duplicate slug {f.slug!r} (also {name}.{seen[f.slug]})"
                )
            if f.slug:
                seen[f.slug] = fname
            if f.attribute_id is not None:
                if f.attribute_id in seen_ids:
                    raise DeclarationError(
                        f"{name}.{fname}: duplicate attribute_id {f.attribute_id!r} "
                        f"(also {name}.{seen_ids[f.attribute_id]})"
                    )
                seen_ids[f.attribute_id] = fname


# --------------------------------------------------------------------------- instances


class _Instance(metaclass=ModelMeta):
    """State and behaviour shared by records and entries (not public)."""

    _root_model = True
    _entry_base: ClassVar[bool] = False
    _meta: ClassVar[Options]

    __slots__ = (
        "__weakref__",
        "_cache",
        "_changed",
        "_created_at",
        "_id",
        "_loaded",
        "_parent",
        "_parent_object",
        "_parent_record_id",
        "_raw",
        "_web_url",
    )

    # Instance state is declared in __init__, not as class annotations: under
    # dataclass_transform every class-level annotation would become a constructor field
    # (ClassVar ones are exempt).

    if TYPE_CHECKING:
        # Installed at import time by particle_orm.query (models must not import it);
        # declared here so that ``Person.objects`` is a typed ``Manager[Person]``.
        from particle_orm.query._exceptions import MultipleObjectsReturned as _Multiple
        from particle_orm.query._exceptions import ObjectDoesNotExist as _DoesNotExist
        from particle_orm.query._manager import ManagerDescriptor as _ManagerDescriptor

        objects: ClassVar[_ManagerDescriptor]
        DoesNotExist: ClassVar[type[_DoesNotExist]]
        MultipleObjectsReturned: ClassVar[type[_Multiple]]

        def fetch(self, *, binding: Any = None) -> Self: ...
        async def afetch(self, *, binding: Any = None) -> Self: ...

    def __init__(self, **values: Any) -> None:
        meta = self._meta
        if meta.abstract:
            raise TypeError(f"{type(self).__name__} is abstract and cannot be instantiated")
        self._raw: dict[str, Any] = {}
        self._cache: dict[str, Any] = {}
        self._changed: dict[str, list[Any] | None] = {}
        self._id: Any = None
        self._created_at: str | None = None
        self._web_url: str | None = None
        self._loaded: bool = True
        self._parent: Any = None
        self._parent_record_id: str | None = None
        self._parent_object: str | None = None
        self._init_extra(values)
        fields = meta.fields
        unknown = [k for k in values if k not in fields]
        if unknown:
            raise TypeError(
                f"{type(self).__name__}() got unexpected keyword argument(s) "
                f"{', '.join(map(repr, unknown))}{did_you_mean(unknown[0], fields)} "
                f"(fields: {', '.join(fields)})"
            )
        for name, field in fields.items():
            if name in values:
                field.__set__(self, values[name])
            elif field.default is not MISSING and not field.read_only:
                default = field.default
                field.__set__(self, default() if callable(default) else default)

    def _init_extra(self, values: dict[str, Any]) -> None:
        """Hook for entry-only constructor arguments (``parent=``)."""

    # ------------------------------------------------------------------ loading

    @classmethod
    def _blank(cls) -> Self:
        obj = cls.__new__(cls)
        obj._raw = {}
        obj._cache = {}
        obj._changed = {}
        obj._id = None
        obj._created_at = None
        obj._web_url = None
        obj._loaded = True
        obj._parent = None
        obj._parent_record_id = None
        obj._parent_object = None
        return obj

    @classmethod
    def _unloaded(cls, ident: Any, id_slug: str, raw_id: str) -> Self:
        obj = cls._blank()
        obj._id = ident
        obj._loaded = False
        # A model may declare its id attribute as a field; it is known without a load.
        field = cls._meta.fields_by_slug.get(id_slug)
        if field is not None:
            obj._cache[field.name] = raw_id
        return obj

    def _load_field(self, field: Field[Any]) -> Any:
        if not self._loaded:
            self._fetch()
            cached = self._cache.get(field.name, MISSING)
            if cached is not MISSING:
                return cached
        attribute_id = field.attribute_id
        if attribute_id is not None:
            # The query layer re-keys responses by attribute id through the workspace
            # schema, so a field bound by id reads right whatever its slug is today.
            raw = self._raw.get(attribute_id)
            if raw is None:
                raw = self._raw.get(field.slug)  # type: ignore[arg-type]
        else:
            raw = self._raw.get(field.slug)  # type: ignore[arg-type]
        if raw is None:
            value = field.empty()
        else:
            try:
                if field.plain_decode and not field.many:
                    # Inlined single-value decode: the hot path of a full read.
                    value = None
                    for item in raw:
                        if item.get("active_until") is None:
                            value = field.decode_item(item)
                            break
                else:
                    value = field.decode_for(self, raw)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                shown = repr(raw)
                shown = shown if len(shown) < 200 else shown[:197] + "..."
                raise DecodeError(
                    f"{type(self).__name__}.{field.name} (slug {field.slug!r}, "
                    f"{field.attribute_type}): cannot decode {shown}: {type(exc).__name__}: {exc}"
                ) from exc
        if field.many:
            value = TrackedList(value, self, field)
        self._cache[field.name] = value
        return value

    def _fetch(self) -> None:
        loader = _loader
        if loader is None:
            raise NotLoadedError(
                f"{self!r} is a deferred instance (only its id is known) and no loader is "
                "installed: fetch it explicitly (e.g. .fetch()), use prefetch_related(), "
                "or open a session"
            )
        loader(self)
        if not self._loaded:
            raise NotLoadedError(f"the loader did not load {self!r}")

    @property
    def is_loaded(self) -> bool:
        """False for a deferred instance whose values have not been fetched yet."""
        return self._loaded

    # ------------------------------------------------------------------ writing

    def _set_field(self, field: Field[Any], value: Any) -> None:
        field.check_writable(value)
        validated = field.validate(value)
        name = field.name
        if field.many:
            added: list[Any] | None = None
            old = self._cache.get(name)
            pending = self._changed.get(name, MISSING)
            if old is not None and (pending is MISSING or pending is not None):
                n = len(old)
                if len(validated) >= n and validated[:n] == list(old):
                    added = [*(pending or ()), *validated[n:]]
            validated = TrackedList(validated, self, field)
            self._cache[name] = validated
            self._changed[name] = added
        else:
            self._cache[name] = validated
            self._changed[name] = None

    def _note_change(self, field: Field[Any], added: list[Any] | None) -> None:
        name = field.name
        changed = self._changed
        if added is None:
            changed[name] = None
        elif name not in changed:
            changed[name] = list(added)
        else:
            pending = changed[name]
            if pending is not None:
                pending.extend(added)

    def changed_fields(self) -> dict[str, FieldChange]:
        """Fields changed since load (or since ``_mark_clean()``), by Python name.

        Example:
            >>> from particle_orm.standard import Company
            >>> Company(name="Acme").changed_fields()["name"].value
            'Acme'
        """
        fields = self._meta.fields
        return {
            name: FieldChange(
                fields[name],
                self._cache.get(name),
                None if added is None else tuple(added),
            )
            for name, added in self._changed.items()
        }

    @property
    def is_dirty(self) -> bool:
        """True when any field changed since load."""
        return bool(self._changed)

    def _mark_clean(self) -> None:
        """Forget recorded changes (the session calls this after a successful save)."""
        self._changed.clear()

    def to_api_values(
        self, only: Iterable[str] | None = None, *, append: bool = False
    ) -> dict[str, list[Any]]:
        """Encode fields to Attio's ``values`` / ``entry_values`` dict.

        ``only`` names fields (Python names or slugs); by default the changed fields.
        Keys are slugs, or attribute ids for fields bound by id. With ``append=True``,
        ``many`` fields changed only by appending send just the added values (PATCH).

        Example:
            >>> from particle_orm.standard import Person
            >>> Person(email_addresses=["a@b.com"]).to_api_values()
            {'email_addresses': [{'email_address': 'a@b.com'}]}
        """
        meta = self._meta
        names = list(self._changed) if only is None else [meta.field(n).name for n in only]
        out: dict[str, list[Any]] = {}
        for name in names:
            field = meta.fields[name]
            value = getattr(self, name)
            if only is not None:
                field.check_writable(value)
            elif field.read_only:
                continue
            added = self._changed.get(name)
            if append and field.many and added is not None:
                out[field.key] = field.encode(added)
            else:
                out[field.key] = field.encode(value)
        return out

    def validate_for_create(self) -> None:
        """Raise ``RequiredFieldError`` for the first required field without a value.

        Example:
            >>> from particle_orm.standard import Deal
            >>> Deal(name="Big").validate_for_create()
            Traceback (most recent call last):
            ...
            particle_orm.errors.RequiredFieldError: Deal.stage (slug "stage"): got None \
(NoneType); expected a value (required on create)
        """
        for name, field in self._meta.fields.items():
            if not field.required or field.read_only:
                continue
            value = self._cache.get(name) if name in self._cache else getattr(self, name)
            if value is None or (field.many and not value):
                raise RequiredFieldError(
                    type(self).__name__, name, field.slug, value, "a value (required on create)"
                )

    # ------------------------------------------------------------------ responses

    def _apply_response(self, data: dict[str, Any], *, clean: bool = False) -> None:
        """Refresh from a server response (record or entry JSON).

        With ``clean=True`` (after a successful save) pending changes are dropped and
        every field re-decodes from the response; otherwise (a loader filling a
        deferred instance) values changed locally but not yet saved are kept.
        """
        self._fill(data)
        if clean:
            self._changed.clear()
            self._cache = {}
        else:
            changed = self._changed
            self._cache = {k: v for k, v in self._cache.items() if k in changed}

    def _fill(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ history

    def _history_request(self, client: Any, field: Field[Any]) -> Any:
        raise NotImplementedError

    def _history_decode(self, field: Field[Any], raw: list[dict[str, Any]]) -> list[HistoricValue]:
        ws = self._id[0] if self._id is not None else None
        out = []
        for item in raw:
            if field.attribute_type == "record-reference":
                value = field.decode_item(item, ws)  # type: ignore[call-arg]
            else:
                value = field.decode_item(item)
            frm, until = item.get("active_from"), item.get("active_until")
            out.append(
                HistoricValue(
                    value,
                    None if frm is None else Instant.parse(frm),
                    None if until is None else Instant.parse(until),
                    decode_actor(item.get("created_by_actor")),
                )
            )
        return out

    def _history_client(self, field_name: str, client: Any) -> tuple[Field[Any], Any]:
        field = self._meta.field(field_name)
        return field, self._client_for(f"history({field_name!r})", client)

    def _client_for(self, what: str, client: Any) -> Any:
        """The client to ask about this saved instance: ``client``, else the resolver's."""
        if self._id is None:
            raise NotLoadedError(f"{self!r} has no id yet: save it before asking for {what}")
        if client is None:
            resolver = _client_resolver
            if resolver is None:
                raise NotLoadedError(
                    f"{type(self).__name__}.{what} needs a client: pass client=... or "
                    "configure a default client"
                )
            client = resolver(self)
        return client

    def history(self, field: str, *, client: Any = None) -> list[HistoricValue]:
        """All values the attribute has had, oldest first (``show_historic=true``).

        Example:
            >>> class FakeClient:
            ...     def list_record_attribute_values(self, obj, rid, attr, *, show_historic):
            ...         return [{"active_from": "2024-01-01T00:00:00.000000000Z",
            ...                  "active_until": None, "created_by_actor": None,
            ...                  "value": "CTO", "attribute_type": "text"}]
            >>> from particle_orm.standard import Person
            >>> Person.deferred("r1").history("job_title", client=FakeClient())[0].value
            'CTO'
        """
        f, resolved = self._history_client(field, client)
        return self._history_decode(f, self._history_request(resolved, f))

    async def ahistory(self, field: str, *, client: Any = None) -> list[HistoricValue]:
        """Async twin of :meth:`history` (for ``AsyncAttioClient``)."""
        f, resolved = self._history_client(field, client)
        raw = await cast(Awaitable[Any], self._history_request(resolved, f))
        return self._history_decode(f, raw)

    def value_at(self, field: str, when: datetime, *, client: Any = None) -> Any:
        """The field's value as it was at ``when`` (timezone-aware), from its history.

        A list for ``many`` fields (every value active then), else the value or ``None``
        (no value then, e.g. before the record existed). Costs one request, like
        :meth:`history`.

        Example:
            >>> class FakeClient:
            ...     def list_record_attribute_values(self, obj, rid, attr, *, show_historic):
            ...         return [
            ...             {"active_from": "2024-01-01T00:00:00.000000000Z",
            ...              "active_until": "2024-06-01T00:00:00.000000000Z",
            ...              "created_by_actor": None, "value": "CTO", "attribute_type": "text"},
            ...             {"active_from": "2024-06-01T00:00:00.000000000Z",
            ...              "active_until": None, "created_by_actor": None,
            ...              "value": "CEO", "attribute_type": "text"}]
            >>> from datetime import datetime, timezone
            >>> from particle_orm.standard import Person
            >>> ada = Person.deferred("r1")
            >>> ada.value_at("job_title", datetime(2024, 3, 1, tzinfo=timezone.utc),
            ...     client=FakeClient())
            'CTO'
        """
        f, resolved = self._history_client(field, client)
        _check_when(self, field, when)
        history = self._history_decode(f, self._history_request(resolved, f))
        return _value_at(f, history, when)

    async def avalue_at(self, field: str, when: datetime, *, client: Any = None) -> Any:
        """Async twin of :meth:`value_at` (for ``AsyncAttioClient``)."""
        f, resolved = self._history_client(field, client)
        _check_when(self, field, when)
        raw = await cast(Awaitable[Any], self._history_request(resolved, f))
        return _value_at(f, self._history_decode(f, raw), when)

    # ------------------------------------------------------------------ schema check

    @classmethod
    def check(cls, client: Any) -> SchemaDiff:
        """Compare this model with the client's workspace: a structured report.

        Reports, one issue each: a missing (or archived) attribute, a wrong type,
        ``many`` against a single-value attribute (or the reverse), unique/required
        mismatches, select options and statuses the code names but the workspace
        lacks, and renamed slugs of fields bound by id. Costs 1 objects (or lists)
        listing, 1 attributes listing and 1 per select/status field. Delegates to
        :func:`particle_orm.schema.check_model`.

        Example:
            >>> from particle_orm.emulator import Emulator
            >>> from particle_orm.standard import Deal
            >>> Deal.check(Emulator(seed=1).client()).is_clean
            True
        """
        from particle_orm.schema import check_model

        return check_model(cls, client)

    @classmethod
    async def acheck(cls, client: Any) -> SchemaDiff:
        """Async twin of :meth:`check` (for ``AsyncAttioClient``)."""
        from particle_orm.schema import acheck_model

        return await acheck_model(cls, client)

    # ------------------------------------------------------------------ pydantic

    _pydantic_cache: ClassVar[dict[type[Any], type[Any]]] = {}

    @classmethod
    def pydantic_model(cls) -> type[Any]:
        """A pydantic v2 model mirroring this model (cached): for JSON schema and
        FastAPI ``response_model``. References appear as record id strings; select and
        status values as titles; timestamps keep their 9 digits in JSON.

        Example:
            >>> from particle_orm.standard import Company
            >>> schema = Company.pydantic_model().model_json_schema()
            >>> schema["properties"]["domains"]["type"]
            'array'
        """
        cached = _Instance._pydantic_cache.get(cls)
        if cached is not None:
            return cached
        from pydantic import create_model

        id_key = "entry_id" if cls._meta.is_entry else "record_id"
        definitions: dict[str, Any] = {id_key: (str | None, None)}
        for name, field in cls._meta.fields.items():
            if name == id_key:
                continue
            typ = field.pydantic_type()
            definitions[name] = (typ, [] if field.many else None)
        model = create_model(f"{cls.__name__}Schema", __doc__=cls.__doc__, **definitions)
        _Instance._pydantic_cache[cls] = model
        return cast(type[Any], model)

    def to_pydantic(self) -> Any:
        """This instance as an instance of :meth:`pydantic_model` (decodes every field).

        Example:
            >>> from particle_orm.standard import Company
            >>> Company(name="Acme").to_pydantic().name
            'Acme'
        """
        meta = self._meta
        id_key = "entry_id" if meta.is_entry else "record_id"
        data: dict[str, Any] = {id_key: self._id[2] if self._id is not None else None}
        for name, field in meta.fields.items():
            if name == id_key:
                continue
            value = getattr(self, name)
            data[name] = field.to_plain(list(value) if field.many else value)
        return self.pydantic_model().model_validate(data)

    # ------------------------------------------------------------------ common

    @property
    def id(self) -> Any:
        """The composite id (``RecordId`` / ``EntryId``), or ``None`` before create."""
        return self._id

    @property
    def created_at(self) -> Instant | None:
        """When Attio created the record/entry (top-level ``created_at``).

        Models that declare a ``created_at`` field (the standard ones do: it is a
        filterable system attribute) read that attribute instead; the top-level value
        stays available as :attr:`api_created_at`.
        """
        return self.api_created_at

    @property
    def api_created_at(self) -> Instant | None:
        """The top-level ``created_at`` of the API object (never shadowed by a field).

        It can differ from the ``created_at`` attribute by a few hundred ms (FACTS §1).
        """
        raw = self._created_at
        return None if raw is None else Instant.parse(raw)

    def __repr__(self) -> str:
        ident = self._id
        key = "entry_id" if self._meta.is_entry else "record_id"
        shown = f"{key}={ident[2]!r}" if ident is not None else "unsaved"
        state = "" if self._loaded else " deferred"
        return f"<{type(self).__name__} {shown}{state}>"

    def __getstate__(self) -> dict[str, Any]:
        state = {slot: getattr(self, slot) for slot in _STATE_SLOTS}
        state["_cache"] = {
            k: list(v) if isinstance(v, TrackedList) else v for k, v in self._cache.items()
        }
        extra = getattr(self, "__dict__", None)
        if extra:
            state["__dict__"] = dict(extra)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        extra = state.pop("__dict__", None)
        for key, value in state.items():
            object.__setattr__(self, key, value)
        fields = self._meta.fields
        for name, value in list(self._cache.items()):
            if fields[name].many:
                self._cache[name] = TrackedList(value, self, fields[name])
        if extra:
            self.__dict__.update(extra)


def _check_when(obj: Any, field: str, when: object) -> None:
    if not isinstance(when, datetime) or when.tzinfo is None:
        raise TypeError(
            f"{type(obj).__name__}.value_at({field!r}, ...): when must be a timezone-aware "
            f"datetime, got {when!r}"
        )


def _value_at(field: Field[Any], history: list[HistoricValue], when: datetime) -> Any:
    active = [h.value for h in history if h.was_active_at(when)]
    if field.many:
        return active
    # Overlaps should not happen for a single-value attribute; the latest wins if they do.
    return active[-1] if active else None


_STATE_SLOTS = (
    "_raw",
    "_cache",
    "_changed",
    "_id",
    "_created_at",
    "_web_url",
    "_loaded",
    "_parent",
    "_parent_record_id",
    "_parent_object",
)


class Model(_Instance):
    """Base class of models mapped to Attio objects (records).

    Instances compare by identity (as in SQLAlchemy): the session's identity map keeps
    one instance per composite id, so ``a.id == b.id`` is the explicit id comparison.

    Example:
        >>> from particle_orm import fields
        >>> class Ticket(Model):
        ...     class Meta:
        ...         object = "tickets"
        ...     title: fields.Text = fields.Text(required=True)
        >>> Ticket(title="Printer on fire").title
        'Printer on fire'
    """

    _root_model = True
    __slots__ = ()

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Self:
        """Trusted fast path: wrap a record as Attio returns it, with no validation.

        Values stay raw and decode on first access.

        Example:
            >>> from particle_orm.standard import Company
            >>> c = Company.from_api({"id": {"workspace_id": "w", "object_id": "o",
            ...     "record_id": "r"}, "created_at": "2025-01-01T00:00:00.000000000Z",
            ...     "web_url": "https://app.attio.com/x/company/r",
            ...     "values": {"name": [{"active_until": None, "value": "Acme"}]}})
            >>> c.name, c.id
            ('Acme', RecordId(workspace_id='w', object_id='o', record_id='r'))
        """
        obj = cls.__new__(cls)
        ident = data["id"]
        obj._raw = data["values"]
        obj._cache = {}
        obj._changed = {}
        obj._id = RecordId(ident["workspace_id"], ident["object_id"], ident["record_id"])
        obj._created_at = data.get("created_at")
        obj._web_url = data.get("web_url")
        obj._loaded = True
        obj._parent = None
        obj._parent_record_id = None
        obj._parent_object = None
        return obj

    @classmethod
    def from_api_many(cls, records: Iterable[dict[str, Any]]) -> list[Self]:
        """``from_api`` over a page of records, with the per-row work hoisted.

        Example:
            >>> from particle_orm.standard import Company
            >>> len(Company.from_api_many([]))
            0
        """
        new = cls.__new__
        make_id = RecordId
        out: list[Self] = []
        append = out.append
        for data in records:
            obj = new(cls)
            ident = data["id"]
            obj._raw = data["values"]
            obj._cache = {}
            obj._changed = {}
            obj._id = make_id(ident["workspace_id"], ident["object_id"], ident["record_id"])
            obj._created_at = data.get("created_at")
            obj._web_url = data.get("web_url")
            obj._loaded = True
            obj._parent = None
            obj._parent_record_id = None
            obj._parent_object = None
            append(obj)
        return out

    @classmethod
    def deferred(
        cls, record_id: str, workspace_id: str | None = None, object_id: str | None = None
    ) -> Self:
        """An instance that knows only its id; fields load on first access via the loader.

        Example:
            >>> from particle_orm.standard import Company
            >>> c = Company.deferred("r1", workspace_id="w")
            >>> c.record_id, c.is_loaded
            ('r1', False)
        """
        ident = RecordId(workspace_id, object_id or cls._meta.object_id, record_id)
        return cls._unloaded(ident, "record_id", record_id)

    # ------------------------------------------------------------------ notes and tasks

    def notes(self, *, client: Any = None) -> list[Note]:
        """The record's notes (all pages: Attio sends at most 50 at a time).

        Example::

            for note in acme.notes():
                print(note.title, note.created_at)
        """
        found = self._client_for("notes()", client).iter_notes(
            parent_object=self._meta.container, parent_record_id=self._id[2]
        )
        return [Note.from_api(n) for n in found]

    async def anotes(self, *, client: Any = None) -> list[Note]:
        """Async twin of :meth:`notes`."""
        found = self._client_for("anotes()", client).iter_notes(
            parent_object=self._meta.container, parent_record_id=self._id[2]
        )
        return [Note.from_api(n) async for n in found]

    def add_note(
        self,
        title: str,
        content: str,
        *,
        format: str = "plaintext",
        created_at: datetime | None = None,
        client: Any = None,
    ) -> Note:
        """Add a note to the record now (``format``: ``plaintext`` or ``markdown``).

        Example::

            acme.add_note("Call", "# Recap\n- pricing agreed", format="markdown")
        """
        data = self._client_for("add_note()", client).create_note(
            self._meta.container, self._id[2], title, content, format=format, created_at=created_at
        )
        return Note.from_api(data)

    async def aadd_note(
        self,
        title: str,
        content: str,
        *,
        format: str = "plaintext",
        created_at: datetime | None = None,
        client: Any = None,
    ) -> Note:
        """Async twin of :meth:`add_note`."""
        data = await self._client_for("aadd_note()", client).create_note(
            self._meta.container, self._id[2], title, content, format=format, created_at=created_at
        )
        return Note.from_api(data)

    def tasks(self, *, is_completed: bool | None = None, client: Any = None) -> list[Task]:
        """The tasks linked to the record (optionally only open or done ones).

        Example::

            open_tasks = acme.tasks(is_completed=False)
        """
        found = self._client_for("tasks()", client).iter_tasks(
            linked_object=self._meta.container,
            linked_record_id=self._id[2],
            is_completed=is_completed,
        )
        return [Task.from_api(t) for t in found]

    async def atasks(self, *, is_completed: bool | None = None, client: Any = None) -> list[Task]:
        """Async twin of :meth:`tasks`."""
        found = self._client_for("atasks()", client).iter_tasks(
            linked_object=self._meta.container,
            linked_record_id=self._id[2],
            is_completed=is_completed,
        )
        return [Task.from_api(t) async for t in found]

    def add_task(
        self,
        content: str,
        *,
        deadline_at: datetime | None = None,
        assignees: Sequence[str] = (),
        client: Any = None,
    ) -> Task:
        """Create a task linked to the record now; ``assignees``: member ids or emails.

        Example::

            acme.add_task("Send the proposal", deadline_at=friday, assignees=["ada@acme.com"])
        """
        data = self._client_for("add_task()", client).create_task(
            content,
            deadline_at=deadline_at,
            linked_records=[(self._meta.container, self._id[2])],
            assignees=assignees,
        )
        return Task.from_api(data)

    async def aadd_task(
        self,
        content: str,
        *,
        deadline_at: datetime | None = None,
        assignees: Sequence[str] = (),
        client: Any = None,
    ) -> Task:
        """Async twin of :meth:`add_task`."""
        data = await self._client_for("aadd_task()", client).create_task(
            content,
            deadline_at=deadline_at,
            linked_records=[(self._meta.container, self._id[2])],
            assignees=assignees,
        )
        return Task.from_api(data)

    def threads(self, *, client: Any = None) -> list[Thread]:
        """The comment threads on the record, each with its comments.

        Example::

            for thread in deal.threads():
                print([c.content for c in thread.comments])
        """
        found = self._client_for("threads()", client).iter_threads(
            object=self._meta.container, record_id=self._id[2]
        )
        return [Thread.from_api(t) for t in found]

    async def athreads(self, *, client: Any = None) -> list[Thread]:
        """Async twin of :meth:`threads`."""
        found = self._client_for("athreads()", client).iter_threads(
            object=self._meta.container, record_id=self._id[2]
        )
        return [Thread.from_api(t) async for t in found]

    def add_comment(
        self, content: str, *, author: str, thread: str | None = None, client: Any = None
    ) -> Comment:
        """Comment on the record now (a new thread, or a reply in ``thread``).

        ``author`` is a workspace member id.

        Example::

            deal.add_comment("Signed!", author=member_id)
        """
        target = self._client_for("add_comment()", client)
        data = target.create_comment(content, author=author, **self._comment_place(thread))
        return Comment.from_api(data)

    async def aadd_comment(
        self, content: str, *, author: str, thread: str | None = None, client: Any = None
    ) -> Comment:
        """Async twin of :meth:`add_comment`."""
        target = self._client_for("aadd_comment()", client)
        data = await target.create_comment(content, author=author, **self._comment_place(thread))
        return Comment.from_api(data)

    def _comment_place(self, thread: str | None) -> dict[str, Any]:
        """A reply in ``thread``, or a new thread on this record."""
        if thread is not None:
            return {"thread_id": thread}
        return {"record": (self._meta.container, self._id[2])}

    def _fill(self, data: dict[str, Any]) -> None:
        ident = data["id"]
        self._raw = data["values"]
        self._id = RecordId(ident["workspace_id"], ident["object_id"], ident["record_id"])
        self._created_at = data.get("created_at")
        self._web_url = data.get("web_url")
        self._loaded = True

    def _history_request(self, client: Any, field: Field[Any]) -> Any:
        return client.list_record_attribute_values(
            self._meta.container, self._id.record_id, field.key, show_historic=True
        )

    @property
    def record_id(self) -> str | None:
        """The record's UUID (``None`` before create)."""
        return None if self._id is None else self._id.record_id

    @property
    def web_url(self) -> str | None:
        """The record's page in the Attio app."""
        return self._web_url


class ListEntry(_Instance):
    """Base class of list entries (``Meta.list`` or ``Meta.list_id``; ``Meta.parent``).

    Example:
        >>> from particle_orm import fields
        >>> from particle_orm.standard import Company
        >>> class Sale(ListEntry):
        ...     class Meta:
        ...         list = "sales"
        ...         parent = Company
        ...     stage: fields.Status = fields.Status()
        >>> s = Sale(parent=Company.deferred("c1"), stage="Lead")
        >>> s.parent_record_id, s.to_api_values()
        ('c1', {'stage': [{'status': 'Lead'}]})
    """

    _root_model = True
    _entry_base: ClassVar[bool] = True
    __slots__ = ()

    def _init_extra(self, values: dict[str, Any]) -> None:
        if "parent" in values:
            self.parent = values.pop("parent")
        if "parent_record_id" in values:
            self._parent_record_id = values.pop("parent_record_id")

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Self:
        """Trusted fast path for an entry as Attio returns it (``entry_values``).

        Example:
            >>> from particle_orm import fields
            >>> class Row(ListEntry):
            ...     class Meta:
            ...         list = "rows"
            >>> r = Row.from_api({"id": {"workspace_id": "w", "list_id": "l", "entry_id": "e"},
            ...     "parent_record_id": "p", "parent_object": "companies", "entry_values": {}})
            >>> r.entry_id, r.parent_record_id
            ('e', 'p')
        """
        obj = cls._blank()
        obj._fill(data)
        return obj

    @classmethod
    def from_api_many(cls, entries: Iterable[dict[str, Any]]) -> list[Self]:
        """``from_api`` over a page of entries."""
        return [cls.from_api(d) for d in entries]

    @classmethod
    def deferred(
        cls, entry_id: str, workspace_id: str | None = None, list_id: str | None = None
    ) -> Self:
        """An entry that knows only its id (fields load through the loader)."""
        ident = EntryId(workspace_id, list_id or cls._meta.list_id, entry_id)
        return cls._unloaded(ident, "entry_id", entry_id)

    def _fill(self, data: dict[str, Any]) -> None:
        ident = data["id"]
        self._raw = data["entry_values"]
        self._id = EntryId(ident["workspace_id"], ident["list_id"], ident["entry_id"])
        self._created_at = data.get("created_at")
        self._loaded = True
        parent_id = data.get("parent_record_id")
        if parent_id != self._parent_record_id:
            self._parent = None
        self._parent_record_id = parent_id
        self._parent_object = data.get("parent_object")

    def _history_request(self, client: Any, field: Field[Any]) -> Any:
        return client.list_entry_attribute_values(
            self._meta.container, self._id.entry_id, field.key, show_historic=True
        )

    @property
    def entry_id(self) -> str | None:
        """The entry's UUID (``None`` before create)."""
        return None if self._id is None else self._id.entry_id

    @property
    def parent_record_id(self) -> str | None:
        """The parent record's UUID."""
        if self._parent_record_id is None and self._parent is not None:
            ident = self._parent._id
            return None if ident is None else ident.record_id
        return self._parent_record_id

    @property
    def parent_object(self) -> str | None:
        """The parent object's slug (from the response, else from ``Meta.parent``)."""
        if self._parent_object is not None:
            return self._parent_object
        parent_cls = self._meta.parent
        return None if parent_cls is None else parent_cls._meta.container

    @property
    def parent(self) -> Any:
        """The parent record: a deferred instance of ``Meta.parent`` (no request).

        Raises ``NotLoadedError`` when the entry has no ``Meta.parent`` model, since a
        bare id cannot be turned into an instance of an unknown model.
        """
        if self._parent is not None:
            return self._parent
        record_id = self._parent_record_id
        if record_id is None:
            return None
        parent_cls = self._meta.parent
        if parent_cls is None:
            raise NotLoadedError(
                f"{type(self).__name__} has no Meta.parent model; parent_record_id is {record_id!r}"
            )
        ws = self._id[0] if self._id is not None else None
        self._parent = parent_cls.deferred(record_id, workspace_id=ws)
        return self._parent

    @parent.setter
    def parent(self, value: Any) -> None:
        parent_cls = self._meta.parent
        if parent_cls is not None and not isinstance(value, parent_cls):
            raise TypeError(
                f"{type(self).__name__}.parent must be a {parent_cls.__name__}, "
                f"got {type(value).__name__}"
            )
        if self._id is not None and self._parent_record_id is not None:
            ident = value._id
            if ident is None or ident.record_id != self._parent_record_id:
                raise TypeError(
                    f"{type(self).__name__}.parent: Attio does not allow changing the parent "
                    "of an existing entry (immutable_value)"
                )
        self._parent = value
        ident = value._id
        self._parent_record_id = None if ident is None else ident.record_id
