"""The JSON decoder the client uses: msgspec when installed (the ``speed`` extra), else stdlib.

Decoding response bodies is most of the CPU a large read costs; msgspec parses Attio's
record pages faster than :func:`json.loads` and gives the same Python objects (dicts,
lists, str, int, float, bool, None), so the choice is invisible to every layer above.
Its errors subclass ``ValueError``, as :func:`json.loads`'s do. Record pages can go
further and leave attribute values unparsed until read: see ``_lazy.py``.

Example:
    >>> from particle_orm.client._json import loads
    >>> loads(b'{"data": [1, 2.5, null]}')
    {'data': [1, 2.5, None]}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "loads"]

loads: Callable[[bytes], Any]
try:
    import msgspec
except ImportError:  # pragma: no cover - exercised when the extra is absent
    loads = json.loads
    BACKEND = "json"
else:
    loads = msgspec.json.Decoder().decode
    BACKEND = "msgspec"
