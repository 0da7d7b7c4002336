"""From a request to a draft state (place, cities, years, company, cast, questions), and the template context."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

from factory.library.cast import draw_cast
from factory.library.gazetteer import City, Place, cities_for, country, find_place
from factory.library.packs_index import PackSource
from factory.library.state import DraftState
from factory.spec.models import Difficulty

YEAR_CHOICES = (2022, 2023, 2024)


@dataclass(frozen=True)
class DraftOptions:
    """What a request or feedback may set (None = the pack default or the seed decides)."""

    difficulty: Difficulty = "intermediate"
    n_cities: int | None = None
    year_start: int | None = None
    years: int | None = None
    extras: tuple[str, ...] = ()
    question_count: int | None = None
    tier: str | None = None
    place: str | None = None


def rng_for(*parts: object) -> random.Random:
    """A random source seeded by the given parts (stable across runs and machines)."""
    return random.Random(":".join(str(p) for p in parts))


def request_tier(text: str) -> str | None:
    """'tier-2 Indian cities' -> 'Tier 2'."""
    m = re.search(r"\btier[\s-]*([123])\b", text.lower())
    return f"Tier {m.group(1)}" if m else None


def resolve_place(src: PackSource, request: str) -> Place:
    """The place the request names, else the pack's default place."""
    found = find_place(request) if request else None
    if found is not None:
        return found
    default = str((src.raw.get("defaults") or {}).get("place", "India"))
    return find_place(default) or Place(kind="country", country=country("India"))


def resolve(src: PackSource, request: str, seed: int, opts: DraftOptions, *, business: str = "",
            previous: DraftState | None = None, question_ids: list[str] | None = None) -> DraftState:
    """Every decision of a draft; with `previous`, the company and cast are kept (feedback never renames)."""
    from factory.settings import get_settings

    defaults = src.raw.get("defaults") or {}
    request = " ".join(request.split()) or src.title
    rng = rng_for(seed, src.name, " ".join(request.lower().split()))
    place = resolve_place(src, opts.place or (previous.place if previous else "") or request)
    n = opts.n_cities or int(defaults.get("n_cities", 6))
    tier = opts.tier or request_tier(request) or (defaults.get("tier") if place.kind == "country" else None)
    cities = cities_for(place, n, tier=tier, rng=rng_for(seed, "cities", place.label, n, tier))
    names = src.raw.get("company_names") or {"first": ["North"], "second": ["Works"]}
    first = business.split()[0] if src.generic and business.split() else ""
    word = first if first.isupper() else first.capitalize()
    company = previous.company if previous else " ".join(
        w for w in (rng.choice(names["first"]), word, rng.choice(names["second"])) if w)
    cast = previous.cast if previous else draw_cast(place.country.locale, rng)
    years = opts.years or int(defaults.get("years", 2))
    year_start = opts.year_start or rng.choice(YEAR_CHOICES)
    return DraftState(
        pack=src.name, generic=src.generic, request=" ".join(request.split()), business=business, seed=seed,
        difficulty=opts.difficulty, place=place.label, country=place.country.name, cities=[c.name for c in cities],
        year_start=year_start, years=years, extras=sorted(set(opts.extras)),
        question_count=opts.question_count or get_settings().question_count, question_ids=question_ids or [],
        company=company, cast=cast, applied=list(previous.applied) if previous else [])


def state_cities(state: DraftState) -> list[City]:
    """The City records of a state's cities (in the state's order)."""
    by_name = {c.name: c for c in country(state.country).cities}
    return [by_name[n] for n in state.cities if n in by_name]


def template_context(src: PackSource, state: DraftState) -> dict[str, Any]:
    """The variables every pack string may use (docs/LIBRARY.md lists them)."""
    ctry = country(state.country)
    cities = state_cities(state)
    fsm = int((src.raw.get("defaults") or {}).get("fiscal_start_month", 4))
    start, end = dt.date(state.year_start, 1, 1), dt.date(state.year_end, 12, 31)
    business = state.business or str(src.raw.get("title", "")).lower()
    roles = {m.get("part"): m for m in src.raw.get("cast") or [] if isinstance(m, dict)}
    people = dict(zip(("stakeholder", "manager", "analyst"), state.cast, strict=False))
    named = find_place(state.place)
    story_place = state.place  # a city request: its region, naming the city ("Maharashtra (head office in Pune)")
    if named is not None and named.kind == "city" and named.region and named.region != state.place:
        story_place = f"{named.region} (head office in {state.place})"
    ctx: dict[str, Any] = {
        "company": state.company, "place": story_place, "request_place": state.place, "country": ctry.name, "currency": ctry.currency,
        "locale": ctry.locale, "business": business, "business_title": business[:1].upper() + business[1:],
        "cities": [{"name": c.name, "region": c.region, "tier": c.tier or "", "population": c.population}
                   for c in cities],
        "city_names": [c.name for c in cities], "city_regions": [c.region for c in cities],
        "city_tiers": [c.tier or "Unclassified" for c in cities], "n_cities": len(cities),
        "hq_city": cities[0].name, "region_word": "state" if ctry.name == "India" else "region",
        "year_start": state.year_start, "year_end": state.year_end,
        "years": list(range(state.year_start, state.year_end + 1)),
        "window_start": start.isoformat(), "window_end": end.isoformat(),
        "fiscal_start_month": fsm, "fiscal_start_month_name": calendar.month_name[fsm],
        "difficulty": state.difficulty, "params": src.raw.get("params") or {},
        "vocab": src.raw.get("vocabulary") or {}, "main_table": (src.raw.get("schema") or {}).get("main_table", ""),
    }
    for part, member in people.items():
        ctx[part] = member.name
        ctx[f"{part}_first"] = member.name.split(" ")[0]
        ctx[f"{part}_role"] = str(roles.get(part, {}).get("role", part))
    return ctx
