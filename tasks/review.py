"""Artifacts for approvers and operators: markdown, preview tables, phase-4 progress, package links."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from prefect import task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

from factory import review
from factory.llm.base import ProblemDraft
from factory.spec.models import Challenge
from factory.storage import PublishedRun
from tasks.policy import CACHED, artifact_key

SHOW = {"cache_policy": CACHED, "persist_result": True, "timeout_seconds": 120}


@task(name="show-problem", **SHOW)
def show_problem(draft: ProblemDraft, challenge_id: str, run_key: str) -> str:
    """Publish the problem statement and questions (markdown); return the markdown."""
    notes = (draft.note.applied + [f"not applied: {n}" for n in draft.note.not_applied]) if draft.note else None
    headline = str((draft.draft_state or {}).get("headline", ""))
    md = review.problem_markdown(draft.problem, notes=notes, headline=headline)
    create_markdown_artifact(md, key=artifact_key("problem", challenge_id), description="Phase 1: problem and questions")
    return md


@task(name="show-schema", **SHOW)
def show_schema(challenge: Challenge, coverage: Any, run_key: str) -> str:
    """Publish the schema with its rules and the coverage score (markdown); return the markdown."""
    md = review.schema_markdown(challenge, coverage_score=float(coverage.score), gaps=list(coverage.gaps))
    create_markdown_artifact(md, key=artifact_key("schema", challenge.id), description="Phase 2: schema, rules, coverage")
    return md


@task(name="show-preview", **SHOW)
def show_preview(run_dir: Path, challenge_id: str, checks: Any, run_key: str) -> str:
    """Publish one table artifact of preview rows per table and the check summary; return the markdown."""
    for table, rows in review.preview_rows(run_dir).items():
        if rows:
            create_table_artifact(rows, key=artifact_key("preview", challenge_id, table),
                                  description=f"Phase 3: preview rows of {table}")
    failed = [f"{c.id}: {c.message}" for c in checks.checks if not c.success]
    return review.preview_markdown(run_dir, score=float(checks.score), failed=failed)


def start_progress(challenge_id: str) -> UUID:
    """Create the phase-4 progress artifact at 0%."""
    return create_progress_artifact(0.0, key=artifact_key("progress", challenge_id),
                                    description="Phase 4: data 20%, validation 50%, PDF 70%, Excel 85%, done 100%")


def set_progress(artifact_id: UUID, percent: float, step: str) -> None:
    """Move the phase-4 progress artifact to `percent` (step names what just finished)."""
    update_progress_artifact(artifact_id, percent, description=f"Phase 4: {step} ({percent:.0f}%)")


@task(name="show-packages", timeout_seconds=120)
def show_packages(published: PublishedRun) -> None:
    """Link artifacts to both packages (presigned for S3)."""
    cid = published.challenge_id
    create_link_artifact(published.package_url, link_text=published.manifest.package,
                         key=artifact_key("package", cid), description="Full (instructor) package")
    create_link_artifact(published.learner_package_url, link_text=published.manifest.learner_package,
                         key=artifact_key("learner-package", cid), description="Learner package (no answers)")
