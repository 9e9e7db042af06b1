"""Load the user's models for ``schema diff`` / ``schema sync``: ``MODULE[:ATTR]`` or a file.

* ``myapp.models``: every concrete model class the module defines (or, when it has an
  ``__all__``, the model classes it exports);
* ``myapp.models:Project``: one model class; ``myapp.models:MODELS``: an iterable of them;
* ``models.py`` (a path): the same as a module, imported from that file.

The current directory is importable, as with ``python -m``.

Example:
    >>> [m.__name__ for m in load_models("particle_orm.standard:Person")]
    ['Person']
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from particle_orm.cli._errors import CLIError

__all__ = ["load_models"]


def _is_model(obj: object) -> bool:
    meta = getattr(obj, "_meta", None)
    return isinstance(obj, type) and meta is not None and hasattr(meta, "abstract")


def _import_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise CLIError(f"no such file: {path}")
    name = f"_particle_orm_models_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - only for odd suffixes
        raise CLIError(f"cannot import {path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    # Registered before running it, so string references to its classes resolve.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise CLIError(f"importing {path} failed: {type(exc).__name__}: {exc}") from exc
    return module


def _import_module(name: str) -> ModuleType:
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            raise CLIError(f"no module named {name!r} (run from the directory above it)") from exc
        raise CLIError(f"importing {name} failed: {exc}") from exc
    except Exception as exc:
        raise CLIError(f"importing {name} failed: {type(exc).__name__}: {exc}") from exc


def _module_models(module: ModuleType) -> list[type[Any]]:
    exported = getattr(module, "__all__", None)
    if exported is not None:
        candidates: list[Any] = [getattr(module, n, None) for n in exported]
    else:
        name = module.__name__
        candidates = [v for v in vars(module).values() if getattr(v, "__module__", None) == name]
    return [c for c in candidates if _is_model(c) and not c._meta.abstract]


def _attr_models(module: ModuleType, spec: str, attr: str) -> list[type[Any]]:
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise CLIError(f"{spec}: {module.__name__} has no attribute {attr!r}")
        obj = getattr(obj, part)
    if _is_model(obj):
        return [obj]
    # A class (an Enum, say) may be iterable, but it is never a list of models.
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes, type)):
        items = list(obj.values()) if isinstance(obj, dict) else list(obj)
        bad = [repr(i) for i in items if not _is_model(i)]
        if bad:
            raise CLIError(f"{spec}: not model classes: {', '.join(bad[:3])}")
        return items
    raise CLIError(f"{spec}: {attr} is neither a model class nor an iterable of them")


def load_models(spec: str) -> list[type[Any]]:
    """The model classes named by ``spec`` (see the module docstring).

    Raises :class:`~particle_orm.cli._errors.CLIError` naming what was wrong: no such
    module or file, an import that failed, a missing attribute, or no models at all.

    Example:
        >>> sorted(m.__name__ for m in load_models("particle_orm.standard"))[:2]
        ['Company', 'Deal']
    """
    target, _, attr = spec.partition(":")
    if not target:
        raise CLIError(f"expected MODULE[:ATTR] or a .py file, got {spec!r}")
    if target.endswith(".py") or "/" in target or "\\" in target:
        module = _import_file(Path(target))
    else:
        module = _import_module(target)
    models = _attr_models(module, spec, attr) if attr else _module_models(module)
    if not models:
        raise CLIError(
            f"{spec}: no model classes found (define Model / ListEntry subclasses there, "
            "or name them with MODULE:ATTR)"
        )
    return models
