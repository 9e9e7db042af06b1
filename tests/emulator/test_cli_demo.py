"""The first demo (``particle-orm demo``) and the ``emulator serve`` arguments."""

from __future__ import annotations

import io

import pytest

from particle_orm.cli import build_parser, demo


def test_demo_prints_people_with_their_companies() -> None:
    out = io.StringIO()
    assert demo(out) == 0
    lines = out.getvalue().splitlines()
    assert lines[1].split() == ["name", "email", "phone", "company"]
    assert lines[3].split() == ["Grace", "Hopper", "grace@globex.co.uk", "+14155550100", "Globex"]
    assert lines[4].split()[-1] == "Acme"
    assert "7 API calls" in lines[-1]


def test_serve_defaults_to_loopback() -> None:
    args = build_parser().parse_args(["emulator", "serve"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8700, ":memory:")
    args = build_parser().parse_args(["emulator", "serve", "--port", "9000", "--db", "x.db"])
    assert (args.port, args.db) == (9000, "x.db")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["emulator"])
