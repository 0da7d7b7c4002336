"""Row layouts decided before a table's rows: grid combinations, children counted from a parent column, numbering.

- GridRows: row i of a grid table -> the parent row index of each grid parent (mixed radix, first parent
  slowest). With density < 1 the rows are a seeded subset of exactly round(density x product) distinct
  combinations in mixed-radix order: the combination space is cut into fixed segments, each segment's share is
  drawn once (hypergeometric, exact total) and its members by a generator keyed by the segment, so any row range
  is computed alone (chunk-independent) and memory stays one segment.
- CountRows: children in parent order, parent row i having exactly counts[i] children.
- RowNumbers: numbering within groups in row order, carried across consecutive chunks.
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate.keys import uniform_subset
from factory.generate.randomness import block_rng, stream_key, table_rng

#: combinations per grid segment (the unit of subset selection)
SEGMENT = 1 << 20


def grid_rows(sizes: list[int], density: float) -> int:
    """Rows of a grid over parents of `sizes`: round(density x product)."""
    product = math.prod(sizes)
    return product if density >= 1 else int(round(density * product))


class GridRows:
    """Parent row indices of each row of a grid table (see module docstring)."""

    def __init__(self, seed: int, table: str, sizes: list[int], rows: int) -> None:
        self.sizes = [int(s) for s in sizes]
        self.product = math.prod(self.sizes)
        if rows > self.product:
            raise GenerationError(f"a grid of {rows:,} rows is denser than the {self.product:,} parent combinations",
                                  table=table)
        self.rows, self.key = rows, stream_key(seed, table, "grid-members")
        self.full = rows == self.product
        self._cache: dict[int, np.ndarray] = {}
        if not self.full:
            self.counts = self._segment_counts(table_rng(seed, table, "grid-counts"))
            self.offsets = np.concatenate(([0], np.cumsum(self.counts)))

    def _segment_size(self, s: int) -> int:
        return min(SEGMENT, self.product - s * SEGMENT)

    def _segment_counts(self, rng: np.random.Generator) -> np.ndarray:
        """Members per segment: sequential hypergeometric draws (binomial past numpy's limit), exact total."""
        nseg = -(-self.product // SEGMENT)
        counts = np.zeros(nseg, dtype=np.int64)
        left_pop, left_k = self.product, self.rows
        for s in range(nseg):
            size = self._segment_size(s)
            rest = left_pop - size
            if left_pop < 10**9:
                k = int(rng.hypergeometric(size, rest, left_k)) if rest > 0 and left_k else left_k
            else:
                k = int(rng.binomial(left_k, size / left_pop))
            k = min(size, max(k, left_k - rest))
            counts[s], left_pop, left_k = k, rest, left_k - k
        return counts

    def _members(self, s: int) -> np.ndarray:
        if s not in self._cache:
            if len(self._cache) > 2:
                self._cache.clear()
            picked = uniform_subset(block_rng(self.key, s), self._segment_size(s), int(self.counts[s]), ordered=True)
            self._cache[s] = s * SEGMENT + picked.astype(np.int64)
        return self._cache[s]

    def combinations(self, start: int, stop: int) -> np.ndarray:
        """Combination numbers (mixed radix over the parents) of rows [start, stop)."""
        if self.full:
            return np.arange(start, stop, dtype=np.int64)
        if stop <= start:
            return np.empty(0, dtype=np.int64)
        first = int(np.searchsorted(self.offsets, start, side="right")) - 1
        last = int(np.searchsorted(self.offsets, stop - 1, side="right")) - 1
        parts = [self._members(s) for s in range(first, last + 1)]
        whole = np.concatenate(parts) if len(parts) > 1 else parts[0]
        lo = start - int(self.offsets[first])
        return whole[lo:lo + stop - start]

    def parent_indices(self, start: int, stop: int) -> list[np.ndarray]:
        """One array per grid parent: its row index for rows [start, stop)."""
        c = self.combinations(start, stop)
        out: list[np.ndarray] = []
        for n in reversed(self.sizes):
            out.append(c % n)
            c = c // n
        return out[::-1]


class CountRows:
    """Children in parent order: parent row i has exactly counts[i] children."""

    def __init__(self, counts: np.ndarray) -> None:
        c = np.nan_to_num(np.asarray(counts, dtype=np.float64), nan=0.0)
        self.offsets = np.concatenate(([0], np.cumsum(np.maximum(np.rint(c), 0).astype(np.int64))))
        self.rows = int(self.offsets[-1])

    def parent_indices(self, start: int, stop: int) -> np.ndarray:
        """Parent row index of child rows [start, stop)."""
        if stop <= start:
            return np.empty(0, dtype=np.int64)
        first = int(np.searchsorted(self.offsets, start, side="right")) - 1
        last = int(np.searchsorted(self.offsets, stop - 1, side="right")) - 1
        bounds = np.clip(self.offsets[first:last + 2], start, stop)
        return np.repeat(np.arange(first, last + 1, dtype=np.int64), np.diff(bounds))


class RowNumbers:
    """start, start+1, ... within each group of rows, in row order; groups carried across consecutive chunks."""

    def __init__(self, first: int = 1) -> None:
        self.first = first
        self.next_row = 0
        self.counts: dict = {}
        self.dense: np.ndarray | None = None

    def number(self, keys: list[np.ndarray | pa.Array], start: int, dense_size: int | None = None) -> np.ndarray:
        """Numbers of rows start.. whose group keys are `keys` (parent row indices when dense_size is given)."""
        if start == 0:
            self.counts, self.dense, self.next_row = {}, None, 0
        if start != self.next_row:
            raise GenerationError("row_number needs the rows in order (chunks generated one after another)")
        if dense_size is not None:
            ids = np.asarray(keys[0], dtype=np.int64)
            if self.dense is None:
                self.dense = np.zeros(dense_size, dtype=np.int64)
            prior = self.dense
        else:
            ids, uniques = _group_ids(keys)
            prior = np.array([self.counts.get(u, 0) for u in uniques], dtype=np.int64)
        n = len(ids)
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        new_group = np.concatenate(([True], sorted_ids[1:] != sorted_ids[:-1])) if n else np.empty(0, dtype=bool)
        group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0)) if n else np.empty(0, dtype=np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n) - group_start + prior[sorted_ids]
        if n:
            ends = np.bincount(ids, minlength=len(prior))
            if dense_size is not None:
                self.dense += ends
            else:
                for u, k in zip(uniques, ends, strict=True):
                    self.counts[u] = self.counts.get(u, 0) + int(k)
        self.next_row = start + n
        return rank + self.first


def _group_ids(keys: list[np.ndarray | pa.Array]) -> tuple[np.ndarray, list]:
    """Dense ids 0..k-1 of the row groups of `keys` (first appearance order) and each group's hashable value."""
    cols = [k if isinstance(k, pa.Array) else pa.array(k) for k in keys]
    table = pa.table({f"k{i}": c for i, c in enumerate(cols)})
    if len(cols) == 1:
        enc = pc.dictionary_encode(cols[0], null_encoding="encode")
        ids = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return ids, enc.dictionary.to_pylist()
    rows = list(zip(*(c.to_pylist() for c in table.columns), strict=True))
    index: dict = {}
    ids = np.fromiter((index.setdefault(r, len(index)) for r in rows), dtype=np.int64, count=len(rows))
    return ids, list(index)
