"""The batch flow: gates approve themselves only at or above their thresholds; the rest wait for an approver."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from prefect import tags
from prefect.client.orchestration import get_client
from prefect.flow_engine import run_flow

from deployments.serve import runner_deployments
from flows.batch import batch
from flows.gates import Approval
from flows.local_run import GateRequest, watch_gates
from flows.params import BatchRequest

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]
DOMAINS = ["quick-commerce grocery delivery", "health insurance claims"]


@pytest.mark.slow
def test_batch_waits_only_where_a_score_misses_its_threshold(tmp_path: Path) -> None:
    seen: list[GateRequest] = []

    def approver(gate: GateRequest) -> Approval:
        seen.append(gate)
        return Approval(decision="approve")

    stop, errors = threading.Event(), []
    watcher = threading.Thread(target=watch_gates, args=("test-batch", approver, stop, errors), daemon=True)
    watcher.start()
    try:
        with tags("test-batch"):
            # 2,000 rows: at a few hundred, one of ~60 customers holds a share the learner-eye checks block
            items = batch(BatchRequest(domains=DOMAINS, rows=2000, out_dir=str(tmp_path), min_coverage=8.0,
                                       min_preview=10.0, min_quality=0.0))
    finally:
        stop.set()
        watcher.join(10)
    assert not errors, errors
    assert [i.status for i in items] == ["published", "published"], [i.error for i in items]
    assert all(i.outcome and i.outcome.passed for i in items)  # so no quality gate had to wait
    below = [i for i in items if i.outcome and i.outcome.gate_scores["preview"] < 10.0]
    # exactly the challenges whose preview score missed 10.0 waited, each at its preview gate only
    assert len(seen) == len(below)
    assert all(g.description.startswith("**Approve the preview?** (score") for g in seen)
    for item in items:
        assert item.outcome is not None and Path(item.outcome.package).is_file()


def test_deployed_batch_starts_one_challenge_run_per_domain() -> None:
    for deployment in runner_deployments():
        if deployment.name in ("batch", "challenge"):
            deployment.apply()
    with get_client(sync_client=True) as client:
        dep = client.read_deployment_by_name("batch/batch")
        run = client.create_flow_run_from_deployment(dep.id, parameters={"request": {"domains": DOMAINS}})
        items = run_flow(batch, flow_run=run, parameters=run.parameters)
        assert [i.status for i in items] == ["started", "started"]
        children = [client.read_flow_run(i.flow_run_id) for i in items]
    with get_client(sync_client=True) as client:
        challenge_dep = client.read_deployment_by_name("challenge/challenge").id
    for child, domain in zip(children, DOMAINS, strict=True):
        assert child.deployment_id == challenge_dep and child.state.is_scheduled()
        assert child.parameters["request"]["domain"] == domain
        assert child.parameters["request"]["approval"] == "threshold"
