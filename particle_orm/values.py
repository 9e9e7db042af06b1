"""Immutable Python values for Attio attribute types, and composite identities.

Each class is small, frozen and hashable. Fields decode Attio's output shapes into these
and encode them back to Attio's input shapes (see :mod:`particle_orm.fields`).

Example:
    >>> from particle_orm.values import Instant, Money, RecordId
    >>> Instant.parse("2025-07-22T15:07:00.895000001Z").nanosecond
    1
    >>> Money.of("4.99", "USD")
    Money(amount=Decimal('4.99'), currency='USD')
    >>> RecordId("ws", "obj", "rec").record_id
    'rec'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields as dc_fields
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from typing_extensions import Self

__all__ = [
    "Actor",
    "Domain",
    "Email",
    "EntryId",
    "FreeTextLocation",
    "HistoricValue",
    "Instant",
    "Interaction",
    "Location",
    "Money",
    "Option",
    "OptionId",
    "PersonalName",
    "PhoneNumber",
    "RecordId",
    "RecordRef",
    "StatusId",
    "StatusValue",
]

_UTC = timezone.utc


# --------------------------------------------------------------------------- identities


class RecordId(NamedTuple):
    """The composite identity of a record: unique only as a whole (FACTS §8).

    ``workspace_id``/``object_id`` may be ``None`` for a reference whose container is
    not known yet (e.g. a deferred instance built from a bare record id).

    Example:
        >>> rid = RecordId("ws", "obj", "rec")
        >>> rid == RecordId("ws", "obj", "rec"), rid == RecordId("ws2", "obj", "rec")
        (True, False)
    """

    workspace_id: str | None
    object_id: str | None
    record_id: str


class EntryId(NamedTuple):
    """The composite identity of a list entry.

    Example:
        >>> EntryId("ws", "list", "entry").entry_id
        'entry'
    """

    workspace_id: str | None
    list_id: str | None
    entry_id: str


class OptionId(NamedTuple):
    """The composite id of a select option.

    Example:
        >>> OptionId("ws", "obj", "attr", "opt").option_id
        'opt'
    """

    workspace_id: str
    object_id: str
    attribute_id: str
    option_id: str


class StatusId(NamedTuple):
    """The composite id of a status.

    Example:
        >>> StatusId("ws", "obj", "attr", "st").status_id
        'st'
    """

    workspace_id: str
    object_id: str
    attribute_id: str
    status_id: str


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A reference to a record of an object no registered model maps.

    Example:
        >>> RecordRef("people", "8a1...").target_object
        'people'
    """

    target_object: str
    target_record_id: str


# --------------------------------------------------------------------------- timestamps

_FAST_TS_LEN = len("2025-07-22T15:07:00.895000000Z")
_TS_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)
_PARSE_CACHE: dict[str, Instant] = {}
_PARSE_CACHE_MAX = 65536


