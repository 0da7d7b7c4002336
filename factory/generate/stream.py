"""Stream every table of a plan chunk by chunk, in foreign-key order, to a sink.

- Count-sized tables (and tables sized from them) get their row count once their parent is generated.
- A table with aggregate columns is written after its aggregate sources: its rows are generated first for its
  children (kept columns only, when any child reads it), the child tables fold their chunks into accumulators,
  and once every source has been written the table is generated again from its seed with the aggregates
  filled in and handed to the sink. Accumulators are fed in the writing pass of the child, so aggregates of
  aggregates (order -> customer) are exact too.
- Hidden columns are generated and usable (kept columns, aggregates, rules) but dropped before the sink.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from factory.errors import GenerationError
from factory.generate.aggregates import Accumulator, AggregateSpec, aggregate_specs
from factory.generate.engine import TableGenerator
from factory.generate.keys import ParentData
from factory.generate.layout import CountRows
from factory.generate.needs import columns_for
from factory.generate.plan import Plan
from factory.generate.retention import Keeper
from factory.generate.sqlexpr import SqlEvaluator

Sink = Callable[[str, pa.Table, int], None]
Progress = Callable[[float, str], None]


class Streamer:
    """One run's generation state: kept parents, aggregate accumulators, tables waiting for their sources."""

    def __init__(self, plan: Plan, chunk_rows: int, sink: Sink, progress: Progress | None, hidden: bool) -> None:
        self.plan, self.chunk_rows, self.sink, self.progress, self.hidden = plan, chunk_rows, sink, progress, hidden
        self.sql = SqlEvaluator()
        self.parents: dict[str, ParentData] = {}
        self.specs = aggregate_specs(plan.schema)
        self.accs: dict[tuple[str, str], Accumulator] = {}
        self.waiting: dict[str, set[str]] = {}
        for s in self.specs:
            self.waiting.setdefault(s.table, set()).add(s.child)
        self.total, self.done = sum(plan.rows.values()) or 1, 0

    def run(self) -> None:
        """Generate and emit every table."""
        try:
            for name in self.plan.order:
                self._size(name)
                if name in self.waiting:
                    for s in self.specs:
                        if s.table == name:
                            self.accs[(name, s.column.name)] = Accumulator(s, self.plan.rows[name])
                    if name in self.plan.retained:
                        self._pass(name, emit=False, keep=True)
                else:
                    self._pass(name, emit=True, keep=True)
                    self._written(name)
            if any(self.waiting.values()):
                stuck = next(t for t, w in self.waiting.items() if w)
                raise GenerationError(f"aggregate sources {', '.join(sorted(self.waiting[stuck]))} never finish "
                                      "(a cycle of aggregates)", table=stuck)
        finally:
            self.sql.close()

    def _size(self, name: str) -> None:
        """Resolve a dynamic table's row count from its generated parent."""
        if name not in self.plan.dynamic:
            return
        t = self.plan.schema.table(name)
        if t.size.kind == "per_parent" and t.size.count_column:
            parent = self.parents[t.size.parent]
            counts = parent.values(t.size.count_column).cast(pa.float64()).fill_null(0)
            self.plan.resolve_rows(name, CountRows(counts.to_numpy(zero_copy_only=False)).rows)
        else:
            self.plan.resolve_rows(name)

    def _written(self, name: str) -> None:
        """After `name` is written: write every table whose aggregate sources are now all written."""
        for parent, sources in list(self.waiting.items()):
            if parent not in self.waiting:  # written by a nested call already
                continue
            sources.discard(name)
            if not sources:
                del self.waiting[parent]
                cols = {col: acc.result() for (t, col), acc in self.accs.items() if t == parent}
                self._complete(parent, cols)
                self._pass(parent, emit=True, keep=False, aggregates=cols)
                for key in [k for k in self.accs if k[0] == parent]:
                    del self.accs[key]
                self._written(parent)

    def _complete(self, name: str, aggregates: dict[str, pa.Array]) -> None:
        """Put a table's finished aggregate columns into what its children read of it."""
        kept = self.parents.get(name)
        if kept is None:
            return
        for col, arr in aggregates.items():
            if col in kept.columns:
                kept.columns[col] = arr if kept.subset is None else arr.take(pa.array(kept.subset))

    def _pass(self, name: str, *, emit: bool, keep: bool, aggregates: dict[str, pa.Array] | None = None) -> None:
        """Generate table `name` once: keep its columns for children, feed aggregates, emit to the sink."""
        table = self.plan.schema.table(name)
        keeper = Keeper(self.plan, table, self.parents) if keep else None
        only = None
        if not emit and keeper is not None:  # a pass for the children only: just the columns they keep
            only = columns_for(self.plan.schema, table, set(keeper.keep) | keeper.via_columns())
        gen = TableGenerator(self.plan, table, self.parents, self.sql, aggregates, only)
        feeds = [(s, self.accs[(s.table, s.column.name)]) for s in self.specs
                 if s.child == name and (s.table, s.column.name) in self.accs] if emit else []
        hidden = [c.name for c in table.columns if c.hidden] if not self.hidden else []
        start, chunk = 0, None
        for chunk in gen.chunks(self.chunk_rows):
            if keeper is not None:
                keeper.add(chunk, start, gen.last_parent_idx)
            for spec, acc in feeds:
                _feed(gen, spec, acc, chunk, start)
            if emit:
                self.sink(name, chunk.drop_columns(hidden) if hidden else chunk, start)
                self.done += chunk.num_rows
            start += chunk.num_rows
            if emit and self.progress is not None:
                self.progress(min(self.done / self.total, 0.99), f"{name}: {start:,} / {self.plan.rows[name]:,} rows")
        if keeper is not None:
            kept = keeper.finish()
            if kept is not None:
                self.parents[name] = kept


def _feed(gen: TableGenerator, spec: AggregateSpec, acc: Accumulator, chunk: pa.Table, start: int) -> None:
    """Fold one child chunk into an aggregate column of its parent."""
    parent_idx = gen.last_parent_idx
    values = {c: chunk.column(c).combine_chunks() for c in chunk.column_names}
    idx = gen.resolver.row_index(spec.fk, values, parent_idx)
    source = values[spec.source] if spec.source else None
    mask = None
    if spec.where:
        mask = gen.predicate(spec.where, values, parent_idx, start, start + chunk.num_rows, f"{spec.column.name}")
    acc.add(np.asarray(idx, dtype=np.int64), source, mask)


def stream_tables(plan: Plan, chunk_rows: int, sink: Sink, progress: Progress | None = None, *,
                  hidden: bool = False) -> None:
    """Generate every table of the plan chunk by chunk and hand each chunk to sink(table, chunk, first_row)."""
    Streamer(plan, chunk_rows, sink, progress, hidden).run()
