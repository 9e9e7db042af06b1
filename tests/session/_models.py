"""Test models: a list of companies ("pipeline") with a multiselect and a text attribute."""

from __future__ import annotations

from typing import Any

from particle_orm import fields
from particle_orm.models import ListEntry
from particle_orm.standard import Company
from particle_orm.values import Option

PIPELINE_LIST = {
    "name": "Pipeline",
    "api_slug": "pipeline",
    "parent_object": "companies",
    "workspace_access": "full-access",
    "workspace_member_access": [],
}


def _attribute(slug: str, type_: str, *, multi: bool = False) -> dict[str, Any]:
    return {
        "title": slug,
        "api_slug": slug,
        "type": type_,
        "description": None,
        "is_required": False,
        "is_unique": False,
        "is_multiselect": multi,
        "config": {},
    }


PIPELINE_ATTRIBUTES = (_attribute("tags", "select", multi=True), _attribute("note", "text"))
PIPELINE_TAGS = ("hot", "warm", "cold")


class Pipeline(ListEntry):
    """An entry of the ``pipeline`` list (parent: a company)."""

    class Meta:
        list = "pipeline"
        parent = Company

    tags: fields.Select[list[Option]] = fields.Select(many=True)
    note: fields.Text = fields.Text()


def create_pipeline(client: Any) -> None:
    """Create the list, its attributes and tag options through a sync client."""
    client.create_list(PIPELINE_LIST)
    for attribute in PIPELINE_ATTRIBUTES:
        client.create_attribute("lists", "pipeline", attribute)
    for title in PIPELINE_TAGS:
        client.create_select_option("lists", "pipeline", "tags", title)
