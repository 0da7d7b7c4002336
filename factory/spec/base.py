"""Shared pieces of the spec models: the strict base model, name patterns and reference helpers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

#: table and column names: letters, digits, underscores and spaces, starting with a letter (no dots: the dot
#: separates the parts of a reference `fk_col.parent_col`)
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_ ]{0,62}$"


class SpecModel(BaseModel):
    """Base of every spec model: unknown fields are refused, fields may be given by name or alias."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def as_list(value: str | list[str] | None) -> list[str]:
    """A one-or-many field (`"a"` or `["a", "b"]`, possibly None) as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
