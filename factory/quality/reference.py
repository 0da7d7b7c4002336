"""What the generators promise, computed from the spec alone (the semantics in factory.spec.generators)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from factory.spec.generators import DateGen, DistributionGen

NUMPY_DRAWS = {
    "uniform": lambda r, p, n: r.uniform(p.get("low", 0.0), p.get("high", 1.0), n),
    "normal": lambda r, p, n: r.normal(p.get("mean", 0.0), p.get("sd", 1.0), n),
    "lognormal": lambda r, p, n: r.lognormal(p.get("mean", 0.0), p.get("sigma", 1.0), n),
    "poisson": lambda r, p, n: r.poisson(p.get("lam", 1.0), n),
    "zipf": lambda r, p, n: r.zipf(p.get("a", 2.0), n),
    "exponential": lambda r, p, n: r.exponential(p.get("scale", 1.0), n),
    "gamma": lambda r, p, n: r.gamma(p.get("shape", 1.0), p.get("scale", 1.0), n),
    "pareto": lambda r, p, n: (r.pareto(p.get("a", 2.0), n) + 1.0) * p.get("scale", 1.0),
    "triangular": lambda r, p, n: r.triangular(p.get("left", 0.0), p.get("mode", 0.5), p.get("right", 1.0), n),
    "binomial": lambda r, p, n: r.binomial(int(p.get("n", 1)), p.get("p", 0.5), n),
}


def reference_sample(g: DistributionGen, seed: int, n: int, *, integer: bool) -> np.ndarray:
    """`n` values drawn as the generator draws them: numpy draw, clipped to [min, max], rounded."""
    rng = np.random.default_rng([seed % 2**32, 7_919])
    x = np.asarray(NUMPY_DRAWS[g.dist](rng, g.params, n), dtype=np.float64)
    if g.min is not None or g.max is not None:
        x = np.clip(x, -np.inf if g.min is None else g.min, np.inf if g.max is None else g.max)
    if integer:
        return np.rint(x)
    return np.round(x, g.round) if g.round is not None else x


def day_probabilities(g: DateGen, start: dt.date, end: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """(days as numpy datetime64[D], probability of each day): month x weekday weights x yearly trend."""
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    offset = (days - days[0]).astype(np.int64)
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    w = np.ones(len(days))
    if g.month_weights:
        w *= np.asarray(g.month_weights, dtype=np.float64)[month]
    if g.weekday_weights:
        w *= np.asarray(g.weekday_weights, dtype=np.float64)[weekday]
    if g.trend:
        w *= (1.0 + g.trend) ** (offset / 365.25)
    return days, w / w.sum()


def zipf_top_share(n: int, skew: float, top: float = 0.1) -> float:
    """Expected share of draws taken by the top `top` fraction of n ranks weighted 1 / (r + 1) ** skew."""
    if n <= 0:
        return 0.0
    w = 1.0 / np.power(np.arange(1, n + 1, dtype=np.float64), skew)
    k = max(1, int(round(top * n)))
    return float(w[:k].sum() / w.sum())
