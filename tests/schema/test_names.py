"""Identifiers and literals for generated code: valid for any input, deterministic."""

from __future__ import annotations

import ast
import keyword

from hypothesis import given
from hypothesis import strategies as st

from particle_orm.schema._names import NameSpace, class_name, field_name, member_name, py_string


@given(st.text(max_size=80))
def test_every_text_gives_valid_identifiers(text: str) -> None:
    for name in (class_name(text), field_name(text), member_name(text)):
        assert name.isidentifier(), (text, name)
        assert not keyword.iskeyword(name)
        assert len(name) <= 64
    assert not field_name(text).startswith("_")
    assert class_name(text)[0].isupper()


@given(st.text(max_size=80))
def test_string_literals_round_trip(text: str) -> None:
    literal = py_string(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal


def test_quote_choice_matches_the_formatter() -> None:
    assert py_string("plain") == '"plain"'
    assert py_string('say "hi"') == "'say \"hi\"'"
    assert py_string("it's") == '"it\'s"'
    assert py_string("tab\there") == '"tab\\there"'


def test_examples() -> None:
    assert class_name("sales_pipeline") == "SalesPipeline"
    assert class_name("2024 plans") == "Model2024Plans"
    assert class_name("none") == "None_"
    assert field_name("class") == "class_"
    assert field_name("match") == "match_"  # soft keyword
    assert field_name("_hidden") == "f_hidden"
    assert field_name("Deal Value (€)") == "deal_value"
    assert member_name("Won 🎉") == "WON"
    assert member_name("$10B+") == "N_10B"
    assert member_name("🎉") == "OPTION"


def test_namespace_hands_out_unique_names() -> None:
    ns = NameSpace(reserved=["fields"])
    assert [ns.take(n) for n in ("fields", "a", "a", "a_2")] == ["fields_2", "a", "a_2", "a_2_2"]
    assert "a" in ns and "b" not in ns
