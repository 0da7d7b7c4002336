"""Foreign keys and lookups: parent tables kept in memory by row index, child keys drawn as parent indices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate.columns import calendar_values, sequence_values
from factory.generate.pools import zipf_weights
from factory.generate.popularity import cap_shares, column_weights
from factory.generate.randomness import stream_key, table_rng, uniforms
from factory.generate.sampling import Sampler
from factory.spec.generators import CalendarGen, ForeignKeyGen, SequenceGen
from factory.spec.models import Relationship, Table

#: parents up to this many rows keep their key column in memory (bigger ones recompute keys by row index)
KEEP_KEYS_ROWS = 250_000


@dataclass
class IndirectColumn:
    """A kept column stored as row indices into its own parent (a foreign key or a lookup through one)."""

    parent: ParentData
    column: str
    type: pa.DataType
    idx: np.ndarray

    def take(self, rows: np.ndarray) -> pa.Array:
        """Values at child rows `rows`, read through the parent."""
        return self.parent.column(self.column, self.idx[rows]).cast(self.type)


@dataclass
class ParentData:
    """A generated parent table as its children see it: row count, retained columns, keys by row index."""

    table: Table
    rows: int
    window_start: dt.date
    columns: dict[str, pa.Array | IndirectColumn] = field(default_factory=dict)
    #: sorted parent rows the kept columns hold (None: every row); only children's unique picks are kept
    subset: np.ndarray | None = None
    _key_index: pa.Array | None = None
    _key_name: str = ""

    def key(self, idx: np.ndarray, column: str | None = None) -> pa.Array:
        """Key values (default: the primary key) of parent rows `idx`; kept for small parents, else recomputed."""
        column = column or pk_name(self.table)
        if column in self.columns or not self.computable(column):
            return self.column(column, idx)
        if self.rows <= KEEP_KEYS_ROWS:
            if self._key_index is None or self._key_name != column:
                self._key_index, self._key_name = self._compute(column, np.arange(self.rows, dtype=np.int64)), column
            return self._key_index.take(pa.array(idx, pa.int64()))
        return self._compute(column, idx)

    def computable(self, name: str) -> bool:
        """True when column `name` is a function of the row index (sequence / calendar, no branches)."""
        col = self.table.column(name)
        return (col is not None and isinstance(col.generator, (SequenceGen, CalendarGen))
                and not getattr(col, "when", None))

    def _compute(self, name: str, idx: np.ndarray) -> pa.Array:
        col = self.table.column(name)
        if isinstance(col.generator, SequenceGen):
            return sequence_values(col.generator, col.type, idx)
        return calendar_values(self.window_start, idx)

    def column(self, name: str, idx: np.ndarray) -> pa.Array:
        """Values of parent column `name` at rows `idx`."""
        if name not in self.columns:
            if not self.computable(name):
                raise GenerationError(f"column {name} of {self.table.name} is not kept for its children",
                                      table=self.table.name, column=name)
            return self.key(np.asarray(idx, dtype=np.int64), name)
        col = self.columns[name]
        if self.subset is not None:
            idx = np.searchsorted(self.subset, idx)
        if isinstance(col, IndirectColumn):
            return col.take(np.asarray(idx))
        return col.take(pa.array(idx, pa.int64()))

    def values(self, name: str) -> pa.Array:
        """The whole column `name`."""
        return self.column(name, np.arange(self.rows, dtype=np.int64))

    def index_of(self, values: pa.Array, column: str | None = None) -> np.ndarray:
        """Parent row index of each key value (-1 when absent); sequence and calendar keys are inverted."""
        col = self.table.column(column or pk_name(self.table))
        inverted = _invert_key(col.generator, values, self.window_start) if self.computable(col.name) else None
        if inverted is not None:
            return np.where((inverted >= 0) & (inverted < self.rows), inverted, -1)
        keys = self.key(np.arange(self.rows, dtype=np.int64), col.name)
        pos = pc.index_in(values, value_set=keys)
        return pos.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def pk_name(table: Table) -> str:
    """The table's primary-key column (the first one of a composite key)."""
    pk = table.primary_key
    return pk if isinstance(pk, str) else pk[0]


