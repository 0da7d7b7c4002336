"""The DuckDB sandbox refuses everything but read-only SELECTs over registered data."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from factory.sandbox import UnsafeSQL, check_select, result_columns, sandboxed_connection


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    c = sandboxed_connection()
    c.register("orders", pa.table({"id": [1, 2, 3], "amount": [10.0, 20.0, 30.0]}))
    return c


def test_select_over_registered_arrow_runs(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT sum(amount) FROM orders").fetchone()[0] == 60.0
    assert result_columns(con, "SELECT id, amount * 2 AS doubled FROM orders;") == ["id", "doubled"]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM 'https://example.com/data.csv'",
    ],
)
def test_file_and_network_access_is_refused(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    with pytest.raises(duckdb.Error, match="(?i)disabled|permission"):
        con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("COPY orders TO '/tmp/x.csv'", "COPY"),
        ("INSTALL httpfs", "SELECT query"),
        ("SELECT 1; DROP TABLE orders", "one statement"),
        ("ATTACH '/tmp/evil.duckdb'", "ATTACH"),
        ("SET enable_external_access = true", "SET"),
        ("", "empty"),
    ],
)
def test_check_select_accepts_only_one_select(con: duckdb.DuckDBPyConnection, sql: str, why: str) -> None:
    with pytest.raises(UnsafeSQL, match=why):
        check_select(con, sql)


def test_configuration_is_locked(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.Error, match="(?i)lock"):
        con.execute("SET enable_external_access = true")
