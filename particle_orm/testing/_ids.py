"""``fake_id()``: ids shaped like Attio's (UUIDs), for tests that never hit a server.

Example:
    >>> import uuid
    >>> uuid.UUID(fake_id()).version
    4
"""

from __future__ import annotations

import random
import uuid

__all__ = ["fake_id"]


def fake_id(rng: random.Random | None = None) -> str:
    """A random UUID string; pass ``rng`` (a seeded ``random.Random``) for repeatable ids.

    Example:
        >>> import random
        >>> fake_id(random.Random(1)) == fake_id(random.Random(1))
        True
    """
    if rng is None:
        return str(uuid.uuid4())
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
