"""The verified answer key: story numbers and each question's answer table, computed in the DuckDB sandbox."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel, Field

from factory.answers.basis import Basis, load_basis
from factory.answers.tables import RunData
from factory.errors import ValidationRunError
from factory.safe_text import csv_safe
from factory.sandbox import UnsafeSQL, check_select
from factory.spec.models import Challenge, Question, StoryNumber


class Answer(BaseModel):
    """One question's answer table (rows are JSON-safe)."""

    sql: str
    columns: list[str]
    rows: list[list[Any]]
    row_count: int
    error: str = Field("", description="Why the SQL could not run (empty when it ran).")
    basis: Basis = Field("delivered", description="Data the answer was computed on: clean (before the planted "
                                                   "faults) or delivered (the CSVs as shipped).")


class AnswerSet(BaseModel):
    """Every question's answer, by question id (answers/answers.json)."""

    answers: dict[str, Answer]
    basis: Basis = "delivered"

    def to_json(self) -> str:
        """answers.json text: {qid: {sql, columns, rows, row_count, basis}} (+ error when the SQL failed)."""
        out = {qid: a.model_dump(exclude=set() if a.error else {"error"}) for qid, a in self.answers.items()}
        return json.dumps(out, indent=2)


def json_safe(value: Any) -> Any:
    """A JSON-serialisable form of a DuckDB value (dates as ISO text, NaN as None, decimals as float)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if hasattr(value, "item"):
        return json_safe(value.item())
    return str(value)


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only SELECT from the spec in a sandboxed connection: (columns, rows)."""
    cur = con.execute(check_select(con, sql))
    return [d[0] for d in cur.description], cur.fetchall()


def run_question(con: duckdb.DuckDBPyConnection, question: Question) -> Answer:
    """A question's answer table; a SQL error is kept in `error` (never raised)."""
    try:
        columns, rows = run_query(con, question.answer_sql)
    except (UnsafeSQL, duckdb.Error) as exc:
        return Answer(sql=question.answer_sql, columns=[], rows=[], row_count=0, error=_first_line(exc))
    safe = [[json_safe(v) for v in row] for row in rows]
    return Answer(sql=question.answer_sql, columns=columns, rows=safe, row_count=len(safe))


def story_value(con: duckdb.DuckDBPyConnection, story: StoryNumber) -> float:
    """The number a story number's SQL returns, rounded to its decimals (errors raise ValidationRunError)."""
    try:
        _, rows = run_query(con, story.sql)
    except (UnsafeSQL, duckdb.Error) as exc:
        raise ValidationRunError(f"story number {story.id}: {_first_line(exc)}") from None
    if len(rows) != 1 or not rows[0] or rows[0][0] is None:
        raise ValidationRunError(f"story number {story.id}: SQL must return one row with one non-NULL number")
    try:
        value = float(rows[0][0])
    except (TypeError, ValueError):
        raise ValidationRunError(f"story number {story.id}: {rows[0][0]!r} is not a number") from None
    return round(value, story.decimals)


def fill_story_numbers(run_dir: str | Path, *, data: RunData | None = None) -> Challenge:
    """Compute every problem.story_numbers[].value and rewrite challenge.json atomically.

    The numbers come from the clean tables when the run has them (the true business numbers), else from the
    delivered CSVs; `data` overrides both.
    """
    if data is None:
        _, data = load_basis(run_dir)
    challenge = data.challenge.model_copy(deep=True)
    con = data.connection()
    try:
        for story in challenge.problem.story_numbers:
            story.value = story_value(con, story)
    finally:
        con.close()
    write_atomic(Path(run_dir) / "challenge.json", challenge.to_json())
    data.challenge = challenge
    return challenge


def compute_answers(run_dir: str | Path, *, data: RunData | None = None, basis: Basis = "delivered") -> AnswerSet:
    """Run each question's answer_sql over the tables; write answers/<qid>.csv and answers/answers.json.

    The tables are the clean ones when the run has them (the data before the planted faults), else the delivered
    CSVs; each answer records its basis. With clean tables, messiness.json also gets each fault's effect on each
    answer (factory.generate.traps_impact). `data` (with `basis`) overrides both. A question whose SQL fails keeps
    its error in answers.json ("error") and fails `answerability` in validation.
    """
    if data is None:
        basis, data = load_basis(run_dir)
    con = data.connection()
    try:
        answers = {q.id: run_question(con, q).model_copy(update={"basis": basis})
                   for q in data.challenge.problem.questions}
    finally:
        con.close()
    out = Path(run_dir) / "answers"
    out.mkdir(parents=True, exist_ok=True)
    for qid, answer in answers.items():
        _write_csv(out / f"{qid}.csv", answer)
    result = AnswerSet(answers=answers, basis=basis)
    write_atomic(out / "answers.json", result.to_json())
    if basis == "clean" and (Path(run_dir) / "messiness.json").is_file():
        from factory.generate.traps_impact import write_trap_impact  # noqa: PLC0415 (replays the injector)

        write_trap_impact(run_dir, answers)
    return result


def _write_csv(path: Path, answer: Answer) -> None:
    """The answer table as CSV; text a spreadsheet would run as a formula is neutralised (csv_safe)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([csv_safe(c) for c in answer.columns])
        writer.writerows(["" if v is None else csv_safe(v) for v in row] for row in answer.rows)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
