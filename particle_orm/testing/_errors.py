"""Errors raised by the testing kit itself (not by the code under test).

Example:
    >>> issubclass(NetworkBlockedError, OSError)
    True
"""

from __future__ import annotations

from particle_orm.errors import ParticleError

__all__ = ["FactoryError", "NetworkBlockedError"]


class FactoryError(ParticleError, RuntimeError):
    """A factory could not build or create what was asked (no client, unknown object...).

    Example:
        >>> raise FactoryError("make(Person): no client")
        Traceback (most recent call last):
        ...
        particle_orm.testing.FactoryError: make(Person): no client
    """


class NetworkBlockedError(ParticleError, OSError):
    """A test tried to open a network connection while the network was blocked.

    Example:
        >>> str(NetworkBlockedError("api.attio.com", 443))
        'network access is blocked in this test: tried to connect to api.attio.com:443'
    """

    def __init__(self, host: str, port: int | None = None) -> None:
        self.host = host
        self.port = port
        where = host if port is None else f"{host}:{port}"
        super().__init__(f"network access is blocked in this test: tried to connect to {where}")
