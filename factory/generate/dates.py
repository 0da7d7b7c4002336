"""Dates and timestamps inside per-row bounds [lower, upper] (time order across tables, spec v2).

The seasonality of the date generator (month x weekday x trend) still shapes the draw: the day is the inverse
CDF of the daily weights restricted to the row's interval. Dates work in whole days; timestamps in seconds, the
day drawn as for dates and the time of day from hour_weights, redrawn uniformly inside the allowed part of the
day on the boundary days. Rows whose interval falls outside the generator's window fall back to the interval
itself (uniform), so the cross-table order always holds; an empty interval is a contradiction and is refused.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from factory.errors import GenerationError
from factory.generate.columns import day_weights
from factory.generate.sampling import Sampler

DAY = 86_400


class DayCdf:
    """Cumulative daily weights of a date generator over [first, last] (day numbers)."""

    def __init__(self, g: object, first: int, last: int) -> None:
        self.first, self.last = first, last
        self.cum = np.concatenate(([0.0], np.cumsum(day_weights(g, first, last))))

    def draw(self, u: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """One day in [lo, hi] per row (inside [first, last]) by inverse CDF of uniforms u."""
        a, b = lo - self.first, hi - self.first + 1
        ca, cb = self.cum[a], self.cum[b]
        idx = np.searchsorted(self.cum, ca + u * (cb - ca), side="right") - 1
        idx = np.clip(idx, a, b - 1)
        flat = cb <= ca
        if flat.any():  # no weight in the interval: uniform over it
            idx[flat] = a[flat] + np.minimum((u[flat] * (b - a)[flat]).astype(np.int64), (b - a - 1)[flat])
        return self.first + idx


def bounded_days(cdf: DayCdf, u: np.ndarray, lo: np.ndarray, hi: np.ndarray, where: str) -> np.ndarray:
    """Days in [lo, hi] per row: seasonal inside the generator's window, uniform where the interval leaves it."""
    empty = lo > hi
    if empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise GenerationError(f"{int(empty.sum()):,} rows have no valid date (row {i}: the earliest allowed day is "
                              f"after the latest); the after/before constraints contradict each other", column=where)
    inside = (lo <= cdf.last) & (hi >= cdf.first)
    clo, chi = np.maximum(lo, cdf.first), np.minimum(hi, cdf.last)
    days = np.empty(len(u), dtype=np.int64)
    if inside.all():
        return cdf.draw(u, clo, chi)
    days[inside] = cdf.draw(u[inside], clo[inside], chi[inside])
    out = ~inside
    span = hi[out] - lo[out] + 1
    days[out] = lo[out] + np.minimum((u[out] * span).astype(np.int64), span - 1)
    return days


def bounded_values(g: object, ctype: str, cdf: DayCdf, u: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                   where: str) -> pa.Array:
    """Dates (bounds in days) or timestamps (bounds in seconds) inside [lower, upper]; u has 1 or 3 columns."""
    if ctype != "timestamp":
        return pa.array(bounded_days(cdf, np.ascontiguousarray(u[:, 0]), lower, upper, where).astype(np.int32),
                        pa.date32())
    days = bounded_days(cdf, np.ascontiguousarray(u[:, 0]), lower // DAY, upper // DAY, where)
    hw = np.asarray(getattr(g, "hour_weights", None) or [1.0] * 24, dtype=np.float64)
    secs = days * DAY + Sampler(hw).draw(u[:, 1]) * 3600 + np.minimum((u[:, 2] * 3600).astype(np.int64), 3599)
    tlo, thi = np.maximum(lower, days * DAY), np.minimum(upper, days * DAY + DAY - 1)
    off = (secs < tlo) | (secs > thi)
    if off.any():  # boundary day: a uniform time inside the allowed part of it
        span = thi[off] - tlo[off] + 1
        secs[off] = tlo[off] + np.minimum((u[off, 2] * span).astype(np.int64), span - 1)
    return pa.array(secs, pa.timestamp("s"))


def as_units(values: pa.Array, ctype: str, *, upper: bool) -> np.ndarray:
    """A date/timestamp reference as float days (date columns) or seconds (timestamp columns); NaN for NULL.

    Dates against timestamps compare in whole days: a timestamp bound of a date column is its day; a date bound
    of a timestamp column is the start of that day (lower) or its last second (upper).
    """
    if pa.types.is_date32(values.type) or pa.types.is_date64(values.type):
        x = values.cast(pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.float64)
        if ctype == "timestamp":
            x = x * DAY + (DAY - 1 if upper else 0)
    elif pa.types.is_timestamp(values.type):
        x = values.cast(pa.timestamp("s")).cast(pa.int64()).to_numpy(zero_copy_only=False).astype(np.float64)
        if ctype != "timestamp":
            x = np.floor(x / DAY)
    else:
        raise GenerationError(f"a time bound must be a date or timestamp column, found {values.type}")
    if values.null_count:
        x[np.asarray(values.is_null())] = np.nan
    return x
