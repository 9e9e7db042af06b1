"""Every docstring example in particle_orm.cli runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import particle_orm.cli

MODULES = [
    "particle_orm.cli",
    *(
        f"particle_orm.cli.{m.name}"
        for m in pkgutil.iter_modules(particle_orm.cli.__path__)
        if m.name != "__main__"  # runs main() on import; covered by test_serve.py
    ),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
    assert result.attempted > 0, f"{name} has no examples"
