"""Foreign-key popularity of spec v2: weight_column ** weight_power, a bounded top share, and `match` draws
(a parent that shares an attribute with the row, a seeded share of exceptions drawn from any parent)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: standard deviations of sampling noise kept below max_share, so the realised top share stays under it
SHARE_MARGIN_SD = 3.0


def column_weights(col: np.ndarray, power: float) -> np.ndarray:
    """Parent weights from a numeric column: col ** power for positive values, 0 for the rest (and NULL)."""
    x = np.nan_to_num(np.asarray(col, dtype=np.float64), nan=0.0)
    pos = x > 0
    out = np.zeros(len(x), dtype=np.float64)
    out[pos] = x[pos] if power == 1 else np.power(x[pos], power)
    return out


def cap_shares(weights: np.ndarray, max_share: float | None, draws: int) -> np.ndarray:
    """Weights whose normalised shares are at most max_share (less a sampling margin for `draws` rows).

    Water filling: shares above the cap are set to it and the rest of the mass is spread over the others in
    proportion to their weights, until no share is above the cap. Unchanged when the cap cannot bind.
    """
    w = np.asarray(weights, dtype=np.float64)
    total = w.sum()
    if max_share is None or total <= 0 or len(w) == 0:
        return w
    margin = SHARE_MARGIN_SD * np.sqrt(max_share * (1 - max_share) / max(draws, 1))
    cap = max_share - margin if (max_share - margin) * np.count_nonzero(w) > 1 else max_share
    if cap * np.count_nonzero(w) <= 1:
        return w
    p = w / total
    capped = np.zeros(len(w), dtype=bool)
    for _ in range(len(w)):
        over = (p > cap) & ~capped
        if not over.any():
            break
        capped |= over
        free = ~capped
        rest = w[free].sum()
        p = np.where(capped, cap, w * ((1 - cap * capped.sum()) / rest if rest > 0 else 0.0))
    return p


class MatchedDraw:
    """Draws a parent whose `parent_column` equals the row's value, by the popularity weights within that group."""

    def __init__(self, parent_values: pa.Array, weights: np.ndarray, exceptions: float) -> None:
        enc = pc.dictionary_encode(parent_values)
        codes = enc.indices.to_numpy(zero_copy_only=False)
        codes = np.where(np.asarray(enc.indices.is_null()), -1, codes).astype(np.int64)
        self.values = enc.dictionary
        self.exceptions = exceptions
        k = len(self.values)
        order = np.lexsort((np.arange(len(codes)), codes))
        order = order[codes[order] >= 0]
        self.order = order
        self.cum = np.concatenate(([0.0], np.cumsum(np.asarray(weights, dtype=np.float64)[order])))
        sizes = np.bincount(codes[order], minlength=k)
        self.first = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self.last = self.first + sizes - 1
        self.base = self.cum[self.first]
        self.mass = self.cum[self.first + sizes] - self.base

    def draw(self, row_values: pa.Array, u: np.ndarray, u_exception: np.ndarray, fallback: np.ndarray) -> np.ndarray:
        """Parent row of each row: a matching parent, or `fallback` for exceptions and values no parent has."""
        if row_values.type != self.values.type:
            row_values = row_values.cast(self.values.type)
        group = pc.index_in(row_values, value_set=self.values).fill_null(-1).to_numpy(zero_copy_only=False)
        group = group.astype(np.int64)
        ok = (group >= 0) & (u_exception >= self.exceptions)
        g = np.where(ok, group, 0)
        ok &= self.mass[g] > 0
        pos = np.searchsorted(self.cum, self.base[g] + u * self.mass[g], side="right") - 1
        pos = np.clip(pos, self.first[g], self.last[g])
        return np.where(ok, self.order[np.clip(pos, 0, max(len(self.order) - 1, 0))], fallback)
