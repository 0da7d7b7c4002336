"""Sessions on the Prefect server: a session is a flow run of the challenge deployment (no other database).

Phase outputs come from the artifacts of the session's phase subflow runs, gate decisions from flow run
inputs the API writes on the session run (`decision-<gate key>`), packages from the artifact store.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.actions import ArtifactCreate
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowFilter,
    FlowFilterId,
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterParentFlowRunId,
)
from prefect.client.schemas.objects import FlowRun
from prefect.client.schemas.sorting import FlowRunSort
from prefect.exceptions import ObjectNotFound

from factory.api.errors import ApiError, not_found
from factory.settings import get_settings

# phase number -> (gate / phase name, subflow name)
PHASES: dict[str, tuple[str, str]] = {
    "phase1": ("problem", "phase1-problem"),
    "phase2": ("schema", "phase2-schema"),
    "phase3": ("preview", "phase3-preview"),
    "phase4": ("full", "phase4-full"),
    "phase5": ("package", "phase5-package"),
}
BY_FLOW = {flow: phase for phase, (_, flow) in PHASES.items()}
BY_GATE = {gate: phase for phase, (gate, _) in PHASES.items()} | {"quality": "phase4"}


def client() -> SyncPrefectClient:
    """A synchronous client of the configured Prefect API (use as a context manager)."""
    return get_client(sync_client=True)


_DEPLOYMENTS: dict[str, tuple[float, UUID]] = {}  # name -> (when read, id): one lookup a minute
_FLOW_NAMES: dict[UUID, str] = {}  # flow ids never change their name
DEPLOYMENT_TTL_S = 60.0


def deployment_id(c: SyncPrefectClient) -> UUID:
    """The id of the challenge deployment sessions run; 503 when it is not deployed."""
    name = get_settings().api_deployment
    cached = _DEPLOYMENTS.get(name)
    if cached and time.monotonic() - cached[0] < DEPLOYMENT_TTL_S:
        return cached[1]
    try:
        _DEPLOYMENTS[name] = (time.monotonic(), c.read_deployment_by_name(name).id)
        return _DEPLOYMENTS[name][1]
    except ObjectNotFound:
        raise ApiError(503, "deployment_missing", f"deployment {name} is not on the Prefect server",
                       "run `python -m deployments.serve` or `prefect deploy --all`") from None


def start(c: SyncPrefectClient, request: dict[str, Any], caller: str) -> FlowRun:
    """Create a flow run of the challenge deployment for `request` (a ChallengeRequest as JSON)."""
    return c.create_flow_run_from_deployment(deployment_id(c), parameters={"request": request},
                                             tags=["factory-api", f"by-{caller}"[:60]])


def read(c: SyncPrefectClient, session_id: str) -> FlowRun:
    """The session's flow run; 404 when the id is malformed, unknown or not a challenge session."""
    try:
        run = c.read_flow_run(UUID(session_id))
    except (ValueError, ObjectNotFound):
        raise not_found(session_id) from None
    if run.deployment_id is None or run.deployment_id != deployment_id(c):
        raise not_found(session_id)
    return run


def page(c: SyncPrefectClient, limit: int, offset: int) -> tuple[list[FlowRun], int]:
    """Sessions, newest first, and how many there are."""
    runs = FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id(c)]))
    return (c.read_flow_runs(flow_run_filter=runs, sort=FlowRunSort.EXPECTED_START_TIME_DESC, limit=limit,
                             offset=offset), c.count_flow_runs(flow_run_filter=runs))


