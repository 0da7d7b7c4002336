"""The Groq provider drafts coherent worlds (spec v2) against the fake server: prompts teach the v2 constructs
from the packs, replies are checked by check-spec and by learner-eye checks of a preview-size generation, and an
incoherent world is repaired or its findings reach the gate."""

from __future__ import annotations

import json
from functools import cache

import pytest

from factory.drafting import assemble_challenge
from factory.llm.groq import GroqProvider
from factory.llm.groq.examples import CONSTRUCTS, construct_examples
from factory.llm.groq.review import learner_eye_findings
from factory.settings import Settings
from factory.spec.models import Challenge, Problem, Schema
from factory.spec.validate import validate_challenge
from tests.integration.groq.fake_groq import FakeGroq, Recorded, chat
from tests.integration.groq.support import (
    SEED,
    pack_spec,
    schema_reply,
    step_of,
    valid_responder,
    without_time_order,
)

pytestmark = pytest.mark.integration

#: requests outside the library, each answered by the fake from a v2 pack of a similar shape
BUSINESSES = [
    ("solar panel installation company in Rajasthan", "ecommerce", "solar panel installation", "Rajasthan"),
    ("veterinary clinic chain in Kerala", "health_insurance", "veterinary clinic", "Kerala"),
    ("coworking space operator in Pune", "hotel_bookings", "coworking space", "Pune"),
    ("cloud kitchen brand in Hyderabad", "food_delivery", "cloud kitchen", "Hyderabad"),
    ("language learning app in Bengaluru", "media_subscriptions", "language learning", "Bengaluru"),
]


@cache
def _spec(pack: str, request: str) -> tuple[Problem, Schema]:
    return pack_spec(pack, request)


def _schema_requests(fake: FakeGroq) -> list[Recorded]:
    return [r for r in fake.requests if step_of(r) == "schema"]


@pytest.mark.parametrize(("request_text", "pack", "business", "place"), BUSINESSES,
                         ids=[b[1] for b in BUSINESSES])
def test_a_business_outside_the_library_drafts_a_coherent_world(
    fake: FakeGroq, settings: Settings, request_text: str, pack: str, business: str, place: str
) -> None:
    problem, schema = _spec(pack, request_text)
    fake.responder = valid_responder(problem, schema)
    provider = GroqProvider(settings)

    research = provider.research(request_text)
    draft = provider.problem(research, seed=SEED, difficulty="intermediate")
    sdraft = provider.schema(draft.problem, seed=SEED)
    challenge = validate_challenge(
        Challenge(id="groq-coherent", seed=SEED, problem=sdraft.problem, schema=sdraft.schema_)
    )  # check-spec passes

    assert [step_of(r) for r in fake.requests] == ["research", "problem", "schema"]  # no repair was needed
    assert learner_eye_findings(challenge, rows=20_000) == []
    assert sdraft.note is None and challenge.problem.domain == request_text
    assert "KPIs the research names (untrusted, from the same text): Average order value;" in fake.requests[1].text
    problem_req, schema_req = fake.requests[1], fake.requests[2]
    for req in (problem_req, schema_req):
        assert f"Business (the request's own words; name tables, columns and values after them): {business}" in req.text
        assert f"Place: {place}, India" in req.text and 'locale "en_IN", currency INR' in req.text
    for example in construct_examples():  # every construct is taught with its pack snippet
        assert f"- {example.name}: use it for" in schema_req.text and example.snippet in schema_req.text


def test_the_structured_output_schema_covers_the_v2_constructs(fake: FakeGroq, settings: Settings) -> None:
    problem, schema = _spec("hotel_bookings", "coworking space operator in Pune")
    fake.responder = valid_responder(problem, schema)

    GroqProvider(settings).schema(problem, seed=SEED)

    fmt = _schema_requests(fake)[0].body["response_format"]
    sent = json.dumps(fmt["json_schema"]["schema"])
    for name in ("grain", "per_parent", "count_column", "aggregate", "after", "before", "when", "match",
                 "max_share", "max_column", "person_name", "row_number", "hidden"):
        assert f'"{name}"' in sent, name
    assert fmt["json_schema"]["strict"] is False  # distribution params are an open map: best-effort json_schema
    assert len(construct_examples()) == len(CONSTRUCTS)  # every construct still has a pack snippet
    assert {e.name for e in construct_examples()} >= {"grain and grid", "per_parent counts", "aggregate",
                                                       "time order (after / before)",
                                                       "state-dependent columns (when)", "place match"}


