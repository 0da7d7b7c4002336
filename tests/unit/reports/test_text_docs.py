"""data_dictionary.txt and README.txt: analyst style, every table and column, KPIs, story numbers rendered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factory.reports.text_docs import readme_text, render_story
from factory.spec.models import Challenge
from tests.unit.reports.pipeline import DOMAINS, RunOf, library_challenge


@pytest.mark.parametrize("domain", DOMAINS[:3])
def test_data_dictionary_lists_every_column_fk_and_kpi(domain: str, run_of: RunOf) -> None:
    run: Path = run_of(domain)
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    text = (run / "data_dictionary.txt").read_text()
    for t in ch.schema_.tables:
        block = text.split(f"Column Description for {t.name}:\n", 1)[1].split("\n\n", 1)[0]
        lines = re.findall(r"^- ([a-z0-9_]+):", block, flags=re.M)
        assert lines == [c.name for c in t.visible_columns]  # hidden helper columns are never shipped
        for c in t.visible_columns:
            rel = ch.schema_.parent_of(t.name, c.name)
            if rel is not None:
                line = re.search(rf"^- {c.name}:.*(?:\n  .*)*", block, flags=re.M).group(0)
                assert f"linked to {rel.parent_table_name}" in line
    metrics = text.split("Key Metrics:\n", 1)[1]
    for k in ch.problem.kpis:
        assert k.name in metrics and " ".join(k.formula.split()) in " ".join(metrics.split())


@pytest.mark.parametrize("domain", DOMAINS[:3])
def test_readme_renders_story_numbers_and_lists_questions(domain: str, run_of: RunOf) -> None:
    run: Path = run_of(domain)
    ch = Challenge.model_validate_json((run / "challenge.json").read_text())
    text = (run / "README.txt").read_text()
    flat = " ".join(text.split())
    assert "{" not in text.split("WHAT IS IN THIS PACKAGE")[0]
    for s in ch.problem.story_numbers:
        if f"{{{s.id}}}" in ch.problem.statement:
            assert s.value is not None
            assert f"{s.value:,.{s.decimals}f}" in flat
    for q in ch.problem.questions:
        assert f"{q.id.upper()} ({q.difficulty})" in text
    for section in ("THE STORY", "WHAT IS IN THIS PACKAGE", "THE QUESTIONS", "HOW TO START", "RECOMMENDED TOOLS"):
        assert section in text
    for t in ch.schema_.tables:
        assert f"datasets/{t.name}.csv" in text


def test_story_without_values_says_so(run_of: RunOf) -> None:
    data = json.loads((run_of("quick_commerce") / "challenge.json").read_text())
    for s in data["problem"]["story_numbers"]:
        s["value"] = None
    ch = Challenge.model_validate(data)
    story = render_story(ch)
    assert re.search(r"\{[a-z_]+\}", story) is None
    if any(f"{{{s.id}}}" in ch.problem.statement for s in ch.problem.story_numbers):
        assert "[not computed yet]" in story


def test_readme_names_the_clean_basis_only_when_answers_use_it() -> None:
    ch = library_challenge("quick_commerce")
    with_clean, without = readme_text(ch, {}, "codebasics", clean=True), readme_text(ch, {}, "codebasics")
    assert "computed on the clean data (clean/)" in with_clean and "- clean/: Instructor package only" in with_clean
    assert "clean data" not in without and "clean/" not in without


def test_learner_readme_lists_only_what_a_learner_gets_and_claims_no_impossible_recovery() -> None:
    ch = library_challenge("hotel_bookings")
    text = readme_text(ch, {}, "codebasics", clean=True, learner=True)
    for secret in ("Instructor package only", "quality_report.pdf", "analytical_answers.xlsx", "messiness.json",
                   "clean/", "qa_results.json", "ANSWER KEY AND TRAPS", "reproduces them exactly"):
        assert secret not in text, secret
    assert "brief.md" in text and "cannot be recovered" in " ".join(text.split())
