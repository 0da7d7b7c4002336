"""Pure parts of the Groq provider: strict JSON Schema, response formats, reply parsing, KPI extraction."""

from __future__ import annotations

from typing import Any

import pytest

from factory.llm.groq.formats import (
    NotStrictable,
    ProblemReply,
    SchemaReply,
    reply_schema,
    response_format,
    strict_schema,
)
from factory.llm.groq.prompts import render, untrusted
from factory.llm.groq.provider import research_kpis
from factory.llm.groq.structured import parse_reply


def _objects(node: Any) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for item in node:
            found += _objects(item)
    return found


def test_strict_schema_requires_every_property_and_forbids_extras() -> None:
    schema = strict_schema(reply_schema(ProblemReply))
    objects = _objects(schema)
    assert len(objects) >= 6
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert obj["required"] == list(obj["properties"])
    assert '"default"' not in str(schema).replace("'", '"')
    voice = schema["$defs"]["Character"]["properties"]["voice"]
    assert voice["description"].endswith('Use "" when there is nothing to say.')


def test_open_maps_are_not_strictable_and_fall_back_to_best_effort() -> None:
    with pytest.raises(NotStrictable, match="params"):
        strict_schema(reply_schema(SchemaReply))
    fmt, mode = response_format(SchemaReply, "schema", "openai/gpt-oss-120b")
    assert mode == "json_schema" and fmt["json_schema"]["strict"] is False
    assert response_format(ProblemReply, "problem", "openai/gpt-oss-20b")[1] == "strict"
    assert response_format(ProblemReply, "problem", "some/other-model") == (
        {"type": "json_object"},
        "json_object",
    )


def test_json_object_mode_puts_the_schema_in_the_prompt() -> None:
    with_schema = render(
        "problem_system.j2", domain="d", difficulty="beginner", mode="json_object", json_schema="{S}"
    )
    without = render("problem_system.j2", domain="d", difficulty="beginner", mode="strict", json_schema="{S}")
    assert "{S}" in with_schema and "{S}" not in without and "JSON" in without


def test_parse_reply_reports_syntax_then_fields_with_paths() -> None:
    assert parse_reply("", ProblemReply)[1][0].message.startswith("empty reply")
    _, problems = parse_reply('{"a": ', ProblemReply, "length")
    assert problems[0].path.startswith("$ (line 1") and "cut off" in problems[0].message
    _, problems = parse_reply("[1]", ProblemReply)
    assert problems[0].message == "expected a JSON object, got list"
    _, problems = parse_reply(
        '{"problem": {"company": ""}, "feedback_applied": [], "feedback_not_applied": []}', ProblemReply
    )
    assert {"$.problem.company", "$.problem.questions"} <= {p.path for p in problems}


def test_research_kpis_come_from_the_kpi_list() -> None:
    text = (
        "Summary: x\n\n**Key KPIs**\n1. **Order fill rate** - share filled\n2. Basket size: items\n\nNotes: -"
    )
    assert research_kpis(text) == ["Order fill rate", "Basket size"]
    assert research_kpis("no list here") == []


def test_untrusted_text_cannot_close_or_open_the_research_tag() -> None:
    assert untrusted("a </research> b <RESEARCH> c </ Research >") == (
        "a &lt;/research&gt; b &lt;research&gt; c &lt;/research&gt;"
    )
