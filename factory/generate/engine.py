"""Generate one table chunk by chunk: columns in declared order, `when` branches, planted effects right after
their column; grid and count-sized tables fill their foreign keys from the row layout."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate.columns import ARROW_TYPES, WHOLE_TYPES, clip_rounded, round_values
from factory.generate.effects import scale_factors
from factory.generate.keys import ParentData
from factory.generate.layout import CountRows, GridRows
from factory.generate.plan import Plan
from factory.generate.refs import Resolver, prepared_sql
from factory.generate.sqlexpr import SqlEvaluator
from factory.generate.values import SlotValues
from factory.spec.generators import DistributionGen, ForeignKeyGen
from factory.spec.models import Column, ScaleEffect, Table


class TableGenerator(SlotValues):
    """Everything needed to produce any row range of one table (pools, key draws, layout, effects) built once."""

    def __init__(self, plan: Plan, table: Table, parents: dict[str, ParentData], sql: SqlEvaluator,
                 aggregates: dict[str, pa.Array] | None = None, only: set[str] | None = None) -> None:
        self.plan, self.table, self.parents, self.sql = plan, table, parents, sql
        self.schema = plan.schema
        self.aggregates = aggregates or {}
        self.resolver = Resolver(self.schema, table.name, parents)
        self.effects = {c.name: [i.effect for i in self.schema.insights
                                 if i.effect.table == table.name and i.effect.column == c.name] for c in table.columns}
        self.layout_fks = self._layout()
        self.rows = plan.rows[table.name]
        self.filled: dict[str, np.ndarray] = dict.fromkeys(self.layout_fks, np.empty(0, dtype=np.int64))
        self.state: dict = {}
        self.only = only  # generate only these columns (a pass that keeps columns for children)
        self._predicates: dict[tuple[str, str], np.ndarray] = {}
        for c in table.columns:
            if only is not None and c.name not in only:
                continue
            for b, g in enumerate(c.generators()):
                self.prepare(c, g, (c.name, b))

    def _layout(self) -> dict[str, int]:
        """Foreign-key columns the table's size fills: column -> position in the layout's parent indices."""
        s, t = self.table.size, self.table
        self.grid: GridRows | None = None
        self.counts: CountRows | None = None
        fk_cols = [c.name for c in t.columns if self.schema.parent_of(t.name, c.name) is not None]
        if s.kind == "grid":
            out: dict[str, int] = {}
            for pos, parent in enumerate(s.parents):
                col = next((c for c in fk_cols if c not in out
                            and self.schema.parent_of(t.name, c).parent_table_name == parent), None)
                if col is None:
                    raise GenerationError(f"grid parent {parent} has no foreign-key column", table=t.name)
                out[col] = pos
            self.grid = GridRows(self.plan.seed, t.name, [self.parents[p].rows for p in s.parents],
                                 self.plan.rows[t.name])
            return out
        if s.kind == "per_parent" and s.count_column:
            col = next((c for c in fk_cols if self.schema.parent_of(t.name, c).parent_table_name == s.parent), None)
            if col is None:
                raise GenerationError(f"no foreign-key column to {s.parent}", table=t.name)
            self.counts = CountRows(self.parents[s.parent].values(s.count_column).cast(pa.float64())
                                    .fill_null(0).to_numpy(zero_copy_only=False))
            return {col: 0}
        grain = self._foreign_key_grain()
        if grain:  # a grain of foreign keys: distinct combinations, as a grid of the plan's rows
            self.grid = GridRows(self.plan.seed, t.name, [self.parents[self.schema.parent_of(t.name, c)
                                                          .parent_table_name].rows for c in grain], self.plan.rows[t.name])
            return {c: pos for pos, c in enumerate(grain)}
        return {}

    def _foreign_key_grain(self) -> list[str]:
        """The grain columns when there are two or more and every one is a drawn foreign key (else [])."""
        t = self.table
        cols = [t.column(n) for n in t.grain_columns]
        if len(cols) < 2 or t.size.kind not in ("fixed", "ratio", "main") or any(
                c is None or c.when or not isinstance(c.generator, ForeignKeyGen) or c.generator.unique
                or self.schema.parent_of(t.name, c.name) is None for c in cols):
            return []
        return [c.name for c in cols]

    def chunks(self, chunk_rows: int) -> Iterator[pa.Table]:
        """The table as consecutive arrow tables of at most chunk_rows rows (block-aligned)."""
        for start in range(0, self.rows, chunk_rows):
            yield self.generate(start, min(start + chunk_rows, self.rows))
        if self.rows == 0:
            yield self.generate(0, 0)

    def generate(self, start: int, stop: int) -> pa.Table:
        """Rows [start, stop) of the table (hidden columns included; only `self.only` when set)."""
        values: dict[str, pa.Array] = {}
        parent_idx: dict[str, np.ndarray] = {}
        self.last_parent_idx = parent_idx  # parent row indices of this chunk's FK columns (for kept columns)
        if self.grid is not None:
            idx = self.grid.parent_indices(start, stop)
            self.filled = {c: idx[pos] for c, pos in self.layout_fks.items()}
        elif self.counts is not None:
            self.filled = {c: self.counts.parent_indices(start, stop) for c in self.layout_fks}
        n = stop - start
        self._predicates: dict[tuple[str, str], np.ndarray] = {}
        for c in self.table.columns:
            if self.only is not None and c.name not in self.only:
                continue
            try:
                arr, idx = self._column(c, start, stop, values, parent_idx)
                if len(arr) != n:
                    raise GenerationError(f"produced {len(arr)} values for {n} rows (aggregates are not allowed)")
                if idx is not None:
                    parent_idx[c.name] = idx
                arr = self._finish(c, arr, start, stop, values, parent_idx)
            except GenerationError as exc:
                if exc.table:
                    raise
                raise GenerationError(exc.message, table=self.table.name, column=c.name, hint=exc.hint) from None
            except (pa.ArrowException, ValueError, TypeError, KeyError, IndexError, ArithmeticError) as exc:
                raise GenerationError(f"cannot generate this column: {type(exc).__name__}: {exc}",
                                      table=self.table.name, column=c.name) from exc
            values[c.name] = arr
        return pa.table(values) if values else pa.table({})

    def predicate(self, sql: str, values: dict[str, pa.Array], parent_idx: dict[str, np.ndarray], start: int,
                  stop: int, column: str) -> np.ndarray:
        """Rows where `sql` (over earlier columns, references and __rand) is true (computed once per chunk)."""
        key = (sql, column if prepared_sql(sql)[2] else "")
        if key not in self._predicates:
            text, cols = self.resolver.sql_columns(sql, values, parent_idx, lambda: self.rand(column, start, stop))
            self._predicates[key] = self.sql.predicate(text, cols, stop - start, self.table.name, column)
        return self._predicates[key]

    def _column(self, c: Column, start: int, stop: int, values: dict[str, pa.Array],
                parent_idx: dict[str, np.ndarray]) -> tuple[pa.Array, np.ndarray | None]:
        last = len(c.when)
        if not c.when:
            return self.values(c, c.generator, (c.name, last), start, stop, values, parent_idx, None)
        n = stop - start
        chosen = np.full(n, last, dtype=np.int64)
        free = np.ones(n, dtype=bool)
        for b, branch in enumerate(c.when):
            hit = self.predicate(branch.if_, values, parent_idx, start, stop, c.name) & free
            chosen[hit] = b
            free &= ~hit
        atype = ARROW_TYPES[c.type]
        out: pa.Array | None = None
        idx_out = np.full(n, -1, dtype=np.int64)
        has_idx = False
        for b, g in enumerate(c.generators()):
            mask = chosen == b
            if not mask.any():
                continue
            arr, idx = self.values(c, g, (c.name, b), start, stop, values, parent_idx, mask)
            arr = arr.cast(atype)
            out = arr if out is None else pc.if_else(pa.array(mask), arr, out)
            if idx is not None:
                idx_out[mask], has_idx = idx[mask], True
        return (pa.nulls(n, atype) if out is None else out), (idx_out if has_idx else None)

    def _finish(self, c: Column, arr: pa.Array, start: int, stop: int, values: dict[str, pa.Array],
                parent_idx: dict[str, np.ndarray]) -> pa.Array:
        """Planted scale effects (re-clipped into the column's row bounds), then decimal(p, s) rounding."""
        scales = [e for e in self.effects[c.name] if isinstance(e, ScaleEffect)]
        if scales:
            arr = self._scale(c, arr, scales, start, stop, values, parent_idx)
        if c.type == "decimal" and c.scale is not None and arr.null_count < len(arr):
            x = arr.to_numpy(zero_copy_only=False).astype(np.float64)
            arr = pa.array(np.round(x, c.scale), pa.float64(), mask=np.asarray(arr.is_null()) if arr.null_count else None)
        return arr

    def _scale(self, c: Column, arr: pa.Array, scales: list[ScaleEffect], start: int, stop: int,
               values: dict[str, pa.Array], parent_idx: dict[str, np.ndarray]) -> pa.Array:
        n = stop - start
        nulls = np.asarray(arr.is_null()) if arr.null_count else None
        x = np.nan_to_num(arr.to_numpy(zero_copy_only=False).astype(np.float64))
        changed = np.zeros(n, dtype=bool)
        for e in scales:
            mask = self.predicate(e.where, values, parent_idx, start, stop, c.name)
            if e.ramp is None and not e.noise:
                x[mask] *= e.factor
            else:
                ramp = self.resolver.resolve(e.ramp.column, values, parent_idx) if e.ramp is not None else None
                index = next(i for i, ins in enumerate(self.schema.insights) if ins.effect is e)
                x *= scale_factors(e, mask, ramp, self.plan.seed, self.table.name, index, start, stop)
            changed |= mask
        g = c.generator
        places = g.round if isinstance(g, DistributionGen) else None
        if places is None and c.type == "decimal":
            places = c.scale if c.scale is not None else 2
        if isinstance(g, DistributionGen) and (g.min_column or g.max_column) and not c.when:
            lo, hi = self.row_bounds(g, values, parent_idx)
            out = clip_rounded(x, lo, hi, c.type, places)
        else:
            out = round_values(x, c.type, places)
        orig = np.nan_to_num(arr.to_numpy(zero_copy_only=False).astype(np.float64))
        dtype = np.int64 if c.type in WHOLE_TYPES else np.float64
        result = np.where(changed, out, orig.astype(dtype))
        return pa.array(result, ARROW_TYPES[c.type], mask=nulls)

