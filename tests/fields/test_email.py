from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import Email
from tests.fields.conftest import bind, env


def test_decode_all_parts() -> None:
    item = env(
        "email-address",
        original_email_address="Alisha@aedit.com",
        email_address="alisha@aedit.com",
        email_domain="aedit.com",
        email_root_domain="aedit.com",
        email_local_specifier="alisha",
    )
    value = bind(fields.EmailAddress()).decode([item])
    assert value == Email(
        "alisha@aedit.com", "aedit.com", "aedit.com", "alisha", "Alisha@aedit.com"
    )


def test_write_from_str_normalises_like_attio() -> None:
    value = bind(fields.EmailAddress()).validate("Alice+crm@Sub.Example.com")
    assert value.email_address == "alice+crm@sub.example.com"
    assert value.email_domain == "sub.example.com"
    assert value.email_root_domain == "example.com"
    assert value.email_local_specifier == "alice"


def test_encode_sends_original() -> None:
    assert bind(fields.EmailAddress()).encode("Bob@x.io") == [{"email_address": "Bob@x.io"}]


@pytest.mark.parametrize(
    "bad", ["plain", "a@b", "a..b@x.com", ".a@x.com", "a@-x.com", "a b@x.com", "a@x.c0m", 42]
)
def test_strict_validation(bad: object) -> None:
    with pytest.raises(InvalidValue, match="email"):
        bind(fields.EmailAddress(many=True)).validate([bad])
