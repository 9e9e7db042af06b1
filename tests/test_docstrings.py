"""Every docstring example in every module of particle_orm runs, and every module has some.

Public classes re-exported by a package (``particle_orm.client`` sets their
``__module__`` to the package) are found through the package, so packages are tested
as well as their modules.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import particle_orm

#: ``python -m`` entry points run their program when imported (covered by the CLI tests).
SKIP = {"particle_orm.__main__", "particle_orm.cli.__main__"}
#: Modules whose examples cannot be doctests, and where they run instead.
ELSEWHERE = {
    # Its examples are pytest test functions using the fixtures: tests/testing/test_plugin.py.
    "particle_orm.testing.plugin",
}

MODULES = [
    "particle_orm",
    *(
        m.name
        for m in pkgutil.walk_packages(particle_orm.__path__, prefix="particle_orm.")
        if m.name not in SKIP
    ),
]


def test_every_layer_is_covered() -> None:
    for package in ("client", "fields", "query", "session", "schema", "emulator", "testing", "cli"):
        assert any(name.startswith(f"particle_orm.{package}.") for name in MODULES), package


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
    if name not in ELSEWHERE:
        assert result.attempted > 0, f"{name} has no docstring examples"
