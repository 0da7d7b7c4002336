"""Phase-2 table models of the spec: columns, `when` branches, sizes, keys and relationships (re-exported by models)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from factory.spec.base import NAME_PATTERN, SpecModel, as_list
from factory.spec.generators import Generator

ColumnType = Literal["id", "integer", "decimal", "string", "category", "boolean", "date", "timestamp", "year"]
TableKind = Literal["dimension", "fact", "bridge"]


class WhenBranch(SpecModel):
    """One branch of a state-dependent column: rows where `if` holds take this generator."""

    if_: str = Field(alias="if", min_length=1, description="SQL predicate over earlier columns and references 'fk.col'.")
    generator: Generator


class Column(SpecModel):
    """A column of a table and the generator of its values."""

    name: str = Field(pattern=NAME_PATTERN)
    type: ColumnType
    description: str = ""
    nullable: bool = False
    generator: Generator = Field(description="The generator, or the else branch when `when` is given.")
    when: list[WhenBranch] = Field(default_factory=list, description="Ordered branches; the first matching `if` wins.")
    hidden: bool = Field(False, description="Generated and usable, never shipped (datasets, dictionary, SQL scripts).")
    precision: int | None = Field(None, ge=1, le=38, description="decimal(p,s): total digits.")
    scale: int | None = Field(None, ge=0, le=37, description="decimal(p,s): digits after the point.")
    unit: str = Field("", description="e.g. INR, minutes, km.")

    def generators(self) -> list[Generator]:
        """Every generator of the column: the `when` branches in order, then the else branch."""
        return [b.generator for b in self.when] + [self.generator]


class FixedSize(SpecModel):
    """A fixed number of rows (dimensions)."""

    kind: Literal["fixed"] = "fixed"
    rows: int = Field(ge=1)


class RatioSize(SpecModel):
    """Rows as a ratio of the main fact table's rows, at least min_rows, at most max_rows."""

    kind: Literal["ratio"] = "ratio"
    ratio: float = Field(gt=0)
    min_rows: int = Field(1, ge=1)
    max_rows: int | None = Field(None, ge=1)


class MainSize(SpecModel):
    """The main fact table: its row count is the run's `rows`."""

    kind: Literal["main"] = "main"


class PerParentSize(SpecModel):
    """Children of a parent table: a fraction of its rows (distinct parents), or parent.count_column[i] each."""

    kind: Literal["per_parent"] = "per_parent"
    parent: str
    fraction: float = Field(1.0, gt=0, le=1)
    count_column: str | None = Field(None, description="Parent column giving the exact number of children of each row.")


class GridSize(SpecModel):
    """The cross product of parent tables' rows (density 1) or a seeded subset of distinct combinations."""

    kind: Literal["grid"] = "grid"
    parents: list[str] = Field(min_length=1)
    density: float = Field(1.0, gt=0, le=1, description="Share of the cross product drawn (distinct combinations).")


class CalendarSize(SpecModel):
    """One row per day of the schema window (date dimensions)."""

    kind: Literal["calendar"] = "calendar"


TableSize = Annotated[
    FixedSize | RatioSize | MainSize | PerParentSize | GridSize | CalendarSize, Field(discriminator="kind")
]


class Table(SpecModel):
    """A dimension, fact or bridge table."""

    name: str = Field(pattern=NAME_PATTERN)
    kind: TableKind
    primary_key: str | list[str] = Field(description="One column, or a list of columns (a composite key).")
    grain: list[str] | None = Field(None, description="Columns whose combination is unique (default: the primary key).")
    description: str = ""
    size: TableSize
    columns: list[Column] = Field(min_length=1)

    def column(self, name: str) -> Column | None:
        """The column called `name`, or None."""
        return next((c for c in self.columns if c.name == name), None)

    @property
    def key_columns(self) -> list[str]:
        """The primary key as a list of column names."""
        return as_list(self.primary_key)

    @property
    def grain_columns(self) -> list[str]:
        """The grain (unique combination) as a list: `grain`, else the primary key."""
        return list(self.grain) if self.grain else self.key_columns

    @property
    def visible_columns(self) -> list[Column]:
        """The columns shipped to learners (not hidden)."""
        return [c for c in self.columns if not c.hidden]


class Relationship(SpecModel):
    """A foreign key (SDV's names)."""

    parent_table_name: str
    parent_primary_key: str
    child_table_name: str
    child_foreign_key: str
    min_children: int = Field(0, ge=0, description="Minimum children per parent (0 = parents may be childless).")
    max_children: int | None = Field(None, ge=1)
