"""`factory library check`: a pack rendered for every difficulty (and with every extra), validated as a challenge."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from factory.errors import Problem, SpecError
from factory.library.build import build, render_pack
from factory.library.context import DraftOptions, resolve
from factory.library.model import MIN_PER_DIFFICULTY, Pack
from factory.library.packs_index import PackSource, read_pack
from factory.library.questions import LEVELS, tables_read
from factory.spec.models import DIFFICULTIES, Challenge
from factory.spec.validate import validate_challenge

_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z][a-z0-9_]*)\}(?!\})")


@dataclass(frozen=True)
class PackReport:
    """What a valid pack holds."""

    pack: str
    path: str
    tables: list[str]
    questions: dict[str, int]
    extras: list[str]
    warnings: list[str]


def pack_problems(pack: Pack, src: PackSource) -> list[Problem]:
    """Problems pydantic cannot see: bank size per difficulty, unread tables, unknown ids, unfilled placeholders."""
    out: list[Problem] = []
    bank = list(pack.questions) + [q for e in pack.extras.values() for q in e.questions]
    for qid, n in Counter(q.id for q in bank).items():
        if n > 1:
            out.append(Problem("questions", f"question id '{qid}' is used {n} times"))
    levels = Counter(q.difficulty for q in pack.questions)
    for lvl in LEVELS:
        if levels[lvl] < MIN_PER_DIFFICULTY:
            out.append(Problem("questions", f"{levels[lvl]} {lvl} question(s); a bank needs at least "
                                            f"{MIN_PER_DIFFICULTY} of each difficulty"))
    names = [t.name for t in pack.schema_.tables]
    if pack.schema_.main_table not in names:
        out.append(Problem("schema.main_table", f"'{pack.schema_.main_table}' is not a table of the pack"))
    read: set[str] = set()
    for i, q in enumerate(bank):
        got = tables_read(q.answer_sql)
        if not got:
            out.append(Problem(f"questions[{i}].answer_sql", f"'{q.id}': the SQL does not parse or reads no table"))
        if q.tables and set(q.tables) != set(got):
            out.append(Problem(f"questions[{i}].tables", f"'{q.id}' declares {sorted(q.tables)} but its SQL reads "
                                                         f"{sorted(got)}"))
        read |= got
    shipped = names + (["dim_city"] if "city_dimension" in pack.uses else [])
    shipped += [t.name for e in pack.extras.values() for t in e.tables]
    out += [Problem("schema.tables", f"table '{t}' is read by no question of the bank") for t in shipped
            if t not in read]
    ids = {q.id for q in bank}
    for i, ins in enumerate(pack.schema_.insights):
        out += [Problem(f"schema.insights[{i}].questions", f"unknown question '{q}'") for q in ins.questions
                if q not in ids]
    story = {s.id for s in pack.problem.story_numbers}
    out += [Problem("problem.statement", f"placeholder {{{p}}} has no story_numbers entry")
            for p in _PLACEHOLDER.findall(pack.problem.statement) if p not in story]
    return [Problem(f"{src.path}: {p.path}", p.message) for p in out]


def check_pack_source(src: PackSource, *, seed: int = 7) -> PackReport:
    """Validate a pack for every difficulty with all its extras on; SpecError listing every problem otherwise."""
    problems: list[Problem] = []
    pack: Pack | None = None
    tables: list[str] = []
    warnings: list[str] = []
    for difficulty in DIFFICULTIES:
        extras = tuple(sorted(src.raw.get("extras") or {})) if difficulty == "advanced" else ()
        state = resolve(src, "", seed, DraftOptions(difficulty=difficulty, extras=extras))  # type: ignore[arg-type]
        pack = render_pack(src, state)
        if difficulty == "beginner":
            problems += pack_problems(pack, src)
            if problems:
                break
        problem, schema, state = build(src, state)
        ch = Challenge(id=f"check-{src.name.replace('_', '-')}"[:60], seed=seed, difficulty=difficulty,
                       problem=problem, schema=schema)
        try:
            validate_challenge(ch, source=f"{src.path} (rendered, {difficulty})")
        except SpecError as exc:
            problems += [Problem(f"{src.path} ({difficulty}): {p.path}", p.message) for p in exc.problems]
            break
        except Exception as exc:  # noqa: BLE001 - a crash of the spec's static checks is not the pack's fault
            warnings.append(f"{difficulty}: the spec's static checks could not run: {exc!r}")
        tables = [t.name for t in schema.tables]
    if problems:
        raise SpecError(problems, source=str(src.path))
    assert pack is not None
    return PackReport(pack=src.name, path=str(src.path), tables=tables,
                      questions=dict(Counter(q.difficulty for q in pack.questions)), extras=sorted(pack.extras),
                      warnings=warnings)


def check_pack_file(path: Path) -> PackReport:
    """Validate one pack file."""
    return check_pack_source(read_pack(path))
