"""Load a run folder's tables with the spec's column types, tolerating missing files and renamed columns.

Every CSV is read as text with DuckDB, then each spec column is cast to its DuckDB type (`TRY_CAST`), so a
value that does not parse becomes NULL and is counted as a cast failure instead of aborting the load. What
cannot be loaded (a missing or unreadable file, a missing column) is recorded as a `LoadProblem`; the
validation reports it as a failing check. Spec SQL never touches files: the typed Arrow tables are
registered in a sandboxed connection (`RunData.connection`).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ValidationError

from factory.errors import Problem, SpecError, ValidationRunError
from factory.runfolder import check_generation
from factory.sandbox import DUCKDB_TYPES, SqlBudget, UnsafeSQL, file_reader, quote_ident, sandboxed_connection
from factory.settings import get_settings
from factory.spec.models import Challenge, Column, Table
from factory.spec.validate import load_challenge

MAX_EXAMPLES = 5


@dataclass(frozen=True)
class LoadProblem:
    """Something the loader could not read: a missing/unreadable file, a missing or unexpected column."""

    table: str
    column: str
    kind: str  # missing_file | unreadable | missing_column | extra_column
    message: str


@dataclass
class CastFailure:
    """Values of a column that do not parse as its spec type."""

    count: int
    examples: list[str]
    keys: list[str]


@dataclass
class RunData:
    """A run folder's spec and typed tables (only what could be read)."""

    run_dir: Path
    challenge: Challenge
    tables: dict[str, pa.Table] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)
    problems: list[LoadProblem] = field(default_factory=list)
    cast_failures: dict[tuple[str, str], CastFailure] = field(default_factory=dict)
    messiness: dict[str, Any] = field(default_factory=dict)
    spec_problems: list[Problem] = field(default_factory=list)

    @property
    def faults(self) -> list[dict[str, Any]]:
        """Faults recorded in messiness.json (the answer key)."""
        return list(self.messiness.get("faults") or [])

    def fault_keys(self, table: str, column: str | None = None) -> set[str]:
        """Keys (as text) of rows with a recorded fault in `table` (one column, or any column when None)."""
        keys: set[str] = set()
        for f in self.faults:
            if f.get("table") == table and (column is None or _fault_column(f) in (column, "")):
                keys.update(str(k) for k in f.get("rows") or [])
        return keys

    def connection(self, *, with_fault_keys: bool = False, without_faults: bool = False) -> duckdb.DuckDBPyConnection:
        """A sandboxed DuckDB connection with every loaded table registered under its name.

        without_faults: leave out every row whose key the answer key lists (rules then judge clean rows only,
        even when they join a parent table that has injected faults).
        """
        con = sandboxed_connection(budget=SqlBudget.for_rows(sum(t.num_rows for t in self.tables.values())))
        for name, tbl in self.tables.items():
            con.register(name, self._without_faults(name, tbl) if without_faults else tbl)
        if with_fault_keys:
            rows = [(f.get("table", ""), _fault_column(f), f.get("kind", ""), str(k))
                    for f in self.faults for k in f.get("rows") or []]
            con.register("__fault_keys", pa.table({
                name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(("tbl", "col", "kind", "key"))
            }))
        return con

    def _without_faults(self, name: str, tbl: pa.Table) -> pa.Table:
        table = self.challenge.schema_.table(name)
        return tbl if table is None else drop_keys(tbl, table.primary_key, self.fault_keys(name))


#: recorded faults that add whole rows (copies under the same key, or under new keys)
ROW_TRAPS = ("duplicates", "duplicate_events")


def _fault_column(fault: dict) -> str:
    """The column a recorded fault is in; "" (the whole row) for row traps, whose copies carry every column's
    values, including values other faults changed (a duplicate_event of a row with a text date)."""
    return "" if fault.get("kind") in ROW_TRAPS else str(fault.get("column", "") or "")


def shipped_columns(table: Table) -> list[Column]:
    """The columns a table's files hold: every spec column except the hidden ones (generated, never shipped)."""
    return [c for c in table.columns if not getattr(c, "hidden", False)]


def drop_keys(tbl: pa.Table, key: str, keys: set[str]) -> pa.Table:
    """`tbl` without the rows whose `key` (as text) is in `keys`."""
    if not keys or key not in tbl.column_names:
        return tbl
    hit = pc.is_in(pc.cast(tbl[key], pa.string()), value_set=pa.array(sorted(keys), pa.string()))
    return tbl.filter(pc.invert(pc.fill_null(hit, False)))


def read_challenge(run_dir: str | Path, problems: list[Problem] | None = None) -> Challenge:
    """The run folder's challenge.json; a clear error when the folder is not a run folder.

    With `problems` given, a spec that parses but breaks semantic checks (e.g. an answer_sql returning other
    columns) is returned and its problems appended, so validation can report them as failing checks.
    """
    path = Path(run_dir) / "challenge.json"
    if not path.is_file():
        raise ValidationRunError(
            f"{run_dir} has no challenge.json",
            hint="pass a run folder written by `factory generate` (challenge.json + datasets/)",
        )
    if problems is None:
        return load_challenge(path)
    try:
        return load_challenge(path)
    except SpecError as exc:
        try:
            challenge = Challenge.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, ValidationError):
            raise exc from None
        problems.extend(exc.problems)
        return challenge


