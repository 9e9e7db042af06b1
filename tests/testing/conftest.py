"""Load pytester here; the particle_orm plugin comes from its pytest11 entry point."""

from __future__ import annotations

import pytest

from particle_orm.testing import plugin


def pytest_configure(config: pytest.Config) -> None:
    # A non-root conftest may not set pytest_plugins, so register both by hand.
    if not config.pluginmanager.is_registered(plugin):
        config.pluginmanager.register(plugin, "particle_orm.testing.plugin")
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("_pytest.pytester")
