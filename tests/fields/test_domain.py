from __future__ import annotations

import pytest

from particle_orm import fields
from particle_orm.errors import InvalidValue
from particle_orm.values import Domain
from tests.fields.conftest import bind, env


def test_decode() -> None:
    item = env("domain", domain="app.attio.com", root_domain="attio.com")
    assert bind(fields.Domain(many=True)).decode([item]) == [Domain("app.attio.com", "attio.com")]


@pytest.mark.parametrize(
    ("text", "domain", "root"),
    [
        ("https://App.Attio.com/path?q=1", "app.attio.com", "attio.com"),
        ("www.bbc.co.uk", "www.bbc.co.uk", "bbc.co.uk"),
        ("acme.com:8080", "acme.com", "acme.com"),
    ],
)
def test_write_from_str(text: str, domain: str, root: str) -> None:
    f = bind(fields.Domain())
    assert f.validate(text) == Domain(domain, root)
    assert f.encode(text) == [{"domain": domain}]


@pytest.mark.parametrize("bad", ["localhost", "not a domain", "-x.com", 5, "1.2.3.4"])
def test_rejects(bad: object) -> None:
    with pytest.raises(InvalidValue):
        bind(fields.Domain()).validate(bad)
