"""Build a challenge's problem and schema from a pack and a draft state (render, validate, compose shared parts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from factory.errors import Problem as PathProblem
from factory.errors import SpecError
from factory.library.context import template_context
from factory.library.files import PARTS, line_of, read_yaml
from factory.library.model import BankQuestion, Pack
from factory.library.packs_index import PackSource
from factory.library.questions import select_questions
from factory.library.render import render_value
from factory.library.state import DraftState
from factory.spec.models import (
    Character,
    Fault,
    Messiness,
    Question,
    Relationship,
    Schema,
    Table,
    Window,
)
from factory.spec.models import Problem as SpecProblem

FIELDS_SENTENCE = "The final output contains these fields:"


def render_pack(src: PackSource, state: DraftState) -> Pack:
    """The pack rendered for `state` and validated; every problem names the file, the path and its line."""
    ctx = template_context(src, state)
    rendered = render_value(src.raw, ctx, "", str(src.path))
    try:
        return Pack.model_validate(rendered)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            path = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
            line = line_of(src.node, loc)
            where = f"{path} (line {line})" if line else path
            problems.append(PathProblem(where, err["msg"]))
        raise SpecError(problems, source=str(src.path)) from exc


def render_part(name: str, ctx: dict[str, Any]) -> dict[str, Any]:
    """A shared part (parts/<name>.yaml) rendered with the drafting context."""
    path = PARTS / f"{name}.yaml"
    data, _ = read_yaml(path)
    return render_value(data, ctx, "", str(path))


def _question(q: BankQuestion) -> Question:
    text = q.text.strip()
    if FIELDS_SENTENCE.lower() not in text.lower():
        text = f"{text} {FIELDS_SENTENCE} {', '.join(q.output_fields)}."
    return Question(id=q.id, text=text, output_fields=q.output_fields, answer_sql=q.answer_sql.strip(), chart=q.chart,
                    difficulty=q.difficulty, skills=q.skills)


def messiness(src: PackSource, pack: Pack, state: DraftState, tables: set[str]) -> Messiness:
    """The faults of the difficulty's level: the pack's (or the level below's) plus the shared ladder's defaults."""
    ladder = render_part("messiness", template_context(src, state))
    level = int(ladder["levels"][state.difficulty])
    faults: list[Fault] = []
    for lvl in range(level, 0, -1):
        if pack.messiness.get(str(lvl)):
            faults = list(pack.messiness[str(lvl)])
            break
    faults += [Fault.model_validate(f) for f in (ladder.get("defaults") or {}).get(str(level), [])]
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for f in faults:
        key = (f.kind, f.table, f.column)
        if f.table in tables and key not in seen:
            seen.add(key)
            kept.append(f)
    return Messiness(level=level, faults=kept)


def build(src: PackSource, state: DraftState) -> tuple[SpecProblem, Schema, DraftState]:
    """The problem and schema `state` describes, and the state with its question ids (chosen when empty)."""
    pack = render_pack(src, state)
    ctx = template_context(src, state)
    tables: list[Table] = []
    for part in pack.uses:
        tables += [Table.model_validate(t) for t in render_part(part, ctx)["tables"]]
    tables += pack.schema_.tables
    rels: list[Relationship] = list(pack.schema_.relationships)
    rules, insights, bank = list(pack.schema_.rules), list(pack.schema_.insights), list(pack.questions)
    for name in state.extras:
        extra = pack.extras[name]
        tables += extra.tables
        rels += extra.relationships
        rules += extra.rules
        insights += extra.insights
        bank += extra.questions
    names = {t.name for t in tables}
    if not state.question_ids:
        must = [t.name for t in tables if t.name != "dim_date"]
        must = [t for t in must if t in {x.name for x in pack.schema_.tables} or t == "dim_city"]
        extra_tables = [t.name for e in state.extras for t in pack.extras[e].tables]
        ids = select_questions(bank, state.difficulty, state.question_count, state.seed, extra_tables + must)
        state = state.model_copy(update={"question_ids": ids})
    by_id = {q.id: q for q in bank}
    questions = [_question(by_id[i]) for i in state.question_ids if i in by_id]
    chosen = {q.id for q in questions}
    insights = [i.model_copy(update={"questions": [q for q in i.questions if q in chosen]})
                for i in insights if i.effect.table in names]
    people = dict(zip(("stakeholder", "manager", "analyst"), state.cast, strict=False))
    characters = [Character(name=people[r.part].name, role=r.role, voice=r.voice, part=r.part) for r in pack.cast]
    problem = SpecProblem(
        company=state.company, domain=state.request, industry=pack.industry, city=ctx["hq_city"],
        statement=pack.problem.statement.strip(), characters=characters, kpis=pack.problem.kpis, questions=questions,
        story_numbers=pack.problem.story_numbers, difficulty=state.difficulty)
    window = Window(start=dt.date(state.year_start, 1, 1), end=dt.date(state.year_end, 12, 31),
                    fiscal_year_start_month=pack.defaults.fiscal_start_month)
    schema = Schema(locale=ctx["locale"], window=window, main_table=pack.schema_.main_table,
                    default_rows=pack.schema_.default_rows, tables=tables, relationships=rels, rules=rules,
                    insights=insights, messiness=messiness(src, pack, state, names))
    return problem, schema, state
