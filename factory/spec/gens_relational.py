"""Generators that read other columns, rows or tables (see factory.spec.generators for semantics)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from factory.spec.gens_basic import Scalar


class _Gen(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FkMatch(_Gen):
    """Draw the parent among those whose `parent_column` equals this row's `column` (place consistency)."""

    column: str = Field(description="Reference on this row: an earlier column or 'fk_col.parent_col'.")
    parent_column: str = Field(description="Column of the parent table that must equal it.")
    exceptions: float = Field(0.0, ge=0, le=1, description="Seeded share of rows drawn from any parent.")


class ForeignKeyGen(_Gen):
    """A key drawn from a parent table (the parent is given by the schema relationship on this column)."""

    kind: Literal["foreign_key"] = "foreign_key"
    skew: float = Field(0.0, ge=0, le=5, description="0 = uniform; >0 = Zipf popularity exponent over parents.")
    unique: bool = Field(False, description="One child per parent at most (one-to-one / subset).")
    weight_column: str | None = Field(None, description="Parent column whose values weight the popularity.")
    weight_power: float = Field(1.0, ge=-5, le=5, description="Weight = weight_column ** weight_power (-0.6: cheap items sell more).")
    max_share: float | None = Field(None, gt=0, le=1, description="No parent gets more than this share of the child rows.")
    match: FkMatch | None = Field(None, description="Parents sharing an attribute with the row (e.g. same city).")


class LookupGen(_Gen):
    """A value copied from the parent row reached through a foreign-key column of this table."""

    kind: Literal["lookup"] = "lookup"
    via: str = Field(description="Foreign-key column of this table.")
    column: str = Field(description="Column of the parent table to copy.")


class ExpressionGen(_Gen):
    """A DuckDB SQL scalar expression over earlier columns of the same row, e.g. `quantity * unit_price`."""

    kind: Literal["expression"] = "expression"
    sql: str = Field(min_length=1)


class AggregateGen(_Gen):
    """A parent column equal to an aggregate of its child rows (computed after the child table)."""

    kind: Literal["aggregate"] = "aggregate"
    child: str = Field(description="Child table; its relationship to this table gives the join.")
    fn: Literal["count", "sum", "min", "max"] = "count"
    column: str | None = Field(None, description="Child column aggregated (not for count).")
    where: str | None = Field(None, description="SQL predicate over child columns, e.g. \"status = 'Completed'\".")
    default: Scalar | None = Field(0, description="Value for a parent without (matching) children.")


class PersonNameGen(_Gen):
    """Person names consistent with a gender column and locale, with realistic full-name repetition."""

    kind: Literal["person_name"] = "person_name"
    gender_column: str | None = Field(None, description="Earlier column (or reference) holding the gender.")
    part: Literal["full", "first", "last"] = "full"
    locale: str | None = Field(None, description="Defaults to the schema's locale.")
    repeat_rate: float = Field(0.02, ge=0, le=0.5, description="Target share of rows whose full name repeats another's.")


class RowNumberGen(_Gen):
    """Numbering within a group: 1, 2, ... in row order within each combination of `partition_by`."""

    kind: Literal["row_number"] = "row_number"
    partition_by: list[str] = Field(default_factory=list, description="Earlier columns of the same row.")
    start: int = 1
