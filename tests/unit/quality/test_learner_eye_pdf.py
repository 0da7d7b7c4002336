"""The quality PDF has a "What a learner will notice" page listing every finding with where it is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
from pypdf import PdfReader

from factory.answers import compute_answers
from factory.quality import validate_dataset
from factory.reports import build_reports
from tests.unit.quality.world import build_world


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_lists_what_a_learner_will_notice(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: dict[str, Any]) -> None:
        t["dim_store"].loc[0, "opened_on"] = np.datetime64("2023-06-30")
        c = t["dim_customer"]
        c.loc[c.index[:100], "gender"] = c.gender.iloc[:100].map({"Female": "Male", "Male": "Female"})

    run = build_world(tmp_path / "run", edit=edit)
    compute_answers(run)
    results = validate_dataset(run, sdv=False, gx_context=gx_context)
    assert {f.check for f in results.findings} >= {"child_before_parent", "name_gender"}
    build_reports(run)
    pages = [_flat(p.extract_text()) for p in PdfReader(run / "quality_report.pdf").pages]
    page = next(p for p in pages if _flat("What a learner will notice") in p)
    for f in results.findings:
        assert _flat(f.title)[:40] in page, f.title
        assert _flat(f"{f.table}.")[:30] in page
    assert _flat(f"{len(results.findings)} finding(s)") in page and "blocking" in page


def test_pdf_says_when_there_is_nothing_to_notice(tmp_path: Path, gx_context: Any) -> None:
    run = build_world(tmp_path / "run")
    compute_answers(run)
    assert not validate_dataset(run, sdv=False, gx_context=gx_context).findings
    build_reports(run)
    text = _flat("\n".join(p.extract_text() for p in PdfReader(run / "quality_report.pdf").pages))
    assert _flat("What a learner will notice") in text and _flat("Nothing: no impossible record") in text