@dataclass
class Facts:
    """What the server knows about one session: its run, phase subflow runs, artifacts and decisions."""

    run: FlowRun
    children: list[FlowRun] = field(default_factory=list)
    artifacts: list[Any] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    flow_names: dict[UUID, str] = field(default_factory=dict)

    @property
    def gate(self) -> str | None:
        """The key (`<gate>-<round>`) of the gate the run waits at, or None."""
        state = self.run.state
        if state is None or not state.is_paused():
            return None
        return str(state.state_details.pause_key or "") or None

    def runs_of(self, phase: str) -> list[FlowRun]:
        """The subflow runs of `phase` (oldest first)."""
        return [r for r in self.children if BY_FLOW.get(self.flow_names.get(r.flow_id, "")) == phase]

    def artifacts_of(self, phase: str, kind: str | None = None) -> list[Any]:
        """Artifacts the runs of `phase` created (oldest first), optionally of one type."""
        ids = {r.id for r in self.runs_of(phase)}
        return [a for a in self.artifacts if a.flow_run_id in ids and (kind is None or a.type == kind)]

    @property
    def challenge_id(self) -> str | None:
        """The challenge id (the run folder's name), once a phase has named it."""
        for r in reversed(self.children):
            if r.parameters.get("run_dir"):
                return Path(str(r.parameters["run_dir"])).name
        for a in self.artifacts_of("phase1", "markdown"):
            if a.key and a.key.startswith("problem-"):
                return a.key.removeprefix("problem-")
        return None

    def run_dir(self) -> Path | None:
        """The run folder the phases write (as the worker sees it)."""
        for r in reversed(self.children):
            if r.parameters.get("run_dir"):
                return Path(str(r.parameters["run_dir"]))
        return None


def facts(c: SyncPrefectClient, run: FlowRun) -> Facts:
    """Everything the status and phase endpoints need, in four API calls."""
    children = c.read_flow_runs(flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(
        any_=[run.id])), sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=200)
    unknown = list({r.flow_id for r in children} - set(_FLOW_NAMES))
    if unknown:
        _FLOW_NAMES.update((f.id, f.name) for f in c.read_flows(flow_filter=FlowFilter(id=FlowFilterId(any_=unknown))))
    flows = {r.flow_id: _FLOW_NAMES.get(r.flow_id, "") for r in children}
    artifacts = c.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(
        any_=[r.id for r in children])), limit=200) if children else []
    artifacts.sort(key=lambda a: a.created or dt.datetime.min.replace(tzinfo=dt.UTC))
    inputs = c.filter_flow_run_input(run.id, key_prefix="decision-", limit=100, exclude_keys=set())
    decisions = sorted((json.loads(i.value) for i in inputs), key=lambda d: d.get("at", ""))
    return Facts(run=run, children=children, artifacts=artifacts, decisions=decisions, flow_names=flows)


def resume(c: SyncPrefectClient, run: FlowRun, phase: str, decision: str, feedback: str, caller: str) -> dict:
    """Answer the gate of `phase` the session waits at; record who decided. 409 when that gate is not waiting."""
    from prefect.exceptions import FlowPauseTimeout, NotPausedError
    from prefect.flow_runs import resume_flow_run

    gate = Facts(run=run).gate
    if gate is None or BY_GATE.get(gate.rsplit("-", 1)[0]) != phase:
        waiting = f"the {BY_GATE.get(gate.rsplit('-', 1)[0], '?')} gate ({gate}) waits" if gate else "no gate waits"
        raise ApiError(409, "gate_not_waiting", f"session {run.id}: the {phase} gate is not waiting; {waiting} "
                       f"(state {run.state.name if run.state else 'unknown'})",
                       "read GET /api/challenge/session/{id} for the gate that waits")
    try:
        resume_flow_run(run.id, run_input={"decision": decision, "feedback": feedback})
    except (NotPausedError, FlowPauseTimeout, RuntimeError) as exc:
        raise ApiError(409, "gate_not_waiting", f"session {run.id}: {exc}", "the gate was answered or expired") from None
    name, round_no = gate.rsplit("-", 1)
    record = {"phase": phase, "gate": name, "round": int(round_no), "decision": decision, "feedback": feedback,
              "by": caller, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    c.create_flow_run_input(run.id, key=f"decision-{gate}", value=json.dumps(record), sender=caller)
    md = (f"**Gate {name} (round {round_no}): {decision}** by `{caller}` at {record['at']}"
          + (f"\n\nFeedback: {feedback}" if feedback else ""))
    c.create_artifact(ArtifactCreate(flow_run_id=run.id, type="markdown", data=md,
                                     description=f"Gate decision: {name} {decision} by {caller}"))
    return record
