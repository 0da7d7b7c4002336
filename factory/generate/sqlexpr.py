"""Spec SQL at generation time (expressions, effect predicates, rules), always in a sandboxed DuckDB over Arrow."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from factory.errors import GenerationError
from factory.sandbox import DUCKDB_TYPES, UnsafeSQL, check_select, sandboxed_connection
from factory.spec.models import Rule

ROW_VIEW = "_row"


class SqlEvaluator:
    """One sandboxed connection for a run; evaluates row-wise SQL over the earlier columns of a chunk."""

    def __init__(self) -> None:
        self.con = sandboxed_connection(threads=1)

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def _run(self, select: str, columns: dict[str, pa.Array], table: str, column: str) -> pa.Array:
        data = pa.table(columns) if columns else pa.table({"_none": pa.nulls(0)})
        try:
            check_select(self.con, f"SELECT {select} FROM {ROW_VIEW}")
            self.con.register(ROW_VIEW, data)
            try:
                out = self.con.sql(f"SELECT {select} AS _value FROM {ROW_VIEW}").to_arrow_table()
            finally:
                self.con.unregister(ROW_VIEW)
        except (duckdb.Error, UnsafeSQL) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise GenerationError(f"SQL failed at run time: {first}", table=table, column=column,
                                  hint="expressions may use earlier columns of the same row only") from None
        return out.column(0).combine_chunks()

    def expression(self, sql: str, ctype: str, columns: dict[str, pa.Array], rows: int, table: str,
                   column: str) -> pa.Array:
        """The expression's value on every row, cast to the column's type."""
        if not columns:
            columns = {"_none": pa.nulls(rows, pa.int8())}
        return self._run(f"CAST(({sql}) AS {DUCKDB_TYPES[ctype]})", columns, table, column)

    def predicate(self, sql: str, columns: dict[str, pa.Array], rows: int, table: str, column: str) -> np.ndarray:
        """Boolean mask of the rows where `sql` is true (NULL counts as false)."""
        if not columns:
            columns = {"_none": pa.nulls(rows, pa.int8())}
        arr = self._run(f"coalesce(CAST(({sql}) AS BOOLEAN), false)", columns, table, column)
        return arr.to_numpy(zero_copy_only=False).astype(bool)

    def failing_rules(self, tables: dict[str, pa.Table], rules: list[Rule]) -> list[tuple[Rule, int]]:
        """(rule, violating rows) of every rule whose SQL returns rows over `tables`."""
        con = sandboxed_connection(threads=1)
        try:
            for name, data in tables.items():
                con.register(name, data)
            out = []
            for r in rules:
                try:
                    text = check_select(con, r.sql)
                    n = con.execute(f"SELECT count(*) FROM ({text}) AS _v").fetchone()[0]
                except (duckdb.Error, UnsafeSQL) as exc:
                    first = str(exc).strip().splitlines()[0]
                    raise GenerationError(f"rule '{r.id}' cannot run: {first}", table=r.table) from None
                if n:
                    out.append((r, int(n)))
            return out
        finally:
            con.close()
