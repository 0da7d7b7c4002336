"""Which columns the reports feature: key measures, key categories, the main measure and date, question coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from factory.spec.generators import CalendarGen, LookupGen, SequenceGen
from factory.spec.models import Challenge, Column, Table

NUMERIC = ("integer", "decimal")
MONEY_UNITS = ("inr", "usd", "eur", "gbp", "rs", "₹", "$", "€", "£")


@dataclass(frozen=True)
class MainMeasure:
    """The measure the monthly trend shows, how it is aggregated, and the date it is bucketed by."""

    table: str
    column: str
    agg: str  # "sum" or "avg"
    date_column: str | None
    unit: str = ""


def is_key(challenge: Challenge, table: Table, column: Column) -> bool:
    """True for primary keys, foreign keys and generated sequences (not measures)."""
    if column.name == table.primary_key or column.type == "id":
        return True
    if challenge.schema_.parent_of(table.name, column.name) is not None:
        return True
    return isinstance(column.generator, SequenceGen | CalendarGen)


def measures(challenge: Challenge, table: Table, limit: int = 4) -> list[Column]:
    """The table's key numeric measures: non-key integer/decimal columns; the headline measure, money and
    columns of its own (not looked up from a parent) first."""
    cols = [c for c in table.visible_columns if c.type in NUMERIC and not is_key(challenge, table, c)]
    headline = _kpi_sum_columns(challenge)

    def rank(c: Column) -> tuple[bool, bool, bool, bool, int]:
        return (c.name not in headline, isinstance(c.generator, LookupGen), c.unit.lower() not in MONEY_UNITS,
                c.type != "decimal", table.visible_columns.index(c))

    return sorted(cols, key=rank)[:limit]


def _kpi_sum_columns(challenge: Challenge) -> list[str]:
    """Column names summed by the KPI formulas, in KPI order."""
    found: list[str] = []
    for k in challenge.problem.kpis:
        found += [n.lower() for n in re.findall(r"(?i)\bsum\s*\(\s*([a-z_][a-z0-9_]*)\s*\)", k.formula)]
    return found


def numeric_columns(challenge: Challenge, table: Table, limit: int = 8) -> list[Column]:
    """Non-key numeric and boolean columns (for the correlation heatmap), in declared order."""
    cols = [c for c in table.visible_columns if c.type in (*NUMERIC, "boolean") and not is_key(challenge, table, c)]
    return cols[:limit]


def key_categories(challenge: Challenge, limit: int = 8) -> list[tuple[Table, Column]]:
    """Categorical columns worth a top-values chart: the main table's first, then dimensions (no calendars)."""
    schema = challenge.schema_
    main = schema.table(schema.main_table)
    ordered = ([main] if main else []) + [t for t in schema.tables if t is not main and t.size.kind != "calendar"]
    found: list[tuple[Table, Column]] = []
    for t in ordered:
        for c in t.visible_columns:
            if c.type == "category" and not is_key(challenge, t, c):
                found.append((t, c))
    # one column per table first, then the rest, so the charts cover several tables
    first = list({t.name: (t, c) for t, c in reversed(found)}.values())[::-1]
    rest = [tc for tc in found if tc not in first]
    return (first + rest)[:limit]


def main_measure(challenge: Challenge) -> MainMeasure | None:
    """The main table's headline measure: the first KPI summing one of its columns, else its first measure."""
    schema = challenge.schema_
    main = schema.table(schema.main_table)
    if main is None:
        return None
    date_col = next((c.name for c in main.visible_columns if c.type in ("date", "timestamp") and not c.nullable), None)
    date_col = date_col or next((c.name for c in main.visible_columns if c.type in ("date", "timestamp")), None)
    numeric = {c.name: c for c in main.visible_columns if c.type in NUMERIC and not is_key(challenge, main, c)}
    for name in _kpi_sum_columns(challenge):
        if name in numeric:
            col = numeric[name]
            return MainMeasure(main.name, col.name, "sum", date_col, col.unit)
    ms = measures(challenge, main, 1)
    if not ms:
        return MainMeasure(main.name, "", "count", date_col)
    agg = "sum" if ms[0].unit.lower() in MONEY_UNITS else "avg"
    return MainMeasure(main.name, ms[0].name, agg, date_col, ms[0].unit)


def tables_used(sql: str, table_names: list[str]) -> list[str]:
    """Tables of the schema that a query reads (CTE names excluded), in schema order."""
    names = set(table_names)
    used: set[str] = set()
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
        ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
        used = {t.name for t in tree.find_all(exp.Table) if t.name in names and t.name not in ctes}
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError):
        pass
    if not used:
        used = {n for n in names if re.search(rf"\b{re.escape(n)}\b", sql)}
    return [n for n in table_names if n in used]


def coverage(challenge: Challenge) -> tuple[list[str], list[str], list[list[int]]]:
    """Question x table matrix: 1 when the question's answer SQL reads the table."""
    tables = [t.name for t in challenge.schema_.tables]
    qids = [q.id for q in challenge.problem.questions]
    matrix = []
    for q in challenge.problem.questions:
        used = set(tables_used(q.answer_sql, tables)) if q.answer_sql else set()
        matrix.append([1 if t in used else 0 for t in tables])
    return qids, tables, matrix
