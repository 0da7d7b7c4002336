"""The end-to-end challenge flow: phases 1-5 with an approval gate after phases 1, 2 and 3."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prefect import flow
from prefect.context import FlowRunContext

from factory.settings import Settings, get_settings
from flows.gates import ApprovalRejected, approval_gate, rejected_too_often
from flows.params import ChallengeOutcome, ChallengeRequest, PhaseOutcome
from flows.phases import phase1_problem, phase2_schema, phase3_preview, phase4_full, phase5_package


def gated(
    phase: str, run: Callable[[str], PhaseOutcome], request: ChallengeRequest, settings: Settings,
    threshold: float | None = None,
) -> PhaseOutcome:
    """Run a phase, then its gate; a rejection re-runs the phase with the feedback (at most max rounds)."""
    feedback = ""
    for round_no in range(settings.max_feedback_rounds + 1):
        outcome = run(feedback)
        answer = approval_gate(phase, round_no, summary=outcome.summary, mode=request.approval, score=outcome.score,
                               threshold=threshold, timeout_s=settings.approval_timeout_s)
        if answer.decision == "approve":
            return outcome
        feedback = answer.feedback
    raise rejected_too_often(phase, settings.max_feedback_rounds + 1)


def join_feedback(*parts: str) -> str:
    """Feedback of several gates as one text (empty parts dropped)."""
    return "\n".join(p for p in parts if p.strip())


def preview_round(request: ChallengeRequest, run_dir: str, schema_feedback: str, feedback: str, key: str) -> PhaseOutcome:
    """Phase 3; after a rejected preview, first redraft the schema with all the schema feedback so far."""
    if feedback:
        phase2_schema(request, run_dir, join_feedback(schema_feedback, feedback), key)
    return phase3_preview(request, run_dir, key)


@flow(name="challenge", persist_result=True)
def challenge(request: ChallengeRequest) -> ChallengeOutcome:
    """Problem -> gate -> schema -> gate -> preview -> gate -> full data and reports -> packages (published)."""
    settings = get_settings()
    ctx = FlowRunContext.get()
    key = str(ctx.flow_run.id) if ctx and ctx.flow_run else "local"

    p1 = gated("problem", lambda fb: phase1_problem(request, fb, key), request, settings)
    run_dir = p1.run_dir
    p2 = gated("schema", lambda fb: phase2_schema(request, run_dir, fb, key), request, settings, request.min_coverage)

    p3 = gated("preview", lambda fb: preview_round(request, run_dir, p2.feedback, fb, key), request, settings,
               request.min_preview)
    full = phase4_full(request, run_dir, key)
    if request.approval == "threshold" and not full.passed:
        why = (f"failed critical checks: {', '.join(full.blocking)}" if full.blocking
               else f"below the threshold {full.threshold}")
        answer = approval_gate("quality", 0, summary=f"Overall quality {full.score:.2f}, {why}.",
                               mode="manual", timeout_s=settings.approval_timeout_s)
        if answer.decision != "approve":
            raise ApprovalRejected(f"packaging was refused: overall quality {full.score:.2f}, {why}")
    package = phase5_package(request, run_dir, key)
    published = package.published
    if published is None:
        raise RuntimeError(f"phase 5 of {p1.challenge_id} published nothing")
    return ChallengeOutcome(
        challenge_id=p1.challenge_id,
        run_dir=run_dir,
        package=str(Path(run_dir) / published.manifest.package),
        learner_package=str(Path(run_dir) / published.manifest.learner_package),
        package_url=published.package_url,
        learner_package_url=published.learner_package_url,
        overall_score=full.score or 0.0,
        passed=bool(full.passed),
        scores=full.scores,
        gate_scores={"coverage": p2.score or 0.0, "preview": p3.score or 0.0},
    )
