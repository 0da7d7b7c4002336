"""Generated data of the consumer-goods, hotel, food-delivery and ride-hailing domains keeps every promise."""

from __future__ import annotations

import duckdb
import pytest

from factory.drafting import assemble_challenge
from factory.generate.api import generate_tables
from factory.generate.plan import make_plan
from factory.llm.offline.domains import all_domains
from factory.llm.offline.feedback import BuildOptions
from factory.llm.offline.provider import OfflineProvider

DOMAINS = ("consumer_goods", "hotel_bookings", "food_delivery", "ride_hailing")
ROWS = 6000


@pytest.mark.parametrize("key", DOMAINS)
@pytest.mark.parametrize(("seed", "difficulty"), [(1, "beginner"), (2, "advanced")])
def test_rules_hold_insights_show_and_questions_answer(key: str, seed: int, difficulty: str) -> None:
    template = all_domains()[key]
    problem, schema = OfflineProvider()._build(
        template, template.title, seed, BuildOptions(difficulty=difficulty, extras=frozenset(template.extras)))
    challenge = assemble_challenge(problem, schema, seed=seed, difficulty=difficulty)
    tables = generate_tables(make_plan(challenge, ROWS, seed=None, max_rows=ROWS))
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, table)
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
