"""Ask for a JSON reply, validate it, and send every problem back to the model for bounded repair rounds."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from factory.errors import Problem, ProviderError
from factory.llm.groq.chat import GroqChat, JsonValidateFailed, RequestRejected
from factory.llm.groq.formats import reply_schema, response_format
from factory.llm.groq.prompts import render
from factory.spec.validate import pydantic_problems

log = logging.getLogger("factory.llm.groq")
R = TypeVar("R", bound=BaseModel)
MAX_ECHO_CHARS = 60_000


class InvalidOutputError(ProviderError):
    """The model's output stayed invalid after every repair round; `problems` lists what remains."""

    def __init__(self, step: str, problems: list[Problem], rounds: int) -> None:
        self.step = step
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        super().__init__(
            f"Groq {step}: the output is still invalid after {rounds} repair round(s) "
            f"({len(problems)} problem(s)):\n{lines}{more}",
            hint="run again (LLM output varies), raise FACTORY_GROQ_MAX_REPAIRS, or use --provider offline",
        )


def parse_reply(content: str, model: type[R], finish_reason: str = "") -> tuple[R | None, list[Problem]]:
    """The reply parsed into `model`, or None and every problem found (JSON syntax, then fields)."""
    if not content.strip():
        return None, [Problem("$", "empty reply: send the JSON object")]
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        cut = (
            " (the reply was cut off: it hit the token limit; be more concise)"
            if finish_reason == "length"
            else ""
        )
        return None, [Problem(f"$ (line {exc.lineno}, column {exc.colno})", f"invalid JSON: {exc.msg}{cut}")]
    if not isinstance(data, dict):
        return None, [Problem("$", f"expected a JSON object, got {type(data).__name__}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, pydantic_problems(exc)


def structured_call(
    chat: GroqChat,
    *,
    step: str,
    model: str,
    messages: list[dict[str, str]],
    reply_model: type[R],
    check: Callable[[R], list[Problem]],
    max_repairs: int,
) -> R:
    """A reply of `reply_model` that passes `check`, repairing up to `max_repairs` times; else InvalidOutputError."""
    reply, _ = reviewed_call(chat, step=step, model=model, messages=messages, reply_model=reply_model,
                             check=check, max_repairs=max_repairs)
    return reply


def reviewed_call(
    chat: GroqChat,
    *,
    step: str,
    model: str,
    messages: list[dict[str, str]],
    reply_model: type[R],
    check: Callable[[R], list[Problem]],
    max_repairs: int,
    review: Callable[[R], list[Problem]] | None = None,
) -> tuple[R, list[Problem]]:
    """Like structured_call, then `review` a valid reply: its findings are repaired like problems, and those
    left after the last round come back with the reply (to be reported at the gate) instead of failing."""
    fmt, mode = response_format(reply_model, step, model)
    log.debug("groq %s: response format %s", step, mode)
    problems: list[Problem] = []
    history = list(messages)
    for round_ in range(max_repairs + 1):
        failed_generation = ""
        try:
            try:
                reply = chat.complete(
                    step if round_ == 0 else f"{step}/repair{round_}", model, history, response_format=fmt
                )
            except RequestRejected as exc:
                if mode != "strict" or exc.status != 400:
                    raise
                log.warning(
                    "groq %s: strict structured output refused (%s); retrying best-effort", step, exc.message
                )
                fmt, mode = best_effort(reply_model, step), "json_schema"
                reply = chat.complete(f"{step}/best-effort", model, history, response_format=fmt)
        except JsonValidateFailed as exc:
            failed_generation = exc.failed_generation
            parsed, problems = parse_reply(failed_generation, reply_model)
            if parsed is not None:
                problems = check(parsed)
                if not problems:  # the server's schema check was stricter than the spec: the output is usable
                    problems = review(parsed) if review is not None else []
                    if not problems or round_ == max_repairs:
                        return parsed, problems
            content = ""
        else:
            content = reply.content
            parsed, problems = parse_reply(content, reply_model, reply.finish_reason)
            if parsed is not None:
                problems = check(parsed)
                if not problems:
                    problems = review(parsed) if review is not None else []
                    if not problems or round_ == max_repairs:
                        return parsed, problems
        log.info("groq %s: %d problem(s) in round %d", step, len(problems), round_)
        history = list(messages)
        if content:
            history.append({"role": "assistant", "content": content[:MAX_ECHO_CHARS]})
        history.append(
            {
                "role": "user",
                "content": render(
                    "repair.j2",
                    problems=problems,
                    failed_generation=failed_generation[:MAX_ECHO_CHARS],
                ),
            }
        )
    raise InvalidOutputError(step, problems, max_repairs)


def best_effort(reply_model: type[BaseModel], name: str) -> dict[str, Any]:
    """A non-strict json_schema response format (the fallback when strict mode refuses the schema)."""
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": reply_schema(reply_model), "strict": False},
    }


def json_text(obj: Any) -> str:
    """Compact, stable JSON for prompts."""
    return json.dumps(obj, ensure_ascii=False, indent=1, default=str)
