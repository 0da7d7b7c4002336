"""The answer key: story numbers and answer tables computed in the sandbox from the generated tables."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from factory.answers import compute_answers, fill_story_numbers, load_run
from factory.errors import ValidationRunError
from tests.unit.quality.runs import LEGACY, copy_run, edit_challenge, make_run, read_csv, write_csv


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated quick-commerce run (1.5K lines, the frozen seed-11 spec), story numbers not filled yet."""
    return make_run(tmp_path_factory.mktemp("answers") / "run", rows=1500, preview=False,
                    spec=LEGACY / "quick_commerce_seed11_beginner.json")


@pytest.fixture()
def run(source: Path, tmp_path: Path) -> Path:
    return copy_run(source, tmp_path / "run")


def _direct(run: Path, sql: str) -> list[tuple]:
    """The same SQL straight over the CSVs (an independent reader)."""
    con = duckdb.connect()
    for f in (run / "datasets").glob("*.csv"):
        con.execute(f"CREATE VIEW {f.stem} AS SELECT * FROM read_csv_auto('{f}')")
    return con.execute(sql).fetchall()


def test_fill_story_numbers_rewrites_challenge_json(run: Path) -> None:
    before = json.loads((run / "challenge.json").read_text())
    assert all(s["value"] is None for s in before["problem"]["story_numbers"])
    challenge = fill_story_numbers(run)
    saved = json.loads((run / "challenge.json").read_text())
    for story, stored in zip(challenge.problem.story_numbers, saved["problem"]["story_numbers"], strict=True):
        want = round(float(_direct(run, story.sql)[0][0]), story.decimals)
        assert story.value == stored["value"] == want
    assert challenge.problem.story_numbers[1].value == 1500  # total_lines
    assert not list(run.glob(".challenge.json.*"))  # atomic write leaves no temporary file


def test_story_number_sql_error_is_clear(run: Path) -> None:
    edit_challenge(run, lambda d: d["problem"]["story_numbers"][0].update(sql="SELECT 1 WHERE FALSE"))
    with pytest.raises(ValidationRunError, match="total_revenue"):
        fill_story_numbers(run)


def test_compute_answers_writes_every_answer_table(run: Path) -> None:
    answers = compute_answers(run)
    data = json.loads((run / "answers" / "answers.json").read_text())
    challenge = load_run(run).challenge
    assert set(data) == {q.id for q in challenge.problem.questions}
    for q in challenge.problem.questions:
        entry = data[q.id]
        assert set(entry) == {"sql", "columns", "rows", "row_count", "basis"}
        assert entry["basis"] == "delivered"  # a beginner run has no faults: datasets/ is the clean data
        assert entry["columns"] == q.output_fields and entry["row_count"] == len(entry["rows"]) > 0
        assert entry["rows"] == answers.answers[q.id].rows
        with (run / "answers" / f"{q.id}.csv").open() as fh:
            table = list(csv.reader(fh))
        assert table[0] == q.output_fields and len(table) == entry["row_count"] + 1
    direct = _direct(run, challenge.problem.questions[6].answer_sql)  # q7: payment methods
    assert [r[0] for r in direct] == [r[0] for r in data["q7"]["rows"]]
    assert [r[1] for r in direct] == [r[1] for r in data["q7"]["rows"]]


def test_failing_question_sql_is_kept_not_raised(run: Path) -> None:
    edit_challenge(run, lambda d: d["problem"]["questions"][0].update(answer_sql="SELECT nope FROM fact_order_lines"))
    answers = compute_answers(run)
    assert answers.answers["q1"].error and answers.answers["q1"].row_count == 0
    assert "error" in json.loads((run / "answers" / "answers.json").read_text())["q1"]
    assert answers.answers["q2"].row_count == 10


def test_spec_sql_runs_sandboxed(run: Path) -> None:
    edit_challenge(run, lambda d: d["problem"]["questions"][0].update(
        answer_sql=f"SELECT * FROM read_csv('{run / 'datasets' / 'dim_city.csv'}')"))
    answers = compute_answers(run)
    assert answers.answers["q1"].error  # no file access from spec SQL


def test_tables_load_with_spec_types(run: Path) -> None:
    data = load_run(run)
    fact = data.tables["fact_order_lines"]
    assert fact.schema.field("order_date").type == pa.date32()
    assert fact.schema.field("is_late").type == pa.bool_()
    assert fact.schema.field("quantity").type == pa.int64()
    assert not data.problems and not data.cast_failures


def test_loading_tolerates_missing_files_and_bad_values(run: Path) -> None:
    (run / "datasets" / "dim_city.csv").unlink()
    df = read_csv(run, "fact_order_lines")
    df.loc[0, "order_date"] = "31/12/2023"
    write_csv(run, "fact_order_lines", df.rename(columns={"payment_method": "pay"}))
    data = load_run(run)
    kinds = {(p.table, p.column, p.kind) for p in data.problems}
    assert ("dim_city", "", "missing_file") in kinds
    assert ("fact_order_lines", "payment_method", "missing_column") in kinds
    assert ("fact_order_lines", "pay", "extra_column") in kinds
    failure = data.cast_failures[("fact_order_lines", "order_date")]
    assert failure.count == 1 and failure.examples == ["31/12/2023"] and failure.keys == [df.loc[0, "line_id"]]
    assert data.tables["fact_order_lines"]["order_date"][0].as_py() is None
