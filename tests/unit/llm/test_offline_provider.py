"""The offline provider: free-text mapping, determinism, name adaptation, feedback, registry."""

from __future__ import annotations

import pytest

from factory.drafting import draft_challenge, draft_problem, draft_schema
from factory.errors import ConfigError
from factory.llm.base import Provider
from factory.llm.offline.domains import all_domains
from factory.llm.offline.provider import OfflineProvider
from factory.llm.registry import get_provider

pytestmark = pytest.mark.skip(reason="tests the Python-module provider replaced by packs (issue 11); to be re-pointed at packs when all 13 packs exist")


FREE_TEXT = (
    "pet insurance in Pune", "EV charging network", "quick commerce in Indore", "online fashion marketplace",
    "budget airline in Bengaluru", "prepaid mobile operator", "OTT video streaming subscriptions",
    "cold-chain logistics for pharma", "IT services employee attrition", "cloud kitchen brand in Hyderabad",
    "bike taxi service in Jaipur", "boutique hotels in Kochi", "FMCG snacks distributor",
    "credit card fraud at a private bank", "hospital claims for a TPA", "electronics manufacturer with fiscal years",
    "dairy farm cooperative", "gym membership chain", "wedding planning startup in Lucknow", "xyzzy qwerty",
)
EXPECTED = {
    "pet insurance in Pune": "health_insurance",
    "budget airline in Bengaluru": "airline",
    "prepaid mobile operator": "telecom",
    "OTT video streaming subscriptions": "media_subscriptions",
    "IT services employee attrition": "hr_attrition",
    "cloud kitchen brand in Hyderabad": "food_delivery",
    "bike taxi service in Jaipur": "ride_hailing",
    "boutique hotels in Kochi": "hotel_bookings",
    "FMCG snacks distributor": "consumer_goods",
    "credit card fraud at a private bank": "credit_cards",
    "quick commerce in Indore": "quick_commerce",
    "electronics manufacturer with fiscal years": "consumer_goods",
}


@pytest.fixture(scope="module")
def provider() -> OfflineProvider:
    return OfflineProvider()


@pytest.mark.parametrize("text", FREE_TEXT)
def test_free_text_domains_give_valid_specs_with_coverage(text: str, provider: OfflineProvider) -> None:
    for seed in (1, 2, 3):
        result = draft_challenge(text, seed=seed, difficulty="intermediate", provider=provider)
        assert result.coverage.score >= 8, (text, seed, result.coverage.gaps)
        assert result.research.library_domain in all_domains()
        assert result.challenge.problem.domain == text


@pytest.mark.parametrize(("text", "key"), sorted(EXPECTED.items()))
def test_free_text_maps_to_the_nearest_library_domain(text: str, key: str, provider: OfflineProvider) -> None:
    if key not in all_domains():
        pytest.skip(f"library domain {key} is not in the library yet")
    assert provider.research(text).library_domain == key


def test_research_never_fails_and_is_useful(provider: OfflineProvider) -> None:
    for text in ("", "   ", "zzzz", "!!!"):
        r = provider.research(text)
        assert r.library_domain in all_domains()
        assert r.summary and r.kpis and r.provider == "offline"


def test_names_adapt_to_the_text(provider: OfflineProvider) -> None:
    result = draft_challenge("bike taxi service in Jaipur", seed=4, difficulty="beginner", provider=provider)
    p = result.challenge.problem
    assert p.city == "Jaipur"
    assert "bike taxi service in Jaipur" in p.statement
    hotel = draft_challenge("boutique hotels in Kochi", seed=4, difficulty="beginner", provider=provider)
    assert "Boutique" in hotel.challenge.problem.company and hotel.challenge.problem.city == "Kochi"


def test_same_seed_same_spec_other_seeds_vary(provider: OfflineProvider) -> None:
    first = draft_challenge("food delivery in Chennai", seed=9, difficulty="advanced", provider=provider)
    again = draft_challenge("food delivery in Chennai", seed=9, difficulty="advanced", provider=OfflineProvider())
    assert first.challenge.to_json() == again.challenge.to_json()
    others = [draft_challenge("hotel bookings", seed=s, difficulty="intermediate", provider=provider).challenge
              for s in range(1, 7)]
    assert len({c.problem.company for c in others}) > 1
    assert len({c.schema_.window.start.year for c in others}) > 1
    assert len({c.problem.characters[0].name for c in others}) > 1
    assert len({c.problem.statement for c in others}) == len(others)


