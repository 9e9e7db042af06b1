"""Domain normalisation and a small registrable-domain ("root domain") guess.

Attio computes ``root_domain`` with the public suffix list; we approximate it for
values written locally (a common set of two-level suffixes). The server's answer
replaces ours after a save.

Example:
    >>> from particle_orm.fields._domain_rules import normalise_domain, root_domain
    >>> normalise_domain("https://App.Attio.com/path?q=1"), root_domain("www.bbc.co.uk")
    ('app.attio.com', 'bbc.co.uk')
"""

from __future__ import annotations

import re

__all__ = ["is_domain", "normalise_domain", "root_domain"]

_SECOND_LEVEL = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au",
        "co.nz", "org.nz", "net.nz",
        "co.jp", "ne.jp", "or.jp", "ac.jp",
        "com.br", "net.br", "org.br",
        "co.za", "org.za",
        "com.mx", "org.mx",
        "co.in", "net.in", "org.in", "firm.in",
        "com.cn", "net.cn", "org.cn",
        "com.sg", "com.hk", "com.tw", "co.kr", "co.il", "com.tr", "com.ar", "com.co",
        "co.id", "com.my", "com.ph", "com.vn", "com.pk", "com.ng", "co.ke", "com.eg",
        "com.sa", "com.pe", "com.ua", "co.th",
    }
)  # fmt: skip
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_domain(text: str) -> str:
    """Lower-case, and strip a scheme, credentials, port, path, query and fragment."""
    value = text.strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    for sep in ("/", "?", "#"):
        value = value.split(sep, 1)[0]
    value = value.rsplit("@", 1)[-1]
    value = value.split(":", 1)[0]
    return value.rstrip(".")


def is_domain(value: str) -> bool:
    """True for a syntactically valid host name with at least two labels."""
    labels = value.split(".")
    if len(labels) < 2 or len(value) > 253:
        return False
    if not all(_LABEL.match(label) for label in labels):
        return False
    return not labels[-1].isdigit()


def root_domain(domain: str) -> str:
    """The registrable domain (public suffix + one label), approximately."""
    labels = domain.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
