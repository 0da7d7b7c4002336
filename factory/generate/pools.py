"""Text pools built once per column with Faker (seeded, in the spec's locale); rows index into them."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyarrow as pa
from faker import Faker

from factory.errors import GenerationError
from factory.generate.randomness import stream_key
from factory.spec.generators import FakerGen

#: most Faker calls spent on one pool (beyond it unique pools use numeric suffixes)
MAX_FAKER_CALLS = 50_000


@lru_cache(maxsize=16)
def _faker(locale: str) -> Faker:
    try:
        return Faker(locale)
    except AttributeError as exc:  # unknown locale
        raise GenerationError(f"unknown Faker locale '{locale}'") from exc


def faker_pool(g: FakerGen, locale: str, seed: int, table: str, column: str, size: int) -> list[str]:
    """`size` values from Faker provider g.provider; distinct values first when possible (cached per run key)."""
    key = (g.provider, g.locale or locale, seed, table, column, size)
    if key in _POOLS:
        return _POOLS[key]
    pool = _build_pool(g, locale, seed, table, column, size)
    if size <= 100_000:
        if len(_POOLS) > 64:
            _POOLS.clear()
        _POOLS[key] = pool
    return pool


_POOLS: dict[tuple, list[str]] = {}


def _build_pool(g: FakerGen, locale: str, seed: int, table: str, column: str, size: int) -> list[str]:
    fake = _faker(g.locale or locale)
    fn = getattr(fake, g.provider, None)
    if fn is None or not callable(fn):
        raise GenerationError(f"Faker has no provider '{g.provider}'", table=table, column=column)
    fake.seed_instance(int(stream_key(seed, table, column, "faker")[0] & 0x7FFFFFFF))
    seen: dict[str, None] = {}
    calls = 0
    try:
        while len(seen) < size and calls < min(MAX_FAKER_CALLS, 4 * size):
            seen.setdefault(str(fn()).replace("\n", ", "), None)
            calls += 1
    except Exception as exc:  # provider needs arguments or fails
        raise GenerationError(f"Faker provider '{g.provider}' failed: {exc}", table=table, column=column) from exc
    return list(seen)


def unique_values(base: list[str], n: int) -> list[str]:
    """n distinct values: the base pool, then numeric suffixes ('Asha Rao 2') when Faker ran out."""
    if not base:
        base = ["value"]
    out = list(base[:n])
    taken = set(out)
    k = 2
    while len(out) < n:
        for v in base:
            cand = f"{v} {k}"
            if cand not in taken:
                out.append(cand)
                taken.add(cand)
                if len(out) == n:
                    break
        k += 1
    return out


def zipf_weights(n: int, skew: float) -> np.ndarray:
    """Popularity of ranks 0..n-1: 1 / (r + 1) ** skew (uniform when skew is 0)."""
    return 1.0 / np.power(np.arange(1, n + 1, dtype=np.float64), skew) if skew > 0 else np.ones(n)


def pool_array(values: list[str]) -> pa.Array:
    """The pool as an arrow string array."""
    return pa.array(values, pa.string())
