"""The challenge spec: one typed model that every phase reads and extends (serialised as challenge.json).

JSON names here are a contract read by other tools: change them only by adding. The story models live in
factory.spec.story and the table models in factory.spec.tables; both are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from factory.spec.base import SpecModel as _Model
from factory.spec.story import (
    DIFFICULTIES,
    KPI,
    Character,
    Chart,
    ChartType,
    Difficulty,
    Problem,
    Question,
    StoryNumber,
)
from factory.spec.tables import (
    CalendarSize,
    Column,
    ColumnType,
    FixedSize,
    GridSize,
    MainSize,
    PerParentSize,
    RatioSize,
    Relationship,
    Table,
    TableKind,
    TableSize,
    WhenBranch,
)

SPEC_VERSION = "2.0"
SPEC_VERSIONS: tuple[str, ...] = ("1.0", "2.0")


class Rule(_Model):
    """A business rule: `sql` returns the rows violating it (no rows = the rule holds)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    statement: str = Field(min_length=5)
    sql: str = Field(min_length=5)
    category: Literal["business", "temporal"] = "business"
    table: str = Field("", description="Main table the rule is about.")


class Ramp(_Model):
    """A ramp of an effect: the factor grows linearly from 1 at `start` to its full value at `end` (full after)."""

    column: str = Field(description="Earlier date/timestamp column of the row.")
    start: dt.date
    end: dt.date


class ScaleEffect(_Model):
    """Multiply a numeric column by `factor` on rows matching `where` (a SQL predicate over earlier columns)."""

    kind: Literal["scale"] = "scale"
    table: str
    column: str
    where: str
    factor: float = Field(gt=0)
    ramp: Ramp | None = Field(None, description="Ramp the factor in over time instead of a step.")
    noise: float = Field(0.0, ge=0, le=1, description="Multiplicative normal noise sd on the factor (0.05 = 5%).")


class ShiftEffect(_Model):
    """On rows matching `where`, set the probability of categorical `value` to `probability`."""

    kind: Literal["shift"] = "shift"
    table: str
    column: str
    where: str
    value: str | int | float | bool
    probability: float = Field(ge=0, le=1)


Effect = Annotated[ScaleEffect | ShiftEffect, Field(discriminator="kind")]


class Insight(_Model):
    """A story planted in the data, and the query that proves it is detectable."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    title: str
    statement: str
    effect: Effect
    detect_sql: str = Field(description="DuckDB SQL returning one row whose first column is true when detectable.")
    questions: list[str] = Field(default_factory=list, description="Ids of the questions that uncover it.")


FaultKind = Literal["nulls", "duplicates", "casing", "spelling", "date_format", "outliers", "trailing_spaces", "place_variants", "name_accounts", "duplicate_events", "text_dates", "description_mismatch"]


class Fault(_Model):
    """A controlled data-quality fault for learners to clean."""

    kind: FaultKind
    table: str
    column: str = Field("", description="Empty for whole-row faults (duplicates).")
    rate: float = Field(gt=0, le=0.5, description="Share of rows affected.")


class Messiness(_Model):
    """Which faults to inject; level 0 = clean."""

    level: int = Field(0, ge=0, le=3)
    faults: list[Fault] = Field(default_factory=list)


class Window(_Model):
    """The challenge's time window (inclusive)."""

    start: dt.date
    end: dt.date
    fiscal_year_start_month: int = Field(1, ge=1, le=12, description="e.g. 4 for an April-March fiscal year.")


class Schema(_Model):
    """Phase 2: tables, keys, rules, insights and messiness."""

    locale: str = Field("en_IN", description="Faker locale for names, cities, addresses.")
    window: Window
    main_table: str = Field(description="The fact table whose row count the run's `rows` sets.")
    default_rows: int = Field(100_000, ge=1)
    tables: list[Table] = Field(min_length=1)
    relationships: list[Relationship] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    insights: list[Insight] = Field(default_factory=list)
    messiness: Messiness = Field(default_factory=Messiness)

    def table(self, name: str) -> Table | None:
        """The table called `name`, or None."""
        return next((t for t in self.tables if t.name == name), None)

    def parent_of(self, table: str, column: str) -> Relationship | None:
        """The relationship whose child column is table.column, or None."""
        return next(
            (r for r in self.relationships if r.child_table_name == table and r.child_foreign_key == column), None
        )


# --------------------------------------------------------------------------------------------- challenge
class Source(_Model):
    """A web source the research used."""

    title: str = ""
    url: str = ""


class Research(_Model):
    """Phase 1 input: what is known about the domain."""

    domain: str
    summary: str
    kpis: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    provider: str = "offline"
    library_domain: str = Field("", description="Offline library domain the request maps to.")


class FeedbackNote(_Model):
    """What a regeneration did with an approver's feedback."""

    phase: Literal["problem", "schema", "preview"]
    feedback: str
    applied: list[str] = Field(default_factory=list)
    not_applied: list[str] = Field(default_factory=list)


class Challenge(_Model):
    """The whole challenge spec (challenge.json)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, protected_namespaces=())

    spec_version: Literal["1.0", "2.0"] = SPEC_VERSION
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{2,63}$")
    seed: int = Field(ge=0, le=2**63 - 1)
    difficulty: Difficulty = "intermediate"
    problem: Problem
    schema_: Schema = Field(alias="schema")
    research: Research | None = None
    feedback: list[FeedbackNote] = Field(default_factory=list)

    def to_json(self) -> str:
        """challenge.json text (stable key order, by alias)."""
        return self.model_dump_json(by_alias=True, indent=2, exclude_none=False)


__all__ = [
    "DIFFICULTIES", "KPI", "SPEC_VERSION", "SPEC_VERSIONS", "CalendarSize", "Challenge", "Character", "Chart",
    "ChartType", "Column", "ColumnType", "Difficulty", "Effect", "Fault", "FaultKind", "FeedbackNote", "FixedSize",
    "GridSize", "Insight", "MainSize", "Messiness", "PerParentSize", "Problem", "Question", "Ramp", "RatioSize",
    "Relationship", "Research", "Rule", "ScaleEffect", "Schema", "ShiftEffect", "Source", "StoryNumber", "Table",
    "TableKind", "TableSize", "WhenBranch", "Window",
]
