"""pytest-recording configuration for the replay suite: committed cassettes, replay only."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.testing import vcr_config as attio_vcr_config
from tests.cassettes._files import CASSETTES


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    # record_mode in the config beats --record-mode: CI can never record by accident.
    return attio_vcr_config(record_mode="none")


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    name: str = request.node.callspec.params["scenario"]
    return name
