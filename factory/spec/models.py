"""The challenge spec: one typed model that every phase reads and extends (serialised as challenge.json).

JSON names here are a contract read by other tools: change them only by adding.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from factory.spec.generators import Generator

Difficulty = Literal["beginner", "intermediate", "advanced"]
DIFFICULTIES: tuple[str, ...] = ("beginner", "intermediate", "advanced")
ColumnType = Literal["id", "integer", "decimal", "string", "category", "boolean", "date", "timestamp"]
TableKind = Literal["dimension", "fact", "bridge"]
ChartType = Literal["bar", "column", "line", "pie", "scatter"]
SPEC_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ----------------------------------------------------------------------------------------------- problem
class Character(_Model):
    """A person in the story."""

    name: str = Field(min_length=1)
    role: str = Field(min_length=1, description="Job title and function, e.g. 'Chief Operating Officer'.")
    voice: str = Field("", description="How they speak: the brief they give, in their words.")
    part: Literal["stakeholder", "manager", "analyst"] = Field(
        "analyst", description="stakeholder = senior sponsor, manager = busy manager, analyst = the learner."
    )


class KPI(_Model):
    """A metric the business tracks."""

    name: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    formula: str = Field(min_length=1, description="Formula in plain terms or SQL, e.g. SUM(revenue)/COUNT(order_id).")


class Chart(_Model):
    """The chart that shows a question's answer."""

    type: ChartType = "bar"
    x: str = Field(description="Output field on the x axis (categories).")
    y: list[str] = Field(min_length=1, description="Output field(s) plotted as values.")
    title: str = ""


class Question(_Model):
    """An analytical question phrased as a real report request."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="Stable id, e.g. q1.")
    text: str = Field(min_length=10)
    output_fields: list[str] = Field(min_length=1)
    answer_sql: str = Field("", description="DuckDB SQL over the tables; its result columns are exactly output_fields.")
    chart: Chart | None = None
    difficulty: Difficulty = "intermediate"
    skills: list[str] = Field(default_factory=list, description="e.g. joins, window functions, CTEs.")


class StoryNumber(_Model):
    """A number quoted in the story, computed from the data so the story never contradicts it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    description: str
    sql: str = Field(description="DuckDB SQL returning one row with one numeric column.")
    decimals: int = Field(1, ge=0, le=4)
    value: float | None = Field(None, description="Filled after full generation.")


class Problem(_Model):
    """Phase 1: the business story and its questions."""

    company: str = Field(min_length=1)
    domain: str = Field(min_length=1, description="The domain as the operator asked for it.")
    industry: str = Field("", description="Library domain it is modelled on.")
    city: str = ""
    statement: str = Field(min_length=20, description="The business problem; may quote {story_number_id} placeholders.")
    characters: list[Character] = Field(min_length=1)
    kpis: list[KPI] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    story_numbers: list[StoryNumber] = Field(default_factory=list)
    difficulty: Difficulty = "intermediate"


# ------------------------------------------------------------------------------------------------ schema
class Column(_Model):
    """A column of a table and the generator of its values."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")
    type: ColumnType
    description: str = ""
    nullable: bool = False
    generator: Generator
    unit: str = Field("", description="e.g. INR, minutes, km.")


class FixedSize(_Model):
    """A fixed number of rows (dimensions)."""

    kind: Literal["fixed"] = "fixed"
    rows: int = Field(ge=1)


class RatioSize(_Model):
    """Rows as a ratio of the main fact table's rows, at least min_rows, at most max_rows."""

    kind: Literal["ratio"] = "ratio"
    ratio: float = Field(gt=0)
    min_rows: int = Field(1, ge=1)
    max_rows: int | None = Field(None, ge=1)


class MainSize(_Model):
    """The main fact table: its row count is the run's `rows`."""

    kind: Literal["main"] = "main"


class PerParentSize(_Model):
    """A fraction of a parent table's rows, each child pointing at a distinct parent (e.g. returns per order)."""

    kind: Literal["per_parent"] = "per_parent"
    parent: str
    fraction: float = Field(1.0, gt=0, le=1)


class CalendarSize(_Model):
    """One row per day of the schema window (date dimensions)."""

    kind: Literal["calendar"] = "calendar"


TableSize = Annotated[FixedSize | RatioSize | MainSize | PerParentSize | CalendarSize, Field(discriminator="kind")]


class Table(_Model):
    """A dimension, fact or bridge table."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")
    kind: Literal["dimension", "fact", "bridge"]
    primary_key: str
    description: str = ""
    size: TableSize
    columns: list[Column] = Field(min_length=1)

    def column(self, name: str) -> Column | None:
        """The column called `name`, or None."""
        return next((c for c in self.columns if c.name == name), None)


class Relationship(_Model):
    """A foreign key (SDV's names)."""

    parent_table_name: str
    parent_primary_key: str
    child_table_name: str
    child_foreign_key: str
    min_children: int = Field(0, ge=0, description="Minimum children per parent (0 = parents may be childless).")
    max_children: int | None = Field(None, ge=1)


class Rule(_Model):
    """A business rule: `sql` returns the rows violating it (no rows = the rule holds)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    statement: str = Field(min_length=5)
    sql: str = Field(min_length=5)
    category: Literal["business", "temporal"] = "business"
    table: str = Field("", description="Main table the rule is about.")


class ScaleEffect(_Model):
    """Multiply a numeric column by `factor` on rows matching `where` (a SQL predicate over earlier columns)."""

    kind: Literal["scale"] = "scale"
    table: str
    column: str
    where: str
    factor: float = Field(gt=0)


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


FaultKind = Literal["nulls", "duplicates", "casing", "spelling", "date_format", "outliers"]


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

    spec_version: str = SPEC_VERSION
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
