"""SQL types of spec columns per database (DuckDB, PostgreSQL, MySQL): decimal(p,s) and year included."""

from __future__ import annotations

from factory.sandbox import DUCKDB_TYPES
from factory.spec.tables import Column


def duckdb_type(column: Column) -> str:
    """The DuckDB type of a spec column: DECIMAL(p,s) when the column gives precision and scale."""
    if column.type == "decimal" and column.precision is not None and column.scale is not None:
        return f"DECIMAL({column.precision},{column.scale})"
    return DUCKDB_TYPES[column.type]


def declared_decimal(column: Column) -> str | None:
    """`DECIMAL(p,s)` when the spec declares precision and scale, else None (the type follows the data)."""
    if column.type == "decimal" and column.precision is not None and column.scale is not None:
        return f"DECIMAL({column.precision}, {column.scale})"
    return None
