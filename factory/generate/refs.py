"""Column references of spec v2: `col` (an earlier column of the row) or `fk.col` / `a.b.c` (a column of a parent
row reached through foreign keys), resolved by the parent row indices the engine already has.

SQL of a table (expressions, `when` predicates, effect and aggregate `where`) may use references too: they are
rewritten (factory.spec.refs.flatten_refs) to quoted columns "fk.col" added to the row view, and `__rand`
(uniform [0, 1), seeded per table, column and row) is added when the SQL names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate.keys import IndirectColumn, ParentData
from factory.spec.models import Schema
from factory.spec.refs import Hop, Ref, RefError, flatten_refs, predicate_refs
from factory.spec.refs import resolve as spec_resolve

RAND = "__rand"
#: an identifier (or quoted name) followed by a dot and another one: a possible reference
_DOTTED = re.compile(r'[A-Za-z0-9_"]\s*\.\s*[A-Za-z_"]')


@lru_cache(maxsize=1024)
def prepared_sql(sql: str) -> tuple[str, tuple[str, ...], bool]:
    """(SQL with references flattened to quoted "fk.col" columns, the references, whether it uses __rand)."""
    if not _DOTTED.search(sql):  # no `a.b` anywhere: nothing to flatten, no parse needed
        return sql, (), RAND in sql.lower()
    try:
        names = predicate_refs(sql)
    except RefError:
        return sql, (), False  # DuckDB reports the SQL error with the table and column
    refs = tuple(n for n in names if "." in n)
    rand = any(n.lower() == RAND for n in names)
    return (flatten_refs(sql) if refs else sql), refs, rand


class Resolver:
    """Values of references for rows of one table chunk, through the kept parent tables."""

    def __init__(self, schema: Schema, table: str, parents: dict[str, ParentData]) -> None:
        self.schema, self.table, self.parents = schema, table, parents
        self._refs: dict[str, Ref] = {}

    def parent_for(self, table: str, column: str) -> ParentData:
        """The kept parent table reached through table.column."""
        rel = self.schema.parent_of(table, column)
        if rel is None:
            raise GenerationError(f"'{column}' is not a foreign key of {table}", table=table, column=column)
        if rel.parent_table_name not in self.parents:
            raise GenerationError(f"parent table {rel.parent_table_name} is not generated before {table}",
                                  table=table, column=column)
        return self.parents[rel.parent_table_name]

    def row_index(self, column: str, values: dict[str, pa.Array], parent_idx: dict[str, np.ndarray]) -> np.ndarray:
        """Parent row index (-1 for NULL / unknown) of each row through this table's foreign key `column`."""
        if column not in parent_idx:
            if column not in values:
                raise GenerationError(f"reference through '{column}', which is not an earlier column", table=self.table)
            rel = self.schema.parent_of(self.table, column)
            parent_idx[column] = self.parent_for(self.table, column).index_of(values[column], rel.parent_primary_key)
        return parent_idx[column]

    def ref(self, text: str) -> Ref:
        """The reference resolved against the schema (canonical names, the keys it crosses)."""
        if text not in self._refs:
            try:
                self._refs[text] = spec_resolve(self.schema, self.schema.table(self.table), text)
            except RefError as exc:
                raise GenerationError(f"reference '{text}': {exc}", table=self.table) from None
        return self._refs[text]

    def resolve(self, text: str, values: dict[str, pa.Array], parent_idx: dict[str, np.ndarray]) -> pa.Array:
        """The values of reference `text` for the chunk's rows."""
        r = self.ref(text)
        if r.local:
            if r.column.name not in values:
                raise GenerationError(f"'{text}' is not an earlier column of {self.table}", table=self.table)
            return values[r.column.name]
        idx = self.row_index(r.hops[0].fk, values, parent_idx)
        parent = self.parents[r.hops[0].parent]
        for hop in r.hops[1:]:
            idx, parent = self._step(parent, hop, idx)
        missing = idx < 0
        if missing.any():
            out = parent.column(r.column.name, np.where(missing, 0, idx))
            return pc.if_else(pa.array(missing), pa.nulls(len(out), out.type), out)
        return parent.column(r.column.name, idx)

    def _step(self, parent: ParentData, hop: Hop, idx: np.ndarray) -> tuple[np.ndarray, ParentData]:
        """Through the parent's own foreign key: grandparent row indices and the grandparent."""
        grand = self.parents[hop.parent]
        kept = parent.columns.get(hop.fk)
        safe = np.where(idx < 0, 0, idx)
        if isinstance(kept, IndirectColumn) and kept.parent is grand and kept.column == hop.key:
            rows = np.searchsorted(parent.subset, safe) if parent.subset is not None else safe
            nxt = kept.idx[rows].astype(np.int64)
        else:
            nxt = grand.index_of(parent.column(hop.fk, safe), hop.key)
        return np.where(idx < 0, -1, nxt), grand

    def sql_columns(self, sql: str, values: dict[str, pa.Array], parent_idx: dict[str, np.ndarray],
                    rand: Callable[[], np.ndarray]) -> tuple[str, dict[str, pa.Array]]:
        """(rewritten SQL, row-view columns) for `sql` over the chunk: the row's columns, references, __rand."""
        text, refs, uses_rand = prepared_sql(sql)
        if not refs and not uses_rand:
            return sql, values
        cols = dict(values)
        for ref in refs:
            cols[ref] = self.resolve(ref, values, parent_idx)
        if uses_rand:
            cols[RAND] = pa.array(rand(), pa.float64())
        return text, cols
