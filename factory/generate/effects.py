"""Planted effects applied right after their column: scale (a step, or a ramp over time, with noise) and shift."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from factory.errors import GenerationError
from factory.generate.columns import day_number
from factory.generate.randomness import normals, stream_key
from factory.spec.generators import ChoiceGen
from factory.spec.models import ScaleEffect


def scale_factors(e: ScaleEffect, mask: np.ndarray, ramp_values: pa.Array | None, seed: int, table: str,
                  index: int, start: int, stop: int) -> np.ndarray:
    """The multiplicative factor of each row (1 outside the mask): step or ramp, times 1 + noise * N(0, 1)."""
    f = np.ones(stop - start, dtype=np.float64)
    if e.ramp is not None and ramp_values is not None:
        t = _days(ramp_values)
        a, b = day_number(e.ramp.start), day_number(e.ramp.end)
        share = np.clip((t - a) / max(b - a, 1), 0.0, 1.0)
        share = np.nan_to_num(share, nan=0.0)
        full = 1.0 + (e.factor - 1.0) * share
    else:
        full = np.full(stop - start, e.factor)
    if e.noise > 0:
        z = normals(stream_key(seed, table, e.column, "effect-noise", index), start, stop)
        full = full * np.maximum(1.0 + e.noise * z, 0.05)
    f[mask] = full[mask]
    return f


def _days(values: pa.Array) -> np.ndarray:
    """Day numbers (fractional for timestamps) of a date/timestamp column; NaN for NULL."""
    if pa.types.is_timestamp(values.type):
        x = values.cast(pa.timestamp("s")).cast(pa.int64()).to_numpy(zero_copy_only=False).astype(np.float64) / 86_400
    elif pa.types.is_date32(values.type):
        x = values.cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.float64)
    else:
        raise GenerationError(f"a ramp needs a date or timestamp column, found {values.type}")
    if values.null_count:
        x[np.asarray(values.is_null())] = np.nan
    return x


def value_index(g: ChoiceGen, value: object) -> int:
    """Index of a shift effect's value among the choice values (type-exact first)."""
    for i, v in enumerate(g.values):
        if v == value and type(v) is type(value):
            return i
    for i, v in enumerate(g.values):
        if v == value:
            return i
    raise GenerationError(f"shift value {value!r} is not one of the choice values")
