"""Every DuckDB connection of the factory: sandboxed, time-boxed and memory-boxed (the only `duckdb.connect`).

A sandbox connection has no file system or network access (only the files and the one private folder it is
opened with), no temp directory (DuckDB would make it readable), cannot install or load extensions, and its
configuration is locked. Each `execute` / `sql` runs exactly one statement under a time budget (a timer thread
interrupts it) and the connection's memory budget; over budget raises `SqlBudgetExceeded` (a duckdb.Error).
Identifiers go into SQL through `quote_ident` only; values go in as parameters.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from factory.settings import get_settings

LOCK_SETTINGS: tuple[str, ...] = (
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)

#: DuckDB type of each logical column type
DUCKDB_TYPES: dict[str, str] = {
    "id": "BIGINT",
    "integer": "BIGINT",
    "decimal": "DOUBLE",
    "string": "VARCHAR",
    "category": "VARCHAR",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "year": "INTEGER",
}


class UnsafeSQL(ValueError):
    """SQL that is not a single read-only SELECT."""


class SqlBudgetExceeded(duckdb.InterruptException):
    """A statement ran past its time budget or needed more than its memory budget."""


def quote_ident(name: str) -> str:
    """`name` as a DuckDB identifier: always double-quoted, embedded quotes doubled, NUL refused.

    The one way factory code puts a table or column name into SQL (names may hold spaces, quotes, keywords).
    """
    text = str(name)
    if "\x00" in text:
        raise UnsafeSQL(f"identifier contains a NUL character: {text!r}")
    return '"' + text.replace('"', '""') + '"'


def quote_ident_mysql(name: str) -> str:
    """`name` as a MySQL/MariaDB identifier: back-quoted, embedded back-quotes doubled, NUL refused.

    The MySQL variant of quote_ident (PostgreSQL and DuckDB use quote_ident itself).
    """
    text = str(name)
    if "\x00" in text:
        raise UnsafeSQL(f"identifier contains a NUL character: {text!r}")
    return "`" + text.replace("`", "``") + "`"


@dataclass(frozen=True)
class SqlBudget:
    """Time (seconds per statement) and memory (DuckDB size text, None = DuckDB's default) of a connection."""

    timeout_s: float
    memory_limit: str | None

    @classmethod
    def default(cls) -> SqlBudget:
        """The per-statement budget of the settings (spec SQL on a sample or a chunk)."""
        s = get_settings()
        return cls(s.sql_timeout_s, s.sql_memory_limit)

    @classmethod
    def for_rows(cls, rows: int) -> SqlBudget:
        """A budget for statements over `rows` rows: the default time, scaled past the budget rows."""
        s = get_settings()
        scale = max(1.0, rows / s.sql_budget_rows)
        return cls(s.sql_timeout_s * scale, s.sql_memory_limit if scale == 1.0 else None)


class SandboxConnection:
    """A locked DuckDB connection whose statements run one at a time under the budget.

    Anything not defined here (register, unregister, fetchone, description, close, ...) is DuckDB's own.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, budget: SqlBudget) -> None:
        self._con = con
        self.budget = budget
        self._last = ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def __enter__(self) -> SandboxConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self._con.close()

    def execute(self, query: str, parameters: Any = None) -> SandboxConnection:
        """Run exactly one statement under the budget; each fetch of its rows runs under the budget too."""
        one_statement(self._con, query)
        self._last = query
        with self._watch(query):
            self._con.execute(query, parameters)
        return self

    def sql(self, query: str, params: Any = None) -> duckdb.DuckDBPyRelation | None:
        """Run exactly one statement under the budget; its rows come back as a relation (None for no rows)."""
        one_statement(self._con, query)
        self._con.abort()  # an unread `execute` result would block the statement
        with self._watch(query):
            rel = self._con.sql(query, params=params)
            table = None if rel is None else rel.to_arrow_table()
        return None if table is None else self._con.from_arrow(table)

    def fetchone(self) -> tuple[Any, ...] | None:
        """Next row of the last `execute` result."""
        return self._fetch("fetchone")

    def fetchall(self) -> list[tuple[Any, ...]]:
        """Remaining rows of the last `execute` result."""
        return self._fetch("fetchall")

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        """Up to `size` next rows of the last `execute` result."""
        return self._fetch("fetchmany", size)

    def fetchnumpy(self) -> dict[str, Any]:
        """The last `execute` result as numpy arrays, by column."""
        return self._fetch("fetchnumpy")

    def fetchdf(self) -> Any:
        """The last `execute` result as a pandas DataFrame."""
        return self._fetch("fetchdf")

    df = fetch_df = fetchdf

    def cursor(self) -> SandboxConnection:
        """A second connection to the same database, under the same budget."""
        return SandboxConnection(self._con.cursor(), self.budget)

    def _fetch(self, method: str, *args: Any) -> Any:
        with self._watch(self._last):
            return getattr(self._con, method)(*args)

    @contextmanager
    def _watch(self, query: str) -> Iterator[None]:
        """Interrupt the statement when it outlives the time budget; over budget becomes SqlBudgetExceeded."""
        fired = threading.Event()
        timer = threading.Timer(self.budget.timeout_s, lambda: (fired.set(), self._con.interrupt()))
        timer.daemon = True
        timer.start()
        try:
            yield
        except duckdb.InterruptException:
            if fired.is_set():
                raise SqlBudgetExceeded(
                    f"SQL ran past its time budget of {self.budget.timeout_s:g} s: {_head(query)}") from None
            raise
        except duckdb.OutOfMemoryException:
            raise SqlBudgetExceeded(
                f"SQL needs more than its memory budget of {self.budget.memory_limit}: {_head(query)}") from None
        finally:
            timer.cancel()

    def query(self, query: str, params: Any = None) -> duckdb.DuckDBPyRelation | None:
        """Same as `sql`."""
        return self.sql(query, params)



def one_statement(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise UnsafeSQL unless `sql` is exactly one statement."""
    try:
        count = len(con.extract_statements(sql))
    except duckdb.Error as exc:
        raise UnsafeSQL(f"does not parse: {_first_line(exc)}") from None
    if count != 1:
        raise UnsafeSQL(f"must be one statement, found {count}")


def _open(database: str, *, read_only: bool, budget: SqlBudget | None, threads: int | None,
          read_paths: Iterable[str | Path] = (), write_dir: str | Path | None = None) -> SandboxConnection:
    budget = budget or SqlBudget.default()
    config: dict[str, Any] = {"temp_directory": ""}
    if budget.memory_limit:
        config["memory_limit"] = budget.memory_limit
    if threads:
        config["threads"] = int(threads)
    con = duckdb.connect(database, read_only=read_only, config=config)
    try:
        con.execute("SET enable_progress_bar = false")
        paths = [str(Path(p).resolve()) for p in read_paths]
        if paths:
            con.execute("SET allowed_paths = ?", [paths])
        if write_dir is not None:
            con.execute("SET allowed_directories = ?", [[str(Path(write_dir).resolve()) + "/"]])
        for statement in LOCK_SETTINGS:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return SandboxConnection(con, budget)


def sandboxed_connection(threads: int | None = None, memory_limit: str | None = None, *,
                         budget: SqlBudget | None = None) -> SandboxConnection:
    """A fresh in-memory connection for untrusted SQL: data enters only through `con.register`."""
    if memory_limit:
        budget = SqlBudget((budget or SqlBudget.default()).timeout_s, memory_limit)
    return _open(":memory:", read_only=False, budget=budget, threads=threads)


def file_reader(paths: Iterable[str | Path], *, budget: SqlBudget | None = None,
                threads: int | None = None) -> SandboxConnection:
    """An in-memory connection that may read exactly `paths` (CSV / Parquet given as parameters), nothing else."""
    return _open(":memory:", read_only=False, budget=budget, threads=threads, read_paths=paths)


def database_file(path: str | Path, *, read_only: bool = True, read_paths: Iterable[str | Path] = (),
                  budget: SqlBudget | None = None, threads: int | None = None) -> SandboxConnection:
    """A DuckDB database file (read-only unless asked), sandboxed like the rest; may read `read_paths` too."""
    return _open(str(path), read_only=read_only, budget=budget or SqlBudget(get_settings().sql_file_timeout_s, None),
                 threads=threads, read_paths=read_paths)


def staging_writer(write_dir: str | Path, *, read_paths: Iterable[str | Path] = (),
                   budget: SqlBudget | None = None) -> SandboxConnection:
    """An in-memory connection that may ATTACH / write database files inside the private folder `write_dir`."""
    return _open(":memory:", read_only=False, budget=budget or SqlBudget(get_settings().sql_file_timeout_s, None),
                 threads=None, read_paths=read_paths, write_dir=write_dir)


def check_select(con: duckdb.DuckDBPyConnection | SandboxConnection, sql: str) -> str:
    """Return `sql` stripped of a trailing ';' if it is exactly one SELECT statement, else raise UnsafeSQL."""
    text = sql.strip().rstrip(";").strip()
    if not text:
        raise UnsafeSQL("empty SQL")
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise UnsafeSQL(f"does not parse: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise UnsafeSQL(f"must be one statement, found {len(statements)}")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise UnsafeSQL(f"must be a SELECT query, found {statements[0].type.name}")
    return text


def result_columns(con: duckdb.DuckDBPyConnection | SandboxConnection, sql: str) -> list[str]:
    """Names of the columns `sql` returns, without running it over the data."""
    text = check_select(con, sql)
    cur = con.execute(f"SELECT * FROM ({text}) AS q LIMIT 0")
    return [d[0] for d in cur.description]


def _head(sql: str, width: int = 80) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
