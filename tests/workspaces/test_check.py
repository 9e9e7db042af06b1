"""``Model.check(client)`` reports each kind of mismatch, one test per kind."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any, cast

import pytest

from particle_orm import fields
from particle_orm.client import AttioClient, VirtualClock
from particle_orm.emulator import Emulator
from particle_orm.models import Model, ModelMeta
from particle_orm.schema import IssueKind
from tests.workspaces.conftest import TEXT


@pytest.fixture(scope="module")
def client() -> Iterator[AttioClient]:
    emu = Emulator(seed=15)
    with emu.client(rate_limits=None, clock=VirtualClock()) as c:
        c.create_object("gadgets", "Gadget", "Gadgets")
        for slug, kind, extra in [
            ("label", "text", {}),
            ("weight", "number", {}),
            ("color", "select", {}),
            ("tags", "select", {"is_multiselect": True}),
            ("sku", "text", {"is_unique": True}),
            ("code", "text", {"is_required": True}),
        ]:
            c.create_attribute(
                "objects",
                "gadgets",
                {**TEXT, "title": slug.title(), "api_slug": slug, "type": kind, **extra},
            )
        for title in ("Red", "Green"):
            c.create_select_option("objects", "gadgets", "color", title)
        yield c


def gadget(**declared: fields.Field[Any]) -> type[Model]:
    """A model of ``gadgets`` with exactly these fields (``code`` always, it is required)."""
    declared.setdefault("code", fields.Text(required=True))
    meta = type("Meta", (), {"object": "gadgets"})
    return cast(type[Model], ModelMeta("Gadget", (Model,), {"Meta": meta, **declared}))


def kinds(model: type[Model], client: AttioClient) -> list[IssueKind]:
    return [issue.kind for issue in model.check(client) if issue.severity != "info"]


def test_a_matching_model_is_clean(client: AttioClient) -> None:
    model = gadget(label=fields.Text(), weight=fields.Number(), tags=fields.Select(many=True))
    assert model.check(client).is_clean


def test_missing_attribute(client: AttioClient) -> None:
    report = gadget(nickname=fields.Text()).check(client)
    (issue,) = report.errors
    assert issue.kind is IssueKind.MISSING_ATTRIBUTE and issue.field == "nickname"


def test_wrong_type(client: AttioClient) -> None:
    assert kinds(gadget(weight=fields.Text()), client) == [IssueKind.TYPE_MISMATCH]


def test_many_declared_on_a_single_value_attribute(client: AttioClient) -> None:
    assert kinds(gadget(color=fields.Select(many=True)), client) == [IssueKind.MANY_MISMATCH]


def test_single_declared_on_a_multiselect_attribute(client: AttioClient) -> None:
    assert kinds(gadget(tags=fields.Select()), client) == [IssueKind.MANY_MISMATCH]


def test_unique_mismatch(client: AttioClient) -> None:
    assert kinds(gadget(label=fields.Text(unique=True)), client) == [IssueKind.UNIQUE_MISMATCH]


def test_required_mismatch(client: AttioClient) -> None:
    assert kinds(gadget(code=fields.Text()), client) == [IssueKind.REQUIRED_MISMATCH]


def test_select_option_the_workspace_lacks(client: AttioClient) -> None:
    class Color(enum.Enum):
        RED = "Red"
        BLUE = "Blue"

    report = gadget(color=fields.Select(enum=Color)).check(client)
    (issue,) = report.of_kind(IssueKind.MISSING_OPTION)
    assert "Blue" in issue.message


def test_status_the_workspace_lacks(client: AttioClient) -> None:
    class Stage(enum.Enum):
        LEAD = "Lead"
        SIGNED = "Signed in blood"

    class StagedDeal(Model):
        class Meta:
            object = "deals"

        name: fields.Text = fields.Text()
        stage: fields.Status[Stage | None] = fields.Status(enum=Stage)

    (issue,) = StagedDeal.check(client).of_kind(IssueKind.MISSING_STATUS)
    assert "Signed in blood" in issue.message


def test_renamed_slug_of_an_id_bound_field(client: AttioClient) -> None:
    attribute = client.create_attribute(
        "objects", "gadgets", {**TEXT, "title": "Motto", "api_slug": "motto", "type": "text"}
    )
    attribute_id = attribute["id"]["attribute_id"]
    client.update_attribute("objects", "gadgets", attribute_id, {"api_slug": "slogan"})
    report = gadget(motto=fields.Text(attribute_id=attribute_id)).check(client)
    (issue,) = report.of_kind(IssueKind.SLUG_RENAMED)
    assert issue.actual == "slogan"


async def test_acheck_is_the_async_twin() -> None:
    emu = Emulator(seed=16)
    async with emu.async_client(rate_limits=None, clock=VirtualClock()) as aclient:
        report = await gadget(label=fields.Text()).acheck(aclient)
    (issue,) = report.of_kind(IssueKind.MISSING_OBJECT)
    assert issue.model == "Gadget"


def test_check_warms_the_query_layers_cache() -> None:
    """What check listed is reused: no second listing, and titles checked before sending."""
    from particle_orm.errors import UnknownOption
    from particle_orm.query import schema_cache
    from particle_orm.standard import Deal

    emu = Emulator(seed=16)
    with emu.client(rate_limits=None) as c:
        stage_id = next(
            a["id"]["attribute_id"]
            for a in c.list_attributes("objects", "deals")
            if a["api_slug"] == "stage"
        )

        class Stage(enum.Enum):
            LEAD = "Lead"

        class IdDeal(Model):
            class Meta:
                object = "deals"

            stage: fields.Status[Any] = fields.Status(
                attribute_id=stage_id, enum=Stage, required=True
            )

        assert IdDeal.check(c).is_clean, IdDeal.check(c)
        cache = schema_cache(c)
        assert cache.get(IdDeal) is not None
        assert cache.titles(IdDeal, IdDeal._meta.fields["stage"]) is not None
        listed = cache.listings
        emu.journal.clear()
        assert IdDeal.objects.using(c).filter(stage=Stage.LEAD).count() == 0
        assert [e.method for e in emu.journal] == ["POST"]  # no attributes listing first
        assert cache.listings == listed
        emu.journal.clear()
        with pytest.raises(UnknownOption, match="did you mean 'Lead'"):
            Deal.objects.using(c).filter(stage="Leed").count()
        # Deal was not checked, so its titles were not cached: Attio refused the query.
        assert [e.method for e in emu.journal] == ["POST", "GET"]
