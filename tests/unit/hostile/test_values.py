"""Finding 7 (values): NaN / huge weights, overflowing sequences, non-value Faker providers and unusable
weight columns are refused with their JSON path; a seed outside [0, 2^63) never reaches a spec."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factory.cli.params import load_spec
from factory.drafting import draft_challenge
from factory.errors import SpecError
from factory.spec.values import faker_providers

CUSTOMER, LINES = 4, 5  # quick-commerce tables: dim_customer, fact_order_lines


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    challenge = draft_challenge("Quick-commerce grocery delivery", seed=11, difficulty="beginner",
                                provider="offline").challenge
    return json.loads(challenge.to_json())


def _gen(d: dict[str, Any], table: int, column: int) -> dict[str, Any]:
    return d["schema"]["tables"][table]["columns"][column]["generator"]


MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("nan weight", lambda d: _gen(d, CUSTOMER, 3).update(weights=[math.nan, 0.5, 0.03]),
     "$.schema.tables[4].columns[3].generator.weights"),
    ("1e308 weights", lambda d: _gen(d, CUSTOMER, 3).update(weights=[1e308, 1e308, 1.0]),
     "$.schema.tables[4].columns[3].generator.weights[0]"),
    ("negative weight", lambda d: _gen(d, CUSTOMER, 3).update(weights=[-1, 0.5, 0.5]),
     "$.schema.tables[4].columns[3].generator.weights[0]"),
    ("zero weights", lambda d: _gen(d, CUSTOMER, 3).update(weights=[0, 0, 0]),
     "$.schema.tables[4].columns[3].generator.weights"),
    ("sequence at 2^63-1", lambda d: _gen(d, 1, 0).update(start=2**63 - 1), "$.schema.tables[1].columns[0].generator.start"),
    ("faker __class__", lambda d: _gen(d, CUSTOMER, 1).update(provider="__class__"),
     "$.schema.tables[4].columns[1].generator.provider"),
    ("faker seed_instance", lambda d: _gen(d, CUSTOMER, 1).update(provider="seed_instance"),
     "$.schema.tables[4].columns[1].generator.provider"),
    ("weight_column missing", lambda d: _gen(d, LINES, 4).update(weight_column="nope"),
     "$.schema.tables[5].columns[4].generator.weight_column"),
    ("weight_column text", lambda d: _gen(d, LINES, 4).update(weight_column="product_name"),
     "$.schema.tables[5].columns[4].generator.weight_column"),
]


@pytest.mark.parametrize(("name", "mutate", "path"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_bad_values_are_refused_with_their_path(spec: dict[str, Any], tmp_path: Path, name: str,
                                                mutate: Callable[[dict[str, Any]], None], path: str) -> None:
    data = json.loads(json.dumps(spec))
    mutate(data)
    file = tmp_path / "challenge.json"
    file.write_text(json.dumps(data))
    with pytest.raises(SpecError) as err:
        load_spec(file)
    assert any(p.path.startswith(path) or path.startswith(p.path) for p in err.value.problems), err.value


def test_the_unchanged_spec_passes(spec: dict[str, Any], tmp_path: Path) -> None:
    file = tmp_path / "challenge.json"
    file.write_text(json.dumps(spec))
    assert load_spec(file).seed == 11


def test_generate_refuses_a_faker_class_provider_with_one_line(spec: dict[str, Any], tmp_path: Path) -> None:
    data = json.loads(json.dumps(spec))
    _gen(data, CUSTOMER, 1)["provider"] = "__class__"
    (tmp_path / "c.json").write_text(json.dumps(data))
    res = subprocess.run([sys.executable, "-c", "from factory.cli import main; main()", "generate", "--spec", "c.json",
                          "--out", "out"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "Traceback" not in res.stderr
    assert "$.schema.tables[4].columns[1].generator.provider" in res.stderr
    assert not (tmp_path / "out").exists()


def test_faker_allow_list_holds_value_methods_only() -> None:
    allowed = faker_providers("en_IN")
    assert {"name", "city", "company", "email", "street_address", "phone_number"} <= allowed
    assert not {"__class__", "seed", "seed_instance", "add_provider", "format", "random_element"} & allowed
