"""Text attributes (``text``): Python ``str``.

Example:
    >>> from particle_orm import fields
    >>> fields.Text(slug="job_title").validate("CTO")
    'CTO'
"""

from __future__ import annotations

from particle_orm.fields._scalar import ScalarField

__all__ = ["Text"]

# Attio caps text values at 10 MB.
_MAX_TEXT = 10 * 1024 * 1024


class Text(ScalarField[str | None]):
    """A text attribute. Values are never coerced (``"0"`` stays a string).

    Example:
        >>> Text(slug="description").encode("hello")
        [{'value': 'hello'}]
    """

    attribute_type = "text"
    expected = "a str"
    value_type = str

    def validate_item(self, value: object) -> str:
        if not isinstance(value, str):
            raise self._invalid(value)
        if len(value) > _MAX_TEXT:
            raise self._invalid(value, "a str of at most 10 MB")
        return value
