"""Business rules (every violation query returns no rows; expressions and lookups recompute exactly) and
temporal consistency (dates inside their window, event order)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace

from factory.quality.context import CheckContext, q
from factory.sandbox import DUCKDB_TYPES, check_select
from factory.spec.generators import DateGen, ExpressionGen, LookupGen
from factory.spec.models import Column, Rule, Table

BUSINESS, TEMPORAL = "business_rules", "temporal_consistency"


def check_rules(ctx: CheckContext) -> None:
    """Each rule's violation query returns no rows (rows of recorded faults excepted); examples = keys."""
    clean = ctx.data.connection(with_fault_keys=True, without_faults=True) if ctx.data.faults else None
    try:
        for r in ctx.schema.rules:
            cat = TEMPORAL if r.category == "temporal" else BUSINESS
            with ctx.guard(cat, f"rule.{r.id}", "expect_rule_violation_query_to_return_no_rows", table=r.table,
                           severity="critical"):
                _rule(ctx if clean is None else replace(ctx, con=clean), r, cat)
    finally:
        if clean is not None:
            clean.close()


def _rule(ctx: CheckContext, r: Rule, cat: str) -> None:
    sql = check_select(ctx.con, r.sql)
    table = ctx.schema.table(r.table) if r.table else None
    cols = [d[0] for d in ctx.con.execute(f"SELECT * FROM ({sql}) AS v LIMIT 0").description]
    key = table.primary_key if table is not None and table.primary_key in cols else None
    where = ""
    if key and table is not None and ctx.data.faults:
        where = f" WHERE {ctx.clean(table).replace(q(key), 'v.' + q(key))}"
    count = ctx.scalar(f"SELECT count(*) FROM ({sql}) AS v{where}")
    examples = ctx.column_values(f"SELECT v.{q(key)} FROM ({sql}) AS v{where}") if key and count else []
    if count and not key:
        examples = [str(row) for row in ctx.con.execute(f"SELECT * FROM ({sql}) AS v LIMIT 5").fetchall()]
    ctx.add(cat, f"rule.{r.id}", "expect_rule_violation_query_to_return_no_rows", count == 0, table=r.table,
            column=key or "", severity="critical", unexpected_count=count,
            total=ctx.rows(r.table) if r.table else None, examples=examples, observed=count,
            message=f"{count} row(s) break '{r.statement}'" if count else "")


def check_derived(ctx: CheckContext) -> None:
    """Expression columns recompute exactly from their row; lookup columns equal the parent's value."""
    for t in ctx.schema.tables:
        for c in t.columns:
            g = c.generator
            if not isinstance(g, (ExpressionGen, LookupGen)) or not ctx.has(t.name, c.name) or c.when:
                continue
            if isinstance(g, ExpressionGen) and not recomputable(ctx, t, g.sql):
                continue  # __rand, references to parents or hidden helpers: the compiled constraints check it
            kind = "expression" if isinstance(g, ExpressionGen) else "lookup"
            cid = f"{kind}.{t.name}.{c.name}"
            with ctx.guard(BUSINESS, cid, f"expect_{kind}_column_to_recompute", table=t.name, column=c.name):
                _derived(ctx, t, c, cid, kind)


def recomputable(ctx: CheckContext, t: Table, sql: str) -> bool:
    """True when an expression reads only shipped columns of its own row (no __rand, no `fk.col` reference)."""
    if "__rand" in sql or re.search(r"[A-Za-z_\"]\s*\.\s*[A-Za-z_\"]", re.sub(r"'[^']*'", "", sql)):
        return False
    return not any(re.search(rf"\b{re.escape(h.name)}\b", sql) for h in t.columns if getattr(h, "hidden", False))


def _derived(ctx: CheckContext, t: Table, c: Column, cid: str, kind: str) -> None:
    g = c.generator
    typ = DUCKDB_TYPES[c.type]
    conds = [ctx.clean(t)]
    if isinstance(g, ExpressionGen):
        value = f"TRY_CAST(({g.sql}) AS {typ})"
        source = q(t.name)
        for ins in ctx.schema.insights:
            if ins.effect.table == t.name and ins.effect.column == c.name:
                conds.append(f"NOT coalesce(({ins.effect.where}), FALSE)")
    else:
        rel = ctx.schema.parent_of(t.name, g.via)
        parent = ctx.schema.table(rel.parent_table_name) if rel else None
        if rel is None or parent is None or not ctx.has(parent.name, g.column) or not ctx.has(t.name, g.via):
            ctx.add(BUSINESS, cid, "expect_lookup_column_to_recompute", False, table=t.name, column=c.name,
                    message=f"cannot recompute: the parent column behind {g.via} was not loaded")
            return
        value = f"TRY_CAST(p.{q(g.column)} AS {typ})"
        pk = q(rel.parent_primary_key)
        fault = ctx.clean(parent, g.column).replace(q(parent.primary_key), f"p.{pk}")
        source = (f"(SELECT c.*, p.{q(g.column)} AS __parent_value FROM {q(t.name)} c LEFT JOIN "
                  f"{q(parent.name)} p ON c.{q(g.via)} = p.{pk} WHERE {fault}) AS c0")
        value = f"TRY_CAST(__parent_value AS {typ})"
    col = q(c.name)
    if c.type == "decimal":
        differs = f"NOT (({col} IS NULL AND v IS NULL) OR abs({col} - v) <= 1e-9 * greatest(1, abs(v)))"
    else:
        differs = f"{col} IS DISTINCT FROM v"
    pk = ctx.key(t)
    base = f"SELECT {pk} AS k, {col} AS actual, v FROM (SELECT *, {value} AS v FROM {source} WHERE {' AND '.join(conds)}) AS s WHERE {differs}"
    count = ctx.scalar(f"SELECT count(*) FROM ({base})")
    rows = ctx.con.execute(f"SELECT k, actual, v FROM ({base}) LIMIT 5").fetchall() if count else []
    what = g.sql if isinstance(g, ExpressionGen) else f"{g.via} -> {g.column}"
    ctx.add(BUSINESS, cid, f"expect_{kind}_column_to_recompute", count == 0, table=t.name, column=c.name,
            unexpected_count=count, total=ctx.rows(t.name), examples=[r[0] for r in rows],
            observed=[{"key": r[0], "actual": r[1], "recomputed": r[2]} for r in rows[:3]] or None,
            message=f"{count} row(s) differ from {what}" if count else "")


