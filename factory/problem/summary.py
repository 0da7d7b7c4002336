"""Readable and JSON summaries of a drafted challenge (for the CLI and approval artifacts)."""

from __future__ import annotations

import re
from typing import Any

from factory.schema.coverage import CoverageReport
from factory.spec.models import Challenge, Schema, StoryNumber, Table


def estimated_rows(schema: Schema, rows: int | None = None) -> dict[str, int]:
    """Rows each table gets for a run of `rows` main-fact rows (the schema's default_rows when None)."""
    main = rows or schema.default_rows
    days = (schema.window.end - schema.window.start).days + 1
    out: dict[str, int] = {}

    def size(t: Table) -> int:
        if t.name in out:
            return out[t.name]
        s = t.size
        if s.kind == "fixed":
            n = s.rows
        elif s.kind == "main":
            n = main
        elif s.kind == "calendar":
            n = days
        elif s.kind == "ratio":
            n = max(s.min_rows, round(s.ratio * main))
            n = min(n, s.max_rows) if s.max_rows else n
        else:
            parent = schema.table(s.parent)
            n = round(s.fraction * size(parent)) if parent is not None and parent is not t else 0
        out[t.name] = n
        return n

    for t in schema.tables:
        size(t)
    return out


def sizing_text(t: Table) -> str:
    """How a table's row count is set, in words."""
    s = t.size
    if s.kind == "fixed":
        return f"{s.rows} rows"
    if s.kind == "main":
        return "main fact (the run's rows)"
    if s.kind == "calendar":
        return "one row per day"
    if s.kind == "ratio":
        return f"{s.ratio:g} x main rows (at least {s.min_rows})"
    return f"{s.fraction:.0%} of {s.parent} rows"


def display_text(text: str, numbers: list[StoryNumber]) -> str:
    """Text for a person: each {story_number} becomes its value, or '(computed after generation)'."""
    values = {s.id: s for s in numbers}

    def fill(m: re.Match[str]) -> str:
        s = values.get(m.group(1))
        if s is None or s.value is None:
            return "(computed after generation)"
        return f"{s.value:,.{s.decimals}f}"

    return re.sub(r"\{([a-z][a-z0-9_]*)\}", fill, text)


def summary_json(ch: Challenge, coverage: CoverageReport, path: str) -> dict[str, Any]:
    """The JSON summary `factory draft --json` prints."""
    rows = estimated_rows(ch.schema_)
    research = ch.research
    return {
        "path": path,
        "headline": research.summary.splitlines()[0] if research and research.summary else "",
        "challenge_id": ch.id,
        "seed": ch.seed,
        "difficulty": ch.difficulty,
        "company": ch.problem.company,
        "domain": ch.problem.domain,
        "library_domain": research.library_domain if research else "",
        "provider": research.provider if research else "",
        "window": {"start": ch.schema_.window.start.isoformat(), "end": ch.schema_.window.end.isoformat()},
        "characters": [{"name": c.name, "role": c.role, "part": c.part} for c in ch.problem.characters],
        "questions": [{"id": q.id, "text": q.text, "output_fields": q.output_fields} for q in ch.problem.questions],
        "tables": [{"name": t.name, "kind": t.kind, "columns": len(t.columns), "sizing": sizing_text(t),
                    "rows_at_default": rows[t.name]} for t in ch.schema_.tables],
        "rules": [r.id for r in ch.schema_.rules],
        "insights": [i.id for i in ch.schema_.insights],
        "messiness_level": ch.schema_.messiness.level,
        "coverage_score": coverage.score,
        "coverage_gaps": coverage.gaps,
        "feedback": [n.model_dump() for n in ch.feedback],
    }


def summary_text(ch: Challenge, coverage: CoverageReport, path: str) -> str:
    """A readable summary of the drafted challenge."""
    p, s = ch.problem, ch.schema_
    rows = estimated_rows(s)
    research = ch.research
    headline = research.summary.splitlines()[0] if research and research.summary else ""
    lines = [
        *([headline] if headline else []),
        f"Challenge {ch.id}  (seed {ch.seed}, {ch.difficulty})",
        f"Company:  {p.company}, {p.city}" if p.city else f"Company:  {p.company}",
        f"Domain:   {p.domain}" + (f"  -> library domain {research.library_domain}" if research and research.library_domain else ""),
        f"Window:   {s.window.start} to {s.window.end}",
        "",
        "Cast:",
        *[f"  - {c.name}, {c.role} ({c.part})" for c in p.characters],
        "",
        f"Questions ({len(p.questions)}):",
        "", "Story:", f"  {display_text(p.statement, p.story_numbers)}", "",
        *[f"  {q.id}. {q.text}" for q in p.questions],
        "",
        f"Tables ({len(s.tables)}, rows at the default {s.default_rows:,} main rows):",
        *[f"  - {t.name:<28} {t.kind:<9} {len(t.columns):>2} columns  {rows[t.name]:>9,} rows  ({sizing_text(t)})"
          for t in s.tables],
        "",
        f"Rules ({len(s.rules)}):",
        *[f"  - {r.id}: {r.statement}" for r in s.rules],
        f"Insights ({len(s.insights)}):",
        *[f"  - {i.title}: {i.statement}" for i in s.insights],
        f"Messiness: level {s.messiness.level}, {len(s.messiness.faults)} fault(s)",
    ]
    for note in ch.feedback:
        lines += [f"Feedback ({note.phase}): {note.feedback}",
                  *[f"  applied: {a}" for a in note.applied], *[f"  NOT applied: {a}" for a in note.not_applied]]
    lines += ["", f"Coverage: {coverage.score:.1f}/10"]
    lines += [f"  gap: {g}" for g in coverage.gaps] or ["  no gaps"]
    lines += ["", f"Wrote {path}"]
    return "\n".join(lines)
