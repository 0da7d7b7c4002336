"""The package's SQL scripts load the CSVs into real PostgreSQL and MariaDB/MySQL servers on 127.0.0.1,
run the way a learner runs them (psql / mysql clients from the package folder). Skipped with the reason
when a client or server is not available."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from factory.answers import compute_answers, fill_story_numbers
from factory.answers.basis import answer_basis
from factory.answers.solutions import write_solutions
from factory.answers.solutions_verified import record_verified
from factory.generate import generate_dataset
from factory.reports.base import ReportContext
from factory.reports.run_data import load_run as load_report_run
from factory.reports.sql_scripts import SqlScripts
from factory.settings import get_settings
from factory.spec.models import Challenge, Table
from tests.unit.reports.pipeline import DOMAINS, library_challenge, packaged_run
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
    for c in t.visible_columns:
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


# --------------------------------------------------------------------- solutions per dialect on the real engines
SOLUTION_ROWS = 2000
DIFFICULTIES = ("beginner", "intermediate", "advanced")
_SOLUTION_RUNS: dict[tuple[str, str], Path] = {}


def clean_run(domain: str, root: Path, difficulty: str = "beginner") -> Path:
    """A run whose delivered tables are the data the key was computed on, with the package's SQL scripts and
    solutions/: generated and answered; at a messiness level above 0 a twin folder whose datasets/ are the clean
    tables (clean/*.parquet) and whose scripts are written for them (the key is computed on the clean basis)."""
    if (domain, difficulty) not in _SOLUTION_RUNS:
        run = validated_answers(domain, difficulty, root)
        if answer_basis(run) == "clean":
            run = clean_twin(run)
        write_sql_scripts(run)
        write_solutions(run, Challenge.model_validate_json((run / "challenge.json").read_text()))
        _SOLUTION_RUNS[domain, difficulty] = run
    return _SOLUTION_RUNS[domain, difficulty]


def validated_answers(domain: str, difficulty: str, root: Path) -> Path:
    """Generated data and its answer key (the steps of phase 4 the solutions need)."""
    out = root / f"{domain}-{difficulty}-solutions"
    out.mkdir(parents=True)
    ch = library_challenge(domain, difficulty)
    (out / "challenge.json").write_text(ch.to_json(), encoding="utf-8")
    generate_dataset(ch, out, rows=SOLUTION_ROWS)
    fill_story_numbers(out)
    compute_answers(out)
    return out


def clean_twin(run: Path) -> Path:
    """challenge.json (no planted faults), answers/ and the clean tables as datasets/<table>.csv."""
    twin = run.with_name(run.name + "-clean")
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    ch.schema_.messiness.faults = []
    (twin / "datasets").mkdir(parents=True)
    (twin / "challenge.json").write_text(ch.to_json(), encoding="utf-8")
    shutil.copytree(run / "answers", twin / "answers")
    con = duckdb.connect()
    try:
        for t in ch.schema_.tables:
            header = next(csv.reader((run / "datasets" / f"{t.name}.csv").open(encoding="utf-8")))
            cols = ", ".join('"' + c.replace('"', '""') + '"' for c in header)
            src, dst = str(run / "clean" / f"{t.name}.parquet"), str(twin / "datasets" / f"{t.name}.csv")
            con.execute(f"COPY (SELECT {cols} FROM read_parquet('{src}')) TO '{dst}' (HEADER, DELIMITER ',')")
    finally:
        con.close()
    return twin


def write_sql_scripts(run: Path) -> None:
    """sql/<dialect>/{schema,load}.sql as the package writes them (the writer reads the run, not the profile)."""
    data = load_report_run(run)
    try:
        SqlScripts().write(ReportContext(data, None, get_settings()), run)  # type: ignore[arg-type]
    finally:
        data.close()


def _decimals(text: str) -> int:
    """Decimal places of the answer's number: 320.0 (DuckDB's ROUND(x, 0) is a double) has none."""
    return len(text.split(".", 1)[1].rstrip("0")) if "." in text and "e" not in text.lower() else 0


def _same(value: object, text: str) -> bool:
    """A database value against the answer CSV's text: numbers equal to the answer's precision (one unit in the
    last place), dates and timestamps as ISO text, booleans as True/False, NULL as empty."""
    if value is None:
        return text == ""
    if isinstance(value, bool) or (isinstance(value, int) and text in ("True", "False")):
        return str(bool(value)) == text
    if isinstance(value, (int, float, decimal.Decimal)):
        try:
            want = float(text)
        except ValueError:
            return False
        tolerance = max(10 ** -min(_decimals(text), 9) * 1.0001, 1e-9 * abs(want))
        return abs(float(value) - want) <= tolerance
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat() == text or str(value) == text
    return str(value) == text.removeprefix("'") or str(value) == text


def _rows_match(got: list[tuple], want: list[list[str]], ordered: bool) -> bool:
    if len(got) != len(want) or any(len(g) != len(w) for g, w in zip(got, want, strict=False)):
        return False
    if ordered and all(all(_same(v, t) for v, t in zip(g, w, strict=True)) for g, w in zip(got, want, strict=True)):
        return True
    pending = list(want)  # order-insensitive (ties may sort differently between engines)
    for g in got:
        hit = next((i for i, w in enumerate(pending) if all(_same(v, t) for v, t in zip(g, w, strict=True))), None)
        if hit is None:
            return False
        pending.pop(hit)
    return True


def _answer(run: Path, qid: str) -> tuple[list[str], list[list[str]]]:
    with (run / "answers" / f"{qid}.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _check_solutions(run: Path, dialect: str, execute: Callable[[str], tuple[list[str], list[tuple]]]) -> list[str]:
    """Run every solutions/<dialect>/<qid>.sql; the list of questions whose result differs from the key."""
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    wrong = []
    for q in ch.problem.questions:
        sql = (run / "solutions" / dialect / f"{q.id}.sql").read_text()
        header, want = _answer(run, q.id)
        try:
            columns, got = execute(sql)
        except Exception as exc:  # noqa: BLE001 (a database error is a wrong solution, reported by question)
            wrong.append(f"{q.id}: {str(exc).splitlines()[0]}")
            continue
        ordered = re.search(r"\bORDER\s+BY\b(?![^()]*\))", sql.rsplit(")", 1)[-1], re.IGNORECASE) is not None
        if [c.lower() for c in columns] != [c.lower() for c in header] or [c.lower() for c in columns] != [
                f.lower() for f in q.output_fields]:
            wrong.append(f"{q.id}: columns {columns} != {header}")
        elif not _rows_match(got, want, ordered):
            wrong.append(f"{q.id}: rows differ (first got {got[:2]}, want {want[:2]})")
    return wrong


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_postgresql_solutions_equal_the_key(domain: str, difficulty: str, postgres: tuple[str, object], runs_root: Path) -> None:
    user, con = postgres
    run = clean_run(domain, runs_root, difficulty)
    schema = f"dcf_{uuid.uuid4().hex[:10]}"
    con.execute(f"CREATE SCHEMA {schema}")
    try:
        env = {**os.environ, "PGOPTIONS": f"-c search_path={schema}", "PGCONNECT_TIMEOUT": "5"}
        for script in ("schema.sql", "load.sql"):
            proc = subprocess.run(["psql", "-h", HOST, "-U", user, "-d", "test", "-q", "-v", "ON_ERROR_STOP=1",
                                   "-f", f"sql/postgresql/{script}"], cwd=run, env=env, capture_output=True, text=True,
                                  timeout=120)
            assert proc.returncode == 0, proc.stderr
        con.execute(f"SET search_path TO {schema}")

        def execute(sql: str) -> tuple[list[str], list[tuple]]:
            try:
                cur = con.execute(sql)
                return [d.name for d in cur.description], cur.fetchall()
            finally:
                con.rollback() if not con.autocommit else None

        wrong = _check_solutions(run, "postgresql", execute)
        record_verified(run, engine="PostgreSQL", dialect="postgresql", version=str(con.execute("SHOW server_version")
                        .fetchone()[0]), questions=len(list((run / "solutions" / "postgresql").glob("*.sql"))), wrong=wrong)
        assert wrong == []
    finally:
        con.execute("SET search_path TO public")
        con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_mysql_solutions_equal_the_key(domain: str, difficulty: str, mariadb: tuple[str, object], runs_root: Path) -> None:
    client, con = mariadb
    run = clean_run(domain, runs_root, difficulty)
    db = f"dcf_{uuid.uuid4().hex[:10]}"
    with con.cursor() as cur:
        cur.execute(f"CREATE DATABASE {db} CHARACTER SET utf8mb4")
    try:
        for script in ("schema.sql", "load.sql"):
            with (run / "sql" / "mysql" / script).open() as fh:
                proc = subprocess.run([client, "--local-infile=1", "-h", HOST, "-u", "root", db], stdin=fh, cwd=run,
                                      capture_output=True, text=True, timeout=120)
            assert proc.returncode == 0, proc.stderr
        con.select_db(db)

        def execute(sql: str) -> tuple[list[str], list[tuple]]:
            with con.cursor() as cur:
                cur.execute(sql)
                return [d[0] for d in cur.description], list(cur.fetchall())

        wrong = _check_solutions(run, "mysql", execute)
        with con.cursor() as cur:
            cur.execute("SELECT VERSION()")
            version = str(cur.fetchone()[0])
        record_verified(run, engine="MariaDB" if "mariadb" in version.lower() else "MySQL", dialect="mysql",
                        version=version, questions=len(list((run / "solutions" / "mysql").glob("*.sql"))), wrong=wrong)
        assert wrong == []
    finally:
        with con.cursor() as cur:
            cur.execute(f"DROP DATABASE {db}")
