"""Approval gates: pause (local run) or suspend (deployed run) until an approver approves or rejects."""

from __future__ import annotations

from typing import Literal

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext
from prefect.exceptions import FlowPauseTimeout
from prefect.flow_runs import pause_flow_run, suspend_flow_run
from prefect.input import RunInput
from prefect.states import Failed

from flows.params import ApprovalMode

POLL_INTERVAL_S: float = 2.0


class Approval(RunInput):
    """An approver's answer at a gate."""

    decision: Literal["approve", "reject"]
    feedback: str = ""


class GateTimeout(RuntimeError):
    """Nobody answered a gate in time: the run ends failed."""


class ApprovalRejected(RuntimeError):
    """A phase was rejected more often than settings.max_feedback_rounds allows."""


def is_deployed() -> bool:
    """True when the current flow run belongs to a deployment (a gate can then suspend)."""
    ctx = FlowRunContext.get()
    return bool(ctx and ctx.flow_run and ctx.flow_run.deployment_id)


def approval_gate(
    phase: str,
    round_no: int,
    *,
    summary: str,
    mode: ApprovalMode,
    score: float | None = None,
    threshold: float | None = None,
    timeout_s: int,
) -> Approval:
    """Wait for an Approval of `phase` (round `round_no`), or approve at once when the mode allows it.

    `threshold` mode approves when the phase has no score or its score reaches the threshold; otherwise the
    gate waits like `manual`. A deployed run suspends (no process held; tasks are cached for the re-run),
    a local run pauses in-process. No answer within `timeout_s` raises GateTimeout.
    """
    logger = get_run_logger()
    if mode == "auto" or (mode == "threshold" and (score is None or threshold is None or score >= threshold)):
        why = "auto-approval" if mode == "auto" else f"score {score} >= threshold {threshold}"
        logger.info("Gate %s approved (%s)", phase, why)
        return Approval(decision="approve", feedback="")
    reason = "" if score is None else f" (score {score:.1f}, threshold {threshold})"
    form = Approval.with_initial_data(description=f"**Approve the {phase}?**{reason}\n\n{summary}")
    key = f"{phase}-{round_no}"
    logger.info("Gate %s asks for approval%s: resume this run with approve/reject + feedback", phase, reason)
    try:
        if is_deployed():
            answer = suspend_flow_run(wait_for_input=form, timeout=timeout_s, key=key)
        else:
            answer = pause_flow_run(wait_for_input=form, timeout=timeout_s, poll_interval=POLL_INTERVAL_S, key=key)
    except FlowPauseTimeout:
        message = (f"gate '{phase}' got no approval within {timeout_s} s; the run stops here "
                   "(raise FACTORY_APPROVAL_TIMEOUT_S to wait longer)")
        _fail_current_run(message)
        raise GateTimeout(message) from None
    approval = Approval(decision=answer.decision, feedback=answer.feedback)
    logger.info("Gate %s: %s%s", phase, approval.decision, f" ({approval.feedback})" if approval.feedback else "")
    return approval


def _fail_current_run(message: str) -> None:
    """Put the expired paused run in a Failed state that says why (the server's own says only 'never resumed')."""
    ctx = FlowRunContext.get()
    if ctx and ctx.flow_run:
        with get_client(sync_client=True) as client:
            client.set_flow_run_state(ctx.flow_run.id, Failed(message=message), force=True)


def rejected_too_often(phase: str, rounds: int) -> ApprovalRejected:
    """The error that ends a run whose `phase` was rejected `rounds` times."""
    return ApprovalRejected(
        f"the {phase} was rejected {rounds} time(s), the most FACTORY_MAX_FEEDBACK_ROUNDS allows; the run stops"
    )
