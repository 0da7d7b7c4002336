"""Verdicts for correct, almost-correct and hostile submissions, SQL in three dialects and CSV as learners save it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from factory.answers.solutions import transpile
from factory.grading import GradingKey, grade_file, open_key
from tests.unit.grading.conftest import key_sql

QID = "q_delivery_band_rating"  # bands of delivery minutes: count of ratings and their average (2 decimals)


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _key_rows(run: Path, qid: str) -> list[list[str]]:
    with (run / "answers" / f"{qid}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("dialect", ["duckdb", "mysql", "postgresql"])
def test_every_answer_sql_passes_in_each_dialect(dialect: str, beginner_run: Path, beginner_key: GradingKey,
                                                 tmp_path: Path) -> None:
    for qid in beginner_key.questions:
        sql = key_sql(beginner_run, qid) if dialect == "duckdb" else transpile(key_sql(beginner_run, qid), dialect)
        verdict = grade_file(beginner_key, qid, _write(tmp_path, f"{qid}.sql", sql), dialect=dialect)
        assert verdict.passed and verdict.score == 1.0, (qid, verdict.hint, verdict.error)


def test_a_wrong_filter_fails_with_the_differing_rows_side_by_side(beginner_run: Path, beginner_key: GradingKey,
                                                                   tmp_path: Path) -> None:
    sql = key_sql(beginner_run, QID)
    assert "order_rating IS NOT NULL" in sql
    wrong = sql.replace("order_rating IS NOT NULL", "order_rating > 1")
    v = grade_file(beginner_key, QID, _write(tmp_path, "w.sql", wrong), dialect="duckdb")
    assert not v.passed and 0 <= v.score < 1
    assert v.rows_expected == v.rows_submitted == 3 and v.rows_matched < 3
    first = v.differences[0]
    assert first["expected"]["delivery_band"] == first["submitted"]["delivery_band"]
    assert first["expected"]["ratings"] > first["submitted"]["ratings"]
    assert "differ in ratings" in v.hint and "did you" not in v.hint  # no trap at beginner level


def test_rounding_to_fewer_decimals_is_named(beginner_run: Path, beginner_key: GradingKey, tmp_path: Path) -> None:
    sql = key_sql(beginner_run, QID)
    rounded = sql.replace("round(avg(order_rating), 2)", "round(avg(order_rating), 1)")
    assert rounded != sql
    v = grade_file(beginner_key, QID, _write(tmp_path, "r.sql", rounded), dialect="duckdb")
    assert not v.passed and "avg_rating" in v.hint and "round" in v.hint
    unrounded = sql.replace("round(avg(order_rating), 2)", "avg(order_rating)")
    assert grade_file(beginner_key, QID, _write(tmp_path, "u.sql", unrounded), dialect="duckdb").passed


def test_a_missed_trap_is_named_in_the_hint(advanced_run: Path, tmp_path: Path) -> None:
    with open_key(advanced_run) as key:
        trapped = [q for q in key.questions.values() if q.faults and q.naive is not None]
        assert trapped, "the advanced run plants traps on the columns questions read"
        hinted = 0
        for q in trapped:
            v = grade_file(key, q.qid, _write(tmp_path, f"{q.qid}.sql", key_sql(advanced_run, q.qid)),
                           dialect="duckdb")
            if v.passed:
                continue  # a trap whose effect vanishes in the answer's rounding
            assert "did you " in v.hint, (q.qid, v.hint)
            hinted += 1
        assert hinted, "at least one question's key SQL on the messy tables misses a trap"


def test_columns_case_space_order_missing_extra(beginner_run: Path, beginner_key: GradingKey, tmp_path: Path) -> None:
    header, *rows = _key_rows(beginner_run, QID)
    renamed = [h.upper().replace("_", " ") for h in header]
    ok = _write(tmp_path, "a.csv", "\n".join(",".join(r) for r in [renamed, *rows]) + "\n")
    assert grade_file(beginner_key, QID, ok).passed
    swapped = [[r[1], r[0], r[2]] for r in [header, *rows]]
    v = grade_file(beginner_key, QID, _write(tmp_path, "b.csv", "\n".join(",".join(r) for r in swapped)))
    assert v.columns_order_wrong and not v.passed and v.rows_matched == len(rows) and "order" in v.hint
    dropped = [r[:2] + ["x"] for r in [header, *rows]]
    dropped[0][2] = "note"
    v = grade_file(beginner_key, QID, _write(tmp_path, "c.csv", "\n".join(",".join(r) for r in dropped)))
    assert v.columns_missing == [header[2]] and v.columns_extra == ["note"] and v.score < 1


def test_csv_as_spreadsheets_save_it_passes(beginner_run: Path, beginner_key: GradingKey, tmp_path: Path) -> None:
    """BOM, ';' with decimal commas, quoted numbers and thousands separators are read as the numbers they are."""
    header, *rows = _key_rows(beginner_run, QID)
    lines = [";".join(header)] + [";".join([r[0], f'"{int(r[1]):,}"', r[2].replace(".", ",")]) for r in rows]
    path = _write(tmp_path, "excel.csv", "\ufeff" + "\r\n".join(lines) + "\r\n")
    v = grade_file(beginner_key, QID, path)
    assert v.passed, (v.hint, v.differences)


@pytest.mark.parametrize(("name", "content", "words"), [
    ("files.sql", "SELECT * FROM read_csv('/etc/passwd')", "read files"),
    ("files2.sql", "SELECT * FROM '/etc/passwd'", "read files"),
    ("attach.sql", "ATTACH '/tmp/other.db' AS other", "ATTACH"),
    ("copy.sql", "COPY fact_orders TO '/tmp/leak.csv'", "not a SELECT"),
    ("two.sql", "SELECT 1 AS a; DROP TABLE fact_orders;", "several statements"),
    ("loop.sql", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t",
     "time budget"),
    ("prose.sql", "I could not finish this one, sorry!", "not valid"),
    ("empty.sql", "", "empty"),
    ("binary.sql", b"\x00\x01\x02PK\x03\x04", "binary"),
    ("ragged.csv", "a,b,c\n1,2\n", "fields"),
    ("wrong.txt", "SELECT 1", "not a .sql or .csv"),
])
def test_hostile_submissions_get_a_clear_verdict(name: str, content: str | bytes, words: str,
                                                 beginner_key: GradingKey, tmp_path: Path) -> None:
    v = grade_file(beginner_key, QID, _write(tmp_path, name, content), dialect="duckdb")
    assert not v.passed and v.score == 0 and words in v.error, v.error
    assert grade_file(beginner_key, QID, _write(tmp_path, "next.sql", "SELECT 1 AS x"), dialect="duckdb").error == ""
    assert not Path("/tmp/leak.csv").exists()


def test_a_huge_csv_is_refused_without_reading_it(beginner_key: GradingKey, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # 200 MB, sparse
    v = grade_file(beginner_key, QID, path)
    assert not v.passed and "MB" in v.error
