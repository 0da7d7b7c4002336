"""Cast names by locale and gender: the shared cast part (parts/cast.yaml), else Faker's gendered pools."""

from __future__ import annotations

import random
from functools import lru_cache

from factory.library.files import PARTS, read_yaml
from factory.library.state import CastMember

GENDERS = ("female", "male")


@lru_cache(maxsize=1)
def _curated() -> dict[str, dict[str, list[str]]]:
    data, _ = read_yaml(PARTS / "cast.yaml")
    return data


@lru_cache(maxsize=32)
def name_pools(locale: str) -> dict[str, list[str]]:
    """{female, male, last} name lists for a locale."""
    if locale in _curated():
        return _curated()[locale]
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(0)
    pools = {"female": sorted({fake.first_name_female() for _ in range(150)}),
             "male": sorted({fake.first_name_male() for _ in range(150)}),
             "last": sorted({fake.last_name() for _ in range(150)})}
    return pools


def draw_cast(locale: str, rng: random.Random, n: int = 3) -> list[CastMember]:
    """`n` characters with distinct first and last names, each name matching the gender drawn for it."""
    pools = name_pools(locale)
    genders = [rng.choice(GENDERS) for _ in range(n)]
    if len(set(genders)) == 1:
        genders[rng.randrange(n)] = GENDERS[1 - GENDERS.index(genders[0])]
    firsts: dict[str, list[str]] = {g: rng.sample(pools[g], k=n) for g in GENDERS}
    lasts = rng.sample(pools["last"], k=n)
    return [CastMember(name=f"{firsts[g][i]} {lasts[i]}", gender=g) for i, g in enumerate(genders)]