def test_feedback_applied_and_not_applied_are_listed(provider: OfflineProvider) -> None:
    research, draft = draft_problem(provider, "quick commerce", seed=3, difficulty="beginner",
                                    feedback="use 2023-2024, harder questions, add a returns table; add a loyalty table. paint it blue")
    note = draft.note
    assert note is not None and draft.problem.difficulty == "intermediate"
    assert len(note.applied) == 3
    assert any("loyalty" in n for n in note.not_applied) and any("paint it blue" in n for n in note.not_applied)
    sdraft = draft_schema(provider, draft.problem, seed=3)
    window = sdraft.schema_.window
    assert (window.start.isoformat(), window.end.isoformat()) == ("2023-01-01", "2024-12-31")
    assert sdraft.schema_.table("fact_returns") is not None


def test_feedback_years_cities_and_limits(provider: OfflineProvider) -> None:
    research = provider.research("ride hailing")
    one = provider.problem(research, "only 2024", seed=1, difficulty="beginner")
    s = provider.schema(one.problem, seed=1).schema_
    assert (s.window.start.year, s.window.end.year) == (2024, 2024)
    easier = provider.problem(research, "make it easier", seed=1, difficulty="beginner")
    assert easier.note is not None and easier.note.not_applied and not easier.note.applied
    more = provider.problem(research, "more cities", seed=1, difficulty="beginner")
    schema = provider.schema(more.problem, seed=1).schema_
    city = schema.table("dim_city")
    assert city is not None and city.size.kind == "fixed" and city.size.rows == 12
    bad = provider.problem(research, "use 2001-2009", seed=1, difficulty="beginner")
    assert bad.note is not None and bad.note.not_applied


def test_schema_phase_recovers_the_problem_options_in_a_new_process(provider: OfflineProvider) -> None:
    research = provider.research("hotel bookings in Goa")
    draft = provider.problem(research, "use 2019-2020, add ancillary spend, fewer cities", seed=5, difficulty="advanced")
    assert draft.note is not None and len(draft.note.applied) == 3
    fresh = OfflineProvider()  # as if the schema phase ran in another worker
    sdraft = fresh.schema(draft.problem, seed=5)
    assert sdraft.note is None
    assert sdraft.schema_.window.start.year == 2019 and sdraft.problem == draft.problem
    assert sdraft.schema_.table("fact_ancillary_spend") is not None


def test_schema_phase_says_when_the_problem_is_not_from_the_library(provider: OfflineProvider) -> None:
    draft = provider.problem(provider.research("ride hailing"), seed=2, difficulty="beginner")
    edited = draft.problem.model_copy(update={"company": "Edited Name Pvt Ltd"})
    sdraft = OfflineProvider().schema(edited, seed=2)
    assert sdraft.note is not None and "not built by the offline library" in sdraft.note.not_applied[0]


def test_harder_at_advanced_is_not_applied(provider: OfflineProvider) -> None:
    draft = provider.problem(provider.research("telecom"), "harder questions", seed=2, difficulty="advanced")
    assert draft.note is not None and draft.note.not_applied and not draft.note.applied


def test_registry_offline_default_and_unknown_names() -> None:
    p = get_provider()
    assert isinstance(p, Provider) and p.name == "offline"
    assert get_provider("OFFLINE").name == "offline"
    with pytest.raises(ConfigError) as info:
        get_provider("gpt")
    assert "offline" in str(info.value) and "groq" in str(info.value) and "provider" in str(info.value)


def test_draft_challenge_applies_relative_feedback_once() -> None:
    result = draft_challenge("ride hailing", seed=3, difficulty="beginner", provider=OfflineProvider(),
                             feedback="harder questions, more cities")
    ch = result.challenge
    assert ch.difficulty == "intermediate" and ch.problem.difficulty == "intermediate"
    city = ch.schema_.table("dim_city")
    assert city is not None and city.size.kind == "fixed" and city.size.rows == 12
    assert [n.phase for n in ch.feedback] == ["problem"]


@pytest.mark.parametrize(("feedback", "expected"), [
    ("add 2 more cities", {"n_cities": 10}),
    ("use 5 cities", {"n_cities": 5}),
    ("cover 2022 to 2025", {"start_year": 2022, "years": 4}),
    ("3 years of data", {"years": 3}),
    ("add promo codes", {"extras": frozenset({"promotions"})}),
    ("make it advanced", {"difficulty": "advanced"}),
])
def test_feedback_parsing(feedback: str, expected: dict) -> None:
    from factory.llm.offline.feedback import BuildOptions, apply_feedback

    result = apply_feedback(feedback, BuildOptions(), all_domains()["ride_hailing"])
    assert result.applied and not result.not_applied
    for field, value in expected.items():
        assert getattr(result.options, field) == value
