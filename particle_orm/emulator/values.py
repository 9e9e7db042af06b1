"""Attribute values: input normalisation per type (FACTS.md §2) and output rendering (§1).

``normalize`` turns what a client may send for an attribute into a list of canonical ``data``
dicts (the JSON stored in the ``value`` table); ``sort_keys`` derives the ``sk_text``/``sk_num``
columns; ``render`` produces Attio's output shape with the common envelope.

Known limitation: root domains use a compact list of multi-part public suffixes
(``co.uk``, ``com.au``…), not the full Public Suffix List.

Example:
    >>> email_parts("Alice@Sub.Example.co.uk")["email_root_domain"]
    'example.co.uk'
    >>> phone_parts("+44 7777 777777", None)["country_code"]
    'GB'
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from particle_orm.emulator.entities import AttributeDef, MemberDef, OptionDef, StatusDef
from particle_orm.emulator.errors import (
    AttioError,
    invalid_value,
    validation_error,
    value_not_found,
)

__all__ = [
    "ValueContext",
    "add_duration",
    "check_writable",
    "coerce_date",
    "coerce_timestamp",
    "email_parts",
    "identity",
    "normalize",
    "parse_location",
    "parse_personal_name",
    "phone_parts",
    "render",
    "root_domain",
    "sort_keys",
]

# A compact stand-in for the Public Suffix List: the multi-part suffixes most addresses use.
_MULTI_PART_SUFFIXES = frozenset(
    [
        "co.uk",
        "org.uk",
        "ac.uk",
        "gov.uk",
        "me.uk",
        "ltd.uk",
        "plc.uk",
        "net.uk",
        "sch.uk",
        "nhs.uk",
        "com.au",
        "net.au",
        "org.au",
        "edu.au",
        "gov.au",
        "id.au",
        "asn.au",
        "co.nz",
        "org.nz",
        "net.nz",
        "govt.nz",
        "ac.nz",
        "co.jp",
        "ne.jp",
        "or.jp",
        "ac.jp",
        "go.jp",
        "com.br",
        "net.br",
        "org.br",
        "gov.br",
        "com.cn",
        "net.cn",
        "org.cn",
        "gov.cn",
        "edu.cn",
        "com.mx",
        "org.mx",
        "gob.mx",
        "co.in",
        "net.in",
        "org.in",
        "firm.in",
        "gen.in",
        "ind.in",
        "ac.in",
        "gov.in",
        "co.za",
        "org.za",
        "gov.za",
        "ac.za",
        "com.sg",
        "edu.sg",
        "gov.sg",
        "com.hk",
        "org.hk",
        "edu.hk",
        "gov.hk",
        "co.kr",
        "or.kr",
        "ne.kr",
        "go.kr",
        "com.tr",
        "org.tr",
        "gov.tr",
        "com.ar",
        "org.ar",
        "gob.ar",
        "co.il",
        "org.il",
        "ac.il",
        "gov.il",
        "com.tw",
        "org.tw",
        "edu.tw",
        "gov.tw",
        "com.my",
        "org.my",
        "gov.my",
        "com.ph",
        "com.pk",
        "com.ng",
        "com.eg",
        "com.sa",
        "com.vn",
        "com.ua",
        "com.co",
        "com.pe",
        "co.id",
        "or.id",
        "ac.id",
        "go.id",
        "co.th",
        "ac.th",
        "go.th",
        "com.es",
        "org.es",
        "gob.es",
        "co.at",
        "or.at",
        "com.pl",
        "net.pl",
        "org.pl",
    ]
)


def root_domain(domain: str) -> str:
    """The registrable domain (public suffix + 1) of a host name.

    Example:
        >>> root_domain("app.attio.com"), root_domain("shop.example.co.uk")
        ('attio.com', 'example.co.uk')
    """
    labels = domain.lower().strip(".").split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _MULTI_PART_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_EMAIL_RE = re.compile(r"^[^@\s\"(),:;<>\[\]\\]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


def email_parts(address: str) -> dict[str, str]:
    """Attio's five email properties; raises ``ValueError`` for an invalid address.

    Example:
        >>> email_parts("Bob@Acme.com")["email_address"]
        'bob@acme.com'
    """
    original = address.strip()
    if not _EMAIL_RE.match(original):
        raise ValueError(f"{address!r} is not a valid email address")
    lowered = original.lower()
    local, _, domain = lowered.rpartition("@")
    return {
        "original_email_address": original,
        "email_address": lowered,
        "email_domain": domain,
        "email_root_domain": root_domain(domain),
        "email_local_specifier": local,
    }


# Calling codes of common countries (ISO 3166-1 alpha-2 → code). "+1" resolves to US.
_CALLING_CODES: dict[str, str] = {
    "US": "1",
    "CA": "1",
    "GB": "44",
    "IE": "353",
    "FR": "33",
    "DE": "49",
    "ES": "34",
    "IT": "39",
    "PT": "351",
    "NL": "31",
    "BE": "32",
    "LU": "352",
    "CH": "41",
    "AT": "43",
    "DK": "45",
    "SE": "46",
    "NO": "47",
    "FI": "358",
    "IS": "354",
    "PL": "48",
    "CZ": "420",
    "SK": "421",
    "HU": "36",
    "RO": "40",
    "BG": "359",
    "GR": "30",
    "TR": "90",
    "UA": "380",
    "RU": "7",
    "IL": "972",
    "AE": "971",
    "SA": "966",
    "EG": "20",
    "ZA": "27",
    "NG": "234",
    "KE": "254",
    "IN": "91",
    "PK": "92",
    "BD": "880",
    "CN": "86",
    "HK": "852",
    "TW": "886",
    "JP": "81",
    "KR": "82",
    "SG": "65",
    "MY": "60",
    "TH": "66",
    "VN": "84",
    "PH": "63",
    "ID": "62",
    "AU": "61",
    "NZ": "64",
    "BR": "55",
    "AR": "54",
    "CL": "56",
    "CO": "57",
    "PE": "51",
    "MX": "52",
    "UY": "598",
    "EE": "372",
    "LV": "371",
    "LT": "370",
    "HR": "385",
    "SI": "386",
    "RS": "381",
    "CY": "357",
    "MT": "356",
}
_COUNTRY_BY_CODE: dict[str, str] = {}
for _country, _code in _CALLING_CODES.items():
    _COUNTRY_BY_CODE.setdefault(_code, _country)


def phone_parts(original: str, country_code: str | None) -> dict[str, str | None]:
    """Normalise a phone number to E.164 and find its country.

    A number without ``+`` needs ``country_code`` (its national trunk ``0`` is dropped).

    Example:
        >>> phone_parts("07777 777777", "GB")["phone_number"]
        '+447777777777'
    """
    raw = original.strip()
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+"):
        number = digits[1:]
        if not number.isdigit():
            raise ValueError(f"{original!r} is not a phone number")
        country = country_code.upper() if country_code else None
        if country is None:
            for length in (3, 2, 1):
                if number[:length] in _COUNTRY_BY_CODE:
                    country = _COUNTRY_BY_CODE[number[:length]]
                    break
    else:
        if not country_code:
            raise ValueError(f"{original!r} has no '+' prefix, so a country_code is required")
        country = country_code.upper()
        if country not in _CALLING_CODES:
            raise ValueError(f"unsupported country_code {country_code!r}")
        if not digits.isdigit():
            raise ValueError(f"{original!r} is not a phone number")
        national = digits[1:] if digits.startswith("0") else digits
        number = _CALLING_CODES[country] + national
    if not 7 <= len(number) <= 15:
        raise ValueError(f"{original!r} does not have the length of a phone number")
    return {
        "original_phone_number": original,
        "country_code": country,
        "phone_number": "+" + number,
    }


def parse_personal_name(text: str) -> dict[str, str]:
    """``"Last, First"`` → name parts; no comma means it is all first name.

    Example:
        >>> parse_personal_name("Smith, John")["full_name"]
        'John Smith'
    """
    if "," in text:
        last, _, first = text.partition(",")
    else:
        last, first = "", text
    first, last = first.strip(), last.strip()
    return {"first_name": first, "last_name": last, "full_name": f"{first} {last}".strip()}


_LOCATION_KEYS = (
    "line_1",
    "line_2",
    "line_3",
    "line_4",
    "locality",
    "region",
    "postcode",
    "country_code",
    "latitude",
    "longitude",
)
_COUNTRY_NAMES = {
    "united states": "US",
    "usa": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "england": "GB",
    "france": "FR",
    "germany": "DE",
    "spain": "ES",
    "italy": "IT",
    "netherlands": "NL",
    "canada": "CA",
    "australia": "AU",
    "ireland": "IE",
    "india": "IN",
    "japan": "JP",
    "china": "CN",
    "brazil": "BR",
    "mexico": "MX",
    "switzerland": "CH",
    "sweden": "SE",
    "new zealand": "NZ",
    "singapore": "SG",
}
# UK, Canadian, US (ZIP+4), Japanese and plain numeric postcodes, at the end of a part.
_POSTCODE_RE = re.compile(
    r"^(?P<region>.*?)\s*(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|\d{5}(?:-\d{4})?|\d{3}-\d{4}|\d{4,6})$",
    re.IGNORECASE,
)
_LAT_RE = re.compile(r"^[-+]?([1-8]?\d(\.\d+)?|90(\.0+)?)$")
_LON_RE = re.compile(r"^[-+]?(180(\.0+)?|((1[0-7]\d)|([1-9]?\d))(\.\d+)?)$")


def parse_location(text: str) -> dict[str, str | None]:
    """Best-effort parse of a free-text address into the 10 location keys.

    Handles ``"line_1, locality, region postcode, country"`` and shorter tails of it; a single
    part is a locality. (Attio geocodes; the emulator only splits on commas.)

    Example:
        >>> loc = parse_location("1 Main St, Springfield, IL 62701, US")
        >>> loc["locality"], loc["region"], loc["postcode"], loc["country_code"]
        ('Springfield', 'IL', '62701', 'US')
    """
    out: dict[str, str | None] = dict.fromkeys(_LOCATION_KEYS)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2:
        last = parts[-1]
        code = _COUNTRY_NAMES.get(last.lower())
        if code is None and len(last) == 2 and last.isalpha():
            code = last.upper()
        if code is not None:
            out["country_code"] = code
            parts.pop()
    if len(parts) >= 2:
        tail = parts.pop()
        m = _POSTCODE_RE.match(tail)
        if m and m.group("region"):
            out["region"], out["postcode"] = m.group("region"), m.group("postcode")
        elif m:
            out["postcode"] = m.group("postcode")
        else:
            out["region"] = tail
    if parts:
        out["locality"] = parts.pop()
    out.update(zip(("line_1", "line_2", "line_3", "line_4"), parts))
    return out


_TS_RE = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


def _parse_moment(text: str) -> tuple[datetime, str, bool]:
    """(UTC datetime without fraction, 9-digit fraction, had a time part)."""
    m = _TS_RE.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not an ISO 8601 date or timestamp")
    year, month, day, hour, minute, second, frac, zone = m.groups()
    moment = datetime(
        int(year),
        int(month or 1),
        int(day or 1),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        tzinfo=timezone.utc,
    )
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        zh, zm = int(zone[1:3]), int(zone[-2:])
        # The offset is subtracted to land on UTC; only whole minutes, so the fraction holds.
        moment -= sign * timedelta(hours=zh, minutes=zm)
    return moment, (frac or "").ljust(9, "0"), hour is not None


def coerce_timestamp(text: str) -> str:
    """Attio's timestamp coercion: missing parts default to the period start, UTC, 9 digits.

    Example:
        >>> coerce_timestamp("2023-01-02T15:00+02:00")
        '2023-01-02T13:00:00.000000000Z'
    """
    moment, frac, _ = _parse_moment(text)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + frac + "Z"


def coerce_date(text: str) -> str:
    """Attio's date coercion: ``"2023"`` → ``2023-01-01``; zone applied, time dropped.

    Example:
        >>> coerce_date("2023-01-02T23:00:00-10:00")
        '2023-01-03'
    """
    moment, _, _ = _parse_moment(text)
    return moment.strftime("%Y-%m-%d")


_DURATION_RE = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"
)


def add_duration(timestamp: str, duration: str) -> str:
    """``timestamp`` plus an ISO 8601 duration (for dynamic date/timestamp defaults).

    Example:
        >>> add_duration("2024-01-31T00:00:00.000000000Z", "P1M")
        '2024-02-29T00:00:00.000000000Z'
    """
    m = _DURATION_RE.match(duration)
    if not m or duration in ("P", "PT"):
        raise ValueError(f"{duration!r} is not an ISO 8601 duration")
    years, months, weeks, days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
    moment, frac, _ = _parse_moment(timestamp)
    month_index = moment.month - 1 + months + 12 * years
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    moment = moment.replace(year=year, month=month, day=day) + timedelta(
        weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + frac + "Z"


class ValueContext(Protocol):
    """What normalisation needs to look up in a workspace."""

    workspace_id: str

    def option(self, attribute_id: str, key: str) -> OptionDef | None: ...
    def status(self, attribute_id: str, key: str) -> StatusDef | None: ...
    def object_slug(self, object_id: str) -> str | None: ...
    def object_id(self, key: str) -> str | None: ...
    def record_exists(self, object_id: str, record_id: str) -> bool: ...
    def match_records(self, object_id: str, attribute_key: str, raw: Any) -> list[str]: ...
    def member(self, key: str) -> MemberDef | None: ...


_Normalizer = Callable[[AttributeDef, Any, ValueContext], dict[str, Any]]


class _Bad(Exception):
    """An invalid value; ``path`` is relative to the value."""

    def __init__(self, problem: str, path: list[str | int] | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path or []


def _unwrap(raw: Any, key: str) -> Any:
    if isinstance(raw, dict):
        if key not in raw:
            raise _Bad("Required", [key])
        return raw[key]
    return raw


def _text(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "value")
    if not isinstance(value, str):
        raise _Bad(f"Expected a string, received {type(value).__name__}")
    return {"value": value}


def _number(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f"Expected a number, received {type(value).__name__}")
    return {"value": value}


def _checkbox(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "value")
    if isinstance(value, str) and value in ("true", "false"):
        value = value == "true"
    if not isinstance(value, bool):
        raise _Bad("Expected a boolean")
    return {"value": value}


def _to_number(value: Any) -> int | float:
    if isinstance(value, str):
        try:
            return float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            raise _Bad(f"Expected a number, received {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f"Expected a number, received {type(value).__name__}")
    return value


def _currency(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    if isinstance(raw, dict) and "currency_code" in raw:
        raise _Bad("currency_code is set on the attribute, not per value", ["currency_code"])
    value = _to_number(_unwrap(raw, "currency_value"))
    return {"currency_value": value, "currency_code": attr.currency_code}


def _date(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "value")
    if not isinstance(value, str):
        raise _Bad("Expected a date string")
    try:
        return {"value": coerce_date(value)}
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _timestamp(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "value")
    if not isinstance(value, str):
        raise _Bad("Expected a timestamp string")
    try:
        return {"value": coerce_timestamp(value)}
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _rating(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        raise _Bad("Expected an integer between 0 and 5")
    return {"value": value}


def _select(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    key = _unwrap(raw, "option")
    if not isinstance(key, str):
        raise _Bad("Expected an option title or id")
    option = ctx.option(attr.id, key)
    if option is None or option.is_archived:
        raise value_not_found(f'Cannot find select attribute with select option title "{key}".')
    return {"option_id": option.id}


def _status(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    key = _unwrap(raw, "status")
    if not isinstance(key, str):
        raise _Bad("Expected a status title or id")
    status = ctx.status(attr.id, key)
    if status is None or status.is_archived:
        raise value_not_found(f'Cannot find status attribute with status title "{key}".')
    return {"status_id": status.id}


# Matching attribute per standard target object for the string shorthand (FACTS §2.3).
_SHORTHAND_MATCH = {
    "companies": "domains",
    "people": "email_addresses",
    "users": "user_id",
    "workspaces": "workspace_id",
}


def _record_reference(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    allowed = attr.allowed_object_ids or []
    if isinstance(raw, str):
        slugs = [ctx.object_slug(o) for o in allowed]
        if len(allowed) != 1 or slugs[0] not in _SHORTHAND_MATCH:
            raise _Bad(
                "The string shorthand needs an attribute that allows exactly one standard object"
            )
        raw = {"target_object": slugs[0], _SHORTHAND_MATCH[str(slugs[0])]: raw}
    if not isinstance(raw, dict):
        raise _Bad("Expected an object with target_object and target_record_id")
    if "target_object" not in raw:
        raise _Bad("Required", ["target_object"])
    target = raw["target_object"]
    object_id = ctx.object_id(target) if isinstance(target, str) else None
    if object_id is None:
        raise value_not_found(f'Cannot find object with slug/ID "{target}".')
    if allowed and object_id not in allowed:
        raise _Bad(f'Object "{target}" is not allowed for this attribute', ["target_object"])
    if "target_record_id" in raw:
        rid = raw["target_record_id"]
        if not isinstance(rid, str) or not ctx.record_exists(object_id, rid):
            raise value_not_found(f'Record with ID "{rid}" not found for object "{target}".')
        return {"target_object_id": object_id, "target_record_id": rid}
    keys = [k for k in raw if k != "target_object"]
    if len(keys) != 1:
        raise _Bad("Give target_record_id or exactly one matching attribute")
    matches = ctx.match_records(object_id, keys[0], raw[keys[0]])
    if len(matches) != 1:
        raise value_not_found(
            f'Expected exactly one "{target}" record matching "{keys[0]}", found {len(matches)}.'
        )
    return {"target_object_id": object_id, "target_record_id": matches[0]}


def _actor_reference(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    if isinstance(raw, dict) and "workspace_member_email_address" in raw:
        raw = raw["workspace_member_email_address"]
    if isinstance(raw, dict):
        if raw.get("referenced_actor_type") != "workspace-member":
            raise _Bad("Only workspace-member actors can be written", ["referenced_actor_type"])
        raw = raw.get("referenced_actor_id")
    if not isinstance(raw, str):
        raise _Bad("Expected a workspace member email address or id")
    member = ctx.member(raw)
    if member is None:
        raise value_not_found(f'Cannot find workspace member "{raw}".')
    return {"referenced_actor_type": "workspace-member", "referenced_actor_id": member.id}


def _location(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    if isinstance(raw, str):
        return parse_location(raw)
    if not isinstance(raw, dict):
        raise _Bad("Expected an address string or an object with all 10 location keys")
    missing = [k for k in _LOCATION_KEYS if k not in raw]
    if missing:
        raise _Bad("Required", [missing[0]])
    out: dict[str, Any] = {}
    for key in _LOCATION_KEYS:
        value = raw[key]
        if value is not None and not isinstance(value, str):
            raise _Bad("Expected a string or null", [key])
        out[key] = value
    if out["country_code"] is not None:
        if not re.fullmatch(r"[A-Za-z]{2}", out["country_code"]):
            raise _Bad("Expected an ISO 3166-1 alpha-2 country code", ["country_code"])
        out["country_code"] = out["country_code"].upper()
    if out["latitude"] is not None and not _LAT_RE.match(out["latitude"]):
        raise _Bad("Invalid latitude", ["latitude"])
    if out["longitude"] is not None and not _LON_RE.match(out["longitude"]):
        raise _Bad("Invalid longitude", ["longitude"])
    return out


def _domain(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "domain")
    if not isinstance(value, str):
        raise _Bad("Expected a domain string")
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value.strip().lower())
    host = re.split(r"[/?#]", host, maxsplit=1)[0].split("@")[-1].split(":")[0].strip(".")
    if not re.fullmatch(r"([a-z0-9-]+\.)+[a-z]{2,}", host):
        raise _Bad(f"{value!r} is not a domain")
    return {"domain": host, "root_domain": root_domain(host)}


def _email(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    value = _unwrap(raw, "email_address")
    if not isinstance(value, str):
        raise _Bad("Expected an email address string")
    try:
        return dict(email_parts(value))
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _phone(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    original: Any
    country: Any
    if isinstance(raw, str):
        original, country = raw, None
    elif isinstance(raw, dict):
        original = raw.get("original_phone_number")
        country = raw.get("country_code")
        if not isinstance(original, str):
            raise _Bad("Required", ["original_phone_number"])
        if country is not None and not isinstance(country, str):
            raise _Bad("Expected a country code or null", ["country_code"])
    else:
        raise _Bad("Expected a phone number string or object")
    try:
        return dict(phone_parts(original, country))
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _personal_name(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    if isinstance(raw, str):
        return dict(parse_personal_name(raw))
    if not isinstance(raw, dict):
        raise _Bad("Expected a name string or an object")
    out: dict[str, Any] = {}
    for key in ("first_name", "last_name", "full_name"):
        if key not in raw:
            raise _Bad("Required", [key])
        if not isinstance(raw[key], str):
            raise _Bad("Expected a string", [key])
        out[key] = raw[key]
    return out


def _interaction(attr: AttributeDef, raw: Any, ctx: ValueContext) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Bad("Expected an interaction object")
    try:
        return {
            "interaction_type": raw["interaction_type"],
            "interacted_at": coerce_timestamp(raw["interacted_at"]),
            "owner_actor": raw.get("owner_actor") or {"type": "system", "id": None},
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise _Bad(f"Invalid interaction: {exc}") from None


_NORMALIZERS: dict[str, _Normalizer] = {
    "text": _text,
    "number": _number,
    "checkbox": _checkbox,
    "currency": _currency,
    "date": _date,
    "timestamp": _timestamp,
    "rating": _rating,
    "status": _status,
    "select": _select,
    "record-reference": _record_reference,
    "actor-reference": _actor_reference,
    "location": _location,
    "domain": _domain,
    "email-address": _email,
    "phone-number": _phone,
    "interaction": _interaction,
    "personal-name": _personal_name,
}


def normalize(attr: AttributeDef, raw: Any, ctx: ValueContext) -> list[dict[str, Any]]:
    """Canonical stored values for what a client sent for ``attr`` (``[]`` clears it).

    Raises :class:`AttioError` (400 ``validation_type`` naming the slug, or
    ``value_not_found``) for bad input.

    Example:
        >>> a = AttributeDef("a", "w", "object", "o", "nick", "Nick", "text", "t")
        >>> normalize(a, "Bo", None)  # type: ignore[arg-type]
        [{'value': 'Bo'}]
    """
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    if not attr.is_multiselect and len(items) > 1:
        raise invalid_value(attr.api_slug, "This attribute accepts a single value")
    normalizer = _NORMALIZERS[attr.type]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        try:
            data = normalizer(attr, item, ctx)
        except _Bad as bad:
            path: list[str | int] = [i, *bad.path] if isinstance(raw, list) else bad.path
            raise invalid_value(attr.api_slug, bad.problem, path) from None
        key = identity(attr.type, data)
        if key not in seen:  # duplicates within one write collapse to one value
            seen.add(key)
            out.append(data)
    return out


_IDENTITY_KEY = {
    "email-address": "email_address",
    "phone-number": "phone_number",
    "domain": "domain",
    "record-reference": "target_record_id",
    "select": "option_id",
    "status": "status_id",
}


def identity(attr_type: str, data: dict[str, Any]) -> str:
    """What makes two values of a type "the same value" (for dedupe and PUT diffs).

    Example:
        >>> identity("domain", {"domain": "a.com", "root_domain": "a.com"})
        'a.com'
    """
    key = _IDENTITY_KEY.get(attr_type)
    if key is not None:
        return str(data[key])
    return json.dumps(data, sort_keys=True)


def sort_keys(
    attr_type: str, data: dict[str, Any], title: str | None = None
) -> tuple[str | None, float | None]:
    """The ``(sk_text, sk_num)`` columns of a value; ``title`` is the option/status title.

    Example:
        >>> sort_keys("personal-name", {"full_name": "Ada L", "first_name": "", "last_name": ""})
        ('ada l', None)
    """
    if attr_type in ("number", "rating"):
        return None, float(data["value"])
    if attr_type == "checkbox":
        return None, 1.0 if data["value"] else 0.0
    if attr_type == "currency":
        return None, float(data["currency_value"])
    if attr_type == "text":
        return str(data["value"]).lower(), None
    if attr_type in ("date", "timestamp"):
        return str(data["value"]), None
    if attr_type in ("select", "status"):
        return (title or "").lower(), None
    if attr_type == "record-reference":
        return str(data["target_record_id"]), None
    if attr_type == "actor-reference":
        return data.get("referenced_actor_id"), None
    if attr_type == "location":
        locality = data.get("locality")
        return (locality.lower() if locality else None), None
    if attr_type == "domain":
        return str(data["domain"]), None
    if attr_type == "email-address":
        return str(data["email_address"]), None
    if attr_type == "phone-number":
        return str(data["phone_number"]), None
    if attr_type == "interaction":
        return str(data["interacted_at"]), None
    if attr_type == "personal-name":
        return str(data["full_name"]).lower(), None
    raise validation_error(f"Unknown attribute type {attr_type!r}.")


def render(
    attr: AttributeDef,
    data: dict[str, Any],
    active_from: str,
    active_until: str | None,
    actor: dict[str, Any],
    ctx: ValueContext,
) -> dict[str, Any]:
    """Attio's output value: envelope, type-specific keys, ``attribute_type`` last.

    Example:
        >>> a = AttributeDef("a", "w", "object", "o", "nick", "Nick", "text", "t")
        >>> render(a, {"value": "Bo"}, "t0", None, {"type": "system", "id": None}, None)["value"]
        'Bo'
    """
    out: dict[str, Any] = {
        "active_from": active_from,
        "active_until": active_until,
        "created_by_actor": actor,
    }
    t = attr.type
    if t == "record-reference":
        out["target_object"] = ctx.object_slug(data["target_object_id"])
        out["target_record_id"] = data["target_record_id"]
    elif t == "select":
        opt = ctx.option(attr.id, data["option_id"])
        out["option"] = {
            "id": {
                "workspace_id": attr.workspace_id,
                "object_id": attr.parent_id,
                "attribute_id": attr.id,
                "option_id": data["option_id"],
            },
            "title": opt.title if opt else "",
            "is_archived": opt.is_archived if opt else True,
        }
    elif t == "status":
        st = ctx.status(attr.id, data["status_id"])
        out["status"] = {
            "id": {
                "workspace_id": attr.workspace_id,
                "object_id": attr.parent_id,
                "attribute_id": attr.id,
                "status_id": data["status_id"],
            },
            "title": st.title if st else "",
            "is_archived": st.is_archived if st else True,
            "target_time_in_status": st.target_time_in_status if st else None,
            "celebration_enabled": st.celebration_enabled if st else False,
        }
    else:
        out.update(data)
    out["attribute_type"] = t
    return out


def check_writable(attr: AttributeDef) -> None:
    """Reject writes to read-only attributes such as ``record_id`` or enriched ones."""
    if not attr.is_writable:
        raise AttioError(
            400,
            "validation_type",
            f'An invalid value was passed to attribute with slug "{attr.api_slug}".',
            extra={
                "validation_errors": [
                    {"code": "invalid", "path": [], "message": "This attribute is not writable."}
                ]
            },
        )
