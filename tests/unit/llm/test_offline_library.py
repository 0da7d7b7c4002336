"""Every library domain builds a valid spec with coverage >= 8 for every difficulty and several seeds."""

from __future__ import annotations

import re

import pytest

from factory.drafting import assemble_challenge
from factory.llm.offline.domains import all_domains
from factory.llm.offline.feedback import BuildOptions
from factory.llm.offline.provider import OfflineProvider
from factory.schema.coverage import coverage_report
from factory.spec.models import DIFFICULTIES

pytestmark = pytest.mark.skip(reason="tests the Python-module provider replaced by packs (issue 11); to be re-pointed at packs when all 13 packs exist")


DOMAINS = sorted(all_domains())
SEEDS = (1, 2, 3)
MY_DOMAINS = ("consumer_goods", "hotel_bookings", "food_delivery", "ride_hailing")


def _build(key: str, seed: int, difficulty: str, extras: frozenset[str] = frozenset()):
    provider = OfflineProvider()
    template = all_domains()[key]
    problem, schema = provider._build(template, template.title, seed, BuildOptions(difficulty=difficulty, extras=extras))
    return assemble_challenge(problem, schema, seed=seed, difficulty=difficulty)


@pytest.mark.parametrize("key", DOMAINS)
def test_domain_valid_with_full_coverage_for_every_difficulty_and_seed(key: str) -> None:
    for seed in SEEDS:
        for difficulty in DIFFICULTIES:
            ch = _build(key, seed, difficulty)
            report = coverage_report(ch)
            assert report.score >= 8, (key, seed, difficulty, report.gaps)
        extras = frozenset(all_domains()[key].extras)
        if extras:
            ch = _build(key, seed, "advanced", extras)
            assert coverage_report(ch).score >= 8, (key, seed, "extras")


@pytest.mark.parametrize("key", DOMAINS)
def test_domain_meets_the_library_requirements(key: str) -> None:
    template = all_domains()[key]
    assert template.keywords and template.summary and template.research_kpis
    ch = _build(key, 7, "intermediate")
    p, s = ch.problem, ch.schema_
    assert sum(t.kind == "dimension" for t in s.tables) >= 2
    assert sum(t.kind == "fact" for t in s.tables) >= 1
    assert 5 <= len(p.questions) <= 7
    assert all(q.chart is not None and "The final output contains these fields" in q.text for q in p.questions)
    assert len(s.rules) >= 4
    assert len(s.insights) >= 2
    qids = {q.id for q in p.questions}
    assert all(i.questions and set(i.questions) <= qids for i in s.insights)
    assert {c.part for c in p.characters} == {"stakeholder", "manager", "analyst"}
    assert all(c.voice for c in p.characters)
    assert p.kpis and all(k.formula for k in p.kpis)
    quoted = set(re.findall(r"\{([a-z][a-z0-9_]*)\}", p.statement))
    assert quoted and quoted <= {n.id for n in p.story_numbers}
    assert _build(key, 7, "beginner").schema_.messiness.faults == []
    assert s.messiness.faults


@pytest.mark.parametrize("key", [k for k in MY_DOMAINS if k in all_domains()])
def test_my_domains_have_two_facts_temporal_rules_and_an_extra(key: str) -> None:
    template = all_domains()[key]
    ch = _build(key, 11, "advanced")
    s = ch.schema_
    assert sum(t.kind == "fact" for t in s.tables) >= 2
    assert any(r.category == "temporal" for r in s.rules)
    assert any(t.size.kind == "calendar" for t in s.tables)
    assert template.extras
    extended = _build(key, 11, "advanced", frozenset(template.extras))
    assert len(extended.schema_.tables) > len(s.tables)


def test_consumer_goods_uses_a_september_fiscal_year() -> None:
    ch = _build("consumer_goods", 3, "intermediate")
    assert ch.schema_.window.fiscal_year_start_month == 9
    assert ch.schema_.window.start.month == 9
    dim_date = ch.schema_.table("dim_date")
    assert dim_date is not None and dim_date.column("fiscal_year") is not None


def test_consumer_goods_product_line_follows_the_text() -> None:
    provider = OfflineProvider()
    fmcg = provider.problem(provider.research("FMCG snacks distributor"), seed=2, difficulty="beginner").problem
    hardware = provider.problem(provider.research("computer hardware maker"), seed=2, difficulty="beginner").problem
    assert "packaged foods" in fmcg.statement and "INR" in fmcg.statement
    assert "computer hardware" in hardware.statement and "USD" in hardware.statement
