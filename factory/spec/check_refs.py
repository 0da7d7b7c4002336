"""Checks of the references a column makes: `when`, after/before, match, min/max_column, partition_by,
gender_column, weight_column, aggregates, ramps. Each names the JSON path and says why in words."""

from __future__ import annotations

from factory.errors import Problem
from factory.spec.generators import (
    AggregateGen,
    DateGen,
    DistributionGen,
    ForeignKeyGen,
    PersonNameGen,
    RowNumberGen,
)
from factory.spec.models import Schema, Table
from factory.spec.refs import RefError, SqlParseError, find_column, predicate_refs, resolve

NUMERIC = frozenset({"integer", "decimal", "year", "id"})
TEMPORAL = frozenset({"date", "timestamp"})


def check_references(schema: Schema) -> list[Problem]:
    """Every reference of every column, branch and effect resolves as the language requires."""
    out: list[Problem] = []
    for ti, t in enumerate(schema.tables):
        for ci, c in enumerate(t.columns):
            cp = f"$.schema.tables[{ti}].columns[{ci}]"
            for bi, b in enumerate(c.when):
                out += _predicate(schema, t, ci, b.if_, f"{cp}.when[{bi}].if")
            gens = [(f"{cp}.when[{bi}].generator", b.generator) for bi, b in enumerate(c.when)]
            for gp, g in gens + [(f"{cp}.generator", c.generator)]:
                out += _generator_refs(schema, t, ci, g, gp)
    for ii, ins in enumerate(schema.insights):
        ramp = getattr(ins.effect, "ramp", None)
        t = schema.table(ins.effect.table)
        if ramp is None or t is None or t.column(ins.effect.column) is None:
            continue
        rp = f"$.schema.insights[{ii}].effect.ramp"
        ci = t.columns.index(t.column(ins.effect.column))
        out += _ref(schema, t, ci, ramp.column, f"{rp}.column", TEMPORAL)
        if ramp.start > ramp.end:
            out.append(Problem(rp, "start is after end"))
    return out


def _ref(schema: Schema, t: Table, ci: int, ref: str, path: str, types: frozenset[str] | None = None) -> list[Problem]:
    try:
        r = resolve(schema, t, ref, before=ci)
    except RefError as exc:
        return [Problem(path, str(exc))]
    if types is not None and r.column.type not in types:
        want = " or ".join(sorted(types))
        return [Problem(path, f"'{ref}' is a {r.column.type} column; this needs a {want} column")]
    return []


def _predicate(schema: Schema, t: Table, ci: int, sql: str, path: str) -> list[Problem]:
    try:
        refs = predicate_refs(sql)
    except SqlParseError:
        return []  # check_sql runs it through DuckDB, which reports the error
    return [p for ref in refs if ref != "__rand" for p in _ref(schema, t, ci, ref, path)]


def _generator_refs(schema: Schema, t: Table, ci: int, g: object, gp: str) -> list[Problem]:
    out: list[Problem] = []
    if isinstance(g, DateGen):
        for key, refs in (("after", g.after_refs()), ("before", g.before_refs())):
            for ref in refs:
                out += _ref(schema, t, ci, ref, f"{gp}.{key}", TEMPORAL)
        if g.before_lag and not g.before:
            out.append(Problem(f"{gp}.before_lag", "before_lag needs `before`"))
    elif isinstance(g, DistributionGen):
        for key in ("min_column", "max_column"):
            if getattr(g, key):
                out += _ref(schema, t, ci, getattr(g, key), f"{gp}.{key}", NUMERIC)
    elif isinstance(g, ForeignKeyGen):
        out += _foreign_key_refs(schema, t, ci, g, gp)
    elif isinstance(g, PersonNameGen) and g.gender_column:
        out += _ref(schema, t, ci, g.gender_column, f"{gp}.gender_column")
    elif isinstance(g, RowNumberGen):
        for name in g.partition_by:
            if "." in name:
                out.append(Problem(f"{gp}.partition_by", f"'{name}': partition_by names columns of the same row"))
            else:
                out += _ref(schema, t, ci, name, f"{gp}.partition_by")
    elif isinstance(g, AggregateGen):
        out += _aggregate_refs(schema, t, g, gp)
    return out


def _foreign_key_refs(schema: Schema, t: Table, ci: int, g: ForeignKeyGen, gp: str) -> list[Problem]:
    rel = schema.parent_of(t.name, t.columns[ci].name)
    parent = schema.table(rel.parent_table_name) if rel is not None else None
    if parent is None:
        return []
    out: list[Problem] = []
    if g.weight_column:
        wc = find_column(parent, g.weight_column)
        if wc is None:
            out.append(Problem(f"{gp}.weight_column", f"'{g.weight_column}' is not a column of {parent.name}"))
        elif wc.type not in NUMERIC:
            out.append(Problem(f"{gp}.weight_column", f"'{g.weight_column}' is a {wc.type} column; weights need numbers"))
    if g.match is not None:
        out += _ref(schema, t, ci, g.match.column, f"{gp}.match.column")
        if find_column(parent, g.match.parent_column) is None:
            out.append(Problem(f"{gp}.match.parent_column", f"'{g.match.parent_column}' is not a column of {parent.name}"))
    return out


def _aggregate_refs(schema: Schema, t: Table, g: AggregateGen, gp: str) -> list[Problem]:
    child = schema.table(g.child)
    if child is None:
        return [Problem(f"{gp}.child", f"unknown table '{g.child}'")]
    if child_fk(schema, child.name, t.name) is None:
        return [Problem(f"{gp}.child", f"{child.name} has no foreign key to {t.name}, so its rows cannot be counted per {t.name} row")]
    out: list[Problem] = []
    if g.fn == "count" and g.column:
        out.append(Problem(f"{gp}.column", "a count takes no column (it counts the child rows)"))
    if g.fn != "count":
        col = find_column(child, g.column) if g.column else None
        if col is None:
            out.append(Problem(f"{gp}.column", f"a {g.fn} needs a column of {child.name}" +
                               (f"; '{g.column}' is not one" if g.column else "")))
        elif g.fn == "sum" and col.type not in NUMERIC:
            out.append(Problem(f"{gp}.column", f"'{g.column}' is a {col.type} column; a sum needs numbers"))
        elif col.type in TEMPORAL and isinstance(g.default, (int, float)):
            out.append(Problem(f"{gp}.default", f"a {g.fn} of dates takes a date or null as its default, not a number"))
    if g.where:
        try:
            refs = predicate_refs(g.where)
        except SqlParseError:
            refs = []  # check_sql runs it through DuckDB, which reports the error
        for ref in refs:
            try:
                resolve(schema, child, ref)
            except RefError as exc:
                out.append(Problem(f"{gp}.where", str(exc)))
    return out


def child_fk(schema: Schema, child: str, parent: str) -> str | None:
    """The first foreign-key column of `child` that points at `parent` (the join of counts and aggregates)."""
    t = schema.table(child)
    cols = [c.name for c in t.columns] if t is not None else []
    rels = [r for r in schema.relationships if r.child_table_name == child and r.parent_table_name == parent]
    rels.sort(key=lambda r: cols.index(r.child_foreign_key) if r.child_foreign_key in cols else len(cols))
    return rels[0].child_foreign_key if rels else None
