"""Solutions per dialect: transpiled from the DuckDB answer SQL with the factory's rewrite rules, shipped in the
instructor ZIP only (the real-engine proof is tests/integration/test_sql_databases.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import duckdb
import pytest

from factory.answers.solutions import SolutionError, transpile
from factory.package import package_name
from tests.unit.reports.pipeline import RunOf


def test_mysql_has_no_filter_clause_and_keeps_the_count() -> None:
    sql = "SELECT count(*) FILTER (WHERE status = 'Delivered') AS delivered, sum(amount) FILTER (WHERE x > 1) AS s FROM t"
    out = transpile(sql, "mysql")
    assert "FILTER" not in out.upper() and "CASE WHEN" in out.upper() and "`status` = 'Delivered'" in out
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('Delivered', 5.0, 2), ('Cancelled', 7.0, 0)) v(status, amount, x)")
    duck_form = out.replace("`", '"').rstrip().rstrip(";")
    assert con.execute(duck_form).fetchall() == con.execute(sql).fetchall() == [(1, 5.0)]


def test_postgresql_rounds_numerics_and_divides_exactly() -> None:
    out = transpile('SELECT round(avg(a), 2) AS m, count(*) / 3 AS third FROM "my table"', "postgresql")
    assert 'ROUND(CAST(AVG("a") AS DECIMAL), 2)' in out and "CAST(COUNT(*) AS DECIMAL) / 3" in out
    assert '"my table"' in out


def test_unknown_dialect_and_broken_sql_are_clear_errors() -> None:
    with pytest.raises(SolutionError, match="unknown dialect"):
        transpile("SELECT 1", "oracle")
    with pytest.raises(SolutionError):
        transpile("SELECT FROM WHERE (", "mysql")


def test_instructor_zip_carries_solutions_and_the_learner_zip_does_not(run_of: RunOf) -> None:
    run: Path = run_of("quick_commerce")
    ch = json.loads((run / "challenge.json").read_text())
    qids = [q["id"] for q in ch["problem"]["questions"]]
    with zipfile.ZipFile(run / package_name("codebasics", ch["id"])) as zf:
        names = set(zf.namelist())
        for qid in qids:
            for dialect in ("mysql", "postgresql"):
                assert f"solutions/{dialect}/{qid}.sql" in names
                assert "SELECT" in zf.read(f"solutions/{dialect}/{qid}.sql").decode()
        assert "- solutions/: Instructor package only" in zf.read("README.txt").decode()
    with zipfile.ZipFile(run / package_name("codebasics", ch["id"], learner=True)) as zf:
        assert not [n for n in zf.namelist() if n.startswith("solutions/")]


def test_date_differences_and_quarters_keep_their_meaning() -> None:
    sql = "SELECT avg(settled_date - claim_date) AS days, year(d) || '-Q' || quarter(d) AS q FROM t"
    mysql = transpile(sql, "mysql", date_columns=frozenset({"settled_date", "claim_date"}))
    assert "DATEDIFF(`settled_date`, `claim_date`)" in mysql and "QUARTER(`d`)" in mysql
    pg = transpile(sql, "postgresql", date_columns=frozenset({"settled_date", "claim_date"}))
    assert '"settled_date" - "claim_date"' in pg and 'EXTRACT(QUARTER FROM "d")' in pg
