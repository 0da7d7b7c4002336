"""Fast exact inverse-CDF sampling: a guide table jumps close to the answer, a short vectorised scan finishes.

`Sampler(weights).draw(u)` returns the same index as `searchsorted(cdf, u, side="right")` (clamped), but in
about O(1) per draw instead of a cache-missing binary search, which matters for 100K-parent foreign keys.
"""

from __future__ import annotations

import numpy as np


class Sampler:
    """Draws indices 0..k-1 with probability proportional to `weights`, from uniforms."""

    def __init__(self, weights: np.ndarray) -> None:
        w = np.asarray(weights, dtype=np.float64)
        self.k = len(w)
        self.cdf = np.cumsum(w)
        self.cdf /= self.cdf[-1]
        self.cdf[-1] = np.inf  # every u < 1 ends at or before the last index
        self.buckets = max(1, min(2 * self.k, 1 << 22))
        needles = np.arange(self.buckets, dtype=np.float64) / self.buckets * (1 - 1e-12)
        self.guide = np.searchsorted(self.cdf, needles, side="right").astype(np.int64)

    def draw(self, u: np.ndarray) -> np.ndarray:
        """Index of each uniform draw in [0, 1)."""
        if self.k <= 8:
            return np.minimum(np.searchsorted(self.cdf, u, side="right"), self.k - 1)
        idx = self.guide[np.minimum((u * self.buckets).astype(np.int64), self.buckets - 1)]
        todo = np.flatnonzero(self.cdf[idx] <= u)
        while len(todo):
            idx[todo] += 1
            todo = todo[self.cdf[idx[todo]] <= u[todo]]
        return idx


def discrete_pmf_sampler(pmf: np.ndarray) -> Sampler:
    """A sampler over the support 0..len(pmf)-1 of a truncated discrete distribution."""
    return Sampler(np.maximum(pmf, 0.0))
