"""The typed shape of a rendered domain pack; its JSON Schema is the published pack schema (`factory library schema`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from factory.spec.models import KPI, Chart, Difficulty, Fault, Insight, Relationship, Rule, StoryNumber, Table

Archetype = Literal["orders", "subscriptions", "bookings", "service_jobs", "claims", "trips", "tickets", "loans",
                    "sales", "hr"]
PartName = Literal["date_dimension", "city_dimension"]
#: how many questions of each difficulty a pack's bank must hold at least
MIN_PER_DIFFICULTY = 3
MIN_BANK = 14


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CastRole(_Model):
    """A role of the story; the name comes from the shared cast part (by locale and gender)."""

    part: Literal["stakeholder", "manager", "analyst"]
    role: str = Field(min_length=2, description="Job title, e.g. 'Head of Operations'.")
    voice: str = Field("", description="What they say in the brief (may use the context variables).")


class CompanyNames(_Model):
    """Company names are `first second`, both chosen by the seed."""

    first: list[str] = Field(min_length=3)
    second: list[str] = Field(min_length=3)


class Defaults(_Model):
    """Drafting parameters a request or feedback may change."""

    n_cities: int = Field(6, ge=1, le=40, description="Cities in the city dimension.")
    years: int = Field(2, ge=1, le=5, description="Whole calendar years in the window.")
    place: str = Field("India", description="Place used when the request names none (a gazetteer name).")
    tier: str | None = Field(None, description="Preferred city tier in India, e.g. 'Tier 2' (None = any).")
    fiscal_start_month: int = Field(4, ge=1, le=12, description="First month of the fiscal year (4 = April).")


class BankQuestion(_Model):
    """A question of the bank: a report request with its answer SQL, difficulty and the SQL skills it needs."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    text: str = Field(min_length=20, description="'Provide a report ...'; the output-fields sentence is appended.")
    output_fields: list[str] = Field(min_length=1)
    answer_sql: str = Field(min_length=10, description="DuckDB SQL over the learner tables; columns = output_fields.")
    chart: Chart | None = None
    difficulty: Difficulty
    skills: list[str] = Field(min_length=1, description="e.g. aggregation, joins, window functions, cohorts.")
    tables: list[str] = Field(default_factory=list, description="Tables it reads (checked against the SQL).")


class PackProblem(_Model):
    """The story: statement (with {story_number} placeholders filled after generation), KPIs, story numbers."""

    statement: str = Field(min_length=40)
    kpis: list[KPI] = Field(min_length=3)
    story_numbers: list[StoryNumber] = Field(default_factory=list)


class PackSchema(_Model):
    """The spec Schema minus window, locale and messiness (drafting sets them)."""

    main_table: str
    default_rows: int = Field(100_000, ge=1)
    tables: list[Table] = Field(min_length=1)
    relationships: list[Relationship] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    insights: list[Insight] = Field(default_factory=list)


class Extra(_Model):
    """An optional part feedback can switch on ('add a loyalty program')."""

    title: str = Field(min_length=3, description="In words, e.g. 'a loyalty programme table'.")
    keywords: list[str] = Field(min_length=1)
    tables: list[Table] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    insights: list[Insight] = Field(default_factory=list)
    questions: list[BankQuestion] = Field(default_factory=list)


class Pack(_Model):
    """One library domain as data."""

    pack: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")
    title: str = Field(min_length=3)
    industry: str = Field(min_length=3)
    archetype: Archetype
    generic: bool = Field(False, description="An archetype pack: composes any business of its archetype.")
    summary: str = Field(min_length=40, description="What the business is (the research summary).")
    research_kpis: list[str] = Field(min_length=3)
    aliases: list[str] = Field(default_factory=list, description="Phrases naming this business (strong match).")
    keywords: list[str] = Field(min_length=3, description="Words that suggest it (weaker match).")
    vocabulary: dict[str, str] = Field(default_factory=dict, description="Nouns, e.g. {customer: patient}.")
    defaults: Defaults = Field(default_factory=Defaults)
    params: dict[str, Any] = Field(default_factory=dict, description="Pack constants, `params.x` in templates.")
    company_names: CompanyNames
    cast: list[CastRole] = Field(min_length=3, max_length=3)
    problem: PackProblem
    uses: list[PartName] = Field(default_factory=list, description="Shared parts composed into the schema.")
    schema_: PackSchema = Field(alias="schema")
    messiness: dict[Literal["1", "2", "3"], list[Fault]] = Field(default_factory=dict)
    questions: list[BankQuestion] = Field(min_length=MIN_BANK)
    extras: dict[str, Extra] = Field(default_factory=dict)


def pack_json_schema() -> dict[str, Any]:
    """The published JSON Schema of a rendered pack."""
    schema = Pack.model_json_schema(by_alias=True)
    schema["title"] = "Data Challenge Factory domain pack"
    schema["description"] = ("A library domain as data (YAML). String values are Jinja2 templates over the drafting "
                             "context (docs/LIBRARY.md); this schema describes the pack after rendering.")
    return schema
