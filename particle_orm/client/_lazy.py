"""Record pages whose attribute values are parsed on first access (the ``speed`` extra).

A 500-record page of companies is ~6 MB of JSON, and nearly all of it is the ``values``
object: one array of value envelopes per attribute. Most reads touch a few attributes, so
parsing every envelope up front is most of the cost of a query. With msgspec installed,
:func:`decode_page` parses a page down to each record's ``values`` object and keeps every
attribute's JSON as raw bytes (``msgspec.Raw``); :class:`LazyValues` parses one attribute
the first time it is read, and caches the result. Everything else in a record (``id``,
``created_at``, ``web_url``, ``parent_record_id``, keys Attio adds later) is parsed as
usual.

Without msgspec, :func:`decode_page` returns ``None`` and the client parses the body
eagerly; ``values`` is then a plain ``dict``. Code that reads values through the mapping
interface (``values["name"]``, ``.get``, ``in``, iteration) works the same either way.

Example:
    >>> body = b'{"data": [{"id": {"record_id": "r"}, "values": {"name": [{"value": "Acme"}]}}]}'
    >>> page = decode_page(body, "values")
    >>> rows = page if page is not None else __import__("json").loads(body)["data"]
    >>> rows[0]["values"]["name"][0]["value"]
    'Acme'
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

__all__ = ["AVAILABLE", "LazyValues", "decode_page"]

_MISSING: Any = object()

try:
    import msgspec
except ImportError:  # pragma: no cover - exercised when the extra is absent
    AVAILABLE = False
else:
    AVAILABLE = True

    class _Page(msgspec.Struct):
        data: list[dict[str, msgspec.Raw]]

    _decode_any = msgspec.json.Decoder().decode
    _decode_page = msgspec.json.Decoder(_Page).decode
    _decode_values = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode


class LazyValues(MutableMapping[str, Any]):
    """A record's ``values`` (or an entry's ``entry_values``), each attribute parsed on use.

    It behaves like the ``dict`` it stands for: ``values["name"]``, ``.get``, ``in``,
    ``len``, iteration, ``==`` with a dict, assignment and deletion. ``dict(values)`` (or
    :meth:`to_dict`) parses everything and gives a plain dict, e.g. for ``json.dumps``.
    Instances pickle as plain dicts.

    Example:
        >>> values = LazyValues.from_json(b'{"name": [{"value": "Acme"}], "domains": []}')
        >>> values["name"][0]["value"], len(values), "domains" in values
        ('Acme', 2, True)
        >>> values == {"name": [{"value": "Acme"}], "domains": []}
        True
    """

    __slots__ = ("_parsed", "_raw")

    def __init__(self, raw: dict[str, Any]) -> None:
        # raw: slug → msgspec.Raw (JSON bytes not yet parsed); parsed: slug → Python value.
        self._raw = raw
        self._parsed: dict[str, Any] = {}

    @classmethod
    def from_json(cls, body: bytes) -> LazyValues:
        """Wrap a JSON object's bytes (needs msgspec; without it the object is parsed now).

        Example:
            >>> LazyValues.from_json(b'{"a": [1]}')["a"]
            [1]
        """
        if not AVAILABLE:  # pragma: no cover - exercised when the extra is absent
            import json

            values = cls({})
            values._parsed = dict(json.loads(body))
            return values
        return cls(_decode_values(body))

    def __getitem__(self, key: str) -> Any:
        value = self._parsed.get(key, _MISSING)
        if value is _MISSING:
            value = self._parsed[key] = _decode_any(self._raw[key])
        return value

    def get(self, key: str, default: Any = None) -> Any:
        """``values.get(slug)``: the parsed attribute, or ``default`` when absent."""
        # The model layer's hot path: spelt out rather than inherited (which goes through
        # __getitem__ and a KeyError on a miss).
        value = self._parsed.get(key, _MISSING)
        if value is not _MISSING:
            return value
        raw = self._raw.get(key)
        if raw is None:
            return default
        value = self._parsed[key] = _decode_any(raw)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._parsed or key in self._raw

    def __setitem__(self, key: str, value: Any) -> None:
        self._parsed[key] = value

    def __delitem__(self, key: str) -> None:
        found = self._parsed.pop(key, _MISSING) is not _MISSING
        found = self._raw.pop(key, _MISSING) is not _MISSING or found
        if not found:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from self._raw
        for key in self._parsed:
            if key not in self._raw:
                yield key

    def __len__(self) -> int:
        extra = sum(1 for key in self._parsed if key not in self._raw)
        return len(self._raw) + extra

    @property
    def parsed_keys(self) -> frozenset[str]:
        """The attributes parsed so far (for tests and diagnostics).

        Example:
            >>> v = LazyValues.from_json(b'{"a": [1], "b": [2]}')
            >>> _ = v["a"]
            >>> sorted(v.parsed_keys)
            ['a']
        """
        return frozenset(self._parsed)

    def to_dict(self) -> dict[str, Any]:
        """Every attribute parsed, as a plain dict.

        Example:
            >>> LazyValues.from_json(b'{"a": [1]}').to_dict()
            {'a': [1]}
        """
        return {key: self[key] for key in self}

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.to_dict(),))

    def __repr__(self) -> str:
        return f"LazyValues({len(self)} attributes, {len(self._parsed)} parsed)"


def decode_page(body: bytes, values_key: str) -> list[dict[str, Any]] | None:
    """A page body → its ``data`` list, each item's ``values_key`` a :class:`LazyValues`.

    Returns ``None`` when msgspec is not installed or the body is not the expected shape
    (a JSON object whose ``data`` is an array of objects): the caller then parses it the
    ordinary way, which reports malformed bodies with the usual errors.

    Example:
        >>> page = decode_page(b'{"data": [{"id": {"entry_id": "e"}, "entry_values": {}}]}',
        ...     "entry_values")
        >>> page is None or page[0]["id"] == {"entry_id": "e"}
        True
        >>> decode_page(b'{"data": null}', "values") is None
        True
    """
    if not AVAILABLE:  # pragma: no cover - exercised when the extra is absent
        return None
    try:
        items = _decode_page(body).data
    except msgspec.DecodeError:  # also ValidationError: not JSON, or not a page
        return None
    decode_any = _decode_any
    decode_values = _decode_values
    out: list[dict[str, Any]] = []
    append = out.append
    for item in items:
        row: dict[str, Any] = {}
        for key, raw in item.items():
            if key == values_key:
                try:
                    row[key] = LazyValues(decode_values(raw))
                except msgspec.ValidationError:
                    # Not an object: keep it as sent; the model layer names the problem.
                    row[key] = decode_any(raw)
            else:
                row[key] = decode_any(raw)
        append(row)
    return out
