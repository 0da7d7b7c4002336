"""A seeded naming context (DomainContext) for code written before packs; packs draft through factory.library."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from factory.library.gazetteer import country
from factory.spec.models import Difficulty, Window

# (city, state, tier) of the Indian cities of the gazetteer (factory/library/gazetteer/india.yaml)
INDIAN_CITIES: tuple[tuple[str, str, str], ...] = tuple(
    (c.name, c.region, c.tier or "Tier 3") for c in country("India").cities)

FIRST_NAMES: tuple[str, ...] = (
    "Aarav", "Vivaan", "Aditya", "Ishaan", "Rohan", "Kabir", "Arjun", "Siddharth", "Karthik", "Nikhil", "Rahul",
    "Vikram", "Manish", "Tarun", "Harsh", "Ananya", "Diya", "Ishita", "Kavya", "Meera", "Priya", "Sneha",
    "Tanvi", "Riya", "Pooja", "Neha", "Aditi", "Shreya", "Nandini", "Lakshmi", "Farah", "Zoya", "Imran",
    "Sameer", "Deepa", "Gaurav", "Bhavna", "Sanjay", "Anjali", "Mohit",
)
LAST_NAMES: tuple[str, ...] = (
    "Sharma", "Verma", "Iyer", "Nair", "Reddy", "Patel", "Shah", "Mehta", "Gupta", "Agarwal", "Kulkarni",
    "Deshpande", "Banerjee", "Chatterjee", "Mukherjee", "Rao", "Menon", "Pillai", "Singh", "Chauhan", "Joshi",
    "Bhatt", "Das", "Ghosh", "Khan", "Qureshi", "Fernandes", "D'Souza", "Malhotra", "Kapoor",
)
TIER2_CITIES = tuple(c for c in INDIAN_CITIES if c[2] == "Tier 2")


@dataclass(frozen=True)
class Person:
    """A character's name and role."""

    name: str
    role: str


@dataclass
class DomainContext:
    """Everything a domain builder varies by seed, difficulty and the operator's wording."""

    domain_text: str
    seed: int
    difficulty: Difficulty
    rng: random.Random
    cities: list[tuple[str, str, str]]
    hq_city: str
    start_year: int
    years: int
    first_names: list[str]
    extras: set[str] = field(default_factory=set)
    harder: bool = False
    locale: str = "en_IN"
    fiscal_start_month: int = 1

    @property
    def window(self) -> Window:
        """The challenge window: whole years starting at start_year (or the fiscal year start)."""
        m = self.fiscal_start_month
        start = dt.date(self.start_year, m, 1)
        end = dt.date(self.start_year + self.years, m, 1) - dt.timedelta(days=1)
        return Window(start=start, end=end, fiscal_year_start_month=m)

    @property
    def end_year(self) -> int:
        """Last calendar year inside the window."""
        return self.window.end.year

    def person(self, role: str) -> Person:
        """A new character with a name not used yet in this challenge."""
        first = self.first_names.pop(0)
        last = self.rng.choice(LAST_NAMES)
        return Person(f"{first} {last}", role)

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        """One of `options`, chosen by the seed."""
        return self.rng.choice(list(options))

    def company(self, first: tuple[str, ...], second: tuple[str, ...]) -> str:
        """A fictional company name from two word lists."""
        return f"{self.rng.choice(first)} {self.rng.choice(second)}"


def mentioned_city(text: str) -> tuple[str, str, str] | None:
    """The library city the operator's text names, if any ('pet insurance in Pune' -> Pune)."""
    low = text.lower()
    for city in INDIAN_CITIES:
        if re.search(rf"\b{re.escape(city[0].lower())}\b", low):
            return city
    return None


def make_context(
    domain_text: str,
    seed: int,
    difficulty: Difficulty,
    *,
    n_cities: int = 8,
    tier2_only: bool = False,
    fiscal_start_month: int = 1,
    start_year: int | None = None,
    years: int = 2,
    extras: set[str] | None = None,
    harder: bool = False,
) -> DomainContext:
    """A context whose every choice derives from `seed` (same seed, same names)."""
    rng = random.Random(f"{seed}:{domain_text.strip().lower()}")
    pool = list(TIER2_CITIES if tier2_only or "tier-2" in domain_text.lower() or "tier 2" in domain_text.lower() else INDIAN_CITIES)
    named = mentioned_city(domain_text)
    cities = rng.sample(pool, k=min(n_cities, len(pool)))
    if named is not None:
        cities = [named] + [c for c in cities if c != named][: n_cities - 1]
    names = list(FIRST_NAMES)
    rng.shuffle(names)
    return DomainContext(
        domain_text=domain_text.strip(),
        seed=seed,
        difficulty=difficulty,
        rng=rng,
        cities=cities,
        hq_city=cities[0][0],
        start_year=start_year if start_year is not None else rng.choice((2022, 2023, 2024)),
        years=years,
        first_names=names,
        extras=set(extras or ()),
        harder=harder,
        fiscal_start_month=fiscal_start_month,
    )
