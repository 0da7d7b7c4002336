"""Vectorised value generators of the self-contained kinds: sequence, calendar, choice, distribution, date."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.generate.randomness import block_rng, blocks, uniforms
from factory.generate.sampling import Sampler
from factory.spec.generators import ChoiceGen, DateGen, DistributionGen, SequenceGen

EPOCH = dt.date(1970, 1, 1)
#: arrow type of each logical column type
ARROW_TYPES: dict[str, pa.DataType] = {
    "id": pa.int64(), "integer": pa.int64(), "decimal": pa.float64(), "string": pa.string(),
    "category": pa.string(), "boolean": pa.bool_(), "date": pa.date32(), "timestamp": pa.timestamp("s"),
    "year": pa.int64(),
}
#: logical types stored as whole numbers
WHOLE_TYPES = frozenset({"id", "integer", "year"})


def day_number(d: dt.date) -> int:
    """Days since 1970-01-01."""
    return (d - EPOCH).days


def uniform_matrix(key: np.ndarray, start: int, stop: int, k: int) -> np.ndarray:
    """(rows, k) uniform draws for rows [start, stop), block by block (k streams per row)."""
    out = np.empty((stop - start, k), dtype=np.float64)
    for b, lo, hi in blocks(start, stop):
        block_rng(key, b).random(out=out[lo - start:hi - start])
    return out


def format_keys(prefix: str, width: int, nums: np.ndarray) -> pa.Array:
    """Text keys f"{prefix}{n:0{width}d}", built by Arrow compute kernels (no Python loop)."""
    nums = np.asarray(nums, dtype=np.int64)
    if len(nums) and nums.min() < 0:
        return pa.array([f"{prefix}{int(v):0{width}d}" for v in nums], pa.string())
    text = pc.utf8_lpad(pc.cast(pa.array(nums, pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, text, "") if prefix else text


def sequence_values(g: SequenceGen, ctype: str, idx: np.ndarray) -> pa.Array:
    """Keys of the rows with indices `idx`."""
    nums = g.start + np.asarray(idx, dtype=np.int64) * g.step
    if g.prefix is not None:
        return format_keys(g.prefix, g.width, nums)
    arr = pa.array(nums, pa.int64())
    return arr.cast(pa.string()) if ctype in ("string", "category") else arr


def calendar_values(window_start: dt.date, idx: np.ndarray) -> pa.Array:
    """Dates window_start + idx days."""
    return pa.array((day_number(window_start) + np.asarray(idx)).astype(np.int32), pa.date32())


def choice_value_array(g: ChoiceGen, ctype: str) -> pa.Array:
    """The choice values as an arrow array of the column's type."""
    vals: list = list(g.values)
    if ctype in ("string", "category"):
        vals = [None if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in vals]
    elif ctype == "decimal":
        vals = [None if v is None else float(v) for v in vals]
    elif ctype in WHOLE_TYPES:
        vals = [None if v is None else int(v) for v in vals]
    return pa.array(vals, ARROW_TYPES[ctype])


def choice_index(g: ChoiceGen, key: np.ndarray, start: int, stop: int,
                 shifts: list[tuple[np.ndarray, int, float]]) -> np.ndarray:
    """Index into g.values for each row; shifts = (row mask, value index, probability) from planted insights."""
    k = len(g.values)
    weights = np.asarray(g.weights if g.weights is not None else [1.0] * k, dtype=np.float64)
    u = uniforms(key, start, stop)
    if g.cycle:
        idx = np.arange(start, stop, dtype=np.int64) % k
    else:
        idx = small_draw(weights, u)
    for mask, vi, p in shifts:
        w2 = weights.copy()
        others = w2.sum() - w2[vi]
        w2 = w2 * ((1 - p) / others) if others > 0 else np.zeros_like(w2)
        w2[vi] = p
        if w2.sum() > 0:
            idx[mask] = small_draw(w2, u[mask])
    return idx


