"""Models the CLI tests diff and sync: a custom ``projects`` object with a select."""

from __future__ import annotations

import enum

from particle_orm import fields
from particle_orm.models import Model
from particle_orm.standard import Company

__all__ = ["CliProject", "Tier"]


class Tier(enum.Enum):
    GOLD = "Gold"
    SILVER = "Silver"


class CliProject(Model):
    class Meta:
        object = "cli_projects"
        match_on = "code"

    code: fields.Text = fields.Text(unique=True, required=True)
    tier: fields.Select[Tier | None] = fields.Select(enum=Tier)
    client: fields.Reference[Company | None] = fields.Reference(Company)


BOTH = [CliProject, Company]
NOT_MODELS = [CliProject, "nope"]
