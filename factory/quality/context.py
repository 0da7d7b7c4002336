"""What every check function receives: the loaded run, a sandboxed connection and small SQL helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from factory.answers.compute import json_safe
from factory.answers.tables import RunData
from factory.quality.models import MAX_EXAMPLES, CheckResult, Finding, Severity
from factory.spec.generators import Generator
from factory.spec.models import Challenge, Column, Schema, Table


@dataclass
class CheckContext:
    """The run under validation; `con` is sandboxed and holds every loaded table plus `__fault_keys`.

    basis: what the answer key was computed on ("clean" when the run has clean/ tables); `clean_con` holds the
    clean tables (None when they are absent or could not be read: `clean_error` says why).
    """

    data: RunData
    con: duckdb.DuckDBPyConnection
    checks: list[CheckResult] = field(default_factory=list)
    basis: str = "delivered"
    clean_con: duckdb.DuckDBPyConnection | None = None
    clean_error: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def challenge(self) -> Challenge:
        """The spec."""
        return self.data.challenge

    @property
    def schema(self) -> Schema:
        """The spec's schema."""
        return self.data.challenge.schema_

    def has(self, table: str, column: str | None = None) -> bool:
        """True when the table (and column) was loaded."""
        tbl = self.data.tables.get(table)
        return tbl is not None and (column is None or column in tbl.column_names)

    def rows(self, table: str) -> int:
        """Row count of a loaded table (0 when missing)."""
        tbl = self.data.tables.get(table)
        return 0 if tbl is None else tbl.num_rows

    def clean(self, table: Table, column: str | None = None) -> str:
        """SQL predicate excluding rows whose key has a recorded fault (in `column`, or any column when None)."""
        keys = key_columns(table)
        if not self.data.faults or not all(self.has(table.name, k) for k in keys):
            return "TRUE"
        col = "" if column is None else f" AND (col = '{column}' OR col = '')"
        return f"{key_text(keys)} NOT IN (SELECT key FROM __fault_keys WHERE tbl = '{table.name}'{col})"

    def key(self, table: Table, alias: str = "") -> str:
        """SQL naming a row by its key (text for a composite key), or NULL when the key was not loaded."""
        keys = key_columns(table)
        if not all(self.has(table.name, k) for k in keys):
            return "NULL"
        return q(keys[0]) if len(keys) == 1 and not alias else (
            f"{alias}.{q(keys[0])}" if len(keys) == 1 else key_text(keys, alias))

    def add(self, category: str, id_: str, expectation: str, success: bool, *, table: str = "", column: str = "",
            severity: Severity = "major", unexpected_count: int | None = None, total: int | None = None,
            examples: list[Any] | None = None, observed: Any = None, message: str = "") -> CheckResult:
        """Record one check result."""
        pct = None
        if unexpected_count is not None and total:
            pct = round(100.0 * unexpected_count / total, 4)
        result = CheckResult(
            id=id_, category=category, table=table, column=column, expectation=expectation, success=bool(success),
            severity=severity, unexpected_count=unexpected_count, unexpected_percent=pct,
            examples=[json_safe(e) for e in (examples or [])[:MAX_EXAMPLES]], observed_value=json_safe(observed),
            message=message,
        )
        self.checks.append(result)
        return result

    def notice(self, category: str, check: str, id_: str, title: str, ok: bool, *, table: str = "",
               column: str = "", blocking: bool = True, warn_only: bool = False, count: int | None = None,
               total: int | None = None,
               limit: float | None = None, message: str = "", examples: list[dict[str, Any]] | None = None,
               observed: Any = None) -> CheckResult:
        """Record a learner-eye (or declared-constraint) check; when it fails, also a Finding.

        blocking: a failure is a critical check (fails `passed`); otherwise a minor one, reported as a warning.
        warn_only: a check that can only warn (minor even when it passes); others are critical when they pass.
        """
        blocking = blocking and not warn_only and not ok
        severity: Severity = "minor" if warn_only or not (ok or blocking) else "critical"
        rows = [{k: json_safe(v) for k, v in e.items()} for e in (examples or [])[:MAX_EXAMPLES]]
        result = self.add(category, id_, f"expect_no_{check}", ok, table=table, column=column,
                          severity=severity, unexpected_count=count, total=total,
                          examples=rows, observed=observed, message="" if ok else message)
        if not ok:
            share = round(count / total, 4) if count is not None and total else None
            self.findings.append(Finding(id=id_, check=check, category=category,
                                         severity="blocking" if blocking else "warning", title=title, table=table,
                                         column=column, count=count, total=total, share=share, limit=limit,
                                         message=message, examples=rows))
        return result

    def example_rows(self, sql: str, limit: int = MAX_EXAMPLES) -> list[dict[str, Any]]:
        """Up to `limit` rows of a query as {column: value} dicts."""
        cur = self.con.execute(f"SELECT * FROM ({sql}) AS q LIMIT {int(limit)}")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        """First value of a query's first row."""
        row = self.con.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def column_values(self, sql: str, limit: int = MAX_EXAMPLES) -> list[Any]:
        """First column of up to `limit` rows of a query."""
        return [r[0] for r in self.con.execute(f"SELECT * FROM ({sql}) AS q LIMIT {int(limit)}").fetchall()]

    @contextmanager
    def guard(self, category: str, id_: str, expectation: str, *, table: str = "", column: str = "",
              severity: Severity = "major") -> Iterator[None]:
        """Turn a check that crashes (SQL error on odd data) into a failing check instead of a crash."""
        try:
            yield
        except (duckdb.Error, ValueError, TypeError, ZeroDivisionError) as exc:
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self.add(category, id_, expectation, False, table=table, column=column, severity=severity,
                     message=f"check could not run: {text}")


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def as_text(value: object) -> str:
    """A spec value as DuckDB prints it after a VARCHAR cast (booleans lower-case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def key_columns(table: Table) -> list[str]:
    """The primary key as a list of columns (spec v2 allows composite keys)."""
    key = table.primary_key
    return [key] if isinstance(key, str) else list(key)


def key_label(table: Table) -> str:
    """The primary key as a label: `order_id`, or `order_id|line_number` for a composite key."""
    return "|".join(key_columns(table))


def key_text(keys: list[str], alias: str = "") -> str:
    """SQL text of a row's key: the one column as VARCHAR, or the columns joined by '|'."""
    pre = f"{alias}." if alias else ""
    parts = [f"CAST({pre}{q(k)} AS VARCHAR)" for k in keys]
    return parts[0] if len(parts) == 1 else "concat_ws('|', " + ", ".join(parts) + ")"


def shipped(table: Table) -> list[Column]:
    """The columns shipped in the datasets (hidden helper columns never are)."""
    return [c for c in table.columns if not getattr(c, "hidden", False)]


def comparable(column: Column) -> Generator | None:
    """The column's generator when its values can be compared with that generator alone (KS, chi-square,
    value sets, cardinality); None when `when` branches, bounds by other columns, popularity caps, attribute
    matching or a time interval between references shape the values (the compiled constraints check those)."""
    g = column.generator
    if getattr(column, "when", None):
        return None
    if getattr(g, "min_column", None) or getattr(g, "max_column", None):
        return None
    if getattr(g, "max_share", None) or getattr(g, "match", None) or (
            getattr(g, "weight_column", None) and getattr(g, "weight_power", 1.0) != 1.0):
        return None
    if getattr(g, "before", None) or not isinstance(getattr(g, "after", None) or "", str):
        return None
    if "." in str(getattr(g, "after", None) or ""):
        return None
    return g
