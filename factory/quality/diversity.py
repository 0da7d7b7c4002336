"""Diversity: no constant or all-NULL columns, realistic cardinality (every likely category appears, pools
and unique generators respected, parents used), and no duplicate rows beyond those the answer key records."""

from __future__ import annotations

from factory.quality.context import CheckContext, as_text, comparable, key_columns, key_label, key_text, q
from factory.spec.generators import ChoiceGen, DistributionGen, FakerGen, ForeignKeyGen, SequenceGen
from factory.spec.models import Column, Table

CAT = "diversity"
MIN_ROWS = 20


def check_diversity(ctx: CheckContext) -> None:
    """Run every diversity check on every loaded table."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name):
            ctx.add(CAT, f"assessable.{t.name}", "expect_table_to_be_loaded", False, table=t.name,
                    message=f"cannot assess the diversity of {t.name}: it was not loaded")
            continue
        present = [c for c in t.columns if ctx.has(t.name, c.name)]
        with ctx.guard(CAT, f"varies.{t.name}", "expect_column_to_vary", table=t.name):
            stats = _column_stats(ctx, t, present)
            for c in present:
                _column(ctx, t, c, *stats[c.name])
        with ctx.guard(CAT, f"duplicate_rows.{t.name}", "expect_no_unrecorded_duplicate_rows", table=t.name):
            _duplicates(ctx, t)


def _column_stats(ctx: CheckContext, t: Table, cols: list[Column]) -> dict[str, tuple[int, int]]:
    """(distinct, non-null) of every column on its clean rows, in one scan."""
    flags: dict[str, str] = {}  # one flag per distinct fault filter (most columns share the row-level one)
    parts = []
    for c in cols:
        flag = flags.setdefault(ctx.clean(t, c.name), f"__ok{len(flags)}")
        parts.append(f"count(DISTINCT {q(c.name)}) FILTER (WHERE {flag}), count({q(c.name)}) FILTER (WHERE {flag})")
    flagged = ", ".join(f"{pred} AS {name}" for pred, name in flags.items())
    row = ctx.con.execute(f"SELECT {', '.join(parts)} FROM (SELECT *, {flagged} FROM {q(t.name)}) AS s").fetchone()
    return {c.name: (int(row[2 * i]), int(row[2 * i + 1])) for i, c in enumerate(cols)}


def _column(ctx: CheckContext, t: Table, c: Column, distinct: int, nonnull: int) -> None:
    g, col, n = comparable(c), q(c.name), ctx.rows(t.name)
    clean = ctx.clean(t, c.name)
    can_vary = not (
        (isinstance(g, ChoiceGen) and len({str(v) for v in g.values}) < 2)
        or (isinstance(g, DistributionGen) and g.min is not None and g.min == g.max)
        or g is None or g.kind in ("expression", "lookup", "null", "aggregate", "row_number")
    )
    if n >= MIN_ROWS and (can_vary or nonnull == 0):
        ok = distinct >= 2 if can_vary else nonnull > 0
        ctx.add(CAT, f"varies.{t.name}.{c.name}", "expect_column_to_vary", ok, table=t.name, column=c.name,
                observed={"distinct": distinct, "non_null": nonnull},
                message="" if ok else ("the column is entirely NULL" if not nonnull else "the column is constant"))
    cid = f"cardinality.{t.name}.{c.name}"
    if isinstance(g, ChoiceGen) and not g.cycle and nonnull:
        weights = g.weights or [1.0] * len(g.values)
        total = sum(weights)
        likely = {as_text(v) for v, w in zip(g.values, weights, strict=False) if nonnull * w / total >= 10}
        seen = {str(r[0]) for r in ctx.con.execute(
            f"SELECT DISTINCT CAST({col} AS VARCHAR) FROM {q(t.name)} WHERE {col} IS NOT NULL AND {clean}").fetchall()}
        missing = sorted(likely - seen)
        ctx.add(CAT, cid, "expect_column_to_show_every_likely_category", not missing, table=t.name, column=c.name,
                examples=missing, observed=len(seen), message=f"never appears: {missing}" if missing else "")
    elif isinstance(g, FakerGen) and nonnull:
        if g.unique:
            ok, want = distinct == nonnull, f"{nonnull} distinct values (unique)"
        else:
            ok, want = distinct <= g.pool_size, f"at most {g.pool_size} distinct values (pool size)"
        ctx.add(CAT, cid, "expect_column_unique_value_count_to_match_generator", ok, table=t.name, column=c.name,
                observed=distinct, message="" if ok else f"{distinct} distinct values, expected {want}")
    elif isinstance(g, SequenceGen) and c.name not in key_columns(t) and nonnull:
        ok = distinct == nonnull
        ctx.add(CAT, cid, "expect_column_values_to_be_unique", ok, table=t.name, column=c.name, observed=distinct,
                unexpected_count=nonnull - distinct, total=n, message="" if ok else "sequence values repeat")
    elif isinstance(g, ForeignKeyGen) and g.skew == 0 and not g.unique and nonnull:
        rel = ctx.schema.parent_of(t.name, c.name)
        parents = ctx.rows(rel.parent_table_name) if rel else 0
        if parents and nonnull >= 3 * parents:
            ok = distinct >= 0.8 * parents
            ctx.add(CAT, cid, "expect_foreign_key_to_use_most_parents", ok, table=t.name, column=c.name,
                    observed={"parents_used": distinct, "parents": parents},
                    message="" if ok else f"only {distinct} of {parents} parents are referenced (uniform draw)")


def _duplicates(ctx: CheckContext, t: Table) -> None:
    cols = ", ".join(q(c) for c in ctx.data.tables[t.name].column_names)
    pk = key_text(key_columns(t)) if all(ctx.has(t.name, k) for k in key_columns(t)) else None
    key = pk or "NULL"
    # whole-row duplicates share their key: only rows with a repeated key need the all-column grouping
    source = q(t.name) if pk is None else (
        f"(SELECT * FROM {q(t.name)} WHERE {pk} IN (SELECT {pk} FROM {q(t.name)} GROUP BY 1 HAVING count(*) > 1))")
    groups = f"SELECT {key} AS k, count(*) - 1 AS extra FROM {source} GROUP BY {cols} HAVING count(*) > 1"
    recorded = ctx.data.fault_keys(t.name, "")
    rows = ctx.con.execute(f"SELECT k, extra FROM ({groups})").fetchall()
    unrecorded = [r for r in rows if r[0] not in recorded]
    count = sum(r[1] for r in unrecorded)
    total_dup = sum(r[1] for r in rows)
    ok = count == 0
    ctx.add(CAT, f"duplicate_rows.{t.name}", "expect_no_unrecorded_duplicate_rows", ok, table=t.name,
            column=key_label(t) if pk else "", unexpected_count=count, total=ctx.rows(t.name),
            examples=[r[0] for r in unrecorded], observed={"duplicate_rows": total_dup, "recorded": len(recorded)},
            message="" if ok else f"{count} duplicate row(s) not recorded in messiness.json")
