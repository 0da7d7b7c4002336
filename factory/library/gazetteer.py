"""The gazetteer as data: countries, their regions (states, union territories) and cities, and place lookup in text.

Files in factory/library/gazetteer/*.yaml, one country each:
`{country, currency, locale, aliases, demonyms, regions: {Region: {kind, cities: [[name, tier, population]]}}}`
(tier and population may be null).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factory.errors import ConfigError
from factory.library.files import GAZETTEER, read_yaml


@dataclass(frozen=True)
class City:
    """A city or town."""

    name: str
    region: str
    country: str
    tier: str | None = None
    population: int | None = None


@dataclass(frozen=True)
class Country:
    """A country with its currency, Faker locale and cities (largest first)."""

    name: str
    currency: str
    locale: str
    aliases: tuple[str, ...]
    regions: dict[str, str]  # region -> kind (state, union territory, province, ...)
    cities: tuple[City, ...]


@dataclass(frozen=True)
class Place:
    """A place named in a request: a country, a region of it, or a city."""

    kind: str  # "country" | "region" | "city"
    country: Country
    region: str | None = None
    city: City | None = None

    @property
    def label(self) -> str:
        """How the story names it ('Goa', 'Indore', 'Germany')."""
        return self.city.name if self.city else self.region or self.country.name


def _country(path_name: str, data: dict) -> Country:
    try:
        cities: list[City] = []
        regions: dict[str, str] = {}
        for region, body in data["regions"].items():
            regions[region] = body.get("kind", "region")
            for row in body["cities"]:
                name, tier, pop = (list(row) + [None, None])[:3]
                cities.append(City(name=str(name), region=region, country=data["country"],
                                   tier=f"Tier {tier}" if tier else None, population=int(pop) if pop else None))
        cities.sort(key=lambda c: -(c.population or 0))
        return Country(name=data["country"], currency=data["currency"], locale=data["locale"],
                       aliases=tuple(a.lower() for a in [data["country"], *data.get("aliases", []),
                                                         *data.get("demonyms", [])]),
                       regions=regions, cities=tuple(cities))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{path_name}: invalid gazetteer file: {exc!r}") from exc


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country of the gazetteer by name."""
    out: dict[str, Country] = {}
    for path in sorted(GAZETTEER.glob("*.yaml")):
        data, _ = read_yaml(path)
        for entry in data if isinstance(data, list) else [data]:
            c = _country(str(path), entry)
            out[c.name] = c
    return out


def country(name: str) -> Country:
    """The country called `name` (or one of its aliases)."""
    low = name.lower()
    for c in countries().values():
        if low in c.aliases:
            return c
    raise ConfigError(f"gazetteer: no country named '{name}'", hint=f"known: {', '.join(sorted(countries()))}")


def _norm(text: str) -> str:
    """Lower case, every non-alphanumeric run as one space, padded: ' pimpri chinchwad '."""
    return f" {' '.join(re.sub(r'[^a-z0-9]+', ' ', text.lower()).split())} "


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, str, Country, str | None, City | None]]:
    """(normalised name, kind, country, region, city) of every place, longest names first."""
    rows: list[tuple[str, str, Country, str | None, City | None]] = []
    rank = {"city": 0, "region": 1, "country": 2}
    for c in countries().values():
        rows += [(_norm(a), "country", c, None, None) for a in c.aliases]
        rows += [(_norm(r), "region", c, r, None) for r in c.regions]
        rows += [(_norm(city.name), "city", c, city.region, city) for city in c.cities if len(city.name) > 3]
    rows.sort(key=lambda r: (-len(r[0]), rank[r[1]], -(r[4].population or 0) if r[4] else 0))
    return rows


def find_place(text: str) -> Place | None:
    """The most specific place `text` names ('hotel bookings in Goa' -> region Goa), or None."""
    low = _norm(text)
    found: list[tuple[int, Place]] = []
    for name, kind, ctry, region, city in _names():
        if name in low:
            order = {"city": 0, "region": 1, "country": 2}[kind]
            found.append((order, Place(kind=kind, country=ctry, region=region, city=city)))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    return found[0][1]


def place_named(label: str) -> Place:
    """The place a label names exactly (a stored draft state's place)."""
    place = find_place(label)
    if place is None:
        raise ConfigError(f"gazetteer: unknown place '{label}'")
    return place


def cities_for(place: Place, n: int, *, tier: str | None, rng) -> list[City]:  # noqa: ANN001 (random.Random)
    """`n` cities for a story set in `place`: the named city first, then its region, then its country.

    In a region (its largest city always included) or a country the seed picks among the cities (of `tier` when given and enough exist); a region with
    fewer than `n` cities gives all of them.
    """
    c = place.country
    if place.city is not None:
        rest = [x for x in c.cities if x.region == place.region and x != place.city]
        rest += [x for x in c.cities if x.region != place.region and (tier is None or x.tier == tier)]
        return [place.city, *rest[: n - 1]]
    pool = [x for x in c.cities if place.region is None or x.region == place.region]
    if place.kind == "region" and len(pool) > n + 2:
        pool = pool[: n + 2]  # a company in a region is in its larger towns
    tiered = [x for x in pool if tier is not None and x.tier == tier]
    pool = tiered if len(tiered) >= n else pool
    if place.kind == "country" and len(pool) > 3 * n:
        pool = pool[: max(3 * n, 24)]  # the better-known cities of a country
    if place.kind == "region" and pool:  # the region's largest city is always one of them
        picked = [pool[0], *rng.sample(pool[1:], k=min(n, len(pool)) - 1)]
    else:
        picked = rng.sample(pool, k=min(n, len(pool)))
    return sorted(picked, key=lambda x: -(x.population or 0))
