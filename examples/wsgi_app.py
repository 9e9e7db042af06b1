"""One ``Session`` per request in a plain WSGI app (the same shape fits Flask or Django).

The pattern:

* one ``AttioClient`` for the process: it is thread-safe and its rate governor shares
  Attio's write budget between all request threads;
* ``with Session(client) as session:`` around each request: its identity map lives as long
  as the request, and it is the binding in context for queries made while handling it;
* commit explicitly; an exception before ``commit()`` simply leaves nothing sent
  (``rollback()`` only forgets local changes: Attio has no transactions);
* ``CommitError`` becomes a 502 with one line per operation and its outcome.

Run it::

    python -m examples.wsgi_app           # wsgiref on :8000, ATTIO_API_KEY in the environment

Example:
    >>> import httpx
    >>> from particle_orm.emulator import Emulator
    >>> emu = Emulator(seed=1)
    >>> app = make_app(emu.client())
    >>> http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://app")
    >>> http.post("/companies", json={"name": "Acme", "domains": ["acme.com"]}).status_code
    201
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from particle_orm.client import AttioClient, NotFoundError
from particle_orm.session import CommitError, Session
from particle_orm.standard import Company, Person

__all__ = ["make_app"]

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

_COMPANY = re.compile(r"^/companies/(?P<record_id>[0-9a-f-]{36})$")
_WRITABLE = {"name", "description", "domains"}


def _reply(start: StartResponse, status: str, body: Any) -> list[bytes]:
    payload = json.dumps(body).encode()
    start(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def _company_out(company: Company) -> dict[str, Any]:
    return {
        "record_id": company.record_id,
        "name": company.name,
        "domains": [d.domain for d in company.domains],
        "description": company.description,
        "web_url": company.web_url,
    }


def _body(environ: dict[str, Any]) -> dict[str, Any]:
    size = int(environ.get("CONTENT_LENGTH") or 0)
    data = json.loads(environ["wsgi.input"].read(size) or b"{}")
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def make_app(client: AttioClient) -> WSGIApp:
    """A WSGI app over ``client``, opening one session per request."""

    def create(session: Session, body: dict[str, Any]) -> tuple[str, Any]:
        company = Company(name=body["name"], domains=body.get("domains", []))
        people = [
            Person(name=p["name"], email_addresses=[p["email"]], company=company)
            for p in body.get("people", [])
        ]
        session.add(company)
        session.add_all(people)
        result = session.commit()
        out = {
            "company": _company_out(company),
            "people": [p.record_id for p in people],
            "calls": result.calls,
        }
        return "201 Created", out

    def load(session: Session, record_id: str) -> Company:
        return session.load(Company, client.get_record("companies", record_id))

    def update(session: Session, record_id: str, body: dict[str, Any]) -> tuple[str, Any]:
        unknown = set(body) - _WRITABLE
        if unknown:
            return "400 Bad Request", {"detail": f"cannot set {sorted(unknown)}"}
        company = load(session, record_id)
        for name, value in body.items():
            setattr(company, name, value)
        calls = len(session.plan())
        session.commit()
        return "200 OK", {"company": _company_out(company), "calls": calls}

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        found = _COMPANY.match(path)
        with Session(client) as session:
            try:
                if method == "POST" and path == "/companies":
                    status, out = create(session, _body(environ))
                elif method == "GET" and found:
                    status, out = "200 OK", _company_out(load(session, found["record_id"]))
                elif method == "PATCH" and found:
                    status, out = update(session, found["record_id"], _body(environ))
                else:
                    status, out = "404 Not Found", {"detail": f"no route {method} {path}"}
            except NotFoundError:
                status, out = "404 Not Found", {"detail": "no such company"}
            except (KeyError, ValueError) as exc:
                status, out = "400 Bad Request", {"detail": f"bad request body: {exc}"}
            except CommitError as exc:
                status = "502 Bad Gateway"
                out = {
                    "detail": "some writes to Attio failed",
                    "operations": [
                        {"operation": str(r.operation), "outcome": r.outcome.value}
                        for r in exc.results
                    ],
                }
        return _reply(start_response, status, out)

    return app


if __name__ == "__main__":
    from wsgiref.simple_server import make_server

    with AttioClient() as attio, make_server("", 8000, make_app(attio)) as server:
        print("serving on http://localhost:8000")
        server.serve_forever()
