"""Static checks of the v2 constructs that need sizes or ranges: grain capacity, grids, count-sized children,
popularity bounds, numeric bounds and cycles of constraints (time order lives in check_time)."""

from __future__ import annotations

import math

from factory.errors import Problem
from factory.spec.check_refs import child_fk
from factory.spec.check_structure import find_cycle
from factory.spec.generators import AggregateGen, DistributionGen, ForeignKeyGen
from factory.spec.models import Schema, Table
from factory.spec.refs import RefError, find_column, predicate_refs, resolve
from factory.spec.sizing import cardinality, estimate_rows, numeric_bounds, size_parents


def check_constructs(schema: Schema, main_rows: int | None = None, max_rows: int | None = None) -> list[Problem]:
    """Problems of grains, grids, per_parent counts, max_share and min/max bounds for a run of `main_rows`."""
    sizes = estimate_rows(schema, main_rows)
    out: list[Problem] = []
    for ti, t in enumerate(schema.tables):
        tp = f"$.schema.tables[{ti}]"
        out += _grain(schema, t, tp, sizes)
        if t.size.kind == "grid":
            out += _grid(schema, t, tp)
        if t.size.kind == "per_parent" and t.size.count_column is not None:
            out += _counts(schema, t, tp, sizes, max_rows)
        for ci, c in enumerate(t.columns):
            gens = [(f"{tp}.columns[{ci}].when[{bi}].generator", b.generator) for bi, b in enumerate(c.when)]
            for gp, g in gens + [(f"{tp}.columns[{ci}].generator", c.generator)]:
                if isinstance(g, ForeignKeyGen) and g.max_share is not None:
                    out += _max_share(schema, t, c.name, g, gp, sizes)
                if isinstance(g, DistributionGen):
                    out += _bounds(schema, t, g, gp)
    return out


def _grain(schema: Schema, t: Table, tp: str, sizes: dict[str, int]) -> list[Problem]:
    grain = t.grain_columns
    rows = sizes.get(t.name)
    if rows is None or t.size.kind in ("grid", "per_parent") or any(t.column(g) is None for g in grain):
        return []
    cards = [cardinality(schema, t, g, sizes) for g in grain]
    if any(n is None for n in cards):
        return []
    capacity = math.prod(cards)
    if rows <= capacity:
        return []
    parts = " x ".join(f"{g} ({n:,})" for g, n in zip(grain, cards, strict=True))
    where = "grain" if t.grain else "primary_key"
    return [Problem(f"{tp}.{where}", f"the grain {parts} has only {capacity:,} distinct combinations, but "
                    f"{t.name} has {rows:,} rows: a grain cannot be denser than the cross product")]


def _grid(schema: Schema, t: Table, tp: str) -> list[Problem]:
    out: list[Problem] = []
    available: dict[str, int] = {}
    for c in t.columns:
        rel = schema.parent_of(t.name, c.name)
        if rel is not None and c.generator.kind == "foreign_key":
            available[rel.parent_table_name] = available.get(rel.parent_table_name, 0) + 1
    for pi, p in enumerate(t.size.parents):
        if schema.table(p) is None:
            out.append(Problem(f"{tp}.size.parents[{pi}]", f"unknown table '{p}'"))
        elif t.size.parents[: pi + 1].count(p) > available.get(p, 0):
            out.append(Problem(f"{tp}.size.parents[{pi}]", f"{t.name} has no foreign-key column for grid parent {p} "
                               "(each grid parent needs its own foreign_key column with a relationship to it)"))
    return out


def _counts(schema: Schema, t: Table, tp: str, sizes: dict[str, int], max_rows: int | None) -> list[Problem]:
    size = t.size
    parent = schema.table(size.parent)
    if parent is None:
        return []
    path = f"{tp}.size.count_column"
    col = find_column(parent, size.count_column)
    if col is None:
        return [Problem(path, f"'{size.count_column}' is not a column of {parent.name}")]
    if col.type not in ("integer", "id"):
        return [Problem(path, f"{parent.name}.{col.name} is a {col.type} column; a count needs whole numbers")]
    fk = child_fk(schema, t.name, parent.name)
    if fk is None:
        return [Problem(f"{tp}.size.parent", f"{t.name} needs a foreign-key column to {parent.name} (its children are counted by it)")]
    out: list[Problem] = []
    lo, hi = numeric_bounds(schema, parent, col.name)
    if lo is not None and lo < 0:
        out.append(Problem(path, f"{parent.name}.{col.name} can be negative ({lo:g}); a number of children cannot"))
    rel = schema.parent_of(t.name, fk)
    if hi is not None and rel is not None and rel.max_children is not None and hi > rel.max_children:
        out.append(Problem(path, f"{parent.name}.{col.name} goes up to {hi:g}, above the relationship's max_children "
                           f"{rel.max_children}: the children would exceed the capacity"))
    rows = sizes.get(t.name)
    if max_rows is not None and rows is not None and rows > max_rows:
        out.append(Problem(path, f"{t.name} may reach {rows:,} rows ({sizes.get(parent.name, 0):,} {parent.name} rows x up to "
                           f"{hi:g} each), over the row budget of {max_rows:,} (FACTORY_MAX_ROWS)"))
    return out


