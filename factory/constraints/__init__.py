"""The spec's constructs compiled to SQL checks that find violating rows in the data alone.

`compile_checks(schema)` turns every construct (grain, grid, counts, aggregates, time order, `when` branches,
foreign-key match and popularity, bounds, lookups, names, row numbers, hidden columns) into a CompiledCheck;
`run_checks(con, checks)` runs them over a DuckDB connection on which the tables are registered by name.
The engine never grades itself: validation runs these checks independently.
"""

from __future__ import annotations

from factory.constraints.columns import column_checks
from factory.constraints.model import CATEGORIES, CheckResult, CompiledCheck
from factory.constraints.run import run_checks
from factory.constraints.tables import table_checks
from factory.spec.models import Schema


def compile_checks(schema: Schema) -> list[CompiledCheck]:
    """Every compiled check of a (validated) schema, tables in declared order, table checks first."""
    out: list[CompiledCheck] = []
    for t in schema.tables:
        out += table_checks(schema, t)
        for c in t.columns:
            out += column_checks(schema, t, c)
    return out


__all__ = ["CATEGORIES", "CheckResult", "CompiledCheck", "compile_checks", "run_checks"]
