"""solutions/verified.json and the workbook's "Verified on" rows."""

from __future__ import annotations

from pathlib import Path

import duckdb

from factory.answers.solutions_verified import read_verified, record_verified, verified_table


def test_recorded_engines_make_the_verified_on_rows(tmp_path: Path) -> None:
    rows = verified_table(tmp_path, 10)
    assert rows[0] == ["DuckDB (answer key)", duckdb.__version__, "10 / 10"]
    assert rows[1][0] == "MariaDB / PostgreSQL" and "not run" in str(rows[1][1])
    record_verified(tmp_path, engine="PostgreSQL", dialect="postgresql", version="16.4", questions=10, wrong=[])
    record_verified(tmp_path, engine="MariaDB", dialect="mysql", version="10.11", questions=10, wrong=["q1: x"])
    record_verified(tmp_path, engine="MariaDB", dialect="mysql", version="10.11", questions=10, wrong=[])
    assert [e["engine"] for e in read_verified(tmp_path)] == ["PostgreSQL", "MariaDB"]
    assert verified_table(tmp_path, 10)[1:] == [["PostgreSQL", "16.4", "10 / 10"], ["MariaDB", "10.11", "10 / 10"]]
    (tmp_path / "solutions" / "verified.json").write_text("{not json")
    assert read_verified(tmp_path) == []
