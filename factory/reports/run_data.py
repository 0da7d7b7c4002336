"""Everything a report reads from a run folder, loaded once: the spec, QA results, answers, the tables in DuckDB.

Reports read only the run folder (challenge.json, datasets/, answers/, qa_results.json, messiness.json) and
never the generator. Every chart is drawn from aggregates computed in DuckDB, never from raw rows in Python.
The tables are read from `<id>.duckdb` when the engine wrote it, else loaded from the CSVs into memory and
written to that file by `persist_duckdb` (the package ships it).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from pydantic import ValidationError

from factory.errors import ReportError
from factory.sandbox import DUCKDB_TYPES, SqlBudget, database_file, file_reader, quote_ident
from factory.settings import get_settings
from factory.spec.models import Challenge, Table

#: CSVs up to this size are loaded into memory (the DuckDB file is then written on a background thread);
#: bigger runs are loaded straight into the disk-backed file so memory stays bounded
IN_MEMORY_MAX_BYTES = 1_000_000_000


@dataclass
class RunData:
    """The loaded run folder: spec, QA results, answers, messiness and an open DuckDB connection."""

    run_dir: Path
    challenge: Challenge
    qa: dict[str, Any]
    answers: dict[str, dict[str, Any]]
    messiness: dict[str, Any]
    con: duckdb.DuckDBPyConnection
    duckdb_path: Path | None
    row_counts: dict[str, int] = field(default_factory=dict)
    built_on: dt.date = field(default_factory=dt.date.today)

    @property
    def answer_basis(self) -> str:
        """What the answers were computed on: "clean" (the data before the planted faults) or "delivered"."""
        return "clean" if any(a.get("basis") == "clean" for a in self.answers.values() if isinstance(a, dict)) \
            else "delivered"

    @property
    def tables(self) -> list[Table]:
        """The schema's tables in declared order."""
        return list(self.challenge.schema_.tables)

    @property
    def title(self) -> str:
        """A human title: company and industry."""
        p = self.challenge.problem
        return f"{p.company}: {p.industry or p.domain}"

    def close(self) -> None:
        """Close the DuckDB connection."""
        self.con.close()


def quote(name: str) -> str:
    """A DuckDB/PostgreSQL identifier in double quotes (the sandbox's one quoting helper)."""
    return quote_ident(name)


