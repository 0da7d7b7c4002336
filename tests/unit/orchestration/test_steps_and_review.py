"""Run-folder steps (phases 1-3 without Prefect), approver markdown, and the tasks' retry policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prefect.states import Completed, Failed

from factory import review, steps
from factory.errors import ConfigError, StorageError, TransientProviderError, TransientStorageError
from tasks.policy import artifact_key, transient_only

DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Research, problem, schema and coverage of the offline quick-commerce domain in a run folder."""
    found = steps.research_step(tmp_path_factory.mktemp("out"), DOMAIN, seed=42, provider="offline")
    steps.problem_step(found.run_dir, DOMAIN, provider="offline", seed=42, difficulty="intermediate")
    steps.schema_step(found.run_dir, provider="offline", seed=42, difficulty="intermediate")
    steps.coverage_step(found.run_dir)
    return found.run_dir


def test_phase_steps_fill_the_run_folder(drafted: Path) -> None:
    from factory.drafting import challenge_id

    assert drafted.name == challenge_id(DOMAIN, 42)
    assert {p.name for p in drafted.iterdir()} >= {"research.json", "problem.json", "challenge.json", "coverage.json"}
    challenge = steps.load_run_challenge(drafted)
    assert challenge.id == drafted.name  # phase 1 picked the folder assemble_challenge names
    assert 0 <= json.loads((drafted / "coverage.json").read_text())["score"] <= 10


def test_feedback_reaches_the_provider(drafted: Path) -> None:
    draft = steps.problem_step(drafted, DOMAIN, provider="offline", seed=42, difficulty="intermediate",
                               feedback="make it about late deliveries")
    assert draft.note is not None and draft.note.feedback == "make it about late deliveries"
    assert json.loads((drafted / "problem.json").read_text())["note"]["feedback"] == "make it about late deliveries"


def test_a_step_without_its_input_says_which_phase_to_run(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="run phase 1 on this run folder first"):
        steps.schema_step(tmp_path, provider="offline", seed=1, difficulty="beginner")


def test_review_markdown_shows_what_is_approved(drafted: Path) -> None:
    challenge = steps.load_run_challenge(drafted)
    md = review.problem_markdown(challenge.problem)
    assert challenge.problem.company in md
    assert all(q.id in md and q.output_fields[0] in md for q in challenge.problem.questions)
    schema_md = review.schema_markdown(challenge, coverage_score=9.5, gaps=["q3 needs a date column"])
    assert "9.5/10" in schema_md and "q3 needs a date column" in schema_md
    assert all(r.id in schema_md for r in challenge.schema_.rules)
    assert all(f"`{t.name}`" in schema_md for t in challenge.schema_.tables)


def test_preview_rows_are_read_per_table(tmp_path: Path) -> None:
    folder = tmp_path / "preview" / "datasets"
    folder.mkdir(parents=True)
    (folder / "orders.csv").write_text("id,amount\n" + "".join(f"{i},{i * 1.5}\n" for i in range(20)))
    rows = review.preview_rows(tmp_path, limit=3)
    assert rows == {"orders": [{"id": "0", "amount": "0.0"}, {"id": "1", "amount": "1.5"}, {"id": "2", "amount": "3.0"}]}
    assert "| id | amount |" in review.preview_markdown(tmp_path, score=9.0, failed=["pk_unique: 2 duplicates"])


@pytest.mark.parametrize(("exc", "retry"), [
    (TransientStorageError("S3 is unavailable (503)"), True),
    (TransientProviderError("429"), True),
    (StorageError("bucket 'x' does not exist"), False),
    (ValueError("bug"), False),
])
def test_only_transient_errors_are_retried(exc: Exception, retry: bool) -> None:
    assert transient_only(None, None, Failed(data=exc)) is retry  # type: ignore[arg-type]


def test_a_completed_state_is_not_retried() -> None:
    assert transient_only(None, None, Completed(data=1)) is False  # type: ignore[arg-type]


def test_artifact_keys_are_valid() -> None:
    assert artifact_key("preview", "quick_commerce-42", "Dim_Date") == "preview-quick-commerce-42-dim-date"
