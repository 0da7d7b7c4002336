"""solutions/verified.json: on which real engines a run's solutions/<dialect>/<qid>.sql were run and found equal
to answers/<qid>.csv ({"engines": [{"engine", "dialect", "version", "questions_equal", "questions", "wrong"}]}).

Written by whoever runs the solutions on a real server (the integration tests do, per engine); read by the
instructor workbook's "Verified on" table, which always lists DuckDB (the engine that computed the key).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from factory.answers.compute import write_atomic

VERIFIED_FILE = "solutions/verified.json"


def record_verified(run_dir: str | Path, *, engine: str, dialect: str, version: str, questions: int,
                    wrong: list[str]) -> Path:
    """Record one engine's result (replacing an earlier one of the same engine); the file's path."""
    path = Path(run_dir) / VERIFIED_FILE
    engines = [e for e in read_verified(run_dir) if e.get("engine") != engine]
    engines.append({"engine": engine, "dialect": dialect, "version": version, "questions": questions,
                    "questions_equal": questions - len(wrong), "wrong": wrong})
    write_atomic(path, json.dumps({"engines": engines}, indent=2) + "\n")
    return path


def read_verified(run_dir: str | Path) -> list[dict[str, Any]]:
    """The recorded engines (none when the file is missing or unreadable)."""
    path = Path(run_dir) / VERIFIED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    engines = data.get("engines") if isinstance(data, dict) else None
    return [e for e in engines or [] if isinstance(e, dict)]


def verified_table(run_dir: str | Path, answered: int) -> list[list[object]]:
    """Rows [engine, version, questions equal] for the workbook: DuckDB first, then each recorded engine, or a
    row saying MariaDB / PostgreSQL were not run for this package."""
    rows: list[list[object]] = [["DuckDB (answer key)", duckdb.__version__, f"{answered} / {answered}"]]
    recorded = read_verified(run_dir)
    rows += [[e.get("engine", "?"), e.get("version", "?"), f"{e.get('questions_equal', 0)} / {e.get('questions', 0)}"]
             for e in recorded]
    if not recorded:
        rows.append(["MariaDB / PostgreSQL", "not run for this package",
                     "solutions/ are checked on both servers by the factory's test suite"])
    return rows
