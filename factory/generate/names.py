"""Person names consistent with gender and locale, with a controlled share of repeated full names.

Pools are built once per locale with Faker's first_name_male / first_name_female / last_name (never Faker per
row); a first name found in both gender pools is dropped from both, so a name never contradicts its gender.
Row i of a gender gets the full name numbered i by an affine bijection over (first x last) of that gender's
pools, so names are distinct while the rows fit the pools (a row of neither gender takes one of the two pools,
seeded per row); a seeded `repeat_rate` share of rows instead takes
one of a small set of shared names (about REPEAT_GROUP rows each), giving full-name repeats near repeat_rate.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from factory.errors import GenerationError
from factory.generate.randomness import uniforms

MALE_VALUES = frozenset({"m", "male", "man", "boy", "men"})
FEMALE_VALUES = frozenset({"f", "female", "woman", "girl", "women"})
#: rows sharing one repeated name, on average (with both genders about equally common)
REPEAT_GROUP = 5.0
_CALLS = 4000


@lru_cache(maxsize=8)
def name_pools(locale: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(male first names, female first names, last names) of a Faker locale, sorted, genders disjoint."""
    from faker import Faker

    try:
        fake = Faker(locale)
    except AttributeError as exc:
        raise GenerationError(f"unknown Faker locale '{locale}'") from exc
    fake.seed_instance(0)
    male = {fake.first_name_male() for _ in range(_CALLS)}
    female = {fake.first_name_female() for _ in range(_CALLS)}
    last = {fake.last_name() for _ in range(_CALLS)}
    both = male & female
    return tuple(sorted(male - both)), tuple(sorted(female - both)), tuple(sorted(last))


def gender_codes(values: pa.Array | None, n: int) -> np.ndarray:
    """0 = male, 1 = female, 2 = neither / NULL (draws from both pools), from a gender column."""
    if values is None:
        return np.full(n, 2, dtype=np.int64)
    text = pc.utf8_lower(pc.utf8_trim_whitespace(values.cast(pa.string())))
    male = pc.is_in(text, value_set=pa.array(sorted(MALE_VALUES))).fill_null(False)
    female = pc.is_in(text, value_set=pa.array(sorted(FEMALE_VALUES))).fill_null(False)
    m, f = np.asarray(male, dtype=bool), np.asarray(female, dtype=bool)
    return np.where(m, 0, np.where(f, 1, 2)).astype(np.int64)


class PersonNames:
    """Vectorised person names for one column (see module docstring)."""

    def __init__(self, locale: str, part: str, repeat_rate: float, rows: int, keys: tuple[np.ndarray, ...]) -> None:
        male, female, last = name_pools(locale)
        if not male or not female or not last:
            raise GenerationError(f"Faker locale '{locale}' has no gendered first names")
        self.part, self.repeat_rate = part, repeat_rate
        self.key, self.repeat_key, self.either_key = keys
        self.first = [pa.array(male, pa.string()), pa.array(female, pa.string())]
        self.last = pa.array(last, pa.string())
        self.shared = max(1, int(round(repeat_rate * rows / REPEAT_GROUP)))

    def values(self, genders: np.ndarray, start: int, stop: int) -> pa.Array:
        """Names of rows [start, stop) with gender codes `genders`."""
        n, nl = stop - start, len(self.last)
        rows = np.arange(start, stop, dtype=np.int64)
        either = uniforms(self.either_key, start, stop) < 0.5  # neither / NULL: either pool, seeded per row
        genders = np.where(genders == 2, either.astype(np.int64), genders)
        shared = uniforms(self.repeat_key, start, stop) < self.repeat_rate
        pick = np.minimum((uniforms(self.key, start, stop) * self.shared).astype(np.int64), self.shared - 1)
        first_idx = np.zeros(n, dtype=np.int64)
        last_idx = np.zeros(n, dtype=np.int64)
        for g in range(2):
            sel = genders == g
            if not sel.any():
                continue
            nf = len(self.first[g])
            space = nf * nl
            number = np.where(shared[sel], space - 1 - (pick[sel] // 2) % space, rows[sel] % space)
            combo = (number * _stride(space) + 7) % space
            first_idx[sel], last_idx[sel] = combo % nf, (combo // nf) % nl
        if self.part == "last":
            return self.last.take(pa.array(last_idx))
        firsts = _take_by_gender(self.first, genders, first_idx)
        if self.part == "first":
            return firsts
        return pc.binary_join_element_wise(firsts, self.last.take(pa.array(last_idx)), " ")


def _take_by_gender(pools: list[pa.Array], genders: np.ndarray, idx: np.ndarray) -> pa.Array:
    """pools[gender][idx] per row, as one string array (pools laid end to end)."""
    offsets = np.cumsum([0] + [len(p) for p in pools[:-1]])
    flat = pa.concat_arrays(pools)
    return flat.take(pa.array(offsets[genders] + idx))


def _stride(space: int) -> int:
    """A multiplier coprime with `space` near 0.618 x space (spreads consecutive numbers over the pools)."""
    a = max(1, int(space * 0.6180339887))
    while np.gcd(a, space) != 1:
        a += 1
    return a
