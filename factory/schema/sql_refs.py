"""What a question's SQL touches: tables, columns, aggregates, grouping (parsed with sqlglot's DuckDB dialect)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

NUMERIC_AGGREGATES = frozenset({
    "Sum", "Avg", "Min", "Max", "Stddev", "StddevPop", "StddevSamp", "Variance", "VariancePop", "Median",
    "Quantile", "PercentileCont", "PercentileDisc", "Corr", "ApproxQuantile",
})
DATE_FUNCTIONS = re.compile(
    r"\b(strftime|date_trunc|date_part|datepart|year|month|quarter|week|dayname|monthname|dayofweek|isodow|"
    r"date_diff|datediff|extract|last_day)\s*\(", re.IGNORECASE)


@dataclass
class SqlRefs:
    """The tables, columns and shapes one SELECT uses."""

    parsed: bool
    tables: list[str] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    aggregated_columns: set[str] = field(default_factory=set)
    aggregates: bool = False
    grouped: bool = False
    uses_date_functions: bool = False
    error: str = ""


def sql_refs(sql: str) -> SqlRefs:
    """Parse `sql` and list what it references (CTE names are not tables)."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except SqlglotError as exc:
        return SqlRefs(parsed=False, error=str(exc).splitlines()[0] if str(exc) else "does not parse")
    if tree is None:
        return SqlRefs(parsed=False, error="empty SQL")
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    tables: list[str] = []
    for t in tree.find_all(exp.Table):
        name = t.name.lower()
        if name and name not in ctes and name not in tables:
            tables.append(name)
    aggregated: set[str] = set()
    any_agg = False
    for agg in tree.find_all(exp.AggFunc):
        if type(agg).__name__ in NUMERIC_AGGREGATES or isinstance(agg, exp.Count):
            any_agg = True
        conditional = agg.find(exp.Case, exp.If, exp.Predicate, exp.Cast) is not None
        if type(agg).__name__ in NUMERIC_AGGREGATES and not conditional:  # avg(CASE WHEN ...) derives its own measure
            aggregated |= {c.name.lower() for c in agg.find_all(exp.Column)}
    grouped = tree.find(exp.Group) is not None or any(w.args.get("partition_by") for w in tree.find_all(exp.Window))
    return SqlRefs(
        parsed=True, tables=tables, columns={c.name.lower() for c in tree.find_all(exp.Column)},
        aggregated_columns=aggregated, aggregates=any_agg, grouped=grouped,
        uses_date_functions=bool(DATE_FUNCTIONS.search(sql)),
    )
