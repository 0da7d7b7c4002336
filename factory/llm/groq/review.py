"""Learner-eye review of a drafted schema: generate a preview-size world in memory and run the checks that need
no declaration (time order, states, places, people), as repair problems with reply paths. Concentration (top
shares) is left to the full validation: at ~1K rows one product's share is sampling noise, not a defect.

A check-spec-valid schema can still draft an incoherent world (orders before signup, ratings on cancelled stays);
these findings tell the model which constraint to add, at the path of the table or column that shows it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from factory.answers.tables import RunData
from factory.errors import FactoryError, Problem
from factory.generate.api import generate_tables
from factory.generate.plan import make_plan
from factory.quality.context import CheckContext
from factory.quality.learner_eye_people import check_people
from factory.quality.learner_eye_place import check_places
from factory.quality.learner_eye_state import check_states
from factory.quality.learner_eye_time import check_time
from factory.quality.models import Finding
from factory.settings import get_settings
from factory.spec.models import Challenge, Schema

log = logging.getLogger("factory.llm.groq")
PREVIEW_ROWS = 1_000
NO_DECLARATION_CHECKS = (check_time, check_states, check_places, check_people)


def learner_eye_findings(challenge: Challenge, rows: int = PREVIEW_ROWS) -> list[Finding]:
    """The blocking no-declaration learner-eye findings of `challenge` generated at `rows` main rows."""
    plan = make_plan(challenge, rows, seed=None, max_rows=get_settings().max_rows)
    data = RunData(run_dir=Path("."), challenge=challenge, tables=generate_tables(plan))
    ctx = CheckContext(data=data, con=data.connection())
    try:
        for check in NO_DECLARATION_CHECKS:
            check(ctx)
    finally:
        ctx.con.close()
    return [f for f in ctx.findings if f.severity == "blocking"]


def finding_path(schema: Schema, finding: Finding) -> str:
    """The reply path of the table (and column) a finding names."""
    for ti, t in enumerate(schema.tables):
        if t.name == finding.table:
            for ci, c in enumerate(t.columns):
                if c.name == finding.column:
                    return f"$.schema.tables[{ti}].columns[{ci}]"
            return f"$.schema.tables[{ti}]"
    return "$.schema"


def finding_text(finding: Finding) -> str:
    """One line: what a learner notices, how often, and an example row."""
    share = f" ({finding.count} of {finding.total} rows)" if finding.count is not None and finding.total else ""
    example = f"; e.g. {finding.examples[0]}" if finding.examples else ""
    detail = f": {finding.message}" if finding.message and finding.message not in finding.title else ""
    return f"learner-eye {finding.check}: {finding.title}{detail}{share}{example}"


def review_problems(challenge: Challenge, rows: int = PREVIEW_ROWS) -> list[Problem]:
    """Learner-eye findings of a preview-size generation as repair problems (a generation error is one too)."""
    try:
        findings = learner_eye_findings(challenge, rows)
    except FactoryError as exc:
        return [Problem("$.schema", f"a {rows:,}-row preview cannot be generated: {exc}")]
    log.info("groq schema: %d learner-eye finding(s) at %d rows", len(findings), rows)
    return [Problem(finding_path(challenge.schema_, f), finding_text(f)) for f in findings]
