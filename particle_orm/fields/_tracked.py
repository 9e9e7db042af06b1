"""``TrackedList``: the list a ``many`` field returns, recording in-place changes.

Appending (``append``/``extend``/``insert``/``+=``) records the added values so the
session can send a PATCH (Attio appends multiselect values); anything else (remove,
pop, clear, item assignment, sort...) marks the field overwritten, for a PUT.

Example:
    >>> from particle_orm.standard import Company
    >>> c = Company.from_api({"id": {"workspace_id": "w", "object_id": "o", "record_id": "r"},
    ...     "values": {"domains": []}})
    >>> c.domains.append("acme.com")
    >>> c.changed_fields()["domains"].added
    (Domain(domain='acme.com', root_domain='acme.com'),)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex, TypeVar

__all__ = ["TrackedList"]

T = TypeVar("T")


class TrackedList(list[T]):
    """A ``list`` bound to (instance, field) that validates and tracks mutations.

    Example:
        >>> TrackedList([1, 2], None, None) == [1, 2]
        True
    """

    __slots__ = ("_field", "_owner")

    def __init__(self, items: Iterable[T], owner: Any, field: Any) -> None:
        super().__init__(items)
        self._owner = owner
        self._field = field

    def _validated(self, items: Iterable[Any]) -> list[T]:
        field = self._field
        if field is None:
            return list(items)
        field.check_writable(items)
        return [field.validate_item(v) for v in items]

    def _added(self, items: list[T]) -> None:
        if self._owner is not None:
            self._owner._note_change(self._field, items)

    def _replaced(self) -> None:
        if self._owner is not None:
            if self._field is not None:
                self._field.check_writable(self)
            self._owner._note_change(self._field, None)

    def append(self, value: T) -> None:
        (item,) = self._validated([value])
        super().append(item)
        self._added([item])

    def extend(self, values: Iterable[T]) -> None:
        items = self._validated(list(values))
        super().extend(items)
        self._added(items)

    def insert(self, index: SupportsIndex, value: T) -> None:
        (item,) = self._validated([value])
        super().insert(index, item)
        self._added([item])

    def __iadd__(self, values: Iterable[T]) -> TrackedList[T]:  # type: ignore[override,misc]
        self.extend(values)
        return self

    def remove(self, value: T) -> None:
        self._replaced()
        super().remove(value)

    def pop(self, index: SupportsIndex = -1) -> T:
        self._replaced()
        return super().pop(index)

    def clear(self) -> None:
        self._replaced()
        super().clear()

    def __setitem__(self, index: Any, value: Any) -> None:
        self._replaced()
        if isinstance(index, slice):
            super().__setitem__(index, self._validated(value))
        else:
            super().__setitem__(index, self._validated([value])[0])

    def __delitem__(self, index: Any) -> None:
        self._replaced()
        super().__delitem__(index)

    def __imul__(self, n: SupportsIndex) -> TrackedList[T]:
        self._replaced()
        super().__imul__(n)
        return self

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._replaced()
        super().sort(*args, **kwargs)

    def reverse(self) -> None:
        self._replaced()
        super().reverse()

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))

    def __repr__(self) -> str:
        return list.__repr__(self)