def _max_share(schema: Schema, t: Table, column: str, g: ForeignKeyGen, gp: str, sizes: dict[str, int]) -> list[Problem]:
    rel = schema.parent_of(t.name, column)
    parents = sizes.get(rel.parent_table_name) if rel is not None else None
    if parents is None or g.max_share is None or parents * g.max_share >= 1:
        return []
    return [Problem(f"{gp}.max_share", f"max_share {g.max_share:g} x {parents:,} {rel.parent_table_name} rows covers only "
                    f"{parents * g.max_share:.0%} of the rows: raise max_share to at least {1 / parents:.4g}")]


def _bounds(schema: Schema, t: Table, g: DistributionGen, gp: str) -> list[Problem]:
    out: list[Problem] = []
    for key, side, own, cmp in (("max_column", 1, g.min, "below"), ("min_column", 0, g.max, "above")):
        ref = getattr(g, key)
        if not ref or own is None:
            continue
        try:
            r = resolve(schema, t, ref)
        except RefError:
            continue  # reported by check_references
        target = schema.table(r.target)
        bound = numeric_bounds(schema, target, r.column.name)[side] if target is not None else None
        if bound is not None and ((side == 1 and bound < own) or (side == 0 and bound > own)):
            which = "min" if side == 1 else "max"
            out.append(Problem(f"{gp}.{key}", f"'{ref}' is never {cmp} {bound:g}, so no value can respect both it and "
                               f"{which} {own:g}"))
    return out


def dependency_edges(schema: Schema) -> dict[str, set[str]]:
    """Column-level dependencies: 'table.column' (and 'table (rows)') -> what must exist before it."""
    edges: dict[str, set[str]] = {}

    def add(a: str, b: str) -> None:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set())

    for t in schema.tables:
        rows = f"{t.name} (rows)"
        count = t.size.count_column if t.size.kind == "per_parent" else None
        for p in size_parents(t):
            add(rows, f"{p}.{count}" if count else f"{p} (rows)")
        for c in t.columns:
            node = f"{t.name}.{c.name}"
            add(node, rows)
            for target in _column_targets(schema, t, c.name):
                if target != node:
                    add(node, target)
    return edges


def _column_targets(schema: Schema, t: Table, column: str) -> set[str]:
    c = t.column(column)
    refs: list[str] = []
    out: set[str] = set()
    for b in c.when:
        refs += _safe_refs(b.if_)
    for g in c.generators():
        d = g.model_dump()
        for key in ("after", "before"):
            refs += [d[key]] if isinstance(d.get(key), str) else list(d.get(key) or [])
        refs += [d[k] for k in ("min_column", "max_column", "gender_column") if d.get(k)]
        refs += list(d.get("partition_by") or [])
        if d.get("match"):
            refs.append(d["match"]["column"])
        if g.kind == "lookup":
            refs.append(f"{g.via}.{g.column}")
        if g.kind == "foreign_key" and (rel := schema.parent_of(t.name, c.name)) is not None:
            out.add(f"{rel.parent_table_name}.{rel.parent_primary_key}")
        if isinstance(g, AggregateGen) and (child := schema.table(g.child)) is not None:
            out |= {f"{child.name}.{x.name}" for x in child.columns} | {f"{child.name} (rows)"}
    for ref in refs:
        try:
            r = resolve(schema, t, ref)
        except RefError:
            continue
        cur = t.name
        for h in r.hops:
            out.add(f"{cur}.{h.fk}")
            cur = h.parent
        out.add(f"{r.target}.{r.column.name}")
    return out


def _safe_refs(sql: str) -> list[str]:
    try:
        return [r for r in predicate_refs(sql) if r != "__rand"]
    except RefError:
        return []


def check_cycles(schema: Schema) -> list[Problem]:
    """A cycle of constraints across tables (counts, aggregates, references) cannot be generated."""
    cycle = find_cycle(dependency_edges(schema))
    if not cycle:
        return []
    return [Problem("$.schema.tables", "cycle of constraints: " + " -> ".join(cycle) +
                    " (each needs the next to be generated first)")]