class Instant(datetime):
    """A UTC timestamp that keeps Attio's nanoseconds.

    A :class:`datetime.datetime` subclass (always UTC) with a ``nanosecond`` attribute
    (0..999, the digits below the microsecond, like pandas). ``isoformat()`` gives
    Attio's 9-digit form, so ``Instant.parse(s).isoformat() == s`` for every Attio
    timestamp. Comparison and hashing include the nanoseconds; arithmetic with
    ``timedelta`` and ``replace()`` drop them (they return plain datetimes' precision).

    Example:
        >>> t = Instant.parse("2025-07-22T15:07:00.895000123Z")
        >>> t.microsecond, t.nanosecond
        (895000, 123)
        >>> t.isoformat()
        '2025-07-22T15:07:00.895000123Z'
        >>> t > Instant.parse("2025-07-22T15:07:00.895000122Z")
        True
    """

    __slots__ = ("_ns",)
    _ns: int

    def __new__(
        cls,
        year: int,
        month: int,
        day: int,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
        microsecond: int = 0,
        tzinfo: Any = _UTC,
        *,
        fold: int = 0,
        nanosecond: int = 0,
    ) -> Self:
        if tzinfo is not _UTC and tzinfo is not None:
            # Normalise any zone to UTC: Attio only speaks UTC.
            plain = datetime(year, month, day, hour, minute, second, microsecond, tzinfo)
            plain = plain.astimezone(_UTC)
            year, month, day = plain.year, plain.month, plain.day
            hour, minute, second = plain.hour, plain.minute, plain.second
        self = datetime.__new__(
            cls, year, month, day, hour, minute, second, microsecond, _UTC, fold=fold
        )
        if not 0 <= nanosecond <= 999:
            raise ValueError(f"nanosecond must be in 0..999, got {nanosecond}")
        self._ns = nanosecond
        return self

    @property
    def nanosecond(self) -> int:
        """Nanoseconds below the microsecond (0..999)."""
        return self._ns

    @classmethod
    def from_datetime(cls, value: datetime, nanosecond: int = 0) -> Instant:
        """Convert an aware datetime to an Instant (UTC).

        Example:
            >>> from datetime import datetime, timezone, timedelta
            >>> tz = timezone(timedelta(hours=2))
            >>> Instant.from_datetime(datetime(2023, 1, 2, 15, tzinfo=tz)).isoformat()
            '2023-01-02T13:00:00.000000000Z'
        """
        if isinstance(value, Instant) and not nanosecond:
            return value
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a timezone-aware datetime is required")
        u = value.astimezone(_UTC)
        return cls(
            u.year,
            u.month,
            u.day,
            u.hour,
            u.minute,
            u.second,
            u.microsecond,
            nanosecond=nanosecond,
        )

    @classmethod
    def from_epoch_ns(cls, ns: int) -> Instant:
        """Build from integer nanoseconds since the Unix epoch.

        Example:
            >>> Instant.from_epoch_ns(1).isoformat()
            '1970-01-01T00:00:00.000000001Z'
        """
        us, rest = divmod(ns, 1000)
        plain = datetime(1970, 1, 1, tzinfo=_UTC) + timedelta(microseconds=us)
        return cls.from_datetime(plain, rest)

    def epoch_ns(self) -> int:
        """Nanoseconds since the Unix epoch (exact).

        Example:
            >>> Instant.parse("1970-01-01T00:00:01.000000002Z").epoch_ns()
            1000000002
        """
        delta = datetime(
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.microsecond,
            _UTC,
        ) - datetime(1970, 1, 1, tzinfo=_UTC)
        return (
            (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
        ) * 1000 + self._ns

    @classmethod
    def parse(cls, text: str) -> Instant:
        """Parse an ISO 8601 timestamp (Attio's 9-digit ``Z`` form, or any zone/precision).

        A string without a zone is UTC (Attio's rule). Raises ``ValueError`` otherwise.

        Example:
            >>> Instant.parse("2023-01-02T15:00:00+02:00").isoformat()
            '2023-01-02T13:00:00.000000000Z'
        """
        cached = _PARSE_CACHE.get(text)
        if cached is not None:
            return cached
        if len(text) == _FAST_TS_LEN and text[19] == "." and text[29] == "Z" and text[10] == "T":
            try:
                result = cls(
                    int(text[0:4]),
                    int(text[5:7]),
                    int(text[8:10]),
                    int(text[11:13]),
                    int(text[14:16]),
                    int(text[17:19]),
                    int(text[20:26]),
                    nanosecond=int(text[26:29]),
                )
            except ValueError:
                result = cls._parse_slow(text)
        else:
            result = cls._parse_slow(text)
        if len(_PARSE_CACHE) >= _PARSE_CACHE_MAX:
            _PARSE_CACHE.clear()
        _PARSE_CACHE[text] = result
        return result

    @classmethod
    def _parse_slow(cls, text: str) -> Instant:
        m = _TS_RE.match(text.strip()) if isinstance(text, str) else None
        if m is None:
            raise ValueError(f"not an ISO 8601 timestamp: {text!r}")
        y, mo, d, h, mi, s, frac, zone = m.groups()
        frac = (frac or "").ljust(9, "0")
        tz: timezone = _UTC
        if zone and zone not in ("Z", "z"):
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        local = datetime(
            int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), int(frac[:6]), tz
        )
        return cls.from_datetime(local, int(frac[6:9]))

    def isoformat(self, sep: str = "T", timespec: str = "nanoseconds") -> str:
        """Attio's form ``YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`` (other timespecs: datetime's).

        Example:
            >>> Instant(2024, 1, 2, nanosecond=5).isoformat()
            '2024-01-02T00:00:00.000000005Z'
        """
        if timespec != "nanoseconds":
            return datetime.isoformat(self, sep, timespec)
        return (
            f"{self.year:04d}-{self.month:02d}-{self.day:02d}{sep}"
            f"{self.hour:02d}:{self.minute:02d}:{self.second:02d}."
            f"{self.microsecond:06d}{self._ns:03d}Z"
        )

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"Instant.parse({self.isoformat()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Instant.parse, (self.isoformat(),))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return self.__reduce__()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        def coerce(value: Any) -> Instant:
            if isinstance(value, Instant):
                return value
            if isinstance(value, datetime):
                return cls.from_datetime(value)
            if isinstance(value, str):
                return cls.parse(value)
            raise ValueError("expected a timezone-aware datetime or an ISO 8601 string")

        return core_schema.no_info_plain_validator_function(
            coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.isoformat(), when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}

    def __copy__(self) -> Instant:
        return self

    def __deepcopy__(self, memo: Any) -> Instant:
        return self

    @staticmethod
    def _ns_of(other: object) -> int:
        return other._ns if isinstance(other, Instant) else 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, datetime):
            return NotImplemented
        return datetime.__eq__(self, other) is True and self._ns == self._ns_of(other)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        base = datetime.__hash__(self)
        return base if self._ns == 0 else hash((base, self._ns))

    def __lt__(self, other: date) -> bool:
        if not isinstance(other, datetime):
            return NotImplemented
        if datetime.__eq__(self, other) is True:
            return self._ns < self._ns_of(other)
        return datetime.__lt__(self, other)

    def __le__(self, other: date) -> bool:
        if not isinstance(other, datetime):
            return NotImplemented
        return self.__lt__(other) or self.__eq__(other)

    def __gt__(self, other: date) -> bool:
        if not isinstance(other, datetime):
            return NotImplemented
        if datetime.__eq__(self, other) is True:
            return self._ns > self._ns_of(other)
        return datetime.__gt__(self, other)

    def __ge__(self, other: date) -> bool:
        if not isinstance(other, datetime):
            return NotImplemented
        return self.__gt__(other) or self.__eq__(other)


