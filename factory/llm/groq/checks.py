"""Spec checks of the LLM's replies, with paths into the reply the model wrote."""

from __future__ import annotations

import re

from factory.errors import Problem
from factory.llm.groq.formats import ProblemReply, SchemaReply
from factory.spec.models import Challenge
from factory.spec.models import Problem as ProblemSpec
from factory.spec.validate import MAX_QUESTIONS, MIN_QUESTIONS, check_challenge

DRAFT_ID = "groq-draft"
_ANSWER_PATH = re.compile(r"^\$\.problem\.questions\[(\d+)\]\.answer_sql$")


def check_problem_reply(reply: ProblemReply) -> list[Problem]:
    """Problems of a problem-step reply that the spec checks before the schema exists."""
    out: list[Problem] = []
    qs = reply.problem.questions
    if not MIN_QUESTIONS <= len(qs) <= MAX_QUESTIONS:
        out.append(
            Problem(
                "$.problem.questions", f"{len(qs)} questions; a challenge has {MIN_QUESTIONS}-{MAX_QUESTIONS}"
            )
        )
    out += _duplicates([q.id for q in qs], "$.problem.questions", "question id")
    for qi, q in enumerate(qs):
        out += _duplicates(q.output_fields, f"$.problem.questions[{qi}].output_fields", "output field")
        if q.chart is not None:
            for axis, name in [("x", q.chart.x)] + [("y", y) for y in q.chart.y]:
                if name not in q.output_fields:
                    out.append(
                        Problem(f"$.problem.questions[{qi}].chart.{axis}", f"'{name}' is not an output field")
                    )
    parts = {c.part for c in reply.problem.characters}
    for part in ("stakeholder", "manager", "analyst"):
        if part not in parts:
            out.append(Problem("$.problem.characters", f"no character with part '{part}'"))
    return out


def with_answers(problem: ProblemSpec, reply: SchemaReply) -> tuple[ProblemSpec, list[Problem]]:
    """The problem with the reply's answer_sql filled in, and problems with the answer_sql list itself."""
    ids = {q.id for q in problem.questions}
    out: list[Problem] = []
    sql: dict[str, str] = {}
    for ai, a in enumerate(reply.answer_sql):
        if a.question_id not in ids:
            out.append(
                Problem(
                    f"$.answer_sql[{ai}].question_id",
                    f"unknown question id '{a.question_id}' (the questions are {', '.join(sorted(ids))})",
                )
            )
        elif a.question_id in sql:
            out.append(Problem(f"$.answer_sql[{ai}].question_id", f"a second entry for '{a.question_id}'"))
        else:
            sql[a.question_id] = a.sql
    questions = [q.model_copy(update={"answer_sql": sql.get(q.id, "")}) for q in problem.questions]
    return problem.model_copy(update={"questions": questions}), out


def draft_challenge(problem: ProblemSpec, reply: SchemaReply, *, seed: int) -> tuple[Challenge, list[Problem]]:
    """The challenge the reply makes (answer SQL filled in), and the problems of its answer_sql list."""
    filled, out = with_answers(problem, reply)
    challenge = Challenge(
        id=DRAFT_ID, seed=seed, difficulty=problem.difficulty, problem=filled, schema=reply.schema_
    )
    return challenge, out


def check_schema_reply(problem: ProblemSpec, reply: SchemaReply, *, seed: int) -> list[Problem]:
    """Every problem of the challenge the reply makes (SQL checked against the schema), with reply paths."""
    challenge, out = draft_challenge(problem, reply, seed=seed)
    filled = challenge.problem
    index = {a.question_id: i for i, a in enumerate(reply.answer_sql)}
    for p in check_challenge(challenge):
        m = _ANSWER_PATH.match(p.path)
        if m:
            q = filled.questions[int(m.group(1))]
            where = f"$.answer_sql[{index[q.id]}].sql" if q.id in index else "$.answer_sql"
            out.append(Problem(where, f"question {q.id}: {p.message}"))
        elif p.path.startswith("$.problem."):
            out.append(Problem(p.path, f"{p.message} (the problem is fixed: fix it through the schema)"))
        else:
            out.append(p)
    return out


def _duplicates(names: list[str], path: str, what: str) -> list[Problem]:
    seen: set[str] = set()
    dups = sorted({n for n in names if n in seen or seen.add(n)})  # type: ignore[func-returns-value]
    return [Problem(path, f"duplicate {what} '{d}'") for d in dups]
