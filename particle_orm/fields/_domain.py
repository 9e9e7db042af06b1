"""Domain attributes (``domain``): :class:`~particle_orm.values.Domain`.

Write from a ``str``: URLs are trimmed to the host (as Attio does), lower-cased, and
checked to be a host name.

Example:
    >>> from particle_orm import fields
    >>> fields.Domain(slug="domains", many=True).validate(["https://www.Acme.com/about"])
    [Domain(domain='www.acme.com', root_domain='acme.com')]
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar, overload

from typing_extensions import Unpack

from particle_orm.fields._composite import CompositeField
from particle_orm.fields._domain_rules import is_domain, normalise_domain, root_domain
from particle_orm.fields._options import FieldOptions
from particle_orm.values import Domain as DomainValue

__all__ = ["Domain"]

T = TypeVar("T")


class Domain(CompositeField[T]):
    """A web domain (``companies.domains`` is many and unique).

    Example:
        >>> Domain(slug="d").encode("app.attio.com")
        [{'domain': 'app.attio.com'}]
    """

    attribute_type = "domain"
    property_names = ("domain", "root_domain")
    expected = "a domain str (e.g. 'acme.com') or a Domain"
    value_type = DomainValue
    plain_attribute = "domain"

    @overload
    def __init__(
        self: Domain[DomainValue | None],
        *,
        many: Literal[False] = ...,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    @overload
    def __init__(
        self: Domain[list[DomainValue]],
        *,
        many: Literal[True],
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, *, many: bool = False, **options: Any) -> None:
        super().__init__(many=many, **options)

    def decode_item(self, item: dict[str, Any]) -> Any:
        return DomainValue(item["domain"], item.get("root_domain"))

    def validate_item(self, value: object) -> DomainValue:
        if isinstance(value, DomainValue):
            text = value.domain
        elif isinstance(value, str):
            text = value
        else:
            raise self._invalid(value)
        if not isinstance(text, str):
            raise self._invalid(value)
        host = normalise_domain(text)
        if not is_domain(host):
            raise self._invalid(value)
        if isinstance(value, DomainValue) and value.domain == host:
            return value
        return DomainValue(host, root_domain(host))

    def encode_item(self, value: Any) -> Any:
        return {"domain": value.domain}
