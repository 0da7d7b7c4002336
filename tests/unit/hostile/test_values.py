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


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    challenge = draft_challenge("Quick-commerce grocery delivery", seed=11, difficulty="beginner",
                                provider="offline").challenge
    return json.loads(challenge.to_json())


def _find(d: dict[str, Any], kind: str, ok: Callable[[dict[str, Any]], bool] = lambda c: True) -> tuple[int, int]:
    """(table, column) index of the first column whose generator has `kind` and passes `ok`."""
    for ti, t in enumerate(d["schema"]["tables"]):
        for ci, c in enumerate(t["columns"]):
            if c["generator"]["kind"] == kind and ok(c):
                return ti, ci
    raise AssertionError(f"no {kind} column")


def _gen_path(ti: int, ci: int) -> str:
    return f"$.schema.tables[{ti}].columns[{ci}].generator"


def _weights(values: Callable[[int], list[float]], suffix: str = "") -> Callable[[dict[str, Any]], str]:
    def mutate(d: dict[str, Any]) -> str:
        ti, ci = _find(d, "choice", lambda c: len(c["generator"]["values"]) >= 2)
        gen = d["schema"]["tables"][ti]["columns"][ci]["generator"]
        gen["weights"] = values(len(gen["values"]))
        return _gen_path(ti, ci) + ".weights" + suffix
    return mutate


def _sequence(d: dict[str, Any]) -> str:
    ti, ci = _find(d, "sequence")
    d["schema"]["tables"][ti]["columns"][ci]["generator"]["start"] = 2**63 - 1
    return _gen_path(ti, ci) + ".start"


def _faker(provider: str) -> Callable[[dict[str, Any]], str]:
    def mutate(d: dict[str, Any]) -> str:
        ti, ci = _find(d, "person_name")
        d["schema"]["tables"][ti]["columns"][ci]["generator"] = {"kind": "faker", "provider": provider}
        return _gen_path(ti, ci) + ".provider"
    return mutate


def _weight_column(column: str) -> Callable[[dict[str, Any]], str]:
    def mutate(d: dict[str, Any]) -> str:
        ti, ci = _find(d, "foreign_key", lambda c: c["name"] == "product_id")
        d["schema"]["tables"][ti]["columns"][ci]["generator"]["weight_column"] = column
        return _gen_path(ti, ci) + ".weight_column"
    return mutate


MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("nan weight", _weights(lambda n: [math.nan] + [1.0] * (n - 1))),
    ("1e308 weights", _weights(lambda n: [1e308] * n, "[0]")),
    ("negative weight", _weights(lambda n: [-1.0] + [1.0] * (n - 1), "[0]")),
    ("zero weights", _weights(lambda n: [0.0] * n)),
    ("sequence at 2^63-1", _sequence),
    ("faker __class__", _faker("__class__")),
    ("faker seed_instance", _faker("seed_instance")),
    ("weight_column missing", _weight_column("nope")),
    ("weight_column text", _weight_column("product_name")),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_bad_values_are_refused_with_their_path(spec: dict[str, Any], tmp_path: Path, name: str,
                                                mutate: Callable[[dict[str, Any]], str]) -> None:
    data = json.loads(json.dumps(spec))
    path = mutate(data)
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
    path = _faker("__class__")(data)
    (tmp_path / "c.json").write_text(json.dumps(data))
    res = subprocess.run([sys.executable, "-c", "from factory.cli import main; main()", "generate", "--spec", "c.json",
                          "--out", "out"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "Traceback" not in res.stderr
    assert path in res.stderr
    assert not (tmp_path / "out").exists()


def test_faker_allow_list_holds_value_methods_only() -> None:
    allowed = faker_providers("en_IN")
    assert {"name", "city", "company", "email", "street_address", "phone_number"} <= allowed
    assert not {"__class__", "seed", "seed_instance", "add_provider", "format", "random_element"} & allowed
