"""Attio spec contract checker for tests: the patched OpenAPI document, compiled.

>>> from tests.contract import get_contract, ContractTransport
>>> contract = get_contract()                                          # doctest: +SKIP
>>> transport = ContractTransport(httpx.HTTPTransport(), contract)      # doctest: +SKIP
"""

from ._contract import Operation, SpecContract, default_spec_path, get_contract
from ._errors import ContractViolation, SchemaError, SpecUnavailable
from ._patches import AppliedPatch, patch_spec
from ._skip import contract_or_skip
from ._transport import AsyncContractTransport, ContractTransport

__all__ = [
    "AppliedPatch",
    "AsyncContractTransport",
    "ContractTransport",
    "ContractViolation",
    "Operation",
    "SchemaError",
    "SpecContract",
    "SpecUnavailable",
    "contract_or_skip",
    "default_spec_path",
    "get_contract",
    "patch_spec",
]
