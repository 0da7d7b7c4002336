"""Finding 3: spec SQL has a time and memory budget; check-spec runs every statement on a sample under it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from factory.drafting import draft_challenge
from factory.sandbox import SqlBudget, SqlBudgetExceeded, sandboxed_connection

ENDLESS_CTE = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) AS n FROM r"
HUGE_SERIES = "(SELECT count(*) FROM generate_series(1, 1000000000000))"
BUDGET_ENV = {"FACTORY_SQL_TIMEOUT_S": "2"}


@pytest.mark.parametrize(("sql", "what"), [
    (ENDLESS_CTE, "time budget of 1 s"),
    (f"SELECT {HUGE_SERIES}", "time budget of 1 s"),
    ("SELECT list(i) FROM range(3000000000) t(i)", "budget"),
])
def test_a_statement_over_budget_is_interrupted_with_a_clear_error(sql: str, what: str) -> None:
    con = sandboxed_connection(budget=SqlBudget(1.0, "256MB"))
    with pytest.raises(SqlBudgetExceeded, match=what):
        con.execute(sql).fetchall()
    assert con.execute("SELECT 42").fetchone() == (42,)  # the connection still works afterwards


def test_budget_errors_are_duckdb_errors() -> None:
    assert issubclass(SqlBudgetExceeded, duckdb.Error)  # every caller that reports SQL failures reports these


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    challenge = draft_challenge("Quick-commerce grocery delivery", seed=11, difficulty="beginner",
                                provider="offline").challenge
    return json.loads(challenge.to_json())


def _check_spec(tmp_path: Path, data: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "c.json").write_text(json.dumps(data))
    env = {**__import__("os").environ, **BUDGET_ENV}
    return subprocess.run([sys.executable, "-c", "from factory.cli import main; main()", "check-spec", "c.json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False, env=env)


def _expression_column(d: dict[str, Any]) -> tuple[int, int]:
    for ti, t in enumerate(d["schema"]["tables"]):
        for ci, c in enumerate(t["columns"]):
            if c["generator"]["kind"] == "expression" and c["type"] == "integer":
                return ti, ci
    raise AssertionError("no integer expression column")


def _set_answer(d: dict[str, Any]) -> str:
    q = d["problem"]["questions"][0]
    fields = ", ".join(f'count(*) AS "{f}"' for f in q["output_fields"])
    q["answer_sql"] = ENDLESS_CTE.replace("count(*) AS n", fields)
    return "$.problem.questions[0].answer_sql"


def _set_story(d: dict[str, Any]) -> str:
    d["problem"]["story_numbers"][0]["sql"] = ENDLESS_CTE
    return "$.problem.story_numbers[0].sql"


def _set_expression(d: dict[str, Any]) -> str:
    ti, ci = _expression_column(d)
    d["schema"]["tables"][ti]["columns"][ci]["generator"]["sql"] = HUGE_SERIES
    return f"$.schema.tables[{ti}].columns[{ci}]"


@pytest.mark.parametrize("plant", [_set_answer, _set_story, _set_expression], ids=["answer", "story", "expression"])
def test_check_spec_refuses_a_statement_that_would_hang(spec: dict[str, Any], tmp_path: Path,
                                                        plant: Callable[[dict[str, Any]], str]) -> None:
    data = json.loads(json.dumps(spec))
    path = plant(data)
    res = _check_spec(tmp_path, data)
    assert res.returncode == 2, res.stdout + res.stderr
    assert any(line.startswith("error: ") for line in res.stderr.splitlines()) and "Traceback" not in res.stderr
    assert path in res.stderr and "budget" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


def test_check_spec_passes_the_library_spec(spec: dict[str, Any], tmp_path: Path) -> None:
    res = _check_spec(tmp_path, spec)
    assert res.returncode == 0, res.stderr
    assert "valid" in res.stdout


@pytest.mark.slow
def test_validate_of_a_run_with_an_endless_rule_ends_with_a_failing_check(run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factory.quality import validate_dataset
    from factory.settings import get_settings

    monkeypatch.setenv("FACTORY_SQL_TIMEOUT_S", "2")
    get_settings.cache_clear()
    try:
        data = json.loads((run / "challenge.json").read_text())
        rule = data["schema"]["rules"][0]
        rule["sql"] = f"SELECT * FROM \"{rule['table']}\" WHERE (SELECT count(*) FROM generate_series(1, 1000000000000)) > 0"
        (run / "challenge.json").write_text(json.dumps(data))
        results = validate_dataset(run, sdv=False)
    finally:
        get_settings.cache_clear()
    checks = [c for cat in results.categories.values() for c in cat.checks if c.id == f"rule.{rule['id']}"]
    assert checks and not checks[0].success
    assert not results.passed
