"""Phase 3 preview checks: FK integrity, types, key uniqueness and a realism smoke check, 0-10."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from factory.quality import preview_checks


def _preview_csv(run: Path, table: str) -> Path:
    return run / "preview" / "datasets" / f"{table}.csv"


def test_clean_preview_scores_10(clean_run: Path) -> None:
    report = preview_checks(clean_run)
    assert report.score == 10.0 and report.passed, [(c.id, c.message) for c in report.checks if not c.success]
    kinds = {c.id.split(".")[0] for c in report.checks}
    assert {"pk_unique", "fk", "type", "smoke"} <= kinds
    saved = json.loads((clean_run / "preview" / "preview_checks.json").read_text())
    assert saved["score"] == 10.0 and saved["checks"]


def test_preview_defects_lower_the_score(clean_run: Path) -> None:
    path = _preview_csv(clean_run, "fact_order_lines")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "product_id"] = "P9999"
    df.loc[2, "line_id"] = df.loc[1, "line_id"]
    df.loc[3, "quantity"] = "many"
    df.to_csv(path, index=False)
    report = preview_checks(clean_run)
    failed = {c.id: c for c in report.checks if not c.success}
    assert failed["fk.fact_order_lines.product_id"].examples == ["P9999"]
    assert failed["pk_unique.fact_order_lines.line_id"].examples == [df.loc[1, "line_id"]]
    assert failed["type.fact_order_lines.quantity"].examples == ["many"]
    assert report.score < 10.0 and not report.passed