def check_dates(ctx: CheckContext) -> None:
    """Generated dates lie inside their window (after-columns may pass the end by lag_max) and follow
    the column they come after; no date lies in the future."""
    today = dt.date.today()
    for t in ctx.schema.tables:
        for c in t.columns:
            g = c.generator
            if not isinstance(g, DateGen) or not ctx.has(t.name, c.name):
                continue
            with ctx.guard(TEMPORAL, f"window.{t.name}.{c.name}", "expect_column_values_to_be_in_window",
                           table=t.name, column=c.name):
                _window(ctx, t, c, g, today)
            if g.after and ctx.has(t.name, g.after):
                with ctx.guard(TEMPORAL, f"order.{t.name}.{c.name}", "expect_column_to_follow_column",
                               table=t.name, column=c.name, severity="critical"):
                    _order(ctx, t, c, g)


def _window(ctx: CheckContext, t: Table, c: Column, g: DateGen, today: dt.date) -> None:
    w = ctx.schema.window
    lo, hi = g.start or w.start, g.end or w.end
    if g.after:
        hi = hi + dt.timedelta(days=_overshoot(t, c))
        base = ctx.scalar(f"SELECT CAST(max({q(g.after)}) AS DATE) FROM {q(t.name)} WHERE {ctx.clean(t, g.after)}") \
            if ctx.has(t.name, g.after) else None
        if isinstance(base, dt.date):  # a derived base (lookup/expression) may itself pass the window end
            lag_days = g.lag_max if c.type == "date" else g.lag_max / 1440
            hi = max(hi, base + dt.timedelta(days=int(lag_days) + 1))
    hi_sql = f"DATE '{hi.isoformat()}'" if c.type == "date" else f"TIMESTAMP '{hi.isoformat()} 23:59:59'"
    col = f"CAST({q(c.name)} AS DATE)" if c.type == "timestamp" else q(c.name)
    cond = f"({col} < DATE '{lo.isoformat()}' OR {q(c.name)} > {hi_sql} OR {col} > DATE '{max(today, hi).isoformat()}')"
    base = f"SELECT {ctx.key(t)} AS k, {q(c.name)} AS v FROM {q(t.name)} WHERE {cond} AND {ctx.clean(t, c.name)}"
    count = ctx.scalar(f"SELECT count(*) FROM ({base})")
    rows = ctx.con.execute(f"SELECT k, v FROM ({base}) LIMIT 5").fetchall() if count else []
    rng = ctx.con.execute(f"SELECT min({q(c.name)}), max({q(c.name)}) FROM {q(t.name)}").fetchone()
    ctx.add(TEMPORAL, f"window.{t.name}.{c.name}", "expect_column_values_to_be_in_window", count == 0, table=t.name,
            column=c.name, unexpected_count=count, total=ctx.rows(t.name), examples=[r[1] for r in rows],
            observed={"min": rng[0], "max": rng[1]},
            message=f"{count} value(s) outside {lo} .. {hi} (keys: {', '.join(str(r[0]) for r in rows)})" if count else "")


def _overshoot(t: Table, c: Column) -> float:
    """Days an `after` column may pass the window end: its lag_max plus that of the columns it follows."""
    days, seen = 0.0, set()
    while isinstance(c.generator, DateGen) and c.generator.after and c.name not in seen:
        seen.add(c.name)
        g = c.generator
        days += g.lag_max if c.type == "date" else g.lag_max / 1440
        nxt = t.column(g.after)
        if nxt is None:
            break
        c = nxt
    return float(int(days) + 1)


def _order(ctx: CheckContext, t: Table, c: Column, g: DateGen) -> None:
    a, b = q(g.after), q(c.name)
    if c.type == "date":  # whole days after the base's day
        lag = f"date_diff('day', CAST({a} AS DATE), {b})"
        lo, hi = math.floor(g.lag_min), math.ceil(g.lag_max)
    else:  # minutes after the base (a date base counts from midnight), rounded to the second
        lag = f"date_diff('second', CAST({a} AS TIMESTAMP), {b}) / 60.0"
        lo, hi = g.lag_min - 1 / 60, g.lag_max + 1 / 60
    cond = f"({lag} < {lo} OR {lag} > {hi})"
    clean = f"{ctx.clean(t, c.name)} AND {ctx.clean(t, g.after)}"
    base = f"SELECT {ctx.key(t)} AS k FROM {q(t.name)} WHERE {cond} AND {clean}"
    count = ctx.scalar(f"SELECT count(*) FROM ({base})")
    ctx.add(TEMPORAL, f"order.{t.name}.{c.name}", "expect_column_to_follow_column", count == 0, table=t.name,
            column=c.name, severity="critical", unexpected_count=count, total=ctx.rows(t.name),
            examples=ctx.column_values(base) if count else [], observed={"after": g.after, "lag": [g.lag_min, g.lag_max]},
            message=f"{count} row(s) where {c.name} is not {g.lag_min}-{g.lag_max} after {g.after}" if count else "")
