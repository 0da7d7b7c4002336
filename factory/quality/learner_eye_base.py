"""Shared pieces of the learner-eye checks: schema paths (foreign keys up to grandparents), column-name
heuristics and small SQL helpers. The checks need no declaration: they read names, descriptions and types."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factory.quality.context import CheckContext, key_columns, key_text
from factory.sandbox import quote_ident
from factory.spec.models import Column, Table

qi = quote_ident
DATE_TYPES = ("date", "timestamp")
NUMBER_TYPES = ("integer", "decimal")


@dataclass(frozen=True)
class Hop:
    """One step up a foreign key: `table.fk` -> `parent.pk`."""

    table: str
    fk: str
    parent: Table
    pk: str


def loaded(ctx: CheckContext, t: Table) -> list[Column]:
    """The table's columns that were loaded (hidden columns are never shipped, so never loaded)."""
    return [c for c in t.columns if ctx.has(t.name, c.name)]


def parents(ctx: CheckContext, t: Table) -> list[Hop]:
    """Each loaded foreign key of `t` and the table it points at."""
    out = []
    for r in ctx.schema.relationships:
        parent = ctx.schema.table(r.parent_table_name)
        if (r.child_table_name == t.name and parent is not None and ctx.has(t.name, r.child_foreign_key)
                and ctx.has(parent.name, r.parent_primary_key)):
            out.append(Hop(t.name, r.child_foreign_key, parent, r.parent_primary_key))
    return out


def paths(ctx: CheckContext, t: Table, depth: int = 2) -> list[list[Hop]]:
    """Foreign-key paths from `t` upwards (parents, then grandparents), no table visited twice."""
    out: list[list[Hop]] = []
    frontier: list[list[Hop]] = [[h] for h in parents(ctx, t)]
    for level in range(depth):
        out += frontier
        if level == depth - 1:
            break
        frontier = [[*p, h] for p in frontier for h in parents(ctx, p[-1].parent)
                    if h.parent.name not in {t.name, *(x.parent.name for x in p)}]
    return out


def join_path(path: list[Hop], base: str = "c") -> tuple[str, str]:
    """(JOIN clauses, alias of the last table) walking `path` from the table aliased `base`."""
    joins, alias = [], base
    for i, h in enumerate(path):
        nxt = f"p{i}"
        joins.append(f"JOIN {qi(h.parent.name)} {nxt} ON {alias}.{qi(h.fk)} = {nxt}.{qi(h.pk)}")
        alias = nxt
    return " ".join(joins), alias


def via(path: list[Hop]) -> str:
    """A path in words: customer_id -> dim_customer."""
    return " -> ".join(f"{h.fk} -> {h.parent.name}" for h in path)


def words(c: Column) -> str:
    """A column's name and description, lower case, for the heuristics."""
    return f"{c.name} {c.description}".lower()


def matches(pattern: str, text: str) -> bool:
    """True when the regex finds something in `text` (case-insensitive)."""
    return re.search(pattern, text, re.IGNORECASE) is not None


def fault_free(ctx: CheckContext, t: Table, alias: str) -> str:
    """SQL predicate leaving out rows whose key the messiness answer key lists (planted faults are the
    learner's exercise, not a defect); TRUE when there are none."""
    keys = key_columns(t)
    if not ctx.data.faults or not all(ctx.has(t.name, k) for k in keys):
        return "TRUE"
    return (f"{key_text(keys, alias)} NOT IN "
            f"(SELECT key FROM __fault_keys WHERE tbl = '{t.name.replace(chr(39), chr(39) * 2)}')")


def key_select(ctx: CheckContext, t: Table, alias: str = "c") -> list[str]:
    """SELECT items naming the row by its (loaded) key columns."""
    return [f"{alias}.{qi(k)} AS {qi(k)}" for k in key_columns(t) if ctx.has(t.name, k)]


def pct(share: float) -> str:
    """A share as a percentage for messages."""
    return f"{100 * share:.1f}%" if share >= 0.001 else f"{100 * share:.2f}%"


def count_share(ctx: CheckContext, base_sql: str, bad: str) -> tuple[int, int]:
    """(rows matching `bad`, all rows) of a FROM/JOIN/WHERE fragment, in one scan."""
    row = ctx.con.execute(f"SELECT count(*) FILTER (WHERE {bad}), count(*) {base_sql}").fetchone()
    return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)


__all__ = ["key_columns"]
