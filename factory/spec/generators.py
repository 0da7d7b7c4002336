"""Column generators: how each column's values are produced (a discriminated union on `kind`).

Semantics the engine implements and the domain library relies on (authoritative):

- Tables are generated in foreign-key order; columns in their declared order. Expressions, lookups, `after`
  and effect `where` predicates may use only EARLIER columns of the same row.
- Table sizes: fixed rows; ratio = clamp(round(ratio * main_rows), min_rows, max_rows); main = the run's rows;
  per_parent = round(fraction * parent rows), its foreign key to that parent is unique; calendar = one row per
  day of the schema window.
- sequence: integer key start + i*step for row i; with a prefix, text f"{prefix}{n:0{width}d}".
- calendar: consecutive days of the window (row i = window.start + i days).
- faker: a pool of pool_size values built once with Faker(locale) seeded from the run seed; rows draw from the
  pool (uniform, or Zipf-like with skew). unique=True: every row distinct (the pool grows to the row count,
  with numeric suffixes if Faker runs out).
- choice: weighted draw; cycle=True: row i takes values[i % len(values)] (aligned lists in a dimension).
- distribution: numpy draw, clipped to [min, max], rounded to `round` places (whole numbers for integers).
- date: days in [start, end] (default: the window) with probability proportional to
  month_weights[month] * weekday_weights[weekday] * (1 + trend) ** years_since_start; timestamps add an hour
  from hour_weights and uniform minutes/seconds. With `after`, value = that column + uniform lag in
  [lag_min, lag_max] (whole days for dates, minutes for timestamps), so event order holds by construction;
  such values may pass the window end by at most lag_max.
- foreign_key: parent key of the relationship on this column. skew s > 0: parents ranked by a seeded
  permutation, rank r drawn with weight 1 / (r + 1) ** s (times weight_column if given). unique=True: distinct
  parents (child rows <= parent rows). A `date` column may reference a calendar table (dates in the window).
- lookup: the parent row's `column`, reached through the foreign key `via`.
- expression: DuckDB SQL over earlier columns, evaluated over Arrow; the result is cast to the column type.
- Effects of planted insights are applied right after their column is generated (before later columns):
  scale multiplies matching rows by factor (after clipping) and re-rounds; shift sets P(value) = probability
  on matching rows, other values keeping their relative weights.
- Messiness faults are injected after all tables are generated and recorded in messiness.json.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool


class _Gen(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SequenceGen(_Gen):
    """Consecutive keys derived from the row index: start, start+step, ... optionally as 'PREFIX000123'."""

    kind: Literal["sequence"] = "sequence"
    start: int = 1
    step: int = 1
    prefix: str | None = Field(None, description="Text keys: prefix + zero-padded number, e.g. 'ORD' -> ORD000001.")
    width: int = Field(6, ge=1, le=18, description="Zero-padding width of text keys.")


class CalendarGen(_Gen):
    """One consecutive day per row across the schema's window (date dimensions)."""

    kind: Literal["calendar"] = "calendar"


class FakerGen(_Gen):
    """Values from a seeded pool built once with Faker (never Faker per row)."""

    kind: Literal["faker"] = "faker"
    provider: str = Field(description="Faker provider method, e.g. 'name', 'city', 'company', 'email'.")
    locale: str | None = Field(None, description="Faker locale; defaults to the schema's locale.")
    pool_size: int = Field(500, ge=1, le=1_000_000)
    unique: bool = Field(False, description="Every row gets a distinct value (pool is at least the row count).")
    skew: float = Field(0.0, ge=0, le=5, description="0 = uniform over the pool; >0 = Zipf-like popularity.")


class ChoiceGen(_Gen):
    """A categorical draw from fixed values with optional weights."""

    kind: Literal["choice"] = "choice"
    values: list[Scalar] = Field(min_length=1)
    weights: list[float] | None = None
    cycle: bool = Field(False, description="Row i takes values[i % len(values)] (aligned lists in dimensions).")


