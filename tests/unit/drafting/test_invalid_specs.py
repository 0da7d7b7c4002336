"""Invalid specs of every kind produce ONE SpecError listing all problems, each with its path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factory.errors import SpecError
from factory.spec.validate import validate_challenge

Spec = dict[str, Any]
LEGACY = Path(__file__).parents[2] / "fixtures" / "legacy" / "quick_commerce.json"


@pytest.fixture(scope="module")
def valid() -> Spec:
    """A fixed valid spec (the legacy quick-commerce draft) to break in every way."""
    return json.loads(LEGACY.read_text(encoding="utf-8"))


def _table(spec: Spec, name: str) -> tuple[int, Spec]:
    return next((i, t) for i, t in enumerate(spec["schema"]["tables"]) if t["name"] == name)


def unknown_fk_target(spec: Spec) -> str:
    spec["schema"]["relationships"][0]["parent_table_name"] = "dim_nowhere"
    return "$.schema.relationships[0].parent_table_name"


def fk_cycle(spec: Spec) -> str:
    spec["schema"]["relationships"].append({
        "parent_table_name": "fact_order_lines", "parent_primary_key": "line_id",
        "child_table_name": "dim_customer", "child_foreign_key": "customer_id"})
    return "foreign-key cycle"


def duplicate_table(spec: Spec) -> str:
    spec["schema"]["tables"].append(copy.deepcopy(_table(spec, "dim_city")[1]))
    return "duplicate table 'dim_city'"


def generator_type_mismatch(spec: Spec) -> str:
    ti, t = _table(spec, "dim_city")
    ci = next(i for i, c in enumerate(t["columns"]) if c["name"] == "city_name")
    t["columns"][ci]["type"] = "date"
    return f"$.schema.tables[{ti}].columns[{ci}].generator"


def rule_sql_does_not_parse(spec: Spec) -> str:
    spec["schema"]["rules"][0]["sql"] = "SELEC * FRM fact_order_lines"
    return "$.schema.rules[0].sql"


def rule_unknown_column(spec: Spec) -> str:
    spec["schema"]["rules"][1]["sql"] = "SELECT * FROM fact_order_lines WHERE no_such_column > 1"
    return "$.schema.rules[1].sql"


def question_unknown_table(spec: Spec) -> str:
    spec["problem"]["questions"][0]["answer_sql"] = "SELECT month, revenue, order_lines FROM nowhere"
    return "$.problem.questions[0].answer_sql"


def question_columns_differ(spec: Spec) -> str:
    spec["problem"]["questions"][6]["answer_sql"] = (
        "SELECT payment_method, count(*) AS order_lines FROM fact_order_lines GROUP BY 1")
    return "$.problem.questions[6].answer_sql: returns columns"


BREAKS: list[Callable[[Spec], str]] = [
    unknown_fk_target, fk_cycle, duplicate_table, generator_type_mismatch, rule_sql_does_not_parse,
    rule_unknown_column, question_unknown_table, question_columns_differ,
]


@pytest.mark.parametrize("breaker", BREAKS, ids=[b.__name__ for b in BREAKS])
def test_each_kind_of_problem_is_reported_with_its_path(valid: Spec, breaker: Callable[[Spec], str]) -> None:
    spec = copy.deepcopy(valid)
    marker = breaker(spec)
    with pytest.raises(SpecError) as info:
        validate_challenge(spec)
    assert any(marker in str(p) for p in info.value.problems), [str(p) for p in info.value.problems]


def test_all_problems_come_in_one_error(valid: Spec) -> None:
    validate_challenge(copy.deepcopy(valid))  # the base spec is valid
    spec = copy.deepcopy(valid)
    markers = [breaker(spec) for breaker in BREAKS]
    with pytest.raises(SpecError) as info:
        validate_challenge(spec)
    found = [str(p) for p in info.value.problems]
    for marker in markers:
        assert any(marker in p for p in found), (marker, found)
    assert len(found) >= len(BREAKS)
    assert all(p.path.startswith("$") for p in info.value.problems)
    assert f"({len(found)} problem(s))" in str(info.value)