# --------------------------------------------------------------------------- scalars


@dataclass(frozen=True, slots=True)
class Money:
    """A currency amount: a ``Decimal`` (at most 4 places in Attio) and an ISO 4217 code.

    The code belongs to the attribute (Attio does not accept it per value); it is
    ``None`` when the attribute has no default currency.

    Example:
        >>> Money(Decimal("99.5"), "EUR").amount
        Decimal('99.5')
    """

    amount: Decimal
    currency: str | None = None

    @classmethod
    def of(cls, amount: int | float | str | Decimal, currency: str | None = None) -> Money:
        """Build from any number-like (floats go through ``str`` to avoid binary noise).

        Example:
            >>> Money.of(4.99).amount
            Decimal('4.99')
        """
        if isinstance(amount, bool):
            raise ValueError("a bool is not an amount")
        try:
            dec = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        except InvalidOperation:
            raise ValueError(f"not a number: {amount!r}") from None
        return cls(dec, currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}" if self.currency else str(self.amount)


class Option(str):
    """A select option: a ``str`` equal to its title (``str(option)``), carrying the option
    object. (There is no ``.title`` attribute: it would shadow ``str.title()``.)

    Example:
        >>> o = Option("Good", id=None, is_archived=False)
        >>> o == "Good", str(o), o.is_archived
        (True, 'Good', False)
    """

    is_archived: bool

    def __new__(
        cls,
        title: str,
        id: OptionId | Mapping[str, str] | None = None,
        is_archived: bool = False,
    ) -> Self:
        self = str.__new__(cls, title)
        # Write the instance dict directly: __setattr__ is blocked (immutability), and the
        # raw id mapping becomes an OptionId only when asked for (decoding stays cheap).
        state = self.__dict__
        state["_id"] = id
        state["is_archived"] = is_archived
        return self

    @property
    def id(self) -> OptionId | None:
        """The option's composite id (``None`` for an option built from a bare title)."""
        ident = self.__dict__["_id"]
        if ident is None or isinstance(ident, OptionId):
            return ident
        built = OptionId(**ident)
        self.__dict__["_id"] = built
        return built

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str.__str__(self), self.id, self.is_archived))


