"""Every docstring example in the emulator package runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import particle_orm.emulator

MODULES = [
    "particle_orm.emulator",
    *(
        f"particle_orm.emulator.{m.name}"
        for m in pkgutil.iter_modules(particle_orm.emulator.__path__)
    ),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
