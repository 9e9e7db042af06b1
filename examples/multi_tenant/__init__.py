"""Many workspaces in one FastAPI process: the tenant's client per request.

The pattern, for an Attio app that acts for many workspaces (one OAuth token each):

* :class:`TenantClients` keeps **one** ``AsyncAttioClient`` per tenant for the life of
  the process, created on the tenant's first request. Each client has its own rate
  governor (its workspace's budget), connection pool and schema cache, so tenants never
  share a budget or a cached schema;
* the dependency :func:`get_session` reads the tenant from the request (here the
  ``X-Tenant`` header; a subdomain or a JWT claim works the same way), picks that
  tenant's client and yields an ``AsyncSession`` over it: one session per request, bound
  to one workspace;
* the same model classes (``Company``) serve every tenant.

Example:
    >>> from fastapi.testclient import TestClient
    >>> from particle_orm.emulator import Emulator
    >>> emu = Emulator(seed=1)
    >>> beta = emu.create_workspace(name="Beta")
    >>> tokens = {"alpha": emu.workspace.token, "beta": beta.token}
    >>> app = create_app(tokens, lambda token: emu.async_client(token=token))
    >>> with TestClient(app) as http:
    ...     _ = http.post("/companies", json={"name": "Acme"}, headers={"X-Tenant": "alpha"})
    ...     http.get("/companies", headers={"X-Tenant": "beta"}).json()
    []
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from pydantic import BaseModel

from particle_orm.client import AsyncAttioClient
from particle_orm.session import AsyncSession
from particle_orm.standard import Company

__all__ = ["TenantClients", "create_app", "get_session"]

ClientFactory = Callable[[str], AsyncAttioClient]


class TenantClients:
    """One client per tenant, made on first use and closed with :meth:`aclose`.

    ``tokens`` maps a tenant to its workspace token (in a real app: your OAuth token
    store); ``make_client`` builds a client from a token (``AsyncAttioClient`` by
    default). Tokens never appear in reprs or errors.

    Example:
        >>> TenantClients({"alpha": "t"}).tenants
        ('alpha',)
    """

    def __init__(self, tokens: Mapping[str, str], make_client: ClientFactory | None = None) -> None:
        self._tokens = dict(tokens)
        self._make = make_client or (lambda token: AsyncAttioClient(token))
        self._clients: dict[str, AsyncAttioClient] = {}
        self._lock = asyncio.Lock()

    @property
    def tenants(self) -> tuple[str, ...]:
        """The tenants this process can serve."""
        return tuple(self._tokens)

    async def get(self, tenant: str) -> AsyncAttioClient:
        """The tenant's client (``KeyError`` for an unknown tenant)."""
        client = self._clients.get(tenant)
        if client is not None:
            return client
        token = self._tokens[tenant]
        async with self._lock:
            client = self._clients.get(tenant)
            if client is None:
                client = self._clients[tenant] = self._make(token)
        return client

    async def aclose(self) -> None:
        """Close every client (at shutdown)."""
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def __repr__(self) -> str:
        return f"<TenantClients tenants={list(self._tokens)} open={list(self._clients)}>"


class CompanyIn(BaseModel):
    """A company to create."""

    name: str


async def get_session(
    request: Request, x_tenant: Annotated[str, Header()]
) -> AsyncIterator[AsyncSession]:
    """The request's session over its tenant's client (FastAPI dependency with ``yield``)."""
    clients: TenantClients = request.app.state.tenants
    try:
        client = await clients.get(x_tenant)
    except KeyError:
        raise HTTPException(404, f"unknown tenant {x_tenant!r}") from None
    async with AsyncSession(client) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def create_app(tokens: Mapping[str, str], make_client: ClientFactory | None = None) -> FastAPI:
    """The app: ``POST /companies``, ``GET /companies``, ``GET /workspace``.

    Example:
        >>> create_app({}).title
        'particle_orm multi-tenant example'
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.tenants = TenantClients(tokens, make_client)
        try:
            yield
        finally:
            await app.state.tenants.aclose()

    app = FastAPI(title="particle_orm multi-tenant example", lifespan=lifespan)

    @app.post("/companies", status_code=201)
    async def create_company(body: CompanyIn, session: SessionDep) -> dict[str, Any]:
        company = Company(name=body.name)
        session.add(company)
        await session.commit()
        return {"record_id": company.record_id, "workspace_id": company.id.workspace_id}

    @app.get("/companies")
    async def list_companies(session: SessionDep) -> list[dict[str, Any]]:
        rows = await session.query(Company).order_by("name").alist()
        return [{"record_id": c.record_id, "name": c.name} for c in rows]

    @app.get("/workspace")
    async def workspace(session: SessionDep) -> dict[str, Any]:
        me = await session.client.get_self()
        return {"workspace_id": me["workspace_id"], "name": me["workspace_name"]}

    return app
