"""Column references of spec v2: `col` (an earlier column of the row) or `fk.col` (a parent's column reached
through this row's foreign-key column `fk`; chains `a.b.c` go through several keys).

`resolve` turns a reference into the tables it crosses, or raises RefError with the reason in words;
`predicate_refs` / `flatten_refs` find and rewrite the references inside a SQL predicate (`fk.col` becomes
the single quoted identifier "fk.col", the name under which a row view exposes the parent's value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from factory.spec.tables import Column, Table

if TYPE_CHECKING:
    from factory.spec.models import Schema


class RefError(ValueError):
    """A reference that does not resolve; the message says why in words."""


class SqlParseError(RefError):
    """SQL the reference finder cannot parse (DuckDB itself may still accept it: callers let DuckDB decide)."""


@dataclass(frozen=True)
class Hop:
    """One step through a foreign key: `fk` of the current table joins `parent` on its key `key`."""

    fk: str
    parent: str
    key: str


@dataclass(frozen=True)
class Ref:
    """A resolved reference from `table`: the keys it crosses and the column it lands on."""

    text: str
    table: str
    hops: tuple[Hop, ...]
    target: str
    column: Column

    @property
    def alias(self) -> str:
        """The flat name a row view gives this value (the reference text with canonical column names)."""
        return ".".join([h.fk for h in self.hops] + [self.column.name])

    @property
    def local(self) -> bool:
        """True for a column of the same row (no foreign key crossed)."""
        return not self.hops


def find_column(table: Table, name: str) -> Column | None:
    """The column called `name` (exact, else case-insensitive as DuckDB resolves names), or None."""
    found = table.column(name)
    if found is None:
        found = next((c for c in table.columns if c.name.lower() == name.lower()), None)
    return found


def resolve(schema: Schema, table: Table, ref: str, *, before: int | None = None) -> Ref:
    """Resolve `ref` from a row of `table`; with `before`, the first column must come before that index."""
    parts = [p.strip() for p in ref.split(".")] if isinstance(ref, str) else []
    if not parts or any(not p for p in parts):
        raise RefError(f"'{ref}' is not a reference (write 'column' or 'fk_column.parent_column')")
    first = find_column(table, parts[0])
    if first is None:
        raise RefError(f"'{parts[0]}' is not a column of {table.name}")
    if before is not None:
        index = table.columns.index(first)
        if index == before:
            raise RefError(f"'{parts[0]}' is the column itself (a column may use only earlier columns)")
        if index > before:
            raise RefError(f"'{parts[0]}' is a later column of {table.name} (a column may use only earlier columns)")
    hops: list[Hop] = []
    current, col = table, first
    for part in parts[1:]:
        rel = schema.parent_of(current.name, col.name)
        if rel is None:
            raise RefError(f"'{col.name}' is not a foreign key of {current.name}, so '{ref}' cannot reach a parent table")
        parent = schema.table(rel.parent_table_name)
        if parent is None:
            raise RefError(f"'{col.name}' points at unknown table '{rel.parent_table_name}'")
        nxt = find_column(parent, part)
        if nxt is None:
            raise RefError(f"'{part}' is not a column of {parent.name} (reached through {current.name}.{col.name})")
        hops.append(Hop(col.name, parent.name, rel.parent_primary_key))
        current, col = parent, nxt
    return Ref(ref, table.name, tuple(hops), current.name, col)


def _parse(sql: str) -> exp.Expression:
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except SqlglotError as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else "does not parse"
        raise SqlParseError(f"the SQL does not parse: {msg}") from None
    if tree is None:
        raise SqlParseError("the SQL is empty")
    return tree


def predicate_refs(sql: str) -> list[str]:
    """Every column name or `fk.col` reference a SQL predicate uses, in order of first use."""
    out: list[str] = []
    for c in _parse(sql).find_all(exp.Column):
        text = ".".join(p.name for p in c.parts)
        if text and text not in out:
            out.append(text)
    return out


def flatten_refs(sql: str) -> str:
    """`sql` with every `a.b` reference rewritten to the quoted identifier "a.b" (DuckDB dialect).

    SQL without such references comes back unchanged (not re-generated).
    """
    if not any("." in r for r in predicate_refs(sql)):
        return sql

    def flat(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and len(node.parts) > 1:
            return exp.column(".".join(p.name for p in node.parts), quoted=True)
        return node

    return _parse(sql).transform(flat).sql(dialect="duckdb")
