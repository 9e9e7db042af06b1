"""The workspace schema cache: pure steps (no emulator), and its per-client scope."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm import fields
from particle_orm.errors import DecodeError, UnknownAttribute
from particle_orm.models import Model
from particle_orm.query import WorkspaceSchemaCache, schema_cache
from particle_orm.query._workspace import filter_keys


class Gizmo(Model):
    class Meta:
        object = "gizmos"

    code: fields.Text = fields.Text(attribute_id="attr-code")
    label: fields.Text = fields.Text()


def attribute(attr_id: str, slug: str, title: str, *, archived: bool = False) -> dict[str, Any]:
    return {
        "id": {"workspace_id": "ws", "object_id": "obj", "attribute_id": attr_id},
        "api_slug": slug,
        "title": title,
        "type": "text",
        "is_archived": archived,
    }


def row(**values: str) -> dict[str, Any]:
    return {
        "id": {"workspace_id": "ws", "object_id": "obj", "record_id": "r"},
        "values": {k: [{"active_until": None, "value": v}] for k, v in values.items()},
    }


def test_prepare_rekeys_id_bound_fields_through_the_current_slug() -> None:
    cache = WorkspaceSchemaCache()
    cache.store(Gizmo, [attribute("attr-code", "code_v2", "Code"), attribute("l", "label", "L")])
    data = row(code_v2="X1", label="hello")
    assert cache.prepare(Gizmo, [data])
    gizmo = Gizmo.from_api(data)
    assert (gizmo.code, gizmo.label) == ("X1", "hello")
    assert cache.workspace_id == "ws"


def test_prepare_reports_a_stale_schema_when_a_slug_is_gone() -> None:
    cache = WorkspaceSchemaCache()
    cache.store(Gizmo, [attribute("attr-code", "code", "Code")])
    assert not cache.prepare(Gizmo, [row(renamed="X1")])
    assert cache.needs_listing(Gizmo)


def test_needs_listing_only_for_id_bound_models() -> None:
    class Plain(Model):
        class Meta:
            object = "plain"

        label: fields.Text = fields.Text()

    cache = WorkspaceSchemaCache()
    assert cache.needs_listing(Gizmo) and not cache.needs_listing(Plain)


def test_unknown_names_the_new_slug_from_history_then_from_title() -> None:
    cache = WorkspaceSchemaCache()
    cache.store(Gizmo, [attribute("attr-label", "label", "Label")])
    cache.store(Gizmo, [attribute("attr-label", "caption", "Caption")])  # renamed
    with pytest.raises(UnknownAttribute) as caught:
        cache.check_fields(Gizmo, [Gizmo._meta.fields["label"]], "write")
    assert caught.value.current_slug == "caption"  # same id as the old slug had
    fresh = WorkspaceSchemaCache()
    fresh.store(Gizmo, [attribute("other", "the_label", "Label")])
    with pytest.raises(UnknownAttribute) as caught:
        fresh.check_fields(Gizmo, [Gizmo._meta.fields["label"]], "write")
    assert caught.value.current_slug == "the_label"  # matched by title


def test_archived_attributes_are_absent() -> None:
    cache = WorkspaceSchemaCache()
    cache.store(Gizmo, [attribute("attr-code", "code", "Code", archived=True)])
    assert cache.missing_fields(Gizmo, [Gizmo._meta.fields["code"]]) == [Gizmo._meta.fields["code"]]


def test_check_filter_validates_only_with_a_cached_schema() -> None:
    cache = WorkspaceSchemaCache()
    cache.check_filter(Gizmo, {"label": "x"})  # nothing cached: nothing to say
    cache.store(Gizmo, [attribute("attr-code", "code", "Code")])
    with pytest.raises(UnknownAttribute, match=r"Gizmo\.label"):
        cache.check_filter(Gizmo, {"$or": [{"attr-code": "a"}, {"label": "x"}]})


def test_filter_keys_skip_operators_and_path_hops() -> None:
    filter_ = {
        "$and": [{"a": {"$eq": 1}}, {"$not": {"b": 2}}],
        "path": [["gizmos", "c"], ["others", "d"]],
        "constraints": {"x": 1},
    }
    assert filter_keys(filter_) == ["a", "b", "c"]


def test_one_cache_per_client_and_none_shared_for_unreferenceable_ones() -> None:
    class Client:
        pass

    one, two = Client(), Client()
    assert schema_cache(one) is schema_cache(one)
    assert schema_cache(one) is not schema_cache(two)
    assert schema_cache(object()) is not schema_cache(object())


def test_unknown_attribute_message_and_fields() -> None:
    exc = UnknownAttribute.for_field(
        "Person", "nick", "nick", current_slug="nickname", workspace_id="w", action="write"
    )
    assert str(exc).startswith("Person.nick: workspace w has no attribute with slug 'nick'")
    assert "'nickname' now" in str(exc)
    assert (exc.model, exc.field, exc.slug, exc.action) == ("Person", "nick", "nick", "write")
    assert isinstance(exc, LookupError)


@pytest.mark.parametrize("bad", [1, "x", {"id": "abc", "values": {}}, {"values": {}}])
def test_prepare_reports_a_malformed_row_as_a_decode_error(bad: Any) -> None:
    with pytest.raises(DecodeError, match="Gizmo: the response holds"):
        WorkspaceSchemaCache().prepare(Gizmo, [bad])
