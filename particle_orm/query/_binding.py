"""Where a QuerySet runs: the *binding* (a session, or a bare client) and how it is found.

A binding has a ``client`` (``AttioClient`` or ``AsyncAttioClient``), ``load(model_cls,
data)`` (API JSON → instance, through an identity map when the binding is a session) and
``get_cached(model_cls, id)``. A QuerySet resolves its binding when it *executes*, in
this order:

1. the binding given explicitly (``QuerySet(Person, binding=session)``);
2. the context variable :data:`current_binding` (``Session.__enter__`` sets it;
   :func:`use_binding` sets it for a block);
3. the process default set by :func:`configure`;
4. a default ``AttioClient`` created lazily when ``ATTIO_API_KEY`` is set.

Example:
    >>> import particle_orm.query as q
    >>> class Fake:
    ...     async def query_records(self, *a, **k): ...
    >>> b = q.ClientBinding(Fake())
    >>> with q.use_binding(b):
    ...     q.get_binding() is b
    True
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import os
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from particle_orm.errors import ParticleError

__all__ = [
    "Binding",
    "ClientBinding",
    "NoClientConfigured",
    "configure",
    "current_binding",
    "get_binding",
    "is_async_client",
    "use_binding",
]


class NoClientConfigured(ParticleError, RuntimeError):
    """A query ran with no session in context, no configured client and no API key.

    Example:
        >>> isinstance(NoClientConfigured("no client"), RuntimeError)
        True
    """


@runtime_checkable
class Binding(Protocol):
    """What a QuerySet needs to run: a client, a loader and an identity-map lookup.

    ``Session`` implements it with an identity map; :class:`ClientBinding` without one.

    Example:
        >>> isinstance(ClientBinding(object()), Binding)
        True
    """

    @property
    def client(self) -> Any:
        """An ``AttioClient`` or ``AsyncAttioClient``."""

    def load(self, model_cls: type[Any], data: dict[str, Any]) -> Any:
        """Turn one record/entry JSON object into an instance of ``model_cls``."""

    def get_cached(self, model_cls: type[Any], id: Any) -> Any | None:
        """The instance already known for a composite id, or ``None``."""


class ClientBinding:
    """A binding over a bare client: every load makes a fresh instance.

    Within one page and its ``prefetch_related`` batches instances are still shared (a
    company referenced by ten people of the page is one instance); nothing is kept
    between pages, so memory stays flat.

    Example:
        >>> from particle_orm.standard import Company
        >>> b = ClientBinding(object())
        >>> b.load(Company, {"id": {"workspace_id": "w", "object_id": "o",
        ...     "record_id": "r"}, "values": {}}).id.record_id
        'r'
    """

    __slots__ = ("_client",)

    def __init__(self, client: Any) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        """The wrapped client."""
        return self._client

    def load(self, model_cls: type[Any], data: dict[str, Any]) -> Any:
        """``model_cls.from_api(data)``: the trusted fast path, no identity map."""
        return model_cls.from_api(data)

    def load_many(self, model_cls: type[Any], page: Iterable[dict[str, Any]]) -> list[Any]:
        """A whole page at once (``from_api_many``: the per-row work is hoisted)."""
        result: list[Any] = model_cls.from_api_many(page)
        return result

    def get_cached(self, model_cls: type[Any], id: Any) -> Any | None:
        """Always ``None``: a bare client keeps no identity map."""
        return None

    def __repr__(self) -> str:
        return f"<ClientBinding {type(self._client).__name__}>"


#: The binding of the running context (a session sets it in ``__enter__``).
current_binding: contextvars.ContextVar[Binding | None] = contextvars.ContextVar(
    "particle_orm_binding", default=None
)

_lock = threading.Lock()
_default: Binding | None = None
_env_binding: Binding | None = None


def configure(*, client: Any = None, binding: Binding | None = None) -> Binding | None:
    """Set (or with no arguments, clear) the process-wide default binding.

    ``client=`` wraps a client in a :class:`ClientBinding`. Returns the previous default.

    Example:
        >>> import particle_orm.query as q
        >>> previous = q.configure(client=object())
        >>> type(q.get_binding()).__name__
        'ClientBinding'
        >>> _ = q.configure(binding=previous)
    """
    global _default
    if client is not None and binding is not None:
        raise TypeError("configure() takes client= or binding=, not both")
    new = ClientBinding(client) if client is not None else binding
    with _lock:
        previous, _default = _default, new
    return previous


def _from_environment() -> Binding | None:
    global _env_binding
    if not os.environ.get("ATTIO_API_KEY"):
        return None
    with _lock:
        if _env_binding is None:
            from particle_orm.client import AttioClient

            # The token is read from the environment by the client itself, never here.
            _env_binding = ClientBinding(AttioClient())
        return _env_binding


def get_binding(explicit: Binding | None = None) -> Binding:
    """Resolve the binding: explicit → context → configured default → ``ATTIO_API_KEY``.

    Raises :class:`NoClientConfigured` when there is none.

    Example:
        >>> import particle_orm.query as q
        >>> b = q.ClientBinding(object())
        >>> q.get_binding(b) is b
        True
    """
    if explicit is not None:
        return explicit
    found = current_binding.get()
    if found is not None:
        return found
    if _default is not None:
        return _default
    env = _from_environment()
    if env is not None:
        return env
    raise NoClientConfigured(
        "no client configured; call particle_orm.configure(client=...) or use a Session "
        "(or set ATTIO_API_KEY)"
    )


@contextlib.contextmanager
def use_binding(binding: Binding | Any) -> Iterator[Binding]:
    """Run a block with ``binding`` (or a bare client, wrapped) as the current binding.

    Example:
        >>> import particle_orm.query as q
        >>> with q.use_binding(object()) as b:
        ...     q.get_binding() is b
        True
    """
    if not isinstance(binding, Binding):
        binding = ClientBinding(binding)
    token = current_binding.set(binding)
    try:
        yield binding
    finally:
        current_binding.reset(token)


def is_async_client(client: Any) -> bool:
    """True when the client's methods are coroutines (``AsyncAttioClient`` or a fake).

    Example:
        >>> is_async_client(object())
        False
    """
    method = getattr(client, "query_records", None)
    return method is not None and inspect.iscoroutinefunction(method)
