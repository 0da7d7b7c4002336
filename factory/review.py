"""What an approver reads before a gate: the problem, the schema with rules and coverage, the preview rows.

Plain markdown and rows (no Prefect): the orchestration publishes them as artifacts and as the gate's form
description; the terminal prints the same text.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from factory.spec.models import Challenge, Problem

PREVIEW_ROWS = 10


def problem_markdown(problem: Problem, *, notes: list[str] | None = None, headline: str = "") -> str:
    """Phase 1 for approval: what was matched (first line), company, statement, cast, KPIs, every question."""
    from factory.problem.summary import display_text

    lines = [f"**{headline}**", ""] if headline else []
    lines += [f"# {problem.company}: {problem.domain}", "", display_text(problem.statement, problem.story_numbers), "",
              "## People"]
    lines += [f"- **{c.name}**, {c.role} ({c.part})" + (f": _{c.voice}_" if c.voice else "") for c in problem.characters]
    lines += ["", "## KPIs"]
    lines += [f"- **{k.name}**: {k.definition} (`{k.formula}`)" for k in problem.kpis]
    lines += ["", f"## Questions ({len(problem.questions)})"]
    for i, q in enumerate(problem.questions, 1):
        skills = f"; skills: {', '.join(q.skills)}" if q.skills else ""
        lines += [f"{i}. **{q.id}** ({q.difficulty}{skills}): {q.text}",
                  f"   - output fields: {', '.join(q.output_fields)}"]
    if notes:
        lines += ["", "## What the feedback changed"] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def schema_markdown(challenge: Challenge, *, coverage_score: float | None = None, gaps: list[str] | None = None) -> str:
    """Phase 2 for approval: tables and columns, relationships, business rules, insights, coverage score."""
    s = challenge.schema_
    score = f"{coverage_score:.1f}/10" if coverage_score is not None else "not computed"
    lines = [f"# Schema of {challenge.id}", "", f"**Question coverage score: {score}**", "",
             f"Window {s.window.start} to {s.window.end}; main table `{s.main_table}`; messiness level "
             f"{s.messiness.level}.", ""]
    if gaps:
        lines += ["## Coverage gaps"] + [f"- {g}" for g in gaps] + [""]
    lines += ["## Tables"]
    for t in s.tables:
        lines += ["", f"### `{t.name}` ({t.kind}, key `{t.primary_key}`, size {t.size.kind})", t.description, "",
                  "| column | type | nullable | generator | description |", "|---|---|---|---|---|"]
        lines += [f"| {c.name} | {c.type} | {'yes' if c.nullable else 'no'} | {c.generator.kind} | {c.description} |"
                  for c in t.columns]
    lines += ["", "## Relationships"]
    lines += [f"- `{r.child_table_name}.{r.child_foreign_key}` -> `{r.parent_table_name}.{r.parent_primary_key}`"
              for r in s.relationships] or ["- none"]
    lines += ["", f"## Business rules ({len(s.rules)})"]
    lines += [f"- **{r.id}** ({r.category}): {r.statement}" for r in s.rules] or ["- none"]
    lines += ["", f"## Planted insights ({len(s.insights)})"]
    lines += [f"- **{i.title}**: {i.statement}" for i in s.insights] or ["- none"]
    return "\n".join(lines) + "\n"


def preview_rows(run_dir: Path | str, *, limit: int = PREVIEW_ROWS) -> dict[str, list[dict[str, Any]]]:
    """The first `limit` rows of every preview table (preview/datasets/<table>.csv), by table name."""
    folder = Path(run_dir) / "preview" / "datasets"
    tables: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            tables[path.stem] = [row for _, row in zip(range(limit), reader, strict=False)]
    return tables


def preview_markdown(run_dir: Path | str, *, score: float | None = None, failed: list[str] | None = None,
                     limit: int = 5) -> str:
    """Phase 3 for approval: the preview check score, failed checks, a few rows of every table."""
    lines = ["# Preview", "", f"**Preview check score: {score:.1f}/10**" if score is not None else ""]
    if failed:
        lines += ["", "## Failed checks"] + [f"- {f}" for f in failed]
    for table, rows in preview_rows(run_dir, limit=limit).items():
        lines += ["", f"## `{table}`"]
        if rows:
            cols = list(rows[0])
            lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines) + "\n"