class StatusValue(str):
    """A status: a ``str`` equal to its title, carrying the status object.

    Example:
        >>> s = StatusValue("Won", celebration_enabled=True)
        >>> s == "Won", s.celebration_enabled
        (True, True)
    """

    is_archived: bool
    target_time_in_status: str | None
    celebration_enabled: bool

    def __new__(
        cls,
        title: str,
        id: StatusId | Mapping[str, str] | None = None,
        is_archived: bool = False,
        target_time_in_status: str | None = None,
        celebration_enabled: bool = False,
    ) -> Self:
        self = str.__new__(cls, title)
        state = self.__dict__
        state["_id"] = id
        state["is_archived"] = is_archived
        state["target_time_in_status"] = target_time_in_status
        state["celebration_enabled"] = celebration_enabled
        return self

    @property
    def id(self) -> StatusId | None:
        """The status's composite id (``None`` for a status built from a bare title)."""
        ident = self.__dict__["_id"]
        if ident is None or isinstance(ident, StatusId):
            return ident
        built = StatusId(**ident)
        self.__dict__["_id"] = built
        return built

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (
                str.__str__(self),
                self.id,
                self.is_archived,
                self.target_time_in_status,
                self.celebration_enabled,
            ),
        )


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor: ``type`` is ``workspace-member``, ``api-token``, ``system`` or ``app``.

    Only workspace members can be written; ``email`` lets you name a member by email
    address instead of id (write only).

    Example:
        >>> Actor("workspace-member", "50cf242c-7fa3-4cad-87d0-75b1af71c57b").type
        'workspace-member'
        >>> Actor.member(email="alice@attio.com").email
        'alice@attio.com'
    """

    type: str | None
    id: str | None
    email: str | None = None

    @classmethod
    def member(cls, id: str | None = None, *, email: str | None = None) -> Actor:
        """A workspace-member actor, by id or by email address."""
        return cls("workspace-member", id, email)


@dataclass(frozen=True, slots=True)
class Location:
    """A postal location; every part may be ``None``. Latitude/longitude are strings.

    Example:
        >>> Location(locality="Richmond", region="Virginia", country_code="US").locality
        'Richmond'
    """

    line_1: str | None = None
    line_2: str | None = None
    line_3: str | None = None
    line_4: str | None = None
    locality: str | None = None
    region: str | None = None
    postcode: str | None = None
    country_code: str | None = None
    latitude: str | None = None
    longitude: str | None = None


@dataclass(frozen=True, slots=True, init=False, repr=False)
class FreeTextLocation(Location):
    """An address written as one line for Attio to parse into its parts.

    Every part is ``None`` until the record is saved: the response carries what Attio
    made of the text, and the field then reads as an ordinary :class:`Location`. A plain
    ``str`` assigned to a location field becomes one of these.

    Example:
        >>> loc = FreeTextLocation("1 Infinite Loop, Cupertino, CA 95014, US")
        >>> loc.text, loc.locality, isinstance(loc, Location)
        ('1 Infinite Loop, Cupertino, CA 95014, US', None, True)
    """

    text: str = ""

    def __init__(self, text: str) -> None:
        for part in _LOCATION_PARTS:
            object.__setattr__(self, part, None)
        object.__setattr__(self, "text", text)

    def __repr__(self) -> str:
        return f"FreeTextLocation({self.text!r})"


_LOCATION_PARTS = tuple(f.name for f in dc_fields(Location))


@dataclass(frozen=True, slots=True, order=True)
class Domain:
    """A web domain and its registrable root domain.

    Example:
        >>> Domain("app.attio.com", "attio.com").root_domain
        'attio.com'
    """

    domain: str
    root_domain: str | None = None

    def __str__(self) -> str:
        return self.domain


@dataclass(frozen=True, slots=True, order=True)
class Email:
    """An email address with Attio's derived parts.

    Example:
        >>> e = Email("alice@sub.example.com", "sub.example.com", "example.com", "alice")
        >>> str(e), e.email_root_domain
        ('alice@sub.example.com', 'example.com')
    """

    email_address: str
    email_domain: str | None = None
    email_root_domain: str | None = None
    email_local_specifier: str | None = None
    original_email_address: str | None = None

    def __str__(self) -> str:
        return self.email_address


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A phone number: as typed (``original``), its ISO country, and E.164 form.

    Example:
        >>> PhoneNumber("+44 7777 777777", "GB", "+447777777777").e164
        '+447777777777'
    """

    original: str
    country_code: str | None = None
    e164: str | None = None

    def __str__(self) -> str:
        return self.e164 or self.original


