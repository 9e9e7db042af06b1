"""Record-reference attributes (``record-reference``): instances of the target model.

A reference decodes to a *deferred* instance of the target model: its id is known
without a request, and its other fields load on first access through the loader hook
(:func:`particle_orm.models.set_loader`). Targets may be classes or class names
(resolved lazily through the model registry), so models can reference each other in
any order.

Example:
    >>> from particle_orm import fields
    >>> from particle_orm.standard import Company
    >>> f = fields.Reference(Company)
    >>> f.encode(Company.deferred("99a03ff3-0000-4000-8000-000000000000"))
    [{'target_object': 'companies', 'target_record_id': '99a03ff3-0000-4000-8000-000000000000'}]
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._base import MISSING, Field, is_uuid
from particle_orm.fields._directory import object_directory
from particle_orm.fields._options import FieldOptions
from particle_orm.fields._registry import models_for_object, resolve
from particle_orm.values import RecordId, RecordRef

__all__ = ["Reference"]

T = TypeVar("T")
M = TypeVar("M")


class Reference(Field[T]):
    """A reference to records of one or more objects.

    Accepts on write: an instance of a target model (saved: it must have an id when
    encoded), a :class:`~particle_orm.values.RecordRef`, or a record id ``str`` when
    there is exactly one target.

    Example:
        >>> from particle_orm.standard import Person
        >>> Reference(Person, many=True).many
        True
    """

    attribute_type = "record-reference"
    allows_many = True
    plain_decode = False
    property_names = ("target_object", "target_record_id")
    expected = "a record (model instance), a RecordRef or a record id str"

    @overload
    def __init__(
        self: Reference[M | None],
        target: type[M],
        /,
        *,
        many: Literal[False] = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Reference[list[M]],
        target: type[M],
        /,
        *,
        many: Literal[True],
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Reference[Any],
        *targets: type[Any] | str,
        many: bool = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, *targets: type[Any] | str, many: bool = False, **options: Any) -> None:
        options.setdefault("default", MISSING)
        super().__init__(many=many, **options)
        self._target_specs = targets
        self._targets: tuple[type[Any], ...] | None = None

    @property
    def targets(self) -> tuple[type[Any], ...]:
        """The target model classes (string names resolved on first use)."""
        if self._targets is None:
            self._targets = tuple(
                resolve(t) if isinstance(t, str) else t for t in self._target_specs
            )
        return self._targets

    def _class_for(self, target_object: str) -> type[Any] | None:
        targets = self.targets
        for cls in targets:
            meta = cls._meta
            if target_object in (meta.object, meta.object_id):
                return cls
        if len(targets) == 1:
            # Bound by object id, the class cannot match the slug Attio returns.
            return targets[0]
        found = models_for_object(target_object)
        return found[-1] if len(found) == 1 else None

    def decode_item(self, item: dict[str, Any], workspace_id: str | None = None) -> Any:
        target_object = item["target_object"]
        record_id = item["target_record_id"]
        cls = self._class_for(target_object)
        if cls is None:
            return RecordRef(target_object, record_id)
        object_id = cls._meta.object_id or object_directory.object_id(workspace_id, target_object)
        return cls.deferred(record_id, workspace_id=workspace_id, object_id=object_id)

    def decode_for(self, instance: Any, raw: list[dict[str, Any]]) -> Any:
        """Decode with the owner's workspace, so targets get a full composite id."""
        ident = instance._id
        workspace_id = ident[0] if ident is not None else None
        decode_item = self.decode_item
        if self.many:
            return [decode_item(i, workspace_id) for i in raw if i.get("active_until") is None]
        for item in raw:
            if item.get("active_until") is None:
                return decode_item(item, workspace_id)
        return None

    def validate_item(self, value: object) -> Any:
        if isinstance(value, RecordRef):
            if not is_uuid(value.target_record_id):
                raise self._invalid(value, "a RecordRef whose target_record_id is a UUID")
            return value
        if isinstance(value, str):
            if not is_uuid(value):
                raise self._invalid(value, "a record id (UUID), a record or a RecordRef")
            if len(self.targets) != 1:
                raise self._invalid(
                    value, "a model instance or RecordRef (a bare id needs exactly one target)"
                )
            return self.targets[0].deferred(value)
        meta = getattr(type(value), "_meta", None)
        if meta is None or meta.is_entry:
            raise self._invalid(value)
        if self.targets and not isinstance(value, self.targets):
            names = " or ".join(t.__name__ for t in self.targets)
            raise self._invalid(value, f"a {names} record")
        return value

    def _pair(self, value: Any) -> tuple[str, str]:
        if isinstance(value, RecordRef):
            return value.target_object, value.target_record_id
        ident = value._id
        if ident is None:
            raise self._invalid(value, "a saved record (create the referenced record first)")
        meta = type(value)._meta
        return meta.object or meta.object_id, ident.record_id

    def encode_item(self, value: Any) -> Any:
        target_object, record_id = self._pair(value)
        return {"target_object": target_object, "target_record_id": record_id}

    def filter_property(self, property: str, value: object) -> Any:
        if property == "target_record_id" and not isinstance(value, str):
            return self._pair(self.validate_item(value))[1]
        return super().filter_property(property, value)

    def pydantic_type(self) -> Any:
        return list[str] if self.many else str | None

    def to_plain(self, value: Any) -> Any:
        def one(v: Any) -> str | None:
            if isinstance(v, RecordRef):
                return v.target_record_id
            ident: RecordId | None = v._id
            return None if ident is None else ident.record_id

        if value is None:
            return None
        return [one(v) for v in value] if self.many else one(value)
