"""The answer key a submission is graded against: a run folder or an instructor ZIP (challenge.json,
answers/<qid>.csv, answers/answers.json, messiness.json) and the learner tables (datasets/<table>.csv) loaded
once into a sandboxed DuckDB connection."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from factory.answers.tables import load_run
from factory.errors import FactoryError, GradingError
from factory.sandbox import SandboxConnection, SqlBudget, sandboxed_connection
from factory.settings import get_settings

#: files of an instructor ZIP the grader reads
ZIP_NEEDS = ("challenge.json", "messiness.json", "generation.json", "answers/", "datasets/")


@dataclass
class KeyAnswer:
    """One question of the key: its columns, rows (the answer CSV's text) and how it may be checked."""

    qid: str
    text: str
    columns: list[str]
    rows: list[list[str]]
    ordered_by: list[int] | None  # indexes of the columns the question orders by (None: order-insensitive)
    faults: list[dict[str, Any]] = field(default_factory=list)  # messiness.json's faults this question reads
    naive: list[tuple[Any, ...]] | None = None  # the key SQL on the delivered (messy) tables: every trap missed


@dataclass
class GradingKey:
    """Every question of a challenge and the learner tables, registered once in a sandboxed connection."""

    challenge_id: str
    questions: dict[str, KeyAnswer]
    con: SandboxConnection
    rows: int

    def question(self, qid: str) -> KeyAnswer:
        """The key of `qid`, or a GradingError listing the questions."""
        if qid not in self.questions:
            raise GradingError(f"--question {qid}: no such question; choose from {', '.join(self.questions)}")
        return self.questions[qid]

    def close(self) -> None:
        """Release the learner tables."""
        self.con.close()


@contextmanager
def open_key(source: str | Path, *, timeout_s: float | None = None, memory_limit: str | None = None,
             ) -> Iterator[GradingKey]:
    """The key of a run folder or an instructor ZIP (extracted to a private temporary folder while open)."""
    path = Path(source)
    if path.is_file() and zipfile.is_zipfile(path):
        tmp = Path(tempfile.mkdtemp(prefix="dcf-grade-"))
        try:
            key = load_key(_extract(path, tmp), timeout_s=timeout_s, memory_limit=memory_limit)
            try:
                yield key
            finally:
                key.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if not path.is_dir():
        raise GradingError(f"{path}: not a run folder or an instructor ZIP")
    key = load_key(path, timeout_s=timeout_s, memory_limit=memory_limit)
    try:
        yield key
    finally:
        key.close()


def _extract(zip_path: Path, dest: Path) -> Path:
    """Extract the files the grader reads (no member outside `dest`); the folder holding challenge.json."""
    with zipfile.ZipFile(zip_path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        spec = next((n for n in names if n == "challenge.json" or n.endswith("/challenge.json")), None)
        if spec is None:
            raise GradingError(f"{zip_path}: no challenge.json (a learner ZIP has no answer key; give the "
                               "instructor ZIP or the run folder)")
        prefix = spec[: -len("challenge.json")]
        for name in names:
            rel = name[len(prefix):] if name.startswith(prefix) else None
            if rel is None or not any(rel == n or (n.endswith("/") and rel.startswith(n)) for n in ZIP_NEEDS):
                continue
            target = (dest / rel).resolve()
            if not target.is_relative_to(dest.resolve()) or ".." in Path(rel).parts:
                raise GradingError(f"{zip_path}: member {name!r} points outside the package")
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(name) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
    return dest


def load_key(run_dir: str | Path, *, timeout_s: float | None = None, memory_limit: str | None = None) -> GradingKey:
    """Read the key of `run_dir` and load its learner tables once; GradingError when the key is missing."""
    root = Path(run_dir)
    answers_json = root / "answers" / "answers.json"
    if not answers_json.is_file():
        raise GradingError(f"{answers_json}: missing (grade against an instructor package or a run folder after "
                           "`factory validate`)")
    try:
        answers = json.loads(answers_json.read_text(encoding="utf-8"))
        data = load_run(root)
    except (OSError, ValueError) as exc:
        raise GradingError(f"{root}: the answer key is unreadable: {exc}") from None
    except FactoryError as exc:
        raise GradingError(f"{root}: {exc.message}") from None
    settings = get_settings()
    rows = sum(t.num_rows for t in data.tables.values())
    # one budget per submission, not scaled with the rows: a learner's query runs in well under a second
    budget = SqlBudget(timeout_s or settings.sql_timeout_s, memory_limit or settings.sql_memory_limit)
    con = sandboxed_connection(budget=budget)
    for name, tbl in data.tables.items():
        con.register(name, tbl)
    per_question = (data.messiness or {}).get("questions") or {}
    questions: dict[str, KeyAnswer] = {}
    for q in data.challenge.problem.questions:
        csv_path = root / "answers" / f"{q.id}.csv"
        if q.id not in answers or "error" in answers[q.id] or not csv_path.is_file():
            continue
        with csv_path.open(newline="", encoding="utf-8") as fh:
            table = list(csv.reader(fh))
        header, body = (table[0], table[1:]) if table else ([], [])
        faults = [f for f in (per_question.get(q.id) or {}).get("faults") or [] if f.get("changed")]
        for f in faults:
            if "fault" in f and f["fault"] < len(data.faults):
                f.setdefault("fix", data.faults[f["fault"]].get("fix", ""))
        questions[q.id] = KeyAnswer(q.id, " ".join(q.text.split()), header, body, ordered_columns(q.answer_sql, header),
                                    faults, _naive(con, q.answer_sql) if faults else None)
    if not questions:
        con.close()
        raise GradingError(f"{answers_json}: no answered question to grade against")
    return GradingKey(data.challenge.id, questions, con, rows)


def _naive(con: SandboxConnection, sql: str) -> list[tuple[Any, ...]] | None:
    """The key SQL run on the delivered tables (what a learner who misses every trap gets), or None."""
    try:
        return con.execute(sql.strip().rstrip(";")).fetchall()
    except Exception:  # noqa: BLE001 (the hint is optional: a key SQL failing on messy data gives none)
        return None


def ordered_columns(sql: str, header: list[str]) -> list[int] | None:
    """Indexes of the output columns the outermost ORDER BY sorts on; None when the answer is not ordered or
    an ordering term is not an output column (the rows are then compared as a set)."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except SqlglotError:
        return None
    order = tree.args.get("order")
    if order is None:
        return None
    lower = [h.lower() for h in header]
    out: list[int] = []
    for term in order.expressions:
        node = term.this
        if isinstance(node, exp.Literal) and node.is_int and 0 < int(node.name) <= len(header):
            out.append(int(node.name) - 1)
        elif isinstance(node, exp.Column) and node.name.lower() in lower:
            out.append(lower.index(node.name.lower()))
        else:
            return None
    return out