@dataclass(frozen=True, slots=True)
class Interaction:
    """An interaction (read-only, maintained by Attio).

    Example:
        >>> Interaction("email", Instant(2025, 4, 20), Actor("system", None)).interaction_type
        'email'
    """

    interaction_type: str
    interacted_at: Instant | None
    owner_actor: Actor | None


@dataclass(frozen=True, slots=True)
class PersonalName:
    """A person's name. ``full_name`` is derived as "First Last" when not given.

    Example:
        >>> PersonalName("Ada", "Lovelace").full_name
        'Ada Lovelace'
        >>> PersonalName.parse("Lovelace, Ada").first_name
        'Ada'
    """

    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None

    def __post_init__(self) -> None:
        if self.full_name is None:
            full = " ".join(
                p for p in (self.first_name, self.last_name) if isinstance(p, str) and p
            )
            object.__setattr__(self, "full_name", full)

    @classmethod
    def parse(cls, text: str) -> PersonalName:
        """Parse Attio's "Last, First" shorthand (no comma: all first name).

        Example:
            >>> PersonalName.parse("Smith, John, Jr").first_name
            'John, Jr'
        """
        last, sep, first = text.partition(",")
        if not sep:
            return cls(text.strip(), "")
        return cls(first.strip(), last.strip())

    def __str__(self) -> str:
        return self.full_name or ""


@dataclass(frozen=True, slots=True)
class HistoricValue:
    """One historic value of an attribute (``obj.history(...)``).

    Example:
        >>> h = HistoricValue("x", Instant(2024, 1, 1), None, Actor("system", None))
        >>> h.is_active
        True
    """

    value: Any
    active_from: Instant | None
    active_until: Instant | None
    actor: Actor | None

    @property
    def is_active(self) -> bool:
        """True for the current value (``active_until`` is null)."""
        return self.active_until is None

    def was_active_at(self, when: datetime) -> bool:
        """True if the value was the attribute's value at ``when`` (a timezone-aware datetime).

        A value is active from ``active_from`` (inclusive) until ``active_until``
        (exclusive; ``None``: still active).

        Example:
            >>> h = HistoricValue("x", Instant(2024, 1, 1), Instant(2024, 2, 1), None)
            >>> h.was_active_at(Instant(2024, 1, 15)), h.was_active_at(Instant(2024, 2, 1))
            (True, False)
        """
        if when.tzinfo is None:
            raise ValueError(f"when must be timezone-aware, got {when!r}")
        if self.active_from is not None and when < self.active_from:
            return False
        return self.active_until is None or when < self.active_until


def parse_date(text: str) -> date:
    """Parse Attio's ``YYYY-MM-DD``.

    Example:
        >>> parse_date("2024-11-26")
        datetime.date(2024, 11, 26)
    """
    return date.fromisoformat(text)
