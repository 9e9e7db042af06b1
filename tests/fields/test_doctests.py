"""Every docstring example in the fields, values, models and standard modules runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import particle_orm.fields

MODULES = [
    "particle_orm.values",
    "particle_orm.models",
    "particle_orm.standard",
    "particle_orm.fields",
    *(f"particle_orm.fields.{m.name}" for m in pkgutil.iter_modules(particle_orm.fields.__path__)),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
