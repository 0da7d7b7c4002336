"""The scheduled batch flow: one challenge per domain, auto-approved only where every score passes.

A challenge whose coverage, preview or quality score misses its threshold waits at that gate for an
approver; the others run on. Deployed, each challenge runs as its own run of the challenge deployment
(its gates suspend without holding the batch); run locally, the challenges run side by side as subflows.
"""

from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from prefect import flow, get_run_logger
from prefect.deployments import run_deployment
from pydantic import BaseModel

from flows.challenge import challenge
from flows.gates import is_deployed
from flows.params import BatchRequest, ChallengeOutcome, ChallengeRequest

MAX_PARALLEL = 4


class BatchItem(BaseModel):
    """What became of one domain of a batch."""

    domain: str
    status: Literal["published", "failed", "started"]
    flow_run_id: str | None = None
    outcome: ChallengeOutcome | None = None
    error: str = ""


@flow(name="batch", persist_result=True)
def batch(request: BatchRequest) -> list[BatchItem]:
    """Generate one challenge per domain; gates approve themselves only above their thresholds."""
    logger = get_run_logger()
    requests = request.requests()
    if is_deployed():
        items = []
        for req in requests:
            run = run_deployment(request.challenge_deployment, parameters={"request": req.model_dump()}, timeout=0,
                                 as_subflow=True)
            logger.info("Started %s for %r", run.name, req.domain)
            items.append(BatchItem(domain=req.domain, status="started", flow_run_id=str(run.id)))
        return items

    def one(req: ChallengeRequest) -> BatchItem:  # runs in a worker thread, in a copy of this flow's context
        state = challenge(req, return_state=True)
        if state.is_completed():
            return BatchItem(domain=req.domain, status="published", outcome=state.result())
        return BatchItem(domain=req.domain, status="failed", error=state.message or state.name)

    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(requests))) as pool:
        futures = [pool.submit(contextvars.copy_context().run, one, req) for req in requests]
        items = [f.result() for f in futures]
    for item in items:
        logger.info("%s: %s %s", item.domain, item.status, item.error)
    return items
