"""The package's SQL scripts load the CSVs into real PostgreSQL and MariaDB/MySQL servers on 127.0.0.1,
run the way a learner runs them (psql / mysql clients from the package folder). Skipped with the reason
when a client or server is not available."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from factory.spec.models import Challenge, Table
from tests.unit.reports.pipeline import DOMAINS, packaged_run
from tests.unit.reports.test_sql_scripts import csv_rows

pytestmark = pytest.mark.integration
HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def runs_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sql_runs")


NUMERIC = ("integer", "decimal")


def _aggregates(t: Table, quote: str = '"') -> str:
    """count(col) of every column and sum(col) of numeric ones, in column order (same values in every database)."""
    parts = []
    for c in t.columns:
        name = f"{quote}{c.name}{quote}"
        parts.append(f"count({name})")
        if c.type in NUMERIC:
            parts.append(f"sum({name})")
    return ", ".join(parts)


def _non_null_counts(con: duckdb.DuckDBPyConnection, ch: Challenge) -> dict[str, list[float]]:
    return {t.name: [float(v or 0) for v in con.execute(f'SELECT {_aggregates(t)} FROM "{t.name}"').fetchone()]
            for t in ch.schema_.tables}


def _expected(run: Path) -> tuple[Challenge, dict[str, list[float]]]:
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    con = duckdb.connect(str(run / f"{ch.id}.duckdb"), read_only=True)
    try:
        return ch, _non_null_counts(con, ch)
    finally:
        con.close()


# --------------------------------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="module")
def postgres() -> Iterator[tuple[str, object]]:
    """(user, psycopg connection) to the local server, or skip."""
    psycopg = pytest.importorskip("psycopg")
    if shutil.which("psql") is None:
        pytest.skip("psql client not installed")
    for user in ("postgres", "root"):
        try:
            con = psycopg.connect(host=HOST, user=user, dbname="test", connect_timeout=3, autocommit=True)
            break
        except psycopg.Error:
            continue
    else:
        pytest.skip(f"no PostgreSQL server reachable on {HOST}:5432 (users postgres/root, database test)")
    yield user, con
    con.close()


@pytest.mark.parametrize("domain", DOMAINS)
def test_postgresql_scripts_load_every_csv(domain: str, postgres: tuple[str, object], runs_root: Path) -> None:
    user, con = postgres
    run = packaged_run(domain, runs_root)
    ch, expected = _expected(run)
    schema = f"dcf_{uuid.uuid4().hex[:10]}"
    con.execute(f"CREATE SCHEMA {schema}")
    try:
        env = {**os.environ, "PGOPTIONS": f"-c search_path={schema}", "PGCONNECT_TIMEOUT": "5"}
        for script in ("schema.sql", "load.sql"):
            proc = subprocess.run(["psql", "-h", HOST, "-U", user, "-d", "test", "-q", "-v", "ON_ERROR_STOP=1",
                                   "-f", f"sql/postgresql/{script}"], cwd=run, env=env, capture_output=True, text=True,
                                  timeout=120)
            assert proc.returncode == 0, proc.stderr
        for t in ch.schema_.tables:
            row = con.execute(f'SELECT count(*), {_aggregates(t)} FROM {schema}."{t.name}"').fetchone()
            assert row[0] == csv_rows(run / "datasets" / f"{t.name}.csv"), t.name
            assert [float(v or 0) for v in row[1:]] == pytest.approx(expected[t.name], rel=1e-9), t.name
    finally:
        con.execute(f"DROP SCHEMA {schema} CASCADE")


# ------------------------------------------------------------------------------------------ MariaDB / MySQL
@pytest.fixture(scope="module")
def mariadb() -> Iterator[object]:
    """A pymysql connection to the local server, or skip."""
    pymysql = pytest.importorskip("pymysql")
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("mysql/mariadb client not installed")
    try:
        con = pymysql.connect(host=HOST, user="root", password="", connect_timeout=3, autocommit=True)
    except pymysql.Error as exc:
        pytest.skip(f"no MariaDB/MySQL server reachable on {HOST}:3306 as root: {exc}")
    with con.cursor() as cur:
        cur.execute("SHOW VARIABLES LIKE 'local_infile'")
        row = cur.fetchone()
        if not row or row[1] != "ON":
            pytest.skip("the server has local_infile disabled (LOAD DATA LOCAL INFILE is refused)")
    yield client, con
    con.close()


@pytest.mark.parametrize("domain", DOMAINS)
def test_mysql_scripts_load_every_csv(domain: str, mariadb: tuple[str, object], runs_root: Path) -> None:
    client, con = mariadb
    run = packaged_run(domain, runs_root)
    ch, expected = _expected(run)
    db = f"dcf_{uuid.uuid4().hex[:10]}"
    with con.cursor() as cur:
        cur.execute(f"CREATE DATABASE {db} CHARACTER SET utf8mb4")
    try:
        for script in ("schema.sql", "load.sql"):
            with (run / "sql" / "mysql" / script).open() as fh:
                proc = subprocess.run([client, "--local-infile=1", "-h", HOST, "-u", "root", db], stdin=fh, cwd=run,
                                      capture_output=True, text=True, timeout=120)
            assert proc.returncode == 0, proc.stderr
        with con.cursor() as cur:
            for t in ch.schema_.tables:
                cur.execute(f"SELECT count(*), {_aggregates(t, '`')} FROM {db}.`{t.name}`")
                row = cur.fetchone()
                assert row[0] == csv_rows(run / "datasets" / f"{t.name}.csv"), t.name
                assert [float(v or 0) for v in row[1:]] == pytest.approx(expected[t.name], rel=1e-9), t.name
    finally:
        with con.cursor() as cur:
            cur.execute(f"DROP DATABASE {db}")
