"""The naive baseline the benchmark compares against: Python per value, Faker per row, DataFrame.to_csv.

It follows the same spec (sizes, keys, choices, distributions, dates, foreign keys, lookups); expressions are
evaluated once per table in DuckDB (kinder to the baseline than per row) and planted effects are skipped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from faker import Faker

from factory.generate.columns import day_weights
from factory.generate.plan import table_order, table_rows
from factory.spec.generators import (
    CalendarGen,
    ChoiceGen,
    DateGen,
    DistributionGen,
    ExpressionGen,
    FakerGen,
    ForeignKeyGen,
    LookupGen,
    SequenceGen,
)
from factory.spec.models import Challenge

NUMPY_NAMES = {"normal": ("mean", "sd"), "lognormal": ("mean", "sigma")}


def naive_generate(ch: Challenge, rows: int, out: Path) -> dict[str, int]:
    """Generate every table row by row and write it with DataFrame.to_csv; returns rows per table."""
    schema = ch.schema_
    sizes = table_rows(schema, rows)
    rnd, nrng = random.Random(ch.seed), np.random.default_rng(ch.seed)
    fakers: dict[str, Faker] = {}
    frames: dict[str, pd.DataFrame] = {}
    for name in table_order(schema):
        t = schema.table(name)
        n = sizes[name]
        records: list[dict[str, Any]] = []
        pickers = {c.name: _picker(schema, t, c, frames, rnd) for c in t.columns}
        for i in range(n):
            row: dict[str, Any] = {}
            for c in t.columns:
                row[c.name] = _value(c, i, row, pickers[c.name], schema, fakers, rnd, nrng, frames, t.name)
            records.append(row)
        df = pd.DataFrame.from_records(records, columns=[c.name for c in t.columns])
        exprs = [c for c in t.columns if isinstance(c.generator, ExpressionGen)]
        if exprs:
            con = duckdb.connect()
            for c in exprs:
                con.register("t", df)
                df[c.name] = con.execute(f"SELECT {c.generator.sql} FROM t").df().iloc[:, 0].to_numpy()
                if c.type == "date":
                    df[c.name] = pd.to_datetime(df[c.name]).dt.date
                con.unregister("t")
            con.close()
        frames[name] = df
        out.mkdir(parents=True, exist_ok=True)
        df.to_csv(out / f"{name}.csv", index=False)
    return {k: len(v) for k, v in frames.items()}


def _picker(schema, t, c, frames, rnd) -> Any:
    g = c.generator
    if isinstance(g, ForeignKeyGen):
        rel = schema.parent_of(t.name, c.name)
        keys = frames[rel.parent_table_name][rel.parent_primary_key].tolist()
        if g.unique or t.size.kind == "per_parent":
            return iter(rnd.sample(keys, min(len(keys), 10**9)))
        ranks = list(range(len(keys)))
        rnd.shuffle(ranks)
        weights = [1 / (r + 1) ** g.skew for r in range(len(keys))]
        cum = list(np.cumsum(weights))
        return ([keys[r] for r in ranks], cum)
    if isinstance(g, LookupGen):
        rel = schema.parent_of(t.name, g.via)
        parent = frames[rel.parent_table_name]
        return dict(zip(parent[rel.parent_primary_key].tolist(), parent[g.column].tolist(), strict=True))
    if isinstance(g, DateGen) and not g.after:
        first = g.start or schema.window.start
        last = g.end or schema.window.end
        if schema.parent_of(t.name, c.name) is not None:
            first, last = max(first, schema.window.start), min(last, schema.window.end)
        base = dt.date(1970, 1, 1)
        w = day_weights(g, (first - base).days, (last - base).days)
        return (first, list(np.cumsum(w)))
    if isinstance(g, ChoiceGen) and g.weights:
        return list(np.cumsum(g.weights))
    return None


def _value(c, i, row, picker, schema, fakers, rnd, nrng, frames, table) -> Any:
    g = c.generator
    if isinstance(g, SequenceGen):
        n = g.start + i * g.step
        return f"{g.prefix}{n:0{g.width}d}" if g.prefix is not None else n
    if isinstance(g, CalendarGen):
        return schema.window.start + dt.timedelta(days=i)
    if isinstance(g, FakerGen):
        locale = g.locale or schema.locale
        fake = fakers.setdefault(locale, Faker(locale))
        return getattr(fake, g.provider)()
    if isinstance(g, ChoiceGen):
        if g.cycle:
            return g.values[i % len(g.values)]
        if picker is None:
            return rnd.choice(g.values)
        return g.values[min(bisect.bisect_right(picker, rnd.random() * picker[-1]), len(g.values) - 1)]
    if isinstance(g, DistributionGen):
        p = dict(g.params)
        if g.dist in NUMPY_NAMES:
            a, b = NUMPY_NAMES[g.dist]
            x = getattr(nrng, g.dist)(p[a], p[b])
        elif g.dist == "pareto":
            x = (nrng.pareto(p["a"]) + 1) * p["scale"]
        else:
            x = getattr(nrng, g.dist)(**p) if g.dist != "binomial" else nrng.binomial(int(p["n"]), p["p"])
        x = min(max(x, g.min if g.min is not None else x), g.max if g.max is not None else x)
        return int(round(x)) if c.type in ("integer", "id") else (round(float(x), g.round) if g.round is not None else float(x))
    if isinstance(g, DateGen):
        if g.after:
            base = row.get(g.after) or schema.window.start
            lag = rnd.uniform(g.lag_min, g.lag_max)
            return base + (dt.timedelta(days=int(lag)) if c.type == "date" else dt.timedelta(minutes=lag))
        first, cum = picker
        d = first + dt.timedelta(days=bisect.bisect_right(cum, rnd.random() * cum[-1]))
        if c.type == "timestamp":
            return dt.datetime.combine(d, dt.time(rnd.randrange(24), rnd.randrange(60), rnd.randrange(60)))
        return d
    if isinstance(g, ForeignKeyGen):
        if not isinstance(picker, tuple):
            return next(picker)
        keys, cum = picker
        return keys[min(bisect.bisect_right(cum, rnd.random() * cum[-1]), len(keys) - 1)]
    if isinstance(g, LookupGen):
        return picker.get(row.get(g.via))
    return None  # expressions: evaluated per table afterwards
