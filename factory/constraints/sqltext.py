"""SQL building blocks of compiled checks: quoted names, literals, and the row view that exposes references.

A row view of table T is `SELECT t.*, j1."col" AS "fk.col", ... FROM "T" AS t LEFT JOIN "P" AS j1 ON ...`:
every reference a check reads (`fk.col`, chains `a.b.c`) becomes one column named by the reference, so
predicates written in the spec language run unchanged once flattened (factory.spec.refs.flatten_refs).
"""

from __future__ import annotations

from factory.sandbox import quote_ident
from factory.spec.models import Schema, Table
from factory.spec.refs import Ref, resolve

q = quote_ident


def literal(value: object) -> str:
    """A SQL literal for a name or number (strings single-quoted with quotes doubled)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def keys(t: Table, prefix: str = "r") -> list[str]:
    """The table's shipped key columns, qualified by `prefix`."""
    return [f"{prefix}.{q(k)}" for k in t.key_columns if (c := t.column(k)) is not None and not c.hidden]


class RowView:
    """The references one table's checks read, and the SQL of the row view that exposes them."""

    def __init__(self, schema: Schema, table: Table) -> None:
        self.schema = schema
        self.table = table
        self.refs: dict[str, Ref] = {}
        self.local: set[str] = set()

    def ref(self, text: str) -> str:
        """The quoted column of the row view holding reference `text` (a local column or `fk.col`)."""
        r = resolve(self.schema, self.table, text)
        if r.local:
            self.local.add(r.column.name)
            return f"r.{q(r.column.name)}"
        self.refs.setdefault(r.alias, r)
        return f"r.{q(r.alias)}"

    def uses_hidden(self, columns: list[str]) -> bool:
        """True when `columns`, a local column read through `ref`, or any reference read is hidden."""
        local = any((c := self.table.column(n)) is not None and c.hidden for n in [*columns, *self.local])
        return local or any(r.column.hidden or any(self._hidden_hop(r)) for r in self.refs.values())

    def _hidden_hop(self, r: Ref) -> list[bool]:
        out, cur = [], self.table
        for h in r.hops:
            col = cur.column(h.fk) if cur is not None else None
            out.append(bool(col is not None and col.hidden))
            cur = self.schema.table(h.parent)
        return out

    def sql(self) -> str:
        """SELECT t.*, <references> FROM the table joined to the parents the references cross."""
        joins: dict[tuple[str, ...], str] = {}
        lines: list[str] = []
        selects = ["t.*"]
        for alias, r in self.refs.items():
            prev, path = "t", ()
            for h in r.hops:
                path = (*path, h.fk)
                if path not in joins:
                    joins[path] = f"j{len(joins) + 1}"
                    lines.append(f"LEFT JOIN {q(h.parent)} AS {joins[path]} ON {joins[path]}.{q(h.key)} = {prev}.{q(h.fk)}")
                prev = joins[path]
            selects.append(f"{prev}.{q(r.column.name)} AS {q(alias)}")
        return f"SELECT {', '.join(selects)} FROM {q(self.table.name)} AS t" + "".join(f" {j}" for j in lines)
