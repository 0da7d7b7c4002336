"""Phase-1 models of the spec: the business story, its cast, KPIs and questions (re-exported by models)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from factory.spec.base import SpecModel

Difficulty = Literal["beginner", "intermediate", "advanced"]
DIFFICULTIES: tuple[str, ...] = ("beginner", "intermediate", "advanced")
ChartType = Literal["bar", "column", "line", "pie", "scatter"]


class Character(SpecModel):
    """A person in the story."""

    name: str = Field(min_length=1)
    role: str = Field(min_length=1, description="Job title and function, e.g. 'Chief Operating Officer'.")
    voice: str = Field("", description="How they speak: the brief they give, in their words.")
    part: Literal["stakeholder", "manager", "analyst"] = Field(
        "analyst", description="stakeholder = senior sponsor, manager = busy manager, analyst = the learner."
    )


class KPI(SpecModel):
    """A metric the business tracks."""

    name: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    formula: str = Field(min_length=1, description="Formula in plain terms or SQL, e.g. SUM(revenue)/COUNT(order_id).")


class Chart(SpecModel):
    """The chart that shows a question's answer."""

    type: ChartType = "bar"
    x: str = Field(description="Output field on the x axis (categories).")
    y: list[str] = Field(min_length=1, description="Output field(s) plotted as values.")
    title: str = ""


class Question(SpecModel):
    """An analytical question phrased as a real report request."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="Stable id, e.g. q1.")
    text: str = Field(min_length=10)
    output_fields: list[str] = Field(min_length=1)
    answer_sql: str = Field("", description="DuckDB SQL over the tables; its result columns are exactly output_fields.")
    chart: Chart | None = None
    difficulty: Difficulty = "intermediate"
    skills: list[str] = Field(default_factory=list, description="e.g. joins, window functions, CTEs.")


class StoryNumber(SpecModel):
    """A number quoted in the story, computed from the data so the story never contradicts it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    description: str
    sql: str = Field(description="DuckDB SQL returning one row with one numeric column.")
    decimals: int = Field(1, ge=0, le=4)
    value: float | None = Field(None, description="Filled after full generation.")


class Problem(SpecModel):
    """Phase 1: the business story and its questions (5 to 12)."""

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
