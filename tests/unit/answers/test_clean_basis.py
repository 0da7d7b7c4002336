"""With planted faults the answer key and the story numbers are computed on the clean tables (clean/*.parquet),
which is what a correct cleaning recovers; at level 0 no clean copy exists and the delivered CSVs are the basis."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from factory.answers import answer_basis, compute_answers, fill_story_numbers, load_clean
from factory.errors import ValidationRunError
from factory.generate import generate_dataset
from factory.spec.models import Challenge
from tests.unit.quality.runs import LEGACY, copy_run, edit_challenge, make_run

ROWS = 1500
FACT = "fact_order_lines"


@pytest.fixture(scope="module")
def messy_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Quick-commerce at advanced difficulty (duplicates, nulls, casing, outliers), answered."""
    run = make_run(tmp_path_factory.mktemp("clean-basis") / "run", rows=ROWS, preview=False,
                   spec=LEGACY / "quick_commerce_seed11_advanced.json")
    fill_story_numbers(run)
    compute_answers(run)
    return run


@pytest.fixture()
def messy_run(messy_source: Path, tmp_path: Path) -> Path:
    return copy_run(messy_source, tmp_path / "run")


def _one(sql: str) -> float:
    """One number from an independent DuckDB connection reading the files directly."""
    return duckdb.connect().execute(sql).fetchone()[0]


def _clean(run: Path, table: str) -> str:
    return f"read_parquet('{run / 'clean' / f'{table}.parquet'}')"


def _messy(run: Path, table: str) -> str:
    return f"read_csv('{run / 'datasets' / f'{table}.csv'}', header = true)"


def test_summed_measure_is_the_clean_sum_not_the_messy_one(messy_source: Path) -> None:
    run = messy_source
    faults = json.loads((run / "messiness.json").read_text())["faults"]
    assert any(f["kind"] == "duplicates" and f["table"] == FACT and f["count"] > 0 for f in faults)
    assert answer_basis(run) == "clean"
    answers = json.loads((run / "answers" / "answers.json").read_text())
    assert {a["basis"] for a in answers.values()} == {"clean"}
    q1 = answers["q1"]  # revenue and order lines per month
    revenue, lines = q1["columns"].index("revenue"), q1["columns"].index("order_lines")
    clean_sum = _one(f"SELECT sum(line_amount) FROM {_clean(run, FACT)}")
    messy_sum = _one(f"SELECT sum(line_amount) FROM {_messy(run, FACT)}")
    answer_sum = sum(r[revenue] for r in q1["rows"])
    assert answer_sum == pytest.approx(clean_sum, abs=0.005 * len(q1["rows"]))
    assert abs(messy_sum - clean_sum) > 1  # the injected duplicate rows change the sum
    assert sum(r[lines] for r in q1["rows"]) == ROWS == _one(f"SELECT count(*) FROM {_clean(run, FACT)}")
    assert _one(f"SELECT count(*) FROM {_messy(run, FACT)}") > ROWS
    with (run / "answers" / "q1.csv").open() as fh:
        table = list(csv.reader(fh))
    assert sum(int(r[lines]) for r in table[1:]) == ROWS


def test_story_numbers_come_from_the_clean_tables(messy_source: Path) -> None:
    run = messy_source
    stories = {s["id"]: s["value"] for s in json.loads((run / "challenge.json").read_text())["problem"]["story_numbers"]}
    assert stories["total_lines"] == ROWS
    assert stories["total_revenue"] == round(_one(f"SELECT sum(line_amount) FROM {_clean(run, FACT)}"), 0)
    assert stories["total_revenue"] != round(_one(f"SELECT sum(line_amount) FROM {_messy(run, FACT)}"), 0)


def test_clean_tables_are_typed_like_the_delivered_ones(messy_source: Path) -> None:
    data = load_clean(messy_source)
    fact = data.tables[FACT]
    assert fact.num_rows == ROWS and not data.faults and not data.problems
    assert str(fact.schema.field("order_date").type) == "date32[day]"
    assert str(fact.schema.field("is_late").type) == "bool"


def test_a_missing_clean_table_is_an_error_not_a_silent_switch(messy_run: Path) -> None:
    (messy_run / "clean" / "dim_city.parquet").unlink()
    assert answer_basis(messy_run) == "clean"
    with pytest.raises(ValidationRunError, match="dim_city.parquet"):
        compute_answers(messy_run)


def test_answer_csv_text_is_guarded_against_formulas(messy_run: Path) -> None:
    edit_challenge(messy_run, lambda d: d["problem"]["questions"][0].update(
        answer_sql="SELECT '=HYPERLINK(\"http://x\")' AS month, -12.5 AS revenue, '@cmd' AS order_lines"))
    compute_answers(messy_run)
    with (messy_run / "answers" / "q1.csv").open() as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "-12.5", "'@cmd"]
    stored = json.loads((messy_run / "answers" / "answers.json").read_text())["q1"]["rows"]
    assert stored == [['=HYPERLINK("http://x")', -12.5, "@cmd"]]  # the JSON keeps the true values


def test_level_0_writes_no_clean_copy_and_removes_a_stale_one(messy_run: Path) -> None:
    challenge = json.loads((messy_run / "challenge.json").read_text())
    assert (messy_run / "clean").is_dir()
    ch = Challenge.model_validate(challenge)
    ch.schema_.messiness.level, ch.schema_.messiness.faults = 0, []
    generate_dataset(ch, messy_run, rows=ROWS)  # regenerate clean data into the same folder
    assert not (messy_run / "clean").exists()
    assert answer_basis(messy_run) == "delivered"
    assert json.loads((messy_run / "generation.json").read_text())["clean"] is None
    answers = compute_answers(messy_run)
    assert {a.basis for a in answers.answers.values()} == {"delivered"}
