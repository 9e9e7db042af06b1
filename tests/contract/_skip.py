"""Getting the contract inside a test, skipping (with the reason) when the spec is absent."""

from __future__ import annotations

import pytest

from ._contract import SpecContract, default_spec_path, get_contract
from ._errors import SpecUnavailable

__all__ = ["contract_or_skip"]


def contract_or_skip() -> SpecContract:
    """``get_contract()``, or ``pytest.skip`` naming the missing file and the override.

    >>> @pytest.fixture(scope="session")
    ... def spec_contract() -> SpecContract:
    ...     return contract_or_skip()
    """
    try:
        return get_contract()
    except SpecUnavailable:
        pytest.skip(
            f"Attio OpenAPI spec not found at {default_spec_path()} "
            "(set PARTICLE_ORM_SHARED to the folder holding attio/openapi.json)"
        )
