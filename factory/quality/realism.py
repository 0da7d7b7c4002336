"""Distributions: every marginal is compared with its generator (KS for numeric draws, chi-square for
weighted choices and date seasonality, top-decile share for skew). Planted insight effects deliberately
distort some columns, so those columns are compared on the rows their effect's `where` does not match;
rows with recorded messiness faults are left out too."""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import stats

from factory.quality.context import CheckContext, as_text, comparable, q
from factory.quality.reference import day_probabilities, reference_sample, zipf_top_share
from factory.spec.generators import ChoiceGen, DateGen, DistributionGen, FakerGen, ForeignKeyGen
from factory.spec.models import Column, Table

CAT = "distributions"
ALPHA = 1e-3  # a generator bug must be both significant and material (distance below) to fail
MAX_TVD = 0.03
MIN_KS = 0.03
REF_ROWS = 20_000
MAX_ROWS = 100_000


def check_distributions(ctx: CheckContext) -> None:
    """Compare every generated marginal with what its generator promises."""
    for t in ctx.schema.tables:
        if not ctx.has(t.name):
            ctx.add(CAT, f"assessable.{t.name}", "expect_table_to_be_loaded", False, table=t.name,
                    message=f"cannot compare the distributions of {t.name}: it was not loaded")
            continue
        for c in t.columns:
            if not ctx.has(t.name, c.name):
                continue
            g = comparable(c)
            args = dict(category=CAT, id_="", expectation="", table=t.name, column=c.name, severity="minor")
            if isinstance(g, DistributionGen):
                with ctx.guard(**{**args, "id_": f"ks.{t.name}.{c.name}", "expectation": "expect_column_ks_to_match_generator"}):
                    _ks(ctx, t, c, g)
            elif isinstance(g, ChoiceGen) and not g.cycle and len(set(map(str, g.values))) > 1:
                with ctx.guard(**{**args, "id_": f"chi2.{t.name}.{c.name}", "expectation": "expect_column_chisquare_to_match_weights"}):
                    _chi2(ctx, t, c, g)
            elif isinstance(g, DateGen) and g.after is None:
                with ctx.guard(**{**args, "id_": f"seasonality.{t.name}.{c.name}", "expectation": "expect_column_seasonality_to_match_generator"}):
                    _seasonality(ctx, t, c, g)
            elif isinstance(g, (ForeignKeyGen, FakerGen)) and g.skew >= 0.3:
                with ctx.guard(**{**args, "id_": f"skew.{t.name}.{c.name}", "expectation": "expect_column_top_decile_share_to_show_skew"}):
                    _skew(ctx, t, c, g)


def _ks(ctx: CheckContext, t: Table, c: Column, g: DistributionGen) -> None:
    x = ctx.con.execute(_select(ctx, t, c)).fetchnumpy()["x"].astype(np.float64)
    if len(x) < 30:
        return
    ref = reference_sample(g, ctx.challenge.seed, REF_ROWS, integer=c.type in ("integer", "id"))
    d, p = stats.ks_2samp(x, ref)
    n, m = len(x), len(ref)
    ok = not (p < ALPHA and d > MIN_KS)
    ctx.add(CAT, f"ks.{t.name}.{c.name}", "expect_column_ks_to_match_generator", ok, table=t.name, column=c.name,
            severity="minor", observed={"ks_statistic": round(float(d), 4), "p_value": float(p), "rows": n},
            examples=[] if ok else [round(float(v), 4) for v in np.quantile(x, [0.1, 0.5, 0.9])],
            message="" if ok else f"{g.dist}{g.params}: KS D={d:.3f} against {m} reference draws (deciles 10/50/90 shown)")


def _chi2(ctx: CheckContext, t: Table, c: Column, g: ChoiceGen) -> None:
    x = ctx.con.execute(_select(ctx, t, c, cast="VARCHAR")).fetchnumpy()["x"]
    weights = g.weights or [1.0] * len(g.values)
    expected: Counter[str] = Counter()
    for v, w in zip(g.values, weights, strict=False):
        expected[as_text(v)] += w
    counts = Counter(str(v) for v in x)
    n = sum(counts[k] for k in expected)
    if n < 30:
        return
    keys = [k for k in expected if expected[k] > 0]
    total_w = sum(expected[k] for k in keys)
    obs = np.array([counts[k] for k in keys], dtype=float)
    exp = np.array([expected[k] / total_w * n for k in keys])
    _, p = stats.chisquare(obs, exp * obs.sum() / exp.sum())
    tvd = 0.5 * float(np.abs(obs / n - exp / n).sum())
    ok = not (p < ALPHA and tvd > MAX_TVD)
    worst = sorted(keys, key=lambda k: -abs(counts[k] / n - expected[k] / total_w))
    ctx.add(CAT, f"chi2.{t.name}.{c.name}", "expect_column_chisquare_to_match_weights", ok, table=t.name,
            column=c.name, severity="minor", observed={"tvd": round(tvd, 4), "p_value": float(p), "rows": n},
            examples=[] if ok else worst[:5],
            message="" if ok else f"category shares differ from the weights by {tvd:.1%} (worst values shown)")


