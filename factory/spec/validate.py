"""Validate a challenge spec, collecting every problem with its path before raising one SpecError.

The checks live in check_structure (names, keys, sizes, generator settings), check_refs (references),
check_constructs and check_time (grains, grids, counts, bounds, time order, cycles) and check_sql (every SQL
text against empty tables); pydantic errors are put in words by messages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from factory.errors import Problem, SpecError
from factory.spec.check_constructs import check_constructs, check_cycles
from factory.spec.check_refs import check_references
from factory.spec.check_sql import check_sql, empty_tables_connection, sql_message
from factory.spec.check_structure import DIST_PARAMS, check_schema, duplicates
from factory.spec.check_time import check_time
from factory.spec.messages import pydantic_problems
from factory.spec.models import Challenge, Schema
from factory.spec.values import value_problems

MIN_QUESTIONS, MAX_QUESTIONS = 5, 12


def load_challenge(path: str | Path) -> Challenge:
    """Read and validate challenge.json; any problem (missing file, bad JSON, invalid spec) is a SpecError."""
    p = Path(path)
    if not p.is_file():
        raise SpecError([Problem(str(p), "file not found (pass the challenge.json written by `factory draft`)")])
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SpecError([Problem(str(p), "not UTF-8 text")], source=str(p)) from None
    except json.JSONDecodeError as exc:
        raise SpecError([Problem(f"{p}:{exc.lineno}:{exc.colno}", f"invalid JSON: {exc.msg}")], source=str(p)) from None
    return validate_challenge(data, source=str(p))


def validate_challenge(data: dict[str, Any] | Challenge, *, source: str = "challenge spec") -> Challenge:
    """Parse and check a challenge; raise one SpecError listing every problem."""
    if isinstance(data, Challenge):
        challenge = data
    else:
        if not isinstance(data, dict):
            raise SpecError([Problem("$", f"expected a JSON object, got {type(data).__name__}")], source=source)
        try:
            challenge = Challenge.model_validate(data)
        except ValidationError as exc:
            raise SpecError(pydantic_problems(exc), source=source) from None
    problems = check_challenge(challenge)
    if problems:
        raise SpecError(problems, source=source)
    return challenge


def check_challenge(ch: Challenge, *, rows: int | None = None) -> list[Problem]:
    """Every semantic problem of a parsed challenge (empty list = valid); `rows` = the run's main rows."""
    problems = check_schema(ch.schema_)
    if problems:  # sizes, ranges and cycles assume a structurally sound schema; references never do
        problems += check_references(ch.schema_)
    else:
        problems += check_spec_constructs(ch.schema_, rows=rows)
    problems += _check_problem(ch)
    problems += check_sql(ch)
    problems += value_problems(ch)  # finite weights, int64-safe sequences, Faker value providers, weight columns
    return problems


def check_spec_constructs(schema: Schema, *, rows: int | None = None, max_rows: int | None = None) -> list[Problem]:
    """References, grains, grids, counts, time order and cycles for a run of `rows` main rows.

    The engine calls this with the run's actual rows (`factory generate --rows`), so a grain that fits the
    default size but not the requested one is refused before anything is written.
    """
    if max_rows is None:
        from factory.settings import get_settings  # noqa: PLC0415 (settings read only when checking budgets)

        max_rows = get_settings().max_rows
    problems = check_references(schema)
    if problems:
        return problems
    return check_constructs(schema, rows, max_rows) + check_time(schema) + check_cycles(schema)


def _check_problem(ch: Challenge) -> list[Problem]:
    out: list[Problem] = []
    qs = ch.problem.questions
    if not MIN_QUESTIONS <= len(qs) <= MAX_QUESTIONS:
        out.append(Problem("$.problem.questions", f"{len(qs)} questions; a challenge has {MIN_QUESTIONS}-{MAX_QUESTIONS}"))
    out += duplicates([q.id for q in qs], "$.problem.questions", "question id")
    out += duplicates([s.id for s in ch.problem.story_numbers], "$.problem.story_numbers", "story number id")
    for qi, q in enumerate(qs):
        out += duplicates(q.output_fields, f"$.problem.questions[{qi}].output_fields", "output field")
        if q.chart is not None:
            for axis, name in [("x", q.chart.x)] + [("y", y) for y in q.chart.y]:
                if name not in q.output_fields:
                    out.append(Problem(f"$.problem.questions[{qi}].chart.{axis}", f"'{name}' is not an output field"))
    ids = {q.id for q in qs}
    for ii, ins in enumerate(ch.schema_.insights):
        for q in ins.questions:
            if q not in ids:
                out.append(Problem(f"$.schema.insights[{ii}].questions", f"unknown question id '{q}'"))
    return out


__all__ = [
    "DIST_PARAMS", "MAX_QUESTIONS", "MIN_QUESTIONS", "check_challenge", "check_schema", "check_spec_constructs",
    "check_sql", "empty_tables_connection", "load_challenge", "pydantic_problems", "sql_message",
    "validate_challenge",
]