class ForeignKeyDraw:
    """Draws parent row indices for one foreign-key column, block by block (or for the whole table when unique)."""

    def __init__(self, seed: int, table: Table, column: str, gen: ForeignKeyGen, rel: Relationship,
                 parent: ParentData, rows: int, *, unique: bool, per_parent: bool,
                 eligible: np.ndarray | None = None) -> None:
        self.key = stream_key(seed, table.name, column, "fk")
        self.rel, self.rows, self.parents = rel, rows, parent.rows
        rng = table_rng(seed, table.name, column, "fk-rank")
        if unique or eligible is None or eligible.all() or not eligible.any():
            eligible = None  # (no parent eligible: the row's date constraint reports it)
        self.uniform = gen.skew == 0 and not gen.weight_column and eligible is None
        self.fixed: np.ndarray | None = None
        if self.uniform:
            self.rank_to_parent = np.arange(parent.rows)
            if unique:
                self._check_unique()
                self.fixed = unique_selection(seed, table.name, column, parent.rows, rows, per_parent=per_parent)
            elif rel.max_children is not None:
                self.fixed = self._capped(rng, rel.max_children)
            elif gen.max_share is not None and gen.match is None:
                self.fixed = self._share_capped(rng, gen.max_share)
            return
        self.rank_to_parent = rng.permutation(parent.rows)
        weights = zipf_weights(parent.rows, gen.skew)
        if gen.weight_column:
            col = parent.values(gen.weight_column).to_numpy(zero_copy_only=False).astype(np.float64)
            weights = weights * column_weights(col[self.rank_to_parent], getattr(gen, "weight_power", None) or 1.0)
            if weights.sum() <= 0:
                raise GenerationError(f"popularity weights from {parent.table.name}.{gen.weight_column} are all zero",
                                      table=table.name, column=column)
        if eligible is not None:  # parents whose dates leave the row's later date no valid day never get drawn
            weights = weights * eligible[self.rank_to_parent]
        weights = cap_shares(weights, getattr(gen, "max_share", None), rows)
        self.weights = weights
        self.sampler = Sampler(weights)
        if unique:
            self.fixed = self._unique(rng, weights, per_parent)
        elif rel.max_children is not None:
            self.fixed = self._capped(rng, rel.max_children)
        elif gen.max_share is not None and gen.match is None:
            self.fixed = self._share_capped(rng, gen.max_share)

    def row_weights(self) -> np.ndarray:
        """Popularity weight of each parent row (in parent row order)."""
        if self.uniform:
            return np.ones(self.parents, dtype=np.float64)
        out = np.zeros(self.parents, dtype=np.float64)
        out[self.rank_to_parent] = self.weights
        return out

    def _check_unique(self) -> None:
        if self.rows > self.parents:
            raise GenerationError(f"a unique foreign key needs {self.rows:,} distinct parents, "
                                  f"{self.rel.parent_table_name} has {self.parents:,}", table=self.rel.child_table_name,
                                  column=self.rel.child_foreign_key)

    def _unique(self, rng: np.random.Generator, weights: np.ndarray, sort: bool) -> np.ndarray:
        self._check_unique()
        # weighted sampling without replacement (Efraimidis-Spirakis): the n largest u ** (1 / w)
        keys = np.log(rng.random(self.parents)) / np.maximum(weights, 1e-300)
        ranks = np.argpartition(-keys, self.rows - 1)[: self.rows] if self.rows < self.parents else np.arange(self.parents)
        picked = self.rank_to_parent[ranks]
        return np.sort(picked) if sort else rng.permutation(picked)

    def _share_capped(self, rng: np.random.Generator, max_share: float) -> np.ndarray:
        """The whole table's draws with no parent above floor(max_share x rows): excess rows are redrawn by
        popularity among the parents still under the cap (exact, so the bound holds at any row count)."""
        idx = self._draw(uniforms(self.key, 0, self.rows))
        cap = max(1, int(np.floor(max_share * self.rows + 1e-9)))
        if cap * self.parents < self.rows:
            return idx  # cannot hold (check-spec refuses it)
        weights = self.row_weights()
        for _ in range(64):
            counts = np.bincount(idx, minlength=self.parents)
            excess = _beyond(idx, counts, cap)
            if not len(excess):
                break
            w = np.where(counts >= cap, 0.0, weights)
            if w.sum() <= 0:
                w = (counts < cap).astype(np.float64)
            idx[excess] = Sampler(w).draw(rng.random(len(excess)))
        return idx.astype(np.int32) if self.parents < 2**31 else idx

    def _capped(self, rng: np.random.Generator, cap: int) -> np.ndarray:
        idx = self._draw(uniforms(self.key, 0, self.rows))
        counts = np.bincount(idx, minlength=self.parents)
        over = counts > cap
        if over.any():
            excess = _beyond(idx, counts, cap)
            spare = np.repeat(np.arange(self.parents), np.maximum(cap - counts, 0))
            idx[excess] = rng.permutation(spare)[: len(excess)]
        return idx

    def _draw(self, u: np.ndarray) -> np.ndarray:
        if self.uniform:
            return np.minimum((u * self.parents).astype(np.int64), self.parents - 1)
        return self.rank_to_parent[self.sampler.draw(u)]

    def indices(self, start: int, stop: int) -> np.ndarray:
        """Parent row indices of child rows [start, stop)."""
        if self.fixed is not None:
            return self.fixed[start:stop]
        idx = self._draw(uniforms(self.key, start, stop))
        need = self.rel.min_children * self.parents  # the first rows give every parent its minimum
        if need and start < need:
            cover = np.arange(start, min(stop, need))
            idx[: len(cover)] = self.rank_to_parent[cover % self.parents]
        return idx