DistName = Literal[
    "uniform", "normal", "lognormal", "poisson", "zipf", "exponential", "gamma", "pareto", "triangular", "binomial"
]


class DistributionGen(_Gen):
    """A numeric draw from a named distribution, clipped to [min, max] and rounded.

    Parameters per distribution (numpy names): uniform(low, high), normal(mean, sd), lognormal(mean, sigma),
    poisson(lam), zipf(a), exponential(scale), gamma(shape, scale), pareto(a, scale),
    triangular(left, mode, right), binomial(n, p).
    """

    kind: Literal["distribution"] = "distribution"
    dist: DistName
    params: dict[str, float] = Field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    round: int | None = Field(None, ge=0, le=6, description="Decimal places; 0 for whole numbers.")


class DateGen(_Gen):
    """Dates or timestamps in a range with monthly/weekday seasonality and a yearly trend."""

    kind: Literal["date"] = "date"
    start: dt.date | None = Field(None, description="Defaults to the schema window start.")
    end: dt.date | None = Field(None, description="Defaults to the schema window end (inclusive).")
    month_weights: list[float] | None = Field(None, min_length=12, max_length=12, description="Jan..Dec relative weights.")
    weekday_weights: list[float] | None = Field(None, min_length=7, max_length=7, description="Mon..Sun relative weights.")
    trend: float = Field(0.0, ge=-0.9, le=5.0, description="Yearly growth of volume, e.g. 0.15 = +15% a year.")
    hour_weights: list[float] | None = Field(None, min_length=24, max_length=24, description="Timestamps: 0..23 weights.")
    after: str | None = Field(None, description="Column of the same row this value follows (event order).")
    lag_min: float = Field(0.0, ge=0, description="With `after`: minimum lag (days for dates, minutes for timestamps).")
    lag_max: float = Field(0.0, ge=0, description="With `after`: maximum lag (days for dates, minutes for timestamps).")


class ForeignKeyGen(_Gen):
    """A key drawn from a parent table (the parent is given by the schema relationship on this column)."""

    kind: Literal["foreign_key"] = "foreign_key"
    skew: float = Field(0.0, ge=0, le=5, description="0 = uniform; >0 = Zipf popularity exponent over parents.")
    unique: bool = Field(False, description="One child per parent at most (one-to-one / subset).")
    weight_column: str | None = Field(None, description="Parent column whose values weight the popularity.")


class LookupGen(_Gen):
    """A value copied from the parent row reached through a foreign-key column of this table."""

    kind: Literal["lookup"] = "lookup"
    via: str = Field(description="Foreign-key column of this table.")
    column: str = Field(description="Column of the parent table to copy.")


class ExpressionGen(_Gen):
    """A DuckDB SQL scalar expression over earlier columns of the same row, e.g. `quantity * unit_price`."""

    kind: Literal["expression"] = "expression"
    sql: str = Field(min_length=1)


Generator = Annotated[
    SequenceGen
    | CalendarGen
    | FakerGen
    | ChoiceGen
    | DistributionGen
    | DateGen
    | ForeignKeyGen
    | LookupGen
    | ExpressionGen,
    Field(discriminator="kind"),
]

GENERATOR_KINDS: tuple[str, ...] = (
    "sequence", "calendar", "faker", "choice", "distribution", "date", "foreign_key", "lookup", "expression",
)

#: which logical column types each generator kind may produce
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "sequence": frozenset({"id", "integer", "string"}),
    "calendar": frozenset({"date", "id"}),
    "faker": frozenset({"string", "category"}),
    "choice": frozenset({"string", "category", "integer", "decimal", "boolean"}),
    "distribution": frozenset({"integer", "decimal"}),
    "date": frozenset({"date", "timestamp"}),
    "foreign_key": frozenset({"id", "integer", "string", "date"}),
    "lookup": frozenset({"id", "integer", "decimal", "string", "category", "boolean", "date", "timestamp"}),
    "expression": frozenset({"id", "integer", "decimal", "string", "category", "boolean", "date", "timestamp"}),
}
