"""The generation plan: table order, row counts and the input checks that run before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from factory.errors import GenerationError
from factory.generate.layout import grid_rows
from factory.settings import get_settings
from factory.spec.generators import ForeignKeyGen
from factory.spec.models import Challenge, Relationship, Schema, Table
from factory.spec.sizing import size_parents

#: most rows of a grid or count-sized table in a preview (below it they are whole, so their checks hold)
PREVIEW_GRID_ROWS = 50_000


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
    _resolved: set[str] = field(default_factory=set)
    #: tables whose row count is only known once a parent is generated (count_column sizes and their children)
    dynamic: set[str] = field(default_factory=set)
    max_rows: int = 0
    preview_rows: int | None = None
    main_rows: int = 0

    def resolve_rows(self, name: str, rows: int | None = None) -> int:
        """Fix a dynamic table's row count once its parent is generated (`rows`: a count table's sum)."""
        if rows is None:
            known = {k: v for k, v in self.rows.items() if k not in self.dynamic or k in self._resolved}
            rows = table_rows(self.schema, self.main_rows, preview_rows=self.preview_rows, known=known)[name]
        if self.preview_rows is not None and rows > PREVIEW_GRID_ROWS:
            rows = PREVIEW_GRID_ROWS  # a preview keeps every child of its parents' counts, unless that is large
        budget = get_settings().max_rows
        if rows > budget:
            raise GenerationError(f"the parent's counts give {rows:,} rows, above the configured maximum {budget:,}",
                                  table=name, hint="lower the count column's distribution or raise FACTORY_MAX_ROWS")
        self.rows[name] = rows
        self._resolved.add(name)
        return rows

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
        deps[t.name].update(size_parents(t))
    from factory.generate.needs import aggregate_readers

    for name, sources in aggregate_readers(schema).items():
        deps[name].update(s for s in sources if s in deps)
    order: list[str] = []
    pending = [t.name for t in schema.tables]
    while pending:
        ready = next((n for n in pending if deps[n] <= set(order)), None)
        if ready is None:
            raise GenerationError("foreign-key cycle between tables: " + ", ".join(pending)
                                  + " (through keys, sizes or aggregates their children read)")
        order.append(ready)
        pending.remove(ready)
    return order


def table_rows(schema: Schema, main_rows: int, *, preview_rows: int | None = None,
               known: dict[str, int] | None = None) -> dict[str, int]:
    """Row count of every table for a run of `main_rows` (preview: about `preview_rows` a table).

    A count-sized table (and any table sized from it) gets its parent's row count as a placeholder until
    `known` gives the real count (see Plan.resolve_rows).
    """
    out: dict[str, int] = {}
    days = (schema.window.end - schema.window.start).days + 1
    for name in table_order(schema):
        if known and name in known:
            out[name] = known[name]
            continue
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
            n = parent_rows if s.count_column else round(s.fraction * parent_rows)
            if preview_rows is not None and not s.count_column:
                n = max(n, min(parent_rows, 5))
        elif s.kind == "grid":
            n = grid_rows([out[p] for p in s.parents], s.density)
        else:
            n = days
        if preview_rows is not None and s.kind not in ("calendar", "grid"):
            n = min(n, preview_rows)
        elif preview_rows is not None and s.kind == "grid" and n > PREVIEW_GRID_ROWS:
            n = PREVIEW_GRID_ROWS  # a whole grid of the preview's parents, unless that is large
        out[name] = n
    return out


def dynamic_tables(schema: Schema) -> set[str]:
    """Tables sized by a parent's count column, and tables sized from those."""
    out: set[str] = set()
    for name in table_order(schema):
        t = schema.table(name)
        if (t.size.kind == "per_parent" and t.size.count_column) or any(p in out for p in size_parents(t)):
            out.add(name)
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
                order=table_order(schema), preview=preview_rows is not None, dynamic=dynamic_tables(schema),
                max_rows=max_rows, preview_rows=preview_rows,
                main_rows=preview_rows if preview_rows is not None else n)
    for r in schema.relationships:
        if r.child_table_name not in plan.dynamic and r.parent_table_name not in plan.dynamic:
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
    """True when t is a fraction of `parent`'s rows (one child per picked parent; not count-sized)."""
    return t is not None and t.size.kind == "per_parent" and t.size.parent == parent and not t.size.count_column


def is_unique_fk(schema: Schema, table: Table, column: str) -> bool:
    """True when table.column must point at distinct parents (unique=True or the per_parent relationship)."""
    gen = table.column(column).generator
    rel = schema.parent_of(table.name, column)
    return isinstance(gen, ForeignKeyGen) and (gen.unique or (rel is not None and _per_parent_of(table, rel.parent_table_name)))


def retained_columns(schema: Schema) -> dict[str, set[str]]:
    """Parent table -> the columns its children read (see factory.generate.needs)."""
    from factory.generate.needs import retained_columns as needed

    return needed(schema)
