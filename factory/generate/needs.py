"""Which parent columns children read (kept in memory while generating): keys, lookups, popularity weights,
match attributes, count columns and every parent column a reference `fk.col` (or a chain) reaches."""

from __future__ import annotations

from collections.abc import Iterator

from factory.generate.refs import prepared_sql
from factory.spec.generators import (
    DateGen,
    DistributionGen,
    ExpressionGen,
    ForeignKeyGen,
    LookupGen,
    PersonNameGen,
)
from factory.spec.models import ScaleEffect, Schema, Table
from factory.spec.refs import RefError, predicate_refs, resolve


def retained_columns(schema: Schema) -> dict[str, set[str]]:
    """Parent table -> the columns its children read."""
    out: dict[str, set[str]] = {}

    def keep(table: str, column: str) -> None:
        out.setdefault(table, set()).add(column)

    for r in schema.relationships:
        keep(r.parent_table_name, r.parent_primary_key)
    for t in schema.tables:
        if t.size.kind == "per_parent" and t.size.count_column:
            keep(t.size.parent, t.size.count_column)
        for c in t.columns:
            for g in c.generators():
                rel = schema.parent_of(t.name, g.via if isinstance(g, LookupGen) else c.name)
                if isinstance(g, LookupGen) and rel is not None:
                    keep(rel.parent_table_name, g.column)
                if isinstance(g, ForeignKeyGen) and rel is not None:
                    if g.weight_column:
                        keep(rel.parent_table_name, g.weight_column)
                    if g.match is not None:
                        keep(rel.parent_table_name, g.match.parent_column)
        for ref in table_refs(schema, t):
            _keep_ref(schema, t, ref, keep)
    return out


def _keep_ref(schema: Schema, t: Table, ref: str, keep) -> None:
    try:
        r = resolve(schema, t, ref)
    except RefError:
        return  # reported by check-spec / at generation with the column
    for i, hop in enumerate(r.hops):
        keep(hop.parent, r.hops[i + 1].fk if i + 1 < len(r.hops) else r.column.name)


def table_refs(schema: Schema, t: Table) -> Iterator[str]:
    """Every reference a table's generators, `when` predicates and effects use (local ones included)."""
    for c in t.columns:
        for b in c.when:
            yield from prepared_sql(b.if_)[1]
        for g in c.generators():
            yield from generator_refs(g)
    for i in schema.insights:
        e = i.effect
        if e.table == t.name:
            yield from prepared_sql(e.where)[1]
            if isinstance(e, ScaleEffect) and getattr(e, "ramp", None) is not None:
                yield e.ramp.column
    for other in schema.tables:  # aggregate `where` predicates run over this table's rows
        for c in other.columns:
            g = c.generator
            if getattr(g, "kind", "") == "aggregate" and g.child == t.name and g.where:
                yield from prepared_sql(g.where)[1]


def generator_refs(g: object) -> Iterator[str]:
    """References one generator reads."""
    if isinstance(g, DateGen):
        yield from g.after_refs()
        yield from g.before_refs()
    elif isinstance(g, DistributionGen):
        yield from (r for r in (g.min_column, g.max_column) if r)
    elif isinstance(g, ForeignKeyGen) and g.match is not None:
        yield g.match.column
    elif isinstance(g, PersonNameGen) and g.gender_column:
        yield g.gender_column
    elif isinstance(g, ExpressionGen):
        yield from prepared_sql(g.sql)[1]


def columns_for(schema: Schema, t: Table, wanted: set[str]) -> set[str] | None:
    """The columns of `t` that producing `wanted` needs (them and what they read, transitively); None when a
    dependency cannot be worked out (then every column is generated)."""
    local = {c.name.lower(): c.name for c in t.columns}
    need, todo = set(), [w for w in wanted if t.column(w) is not None]
    while todo:
        name = todo.pop()
        if name in need:
            continue
        need.add(name)
        deps = column_deps(schema, t, t.column(name))
        if deps is None:
            return None
        todo += [local[d.split(".")[0].strip().lower()] for d in deps if d.split(".")[0].strip().lower() in local]
    return need


def column_deps(schema: Schema, t: Table, c) -> list[str] | None:
    """References one column reads: its generators, `when` predicates and the effects planted on it."""
    try:
        out = [r for b in c.when for r in predicate_refs(b.if_)]
        for g in c.generators():
            if isinstance(g, ExpressionGen):
                out += predicate_refs(g.sql)
            elif isinstance(g, LookupGen):
                out.append(g.via)
            elif getattr(g, "kind", "") == "row_number":
                out += list(g.partition_by)
            else:
                out += list(generator_refs(g))
        for i in schema.insights:
            e = i.effect
            if e.table == t.name and e.column == c.name:
                out += predicate_refs(e.where)
                if isinstance(e, ScaleEffect) and e.ramp is not None:
                    out.append(e.ramp.column)
    except RefError:
        return None
    return out


def aggregate_readers(schema: Schema) -> dict[str, set[str]]:
    """Table -> the child tables whose rows make up a parent aggregate column it reads (through a reference or a
    lookup): it is generated after them, when the aggregate is known."""
    out: dict[str, set[str]] = {}
    for t in schema.tables:
        targets = []
        for ref in table_refs(schema, t):
            try:
                r = resolve(schema, t, ref)
            except RefError:
                continue
            if r.hops:
                targets.append(r.column)
        for c in t.columns:
            for g in c.generators():
                rel = schema.parent_of(t.name, g.via) if isinstance(g, LookupGen) else None
                parent = schema.table(rel.parent_table_name) if rel is not None else None
                if parent is not None and parent.column(g.column) is not None:
                    targets.append(parent.column(g.column))
        for col in targets:
            if getattr(col.generator, "kind", "") == "aggregate" and col.generator.child != t.name:
                out.setdefault(t.name, set()).add(col.generator.child)
    return out
