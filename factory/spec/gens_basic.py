"""Generators that draw values without looking at other tables (see factory.spec.generators for semantics)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from factory.spec.base import as_list

Scalar = str | int | float | bool
OneOrMany = str | list[str] | None


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


class NullGen(_Gen):
    """Always NULL (the column must be nullable); mostly the else branch of `when`."""

    kind: Literal["null"] = "null"


class FakerGen(_Gen):
    """Values from a seeded pool built once with Faker (never Faker per row)."""

    kind: Literal["faker"] = "faker"
    provider: str = Field(description="Faker provider method, e.g. 'name', 'city', 'company', 'email'.")
    locale: str | None = Field(None, description="Faker locale; defaults to the schema's locale.")
    pool_size: int = Field(500, ge=1, le=1_000_000)
    unique: bool = Field(False, description="Every row gets a distinct value (pool is at least the row count).")
    skew: float = Field(0.0, ge=0, le=5, description="0 = uniform over the pool; >0 = Zipf-like popularity.")


class ChoiceGen(_Gen):
    """A categorical draw from fixed values with optional weights; a value may be null (the column is nullable)."""

    kind: Literal["choice"] = "choice"
    values: list[Scalar | None] = Field(min_length=1)
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
    min_column: str | None = Field(None, description="Reference whose value is a lower bound (clipped into it).")
    max_column: str | None = Field(None, description="Reference whose value is an upper bound, e.g. 'title_id.runtime_minutes'.")


class DateGen(_Gen):
    """Dates or timestamps in a range with monthly/weekday seasonality and a yearly trend, ordered after/before references."""

    kind: Literal["date"] = "date"
    start: dt.date | None = Field(None, description="Defaults to the schema window start.")
    end: dt.date | None = Field(None, description="Defaults to the schema window end (inclusive).")
    month_weights: list[float] | None = Field(None, min_length=12, max_length=12, description="Jan..Dec relative weights.")
    weekday_weights: list[float] | None = Field(None, min_length=7, max_length=7, description="Mon..Sun relative weights.")
    trend: float = Field(0.0, ge=-0.9, le=5.0, description="Yearly growth of volume, e.g. 0.15 = +15% a year.")
    hour_weights: list[float] | None = Field(None, min_length=24, max_length=24, description="Timestamps: 0..23 weights.")
    after: OneOrMany = Field(None, description="Reference(s) this value is on or after (the latest of them), e.g. 'customer_id.signup_date'.")
    lag_min: float = Field(0.0, ge=0, description="With `after`: minimum lag (days for dates, minutes for timestamps).")
    lag_max: float = Field(0.0, ge=0, description="With `after`: maximum lag (0 = no cap; days for dates, minutes for timestamps).")
    before: OneOrMany = Field(None, description="Reference(s) this value is on or before (the earliest of them), e.g. 'check_in_date'.")
    before_lag: float = Field(0.0, ge=0, description="With `before`: the value is at least this many days/minutes before.")

    def after_refs(self) -> list[str]:
        """`after` as a list of references."""
        return as_list(self.after)

    def before_refs(self) -> list[str]:
        """`before` as a list of references."""
        return as_list(self.before)
