"""No `{...}` template ever reaches a person: draft summary, gate artifacts, every text of the run folder and of
both packages (README, brief, dictionary, SQL, JSON briefs, PDF and workbook text)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from factory.answers import compute_answers, fill_story_numbers
from factory.drafting import draft_challenge
from factory.generate import generate_dataset
from factory.package import build_packages
from factory.problem.summary import summary_text
from factory.quality import validate_dataset
from factory.reports import build_reports
from factory.review import problem_markdown, schema_markdown

TEMPLATE = re.compile(r"\{[a-z_][a-z0-9_]*\}|\{\{|\}\}|\{%")
SPEC_FILES = {"challenge.json"}  # the spec keeps its {story_number} templates by design (values beside them)
TEXT_SUFFIXES = {".md", ".txt", ".sql", ".json", ".csv"}


def _texts_of_zip(path: Path) -> dict[str, str]:
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if Path(name).name in SPEC_FILES:
                continue
            data = z.read(name)
            out.update(_text_of(f"{path.name}:{name}", Path(name).suffix, data))
    return out


def _text_of(label: str, suffix: str, data: bytes) -> dict[str, str]:
    if suffix in TEXT_SUFFIXES:
        return {label: data.decode("utf-8", errors="replace")}
    if suffix == ".pdf":
        from pypdf import PdfReader

        return {label: "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)}
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True)
        return {label: "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                                 for v in row if isinstance(v, str))}
    return {}


@pytest.mark.slow
def test_no_template_reaches_a_person(tmp_path: Path) -> None:
    result = draft_challenge("instant grocery delivery in Goa", seed=9, difficulty="advanced", provider="offline")
    ch = result.challenge
    texts = {"summary": summary_text(ch, result.coverage, "x"), "gate-1": problem_markdown(ch.problem, headline="h"),
             "gate-2": schema_markdown(ch, coverage_score=result.coverage.score)}
    run = tmp_path / ch.id
    run.mkdir()
    (run / "challenge.json").write_text(ch.to_json(), encoding="utf-8")
    generate_dataset(ch, run, rows=2000)
    fill_story_numbers(run)
    compute_answers(run)
    validate_dataset(run)
    build_reports(run)
    packages = build_packages(run)
    for path in run.rglob("*"):
        if path.is_file() and path.name not in SPEC_FILES and path.suffix != ".zip":
            texts.update(_text_of(str(path.relative_to(run)), path.suffix, path.read_bytes()))
    for z in (packages.package, packages.learner_package):
        texts.update(_texts_of_zip(Path(z)))
    assert any(k.endswith("brief.md") for k in texts) and any(k.endswith(".pdf") for k in texts)
    leaks = {k: TEMPLATE.search(v).group(0) for k, v in texts.items() if TEMPLATE.search(v)}  # type: ignore[union-attr]
    assert not leaks, leaks