def small_draw(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Inverse-CDF draw over a few weights: the number of cumulative weights at or below u."""
    if len(weights) > 16:
        return Sampler(weights).draw(u)
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    idx = np.zeros(len(u), dtype=np.int64)
    for c in cdf[:-1]:
        idx += u >= c
    return idx


def distribution_values(g: DistributionGen, ctype: str, key: np.ndarray, start: int, stop: int,
                        row_bounds: tuple[np.ndarray | None, np.ndarray | None] = (None, None)) -> np.ndarray:
    """Numeric draws clipped to [min, max], then into per-row bounds (NaN: none), and rounded (int64 for whole
    numbers); a rounded value never leaves its row's bounds."""
    p = g.params
    table = {
        "uniform": ("uniform", {"low": p.get("low", 0.0), "high": p.get("high", 1.0)}),
        "normal": ("normal", {"loc": p.get("mean", 0.0), "scale": p.get("sd", 1.0)}),
        "lognormal": ("lognormal", {"mean": p.get("mean", 0.0), "sigma": p.get("sigma", 1.0)}),
        "poisson": ("poisson", {"lam": p.get("lam", 1.0)}),
        "zipf": ("zipf", {"a": p.get("a", 2.0)}),
        "exponential": ("exponential", {"scale": p.get("scale", 1.0)}),
        "gamma": ("gamma", {"shape": p.get("shape", 1.0), "scale": p.get("scale", 1.0)}),
        "pareto": ("pareto", {"a": p.get("a", 2.0)}),
        "triangular": ("triangular", {"left": p.get("left", 0.0), "mode": p.get("mode", 0.5), "right": p.get("right", 1.0)}),
        "binomial": ("binomial", {"n": int(p.get("n", 1)), "p": p.get("p", 0.5)}),
    }
    fn, kwargs = table[g.dist]
    sampler = _count_sampler(g.dist, tuple(sorted(kwargs.items())))
    if sampler is not None:  # small-support counts: exact inverse CDF, much faster than numpy's poisson
        x = sampler.draw(uniforms(key, start, stop)).astype(np.float64)
    else:
        parts = [getattr(block_rng(key, b), fn)(size=hi - lo, **kwargs) for b, lo, hi in blocks(start, stop)]
        x = np.concatenate(parts).astype(np.float64) if parts else np.empty(0)
    if g.dist == "pareto":
        x = (x + 1.0) * p.get("scale", 1.0)
    if g.min is not None or g.max is not None:
        x = np.clip(x, g.min if g.min is not None else -np.inf, g.max if g.max is not None else np.inf)
    lo, hi = row_bounds
    if lo is None and hi is None:
        return round_values(x, ctype, g.round)
    return clip_rounded(x, lo, hi, ctype, g.round)


def clip_rounded(x: np.ndarray, lo: np.ndarray | None, hi: np.ndarray | None, ctype: str,
                 places: int | None) -> np.ndarray:
    """x clipped into per-row [lo, hi] (NaN = no bound) and rounded, pulled back inside where rounding left it."""
    if hi is not None:
        x = np.fmin(x, hi)
    if lo is not None:
        x = np.fmax(x, lo)
    out = round_values(x, ctype, places)
    p = 0 if ctype in WHOLE_TYPES else places
    if p is None:
        return out
    step = 10.0 ** -p
    if hi is not None:
        over = out > hi
        if over.any():
            out[over] = (np.floor(hi[over] / step) * step).astype(out.dtype)
    if lo is not None:
        under = out < lo
        if under.any():
            out[under] = (np.ceil(lo[under] / step) * step).astype(out.dtype)
    return out


@lru_cache(maxsize=64)
def _count_sampler(dist: str, params: tuple[tuple[str, float], ...]) -> Sampler | None:
    """Poisson / binomial over their (truncated at 1e-16 tail) support 0..k, or None when the support is huge."""
    p = dict(params)
    if dist == "poisson" and 0 < p["lam"] <= 10_000:
        lam = p["lam"]
        k = np.arange(int(lam + 15 * np.sqrt(lam) + 30))
        logfact = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, len(k))))))
        return Sampler(np.exp(k * np.log(lam) - lam - logfact))
    if dist == "binomial" and 0 < p["n"] <= 100_000 and 0 < p["p"] < 1:
        n, q = int(p["n"]), p["p"]
        k = np.arange(n + 1)
        logfact = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, n + 1)))))
        logpmf = logfact[n] - logfact[k] - logfact[n - k] + k * np.log(q) + (n - k) * np.log1p(-q)
        return Sampler(np.exp(logpmf - logpmf.max()))
    return None


def round_values(x: np.ndarray, ctype: str, places: int | None) -> np.ndarray:
    """Round to `places` (whole numbers and int64 for integer columns)."""
    if ctype in WHOLE_TYPES:
        return np.rint(x).astype(np.int64)
    return np.round(x, places) if places is not None else x


def day_weights(g: DateGen, first: int, last: int) -> np.ndarray:
    """Weight of each day in [first, last]: month x weekday seasonality x yearly trend."""
    days = np.arange(first, last + 1, dtype=np.int64)
    dates = days.astype("datetime64[D]")
    month = dates.astype("datetime64[M]").astype(np.int64) % 12
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (Mon = 0)
    w = np.ones(len(days), dtype=np.float64)
    if g.month_weights:
        w *= np.asarray(g.month_weights)[month]
    if g.weekday_weights:
        w *= np.asarray(g.weekday_weights)[weekday]
    if g.trend:
        w *= (1.0 + g.trend) ** ((days - first) / 365.25)
    return w


@lru_cache(maxsize=64)
def _day_sampler(spec: str, first: int, last: int) -> Sampler:
    return Sampler(day_weights(DateGen.model_validate_json(spec), first, last))


def day_sampler(g: DateGen, first: int, last: int) -> Sampler:
    """The (cached) sampler of days in [first, last] for a date generator's seasonality."""
    return _day_sampler(g.model_dump_json(), first, last)


def date_values(g: DateGen, ctype: str, key: np.ndarray, start: int, stop: int, bounds: tuple[int, int],
                base: np.ndarray | None = None, base_is_date: bool = True) -> pa.Array:
    """Dates (date32) or timestamps (seconds) for rows [start, stop); `base` = the `after` column's values."""
    u = uniform_matrix(key, start, stop, 1 if ctype == "date" else 3)
    if base is not None:
        if ctype == "date":
            lo, hi = int(np.ceil(g.lag_min)), int(np.floor(g.lag_max))
            whole = np.minimum(lo + np.floor(u[:, 0] * (max(hi, lo) - lo + 1)), max(hi, lo)).astype(np.int64)
            days = (base if base_is_date else base // 86_400) + whole
            return pa.array(days.astype(np.int32), pa.date32())
        lag = g.lag_min + u[:, 0] * (g.lag_max - g.lag_min)
        secs = (base * 86_400 if base_is_date else base) + np.rint(lag * 60).astype(np.int64)
        return pa.array(secs, pa.timestamp("s"))
    first, last = bounds
    days = first + day_sampler(g, first, last).draw(np.ascontiguousarray(u[:, 0]))
    if ctype == "date":
        return pa.array(days.astype(np.int32), pa.date32())
    hw = np.asarray(g.hour_weights if g.hour_weights else [1.0] * 24, dtype=np.float64)
    hours = Sampler(hw).draw(u[:, 1])
    secs = days * 86_400 + hours * 3600 + np.minimum((u[:, 2] * 3600).astype(np.int64), 3599)
    return pa.array(secs, pa.timestamp("s"))
