"""Tasks of phases 3-4: preview, preview checks, full data, story numbers, answers, validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task

from factory import steps
from tasks.policy import POLICY, POLICY_WRITES_SPEC


@task(name="preview", timeout_seconds=600, **POLICY)
def preview_task(run_dir: Path, rows: int, run_key: str) -> Any:
    """Phase 3: ~30 rows a table through the same generator (preview/)."""
    return steps.preview_step(run_dir, rows=rows)


@task(name="preview-checks", timeout_seconds=600, **POLICY)
def preview_checks_task(run_dir: Path, run_key: str) -> Any:
    """Phase 3: quick checks of the preview (score 0-10)."""
    from factory.quality import preview_checks

    return preview_checks(run_dir)


@task(name="generate", timeout_seconds=6 * 3600, **POLICY)
def generate_task(run_dir: Path, rows: int | None, run_key: str) -> Any:
    """Phase 4: the full dataset."""
    return steps.generate_step(run_dir, rows=rows)


@task(name="story-numbers", timeout_seconds=1800, **POLICY_WRITES_SPEC)
def story_numbers_task(run_dir: Path, run_key: str) -> Any:
    """Phase 4: the numbers the story quotes, computed from the data (challenge.json rewritten)."""
    from factory.answers import fill_story_numbers

    return fill_story_numbers(run_dir)


@task(name="answers", timeout_seconds=3600, **POLICY)
def answers_task(run_dir: Path, run_key: str) -> Any:
    """Phase 4: every question's answer table (answers/)."""
    from factory.answers import compute_answers

    return compute_answers(run_dir)


@task(name="validate", timeout_seconds=4 * 3600, **POLICY)
def validate_task(run_dir: Path, threshold: float | None, run_key: str) -> Any:
    """Phase 4: quality validation in eight categories (qa_results.json)."""
    from factory.quality import validate_dataset

    return validate_dataset(run_dir, threshold=threshold)
