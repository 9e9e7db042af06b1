"""Shared fixtures: the location of ../shared/attio ground truth."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_path() -> Path:
    """The `shared` folder beside the repo, or $PARTICLE_ORM_SHARED."""
    return Path(os.environ.get("PARTICLE_ORM_SHARED", REPO.parent / "shared"))


def attio_dir() -> Path:
    return shared_path() / "attio"


@pytest.fixture(scope="session")
def shared_attio() -> Path:
    """Path to ../shared/attio; skips with a clear reason when it is absent."""
    path = attio_dir()
    if not (path / "openapi.json").is_file():
        pytest.skip(
            f"Attio ground truth not found at {path} "
            "(set PARTICLE_ORM_SHARED to the folder holding attio/openapi.json)"
        )
    return path


@pytest.fixture(scope="session")
def spec_contract() -> object:
    """The patched official spec compiled with jsonschema-rs; skips when ../shared is absent."""
    from tests.contract import contract_or_skip

    return contract_or_skip()
