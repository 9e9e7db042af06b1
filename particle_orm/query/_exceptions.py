"""``DoesNotExist`` / ``MultipleObjectsReturned``: one subclass per model, made on demand.

``Person.DoesNotExist`` is a subclass of ``Person``'s parent model's ``DoesNotExist`` and,
at the root, of :class:`ObjectDoesNotExist` (so ``except ObjectDoesNotExist`` catches
every model's). The classes are created on first access and cached per model.

Example:
    >>> from particle_orm.standard import Person
    >>> issubclass(Person.DoesNotExist, ObjectDoesNotExist)
    True
    >>> Person.DoesNotExist is Person.DoesNotExist
    True
"""

from __future__ import annotations

import threading
from typing import Any

from particle_orm.errors import ParticleError

__all__ = ["MultipleObjectsReturned", "ObjectDoesNotExist", "PerModelException"]


class ObjectDoesNotExist(ParticleError, LookupError):
    """``get()`` found nothing (base of every ``Model.DoesNotExist``).

    Example:
        >>> isinstance(ObjectDoesNotExist("no Person matches"), LookupError)
        True
    """


class MultipleObjectsReturned(ParticleError, LookupError):
    """``get()`` found more than one record (base of every ``Model.MultipleObjectsReturned``).

    Example:
        >>> str(MultipleObjectsReturned("2 Person records match"))
        '2 Person records match'
    """


class PerModelException:
    """Class-level descriptor giving each model its own exception subclass.

    Example:
        >>> from particle_orm.standard import Company, Person
        >>> Person.DoesNotExist is not Company.DoesNotExist
        True
    """

    def __init__(self, name: str, root: type[Exception]) -> None:
        self._name = name
        self._root = root
        self._made: dict[type[Any], type[Exception]] = {}
        self._lock = threading.Lock()

    def __get__(self, instance: object, owner: type[Any]) -> type[Exception]:
        made = self._made.get(owner)
        if made is not None:
            return made
        bases: list[type[Exception]] = []
        for base in owner.__bases__:
            parent = getattr(base, self._name, None)
            if isinstance(parent, type) and issubclass(parent, self._root):
                bases.append(parent)
        if not bases:
            bases.append(self._root)
        with self._lock:
            made = self._made.get(owner)
            if made is None:
                made = type(
                    self._name,
                    tuple(bases),
                    {
                        "__module__": owner.__module__,
                        "__qualname__": f"{owner.__qualname__}.{self._name}",
                        "__doc__": f"{self._name} for {owner.__name__}.",
                    },
                )
                self._made[owner] = made
        return made
