"""Health-insurance, media, supply-chain and HR domains: valid specs, and generated data keeps every promise."""

from __future__ import annotations

import duckdb
import pytest

from factory.generate.api import generate_tables
from factory.generate.plan import make_plan
from factory.llm.offline.context import make_context
from factory.llm.offline.domains import all_domains
from factory.llm.offline.domains.health_insurance import MOTOR, PET, line_of
from factory.llm.offline.mapping import match_domain
from factory.spec.models import DIFFICULTIES, Challenge
from factory.spec.validate import validate_challenge

DOMAINS = ("health_insurance", "media_subscriptions", "supply_chain", "hr_attrition")
ROWS = 10_000


def _challenge(key: str, seed: int, difficulty: str, extras: bool, text: str | None = None) -> Challenge:
    template = all_domains()[key]
    ctx = make_context(text or template.title, seed, difficulty, extras=set(template.extras) if extras else set())
    problem, schema = template.build(ctx)
    return validate_challenge(Challenge(id=f"{key.replace('_', '-')}-{seed}", seed=seed, difficulty=difficulty,
                                        problem=problem, schema=schema))


@pytest.mark.parametrize("key", DOMAINS)
def test_specs_are_valid_for_every_seed_difficulty_and_extra(key: str) -> None:
    for seed in (1, 2, 3):
        for difficulty in DIFFICULTIES:
            for extras in (False, True):
                ch = _challenge(key, seed, difficulty, extras)
                assert (ch.schema_.messiness.level == 0) == (difficulty == "beginner")
                assert 5 <= len(ch.problem.questions) <= 7
    base, extended = _challenge(key, 5, "advanced", False), _challenge(key, 5, "advanced", True)
    assert len(base.schema_.rules) >= 4 and len(base.schema_.insights) >= 2
    assert any(r.category == "temporal" for r in base.schema_.rules)
    assert len(extended.schema_.tables) == len(base.schema_.tables) + 1
    new_table = extended.schema_.tables[-1].name
    assert any(new_table in q.answer_sql for q in extended.problem.questions)  # the extra is asked about


@pytest.mark.parametrize("key", DOMAINS)
def test_same_seed_same_spec_other_seed_other_names(key: str) -> None:
    a, b, c = (_challenge(key, s, "intermediate", False) for s in (4, 4, 9))
    assert a.to_json() == b.to_json()
    assert (a.problem.company, a.problem.characters[0].name) != (c.problem.company, c.problem.characters[0].name)


@pytest.mark.parametrize("key", DOMAINS)
@pytest.mark.parametrize(("seed", "difficulty"), [(1, "beginner"), (2, "advanced")])
def test_rules_hold_insights_show_and_questions_answer(key: str, seed: int, difficulty: str) -> None:
    ch = _challenge(key, seed, difficulty, True)
    tables = generate_tables(make_plan(ch, ROWS, seed=None, max_rows=10 * ROWS))
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
    schema, problem = ch.schema_, ch.problem
    for rule in schema.rules:
        assert con.execute(f"SELECT count(*) FROM ({rule.sql})").fetchone()[0] == 0, rule.id
    for insight in schema.insights:
        assert con.execute(insight.detect_sql).fetchone()[0] is True, insight.id
    for q in problem.questions:
        res = con.execute(q.answer_sql)
        rows = res.fetchall()
        assert [d[0] for d in res.description] == q.output_fields and rows, q.id
    for number in problem.story_numbers:
        assert con.execute(number.sql).fetchone()[0] is not None, number.id


@pytest.mark.parametrize(("text", "line"), [("pet insurance in Pune", PET), ("motor insurance", MOTOR),
                                            ("car insurance for Bengaluru commuters", MOTOR)])
def test_pet_and_motor_insurance_map_here_with_their_own_catalogues(text: str, line: object) -> None:
    assert match_domain(text, all_domains()).template.key == "health_insurance"
    assert line_of(text) is line
    ch = _challenge("health_insurance", 3, "intermediate", False, text)
    procedures = ch.schema_.table("dim_procedure").column("procedure_name").generator.values
    assert set(procedures) == {p[0] for p in line.procedures}
    if "Pune" in text:
        assert ch.problem.city == "Pune"


@pytest.mark.parametrize(("text", "key"), [("OTT streaming churn", "media_subscriptions"),
                                           ("procurement and inventory", "supply_chain"),
                                           ("employee attrition at an IT company", "hr_attrition")])
def test_free_text_maps_to_these_domains(text: str, key: str) -> None:
    assert match_domain(text, all_domains()).template.key == key
