"""Short constructors that keep domain definitions readable (a column per line)."""

from __future__ import annotations

from typing import Any

from factory.spec.generators import (
    CalendarGen,
    ChoiceGen,
    DateGen,
    DistributionGen,
    ExpressionGen,
    FakerGen,
    ForeignKeyGen,
    LookupGen,
    SequenceGen,
)
from factory.spec.models import (
    KPI,
    CalendarSize,
    Chart,
    Column,
    Fault,
    Insight,
    Question,
    Relationship,
    Rule,
    ScaleEffect,
    ShiftEffect,
    Table,
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def col(name: str, type_: str, description: str, generator: Any, *, nullable: bool = False, unit: str = "") -> Column:
    """A column."""
    return Column(name=name, type=type_, description=description, generator=generator, nullable=nullable, unit=unit)


def seq(prefix: str | None = None, width: int = 6, start: int = 1) -> SequenceGen:
    """Row-index keys, optionally text keys like ORD000001."""
    return SequenceGen(prefix=prefix, width=width, start=start)


def fk(skew: float = 0.0, *, unique: bool = False, weight_column: str | None = None) -> ForeignKeyGen:
    """A foreign key (the parent comes from the relationship)."""
    return ForeignKeyGen(skew=skew, unique=unique, weight_column=weight_column)


def choice(values: list[Any], weights: list[float] | None = None, *, cycle: bool = False) -> ChoiceGen:
    """A categorical draw (or aligned cycling through values with cycle=True)."""
    return ChoiceGen(values=values, weights=weights, cycle=cycle)


def dist(name: str, lo: float | None = None, hi: float | None = None, rnd: int | None = None, **params: float) -> DistributionGen:
    """A numeric distribution clipped to [lo, hi], rounded to `rnd` places."""
    return DistributionGen(dist=name, params=params, min=lo, max=hi, round=rnd)


def date(**kwargs: Any) -> DateGen:
    """A date/timestamp generator (see DateGen for arguments)."""
    return DateGen(**kwargs)


def expr(sql: str) -> ExpressionGen:
    """A SQL expression over earlier columns."""
    return ExpressionGen(sql=sql)


def lookup(via: str, column: str) -> LookupGen:
    """Copy a parent column through a foreign key."""
    return LookupGen(via=via, column=column)


def faker(provider: str, pool: int = 500, *, unique: bool = False, skew: float = 0.0) -> FakerGen:
    """A seeded Faker pool."""
    return FakerGen(provider=provider, pool_size=pool, unique=unique, skew=skew)


def rel(parent: str, parent_key: str, child: str, child_key: str, *, min_children: int = 0) -> Relationship:
    """A foreign-key relationship (SDV names)."""
    return Relationship(
        parent_table_name=parent, parent_primary_key=parent_key, child_table_name=child, child_foreign_key=child_key,
        min_children=min_children,
    )


def rule(id_: str, statement: str, sql: str, *, category: str = "business", table: str = "") -> Rule:
    """A business rule given by its violation query."""
    return Rule(id=id_, statement=statement, sql=sql, category=category, table=table)


def question(id_: str, text: str, fields: list[str], sql: str, chart: tuple[str, str, list[str]], *,
             difficulty: str = "intermediate", skills: list[str] | None = None) -> Question:
    """A question; the output-field sentence is appended to the text."""
    full = f"{text} The final output contains these fields: {', '.join(fields)}."
    kind, x, y = chart
    return Question(id=id_, text=full, output_fields=fields, answer_sql=sql.strip(),
                    chart=Chart(type=kind, x=x, y=y), difficulty=difficulty, skills=skills or [])


def kpi(name: str, definition: str, formula: str) -> KPI:
    """A KPI."""
    return KPI(name=name, definition=definition, formula=formula)


def scale(id_: str, title: str, statement: str, table: str, column: str, where: str, factor: float,
          detect_sql: str, questions: list[str]) -> Insight:
    """An insight planted by multiplying a measure on matching rows."""
    return Insight(id=id_, title=title, statement=statement, detect_sql=detect_sql.strip(), questions=questions,
                   effect=ScaleEffect(table=table, column=column, where=where, factor=factor))


def shift(id_: str, title: str, statement: str, table: str, column: str, where: str, value: Any, p: float,
          detect_sql: str, questions: list[str]) -> Insight:
    """An insight planted by shifting a category's probability on matching rows."""
    return Insight(id=id_, title=title, statement=statement, detect_sql=detect_sql.strip(), questions=questions,
                   effect=ShiftEffect(table=table, column=column, where=where, value=value, probability=p))


def fault(kind: str, table: str, column: str = "", rate: float = 0.02) -> Fault:
    """A messiness fault."""
    return Fault(kind=kind, table=table, column=column, rate=rate)


def date_dimension(name: str = "dim_date", fiscal_start_month: int = 1) -> Table:
    """A calendar dimension: one row per day with year, month, quarter, weekday (and fiscal year if shifted)."""
    cols = [
        col("date", "date", "Calendar date (one row per day).", CalendarGen()),
        col("year", "integer", "Calendar year.", expr("year(date)")),
        col("month_num", "integer", "Month number 1-12.", expr("month(date)")),
        col("month_name", "category", "Month name.", expr("monthname(date)")),
        col("quarter", "category", "Calendar quarter, Q1-Q4.", expr("'Q' || quarter(date)")),
        col("day_name", "category", "Weekday name.", expr("dayname(date)")),
        col("is_weekend", "boolean", "True on Saturday and Sunday.", expr("isodow(date) >= 6")),
    ]
    if fiscal_start_month != 1:
        m = fiscal_start_month
        cols.append(col("fiscal_year", "integer", f"Fiscal year (starts in {MONTHS[m - 1]}, named by its end year).",
                        expr(f"year(date) + CASE WHEN month(date) >= {m} THEN 1 ELSE 0 END")))
        cols.append(col("fiscal_quarter", "category", "Fiscal quarter, Q1-Q4.",
                        expr(f"'Q' || (((month(date) - {m} + 12) % 12) // 3 + 1)")))
    return Table(name=name, kind="dimension", primary_key="date", size=CalendarSize(),
                 description="Calendar of every day in the challenge window.", columns=cols)
