"""`factory generate` / `factory preview` write the run folder; the preview is small and FK-consistent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pacsv

from factory.generate import generate_preview
from tests.unit.generate.helpers import load_run, quick_commerce

FACTORY = str(Path(sys.executable).parent / "factory")


def test_generate_cli_json_summary(tmp_path: Path) -> None:
    spec = tmp_path / "challenge.json"
    spec.write_text(quick_commerce("advanced").to_json())
    out = tmp_path / "run"
    proc = subprocess.run([FACTORY, "generate", "--spec", str(spec), "--rows", "5000", "--seed", "7", "--chunk-rows",
                           "1000", "--formats", "csv,parquet,duckdb", "--out", str(out), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["seed"] == 7
    assert summary["tables"]["fact_order_lines"]["rows"] >= 5000
    assert json.loads((out / "challenge.json").read_text())["seed"] == 7
    gen = json.loads((out / "generation.json").read_text())
    assert gen["generated_rows"]["fact_order_lines"] == 5000 and gen["seed"] == 7
    assert (out / "parquet" / "fact_order_lines.parquet").is_file() and (out / "quick-commerce-42.duckdb").is_file()
    assert json.loads((out / "messiness.json").read_text())["level"] == 2


def test_preview_cli_prints_first_rows(tmp_path: Path) -> None:
    spec = tmp_path / "challenge.json"
    spec.write_text(quick_commerce("beginner").to_json())
    proc = subprocess.run([FACTORY, "preview", "--spec", str(spec), "--out", str(tmp_path / "run")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "== fact_order_lines (30 rows)" in proc.stdout and "line_amount" in proc.stdout
    block = proc.stdout.split("== fact_order_lines")[1].split("==")[0].strip().splitlines()
    assert len(block) == 1 + 1 + 10  # title rest, header, 10 rows
    proc = subprocess.run([FACTORY, "preview", "--spec", str(spec), "--out", str(tmp_path / "run"), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert len(json.loads(proc.stdout)["head"]["dim_customer"]) == 10


def test_preview_is_small_consistent_and_same_code_path(tmp_path: Path) -> None:
    ch = quick_commerce("advanced")
    result = generate_preview(ch, tmp_path)
    root = tmp_path / "preview"
    for name in ("challenge.json", "messiness.json", "generation.json"):
        assert (root / name).is_file()
    for name, t in result.tables.items():
        table = ch.schema_.table(name)
        w = ch.schema_.window
        expected = (w.end - w.start).days + 1 if table.size.kind == "calendar" else None
        assert t.rows == pacsv.read_csv(root / "datasets" / f"{name}.csv").num_rows
        assert t.rows == expected or 1 <= t.rows <= 31, (name, t.rows)
    con = load_run(root, ch)
    for r in ch.schema_.relationships:
        orphans = con.execute(
            f'SELECT count(*) FROM "{r.child_table_name}" c ANTI JOIN "{r.parent_table_name}" p '
            f'ON c."{r.child_foreign_key}" = p."{r.parent_primary_key}" WHERE c."{r.child_foreign_key}" IS NOT NULL'
        ).fetchone()[0]
        assert orphans == 0, r
