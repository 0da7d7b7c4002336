"""Declared constraints checked on the data: every grain, count, time-order, interval, `when`, place,
hierarchy and bounded-relation constraint of the spec, compiled by `factory.constraints.compile_checks` to SQL
returning the violating rows, runs here in its category (the engine never grades itself).

A check fails when its violating rows exceed its tolerance (a share of the table's rows); the finding names the
table, the column and example rows. Rows of recorded messiness faults are left out when the SQL returns the
table's key. SQL that cannot run because it needs a hidden column (never shipped) is reported as not checkable.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import key_columns, pct, qi
from factory.sandbox import check_select

CATEGORIES = ("referential_integrity", "business_rules", "temporal_consistency", "distributions")


def compiled_checks(ctx: CheckContext) -> list[Any] | None:
    """The spec's compiled constraint checks, or None when factory.constraints is not installed."""
    try:
        from factory.constraints import compile_checks  # noqa: PLC0415
    except ImportError:
        return None
    return list(compile_checks(ctx.schema))


def check_declared(ctx: CheckContext) -> None:
    """Run every compiled constraint check of the spec over the delivered tables."""
    try:
        checks = compiled_checks(ctx)
    except Exception as exc:  # noqa: BLE001 - a spec the compiler refuses is a failing check, not a crash
        ctx.add("business_rules", "constraint.compile", "expect_constraints_to_compile", False, severity="critical",
                message=f"the spec's constraints do not compile: {str(exc).strip().splitlines()[0] if str(exc) else exc}")
        return
    for check in checks or []:
        category = check.category if check.category in CATEGORIES else "business_rules"
        cid = f"constraint.{check.id}"
        with ctx.guard(category, cid, "expect_no_constraint_violation", table=check.table,
                       column=check.column or "", severity="critical"):
            _run(ctx, check, category, cid)


def _hidden_names(ctx: CheckContext, table: str) -> list[str]:
    t = ctx.schema.table(table)
    return [c.name for c in t.columns if getattr(c, "hidden", False)] if t is not None else []


def _run(ctx: CheckContext, check: Any, category: str, cid: str) -> None:
    sql = check_select(ctx.con, check.sql)
    try:
        cols = [d[0] for d in ctx.con.execute(f"SELECT * FROM ({sql}) AS v LIMIT 0").description]
    except duckdb.Error as exc:
        hidden = [h for h in _hidden_names(ctx, check.table) if re.search(rf"\b{re.escape(h)}\b", check.sql)]
        if not hidden:
            raise
        ctx.add(category, cid, "expect_no_constraint_violation", True, table=check.table, column=check.column or "",
                severity="minor", message=f"not checkable on the shipped data: uses hidden column(s) {hidden} "
                                          f"({str(exc).strip().splitlines()[0]})")
        return
    where = _without_faults(ctx, check.table, cols)
    count = int(ctx.scalar(f"SELECT count(*) FROM ({sql}) AS v{where}") or 0)
    total = ctx.rows(check.table) or None
    tolerance = float(getattr(check, "tolerance", 0.0) or 0.0)
    share = count / total if total else (1.0 if count else 0.0)
    ok = share <= tolerance if count else True
    examples = ctx.example_rows(f"SELECT * FROM ({sql}) AS v{where}") if count else []
    allowed = f" (tolerance {pct(tolerance)})" if tolerance else ""
    ctx.notice(category, "constraint_violation", cid, str(check.statement), ok, table=check.table,
               column=check.column or "", blocking=True, count=count, total=total, limit=tolerance,
               observed={"statement": check.statement, "share": round(share, 6)},
               message=f"{count:,} {check.table} row(s) ({pct(share)}) break '{check.statement}'{allowed}",
               examples=examples)


def _without_faults(ctx: CheckContext, table: str, cols: list[str]) -> str:
    t = ctx.schema.table(table)
    keys = key_columns(t) if t is not None else []
    if not ctx.data.faults or len(keys) != 1 or keys[0] not in cols:
        return ""
    name = table.replace("'", "''")
    return f" WHERE CAST(v.{qi(keys[0])} AS VARCHAR) NOT IN (SELECT key FROM __fault_keys WHERE tbl = '{name}')"


__all__ = ["check_declared", "compiled_checks"]
