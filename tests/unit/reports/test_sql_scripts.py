"""The SQL scripts load the CSVs: DuckDB here (PostgreSQL and MariaDB in tests/integration)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from factory.spec.models import Challenge
from tests.unit.reports.pipeline import DOMAINS, RunOf


def csv_rows(path: Path) -> int:
    """Data rows of a CSV (quoted newlines counted correctly)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def run_duckdb_scripts(run: Path, monkeypatch: pytest.MonkeyPatch) -> duckdb.DuckDBPyConnection:
    """Execute sql/duckdb/schema.sql then load.sql from the package root, in a fresh database."""
    monkeypatch.chdir(run)
    con = duckdb.connect(":memory:")
    con.execute((run / "sql" / "duckdb" / "schema.sql").read_text())
    con.execute((run / "sql" / "duckdb" / "load.sql").read_text())
    return con


@pytest.mark.parametrize("domain", DOMAINS)
def test_duckdb_scripts_load_every_csv(domain: str, run_of: RunOf, monkeypatch: pytest.MonkeyPatch) -> None:
    run: Path = run_of(domain)
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    con = run_duckdb_scripts(run, monkeypatch)
    for t in ch.schema_.tables:
        got = con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
        assert got == csv_rows(run / "datasets" / f"{t.name}.csv"), t.name


def test_ddl_declares_keys_that_hold_and_skips_those_that_do_not(run_of: RunOf) -> None:
    run: Path = run_of("quick_commerce")
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    ddl = (run / "sql" / "postgresql" / "schema.sql").read_text()
    dup_tables = {f.table for f in ch.schema_.messiness.faults if f.kind == "duplicates"}
    for t in ch.schema_.tables:
        body = ddl.split(f'CREATE TABLE "{t.name}" (', 1)[1].split(");", 1)[0]
        key = ", ".join(f'"{k}"' for k in t.key_columns)  # composite keys (order_id, line_number) as one constraint
        assert (f"PRIMARY KEY ({key})" in body) is (t.name not in dup_tables), t.name
    assert 'REFERENCES "dim_city" ("city_id")' in ddl
    mysql = (run / "sql" / "mysql" / "load.sql").read_text()
    assert mysql.count("LOAD DATA LOCAL INFILE 'datasets/") == len(ch.schema_.tables)
    pg = (run / "sql" / "postgresql" / "load.sql").read_text()
    assert pg.count("\\copy ") == len(ch.schema_.tables) and "'/" not in pg and ".." not in pg


def test_large_runs_load_straight_into_the_duckdb_file(run_of: RunOf, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import factory.reports.run_data as run_data
    from tests.unit.reports.pipeline import copy_run

    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    (run / f"{ch.id}.duckdb").unlink()
    monkeypatch.setattr(run_data, "IN_MEMORY_MAX_BYTES", 1)
    data = run_data.load_run(run)
    try:
        assert data.duckdb_path == run / f"{ch.id}.duckdb" and data.duckdb_path.is_file()
        for t in ch.schema_.tables:
            assert data.row_counts[t.name] == csv_rows(run / "datasets" / f"{t.name}.csv")
    finally:
        data.close()
