"""quality_report.pdf of every library domain: the 12 visuals with titles and captions, cover, failed checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from factory.reports import VISUALS
from tests.unit.reports.pipeline import DOMAINS, RunOf


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _images(reader: PdfReader) -> int:
    count = 0
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects:
            count += sum(1 for ref in xobjects.get_object().values() if ref.get_object()["/Subtype"] == "/Image")
    return count


def test_there_are_exactly_twelve_visuals() -> None:
    assert len(VISUALS) == 12
    assert len({v.key for v in VISUALS}) == 12


@pytest.mark.parametrize("domain", DOMAINS)
def test_pdf_has_the_twelve_visuals_with_captions(domain: str, run_of: RunOf) -> None:
    run: Path = run_of(domain)
    reader = PdfReader(run / "quality_report.pdf")
    assert _images(reader) == 12
    text = _flat("\n".join(p.extract_text() for p in reader.pages))
    for i, v in enumerate(VISUALS, start=1):
        assert _flat(f"Figure {i}. {v.title}") in text, v.title
        assert _flat(v.caption) in text, v.caption


@pytest.mark.parametrize("domain", DOMAINS[:2])
def test_pdf_cover_and_failed_checks_come_from_the_run(domain: str, run_of: RunOf) -> None:
    run: Path = run_of(domain)
    challenge = json.loads((run / "challenge.json").read_text())
    qa = json.loads((run / "qa_results.json").read_text())
    reader = PdfReader(run / "quality_report.pdf")
    cover = _flat(reader.pages[0].extract_text())
    assert _flat(challenge["id"]) in cover
    assert _flat(challenge["problem"]["company"]) in cover
    assert f"{qa['overall']:.1f}" in cover
    text = _flat("\n".join(p.extract_text() for p in reader.pages))
    failed = [c for cat in qa["categories"].values() for c in cat["checks"] if not c["success"]]
    if failed:
        assert f"{len(failed)}check(s)failed" in text
        assert _flat(failed[0]["id"])[:20] in text
    else:
        assert _flat("Every check passed") in text


def test_many_failed_checks_with_odd_examples_render(run_of: RunOf, tmp_path: Path) -> None:
    from factory.reports.base import ReportContext
    from factory.reports.pdf_report import MAX_FAILED, PdfReport
    from factory.reports.profile import build_profile
    from factory.reports.run_data import load_run
    from factory.settings import Settings
    from tests.unit.reports.pipeline import copy_run

    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    qa = json.loads((run / "qa_results.json").read_text())
    checks = qa["categories"]["business_rules"]["checks"]
    for i in range(MAX_FAILED + 7):
        checks.append({"id": f"odd_{i:03d}", "table": "fact_order_lines", "column": "line_amount",
                       "expectation": "expect_<b>bold</b>_&_more", "success": False, "severity": "minor",
                       "unexpected_count": i, "unexpected_percent": 0.5,
                       "examples": [{"k": "<x>"}, "a & b", "=1+1", "x" * 500], "observed_value": None,
                       "message": "values <outside> & beyond"})
    checks.append({"id": "fault_present.0.nulls.dim_customer.gender", "table": "dim_customer", "column": "gender",
                   "expectation": "expect_recorded_fault_to_be_present", "success": False, "severity": "critical",
                   "unexpected_count": 1, "unexpected_percent": 50.0, "examples": ["C9999777"],
                   "observed_value": {"recorded": 2}, "message": "answer key mismatch"})
    (run / "qa_results.json").write_text(json.dumps(qa))
    data = load_run(run)
    try:
        PdfReport().write(ReportContext(data, build_profile(data), Settings()), run)
    finally:
        data.close()
    text = "\n".join(p.extract_text() for p in PdfReader(run / "quality_report.pdf").pages)
    assert "odd_000" in text and "a & b" in text and "<outside>" in text
    assert "fault_present.0" in text and "C9999777" not in text  # answer-key rows never reach the shared PDF
    failed = sum(1 for cat in qa["categories"].values() for c in cat["checks"] if not c["success"])
    assert f"and {failed - MAX_FAILED} more in qa_results.json" in text
