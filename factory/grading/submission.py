"""A learner's submission turned into (columns, rows): SQL transpiled to DuckDB and run in the sandbox over the
learner tables, or a CSV read as text. Anything that cannot be graded raises SubmissionRefused with the words
of the verdict (never an exception that would stop a batch)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot.errors import SqlglotError

from factory.grading.key import GradingKey
from factory.sandbox import SqlBudgetExceeded, UnsafeSQL, check_select

#: sqlglot dialect of each --dialect value
DIALECTS = {"duckdb": "duckdb", "mysql": "mysql", "postgresql": "postgres"}
MAX_SUBMISSION_BYTES = 20 * 1024 * 1024
MAX_SQL_BYTES = 100_000
DELIMITERS = (",", ";", "\t", "|")
FILE_SUFFIXES = (".csv", ".tsv", ".parquet", ".json", ".db", ".duckdb", ".sqlite", ".xlsx", ".txt", ".gz")
FILE_FUNCTIONS = ("read", "parquet", "glob", "sniff", "iceberg", "delta", "sqlite", "postgres", "mysql")
FILES_REFUSED = "refused: the query tries to read files or the network (only the challenge's tables can be queried)"


class SubmissionRefused(ValueError):
    """The submission cannot be graded; the message is the verdict in words."""


def _size_check(path: Path, limit: int) -> None:
    size = path.stat().st_size
    if size > limit:
        raise SubmissionRefused(f"the file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB a submission may be")
    if size == 0:
        raise SubmissionRefused("the file is empty")


def _decode(raw: bytes) -> str:
    """Text of a submission: UTF-8 (a BOM dropped), else Windows-1252; binary content refused."""
    if b"\x00" in raw[:4096]:
        raise SubmissionRefused("the file is binary, not text (save the result as CSV or the query as .sql)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_csv(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """A CSV submission as text: header and rows; the delimiter (, ; tab |) is the one the header uses most."""
    path = Path(path)
    _size_check(path, MAX_SUBMISSION_BYTES)
    text = _decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    try:
        table = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise SubmissionRefused(f"the CSV does not parse: {exc}") from None
    if not table:
        raise SubmissionRefused("the CSV has no header row")
    header = [h.strip() for h in table[0]]
    width = len(header)
    bad = next((i for i, row in enumerate(table[1:], start=2) if len(row) != width), None)
    if bad is not None:
        raise SubmissionRefused(f"line {bad} of the CSV has {len(table[bad - 1])} fields, the header has {width} "
                                f"(delimiter {delimiter!r}; quote values that contain it)")
    return header, [[_decimal_comma(c, delimiter) for c in row] for row in table[1:]]


def _decimal_comma(cell: str, delimiter: str) -> str:
    """'3,88' in a ';'-separated file is 3.88 (a spreadsheet's decimal comma)."""
    text = cell.strip()
    if delimiter != "," and text.count(",") == 1 and "." not in text:
        left, right = text.split(",")
        if left.lstrip("-").isdigit() and right.isdigit() and len(right) != 3:
            return f"{left}.{right}"
    return cell


def to_duckdb(sql: str, dialect: str) -> str:
    """The submission's one SELECT in DuckDB SQL; SubmissionRefused when it is not one parseable query."""
    read = DIALECTS.get(dialect)
    if read is None:
        raise SubmissionRefused(f"unknown dialect {dialect!r}; choose from {', '.join(DIALECTS)}")
    try:
        trees = [t for t in sqlglot.parse(sql, read=read) if t is not None]
    except SqlglotError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "syntax error"
        raise SubmissionRefused(f"not valid {dialect} SQL: {first[:200]}") from None
    if not trees:
        raise SubmissionRefused("the file holds no SQL statement")
    if len(trees) > 1:
        raise SubmissionRefused(f"several statements ({len(trees)}): submit one SELECT query")
    tree = trees[0]
    if not isinstance(tree, (sqlglot.exp.Query)):
        raise SubmissionRefused(f"not a SELECT query ({tree.key.upper()} is not allowed)")
    if _reads_files(tree):
        raise SubmissionRefused(FILES_REFUSED)
    return tree.sql(dialect="duckdb") if read != "duckdb" else sql.strip().rstrip(";")


def _reads_files(tree: sqlglot.exp.Expression) -> bool:
    """A table named like a path, or a file-reading table function (read_csv, parquet_scan, glob, ...)."""
    for t in tree.find_all(sqlglot.exp.Table):
        if any(ch in t.name for ch in "/\\") or t.name.lower().endswith(FILE_SUFFIXES):
            return True
    for f in tree.find_all(sqlglot.exp.Func):
        name = (f.name if isinstance(f, sqlglot.exp.Anonymous) else type(f).__name__).lower()
        if name.startswith(FILE_FUNCTIONS):
            return True
    return False


def run_sql(key: GradingKey, path: str | Path, dialect: str, *, max_rows: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a SQL submission over the learner tables in the key's sandbox: (columns, at most max_rows + 1 rows)."""
    path = Path(path)
    _size_check(path, MAX_SQL_BYTES)
    text = _decode(path.read_bytes())
    duck = to_duckdb(text, dialect)
    con = key.con
    try:
        sql = check_select(con, duck)
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description]
        return columns, cur.fetchmany(max_rows + 1)
    except UnsafeSQL as exc:
        raise SubmissionRefused(f"refused: {exc}") from None
    except SqlBudgetExceeded as exc:
        raise SubmissionRefused(f"stopped: {str(exc).split(':', 1)[0]} (an endless loop or a huge join?)") from None
    except duckdb.PermissionException:
        raise SubmissionRefused(FILES_REFUSED) from None
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SubmissionRefused(f"the query fails: {first[:300]}") from None
    finally:
        _reset(con)


def _reset(con: Any) -> None:
    """Drop a half-read result so the next submission starts clean."""
    try:
        con.abort()
    except Exception:  # noqa: BLE001, S110 (nothing pending)
        pass
