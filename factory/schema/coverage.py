"""The schema coverage check: can the schema answer every question? A 0-10 score and the gaps in plain words."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from factory.schema.sql_refs import sql_refs
from factory.spec.models import Challenge, Question, Schema, Table

TEMPORAL_WORDS = re.compile(
    r"\b(month|monthly|year|yearly|annual|quarter|quarterly|week|weekly|daily|day of|trend|season|seasonal|"
    r"over time|growth|month-over-month|year-over-year|fiscal|festive|monsoon|peak hours?|weekday|weekend)\b",
    re.IGNORECASE,
)
NUMERIC_TYPES = frozenset({"integer", "decimal", "boolean"})
CATEGORICAL_TYPES = frozenset({"category", "string", "boolean", "date", "timestamp", "year"})
SCHEMA_GAP_PENALTY = 0.5


class QuestionCoverage(BaseModel):
    """How well the schema supports one question."""

    id: str
    tables: list[str] = Field(default_factory=list, description="Tables the answer SQL reads.")
    checks: dict[str, bool] = Field(default_factory=dict, description="tables, temporal, aggregation, segmentation, joins.")
    gaps: list[str] = Field(default_factory=list)

    @property
    def score(self) -> float:
        """Share of this question's checks that pass (0-1); 0 when the tables it reads are missing."""
        if not self.checks or not self.checks.get("tables", False):
            return 0.0
        return sum(self.checks.values()) / len(self.checks)


class CoverageReport(BaseModel):
    """Schema coverage: 0-10 score, every gap as a plain sentence, and per-question details."""

    score: float = Field(ge=0, le=10)
    gaps: list[str] = Field(default_factory=list)
    questions: list[QuestionCoverage] = Field(default_factory=list)


def coverage_report(challenge: Challenge) -> CoverageReport:
    """Check that the schema has the tables, columns and joins each question needs."""
    schema = challenge.schema_
    details = [_question_coverage(q, schema) for q in challenge.problem.questions]
    gaps = [g for d in details for g in d.gaps]
    schema_gaps = _schema_gaps(challenge, details)
    gaps += schema_gaps
    base = 10 * sum(d.score for d in details) / len(details) if details else 0.0
    score = max(0.0, min(10.0, base - SCHEMA_GAP_PENALTY * len(schema_gaps)))
    return CoverageReport(score=round(score, 1), gaps=gaps, questions=details)


def _question_coverage(q: Question, schema: Schema) -> QuestionCoverage:
    refs = sql_refs(q.answer_sql) if q.answer_sql.strip() else None
    out = QuestionCoverage(id=q.id)
    if refs is None or not refs.parsed:
        why = "has no answer SQL" if refs is None else f"has SQL that does not parse ({refs.error})"
        out.checks["tables"] = False
        out.gaps.append(f"Question {q.id} {why}, so the tables it needs are unknown.")
        return out
    out.tables = refs.tables
    by_name = {t.name.lower(): t for t in schema.tables}  # SQL names are case-insensitive (sql_refs lowercases)
    known = [by_name.get(t.lower()) for t in refs.tables]
    used: list[Table] = [t for t in known if t is not None]
    missing = [name for name, t in zip(refs.tables, known, strict=True) if t is None]
    out.checks["tables"] = bool(used) and not missing
    if missing:
        out.gaps.append(f"Question {q.id} reads {', '.join(missing)}, which the schema does not have.")
    elif not used:
        out.gaps.append(f"Question {q.id} reads no table of the schema.")
    columns = [c for t in used for c in t.visible_columns]  # what learners can query
    if TEMPORAL_WORDS.search(q.text) or refs.uses_date_functions:
        ok = any(c.type in ("date", "timestamp") for c in columns)
        out.checks["temporal"] = ok
        if not ok:
            out.gaps.append(f"Question {q.id} is about time, but its tables ({', '.join(refs.tables)}) have no date column.")
    if refs.aggregates:
        measures = {c.name.lower() for c in columns if c.type in NUMERIC_TYPES or c.type in ("date", "timestamp")}
        ok = not refs.aggregated_columns or bool(refs.aggregated_columns & measures)
        out.checks["aggregation"] = ok
        if not ok:
            out.gaps.append(f"Question {q.id} aggregates {', '.join(sorted(refs.aggregated_columns))}, "
                            "but its tables have no numeric measure to aggregate.")
    if refs.grouped:
        ok = any(c.type in CATEGORICAL_TYPES for c in columns)
        out.checks["segmentation"] = ok
        if not ok:
            out.gaps.append(f"Question {q.id} segments its answer, but its tables have no categorical or date column.")
    if len(used) > 1:
        unlinked = _unlinked(used, schema)
        out.checks["joins"] = not unlinked
        if unlinked:
            out.gaps.append(f"Question {q.id} joins {', '.join(t.name for t in used)}, but no relationship links "
                            f"{', '.join(unlinked)} to the others.")
    return out


def _unlinked(used: list[Table], schema: Schema) -> list[str]:
    """Tables of `used` not connected to the first one through relationships among `used`."""
    names = {t.name for t in used}
    edges: dict[str, set[str]] = {n: set() for n in names}
    for r in schema.relationships:
        if r.parent_table_name in names and r.child_table_name in names:
            edges[r.parent_table_name].add(r.child_table_name)
            edges[r.child_table_name].add(r.parent_table_name)
    seen, todo = {used[0].name}, [used[0].name]
    while todo:
        for nxt in edges[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return sorted(names - seen)


def _schema_gaps(challenge: Challenge, details: list[QuestionCoverage]) -> list[str]:
    schema = challenge.schema_
    gaps: list[str] = []
    read = {t for d in details for t in d.tables}
    for t in schema.tables:
        if t.kind == "fact" and t.name not in read:
            gaps.append(f"Fact table {t.name} is not used by any question.")
    main = schema.table(schema.main_table)
    if main is not None and not any(c.type in ("date", "timestamp") for c in main.columns):
        gaps.append(f"The main table {main.name} has no date column, so no trend can be analysed.")
    if not any("temporal" in d.checks for d in details):
        gaps.append("No question looks at change over time (a monthly or yearly trend).")
    return gaps
