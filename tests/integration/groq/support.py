"""Scripted content of the Groq tests: a valid research, problem and schema reply built from the offline library."""

from __future__ import annotations

import json
from typing import Any

from factory.llm.offline.context import make_context
from factory.llm.offline.domains import all_domains
from factory.spec.models import Problem, Schema
from tests.integration.groq.fake_groq import Recorded, Reply, chat

FAKE_KEY = "gsk_FAKE_test_key_must_never_leak_7f3a9c"
DOMAIN_TEXT = "quick-commerce grocery delivery in tier-2 Indian cities"
SEED = 7
RESEARCH_TEXT = """Summary: Quick-commerce apps deliver groceries in 10-20 minutes from dark stores.

Data: orders, order lines, customers, products, dark stores, riders.

KPIs:
- Average order value: revenue per order.
- Late delivery rate: share of orders delivered after the promised time.
- **Gross merchandise value** - total value of goods sold.
"""
SEARCH_TOOLS = [
    {
        "index": 0,
        "type": "search",
        "arguments": '{"query": "quick commerce KPIs"}',
        "search_results": {
            "results": [
                {
                    "title": "Quick commerce in India",
                    "url": "https://example.org/qc",
                    "content": "...",
                    "score": 0.9,
                },
                {
                    "title": "Dark store economics",
                    "url": "https://example.org/dark-stores",
                    "content": "...",
                    "score": 0.8,
                },
            ]
        },
    }
]


def offline_spec(seed: int = SEED) -> tuple[Problem, Schema]:
    """The quick-commerce problem and schema of the offline library."""
    DOMAIN = all_domains()["quick_commerce"]  # noqa: N806
    ctx = make_context(
        DOMAIN_TEXT,
        seed,
        "intermediate",
        fiscal_start_month=DOMAIN.fiscal_start_month,
        tier2_only=DOMAIN.tier2_only,
    )
    return DOMAIN.build(ctx)


def problem_json(problem: Problem, applied: list[str] | None = None) -> str:
    """A problem-step reply: the problem without answer SQL."""
    data = problem.model_dump(mode="json", by_alias=True)
    for q in data["questions"]:
        q["answer_sql"] = ""
    return json.dumps({"problem": data, "feedback_applied": applied or [], "feedback_not_applied": []})


def schema_reply(problem: Problem, schema: Schema) -> dict[str, Any]:
    """A schema-step reply (as a dict, to be broken by tests)."""
    return {
        "schema": schema.model_dump(mode="json", by_alias=True),
        "answer_sql": [{"question_id": q.id, "sql": q.answer_sql} for q in problem.questions],
        "feedback_applied": [],
        "feedback_not_applied": [],
    }


def step_of(rec: Recorded) -> str:
    """Which provider step a request belongs to: research, problem or schema."""
    fmt = rec.body.get("response_format")
    if not fmt:
        return "research"
    return fmt.get("json_schema", {}).get("name", "json_object")


def valid_responder(problem: Problem, schema: Schema):
    """Answers each step validly, from the offline library."""

    def respond(rec: Recorded) -> Reply:
        step = step_of(rec)
        if step == "research":
            return chat(RESEARCH_TEXT, executed_tools=SEARCH_TOOLS, model=rec.body["model"])
        if step == "problem":
            return chat(problem_json(problem))
        return chat(json.dumps(schema_reply(problem, schema)))

    return respond


def pack_spec(pack: str, request: str, seed: int = SEED) -> tuple[Problem, Schema]:
    """The problem and schema a v2 library pack drafts for `request` (7 questions: the problem step's range)."""
    from factory.library.api import pack_challenge

    challenge = pack_challenge(pack, seed=seed, request=request, question_count=7)
    return challenge.problem, challenge.schema_


def without_time_order(reply: dict[str, Any]) -> dict[str, Any]:
    """A plausible but incoherent schema reply: every date generator loses its after/before constraints."""
    data = json.loads(json.dumps(reply))

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("kind") == "date":
                for key in ("after", "before", "lag_min", "lag_max", "before_lag"):
                    node.pop(key, None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(data["schema"])
    return data
