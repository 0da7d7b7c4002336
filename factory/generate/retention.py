"""What a generated table keeps in memory for its children: the columns they read, as compactly as possible.

- Sequence / calendar primary keys are not kept: they are recomputed from row indices.
- A kept foreign key or lookup through one is stored as int32 row indices into its own parent.
- When every child reaches this table through a uniform unique foreign key (e.g. returns: 4% of order lines),
  the children's picks are known before this table is generated and only those rows are kept.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from factory.generate.columns import ARROW_TYPES
from factory.generate.keys import IndirectColumn, ParentData, pk_name, unique_selection
from factory.generate.plan import Plan, is_unique_fk
from factory.spec.generators import CalendarGen, ForeignKeyGen, LookupGen, SequenceGen
from factory.spec.models import Table


class Keeper:
    """Collects one table's kept columns chunk by chunk and turns them into the ParentData its children use."""

    def __init__(self, plan: Plan, table: Table, parents: dict[str, ParentData]) -> None:
        self.plan, self.table, self.parents = plan, table, parents
        self.active = table.name in plan.retained
        wanted = plan.retained.get(table.name, set())
        self.keep = {c: _through(plan, table, c, parents) for c in sorted(wanted) if not _computable(table, c)}
        self.parts: dict[str, list] = {c: [] for c in self.keep}
        self.subset = children_picks(plan, table) if self.active else None

    def via_columns(self) -> set[str]:
        """Foreign-key columns whose parent row indices the kept columns are stored as."""
        return {via[0] for via in self.keep.values() if via is not None}

    def add(self, chunk: pa.Table, start: int, parent_idx: dict[str, np.ndarray]) -> None:
        """Keep what children need from rows start.. of this chunk."""
        if not self.keep:
            return
        local = None
        if self.subset is not None:
            lo, hi = np.searchsorted(self.subset, [start, start + chunk.num_rows])
            local = self.subset[lo:hi] - start
        for c, via in self.keep.items():
            if via is None:
                arr = chunk.column(c).combine_chunks()
                self.parts[c].append(arr if local is None else arr.take(pa.array(local)))
            else:
                idx = parent_idx[via[0]] if local is None else parent_idx[via[0]][local]
                self.parts[c].append(idx.astype(np.int32) if via[1].rows < 2**31 else idx)

    def finish(self) -> ParentData | None:
        """The table as its children see it (None when no child reads it)."""
        if not self.active:
            return None
        cols: dict = {}
        for c, via in self.keep.items():
            parts = self.parts.pop(c)
            if via is None:
                cols[c] = pa.concat_arrays(parts) if parts else pa.array([], ARROW_TYPES[self.table.column(c).type])
            else:
                cols[c] = IndirectColumn(via[1], via[2], ARROW_TYPES[self.table.column(c).type],
                                         np.concatenate(parts) if parts else np.empty(0, dtype=np.int64))
        return ParentData(self.table, self.plan.rows[self.table.name], self.plan.schema.window.start, cols,
                          subset=self.subset)


def children_picks(plan: Plan, table: Table) -> np.ndarray | None:
    """Sorted rows of `table` its children pick, when every child uses a uniform unique foreign key to it."""
    schema = plan.schema
    if not _computable(table, pk_name(table)):
        return None
    picks = []
    for r in schema.relationships:
        if r.parent_table_name != table.name:
            continue
        child = schema.table(r.child_table_name)
        if child.size.kind == "grid" or (child.size.kind == "per_parent" and child.size.count_column):
            return None  # keys filled by the child's layout, not by a unique pick
        g = child.column(r.child_foreign_key).generator
        if not (isinstance(g, ForeignKeyGen) and g.skew == 0 and not g.weight_column
                and is_unique_fk(schema, child, r.child_foreign_key) and r.max_children is None):
            return None
        per_parent = child.size.kind == "per_parent" and child.size.parent == table.name
        picks.append(unique_selection(plan.seed, child.name, r.child_foreign_key, plan.rows[table.name],
                                      plan.rows[child.name], per_parent=per_parent))
    if not picks:
        return None
    mask = np.zeros(plan.rows[table.name], dtype=bool)
    for p in picks:
        mask[p] = True
    return np.flatnonzero(mask)


def _through(plan: Plan, table: Table, column: str, parents: dict[str, ParentData]) -> tuple | None:
    """(FK column, parent, parent column) when a kept column can be stored as parent row indices, else None."""
    col = table.column(column)
    g = col.generator
    if col.when or any(i.effect.table == table.name and i.effect.column == column for i in plan.schema.insights):
        return None
    if isinstance(g, ForeignKeyGen):
        rel = plan.schema.parent_of(table.name, column)
        return (column, parents[rel.parent_table_name], rel.parent_primary_key)
    if isinstance(g, LookupGen):
        rel = plan.schema.parent_of(table.name, g.via)
        return (g.via, parents[rel.parent_table_name], g.column)
    return None


def _computable(table: Table, column: str) -> bool:
    """Sequence / calendar columns are functions of the row index: recomputed, never kept."""
    col = table.column(column)
    return isinstance(col.generator, (SequenceGen, CalendarGen)) and not col.when
