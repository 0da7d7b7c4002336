"""30 free-text requests (businesses and places outside the library) x 2 seeds: each draft is faithful to the
request (its business words and place in the story, the tables and the data) or a clear refusal."""

from __future__ import annotations

import re

import pytest

from factory.errors import ProviderError
from factory.library.gazetteer import find_place
from factory.library.match import QUALIFIERS
from factory.llm.offline.provider import OfflineProvider
from factory.spec.models import Problem, Schema

REQUESTS = [
    "solar panel installation company in Rajasthan", "coffee chain in Bengaluru", "pet grooming salon in Pune",
    "gym memberships in Lucknow", "microfinance lender in Bihar", "bike rental startup in Goa",
    "IT helpdesk for schools in Kerala", "mobile phone extended warranty in Mumbai", "bakery chain in Kolkata",
    "dental clinic appointments in Chennai", "AC repair and servicing in Hyderabad",
    "yoga studio subscriptions in Rishikesh", "gold loan company in Tamil Nadu", "courier service in Delhi",
    "complaints desk of a water utility in Nagpur", "crop insurance claims in Punjab", "pet insurance in Pune",
    "coworking space bookings in Gurugram", "meal kit subscription in Germany", "car rental in Texas",
    "flower shop in Amsterdam", "pharmacy chain in Nairobi", "driving school in Jaipur",
    "pest control services in Bhopal", "two-wheeler finance in Indore", "bookstore chain in London",
    "ferry operator in Kochi", "software helpdesk in Singapore", "tuition classes subscriptions in Patna",
    "quantum flux capacitor research",
]
SEEDS = (3, 8)


@pytest.fixture(scope="module")
def provider() -> OfflineProvider:
    return OfflineProvider()


def _draft(provider: OfflineProvider, text: str, seed: int) -> tuple[Problem, Schema, dict]:
    research = provider.research(text)
    draft = provider.problem(research, seed=seed, difficulty="intermediate")
    sdraft = provider.schema(draft.problem, seed=seed, state=draft.draft_state)
    return sdraft.problem, sdraft.schema_, draft.draft_state or {}


def _values(schema: Schema) -> str:
    """Every description and categorical value of the schema, as one text (what a learner sees in the data)."""
    out = []
    for t in schema.tables:
        out.append(t.description)
        for c in t.columns:
            out.append(c.description)
            values = getattr(c.generator, "values", None) or []
            out += [str(v) for v in values]
    return " ".join(out).lower()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("text", REQUESTS)
def test_request_is_faithful_or_refused(provider: OfflineProvider, text: str, seed: int) -> None:
    try:
        problem, schema, state = _draft(provider, text, seed)
    except ProviderError as exc:
        message = str(exc)
        assert "--provider groq" in message and "quick_commerce" in message and text in message
        return
    story, data = problem.statement.lower(), _values(schema)
    assert not story.startswith(text.lower()), "the story starts with the raw prompt"
    if state.get("generic"):
        words = [w for w in re.findall(r"[a-z][a-z-]+", state["business"]) if w not in QUALIFIERS]
        assert words and all(w in story for w in words), (words, problem.statement)
        assert all(w in data for w in words), words
    place = find_place(text)
    if place is not None:
        city = schema.table("dim_city")
        assert city is not None
        names = list(city.columns[1].generator.values)
        if place.city is not None:
            assert names[0] == place.city.name and place.city.name in problem.statement
        else:
            assert place.label in problem.statement
            inside = {c.name for c in place.country.cities if place.region is None or c.region == place.region}
            assert set(names) <= inside
        units = {c.unit for t in schema.tables for c in t.columns if re.fullmatch(r"[A-Z]{3}", c.unit or "")}
        assert units <= {place.country.currency}, units