def load_run(run_dir: str | Path, *, datasets: str = "datasets", challenge: Challenge | None = None) -> RunData:
    """Read challenge.json, messiness.json and every table CSV under `datasets/` with the spec's types."""
    root = Path(run_dir)
    check_generation((root / datasets).parent)  # spec, datasets and messiness.json of one generation
    spec_problems: list[Problem] = []
    data = RunData(run_dir=root, challenge=challenge or read_challenge(root, spec_problems), spec_problems=spec_problems)
    mess = (root / datasets).parent / "messiness.json"  # preview/datasets -> preview/messiness.json
    if mess.is_file():
        try:
            data.messiness = json.loads(mess.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            data.problems.append(LoadProblem("", "", "unreadable", f"messiness.json is unreadable: {exc}"))
    paths = {t.name: (root / datasets / f"{t.name}.csv").resolve() for t in data.challenge.schema_.tables}
    loader = file_reader([p for p in paths.values() if p.is_file()],
                         budget=SqlBudget(get_settings().sql_file_timeout_s, None))
    try:
        for table in data.challenge.schema_.tables:
            _load_table(loader, paths[table.name], table, data)
    finally:
        loader.close()
    return data


def _load_table(loader: duckdb.DuckDBPyConnection, path: Path, table: Table, data: RunData) -> None:
    """Read one table's CSV with its spec types; header names only ever reach SQL through `quote_ident`."""
    if not path.is_file():
        data.problems.append(LoadProblem(table.name, "", "missing_file", f"{path.name} is missing"))
        return
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError) as exc:
        data.problems.append(LoadProblem(table.name, "", "unreadable", f"{path.name} is unreadable: {exc}"))
        return
    data.headers[table.name] = header
    spec_cols = [c.name for c in shipped_columns(table)]
    for name in spec_cols:
        if name not in header:
            data.problems.append(LoadProblem(table.name, name, "missing_column", f"column {name} is missing from {path.name}"))
    for name in header:
        if name not in spec_cols:
            data.problems.append(LoadProblem(table.name, name, "extra_column", f"{path.name} has column {name}, not in the spec"))
    if not header or len(set(header)) != len(header):
        data.problems.append(LoadProblem(table.name, "", "unreadable", f"{path.name} has an empty or duplicated header"))
        return
    types = {c.name: DUCKDB_TYPES[c.type] for c in shipped_columns(table)}
    typed = {n: types.get(n, "VARCHAR") for n in header}
    options = "delim = ',', quote = '\"', escape = '\"'"
    try:  # fast path: every value parses as its spec type
        data.tables[table.name] = loader.sql(
            f"SELECT * FROM read_csv(?, header = true, auto_detect = false, columns = ?, {options})",
            params=[str(path), typed]).to_arrow_table()
        return
    except duckdb.Error:
        pass  # some value does not parse: read as text and cast value by value
    try:
        loader.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(?, header = true, "
                       f"all_varchar = true, {options})", [str(path)])
        select = ", ".join(
            f"TRY_CAST(NULLIF({quote_ident(n)}, '') AS {types[n]}) AS {quote_ident(n)}" if n in types
            else quote_ident(n) for n in header
        )
        data.tables[table.name] = loader.sql(f"SELECT {select} FROM raw").to_arrow_table()
        _cast_failures(loader, table, header, types, data)
    except (duckdb.Error, UnsafeSQL) as exc:
        data.problems.append(LoadProblem(table.name, "", "unreadable", f"{path.name} is unreadable: {_first_line(exc)}"))


def _cast_failures(loader: duckdb.DuckDBPyConnection, table: Table, header: list[str], types: dict[str, str],
                   data: RunData) -> None:
    typed = [n for n in header if n in types and types[n] != "VARCHAR"]
    if not typed:
        return
    bad = {n: f"{quote_ident(n)} IS NOT NULL AND {quote_ident(n)} <> '' AND ({_unparsed(n, types[n])})" for n in typed}
    counts = loader.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE {b})" for b in bad.values()) + " FROM raw").fetchone()
    pk = table.primary_key if table.primary_key in header else None
    for (name, cond), count in zip(bad.items(), counts or (), strict=False):
        if not count:
            continue
        key_expr = quote_ident(pk) if pk else "NULL"
        rows = loader.execute(f"SELECT {quote_ident(name)}, {key_expr} FROM raw WHERE {cond} LIMIT 100000").fetchall()
        data.cast_failures[(table.name, name)] = CastFailure(
            count=int(count), examples=[r[0] for r in rows[:MAX_EXAMPLES]], keys=[str(r[1]) for r in rows]
        )


#: dates and timestamps must be ISO text (DuckDB would also read e.g. 2024/01/31, a format fault)
ISO_PATTERNS = {"DATE": r"\d{4}-\d{2}-\d{2}", "TIMESTAMP": r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"}


def _unparsed(name: str, duck_type: str) -> str:
    """SQL condition: the text in column `name` is not a value of `duck_type` (in ISO form for dates)."""
    cond = f"TRY_CAST({quote_ident(name)} AS {duck_type}) IS NULL"
    if duck_type in ISO_PATTERNS:
        cond += f" OR NOT regexp_full_match({quote_ident(name)}, '{ISO_PATTERNS[duck_type]}')"
    return cond


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
