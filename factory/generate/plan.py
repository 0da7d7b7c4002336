"""The generation plan: table order, row counts and the input checks that run before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from factory.errors import GenerationError
from factory.spec.generators import ForeignKeyGen, LookupGen
from factory.spec.models import Challenge, Relationship, Schema, Table


@dataclass
class Plan:
    """Which tables to generate, in which order, with how many rows, and which parent columns to keep."""

    challenge: Challenge
    seed: int
    rows: dict[str, int]
    order: list[str]
    #: parent table -> columns children read (keys, lookups, weights); kept in memory while generating
    retained: dict[str, set[str]] = field(default_factory=dict)
    preview: bool = False

    @property
    def schema(self) -> Schema:
        """The challenge schema."""
        return self.challenge.schema_


def table_order(schema: Schema) -> list[str]:
    """Tables in foreign-key order (parents first), otherwise in declared order."""
    deps: dict[str, set[str]] = {t.name: set() for t in schema.tables}
    for r in schema.relationships:
        if r.child_table_name != r.parent_table_name:
            deps[r.child_table_name].add(r.parent_table_name)
    for t in schema.tables:
        if t.size.kind == "per_parent":
            deps[t.name].add(t.size.parent)
    order: list[str] = []
    pending = [t.name for t in schema.tables]
    while pending:
        ready = next((n for n in pending if deps[n] <= set(order)), None)
        if ready is None:
            raise GenerationError("foreign-key cycle between tables: " + ", ".join(pending))
        order.append(ready)
        pending.remove(ready)
    return order


def table_rows(schema: Schema, main_rows: int, *, preview_rows: int | None = None) -> dict[str, int]:
    """Row count of every table for a run of `main_rows` (preview: about `preview_rows` a table)."""
    out: dict[str, int] = {}
    days = (schema.window.end - schema.window.start).days + 1
    for name in table_order(schema):
        t = schema.table(name)
        assert t is not None
        s = t.size
        if s.kind == "fixed":
            n = s.rows
        elif s.kind == "main":
            n = main_rows
        elif s.kind == "ratio":
            n = max(s.min_rows, round(s.ratio * main_rows))
            n = min(n, s.max_rows) if s.max_rows else n
        elif s.kind == "per_parent":
            parent_rows = out[s.parent]
            n = round(s.fraction * parent_rows)
            if preview_rows is not None:
                n = max(n, min(parent_rows, 5))
        else:
            n = days
        if preview_rows is not None and s.kind != "calendar":
            n = min(n, preview_rows)
        out[name] = n
    return out


def make_plan(challenge: Challenge, rows: int | None, *, seed: int | None, max_rows: int,
              preview_rows: int | None = None, strict: bool = True) -> Plan:
    """Check the run's inputs and size every table; raise GenerationError naming the table/column at fault."""
    schema = challenge.schema_
    main = schema.main_table
    n = schema.default_rows if rows is None else rows
    if n <= 0:
        raise GenerationError(f"rows must be at least 1 (got {n})", table=main)
    if n > max_rows:
        raise GenerationError(f"rows {n:,} is above the configured maximum {max_rows:,}", table=main,
                              hint="raise FACTORY_MAX_ROWS or ask for fewer rows")
    sizes = table_rows(schema, preview_rows if preview_rows is not None else n, preview_rows=preview_rows)
    plan = Plan(challenge=challenge, seed=challenge.seed if seed is None else seed, rows=sizes,
                order=table_order(schema), preview=preview_rows is not None)
    for r in schema.relationships:
        _check_relationship(schema, r, sizes, strict=strict and preview_rows is None)
    plan.retained = retained_columns(schema)
    return plan


def _check_relationship(schema: Schema, r: Relationship, sizes: dict[str, int], *, strict: bool) -> None:
    child, col = r.child_table_name, r.child_foreign_key
    parents, children = sizes[r.parent_table_name], sizes[child]
    if children == 0:
        return
    if parents == 0:
        raise GenerationError(f"references {r.parent_table_name}, which has no rows", table=child, column=col)
    t = schema.table(child)
    gen = t.column(col).generator if t is not None and t.column(col) is not None else None
    if isinstance(gen, ForeignKeyGen) and (gen.unique or _per_parent_of(t, r.parent_table_name)):
        if children > parents:
            raise GenerationError(
                f"a unique foreign key needs a distinct parent per row: {children:,} rows but "
                f"{r.parent_table_name} has only {parents:,}", table=child, column=col)
    if r.max_children is not None and children > parents * r.max_children:
        raise GenerationError(f"{children:,} rows cannot fit {parents:,} parents with at most "
                              f"{r.max_children} children each", table=child, column=col)
    if strict and r.min_children and children < parents * r.min_children:
        raise GenerationError(f"{children:,} rows cannot give {parents:,} parents at least "
                              f"{r.min_children} children each", table=child, column=col)


def _per_parent_of(t: Table | None, parent: str) -> bool:
    return t is not None and t.size.kind == "per_parent" and t.size.parent == parent


def is_unique_fk(schema: Schema, table: Table, column: str) -> bool:
    """True when table.column must point at distinct parents (unique=True or the per_parent relationship)."""
    gen = table.column(column).generator
    rel = schema.parent_of(table.name, column)
    return isinstance(gen, ForeignKeyGen) and (gen.unique or (rel is not None and _per_parent_of(table, rel.parent_table_name)))


def retained_columns(schema: Schema) -> dict[str, set[str]]:
    """Parent table -> the columns its children read (primary key, lookup targets, popularity weights)."""
    out: dict[str, set[str]] = {}
    for r in schema.relationships:
        out.setdefault(r.parent_table_name, set()).add(r.parent_primary_key)
        child = schema.table(r.child_table_name)
        fk_col = child.column(r.child_foreign_key) if child else None
        if fk_col is not None and isinstance(fk_col.generator, ForeignKeyGen) and fk_col.generator.weight_column:
            out[r.parent_table_name].add(fk_col.generator.weight_column)
    for t in schema.tables:
        for c in t.columns:
            if isinstance(c.generator, LookupGen):
                rel = schema.parent_of(t.name, c.generator.via)
                if rel is not None:
                    out.setdefault(rel.parent_table_name, {rel.parent_primary_key}).add(c.generator.column)
    return out
