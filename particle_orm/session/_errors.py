"""Errors raised by the session before it sends anything.

Example:
    >>> isinstance(SessionUsageError("x"), ValueError)
    True
"""

from __future__ import annotations

from particle_orm.errors import ParticleError

__all__ = ["SessionUsageError"]


class SessionUsageError(ParticleError, ValueError):
    """The session was asked for something it cannot do (named in the message).

    Raised before any request: an assert without a matching value, an entry without a
    parent, an object of another session, an async call on a sync session...

    Example:
        >>> str(SessionUsageError("Person: upsert=True needs Meta.match_on"))
        'Person: upsert=True needs Meta.match_on'
    """
