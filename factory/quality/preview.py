"""Phase 3 preview checks: FK integrity, types, PK uniqueness and a realism smoke check, scored 0-10.

Fast (DuckDB only, no GX or SDV): the approver sees the result next to the ~30-row preview tables.
"""

from __future__ import annotations

from pathlib import Path

from factory.answers.compute import write_atomic
from factory.answers.tables import load_run, read_challenge
from factory.quality.context import CheckContext, as_text, q
from factory.quality.models import PreviewReport, category_score
from factory.quality.structure import check_columns, check_files, check_foreign_keys, check_types
from factory.spec.generators import ChoiceGen, DateGen, DistributionGen
from factory.spec.models import Column, Table

CAT = "schema_conformance"
REALISM = "distributions"
PASS_SCORE = 9.0


def preview_checks(run_dir: str | Path) -> PreviewReport:
    """Check run_dir/preview/datasets against the spec; write preview/preview_checks.json."""
    root = Path(run_dir)
    preview_dir = root / "preview"
    spec_path = preview_dir / "challenge.json"
    challenge = read_challenge(preview_dir if spec_path.is_file() else root)
    data = load_run(root, datasets="preview/datasets", challenge=challenge)
    ctx = CheckContext(data=data, con=data.connection(with_fault_keys=True))
    try:
        check_files(ctx)
        check_columns(ctx)
        check_types(ctx)
        for t in ctx.schema.tables:
            if ctx.has(t.name, t.primary_key):
                _keys(ctx, t)
        check_foreign_keys(ctx, cardinality=False)
        for t in ctx.schema.tables:
            for c in t.columns:
                if ctx.has(t.name, c.name):
                    with ctx.guard(REALISM, f"smoke.{t.name}.{c.name}", "expect_preview_values_to_be_plausible",
                                   table=t.name, column=c.name, severity="minor"):
                        _smoke(ctx, t, c)
    finally:
        ctx.con.close()
    score = category_score(ctx.checks)
    blocking = any(c.severity == "critical" and not c.success for c in ctx.checks)
    report = PreviewReport(challenge_id=challenge.id, score=score, passed=score >= PASS_SCORE and not blocking,
                           checks=ctx.checks)
    write_atomic(preview_dir / "preview_checks.json", report.model_dump_json(indent=2))
    return report


def _keys(ctx: CheckContext, t: Table) -> None:
    pk = q(t.primary_key)
    dup = ctx.con.execute(f"SELECT {pk} FROM {q(t.name)} WHERE {pk} IS NOT NULL GROUP BY 1 HAVING count(*) > 1").fetchall()
    nulls = ctx.scalar(f"SELECT count(*) FROM {q(t.name)} WHERE {pk} IS NULL")
    ok = not dup and not nulls
    ctx.add(CAT, f"pk_unique.{t.name}.{t.primary_key}", "expect_primary_key_to_be_unique_and_not_null", ok,
            table=t.name, column=t.primary_key, severity="critical", unexpected_count=len(dup) + nulls,
            total=ctx.rows(t.name), examples=[r[0] for r in dup],
            message="" if ok else f"{len(dup)} repeated key(s), {nulls} NULL key(s)")


def _smoke(ctx: CheckContext, t: Table, c: Column) -> None:
    """Values look like the generator's: not all NULL, inside bounds/value sets/windows."""
    g, col, tbl = c.generator, q(c.name), q(t.name)
    cond = None
    if isinstance(g, DistributionGen) and (g.min is not None or g.max is not None):
        factor = max([i.effect.factor for i in ctx.schema.insights if i.effect.kind == "scale"
                      and i.effect.table == t.name and i.effect.column == c.name] + [1.0])
        lo = -1e300 if g.min is None else min(g.min, g.min * factor) - 1
        hi = 1e300 if g.max is None else max(g.max, g.max * factor) + 1
        cond = f"{col} < {lo} OR {col} > {hi}"
    elif isinstance(g, ChoiceGen) and c.type != "boolean":
        allowed = ", ".join("'" + as_text(v).replace("'", "''") + "'" for v in g.values)
        cond = f"CAST({col} AS VARCHAR) NOT IN ({allowed})"
    elif isinstance(g, DateGen) and g.after is None:
        w = ctx.schema.window
        lo, hi = g.start or w.start, g.end or w.end
        cond = f"CAST({col} AS DATE) < DATE '{lo}' OR CAST({col} AS DATE) > DATE '{hi}'"
    nonnull = ctx.scalar(f"SELECT count({col}) FROM {tbl}")
    bad = ctx.column_values(f"SELECT {col} FROM {tbl} WHERE {cond}") if cond else []
    count = ctx.scalar(f"SELECT count(*) FROM {tbl} WHERE {cond}") if cond else 0
    ok = (nonnull > 0 or c.nullable) and not count
    ctx.add(REALISM, f"smoke.{t.name}.{c.name}", "expect_preview_values_to_be_plausible", ok, table=t.name,
            column=c.name, severity="minor", unexpected_count=count, total=ctx.rows(t.name), examples=bad,
            message="" if ok else ("all values are NULL" if not nonnull else f"{count} value(s) outside the generator's range"))
