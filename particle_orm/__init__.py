"""particle_orm: a typed ORM over the Attio CRM REST API v2.

Example:
    >>> import particle_orm
    >>> particle_orm.__version__
    '0.1.0'
"""

from __future__ import annotations

from particle_orm.client import (
    AmbiguousWriteError,
    APIError,
    AsyncAttioClient,
    AttioClient,
    AttioError,
    NotFoundError,
    RateLimits,
    RetryPolicy,
)
from particle_orm.emulator import Emulator
from particle_orm.errors import (
    DeclarationError,
    InvalidValue,
    ParticleError,
    QueryError,
    ReadOnlyFieldError,
    RequiredFieldError,
    UnknownAttribute,
)

__version__ = "0.1.0"

__all__ = [
    "APIError",
    "AmbiguousWriteError",
    "AsyncAttioClient",
    "AttioClient",
    "AttioError",
    "DeclarationError",
    "Emulator",
    "InvalidValue",
    "NotFoundError",
    "ParticleError",
    "QueryError",
    "RateLimits",
    "ReadOnlyFieldError",
    "RequiredFieldError",
    "RetryPolicy",
    "UnknownAttribute",
    "__version__",
]