def _seasonality(ctx: CheckContext, t: Table, c: Column, g: DateGen) -> None:
    w = ctx.schema.window
    start, end = g.start or w.start, g.end or w.end
    days, probs = day_probabilities(g, start, end)
    x = ctx.con.execute(_select(ctx, t, c, cast="DATE")).fetchnumpy()["x"]
    x = np.asarray(x, dtype="datetime64[D]")
    x = x[(x >= days[0]) & (x <= days[-1])]
    if len(x) < 100:
        return
    worst = 0.0
    detail: dict[str, float] = {}
    for name, key in (("month", lambda d: d.astype("datetime64[M]")),
                      ("weekday", lambda d: (d.astype(np.int64) + 3) % 7)):
        ek, obs_keys = key(days), key(x)
        labels, inv = np.unique(ek, return_inverse=True)
        exp = np.bincount(inv, weights=probs, minlength=len(labels))
        obs = np.bincount(np.searchsorted(labels, obs_keys), minlength=len(labels)).astype(float)
        tvd = 0.5 * float(np.abs(obs / obs.sum() - exp).sum())
        live = exp > 0  # a zero-weight month/weekday: any row there shows up in the distance
        _, p = stats.chisquare(obs[live], exp[live] * obs[live].sum())
        p = 0.0 if obs[~live].sum() else p
        detail[f"{name}_tvd"], detail[f"{name}_p"] = round(tvd, 4), float(p)
        if p < ALPHA and tvd > MAX_TVD:
            worst = max(worst, tvd)
    ok = worst == 0.0
    ctx.add(CAT, f"seasonality.{t.name}.{c.name}", "expect_column_seasonality_to_match_generator", ok,
            table=t.name, column=c.name, severity="minor", observed={**detail, "rows": int(len(x))},
            message="" if ok else f"monthly/weekday volumes differ from the generator's seasonality and trend by {worst:.1%}")


def _skew(ctx: CheckContext, t: Table, c: Column, g: ForeignKeyGen | FakerGen) -> None:
    counts = ctx.con.execute(
        f"SELECT count(*) AS n FROM {q(t.name)} WHERE {q(c.name)} IS NOT NULL AND {ctx.clean(t, c.name)} "
        f"GROUP BY {q(c.name)} ORDER BY n DESC").fetchnumpy()["n"]
    if isinstance(g, ForeignKeyGen):
        rel = ctx.schema.parent_of(t.name, c.name)
        population = ctx.rows(rel.parent_table_name) if rel else len(counts)
    else:
        population = g.pool_size
    if counts.sum() < 10 * max(population, 1) ** 0.5 or population < 10:
        return
    k = max(1, int(round(0.1 * population)))
    share = float(counts[:k].sum() / counts.sum())
    want = zipf_top_share(population, g.skew)
    floor = 0.1 + 0.5 * (want - 0.1)
    ok = share >= floor
    ctx.add(CAT, f"skew.{t.name}.{c.name}", "expect_column_top_decile_share_to_show_skew", ok, table=t.name,
            column=c.name, severity="minor", observed={"top_decile_share": round(share, 4), "expected": round(want, 4)},
            message="" if ok else f"top 10% of {population} values take {share:.1%} of rows; skew {g.skew} expects about {want:.1%}")


def _select(ctx: CheckContext, t: Table, c: Column, cast: str = "DOUBLE") -> str:
    conds = [ctx.clean(t, c.name), f"{q(c.name)} IS NOT NULL"]
    for ins in ctx.schema.insights:
        if ins.effect.table == t.name and ins.effect.column == c.name:
            conds.append(f"NOT coalesce(({ins.effect.where}), FALSE)")
    sql = f"SELECT CAST({q(c.name)} AS {cast}) AS x FROM {q(t.name)} WHERE {' AND '.join(conds)}"
    if ctx.rows(t.name) > MAX_ROWS:
        sql = f"SELECT * FROM ({sql}) USING SAMPLE reservoir({MAX_ROWS} ROWS) REPEATABLE (7)"
    return sql

