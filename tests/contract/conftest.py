"""Fixtures for the contract checker's own tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.contract import SpecContract, contract_or_skip


@pytest.fixture(scope="session")
def spec_contract() -> SpecContract:
    return contract_or_skip()


@pytest.fixture(scope="session")
def real_body(shared_attio: Path) -> Callable[[str], Any]:
    """Load one captured body from ../shared/attio/real/ by file name."""

    def load(name: str) -> Any:
        with (shared_attio / "real" / name).open(encoding="utf-8") as handle:
            return json.load(handle)

    return load
