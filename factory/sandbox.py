"""Sandboxed DuckDB connections for untrusted spec SQL (rules, questions, expressions, insights).

A sandboxed connection has no file system or network access, cannot install or load extensions, and its
configuration is locked. Data enters only through `con.register(name, arrow_or_pandas)` or tables created
before the lock. Only single read-only SELECT statements are accepted by `check_select`.
"""

from __future__ import annotations

import duckdb

SANDBOX_SETTINGS: tuple[str, ...] = (
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


def quote_ident(name: str) -> str:
    """`name` as a DuckDB identifier: always double-quoted, embedded quotes doubled, NUL refused.

    The one way factory code puts a table or column name into SQL (names may hold spaces, quotes, keywords).
    """
    text = str(name)
    if "\x00" in text:
        raise UnsafeSQL(f"identifier contains a NUL character: {text!r}")
    return '"' + text.replace('"', '""') + '"'


class UnsafeSQL(ValueError):
    """SQL that is not a single read-only SELECT."""


def sandboxed_connection(threads: int | None = None, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection, locked down for untrusted SQL."""
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    for statement in SANDBOX_SETTINGS:
        con.execute(statement)
    return con


def check_select(con: duckdb.DuckDBPyConnection, sql: str) -> str:
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


def result_columns(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """Names of the columns `sql` returns, without running it over the data."""
    text = check_select(con, sql)
    cur = con.execute(f"SELECT * FROM ({text}) AS q LIMIT 0")
    return [d[0] for d in cur.description]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
