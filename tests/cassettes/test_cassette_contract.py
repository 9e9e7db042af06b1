"""Every recorded request and response validates against the patched Attio spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cassettes._files import Exchange, cassette_paths, exchanges
from tests.contract import SpecContract, contract_or_skip

EXCHANGES: list[Exchange] = [e for path in cassette_paths() for e in exchanges(path)]


@pytest.fixture(scope="module")
def spec_contract() -> SpecContract:
    return contract_or_skip()


def test_the_suite_is_not_empty() -> None:
    assert len(cassette_paths()) >= 6
    assert len(EXCHANGES) >= 50


@pytest.mark.parametrize("exchange", EXCHANGES, ids=str)
def test_request_matches_the_spec(exchange: Exchange, spec_contract: SpecContract) -> None:
    spec_contract.validate_request(
        exchange.method, exchange.path, exchange.request_body, query=exchange.query
    )


@pytest.mark.parametrize("exchange", EXCHANGES, ids=str)
def test_response_matches_the_spec(exchange: Exchange, spec_contract: SpecContract) -> None:
    spec_contract.validate_response(
        exchange.method, exchange.path, exchange.status, exchange.response_body
    )


def test_the_suite_covers_create_query_update_entries_delete() -> None:
    seen = {
        (e.method, e.path.split("/")[-1] if e.path.endswith("query") else "") for e in EXCHANGES
    }
    methods = {e.method for e in EXCHANGES}
    assert {"POST", "GET", "PATCH", "PUT", "DELETE"} <= methods
    assert ("POST", "query") in seen
    assert any("/entries" in e.path and e.method == "POST" for e in EXCHANGES)
    assert any(e.status >= 400 for e in EXCHANGES), "error bodies are pinned too"


def test_a_broken_recording_is_caught(spec_contract: SpecContract, tmp_path: Path) -> None:
    # The check itself can fail: a response missing its "data" key is rejected.
    from tests.contract import ContractViolation

    good = next(e for e in EXCHANGES if e.method == "GET" and e.path == "/v2/objects")
    with pytest.raises(ContractViolation):
        spec_contract.validate_response(good.method, good.path, good.status, {"nodata": []})
