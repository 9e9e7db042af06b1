"""Every docstring example in particle_orm.query runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import particle_orm.query

MODULES = [
    "particle_orm.query",
    *(f"particle_orm.query.{m.name}" for m in pkgutil.iter_modules(particle_orm.query.__path__)),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
    assert result.attempted > 0, f"{name} has no docstring examples"
