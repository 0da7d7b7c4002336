"""Run every SQL statement of a spec under the SQL budget on a small generated sample (check-spec's last step).

Static checks cannot see that a recursive CTE never ends or that `generate_series(1, 1e12)` takes hours; running
the spec on a `FACTORY_SQL_SAMPLE_ROWS`-row sample in a private temporary folder can. Every statement runs in
the sandbox under the time and memory budget, so a spec that would hang generate or validate never passes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from factory.answers.compute import run_query
from factory.answers.tables import load_run
from factory.errors import FactoryError, GenerationError, Problem
from factory.sandbox import SqlBudget, SqlBudgetExceeded, UnsafeSQL, sandboxed_connection
from factory.settings import get_settings
from factory.spec.models import Challenge


def sample_problems(challenge: Challenge, *, rows: int | None = None) -> list[Problem]:
    """Generate a sample and run every rule, question, story number and insight SQL on it under the budget.

    Returns the problems with their JSON paths: a generator that fails on the sample (its SQL over budget, or
    any other failure) and every statement over its time or memory budget. Nothing is left on disk.
    """
    n = rows or get_settings().sql_sample_rows
    folder = Path(tempfile.mkdtemp(prefix="factory-sample-"))
    try:
        try:
            from factory.generate import generate_dataset  # noqa: PLC0415 (the engine loads only when needed)

            generate_dataset(challenge, folder / "run", rows=n)
        except GenerationError as exc:
            return [Problem(_column_path(challenge, exc.table, exc.column), f"fails on a {n}-row sample: {exc.message}")]
        except FactoryError as exc:
            return [Problem("$.schema", f"fails on a {n}-row sample: {exc.message}")]
        except Exception as exc:  # noqa: BLE001 (an engine crash on this spec is a problem of the spec to report)
            return [Problem("$.schema", f"generation crashes on a {n}-row sample: {type(exc).__name__}: {exc}")]
        return _statement_problems(folder / "run", challenge)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def spec_statements(challenge: Challenge) -> Iterator[tuple[str, str]]:
    """(JSON path, SQL) of every whole-table statement of the spec."""
    for i, rule in enumerate(challenge.schema_.rules):
        yield f"$.schema.rules[{i}].sql", rule.sql
    for i, q in enumerate(challenge.problem.questions):
        yield f"$.problem.questions[{i}].answer_sql", q.answer_sql
    for i, s in enumerate(challenge.problem.story_numbers):
        yield f"$.problem.story_numbers[{i}].sql", s.sql
    for i, ins in enumerate(challenge.schema_.insights):
        yield f"$.schema.insights[{i}].detect_sql", ins.detect_sql


def _statement_problems(run_dir: Path, challenge: Challenge) -> list[Problem]:
    data = load_run(run_dir, challenge=challenge)
    con = sandboxed_connection(budget=SqlBudget.default())
    try:
        for name, table in data.tables.items():
            con.register(name, table)
        out = []
        for path, sql in spec_statements(challenge):
            if not sql.strip():
                continue
            try:
                run_query(con, sql)
            except SqlBudgetExceeded as exc:
                out.append(Problem(path, str(exc)))
            except (duckdb.Error, UnsafeSQL):
                continue  # static checks report SQL that does not run; only the budget is judged here
        return out
    finally:
        con.close()


def _column_path(challenge: Challenge, table: str, column: str) -> str:
    for ti, t in enumerate(challenge.schema_.tables):
        if t.name == table:
            for ci, c in enumerate(t.columns):
                if c.name == column:
                    return f"$.schema.tables[{ti}].columns[{ci}]"
            return f"$.schema.tables[{ti}]"
    return "$.schema"