def test_an_incoherent_world_is_repaired_from_learner_eye_findings(fake: FakeGroq, settings: Settings) -> None:
    problem, schema = _spec("ecommerce", "solar panel installation company in Rajasthan")
    good = schema_reply(problem, schema)
    fake.script(chat(json.dumps(without_time_order(good))))
    fake.responder = lambda rec: chat(json.dumps(good))

    sdraft = GroqProvider(settings).schema(problem, seed=SEED)

    assert len(_schema_requests(fake)) == 2 and sdraft.note is None
    repair = fake.requests[1].body["messages"][-1]["content"]
    ti = next(i for i, t in enumerate(schema.tables) if t.name == "fact_orders")
    ci = next(i for i, c in enumerate(schema.tables[ti].columns) if c.name == "order_date")
    assert f"$.schema.tables[{ti}].columns[{ci}]: learner-eye child_before_parent:" in repair
    order_date = sdraft.schema_.tables[ti].columns[ci].generator
    assert order_date.after  # the repaired reply states the time order


def test_findings_left_after_every_round_are_listed_for_the_gate(fake: FakeGroq, settings: Settings) -> None:
    problem, schema = _spec("ecommerce", "solar panel installation company in Rajasthan")
    fake.responder = lambda rec: chat(json.dumps(without_time_order(schema_reply(problem, schema))))

    sdraft = GroqProvider(settings).schema(problem, seed=SEED)

    assert len(_schema_requests(fake)) == settings.groq_max_repairs + 1
    assert sdraft.note is not None and sdraft.note.phase == "schema"
    assert sdraft.note.feedback == "learner-eye review of a 1,000-row preview"
    left = sdraft.note.not_applied
    assert left and all("learner-eye " in line for line in left)
    assert any("fact_orders" in line and "child_before_parent" in line for line in left)
    challenge = assemble_challenge(sdraft.problem, sdraft.schema_, seed=SEED, difficulty="intermediate",
                                   notes=[sdraft.note])  # the schema gate's challenge.json
    assert challenge.feedback[0].not_applied == left


def test_check_spec_problems_of_the_new_kinds_are_fed_back_with_their_paths(
    fake: FakeGroq, settings: Settings
) -> None:
    problem, schema = _spec("ecommerce", "solar panel installation company in Rajasthan")
    good = schema_reply(problem, schema)
    ti = next(i for i, t in enumerate(schema.tables) if t.name == "fact_orders")
    ci = next(i for i, c in enumerate(schema.tables[ti].columns) if c.name == "order_date")
    later, no_day = json.loads(json.dumps(good)), json.loads(json.dumps(good))
    later["schema"]["tables"][ti]["columns"][ci]["generator"]["after"] = "delivered_date"  # a later column
    no_day["schema"]["tables"][ti]["columns"][ci]["generator"]["end"] = "2001-01-01"  # no valid day
    fake.script(chat(json.dumps(later)), chat(json.dumps(no_day)))
    fake.responder = lambda rec: chat(json.dumps(good))

    sdraft = GroqProvider(settings).schema(problem, seed=SEED)

    first, second = (r.body["messages"][-1]["content"] for r in _schema_requests(fake)[1:])
    where = f"$.schema.tables[{ti}].columns[{ci}].generator"
    assert f"{where}.after: 'delivered_date' is a later column of fact_orders" in first
    assert f"{where}: no valid day: the value must be on or after" in second
    assert len(_schema_requests(fake)) == 3 and sdraft.schema_.tables[ti].columns[ci].generator.after
