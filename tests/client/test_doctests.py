"""Every docstring example in the client package and the error module runs.

Public classes are re-exported with ``__module__ = "particle_orm.client"``, so the package
itself is tested too: that is where the doctest finder sees their docstrings.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import particle_orm.client

MODULES = [
    "particle_orm.errors",
    "particle_orm.client",
    *(f"particle_orm.client.{m.name}" for m in pkgutil.iter_modules(particle_orm.client.__path__)),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
    if name in ("particle_orm.client", "particle_orm.client._lazy", "particle_orm.errors"):
        assert result.attempted > 0, f"no examples found in {name}"
