"""Learner-eye checks of the questions and the story: a table no question reads, a question whose answer
barely differs across its groups (warnings), counts the statement quotes ("across 8 cities") against the
data, and failed story numbers as findings."""

from __future__ import annotations

import re

from factory.answers.compute import Answer
from factory.quality.context import CheckContext
from factory.quality.learner_eye_base import pct, qi
from factory.quality.models import Finding
from factory.spec.models import Question

ANSWER, DOCS = "answerability", "documentation"
FLAT = 0.05  # (max - min) / |mean| of a measure across the answer's groups below this: "barely differs"
PARTIAL = r"\b(other|more|new|additional|further|top|largest|biggest|smallest|main|major|key|of)\b"
APPROX = r"\b(over|about|around|nearly|almost|than|to|some|least|most|under|roughly|approximately)\s*$"
COUNT_PHRASE = re.compile(r"(?<![\w.-])(\d{1,5})\s+((?:[A-Za-z&-]+\s+){0,3}?)([A-Za-z]+s)\b")


def _word(name: str, sql: str) -> bool:
    return re.search(rf'(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])', sql, re.IGNORECASE) is not None


def read_by_questions(ctx: CheckContext) -> set[str]:
    """`table` and `table.column` names the questions' SQL reads (a word match inside each question's SQL)."""
    out: set[str] = set()
    for qn in ctx.challenge.problem.questions:
        for t in ctx.schema.tables:
            if _word(t.name, qn.answer_sql):
                out.add(t.name)
                out.update(f"{t.name}.{c.name}" for c in t.columns if _word(c.name, qn.answer_sql))
    return out


def check_unread_tables(ctx: CheckContext, read: set[str]) -> None:
    """Every shipped table is read by some question (a warning: learners wonder why it is there)."""
    for t in ctx.schema.tables:
        ok = t.name in read
        ctx.notice(ANSWER, "unread_table", f"learner.unread_table.{t.name}", f"no question reads {t.name}", ok,
                   table=t.name, warn_only=True, count=None if ok else ctx.rows(t.name),
                   message=f"{t.name} ({ctx.rows(t.name):,} rows) is shipped but no question's SQL reads it")


def check_flat_answers(ctx: CheckContext, answers: dict[str, Answer]) -> None:
    """A question whose charted measure (or every measure) is nearly the same in every group (a warning)."""
    for qn in ctx.challenge.problem.questions:
        a = answers.get(qn.id)
        if a is None or a.error or a.row_count < 2:
            continue
        flat = _flat_measures(qn, a)
        ok = not flat
        groups = [c for c in a.columns if not _numeric(a, c)]
        examples = [dict(zip(a.columns, row, strict=False)) for row in a.rows[:5]]
        ctx.notice(ANSWER, "flat_answer", f"learner.flat_answer.{qn.id}", f"{qn.id}: the answer barely differs "
                   f"across its {', '.join(groups) or 'rows'}", ok, table=_first_table(ctx, qn.answer_sql),
                   column=", ".join(flat), warn_only=True,
                   count=len(flat) or None, total=a.row_count, limit=FLAT,
                   message="; ".join(f"{m} spans {pct(s)} of its mean across {a.row_count} groups" for m, s in flat.items()),
                   examples=[] if ok else examples)


def _first_table(ctx: CheckContext, sql: str) -> str:
    """The table a question's SQL reads first (its FROM), or ''."""
    hits = [(m.start(), t.name) for t in ctx.schema.tables
            for m in [re.search(rf'(?<![A-Za-z0-9_]){re.escape(t.name)}(?![A-Za-z0-9_])', sql)] if m]
    return min(hits)[1] if hits else ""


def _numeric(a: Answer, column: str) -> bool:
    i = a.columns.index(column)
    values = [r[i] for r in a.rows if r[i] is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _flat_measures(qn: Question, a: Answer) -> dict[str, float]:
    measures = [y for y in qn.chart.y if y in a.columns] if qn.chart is not None else []
    measures = [m for m in measures if _numeric(a, m)] or [c for c in a.columns if _numeric(a, c)]
    if not measures or len(measures) == len(a.columns):
        return {}
    spreads = {}
    for m in measures:
        i = a.columns.index(m)
        values = [float(r[i]) for r in a.rows if r[i] is not None]
        mean = sum(values) / len(values) if values else 0.0
        if len(values) >= 2 and mean:
            spreads[m] = (max(values) - min(values)) / abs(mean)
    flat = {m: s for m, s in spreads.items() if s < FLAT}
    if qn.chart is None and len(flat) < len(spreads):
        return {}
    return flat


def _singular(noun: str) -> str:
    noun = noun.lower()
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("ses", "xes", "ches", "shes")):
        return noun[:-2]
    return noun[:-1]


def check_statement_counts(ctx: CheckContext) -> None:
    """'N <things>' in the statement equals the rows of the table of things (or the distinct values of a
    column named after them): a learner counts the cities the story names."""
    con = ctx.clean_con if ctx.basis == "clean" and ctx.clean_con is not None else ctx.con
    statement = ctx.challenge.problem.statement
    for match in COUNT_PHRASE.finditer(statement):
        stated, noun = int(match.group(1)), _singular(match.group(3))
        before = statement[max(0, match.start() - 14):match.start()].lower()
        if re.search(PARTIAL, match.group(2), re.IGNORECASE) or re.search(APPROX, before):
            continue  # "3 other cities", "over 500 stores": not a count of the whole table
        target = _count_source(ctx, noun)
        if target is None:
            continue
        label, sql = target
        actual = int(con.execute(sql).fetchone()[0] or 0)
        ctx.notice(DOCS, "statement_count", f"learner.statement_count.{noun}", f"the story says {match.group(0)!r}, "
                   f"the data has {actual:,}", actual == stated, table=label.split(".")[0],
                   column=label.split(".")[1] if "." in label else "", count=actual, observed={"stated": stated},
                   message=f"the statement says {match.group(0)!r}; {label} has {actual:,}",
                   examples=[{"stated": stated, "data": actual}])


def _count_source(ctx: CheckContext, noun: str) -> tuple[str, str] | None:
    for t in ctx.schema.tables:
        stem = re.sub(r"^(dim|fact|bridge)_", "", t.name.lower())
        if ctx.has(t.name) and noun in (stem, _singular(stem) if stem.endswith("s") else stem):
            return t.name, f"SELECT count(*) FROM {qi(t.name)}"
    for t in ctx.schema.tables:
        for c in t.columns:
            if ctx.has(t.name, c.name) and c.name.lower() in (noun, f"{noun}_name") and c.type in ("string", "category"):
                return f"{t.name}.{c.name}", f"SELECT count(DISTINCT {qi(c.name)}) FROM {qi(t.name)}"
    return None


def story_findings(ctx: CheckContext) -> None:
    """Failed story-number checks (documentation) become findings: the story quotes a number the data denies."""
    known = {f.id for f in ctx.findings}
    for c in ctx.checks:
        if c.id.startswith("story.") and not c.success and c.id not in known:
            ctx.findings.append(Finding(id=c.id, check="story_number", category=DOCS, severity="blocking",
                                        title="a number in the story differs from the data", message=c.message,
                                        examples=[c.observed_value] if isinstance(c.observed_value, dict) else []))
