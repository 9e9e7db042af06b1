"""Email-address attributes (``email-address``): :class:`~particle_orm.values.Email`.

Write from a ``str``, validated strictly (Attio rejects malformed addresses). The
derived parts are computed locally the way Attio normalises them: the address and its
parts lower-cased, ``email_root_domain`` the registrable domain, ``email_local_specifier``
the local part before any ``+tag``.

Example:
    >>> from particle_orm import fields
    >>> f = fields.EmailAddress(slug="email_addresses", many=True)
    >>> f.validate(["Alice@Sub.Example.com"])[0]
    Email(email_address='alice@sub.example.com', email_domain='sub.example.com', \
email_root_domain='example.com', email_local_specifier='alice', \
original_email_address='Alice@Sub.Example.com')
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._composite import CompositeField
from particle_orm.fields._domain_rules import is_domain, root_domain
from particle_orm.fields._options import FieldOptions
from particle_orm.values import Email

__all__ = ["EmailAddress", "parse_email"]

T = TypeVar("T")

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def parse_email(text: str) -> Email | None:
    """Parse and normalise an address; ``None`` when it is not a valid address.

    Example:
        >>> parse_email("a..b@x.com") is None, parse_email("bob+crm@x.io").email_local_specifier
        (True, 'bob')
    """
    if not isinstance(text, str) or len(text) > 254:
        return None
    original = text.strip()
    local, at, domain = original.rpartition("@")
    if not at or not local or len(local) > 64 or not _LOCAL.match(local):
        return None
    domain = domain.lower()
    if not is_domain(domain) or not domain.rsplit(".", 1)[-1].isalpha():
        return None
    address = f"{local.lower()}@{domain}"
    specifier = local.lower().split("+", 1)[0]
    return Email(address, domain, root_domain(domain), specifier, original)


class EmailAddress(CompositeField[T]):
    """An email address (``people.email_addresses`` is many and unique).

    Example:
        >>> EmailAddress(slug="e").encode("a@b.com")
        [{'email_address': 'a@b.com'}]
    """

    attribute_type = "email-address"
    property_names = (
        "email_address",
        "email_domain",
        "email_root_domain",
        "email_local_specifier",
    )
    expected = "a valid email address str or an Email"
    value_type = Email
    plain_attribute = "email_address"

    @overload
    def __init__(
        self: EmailAddress[Email | None],
        *,
        many: Literal[False] = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: EmailAddress[list[Email]],
        *,
        many: Literal[True],
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, *, many: bool = False, **options: Any) -> None:
        super().__init__(many=many, **options)

    def decode_item(self, item: dict[str, Any]) -> Any:
        return Email(
            item["email_address"],
            item.get("email_domain"),
            item.get("email_root_domain"),
            item.get("email_local_specifier"),
            item.get("original_email_address"),
        )

    def validate_item(self, value: object) -> Email:
        if isinstance(value, Email):
            text = value.original_email_address or value.email_address
        elif isinstance(value, str):
            text = value
        else:
            raise self._invalid(value)
        parsed = parse_email(text)
        if parsed is None:
            raise self._invalid(value)
        if isinstance(value, Email) and value.email_address == parsed.email_address:
            return value
        return parsed

    def encode_item(self, value: Any) -> Any:
        return {"email_address": value.original_email_address or value.email_address}
