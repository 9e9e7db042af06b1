"""What every command runs with: its output streams and the optional transport hook.

Example:
    >>> import io
    >>> ctx = Context(io.StringIO(), io.StringIO())
    >>> ctx.note("hello"); ctx.err.getvalue()
    'hello\\n'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TextIO

__all__ = ["Context"]


@dataclass
class Context:
    """Streams for results (``out``) and for progress and messages (``err``).

    Results go to stdout so they can be piped; everything meant for a human watching
    goes to stderr. ``transport`` (an httpx transport) replaces the network for tests.

    Example:
        >>> import sys
        >>> Context(sys.stdout, sys.stderr).transport is None
        True
    """

    out: TextIO
    err: TextIO
    transport: Any = None

    def note(self, message: str) -> None:
        """Print a message for the human (stderr)."""
        print(message, file=self.err, flush=True)