def _beyond(idx: np.ndarray, counts: np.ndarray, cap: int) -> np.ndarray:
    """Rows whose rank among the rows of their parent (in row order) is cap or more."""
    if not (counts > cap).any():
        return np.empty(0, dtype=np.int64)
    order = np.argsort(idx, kind="stable")
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pos = np.empty(len(idx), dtype=np.int64)
    pos[order] = np.arange(len(idx)) - first[idx[order]]
    return np.flatnonzero(pos >= cap)


def unique_selection(seed: int, table: str, column: str, population: int, k: int, *, per_parent: bool) -> np.ndarray:
    """The parent rows a uniform unique foreign key picks (known before the parent is generated)."""
    return uniform_subset(table_rng(seed, table, column, "fk-rank"), population, k, ordered=per_parent)


def uniform_subset(rng: np.random.Generator, population: int, k: int, *, ordered: bool) -> np.ndarray:
    """k distinct row indices of 0..population-1 (sorted when ordered), in compact memory."""
    dtype = np.int32 if population < 2**31 else np.int64
    if ordered and k > population // 2:  # choose the rows left out: a mask instead of a big permutation
        mask = np.ones(population, dtype=bool)
        mask[rng.choice(population, size=population - k, replace=False)] = False
        return np.flatnonzero(mask).astype(dtype)
    picked = rng.choice(population, size=k, replace=False).astype(dtype)
    if ordered:
        picked.sort()
    return picked


def _invert_key(gen: object, values: pa.Array, window_start: dt.date) -> np.ndarray | None:
    """Row indices of sequence/calendar key values by arithmetic (None when the key is not invertible)."""
    if values.null_count:
        return None
    if isinstance(gen, CalendarGen) and pa.types.is_date32(values.type):
        days = values.cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
        return days - (window_start - dt.date(1970, 1, 1)).days
    if not isinstance(gen, SequenceGen):
        return None
    try:
        if gen.prefix is not None:
            if not pa.types.is_string(values.type) or not pc.all(pc.starts_with(values, gen.prefix)).as_py():
                return None
            digits = pc.utf8_slice_codeunits(values, len(gen.prefix))
            nums = pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False)
        elif pa.types.is_integer(values.type):
            nums = values.to_numpy(zero_copy_only=False).astype(np.int64)
        else:
            return None
    except pa.ArrowInvalid:
        return None
    offset = nums - gen.start
    idx = offset // gen.step
    return np.where(offset % gen.step == 0, idx, -1)
