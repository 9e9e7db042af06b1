"""httpx transports that hold every body crossing them to the Attio contract.

Wrap the real transport (or the emulator's) and use the client as usual; request bodies
are checked before they are sent (an invalid one never reaches the server) and response
bodies after they are read. Violations are recorded on ``.violations`` and, by default,
raised as ``ContractViolation``.

>>> transport = ContractTransport(emulator.transport(), get_contract())  # doctest: +SKIP
>>> client = AttioClient(token, transport=transport)                      # doctest: +SKIP
>>> client.get_self(); transport.seen                                     # doctest: +SKIP
Counter({('GET', '/v2/self', 200): 1})
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

import httpx

from ._contract import Operation, SpecContract, get_contract
from ._errors import ContractViolation

__all__ = ["AsyncContractTransport", "ContractTransport"]

_NOT_JSON = object()


def _decode(content: bytes) -> Any:
    if not content.strip():
        return None
    try:
        return json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _NOT_JSON


class _ContractChecks:
    """The checking logic shared by the sync and async transports (only I/O differs)."""

    def __init__(
        self,
        contract: SpecContract | None,
        *,
        check_requests: bool,
        check_responses: bool,
        raise_on_violation: bool,
        allow_unknown_routes: bool,
    ) -> None:
        self.contract = contract if contract is not None else get_contract()
        self.check_requests = check_requests
        self.check_responses = check_responses
        self.raise_on_violation = raise_on_violation
        self.allow_unknown_routes = allow_unknown_routes
        self.violations: list[ContractViolation] = []
        # (method, template or "<unknown>", status) -> count: which operations a test ran.
        self.seen: Counter[tuple[str, str, int]] = Counter()
        self._lock = threading.Lock()

    def _report(self, violation: ContractViolation | None) -> None:
        if violation is None:
            return
        with self._lock:
            self.violations.append(violation)
        if self.raise_on_violation:
            raise violation

    def _request(self, request: httpx.Request) -> None:
        if not self.check_requests:
            return
        method, path = request.method, request.url.path
        if self.allow_unknown_routes and self.contract.match(method, path) is None:
            return
        body = _decode(request.content)
        if body is _NOT_JSON:
            self._report(
                ContractViolation(
                    "request",
                    method,
                    path,
                    None,
                    None,
                    [],
                    summary="request body is not JSON",
                )
            )
            return
        query = request.url.params.multi_items()
        self._report(self.contract.check_request(method, path, body, query=query))

    def _response(self, request: httpx.Request, response: httpx.Response) -> None:
        method, path, status = request.method, request.url.path, response.status_code
        op = self.contract.match(method, path)
        with self._lock:
            self.seen[method, op.template if op else "<unknown>", status] += 1
        if not self.check_responses:
            return
        body = _decode(response.content)
        if body is _NOT_JSON:
            if status >= 500:
                # Gateways answer 5xx with HTML; Attio documents nothing for them.
                return
            self._report(
                ContractViolation(
                    "response",
                    method,
                    path,
                    status,
                    op.template if op else None,
                    [],
                    summary="response body is not JSON",
                )
            )
            return
        self._report(self.contract.check_response(method, path, status, body))

    def unexercised(self) -> list[Operation]:
        """Documented operations no exchange through this transport has hit yet.

        >>> [str(op) for op in transport.unexercised()][:1]  # doctest: +SKIP
        ['GET /v2/objects']
        """
        with self._lock:
            hit = {(method, template) for method, template, _status in self.seen}
        return [op for op in self.contract.operations() if (op.method, op.template) not in hit]

    def clear(self) -> None:
        """Forget recorded violations and seen operations (e.g. between test phases)."""
        with self._lock:
            self.violations.clear()
            self.seen.clear()


class ContractTransport(_ContractChecks, httpx.BaseTransport):
    """A sync httpx transport that validates every body against the Attio contract.

    ``contract`` defaults to :func:`get_contract`. With ``raise_on_violation=False`` the
    transport only records violations (inspect ``.violations``). ``allow_unknown_routes``
    lets requests to undocumented routes through (to test 404 handling); their responses
    must still be 404 error bodies.

    >>> t = ContractTransport(httpx.MockTransport(handler))   # doctest: +SKIP
    >>> httpx.Client(transport=t).get("https://api.attio.com/v2/self")  # doctest: +SKIP
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        contract: SpecContract | None = None,
        *,
        check_requests: bool = True,
        check_responses: bool = True,
        raise_on_violation: bool = True,
        allow_unknown_routes: bool = False,
    ) -> None:
        super().__init__(
            contract,
            check_requests=check_requests,
            check_responses=check_responses,
            raise_on_violation=raise_on_violation,
            allow_unknown_routes=allow_unknown_routes,
        )
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self._request(request)
        response = self.inner.handle_request(request)
        if self.check_responses:
            try:
                response.read()
                self._response(request, response)
            except BaseException:
                response.close()
                raise
        else:
            self._response(request, response)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncContractTransport(_ContractChecks, httpx.AsyncBaseTransport):
    """The async twin of :class:`ContractTransport` (same options, same records).

    >>> t = AsyncContractTransport(emulator.async_transport())  # doctest: +SKIP
    >>> await httpx.AsyncClient(transport=t).get(url)           # doctest: +SKIP
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        contract: SpecContract | None = None,
        *,
        check_requests: bool = True,
        check_responses: bool = True,
        raise_on_violation: bool = True,
        allow_unknown_routes: bool = False,
    ) -> None:
        super().__init__(
            contract,
            check_requests=check_requests,
            check_responses=check_responses,
            raise_on_violation=raise_on_violation,
            allow_unknown_routes=allow_unknown_routes,
        )
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self._request(request)
        response = await self.inner.handle_async_request(request)
        if self.check_responses:
            try:
                await response.aread()
                self._response(request, response)
            except BaseException:
                await response.aclose()
                raise
        else:
            self._response(request, response)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
