"""The model registry: class name → model class, for string references.

Models register themselves when their class is created; ``Reference("Company")``
resolves lazily through :func:`resolve`, so models may reference each other in any
order (``people.company`` ↔ ``companies.team``).

Example:
    >>> from particle_orm.fields._registry import resolve
    >>> resolve("particle_orm.standard.Company").__name__
    'Company'
"""

from __future__ import annotations

import threading
from typing import Any

from particle_orm.errors import DeclarationError

__all__ = ["models_for_object", "register", "resolve"]

_lock = threading.Lock()
_by_name: dict[str, list[type[Any]]] = {}
_by_qualified: dict[str, type[Any]] = {}
_by_object: dict[str, list[type[Any]]] = {}


def register(cls: type[Any], object_key: str | None) -> None:
    """Record a concrete model class (called by the model metaclass)."""
    qualified = f"{cls.__module__}.{cls.__qualname__}"
    with _lock:
        old = _by_qualified.get(qualified)
        _by_qualified[qualified] = cls
        same_name = [c for c in _by_name.get(cls.__name__, []) if c is not old]
        _by_name[cls.__name__] = [*same_name, cls]
        if object_key is not None:
            same_object = [c for c in _by_object.get(object_key, []) if c is not old]
            _by_object[object_key] = [*same_object, cls]


def resolve(name: str) -> type[Any]:
    """The model class named ``name`` (``"Company"`` or ``"pkg.module.Company"``).

    Raises ``DeclarationError`` when no model, or several models, have that name.
    """
    if "." in name:
        found = _by_qualified.get(name)
        if found is not None:
            return found
        if name.startswith("particle_orm.standard."):
            import particle_orm.standard  # noqa: F401  (registers the standard models)

            found = _by_qualified.get(name)
            if found is not None:
                return found
        raise DeclarationError(f"no model class {name!r} is defined")
    candidates = _by_name.get(name, [])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise DeclarationError(
            f"no model class named {name!r} is defined (define it, import its module, "
            "or pass the class itself)"
        )
    where = ", ".join(f"{c.__module__}.{c.__qualname__}" for c in candidates)
    raise DeclarationError(
        f"model name {name!r} is ambiguous ({where}); use the dotted 'module.Class' form"
    )


def models_for_object(object_key: str) -> list[type[Any]]:
    """Every registered model mapped to an object slug or id (most recent last)."""
    return list(_by_object.get(object_key, ()))