def read_json(path: Path, what: str) -> Any:
    """Parse a JSON file of the run folder or raise ReportError saying which file is wrong."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{what} not found: {path}", hint="run the earlier phases first (factory generate/validate)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{what} is not valid JSON: {path} ({exc})") from None


def load_challenge_file(run_dir: Path) -> Challenge:
    """challenge.json of the run folder as a Challenge (schema-checked, SQL not re-run)."""
    data = read_json(run_dir / "challenge.json", "challenge.json")
    try:
        return Challenge.model_validate(data)
    except ValidationError as exc:
        raise ReportError(f"{run_dir / 'challenge.json'} is not a valid challenge spec: {exc.error_count()} problem(s)",
                          hint="check it with `factory check-spec`") from None


def load_answers(run_dir: Path) -> dict[str, dict[str, Any]]:
    """answers/answers.json ({qid: {sql, columns, rows, row_count}}), or {} when answers were not computed."""
    path = run_dir / "answers" / "answers.json"
    if not path.is_file():
        return {}
    data = read_json(path, "answers/answers.json")
    if not isinstance(data, dict):
        raise ReportError(f"{path} must hold an object keyed by question id")
    return data


def load_run(run_dir: str | Path) -> RunData:
    """Load a run folder; raise ReportError naming the missing piece."""
    root = Path(run_dir)
    if not root.is_dir():
        raise ReportError(f"run folder not found: {root}")
    challenge = load_challenge_file(root)
    qa_path = root / "qa_results.json"
    qa = read_json(qa_path, "qa_results.json") if qa_path.is_file() else {}
    mess_path = root / "messiness.json"
    messiness = read_json(mess_path, "messiness.json") if mess_path.is_file() else {"level": 0, "faults": []}
    for t in challenge.schema_.tables:
        if not (root / "datasets" / f"{t.name}.csv").is_file():
            raise ReportError(f"missing table file datasets/{t.name}.csv in {root}",
                              hint="generate the data first: factory generate")
    con, db_path = open_tables(root, challenge)
    data = RunData(root, challenge, qa, load_answers(root), messiness, con, db_path)
    data.row_counts = {
        t.name: int(con.execute(f"SELECT count(*) FROM {quote(t.name)}").fetchone()[0]) for t in challenge.schema_.tables
    }
    return data


def open_tables(root: Path, challenge: Challenge) -> tuple[duckdb.DuckDBPyConnection, Path | None]:
    """A connection holding every table: `<id>.duckdb` read-only when it exists and is complete, else the CSVs
    loaded into memory (write the file afterwards with `persist_duckdb`, e.g. while charts are drawn)."""
    names = [t.name for t in challenge.schema_.tables]
    db_path = root / f"{challenge.id}.duckdb"
    if db_path.is_file():
        try:
            con = database_file(db_path)
            have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if set(names) <= have:
                return con, db_path
            con.close()
        except duckdb.Error:
            pass
    csvs = [(root / "datasets" / f"{n}.csv").resolve() for n in names]
    if sum(p.stat().st_size for p in csvs) > IN_MEMORY_MAX_BYTES:  # too big for RAM: load into the file directly
        tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            with database_file(tmp, read_only=False, read_paths=csvs) as con:
                load_csv_tables(con, root, challenge)
                con.execute("CHECKPOINT")
            os.replace(tmp, db_path)
        except duckdb.Error as exc:
            tmp.unlink(missing_ok=True)
            raise ReportError(f"could not load the tables into DuckDB: {str(exc).splitlines()[0]}") from None
        return database_file(db_path), db_path
    con = file_reader(csvs, budget=SqlBudget(get_settings().sql_file_timeout_s, None))
    try:
        load_csv_tables(con, root, challenge)
    except duckdb.Error as exc:
        con.close()
        raise ReportError(f"could not load the tables into DuckDB: {str(exc).splitlines()[0]}") from None
    return con, None


def persist_duckdb(run: RunData) -> Path:
    """Write the in-memory tables to `<id>.duckdb` (temp name, then rename); a no-op when the file was read."""
    if run.duckdb_path is not None:
        return run.duckdb_path
    db_path = run.run_dir / f"{run.challenge.id}.duckdb"
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    cur = run.con.cursor()
    try:
        with database_file(tmp, read_only=False) as out:
            for t in run.challenge.schema_.tables:
                out.register("_t", cur.sql(f"SELECT * FROM {quote(t.name)}").to_arrow_table())
                out.execute(f"CREATE TABLE {quote(t.name)} AS SELECT * FROM _t")
                out.unregister("_t")
            out.execute("CHECKPOINT")
        os.replace(tmp, db_path)
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"could not write {db_path.name}: {str(exc).splitlines()[0]}") from None
    finally:
        cur.close()
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    run.duckdb_path = db_path
    return db_path


def csv_header(path: Path) -> list[str]:
    """Column names on the first line of a CSV file."""
    with path.open(newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh), [])


def load_csv_tables(con: duckdb.DuckDBPyConnection, root: Path, challenge: Challenge) -> None:
    """Create one typed table per CSV; a column whose messy values do not parse is read as text, then cast."""
    options = "delim=',', quote='\"', escape='\"'"
    for t in challenge.schema_.tables:
        path = str((root / "datasets" / f"{t.name}.csv").resolve())
        types = {c.name: DUCKDB_TYPES[c.type] for c in t.columns if not getattr(c, "hidden", False)}
        try:
            if csv_header(Path(path)) != list(types):
                raise duckdb.InvalidInputException("header differs from the spec")
            con.execute(f"CREATE TABLE {quote(t.name)} AS SELECT * FROM read_csv(?, header=true, columns=?, "
                        f"auto_detect=false, {options}, nullstr='')", [path, types])
            continue
        except duckdb.Error:
            con.execute(f"DROP TABLE IF EXISTS {quote(t.name)}")
        con.execute(f"CREATE TEMP TABLE _raw AS SELECT * FROM read_csv(?, header=true, all_varchar=true, {options})",
                    [path])
        header = [r[0] for r in con.execute("DESCRIBE _raw").fetchall()]
        select = ", ".join(
            f"TRY_CAST({quote(c)} AS {types[c]}) AS {quote(c)}" if c in types else quote(c) for c in header
        )
        con.execute(f"CREATE TABLE {quote(t.name)} AS SELECT {select} FROM _raw")
        con.execute("DROP TABLE _raw")
