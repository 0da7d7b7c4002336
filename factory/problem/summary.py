"""Readable and JSON summaries of a drafted challenge (for the CLI and approval artifacts)."""

from __future__ import annotations

import re
from typing import Any

from factory.schema.coverage import CoverageReport
from factory.spec.models import Challenge, Schema, StoryNumber, Table


def column_mean(t: Table | None, name: str) -> float:
    """A rough mean of a numeric column from its generator (for sizing children by a count column)."""
    col = t.column(name) if t is not None else None
    g = col.generator if col is not None else None
    p = getattr(g, "params", {}) or {}
    if g is None:
        return 1.0
    if g.kind == "choice":
        vals = [v for v in g.values if isinstance(v, int | float) and not isinstance(v, bool)]
        weights = g.weights or [1.0] * len(g.values)
        total = sum(w for v, w in zip(g.values, weights, strict=False) if v in vals) or 1.0
        mean = sum(float(v) * w for v, w in zip(g.values, weights, strict=False) if v in vals) / total
    elif g.kind == "distribution":
        mean = p.get("lam") or p.get("mean") if g.dist in ("poisson", "normal") else \
            (p.get("low", 0) + p.get("high", 0)) / 2 if g.dist == "uniform" else (g.min or 0) + 1
        mean = float(mean or 1.0)
    else:
        mean = 1.0
    lo = getattr(g, "min", None)
    return max(mean, float(lo)) if lo is not None else mean


def estimated_rows(schema: Schema, rows: int | None = None) -> dict[str, int]:
    """Rows each table gets for a run of `rows` main-fact rows (the schema's default_rows when None); a table sized
    by a count column is estimated as its parent's rows x the column's mean (the engine knows it after generating)."""
    from factory.generate.plan import table_rows

    main = rows or schema.default_rows
    out = table_rows(schema, main)
    known = {t.name: round(out[t.size.parent] * column_mean(schema.table(t.size.parent), t.size.count_column))
             for t in schema.tables if t.size.kind == "per_parent" and getattr(t.size, "count_column", None)}
    return table_rows(schema, main, known=known) if known else out


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
    if s.kind == "grid":
        return f"{s.density:.0%} of the combinations of {' x '.join(s.parents)}"
    if getattr(s, "count_column", None):
        return f"{s.count_column} rows per {s.parent} row"
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
