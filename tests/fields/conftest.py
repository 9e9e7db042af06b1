"""Helpers for codec tests: Attio value envelopes and a bound ad-hoc model."""

from __future__ import annotations

from typing import Any

import pytest

from particle_orm.fields import Field
from particle_orm.models import Model

_counter = 0


def env(attribute_type: str, active_until: str | None = None, **value: Any) -> dict[str, Any]:
    """One Attio output value with its envelope (as records return it)."""
    return {
        "active_from": "2025-04-18T22:12:59.570000000Z",
        "active_until": active_until,
        "created_by_actor": {"type": "system", "id": None},
        **value,
        "attribute_type": attribute_type,
    }


def bind(field: Field[Any], name: str = "thing") -> Field[Any]:
    """Bind a field to a fresh model ``Widget`` so errors name model and field."""
    global _counter
    _counter += 1
    namespace: dict[str, Any] = {
        "Meta": type("Meta", (), {"object": f"widgets_{_counter}"}),
        name: field,
        "__module__": __name__,
    }
    type(Model)("Widget", (Model,), namespace)
    return field


@pytest.fixture
def bound() -> Any:
    return bind
