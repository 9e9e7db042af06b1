"""Model factories: ``make(Person, **overrides)`` creates a real record through a client.

Each model has defaults (a unique name, email or domain per call) that ``overrides``
replace; register your own with :func:`register_factory`. Defaults are looked up along the
model's MRO, so ``class MyPerson(Person)`` gets Person's. Required fields are checked
before anything is sent.

The client is ``client=`` or, inside a test using the ``attio_client``/``attio`` fixtures,
the fixture's client (see :func:`use_client`).

Example:
    >>> from particle_orm.emulator import Emulator
    >>> from particle_orm.standard import Company
    >>> acme = make(Company, client=Emulator().client(), name="Acme")
    >>> acme.name, acme.record_id is not None
    ('Acme', True)
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from particle_orm.client import AsyncAttioClient, AttioClient
from particle_orm.models import ListEntry, Model
from particle_orm.query import current_binding
from particle_orm.session._base import SessionBase
from particle_orm.standard import Company, Deal, Person
from particle_orm.testing._errors import FactoryError

__all__ = ["amake", "make", "make_many", "register_factory", "use_client"]

M = TypeVar("M", bound=Model)
Default = Callable[[int], Any]

_lock = threading.Lock()
_registry: dict[type[Model], dict[str, Any]] = {}
_counters: dict[type[Model], Iterator[int]] = {}
_current: ContextVar[AttioClient | AsyncAttioClient | None] = ContextVar(
    "particle_orm_testing_client", default=None
)


def register_factory(model: type[Model], **defaults: Any) -> None:
    """Set ``model``'s default field values; a callable default gets a sequence number.

    Example:
        >>> from particle_orm.standard import Company
        >>> register_factory(Company, name=lambda n: f"Org {n}", domains=lambda n: [f"o{n}.test"])
    """
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise TypeError(f"register_factory: expected a Model subclass, got {model!r}")
    unknown = sorted(set(defaults) - set(model._meta.fields))
    if unknown:
        raise FactoryError(f"register_factory({model.__name__}): no such fields {unknown}")
    with _lock:
        _registry[model] = dict(defaults)
        _counters.setdefault(model, itertools.count(1))


register_factory(
    Person,
    name=lambda n: f"Person{n}, Test",
    email_addresses=lambda n: [f"person{n}@example.com"],
)
register_factory(
    Company,
    name=lambda n: f"Test Company {n}",
    domains=lambda n: [f"company-{n}.example.com"],
)
register_factory(Deal, name=lambda n: f"Test Deal {n}", stage="Lead")


def _defaults(model: type[Model]) -> dict[str, Any]:
    with _lock:
        for cls in model.__mro__:
            if cls in _registry:
                n = next(_counters[cls])
                return {k: v(n) if callable(v) else v for k, v in _registry[cls].items()}
    return {}


@contextmanager
def use_client(client: AttioClient | AsyncAttioClient | None) -> Iterator[None]:
    """Make ``client`` the default for factories inside the block (fixtures do this).

    Example:
        >>> with use_client(None):
        ...     pass
    """
    token = _current.set(client)
    try:
        yield
    finally:
        _current.reset(token)


def _resolve(model: type[Model], client: Any) -> tuple[Any, Any]:
    """(the client to create with, the session to load the result into or ``None``)."""
    if client is None:
        # A session open in this context wins: what make() returns is then the instance
        # that session's queries and get() give back (one per id, its identity map).
        active = current_binding.get()
        if isinstance(active, SessionBase):
            client = active
    if client is None:
        client = _current.get()
    session = client if isinstance(client, SessionBase) else None
    inner = getattr(client, "client", None)
    if not isinstance(client, (AttioClient, AsyncAttioClient)) and inner is not None:
        client = inner
    if client is None:
        raise FactoryError(
            f"make({model.__name__}): no client; pass client=... or use the attio_client "
            "fixture (or particle_orm.testing.use_client)"
        )
    if not isinstance(client, (AttioClient, AsyncAttioClient)):
        raise FactoryError(
            f"make({model.__name__}): client must be an AttioClient or AsyncAttioClient "
            f"(or have a .client), got {type(client).__name__}"
        )
    return client, session


def _loaded(model: type[M], session: Any, data: dict[str, Any]) -> M:
    if session is None:
        return model.from_api(data)
    loaded: M = session.load(model, data)
    return loaded


def _check_model(model: object) -> None:
    if isinstance(model, type) and issubclass(model, ListEntry):
        raise FactoryError(
            f"make({model.__name__}): list entries are created with "
            "client.create_entry(); make() builds records"
        )
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise TypeError(f"make: expected a Model subclass, got {model!r}")


def _build(model: type[M], overrides: Mapping[str, Any]) -> tuple[M, str, dict[str, Any]]:
    slug = model._meta.object or model._meta.object_id
    if slug is None:
        raise FactoryError(f"make({model.__name__}): the model has no Meta.object")
    unknown = sorted(set(overrides) - set(model._meta.fields))
    if unknown:
        raise FactoryError(f"make({model.__name__}): no such fields {unknown}")
    instance = model(**{**_defaults(model), **overrides})
    instance.validate_for_create()
    return instance, slug, instance.to_api_values()


def make(model: type[M], /, *, client: Any = None, **overrides: Any) -> M:
    """Create one ``model`` record (defaults + ``overrides``) and return it, saved and clean.

    Inside a ``Session`` (``with Session(client):``, or ``client=session``) the record is
    created through that session's client and the instance returned is the session's own
    (its identity map), so later queries in the session give back the same object.

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> from particle_orm.standard import Person
        >>> ada = make(Person, client=Emulator().client(), name="Lovelace, Ada")
        >>> ada.name.full_name, ada.is_dirty
        ('Ada Lovelace', False)
    """
    _check_model(model)
    resolved, session = _resolve(model, client)
    if not isinstance(resolved, AttioClient):
        raise FactoryError(f"make({model.__name__}): got an async client; use `await amake(...)`")
    _instance, slug, values = _build(model, overrides)
    return _loaded(model, session, resolved.create_record(slug, values))


async def amake(model: type[M], /, *, client: Any = None, **overrides: Any) -> M:
    """The async twin of :func:`make`, through an ``AsyncAttioClient``.

    Example::

        person = await amake(Person, client=emulator.async_client(), job_title="CTO")
    """
    _check_model(model)
    resolved, session = _resolve(model, client)
    if not isinstance(resolved, AsyncAttioClient):
        raise FactoryError(f"amake({model.__name__}): got a sync client; use make(...)")
    _instance, slug, values = _build(model, overrides)
    return _loaded(model, session, await resolved.create_record(slug, values))


def make_many(model: type[M], count: int, /, *, client: Any = None, **overrides: Any) -> list[M]:
    """``count`` records from :func:`make` (each gets fresh defaults).

    Example:
        >>> from particle_orm.emulator import Emulator
        >>> from particle_orm.standard import Company
        >>> len(make_many(Company, 3, client=Emulator().client()))
        3
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"make_many: count must be an int >= 0, got {count!r}")
    return [make(model, client=client, **overrides) for _ in range(count)]
