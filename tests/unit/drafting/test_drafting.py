"""Phases 1-2 wiring: inputs, ids, assembly, and the schema coverage check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factory.drafting import challenge_id, draft_challenge
from factory.errors import ConfigError
from factory.schema.coverage import coverage_report
from factory.spec import load_challenge
from factory.spec.models import Challenge

LEGACY = Path(__file__).parents[2] / "fixtures" / "legacy" / "quick_commerce.json"


@pytest.fixture(scope="module")
def drafted() -> Challenge:
    return draft_challenge("quick commerce", seed=42, difficulty="intermediate", provider="offline").challenge


@pytest.fixture(scope="module")
def challenge() -> Challenge:
    """A fixed spec for the coverage checks (the legacy quick-commerce draft: questions q1-q7)."""
    return load_challenge(LEGACY)


def test_challenge_id_is_a_slug_with_the_seed() -> None:
    assert re.fullmatch(r"quick-commerce-42-[0-9a-f]{6}", challenge_id("quick commerce", 42))
    long = challenge_id("A very long free-text domain " * 10, 2**63 - 1)
    assert len(long) <= 64 and re.fullmatch(r"[a-z0-9][a-z0-9_-]{2,63}", long) and str(2**63 - 1) in long
    assert re.fullmatch(r"challenge-7-[0-9a-f]{6}", challenge_id("???", 7))


def test_draft_challenge_assembles_a_valid_spec(drafted: Challenge) -> None:
    assert drafted.id == challenge_id("quick commerce", 42) and drafted.seed == 42
    assert drafted.research is not None and drafted.research.library_domain == "quick_commerce"
    assert all(q.answer_sql for q in drafted.problem.questions)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"domain": "  ", "seed": 1, "difficulty": "beginner"}, "domain"),
    ({"domain": "hotels", "seed": 1, "difficulty": "expert"}, "difficulty"),
    ({"domain": "hotels", "seed": -1, "difficulty": "beginner"}, "seed"),
])
def test_bad_inputs_name_the_field(kwargs: dict, field: str) -> None:
    with pytest.raises(ConfigError) as info:
        draft_challenge(provider="offline", **kwargs)
    assert str(info.value).startswith(field)
    if field == "difficulty":
        assert "beginner, intermediate, advanced" in str(info.value)


def test_unknown_provider_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="allowed values: offline, groq"):
        draft_challenge("hotels", seed=1, difficulty="beginner", provider="nope")


def test_full_coverage_has_no_gaps(challenge: Challenge) -> None:
    report = coverage_report(challenge)
    assert report.score == 10 and report.gaps == []
    q3 = next(q for q in report.questions if q.id == "q3")
    assert set(q3.tables) == {"fact_order_lines", "dim_store", "dim_city"} and q3.checks["joins"]


def test_missing_relationship_is_a_join_gap(challenge: Challenge) -> None:
    rels = [r for r in challenge.schema_.relationships if r.parent_table_name != "dim_city" or r.child_table_name != "dim_store"]
    broken = challenge.model_copy(update={"schema_": challenge.schema_.model_copy(update={"relationships": rels})})
    report = coverage_report(broken)
    assert report.score < 10
    assert any("q3" in g and "relationship" in g for g in report.gaps)


def test_missing_table_and_dates_are_gaps_and_sink_the_score(challenge: Challenge) -> None:
    schema = challenge.schema_
    fact = schema.table("fact_order_lines")
    assert fact is not None
    no_dates = fact.model_copy(update={"columns": [c for c in fact.columns if c.type != "date"]})
    tables = [no_dates if t.name == fact.name else t for t in schema.tables if t.name != "dim_product"]
    broken = challenge.model_copy(update={"schema_": schema.model_copy(update={"tables": tables})})
    report = coverage_report(broken)
    text = " ".join(report.gaps)
    assert "Question q2 reads dim_product, which the schema does not have" in text
    assert "Question q1 is about time" in text and "The main table fact_order_lines has no date column" in text
    assert report.score < 8
    assert next(q for q in report.questions if q.id == "q2").score == 0


def test_unused_fact_table_is_a_schema_gap(challenge: Challenge) -> None:
    schema = challenge.schema_
    fact = schema.table("fact_order_lines")
    assert fact is not None
    twin = fact.model_copy(update={"name": "fact_order_lines_archive"})
    extended = challenge.model_copy(update={"schema_": schema.model_copy(update={"tables": [*schema.tables, twin]})})
    report = coverage_report(extended)
    assert report.gaps == ["Fact table fact_order_lines_archive is not used by any question."] and report.score == 9.5


def test_unparsable_sql_is_a_gap(challenge: Challenge) -> None:
    qs = [q.model_copy(update={"answer_sql": "SELEC nonsense FROM"}) if q.id == "q1" else q for q in challenge.problem.questions]
    broken = challenge.model_copy(update={"problem": challenge.problem.model_copy(update={"questions": qs})})
    report = coverage_report(broken)
    assert any(g.startswith("Question q1") for g in report.gaps) and report.score < 10
