"""The values of one generator over a chunk of rows (every generator kind), for TableGenerator.

Each column has one slot per generator (its `when` branches, then the else generator), with its own random
stream; `prepare` builds a slot's pools, key draws and samplers once, `values` produces rows [start, stop).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate.columns import (
    ARROW_TYPES,
    calendar_values,
    choice_index,
    choice_value_array,
    date_values,
    day_number,
    distribution_values,
    sequence_values,
    uniform_matrix,
)
from factory.generate.dates import DAY, DayCdf, as_units, bounded_values
from factory.generate.effects import value_index
from factory.generate.keys import ForeignKeyDraw, ParentData
from factory.generate.layout import RowNumbers
from factory.generate.names import PersonNames, gender_codes
from factory.generate.plan import is_unique_fk
from factory.generate.pools import faker_pool, pool_array, unique_values, zipf_weights
from factory.generate.popularity import MatchedDraw
from factory.generate.randomness import stream_key, table_rng, uniforms
from factory.generate.sampling import Sampler
from factory.spec.generators import (
    AggregateGen,
    CalendarGen,
    ChoiceGen,
    DateGen,
    DistributionGen,
    ExpressionGen,
    FakerGen,
    ForeignKeyGen,
    LookupGen,
    NullGen,
    PersonNameGen,
    RowNumberGen,
    SequenceGen,
)
from factory.spec.models import Column, ShiftEffect

Slot = tuple[str, int]


class SlotValues:
    """Mixin of TableGenerator: per-slot preparation and values (see module docstring)."""

    def prepare(self, c: Column, g: object, slot: Slot) -> None:
        """Build what the slot's generator needs for any row range (pools, foreign-key draws, names)."""
        t, seed = self.table, self.plan.seed
        if isinstance(g, FakerGen):
            locale = g.locale or self.schema.locale
            if g.unique:
                base = faker_pool(g, locale, seed, t.name, c.name, self.rows)
                order = table_rng(seed, t.name, c.name, "unique-order").permutation(self.rows)
                self.state[slot] = (pool_array(unique_values(base, self.rows)).take(pa.array(order)), None)
            else:
                pool = faker_pool(g, locale, seed, t.name, c.name, g.pool_size)
                self.state[slot] = (pool_array(pool), Sampler(zipf_weights(len(pool), g.skew)))
        elif isinstance(g, ForeignKeyGen) and c.name not in self.filled:
            rel = self.schema.parent_of(t.name, c.name)
            if rel is None or rel.parent_table_name not in self.parents:
                raise GenerationError("foreign key without a generated parent table", table=t.name, column=c.name)
            parent = self.parents[rel.parent_table_name]
            per_parent = t.size.kind == "per_parent" and t.size.parent == rel.parent_table_name
            draw = ForeignKeyDraw(seed, t, c.name, g, rel, parent, self.rows,
                                  unique=is_unique_fk(self.schema, t, c.name), per_parent=per_parent,
                                  eligible=self.eligible_parents(c.name, parent))
            match = None
            if g.match is not None and draw.fixed is None:
                match = MatchedDraw(parent.values(g.match.parent_column), draw.row_weights(), g.match.exceptions)
            self.state[slot] = (draw, match)
        elif isinstance(g, PersonNameGen):
            keys = (self.key(slot, "name"), self.key(slot, "name-repeat"), self.key(slot, "name-either"))
            self.state[slot] = PersonNames(g.locale or self.schema.locale, g.part, g.repeat_rate, self.rows, keys)
        elif isinstance(g, RowNumberGen):
            self.state[slot] = RowNumbers(g.start)
        elif isinstance(g, DateGen):
            w = self.schema.window
            self.state[slot] = DayCdf(g, day_number(g.start or w.start), day_number(g.end or w.end))

    def eligible_parents(self, fk: str, parent: ParentData) -> np.ndarray | None:
        """Parents a later date of the row can follow (`after: fk.col`) or precede (`before: fk.col`) inside its
        range; None when no date of the table is bounded through `fk`."""
        w = self.schema.window
        ok: np.ndarray | None = None
        for c in self.table.columns:
            for g in c.generators():
                if not isinstance(g, DateGen):
                    continue
                per_day = 1440.0 if c.type == "timestamp" else 1.0
                first, last = day_number(g.start or w.start), day_number(g.end or w.end)
                for refs, after in ((g.after_refs() if not g.lag_max else [], True), (g.before_refs(), False)):
                    for ref in refs:
                        parts = [p.strip() for p in ref.split(".")]
                        if len(parts) != 2 or parts[0] != fk:
                            continue
                        days = np.floor(as_units(parent.values(parts[1]), "date", upper=False))
                        fits = (days + np.ceil(g.lag_min / per_day) <= last if after
                                else days - np.ceil(g.before_lag / per_day) >= first)
                        fits |= np.isnan(days)
                        ok = fits if ok is None else ok & fits
        return ok

    def key(self, slot: Slot, purpose: str = "values") -> np.ndarray:
        """The random stream of a slot (the else slot of a column keeps the column's v1 stream)."""
        c, b = slot
        if b == len(self.table.column(c).when):
            return stream_key(self.plan.seed, self.table.name, c, purpose)
        return stream_key(self.plan.seed, self.table.name, c, purpose, f"when{b}")

    def values(self, c: Column, g: object, slot: Slot, start: int, stop: int, values: dict[str, pa.Array],
               parent_idx: dict[str, np.ndarray], active: np.ndarray | None) -> tuple[pa.Array, np.ndarray | None]:
        """(values, parent row indices for foreign keys) of the slot's generator for rows [start, stop)."""
        n, key, atype = stop - start, self.key(slot), ARROW_TYPES[c.type]
        if isinstance(g, SequenceGen):
            return sequence_values(g, c.type, np.arange(start, stop, dtype=np.int64)), None
        if isinstance(g, CalendarGen):
            return calendar_values(self.schema.window.start, np.arange(start, stop, dtype=np.int64)), None
        if isinstance(g, NullGen):
            return pa.nulls(n, atype), None
        if isinstance(g, ChoiceGen):
            main = slot[1] == len(c.when)
            shifts = [(self.predicate(e.where, values, parent_idx, start, stop, c.name), value_index(g, e.value),
                       e.probability) for e in self.effects[c.name] if isinstance(e, ShiftEffect) and main]
            return choice_value_array(g, c.type).take(pa.array(choice_index(g, key, start, stop, shifts))), None
        if isinstance(g, DistributionGen):
            bounds = self.row_bounds(g, values, parent_idx)
            return pa.array(distribution_values(g, c.type, key, start, stop, bounds), atype), None
        if isinstance(g, DateGen):
            return self.date(c, g, slot, start, stop, values, parent_idx, active), None
        if isinstance(g, FakerGen):
            pool, sampler = self.state[slot]
            if sampler is None:
                return pool.slice(start, n), None
            return pool.take(pa.array(sampler.draw(uniforms(key, start, stop)))), None
        if isinstance(g, ForeignKeyGen):
            return self.foreign_key(c, slot, start, stop, values, parent_idx)
        if isinstance(g, LookupGen):
            rel = self.schema.parent_of(self.table.name, g.via)
            idx = self.resolver.row_index(g.via, values, parent_idx)
            if (idx < 0).any():
                if not np.asarray(values[g.via].is_null())[idx < 0].all():
                    raise GenerationError(f"lookup through {g.via} found no parent row", table=self.table.name,
                                          column=c.name)
                return self.resolver.resolve(f"{g.via}.{g.column}", values, parent_idx).cast(atype), None
            return self.parents[rel.parent_table_name].column(g.column, idx).cast(atype), None
        if isinstance(g, ExpressionGen):
            text, cols = self.resolver.sql_columns(g.sql, values, parent_idx, lambda: self.rand(c.name, start, stop))
            return self.sql.expression(text, c.type, cols, n, self.table.name, c.name), None
        if isinstance(g, PersonNameGen):
            genders = self.resolver.resolve(g.gender_column, values, parent_idx) if g.gender_column else None
            return self.state[slot].values(gender_codes(genders, n), start, stop), None
        if isinstance(g, RowNumberGen):
            return pa.array(self.row_number(g, slot, start, stop, values, parent_idx), atype), None
        if isinstance(g, AggregateGen):
            agg = self.aggregates.get(c.name)
            return (agg.slice(start, n) if agg is not None else pa.nulls(n, atype)), None
        raise GenerationError(f"unknown generator kind {g.kind}", table=self.table.name, column=c.name)

    def rand(self, column: str, start: int, stop: int) -> np.ndarray:
        """__rand of rows [start, stop): uniform [0, 1), seeded per table, column and row."""
        return uniforms(stream_key(self.plan.seed, self.table.name, column, "rand"), start, stop)

    def foreign_key(self, c: Column, slot: Slot, start: int, stop: int, values: dict[str, pa.Array],
                    parent_idx: dict[str, np.ndarray]) -> tuple[pa.Array, np.ndarray]:
        """Parent keys: filled by the table's layout (grid / count), or drawn (with popularity and match)."""
        rel = self.schema.parent_of(self.table.name, c.name)
        if c.name in self.filled:
            idx = self.filled[c.name]
        else:
            draw, match = self.state[slot]
            idx = draw.indices(start, stop)
            if match is not None:
                g = c.generators()[slot[1]]
                row_values = self.resolver.resolve(g.match.column, values, parent_idx)
                idx = match.draw(row_values, uniforms(self.key(slot, "match"), start, stop),
                                 uniforms(self.key(slot, "match-exception"), start, stop), idx)
        parent = self.parents[rel.parent_table_name]
        return parent.key(idx, rel.parent_primary_key).cast(ARROW_TYPES[c.type]), idx

    def row_bounds(self, g: DistributionGen, values: dict[str, pa.Array],
                   parent_idx: dict[str, np.ndarray]) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Per-row [min_column, max_column] of a distribution (NaN where a bound is NULL)."""
        out = []
        for ref in (g.min_column, g.max_column):
            if not ref:
                out.append(None)
                continue
            arr = self.resolver.resolve(ref, values, parent_idx)
            x = arr.cast(pa.float64()).fill_null(float("nan")).to_numpy(zero_copy_only=False)
            out.append(np.asarray(x, dtype=np.float64))
        return out[0], out[1]

    def row_number(self, g: RowNumberGen, slot: Slot, start: int, stop: int, values: dict[str, pa.Array],
                   parent_idx: dict[str, np.ndarray]) -> np.ndarray:
        """Numbers within partition_by groups (dense by parent row when it is one foreign key)."""
        numbers: RowNumbers = self.state[slot]
        if not g.partition_by:
            return np.arange(start, stop, dtype=np.int64) + g.start
        if len(g.partition_by) == 1 and g.partition_by[0] in parent_idx and (parent_idx[g.partition_by[0]] >= 0).all():
            col = g.partition_by[0]
            size = self.parents[self.schema.parent_of(self.table.name, col).parent_table_name].rows
            return numbers.number([parent_idx[col]], start, dense_size=size)
        keys = [self.resolver.resolve(p, values, parent_idx) for p in g.partition_by]
        return numbers.number(keys, start)

    def date(self, c: Column, g: DateGen, slot: Slot, start: int, stop: int, values: dict[str, pa.Array],
             parent_idx: dict[str, np.ndarray], active: np.ndarray | None) -> pa.Array:
        """Dates / timestamps: v1 (a lag after a column of the row, or the window) or bounded by references."""
        w, key = self.schema.window, self.key(slot)
        calendar_fk = self.schema.parent_of(self.table.name, c.name) is not None
        afters, befores = g.after_refs(), g.before_refs()
        if len(afters) == 1 and "." not in afters[0] and not befores and g.lag_max > 0:
            base = values[afters[0]]
            is_date = pa.types.is_date32(base.type)
            raw = base.cast(pa.int32() if is_date else pa.int64()).fill_null(0)
            out = date_values(g, c.type, key, start, stop, (0, 0),
                              raw.to_numpy(zero_copy_only=False).astype(np.int64), is_date)
            if calendar_fk and c.type == "date":  # a calendar reference never leaves the window (order kept)
                days = out.cast(pa.int32()).to_numpy(zero_copy_only=False)
                out = pa.array(np.minimum(days, day_number(w.end)).astype(np.int32), pa.date32())
            if base.null_count:  # after a NULL: NULL
                out = pc.if_else(base.is_null(), pa.nulls(len(out), out.type), out)
            return out
        first, last = day_number(g.start or w.start), day_number(g.end or w.end)
        if calendar_fk:  # a date referencing a calendar table stays inside the window
            first, last = max(first, day_number(w.start)), min(last, day_number(w.end))
            if first > last:
                raise GenerationError("date range lies outside the calendar window", table=self.table.name, column=c.name)
        if not afters and not befores:
            return date_values(g, c.type, key, start, stop, (first, last))
        ts = c.type == "timestamp"
        unit = 60.0 if ts else 1.0
        n = stop - start
        lo = np.full(n, first * DAY if ts else first, dtype=np.float64)
        hi = np.full(n, last * DAY + DAY - 1 if ts else last, dtype=np.float64)
        if afters:
            latest = np.fmax.reduce([as_units(self.resolver.resolve(r, values, parent_idx), c.type, upper=False)
                                     for r in afters])
            has = ~np.isnan(latest)
            lo = np.where(has, np.fmax(lo, latest + np.ceil(g.lag_min * unit)), lo)
            if g.lag_max > 0:
                hi = np.where(has, latest + np.floor(g.lag_max * unit), hi)
        if befores:
            earliest = np.fmin.reduce([as_units(self.resolver.resolve(r, values, parent_idx), c.type, upper=True)
                                       for r in befores])
            hi = np.where(np.isnan(earliest), hi, np.fmin(hi, earliest - np.ceil(g.before_lag * unit)))
        if active is not None:
            hi = np.where(active, hi, np.maximum(hi, lo))
        u = uniform_matrix(key, start, stop, 3 if ts else 1)
        where = f"{self.table.name}.{c.name}"
        return bounded_values(g, c.type, self.state[slot], u, lo.astype(np.int64), hi.astype(np.int64), where)
