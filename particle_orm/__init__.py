"""particle_orm: a typed ORM over the Attio CRM REST API v2.

Models map to Attio objects and lists, queries compile to Attio's filter grammar, a session
commits many changes concurrently within Attio's rate limits, and an embedded emulator lets
everything run offline.

Example:
    >>> import particle_orm
    >>> from particle_orm.standard import Person
    >>> emu = particle_orm.Emulator()
    >>> with emu.client() as client, particle_orm.Session(client) as session:
    ...     session.add(Person(email_addresses=["ada@example.com"], name="Lovelace, Ada"))
    ...     _ = session.commit()
    ...     Person.objects.get(email_addresses="ada@example.com").name.first_name
    'Ada'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from particle_orm import fields
from particle_orm.activity import Note, Task
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
from particle_orm.errors import (
    DeclarationError,
    InvalidValue,
    ParticleError,
    QueryError,
    ReadOnlyFieldError,
    RequiredFieldError,
    UnknownAttribute,
    UnknownOption,
)
from particle_orm.models import DecodeError, ListEntry, Model, NotLoadedError
from particle_orm.query import (
    Manager,
    MultipleObjectsReturned,
    NoClientConfigured,
    ObjectDoesNotExist,
    Q,
    QuerySet,
    configure,
    use_binding,
)
from particle_orm.session import (
    AsyncSession,
    CommitError,
    CommitResult,
    Outcome,
    Plan,
    Session,
)
from particle_orm.values import (
    Actor,
    Domain,
    Email,
    EntryId,
    HistoricValue,
    Instant,
    Interaction,
    Location,
    Money,
    Option,
    PersonalName,
    PhoneNumber,
    RecordId,
    RecordRef,
    StatusValue,
)

if TYPE_CHECKING:
    from particle_orm.emulator import Emulator

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The emulator (SQLite store, seed tables, routes) is a fifth of the import time and
    # production code never needs it: load it on first use of `particle_orm.Emulator`.
    if name == "Emulator":
        from particle_orm.emulator import Emulator

        return Emulator
    raise AttributeError(f"module 'particle_orm' has no attribute {name!r}")


__all__ = [
    "APIError",
    "Actor",
    "AmbiguousWriteError",
    "AsyncAttioClient",
    "AsyncSession",
    "AttioClient",
    "AttioError",
    "CommitError",
    "CommitResult",
    "DeclarationError",
    "DecodeError",
    "Domain",
    "Email",
    "Emulator",
    "EntryId",
    "HistoricValue",
    "Instant",
    "Interaction",
    "InvalidValue",
    "ListEntry",
    "Location",
    "Manager",
    "Model",
    "Money",
    "MultipleObjectsReturned",
    "NoClientConfigured",
    "NotFoundError",
    "NotLoadedError",
    "Note",
    "ObjectDoesNotExist",
    "Option",
    "Outcome",
    "ParticleError",
    "PersonalName",
    "PhoneNumber",
    "Plan",
    "Q",
    "QueryError",
    "QuerySet",
    "RateLimits",
    "ReadOnlyFieldError",
    "RecordId",
    "RecordRef",
    "RequiredFieldError",
    "RetryPolicy",
    "Session",
    "StatusValue",
    "Task",
    "UnknownAttribute",
    "UnknownOption",
    "__version__",
    "configure",
    "fields",
    "use_binding",
]
