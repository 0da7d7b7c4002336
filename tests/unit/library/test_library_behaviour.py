"""Library behaviours that outlived the Python domain modules, now over packs: every pack drafts a valid challenge
with full question coverage at every difficulty, the same seed gives the same spec, requests map to their pack."""

from __future__ import annotations

import pytest

from factory.errors import ConfigError
from factory.library import load_packs, pack_challenge, pack_names
from factory.library.match import match_request
from factory.llm.registry import get_provider
from factory.schema.coverage import coverage_report

PACKS = pack_names()


def test_the_thirteen_library_domains_are_packs() -> None:
    assert {"airline", "consumer_goods", "credit_cards", "ecommerce", "food_delivery", "health_insurance",
            "hotel_bookings", "hr_attrition", "media_subscriptions", "quick_commerce", "ride_hailing",
            "supply_chain", "telecom"} <= set(PACKS)
    assert set(pack_names(generic=True)) == {"orders", "subscriptions", "bookings", "service_jobs", "claims", "trips",
                                             "tickets", "loans"}


@pytest.mark.slow
@pytest.mark.parametrize("difficulty", ["beginner", "intermediate", "advanced"])
@pytest.mark.parametrize("name", PACKS + pack_names(generic=True))
def test_every_pack_drafts_a_valid_challenge_with_coverage(name: str, difficulty: str) -> None:
    ch = pack_challenge(name, seed=5, difficulty=difficulty, extras=difficulty == "advanced")
    assert len(ch.problem.questions) == 10
    report = coverage_report(ch)
    assert report.score >= 8, report.gaps


def test_same_seed_same_spec_other_seed_other_names() -> None:
    a, b = (pack_challenge("quick_commerce", seed=21) for _ in range(2))
    assert a.to_json() == b.to_json()
    c = pack_challenge("quick_commerce", seed=22)
    assert (c.problem.company, c.schema_.window) != (a.problem.company, a.schema_.window) or \
        [q.id for q in c.problem.questions] != [q.id for q in a.problem.questions]


@pytest.mark.parametrize(("text", "pack"), [
    ("hotel bookings in Goa", "hotel_bookings"), ("food delivery in Indore", "food_delivery"),
    ("ride hailing in Pune", "ride_hailing"), ("credit card spend analysis in Mumbai", "credit_cards"),
    ("telecom churn in Chennai", "telecom"), ("quick-commerce grocery delivery in tier-2 Indian cities", "quick_commerce"),
    ("employee attrition at an IT firm in Bengaluru", "hr_attrition"), ("OTT streaming subscriptions", "media_subscriptions"),
    ("supply chain of a cement maker in Gujarat", "supply_chain"), ("budget airline in India", "airline"),
])
def test_requests_map_to_their_pack(text: str, pack: str) -> None:
    m = match_request(text, load_packs())
    assert m.pack == pack and not m.generic, [(s.pack, s.score, s.hits) for s in m.scores[:3]]


def test_registry_offline_default_and_unknown_names() -> None:
    assert get_provider("offline").name == "offline"
    with pytest.raises(ConfigError, match="offline, groq"):
        get_provider("nope")
