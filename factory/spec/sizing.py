"""Static estimates for check-spec: table row counts (upper bounds), numeric ranges and distinct-value counts."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from factory.spec.generators import ChoiceGen, DistributionGen, LookupGen
from factory.spec.refs import RefError, resolve

if TYPE_CHECKING:
    from factory.spec.models import Schema
    from factory.spec.tables import Table

Bounds = tuple[float | None, float | None]


def size_parents(t: Table) -> list[str]:
    """Tables whose rows this table's size is derived from (per_parent parent, grid parents)."""
    if t.size.kind == "per_parent":
        return [t.size.parent]
    if t.size.kind == "grid":
        return list(t.size.parents)
    return []


def estimate_rows(schema: Schema, main_rows: int | None = None) -> dict[str, int]:
    """Row count of each table for `main_rows` (default: the spec's); count-sized tables get their upper bound.

    Tables whose size cannot be worked out (unknown or cyclic parents) are left out.
    """
    main = schema.default_rows if main_rows is None else main_rows
    days = (schema.window.end - schema.window.start).days + 1
    out: dict[str, int] = {}
    pending = list(schema.tables)
    progress = True
    while pending and progress:
        progress = False
        for t in list(pending):
            if any(p not in out for p in size_parents(t)):
                continue
            out[t.name] = _rows(schema, t, main, days, out)
            pending.remove(t)
            progress = True
    return out


def _rows(schema: Schema, t: Table, main: int, days: int, sizes: dict[str, int]) -> int:
    s = t.size
    if s.kind == "fixed":
        return s.rows
    if s.kind == "main":
        return main
    if s.kind == "ratio":
        n = max(s.min_rows, round(s.ratio * main))
        return min(n, s.max_rows) if s.max_rows else n
    if s.kind == "per_parent":
        parent_rows = sizes[s.parent]
        if s.count_column is None:
            return round(s.fraction * parent_rows)
        parent = schema.table(s.parent)
        hi = numeric_bounds(schema, parent, s.count_column)[1] if parent is not None else None
        return parent_rows * max(0, int(hi)) if hi is not None and math.isfinite(hi) else parent_rows
    if s.kind == "grid":
        return round(math.prod(sizes[p] for p in s.parents) * s.density)
    return days


def numeric_bounds(schema: Schema, table: Table, column: str, _depth: int = 0) -> Bounds:
    """(smallest, largest) value a numeric column can take, None where unbounded or unknown."""
    c = table.column(column)
    if c is None or _depth > 8:
        return None, None
    lo: float | None = None
    hi: float | None = None
    for i, g in enumerate(c.generators()):
        if g.kind == "null":
            continue
        b = _gen_bounds(schema, table, g, _depth)
        lo = b[0] if i == 0 or lo is None or b[0] is None else min(lo, b[0])
        hi = b[1] if i == 0 or hi is None or b[1] is None else max(hi, b[1])
        if b[0] is None:
            lo = None
        if b[1] is None:
            hi = None
    return lo, hi


def _gen_bounds(schema: Schema, table: Table, g: object, depth: int) -> Bounds:
    if isinstance(g, ChoiceGen):
        nums = [float(v) for v in g.values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return (min(nums), max(nums)) if nums else (None, None)
    if isinstance(g, DistributionGen):
        lo, hi = _dist_bounds(g)
        lo = g.min if g.min is not None and (lo is None or g.min > lo) else lo
        hi = g.max if g.max is not None and (hi is None or g.max < hi) else hi
        if g.max_column:
            cap = _ref_bounds(schema, table, g.max_column, depth)[1]
            hi = cap if cap is not None and (hi is None or cap < hi) else hi
        if g.min_column:
            floor = _ref_bounds(schema, table, g.min_column, depth)[0]
            lo = floor if floor is not None and (lo is None or floor > lo) else lo
        return lo, hi
    if isinstance(g, LookupGen):
        return _ref_bounds(schema, table, f"{g.via}.{g.column}", depth)
    return None, None


def _dist_bounds(g: DistributionGen) -> Bounds:
    p = g.params
    if g.dist == "uniform":
        return p.get("low"), p.get("high")
    if g.dist == "binomial":
        return 0.0, p.get("n")
    if g.dist == "triangular":
        return p.get("left"), p.get("right")
    if g.dist in ("poisson", "exponential", "gamma", "lognormal"):
        return 0.0, None
    if g.dist in ("zipf",):
        return 1.0, None
    if g.dist == "pareto":
        return p.get("scale"), None
    return None, None


def _ref_bounds(schema: Schema, table: Table, ref: str, depth: int) -> Bounds:
    try:
        r = resolve(schema, table, ref)
    except RefError:
        return None, None
    target = schema.table(r.target)
    return numeric_bounds(schema, target, r.column.name, depth + 1) if target is not None else (None, None)


def cardinality(schema: Schema, table: Table, column: str, sizes: dict[str, int]) -> int | None:
    """How many distinct values a column can take (None when unbounded or unknown)."""
    c = table.column(column)
    if c is None:
        return None
    g = c.generator
    if c.when:
        return None
    if g.kind == "foreign_key":
        rel = schema.parent_of(table.name, c.name)
        return sizes.get(rel.parent_table_name) if rel is not None else None
    if isinstance(g, ChoiceGen):
        return len(set(map(repr, g.values)))
    if c.type == "boolean":
        return 2
    if g.kind == "calendar" or (g.kind == "date" and c.type == "date"):
        start = getattr(g, "start", None) or schema.window.start
        end = getattr(g, "end", None) or schema.window.end
        return (end - start).days + 1 if g.kind == "calendar" or not getattr(g, "after", None) else None
    if c.type in ("integer", "year"):
        lo, hi = numeric_bounds(schema, table, column)
        return int(math.floor(hi) - math.ceil(lo) + 1) if lo is not None and hi is not None and hi >= lo else None
    if isinstance(g, LookupGen):
        rel = schema.parent_of(table.name, g.via)
        return sizes.get(rel.parent_table_name) if rel is not None else None
    return None
