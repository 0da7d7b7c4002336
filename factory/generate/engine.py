"""Generate one table chunk by chunk: columns in declared order, planted effects right after their column."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from factory.errors import GenerationError
from factory.generate.columns import (
    ARROW_TYPES,
    calendar_values,
    choice_index,
    choice_value_array,
    date_values,
    day_number,
    distribution_values,
    round_values,
    sequence_values,
)
from factory.generate.keys import ForeignKeyDraw, ParentData
from factory.generate.plan import Plan, is_unique_fk
from factory.generate.pools import faker_pool, pool_array, unique_values, zipf_weights
from factory.generate.randomness import stream_key, table_rng, uniforms
from factory.generate.sampling import Sampler
from factory.generate.sqlexpr import SqlEvaluator
from factory.spec.generators import (
    CalendarGen,
    ChoiceGen,
    DateGen,
    DistributionGen,
    ExpressionGen,
    FakerGen,
    ForeignKeyGen,
    LookupGen,
    SequenceGen,
)
from factory.spec.models import Column, ScaleEffect, ShiftEffect, Table


class TableGenerator:
    """Everything needed to produce any row range of one table (pools, key draws, effects) built once."""

    def __init__(self, plan: Plan, table: Table, parents: dict[str, ParentData], sql: SqlEvaluator) -> None:
        self.plan, self.table, self.parents, self.sql = plan, table, parents, sql
        self.schema = plan.schema
        self.rows = plan.rows[table.name]
        self.keys = {c.name: stream_key(plan.seed, table.name, c.name, "values") for c in table.columns}
        self.effects = {c.name: [i.effect for i in self.schema.insights
                                 if i.effect.table == table.name and i.effect.column == c.name] for c in table.columns}
        self.pools: dict[str, tuple[pa.Array, Sampler | None]] = {}
        self.fks: dict[str, ForeignKeyDraw] = {}
        for c in table.columns:
            self._prepare(c)

    def _prepare(self, c: Column) -> None:
        g, t = c.generator, self.table
        if isinstance(g, FakerGen):
            locale = g.locale or self.schema.locale
            if g.unique:
                base = faker_pool(g, locale, self.plan.seed, t.name, c.name, self.rows)
                order = table_rng(self.plan.seed, t.name, c.name, "unique-order").permutation(self.rows)
                self.pools[c.name] = (pool_array(unique_values(base, self.rows)).take(pa.array(order)), None)
            else:
                pool = faker_pool(g, locale, self.plan.seed, t.name, c.name, g.pool_size)
                self.pools[c.name] = (pool_array(pool), Sampler(zipf_weights(len(pool), g.skew)))
        elif isinstance(g, ForeignKeyGen):
            rel = self.schema.parent_of(t.name, c.name)
            if rel is None or rel.parent_table_name not in self.parents:
                raise GenerationError("foreign key without a generated parent table", table=t.name, column=c.name)
            parent = self.parents[rel.parent_table_name]
            per_parent = t.size.kind == "per_parent" and t.size.parent == rel.parent_table_name
            self.fks[c.name] = ForeignKeyDraw(self.plan.seed, t, c.name, g, rel, parent, self.rows,
                                              unique=is_unique_fk(self.schema, t, c.name), per_parent=per_parent)

    def chunks(self, chunk_rows: int) -> Iterator[pa.Table]:
        """The table as consecutive arrow tables of at most chunk_rows rows (block-aligned)."""
        for start in range(0, self.rows, chunk_rows):
            yield self.generate(start, min(start + chunk_rows, self.rows))
        if self.rows == 0:
            yield self.generate(0, 0)

    def generate(self, start: int, stop: int) -> pa.Table:
        """Rows [start, stop) of the table."""
        values: dict[str, pa.Array] = {}
        parent_idx: dict[str, np.ndarray] = {}
        self.last_parent_idx = parent_idx  # parent row indices of this chunk's FK columns (for kept columns)
        n = stop - start
        for c in self.table.columns:
            try:
                arr = self._column(c, start, stop, values, parent_idx)
                if len(arr) != n:
                    raise GenerationError(f"produced {len(arr)} values for {n} rows (aggregates are not allowed)")
                arr = self._apply_scale(c, arr, values, n)
            except GenerationError as exc:
                if exc.table:
                    raise
                raise GenerationError(exc.message, table=self.table.name, column=c.name, hint=exc.hint) from None
            except (pa.ArrowException, ValueError, TypeError, KeyError, IndexError, ArithmeticError) as exc:
                raise GenerationError(f"cannot generate this column: {type(exc).__name__}: {exc}",
                                      table=self.table.name, column=c.name) from exc
            values[c.name] = arr
        return pa.table(values)

    def _column(self, c: Column, start: int, stop: int, values: dict[str, pa.Array],
                parent_idx: dict[str, np.ndarray]) -> pa.Array:
        g, key, n = c.generator, self.keys[c.name], stop - start
        if isinstance(g, SequenceGen):
            return sequence_values(g, c.type, np.arange(start, stop, dtype=np.int64))
        if isinstance(g, CalendarGen):
            return calendar_values(self.schema.window.start, np.arange(start, stop, dtype=np.int64))
        if isinstance(g, ChoiceGen):
            shifts = [(self.sql.predicate(e.where, values, n, self.table.name, c.name), _value_index(g, e.value), e.probability)
                      for e in self.effects[c.name] if isinstance(e, ShiftEffect)]
            return choice_value_array(g, c.type).take(pa.array(choice_index(g, key, start, stop, shifts)))
        if isinstance(g, DistributionGen):
            return pa.array(distribution_values(g, c.type, key, start, stop), ARROW_TYPES[c.type])
        if isinstance(g, DateGen):
            return self._date(c, g, start, stop, values)
        if isinstance(g, FakerGen):
            pool, sampler = self.pools[c.name]
            if sampler is None:
                return pool.slice(start, n)
            return pool.take(pa.array(sampler.draw(uniforms(key, start, stop))))
        if isinstance(g, ForeignKeyGen):
            rel = self.schema.parent_of(self.table.name, c.name)
            idx = self.fks[c.name].indices(start, stop)
            parent_idx[c.name] = idx
            return self.parents[rel.parent_table_name].key(idx).cast(ARROW_TYPES[c.type])
        if isinstance(g, LookupGen):
            rel = self.schema.parent_of(self.table.name, g.via)
            parent = self.parents[rel.parent_table_name]
            if g.via not in parent_idx:
                parent_idx[g.via] = parent.index_of(values[g.via])
            idx = parent_idx[g.via]
            if (idx < 0).any():
                raise GenerationError(f"lookup through {g.via} found no parent row", table=self.table.name, column=c.name)
            return parent.column(g.column, idx).cast(ARROW_TYPES[c.type])
        if isinstance(g, ExpressionGen):
            return self.sql.expression(g.sql, c.type, values, n, self.table.name, c.name)
        raise GenerationError(f"unknown generator kind {g.kind}", table=self.table.name, column=c.name)

    def _date(self, c: Column, g: DateGen, start: int, stop: int, values: dict[str, pa.Array]) -> pa.Array:
        w = self.schema.window
        rel = self.schema.parent_of(self.table.name, c.name)
        if g.after:
            base = values[g.after]
            is_date = pa.types.is_date32(base.type)
            raw = base.cast(pa.int32() if is_date else pa.int64()).to_numpy(zero_copy_only=False).astype(np.int64)
            out = date_values(g, c.type, self.keys[c.name], start, stop, (0, 0), raw, is_date)
            if rel is not None and c.type == "date":  # a calendar reference never leaves the window (order kept)
                days = out.cast(pa.int32()).to_numpy(zero_copy_only=False)
                out = pa.array(np.minimum(days, day_number(w.end)).astype(np.int32), pa.date32())
            return out
        first, last = day_number(g.start or w.start), day_number(g.end or w.end)
        if rel is not None:  # a date referencing a calendar table stays inside the window
            first, last = max(first, day_number(w.start)), min(last, day_number(w.end))
            if first > last:
                raise GenerationError("date range lies outside the calendar window", table=self.table.name, column=c.name)
        return date_values(g, c.type, self.keys[c.name], start, stop, (first, last))

    def _apply_scale(self, c: Column, arr: pa.Array, values: dict[str, pa.Array], n: int) -> pa.Array:
        scales = [e for e in self.effects[c.name] if isinstance(e, ScaleEffect)]
        if not scales:
            return arr
        x = arr.to_numpy(zero_copy_only=False).astype(np.float64)
        changed = np.zeros(n, dtype=bool)
        for e in scales:
            mask = self.sql.predicate(e.where, values, n, self.table.name, c.name)
            x[mask] *= e.factor
            changed |= mask
        places = c.generator.round if isinstance(c.generator, DistributionGen) else None
        if places is None and c.type == "decimal":
            places = 2
        out = round_values(x, c.type, places)
        orig = arr.to_numpy(zero_copy_only=False)
        result = np.where(changed, out, orig.astype(out.dtype))
        return pa.array(result, ARROW_TYPES[c.type], mask=np.asarray(arr.is_null()) if arr.null_count else None)


def _value_index(g: ChoiceGen, value: object) -> int:
    for i, v in enumerate(g.values):
        if v == value and type(v) is type(value):
            return i
    for i, v in enumerate(g.values):
        if v == value:
            return i
    raise GenerationError(f"shift value {value!r} is not one of the choice values")
