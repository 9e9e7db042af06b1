"""Matching concrete request paths to the spec's path templates.

Each ``{param}`` segment only accepts what Attio accepts there: ``*_id`` parameters are
UUIDs, ``{target}`` is ``objects`` or ``lists``, ``{object}``/``{list}``/``{attribute}``/
``{identifier}`` are slugs or UUIDs, option and status are titles (anything non-empty).
When several templates match, the one with literal segments earliest wins, so
``/v2/objects/records/search`` is never read as ``/v2/objects/{object}/...``.

>>> table = RouteTable(["/v2/objects/{object}", "/v2/objects/records/search"])
>>> table.match("/v2/objects/people")
('/v2/objects/{object}', {'object': 'people'})
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["RouteTable", "segment_accepts"]

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# api_slugs are snake_case; a UUID also fits, which is what "slug or UUID" means here.
_SLUG_OR_UUID = re.compile(r"[A-Za-z0-9_-]+")
_PARAM = re.compile(r"\{([^}]+)\}")

_SLUG_PARAMS = frozenset({"object", "list", "attribute", "identifier"})
_TITLE_PARAMS = frozenset({"option", "status"})
_TARGETS = frozenset({"objects", "lists"})


def segment_accepts(param: str) -> Callable[[str], bool]:
    """The predicate a path segment must satisfy to fill template parameter ``param``.

    >>> segment_accepts("record_id")("people")
    False
    >>> segment_accepts("object")("people")
    True
    """
    if param == "target":
        return _TARGETS.__contains__
    if param in _SLUG_PARAMS:
        return lambda value: _SLUG_OR_UUID.fullmatch(value) is not None
    if param in _TITLE_PARAMS:
        return bool
    if param.endswith("_id"):
        return lambda value: _UUID.fullmatch(value) is not None
    # An unknown parameter name (a future spec): accept anything rather than misroute.
    return bool


def _expectation(param: str) -> str:
    if param == "target":
        return "expected objects or lists"
    if param in _SLUG_PARAMS:
        return "expected a slug or a UUID"
    if param.endswith("_id"):
        return "expected a UUID"
    return "expected a non-empty segment"


@dataclass(frozen=True)
class _Template:
    template: str
    # Per segment: a literal string, or (param name, predicate).
    segments: tuple[str | tuple[str, Callable[[str], bool]], ...]

    @property
    def rank(self) -> tuple[int, ...]:
        # Lexicographically smaller = more literal segments earlier = preferred.
        return tuple(0 if isinstance(seg, str) else 1 for seg in self.segments)

    def near_miss(self, parts: list[str]) -> list[str] | None:
        """Why ``parts`` failed only on parameter values (``None``: literals differ)."""
        if len(parts) != len(self.segments):
            return None
        reasons = []
        for part, segment in zip(parts, self.segments):
            if isinstance(segment, str):
                if part != segment:
                    return None
            elif not segment[1](part):
                name = segment[0]
                reasons.append(f"{{{name}}} does not accept {part!r} ({_expectation(name)})")
        return reasons

    def bind(self, parts: list[str]) -> dict[str, str] | None:
        if len(parts) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for part, segment in zip(parts, self.segments):
            if isinstance(segment, str):
                if part != segment:
                    return None
                continue
            name, accepts = segment
            if not accepts(part):
                return None
            params[name] = part
        return params


def _compile(template: str) -> _Template:
    segments: list[str | tuple[str, Callable[[str], bool]]] = []
    for part in template.strip("/").split("/"):
        param = _PARAM.fullmatch(part)
        segments.append((param.group(1), segment_accepts(param.group(1))) if param else part)
    return _Template(template, tuple(segments))


def _split(path: str) -> list[str]:
    bare = path.split("?", 1)[0].split("#", 1)[0]
    return [unquote(part) for part in bare.strip("/").split("/")]


class RouteTable:
    """Path templates, matched most-specific first.

    >>> RouteTable(["/v2/lists/{list}"]).match("/v2/lists/a/b") is None
    True
    """

    def __init__(self, templates: Iterable[str]) -> None:
        compiled = [_compile(template) for template in templates]
        self._templates = sorted(compiled, key=lambda t: t.rank)

    def match_all(self, path: str) -> list[tuple[str, dict[str, str]]]:
        """Every template ``path`` fits, most specific first."""
        parts = _split(path)
        found = []
        for template in self._templates:
            params = template.bind(parts)
            if params is not None:
                found.append((template.template, params))
        return found

    def explain(self, path: str) -> list[str]:
        """Hints for a path that matched nothing: templates it missed only on values.

        >>> RouteTable(["/v2/notes/{note_id}"]).explain("/v2/notes/abc")
        ["/v2/notes/{note_id}: {note_id} does not accept 'abc' (expected a UUID)"]
        """
        parts = _split(path)
        hints: list[str] = []
        for template in self._templates:
            reasons = template.near_miss(parts)
            if reasons:
                hints.extend(f"{template.template}: {reason}" for reason in reasons)
        return hints

    def match(
        self, path: str, allowed: Callable[[str], bool] | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """The most specific template for ``path`` (among those ``allowed`` accepts)."""
        for template, params in self.match_all(path):
            if allowed is None or allowed(template):
                return template, params
        return None
