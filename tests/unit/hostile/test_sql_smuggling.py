"""Findings 1 and 2: SQL smuggled through a CSV header, and the sandbox reading the working directory's `.tmp/`."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import duckdb
import pytest

from factory.answers import compute_answers, load_run
from factory.sandbox import file_reader, quote_ident, sandboxed_connection


def _rename_header(csv_path: Path, index: int, name: str) -> None:
    rows = list(csv.reader(csv_path.open(newline="", encoding="utf-8")))
    rows[0][index] = name
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def test_csv_header_cannot_smuggle_sql(run: Path, tmp_path: Path) -> None:
    target = tmp_path / "pwned.txt"
    header = f"state\" FROM raw; COPY (SELECT 'x') TO '{target}' (HEADER false); SELECT \"state"
    data = next(iter(sorted((run / "datasets").glob("*.csv"))))
    _rename_header(data, 1, header)
    loaded = load_run(run)
    compute_answers(run)
    assert not target.exists()
    table = data.stem
    assert any(p.table == table and p.column == header and p.kind == "extra_column" for p in loaded.problems)
    assert header in loaded.tables[table].column_names  # read as a plain (odd) column name, nothing run


def test_quote_ident_escapes_quotes_and_refuses_nul() -> None:
    con = sandboxed_connection()
    name = 'a "b"; DROP TABLE t; --'
    con.execute(f"CREATE TABLE t ({quote_ident(name)} INTEGER, {quote_ident('with space')} INTEGER)")
    assert [d[0] for d in con.execute("SELECT * FROM t").description] == [name, "with space"]
    with pytest.raises(ValueError, match="NUL"):
        quote_ident("a\x00b")


def test_sandbox_cannot_read_the_working_directory_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "notes.csv").write_text("secret-note\n")
    sql = "SELECT string_agg(column0, '|') FROM read_csv('.tmp/notes.csv', header=false, all_varchar=true)"
    for con in (sandboxed_connection(), file_reader([tmp_path / "other.csv"])):
        assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == ""
        with pytest.raises(duckdb.Error, match="(?i)disabled|permission"):
            con.execute(sql).fetchall()


def test_file_reader_reads_only_its_files(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine.csv", tmp_path / "other.csv"
    mine.write_text("a\n1\n")
    other.write_text("a\n2\n")
    con = file_reader([mine])
    assert con.execute("SELECT a FROM read_csv(?)", [str(mine.resolve())]).fetchall() == [(1,)]
    with pytest.raises(duckdb.Error, match="(?i)disabled|permission"):
        con.execute("SELECT a FROM read_csv(?)", [str(other)]).fetchall()
    with pytest.raises(duckdb.Error, match="(?i)disabled|permission"):
        con.execute(f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'")
    assert sorted(os.listdir(tmp_path)) == ["mine.csv", "other.csv"]


def test_no_duckdb_connect_outside_the_sandbox() -> None:
    root = Path(__file__).resolve().parents[3] / "factory"
    offenders = [str(p.relative_to(root.parent)) for p in root.rglob("*.py")
                 if "duckdb.connect(" in p.read_text(encoding="utf-8") and p.name != "sandbox.py"]
    assert offenders == []
