"""One ``AsyncSession`` per request in FastAPI: a dependency with ``yield``.

The pattern:

* one ``AsyncAttioClient`` for the whole process (it holds the connection pool and the
  rate governor, so every request shares Attio's write budget), opened and closed by the
  app's lifespan;
* one ``AsyncSession`` per request, from a dependency with ``yield``: the session (and its
  identity map) lives exactly as long as the request, and ``async with`` makes it the
  binding in context for queries (``Person.objects``) run inside the dependency's context;
* the endpoint calls ``await session.commit()`` explicitly; leaving the request without
  committing sends nothing (Attio has no transactions to roll back);
* ``CommitError`` becomes a 502 listing what was applied, what failed and what was not
  attempted, so a client can retry only the rest.

Run it against the emulator::

    uvicorn examples.fastapi_app:app          # ATTIO_API_KEY in the environment

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from fastapi.testclient import TestClient
    >>> emu = Emulator(seed=1)
    >>> with TestClient(create_app(emu.async_client)) as http:
    ...     r = http.post("/companies", json={"name": "Acme", "domains": ["acme.com"],
    ...                                       "people": [{"name": "Ada", "email": "ada@acme.com"}]})
    >>> r.status_code, r.json()["calls"]
    (201, 2)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from particle_orm.client import AsyncAttioClient, NotFoundError
from particle_orm.session import AsyncSession, CommitError
from particle_orm.standard import Company, Person

__all__ = ["app", "create_app", "get_session"]


class PersonIn(BaseModel):
    """A person to create with a company."""

    name: str
    email: str


class CompanyIn(BaseModel):
    """A company and its people, created in one commit."""

    name: str
    domains: list[str] = []
    people: list[PersonIn] = []


class CompanyPatch(BaseModel):
    """Fields to change on a company (each one optional)."""

    name: str | None = None
    description: str | None = None
    domains: list[str] | None = None


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session (FastAPI dependency with ``yield``)."""
    async with AsyncSession(request.app.state.attio) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def _company_out(company: Company) -> dict[str, Any]:
    out: dict[str, Any] = company.to_pydantic().model_dump(
        include={"record_id", "name", "domains", "description", "team"}
    )
    out["web_url"] = company.web_url
    return out


def create_app(make_client: Callable[[], AsyncAttioClient] = AsyncAttioClient) -> FastAPI:
    """The app; ``make_client`` builds the process-wide client (tests pass the emulator's)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with make_client() as client:
            app.state.attio = client
            yield

    app = FastAPI(title="particle_orm session per request", lifespan=lifespan)

    @app.exception_handler(CommitError)
    async def commit_failed(request: Request, exc: CommitError) -> JSONResponse:
        return JSONResponse(
            status_code=502,
            content={
                "detail": "some writes to Attio failed",
                "operations": [
                    {
                        "operation": str(result.operation),
                        "outcome": result.outcome.value,
                        "error": None if result.error is None else str(result.error),
                    }
                    for result in exc.results
                ],
            },
        )

    @app.post("/companies", status_code=201)
    async def create_company(body: CompanyIn, session: SessionDep) -> dict[str, Any]:
        company = Company(name=body.name, domains=body.domains)
        people = [
            Person(name=p.name, email_addresses=[p.email], company=company) for p in body.people
        ]
        # One commit: the company first (the people reference it), then the people at once.
        session.add(company)
        session.add_all(people)
        result = await session.commit()
        return {
            "company": _company_out(company),
            "people": [p.record_id for p in people],
            "calls": result.calls,
        }

    async def _load(session: AsyncSession, record_id: str) -> Company:
        try:
            data = await session.client.get_record("companies", record_id)
        except NotFoundError:
            raise HTTPException(404, f"no company {record_id}") from None
        return session.load(Company, data)

    @app.get("/companies/{record_id}")
    async def read_company(record_id: str, session: SessionDep) -> dict[str, Any]:
        return _company_out(await _load(session, record_id))

    @app.patch("/companies/{record_id}")
    async def update_company(
        record_id: str, body: CompanyPatch, session: SessionDep
    ) -> dict[str, Any]:
        company = await _load(session, record_id)
        for name, value in body.model_dump(exclude_unset=True).items():
            setattr(company, name, value)
        plan = session.plan()
        await session.commit()
        return {"company": _company_out(company), "calls": len(plan)}

    return app


def _lazy_app() -> FastAPI:
    # The token comes from ATTIO_API_KEY when the lifespan opens the client.
    return create_app()


app = _lazy_app()
