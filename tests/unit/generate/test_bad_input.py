"""Bad input is refused before anything is written: GenerationError naming the table/column, CLI exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from factory.errors import GenerationError
from factory.generate import engine, generate_dataset, generate_preview
from factory.llm.offline.build import col, fk, rel, seq
from factory.spec.generators import ExpressionGen
from factory.spec.models import Challenge, PerParentSize, Rule, Table
from tests.unit.generate.helpers import quick_commerce

FACTORY = str(Path(sys.executable).parent / "factory")


def _with_empty_parent() -> Challenge:
    ch = quick_commerce("beginner")
    ch.schema_.tables.append(Table(
        name="fact_refund_payouts", kind="fact", primary_key="payout_id", size=PerParentSize(parent="fact_order_lines"),
        columns=[col("payout_id", "string", "Payout code.", seq("PO", 8)),
                 col("return_id", "string", "Return paid out.", fk())]))
    ch.schema_.relationships.append(rel("fact_returns", "return_id", "fact_refund_payouts", "return_id"))
    return ch


def _unique_fk_too_many_children() -> Challenge:
    ch = quick_commerce("beginner")
    ch.schema_.table("dim_store").column("city_id").generator.unique = True
    return ch


def _failing_expression() -> Challenge:
    ch = quick_commerce("beginner")
    ch.schema_.table("fact_order_lines").column("line_amount").generator = ExpressionGen(sql="CAST('x' || quantity AS INTEGER)")
    return ch


def _contradicting_rule() -> Challenge:
    ch = quick_commerce("beginner")
    ch.schema_.rules.append(Rule(id="small_baskets", statement="Lines have at most three units.",
                                 sql="SELECT * FROM fact_order_lines WHERE quantity > 3", table="fact_order_lines"))
    return ch


CASES = {
    "rows_zero": (quick_commerce("beginner"), 0, "fact_order_lines", "at least 1"),
    "rows_above_max": (quick_commerce("beginner"), 50_000_001, "fact_order_lines", "maximum"),
    "empty_parent": (_with_empty_parent(), 10, "fact_refund_payouts.return_id", "no rows"),
    "unique_fk": (_unique_fk_too_many_children(), 1000, "dim_store.city_id", "distinct parent"),
    "failing_expression": (_failing_expression(), 1000, "fact_order_lines.line_amount", "Conversion Error"),
    "contradicting_rule": (_contradicting_rule(), 1000, "fact_order_lines", "small_baskets"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_raises_before_writing(case: str, tmp_path: Path) -> None:
    ch, rows, where, what = CASES[case]
    out = tmp_path / "run"
    with pytest.raises(GenerationError) as info:
        generate_dataset(ch, out, rows=rows)
    assert where in str(info.value) and what in str(info.value)
    assert not out.exists()


@pytest.mark.parametrize("case", ["unique_fk", "failing_expression", "contradicting_rule"])
def test_preview_refuses_bad_specs_too(case: str, tmp_path: Path) -> None:
    with pytest.raises(GenerationError):
        generate_preview(CASES[case][0], tmp_path / "run")
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("case", ["rows_zero", "empty_parent", "failing_expression", "contradicting_rule"])
def test_cli_exits_2_naming_the_table_and_writes_nothing(case: str, tmp_path: Path) -> None:
    ch, rows, where, what = CASES[case]
    spec = tmp_path / "challenge.json"
    spec.write_text(ch.to_json())
    out = tmp_path / "run"
    proc = subprocess.run([FACTORY, "generate", "--spec", str(spec), "--rows", str(rows), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    where = "--rows" if case == "rows_zero" else where  # the CLI refuses a bad --rows before reading the spec
    assert where in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_cli_invalid_spec_exits_2(tmp_path: Path) -> None:
    spec = tmp_path / "challenge.json"
    spec.write_text('{"id": "x"}')
    proc = subprocess.run([FACTORY, "generate", "--spec", str(spec), "--out", str(tmp_path / "run")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "invalid" in proc.stderr and "Traceback" not in proc.stderr


def test_failure_mid_run_leaves_no_finished_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine.TableGenerator.generate

    def failing(self, start: int, stop: int):
        if self.table.name == "fact_returns":
            raise GenerationError("disk on fire", table="fact_returns")
        return real(self, start, stop)

    monkeypatch.setattr(engine.TableGenerator, "generate", failing)
    out = tmp_path / "run"
    with pytest.raises(GenerationError):
        generate_dataset(quick_commerce("beginner"), out, rows=2000, formats=("csv", "parquet", "duckdb"))
    left = [p.name for p in out.rglob("*") if p.is_file()]
    assert left == [], left


def test_type_mismatch_names_the_column(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    ch.schema_.table("fact_order_lines").column("customer_id").type = "integer"  # parent keys are text
    with pytest.raises(GenerationError) as info:
        generate_dataset(ch, tmp_path / "run", rows=100)
    assert "fact_order_lines.customer_id" in str(info.value)
    assert not (tmp_path / "run").exists()
