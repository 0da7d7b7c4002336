"""Run compiled checks over DuckDB: count the violating rows and keep a few as examples."""

from __future__ import annotations

import math
from collections.abc import Iterable

import duckdb

from factory.constraints.model import CheckResult, CompiledCheck
from factory.sandbox import UnsafeSQL, check_select, quote_ident

EXAMPLES = 5


def run_checks(con: duckdb.DuckDBPyConnection, checks: Iterable[CompiledCheck], *,
               examples: int = EXAMPLES) -> list[CheckResult]:
    """Run every check; a check that cannot run (a table or column missing) gets an `error`, never raises."""
    totals: dict[str, int | str] = {}
    out: list[CheckResult] = []
    for check in checks:
        if check.table not in totals:
            try:
                totals[check.table] = con.execute(f"SELECT count(*) FROM {quote_ident(check.table)}").fetchone()[0]
            except duckdb.Error as exc:
                totals[check.table] = _first_line(exc)
        total = totals[check.table]
        if isinstance(total, str):
            out.append(CheckResult(check, 0, 0, error=f"table {check.table} cannot be read: {total}"))
            continue
        out.append(_run_one(con, check, total, examples))
    return out


def _run_one(con: duckdb.DuckDBPyConnection, check: CompiledCheck, total: int, examples: int) -> CheckResult:
    try:
        sql = check_select(con, check.sql)
        count = con.execute(f"SELECT count(*) FROM ({sql}) AS v").fetchone()[0]
        rows: list[dict] = []
        if count:
            cur = con.execute(f"SELECT * FROM ({sql}) AS v ORDER BY ALL LIMIT {int(examples)}")
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, [_plain(v) for v in row], strict=True)) for row in cur.fetchall()]
    except (UnsafeSQL, duckdb.Error) as exc:
        return CheckResult(check, 0, total, error=_first_line(exc))
    return CheckResult(check, int(count), int(total), examples=rows)


def _plain(value: object) -> object:
    """JSON-friendly example values (dates as ISO text, NaN as None)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
