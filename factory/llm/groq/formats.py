"""Structured-output formats: the reply models the LLM fills, their JSON Schema, and Groq's response_format.

`strict` mode (constrained decoding) needs every property required and `additionalProperties: false` on
every object; `strict_schema` rewrites pydantic's schema that way, or raises `NotStrictable` when a part
cannot be expressed (an open map such as a distribution's `params`), in which case the call falls back to
best-effort `json_schema`. Models without structured outputs get `json_object` plus the schema in the prompt.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from factory.spec.models import Problem, Schema

#: models with constrained decoding (`strict: true`) on Groq
STRICT_MODELS: frozenset[str] = frozenset({"openai/gpt-oss-120b", "openai/gpt-oss-20b"})
#: models with best-effort `json_schema`; every other model gets `json_object`
JSON_SCHEMA_MODELS: frozenset[str] = STRICT_MODELS | frozenset(
    {
        "moonshotai/kimi-k2-instruct",
        "moonshotai/kimi-k2-instruct-0905",
        "meta-llama/llama-4-maverick-17b-128e-instruct",
        "meta-llama/llama-4-scout-17b-16e-instruct",
    }
)
FormatMode = Literal["strict", "json_schema", "json_object"]


class _Reply(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ProblemReply(_Reply):
    """What the problem step asks the model for."""

    problem: Problem
    feedback_applied: list[str] = Field(description="Approver requests you applied (empty without feedback).")
    feedback_not_applied: list[str] = Field(description="Approver requests you could not apply, with why.")


class AnswerSQL(_Reply):
    """The DuckDB SQL that answers one question."""

    question_id: str = Field(description="Id of the question, e.g. q1.")
    sql: str = Field(
        description="DuckDB SELECT over the schema's tables; its columns are exactly the output_fields."
    )


class SchemaReply(_Reply):
    """What the schema step asks the model for."""

    schema_: Schema = Field(alias="schema")
    answer_sql: list[AnswerSQL] = Field(description="One entry per question of the problem.")
    feedback_applied: list[str] = Field(description="Approver requests you applied (empty without feedback).")
    feedback_not_applied: list[str] = Field(description="Approver requests you could not apply, with why.")


class NotStrictable(ValueError):
    """The schema holds a construct strict mode cannot express."""


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema` fit for strict mode: all properties required, no extra properties, no defaults."""
    out = copy.deepcopy(schema)
    _strictify(out, "$")
    return out


def _strictify(node: Any, path: str) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _strictify(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    node.pop("discriminator", None)
    if "default" in node:
        default = node.pop("default")
        note = f"Use {json.dumps(default)} when there is nothing to say."
        node["description"] = f"{node['description']} {note}" if node.get("description") else note
    if node.get("type") == "object" or "properties" in node:
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) or extra is True or "properties" not in node:
            raise NotStrictable(f"{path}: an object with free-form keys")
        node["additionalProperties"] = False
        node["required"] = list(node["properties"])
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for name, sub in value.items():
                _strictify(sub, f"{path}.{name}")
        elif isinstance(value, (dict, list)):
            _strictify(value, f"{path}.{key}")


def reply_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a reply model, by alias (the names the JSON uses)."""
    return model.model_json_schema(by_alias=True, mode="validation")


def response_format(model: type[BaseModel], name: str, llm_model: str) -> tuple[dict[str, Any], FormatMode]:
    """Groq's `response_format` for `model` on `llm_model`, and which mode it is."""
    schema = reply_schema(model)
    if llm_model in STRICT_MODELS:
        try:
            strict = strict_schema(schema)
        except NotStrictable:
            pass
        else:
            return {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": strict, "strict": True},
            }, "strict"
    if llm_model in JSON_SCHEMA_MODELS:
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": False},
        }, "json_schema"
    return {"type": "json_object"}, "json_object"
