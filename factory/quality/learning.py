"""Answerability (every question's SQL runs and gives a real answer; planted insights are detectable) and
documentation (every table and column described, dictionary = CSV headers, story numbers = the data)."""

from __future__ import annotations

import re

import duckdb

from factory.answers.compute import Answer, run_query, run_question, story_value
from factory.errors import ValidationRunError
from factory.quality.context import CheckContext, shipped
from factory.sandbox import UnsafeSQL
from factory.spec.models import Question

ANSWER, DOCS = "answerability", "documentation"
CHARTED = ("bar", "column", "line", "pie")


def check_questions(ctx: CheckContext) -> dict[str, Answer]:
    """Every question's SQL runs, returns exactly its output_fields, and its answer is non-empty and non-trivial
    on the delivered data; when the answer key is computed on clean tables, it also runs there with rows."""
    if ctx.clean_con is not None:
        _clean_questions(ctx, ctx.clean_con)
    answers: dict[str, Answer] = {}
    for qn in ctx.challenge.problem.questions:
        a = run_question(ctx.con, qn)
        answers[qn.id] = a
        runs = not a.error
        ctx.add(ANSWER, f"question_runs.{qn.id}", "expect_question_sql_to_run", runs, severity="critical",
                observed=a.row_count if runs else None, message=a.error)
        if not runs:
            continue
        same = a.columns == qn.output_fields
        missing = [f for f in qn.output_fields if f not in a.columns]
        extra = [f for f in a.columns if f not in qn.output_fields]
        ctx.add(ANSWER, f"question_fields.{qn.id}", "expect_question_columns_to_match_output_fields", same,
                severity="critical", examples=missing + extra, observed=a.columns,
                message="" if same else f"returns {a.columns}, output_fields are {qn.output_fields}")
        ctx.add(ANSWER, f"question_rows.{qn.id}", "expect_question_answer_to_be_non_empty", a.row_count > 0,
                severity="critical", observed=a.row_count, message="" if a.row_count else "the answer has no rows")
        if a.row_count:
            _non_trivial(ctx, qn, a)
    return answers


def _clean_questions(ctx: CheckContext, con: duckdb.DuckDBPyConnection) -> None:
    """Each question's SQL on the clean tables (the answer key's basis) runs and returns rows."""
    for qn in ctx.challenge.problem.questions:
        a = run_question(con, qn)
        ok = not a.error and a.row_count > 0
        ctx.add(ANSWER, f"question_clean.{qn.id}", "expect_question_to_answer_on_clean_data", ok, severity="critical",
                observed=a.row_count if not a.error else None,
                message=a.error or ("" if ok else "no rows on the clean data"))


def _non_trivial(ctx: CheckContext, qn: Question, a: Answer) -> None:
    """No answer column is all NULL (or all zero for numbers); charted fields vary when a chart needs it."""
    bad: list[str] = []
    for i, name in enumerate(a.columns):
        values = [row[i] for row in a.rows]
        numeric = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if all(v is None for v in values) or (numeric and len(numeric) == len(values) and not any(numeric)):
            bad.append(name)
    if qn.chart is not None and qn.chart.type in CHARTED and a.row_count > 1:
        for name in [qn.chart.x, *qn.chart.y]:
            if name in a.columns:
                i = a.columns.index(name)
                if len({repr(row[i]) for row in a.rows}) < 2:
                    bad.append(name)
    ok = not bad
    ctx.add(ANSWER, f"question_nontrivial.{qn.id}", "expect_question_answer_to_be_non_trivial", ok,
            severity="major", examples=list(dict.fromkeys(bad)),
            message="" if ok else f"trivial answer in {sorted(set(bad))}: all NULL/zero or a constant charted field")


def check_insights(ctx: CheckContext) -> None:
    """Each planted insight's detect_sql returns true on the generated data."""
    for ins in ctx.schema.insights:
        try:
            _, rows = run_query(ctx.con, ins.detect_sql)
            value = rows[0][0] if rows and rows[0] else None
            ok, msg = value is True, "" if value is True else f"detect_sql returned {value!r}"
        except (UnsafeSQL, duckdb.Error) as exc:
            ok, value, msg = False, None, f"detect_sql failed: {str(exc).strip().splitlines()[0]}"
        e = ins.effect
        ctx.add(ANSWER, f"insight.{ins.id}", "expect_insight_to_be_detectable", ok, table=e.table, column=e.column,
                severity="major", observed=value, message=msg or ins.title)


def check_documentation(ctx: CheckContext) -> None:
    """Spec validity, descriptions, dictionary vs CSV headers, story numbers vs the data, placeholders."""
    problems = ctx.data.spec_problems
    ctx.add(DOCS, "spec_valid", "expect_spec_to_pass_its_checks", not problems, severity="major",
            examples=[p.path for p in problems], message="; ".join(str(p) for p in problems[:5]))
    for t in ctx.schema.tables:
        undocumented = [c.name for c in shipped(t) if len(c.description.strip()) < 5]
        if len(t.description.strip()) < 5:
            undocumented.insert(0, "(table)")
        ctx.add(DOCS, f"described.{t.name}", "expect_table_and_columns_to_be_described", not undocumented,
                table=t.name, severity="minor", examples=undocumented,
                message=f"no description: {', '.join(undocumented)}" if undocumented else "")
        header = ctx.data.headers.get(t.name)
        if header is None:
            continue
        spec = [c.name for c in shipped(t)]
        diff = [h for h in header if h not in spec] + [s for s in spec if s not in header]
        same = header == spec
        ctx.add(DOCS, f"dictionary.{t.name}", "expect_dictionary_to_match_csv_header", same, table=t.name,
                column=diff[0] if diff else "", severity="critical", examples=diff, observed=header,
                message="" if same else f"CSV header {header} differs from the dictionary {spec}")
    _story_numbers(ctx)


def _story_numbers(ctx: CheckContext) -> None:
    problem = ctx.challenge.problem
    ids = {s.id for s in problem.story_numbers}
    placeholders = set(re.findall(r"\{([a-z][a-z0-9_]*)\}", problem.statement))
    unknown = sorted(placeholders - ids)
    ctx.add(DOCS, "story_placeholders", "expect_statement_placeholders_to_be_story_numbers", not unknown,
            severity="major", examples=unknown,
            message=f"statement quotes unknown numbers {unknown}" if unknown else "")
    con = ctx.con
    if ctx.basis == "clean":
        ok = ctx.clean_con is not None
        ctx.add(DOCS, "clean_tables", "expect_clean_tables_to_load", ok, severity="critical",
                observed="clean", message="" if ok else f"the answer key's clean tables cannot be read: {ctx.clean_error}")
        if ctx.clean_con is None:
            return
        con = ctx.clean_con
    for s in problem.story_numbers:
        try:
            actual = story_value(con, s)
        except ValidationRunError as exc:
            ctx.add(DOCS, f"story.{s.id}", "expect_story_number_to_match_data", False, severity="critical",
                    message=exc.message)
            continue
        ok = s.value is not None and abs(s.value - actual) <= 0.5 * 10 ** (-s.decimals)
        ctx.add(DOCS, f"story.{s.id}", "expect_story_number_to_match_data", ok, severity="critical",
                examples=[] if ok else [s.value], observed={"stated": s.value, "data": actual},
                message="" if ok else (f"'{s.description}' says {s.value}, the {ctx.basis} data says {actual}"
                                       if s.value is not None
                                       else f"'{s.description}' was never filled (run fill_story_numbers)"))
