"""One flow per phase. They order tasks and publish what the next gate shows; no data logic here.

Phase 1 decides the run folder (<out>/<challenge id>/); phases 2-5 take it as `run_dir`, so each phase can
also run on its own as a deployment. `run_key` ties task caches to one challenge run: a resumed run passes
the same key and gets every finished task back from its persisted result.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.context import FlowRunContext

from factory.settings import get_settings
from flows.params import ChallengeRequest, PhaseOutcome
from tasks.data import (
    answers_task,
    generate_task,
    preview_checks_task,
    preview_task,
    story_numbers_task,
    validate_task,
)
from tasks.delivery import packages_task, publish_task, reports_task
from tasks.drafting import coverage_task, problem_task, research_task, schema_task
from tasks.review import set_progress, show_packages, show_preview, show_problem, show_schema, start_progress


def own_run_key(run_key: str) -> str:
    """`run_key`, or the current flow run's id when the phase runs on its own."""
    ctx = FlowRunContext.get()
    return run_key or (str(ctx.flow_run.id) if ctx and ctx.flow_run else "local")


@flow(name="phase1-problem", persist_result=True)
def phase1_problem(request: ChallengeRequest, feedback: str = "", run_key: str = "") -> PhaseOutcome:
    """Research the domain, draft the problem and its questions; publish them for approval."""
    key = own_run_key(run_key)
    out_dir = Path(request.out_dir or get_settings().output_dir)
    found = research_task(out_dir, request.domain, request.seed, request.provider, key, request.difficulty)
    draft = problem_task(found.run_dir, request.domain, request.provider, request.seed, request.difficulty,
                         feedback, key)
    summary = show_problem(draft, found.challenge_id, key)
    return PhaseOutcome(phase="problem", challenge_id=found.challenge_id, run_dir=str(found.run_dir),
                        summary=summary, feedback=feedback)


@flow(name="phase2-schema", persist_result=True)
def phase2_schema(request: ChallengeRequest, run_dir: str, feedback: str = "", run_key: str = "") -> PhaseOutcome:
    """Draft the schema, assemble challenge.json, score question coverage; publish them for approval."""
    key = own_run_key(run_key)
    folder = Path(run_dir)
    challenge = schema_task(folder, request.provider, request.seed, request.difficulty, feedback, key)
    coverage = coverage_task(folder, key)
    summary = show_schema(challenge, coverage, key)
    return PhaseOutcome(phase="schema", challenge_id=challenge.id, run_dir=run_dir, summary=summary,
                        score=coverage.score, feedback=feedback)


@flow(name="phase3-preview", persist_result=True)
def phase3_preview(request: ChallengeRequest, run_dir: str, run_key: str = "") -> PhaseOutcome:
    """Generate the preview through the real generator, check it; publish the rows for approval."""
    key = own_run_key(run_key)
    folder = Path(run_dir)
    preview_task(folder, get_settings().preview_rows, key)
    checks = preview_checks_task(folder, key)
    summary = show_preview(folder, checks.challenge_id, checks, key)
    return PhaseOutcome(phase="preview", challenge_id=checks.challenge_id, run_dir=run_dir, summary=summary,
                        score=checks.score)


@flow(name="phase4-full", persist_result=True)
def phase4_full(request: ChallengeRequest, run_dir: str, run_key: str = "") -> PhaseOutcome:
    """Full data, story numbers, answers, validation and reports, with a progress artifact."""
    key = own_run_key(run_key)
    folder = Path(run_dir)
    progress = start_progress(folder.name)
    generate_task(folder, request.rows or get_settings().default_rows, key)
    set_progress(progress, 20, "data generated")
    story_numbers_task(folder, key)
    answers_task(folder, key)
    qa = validate_task(folder, request.min_quality, key)
    set_progress(progress, 50, "validated")
    reports_task(folder, key, progress)  # 70% after the PDF, 85% after the Excel workbook
    set_progress(progress, 100, "done")
    return PhaseOutcome(phase="full", challenge_id=qa.challenge_id, run_dir=run_dir, score=qa.overall,
                        passed=qa.passed, threshold=qa.threshold, blocking=qa.blocking,
                        scores={name: c.score for name, c in qa.categories.items()})


@flow(name="phase5-package", persist_result=True)
def phase5_package(request: ChallengeRequest, run_dir: str, run_key: str = "") -> PhaseOutcome:
    """Build both packages, publish the run folder (manifest last), link both packages."""
    key = own_run_key(run_key)
    folder = Path(run_dir)
    packages_task(folder, key)
    published = publish_task(folder, folder.name, key)
    show_packages(published)
    return PhaseOutcome(phase="package", challenge_id=folder.name, run_dir=run_dir, published=published)
