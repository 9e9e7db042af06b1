"""httpx transports that serve requests from an in-process :class:`Emulator`.

A ``drop_response`` fault is surfaced after the request was applied, as
``httpx.ReadError`` (or ``httpx.ReadTimeout``), the way a lost connection looks to a client.

Example:
    >>> from particle_orm.emulator import Emulator
    >>> import httpx
    >>> emu = Emulator()
    >>> http = httpx.Client(transport=EmulatorTransport(emu), base_url="https://api.attio.com")
    >>> http.get("/v2/self").status_code
    401
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from particle_orm.emulator._emulator import Emulator, EmulatorResponse

__all__ = ["AsyncEmulatorTransport", "EmulatorTransport"]


def _call(emulator: Emulator, request: httpx.Request, body: bytes) -> EmulatorResponse:
    return emulator.handle(
        request.method,
        request.url.path,
        dict(request.url.params.multi_items()),
        dict(request.headers),
        body,
    )


def _finish(resp: EmulatorResponse, request: httpx.Request) -> httpx.Response:
    if resp.drop == "timeout":
        raise httpx.ReadTimeout("emulator fault: response dropped after apply", request=request)
    if resp.drop is not None:
        raise httpx.ReadError("emulator fault: response dropped after apply", request=request)
    # A stream (not content=) so the client reads and closes it as with a network transport.
    return httpx.Response(
        resp.status,
        headers={**resp.headers, "content-length": str(len(resp.content))},
        stream=httpx.ByteStream(resp.content),
        request=request,
    )


class EmulatorTransport(httpx.BaseTransport):
    """Sync transport: ``httpx.Client(transport=EmulatorTransport(emu))``.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> isinstance(Emulator().transport(), EmulatorTransport)
        True
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request."""
        resp = _call(self.emulator, request, request.read())
        if resp.delay:
            self.emulator.sleep(resp.delay)
        return _finish(resp, request)


class AsyncEmulatorTransport(httpx.AsyncBaseTransport):
    """Async transport: ``httpx.AsyncClient(transport=AsyncEmulatorTransport(emu))``.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> isinstance(Emulator().async_transport(), AsyncEmulatorTransport)
        True
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request."""
        resp = _call(self.emulator, request, await request.aread())
        if resp.delay:
            await self.emulator.async_sleep(resp.delay)
        return _finish(resp, request)
