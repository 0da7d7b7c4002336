"""Declared constraints checked on the data: every grain, count, time-order, interval, `when`, place,
hierarchy and bounded-relation construct of the spec, compiled by `factory.constraints.compile_checks` to SQL
returning the violating rows and run by `run_checks`, lands here in its category (the engine never grades
itself).

A check fails when its violating rows exceed its tolerance (a share of the table's rows): a blocking finding
naming the table, the column and example rows. With messiness the checks run on the clean tables (clean/,
the world before its planted faults: those are the learner's exercise, and a blanked parent value would
otherwise break every lookup of its children). Checks that read hidden columns cannot run on shipped data and
are left to the generator's own tests.
"""

from __future__ import annotations

import re
from typing import Any

from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import pct

CATEGORIES = ("referential_integrity", "business_rules", "temporal_consistency", "distributions")


def check_declared(ctx: CheckContext) -> None:
    """Run every compiled constraint check of the spec over the delivered tables."""
    try:
        from factory.constraints import compile_checks, run_checks  # noqa: PLC0415
    except ImportError:  # the constraints package is optional for a v1-only install
        return
    try:
        checks = [c for c in compile_checks(ctx.schema) if not c.uses_hidden]
    except Exception as exc:  # noqa: BLE001 - a spec the compiler refuses is a failing check, not a crash
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        ctx.add("business_rules", "constraint.compile", "expect_constraints_to_compile", False, severity="critical",
                message=f"the spec's constraints do not compile: {text}")
        return
    if not checks:
        return
    con = ctx.clean_con if ctx.clean_con is not None else ctx.con
    for result in run_checks(con, checks):
        _record(ctx, result)


def _record(ctx: CheckContext, result: Any) -> None:
    check = result.check
    category = check.category if check.category in CATEGORIES else "business_rules"
    cid = f"constraint.{check.id}"
    if result.error and _hidden_refs(ctx, check.sql):
        ctx.add(category, cid, "expect_no_constraint_violation", True, table=check.table, column=check.column,
                severity="minor", message=f"not checkable on the shipped data: reads hidden column(s) "
                                          f"{_hidden_refs(ctx, check.sql)} ({result.error})")
        return
    if result.error:
        ctx.add(category, cid, "expect_no_constraint_violation", False, table=check.table, column=check.column,
                severity="critical", message=f"'{check.statement}' could not be checked: {result.error}")
        return
    allowed = f" (tolerance {pct(check.tolerance)})" if check.tolerance else ""
    ctx.notice(category, "constraint_violation", cid, f"{check.table}: {check.statement}", result.passed,
               table=check.table, column=check.column, blocking=True, count=result.violations,
               total=result.total_rows, limit=check.tolerance, observed={"statement": check.statement},
               message=f"{result.violations:,} of {result.total_rows:,} {check.table} rows ({pct(result.share)}) "
                       f"break '{check.statement}'{allowed}", examples=result.examples)


def _hidden_refs(ctx: CheckContext, sql: str) -> list[str]:
    """Hidden columns of any table that the SQL names (they are never shipped, so never loaded)."""
    names = {c.name for t in ctx.schema.tables for c in t.columns if getattr(c, "hidden", False)}
    return sorted(n for n in names if re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", sql))
