"""Approval gates under the Prefect test harness, answered through the API from another thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect import flow, tags
from prefect.client.orchestration import get_client
from prefect.exceptions import Pause
from prefect.flow_engine import run_flow
from prefect.flow_runs import resume_flow_run

from factory.drafting import challenge_id
from factory.settings import get_settings
from flows.challenge import gated, preview_round
from flows.gates import Approval, approval_gate
from flows.local_run import GateRequest, watch_gates
from flows.params import ChallengeRequest, PhaseOutcome
from flows.phases import phase1_problem, phase2_schema, phase3_preview

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]
DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"
ID_42 = challenge_id(DOMAIN, 42)
ID_7 = challenge_id(DOMAIN, 7)


@flow(name="test-problem-gate", persist_result=True)
def problem_gate_flow(request: ChallengeRequest, run_key: str) -> PhaseOutcome:
    """Phase 1 behind its gate, as the challenge flow runs it."""
    return gated("problem", lambda fb: phase1_problem(request, fb, run_key), request, get_settings())


@flow(name="test-gate-timeout")
def timeout_flow() -> Approval:
    """A gate nobody answers."""
    return approval_gate("problem", 0, summary="nobody looks", mode="manual", timeout_s=1)


class Approver:
    """Answers gates from a watcher thread with scripted decisions, recording what it was shown."""

    def __init__(self, answers: list[Approval | None]) -> None:
        self.answers = list(answers)
        self.seen: list[GateRequest] = []

    def __call__(self, gate: GateRequest) -> Approval | None:
        self.seen.append(gate)
        return self.answers.pop(0) if self.answers else None


@pytest.fixture
def answered(request: pytest.FixtureRequest) -> Iterator[tuple[str, Approver]]:
    """A tag for the flow under test and an Approver watching runs with that tag."""
    tag = f"test-{request.node.name}"[:60]
    approver = Approver(request.param)
    stop, errors = threading.Event(), []
    thread = threading.Thread(target=watch_gates, args=(tag, approver, stop, errors), daemon=True)
    thread.start()
    yield tag, approver
    stop.set()
    thread.join(10)
    assert not errors, errors


@pytest.mark.parametrize("answered", [[Approval(decision="approve")]], indirect=True)
def test_approve_resumes_the_paused_run(answered: tuple[str, Approver], tmp_path: Path) -> None:
    tag, approver = answered
    with tags(tag):
        outcome = problem_gate_flow(ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path)), "approve-run")
    assert outcome.challenge_id == ID_42 and outcome.feedback == ""
    (gate,) = approver.seen
    assert "Approve the problem?" in gate.description and "## Questions" in gate.description
    assert (tmp_path / ID_42 / "problem.json").is_file()


REJECT_THEN_APPROVE = [Approval(decision="reject", feedback="make it harder: difficulty advanced"),
                       Approval(decision="approve")]


@pytest.mark.parametrize("answered", [REJECT_THEN_APPROVE], indirect=True)
def test_reject_regenerates_the_phase_with_feedback(answered: tuple[str, Approver], tmp_path: Path) -> None:
    tag, approver = answered
    with tags(tag):
        outcome = problem_gate_flow(ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path)), "reject-run")
    assert outcome.feedback == "make it harder: difficulty advanced"
    assert len(approver.seen) == 2 and approver.seen[0].pause_key != approver.seen[1].pause_key
    draft = json.loads((tmp_path / ID_42 / "problem.json").read_text())
    assert draft["note"]["feedback"] == "make it harder: difficulty advanced"


@pytest.mark.parametrize("answered", [[Approval(decision="reject", feedback=f"again {i}") for i in range(9)]],
                         indirect=True)
def test_too_many_rejections_fail_the_run(answered: tuple[str, Approver], tmp_path: Path) -> None:
    tag, approver = answered
    with tags(tag):
        state = problem_gate_flow(ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path)), "many-run",
                                  return_state=True)
    rounds = get_settings().max_feedback_rounds + 1
    assert state.is_failed() and f"rejected {rounds} time(s)" in state.message
    assert len(approver.seen) == rounds


def test_unanswered_gate_times_out_into_a_failed_run() -> None:
    state = timeout_flow(return_state=True)
    assert state.is_failed()
    assert "got no approval within 1 s" in state.message


@flow(name="test-suspended-challenge", persist_result=True)
def suspended_flow(request: ChallengeRequest) -> PhaseOutcome:
    """Phases 1-2 with the problem gate; deployed, the gate suspends."""
    from prefect.context import FlowRunContext

    key = str(FlowRunContext.get().flow_run.id)
    p1 = gated("problem", lambda fb: phase1_problem(request, fb, key), request, get_settings())
    return phase2_schema(request, p1.run_dir, "", key)


def test_suspended_run_resumes_without_redoing_finished_tasks(tmp_path: Path) -> None:
    request = ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path), seed=7)
    with get_client(sync_client=True) as client:
        flow_id = client.create_flow(suspended_flow)
        deployment_id = client.create_deployment(flow_id=flow_id, name="test-suspend")
        run = client.create_flow_run_from_deployment(deployment_id, parameters={"request": request.model_dump()})
        with pytest.raises(Pause):
            run_flow(suspended_flow, flow_run=run, parameters=run.parameters)
        run = client.read_flow_run(run.id)
        assert run.state.is_paused() and run.state.name == "Suspended"
        research = tmp_path / ID_7 / "research.json"
        first_write = research.stat().st_mtime_ns
        assert not (tmp_path / ID_7 / "challenge.json").exists()

        resume_flow_run(run.id, run_input={"decision": "approve", "feedback": ""})
        run = client.read_flow_run(run.id)
        assert run.state.is_scheduled()
        outcome = run_flow(suspended_flow, flow_run=run, parameters=run.parameters)

        assert outcome.phase == "schema" and outcome.score is not None
        assert research.stat().st_mtime_ns == first_write  # research was not redone
        children = [client.read_flow_run(child) for child in _subflows_of(client, run.id)]
        phases = sorted(client.read_flow(c.flow_id).name for c in children)
        by_name: dict[str, list[str]] = {}
        for tr in client.read_task_runs():
            if tr.flow_run_id in {c.id for c in children}:
                by_name.setdefault(tr.name.rsplit("-", 1)[0], []).append(tr.state.name)
    # the re-executed parent got phase 1 back from its persisted result: nothing of it ran twice
    assert by_name["research"] == ["Completed"] and by_name["problem"] == ["Completed"]
    assert by_name["schema"] == ["Completed"]
    assert phases == ["phase1-problem", "phase2-schema"]


def _subflows_of(client: object, parent_id: object) -> set[object]:
    """Ids of the subflow runs started by the flow run `parent_id`."""
    return {tr.state.state_details.child_flow_run_id for tr in client.read_task_runs()  # type: ignore[attr-defined]
            if tr.flow_run_id == parent_id and tr.state and tr.state.state_details.child_flow_run_id}


@flow(name="test-preview-gate", persist_result=True)
def preview_gate_flow(request: ChallengeRequest, run_key: str) -> PhaseOutcome:
    """Phases 1-2 approved, then the preview behind its gate, as the challenge flow runs it."""
    p1 = phase1_problem(request, "", run_key)
    p2 = phase2_schema(request, p1.run_dir, "", run_key)
    return gated("preview", lambda fb: preview_round(request, p1.run_dir, p2.feedback, fb, run_key), request,
                 get_settings())


@pytest.mark.parametrize("answered", [[Approval(decision="reject", feedback="more weekend orders"),
                                       Approval(decision="approve")]], indirect=True)
def test_rejected_preview_redrafts_the_schema_and_regenerates_the_preview(answered: tuple[str, Approver],
                                                                          tmp_path: Path) -> None:
    tag, approver = answered
    with tags(tag):
        state = preview_gate_flow(ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path)), "preview-run",
                                  return_state=True)
    outcome = state.result()
    assert outcome.phase == "preview" and len(approver.seen) == 2
    assert "| " in approver.seen[0].description  # the preview rows are in the form
    spec = json.loads((tmp_path / ID_42 / "challenge.json").read_text())
    assert "more weekend orders" in [n["feedback"] for n in spec["feedback"]]
    with get_client(sync_client=True) as client:
        children = [client.read_flow_run(c) for c in _subflows_of(client, state.state_details.flow_run_id)]
        previews = [c.id for c in children if client.read_flow(c.flow_id).name == phase3_preview.name]
        ran = [tr.state.name for tr in client.read_task_runs()
               if tr.flow_run_id in previews and tr.name.rsplit("-", 1)[0] == "preview"]
    assert len(previews) == 2 and ran == ["Completed", "Completed"]  # the new spec was previewed, not a cached one


GATE1_FEEDBACK = [Approval(decision="reject", feedback="use 6 cities and set the story in 2023 and 2024"),
                  Approval(decision="approve")]


@pytest.mark.parametrize("answered", [GATE1_FEEDBACK], indirect=True)
def test_gate1_feedback_survives_to_challenge_json(answered: tuple[str, Approver], tmp_path: Path) -> None:
    tag, _ = answered
    request = ChallengeRequest(domain=DOMAIN, out_dir=str(tmp_path))
    with tags(tag):
        p1 = problem_gate_flow(request, "gate1-feedback-run")
        phase2_schema(request, p1.run_dir, "", "gate1-feedback-run")
    saved = json.loads((Path(p1.run_dir) / "challenge.json").read_text())
    city = next(t for t in saved["schema"]["tables"] if t["name"] == "dim_city")
    assert city["size"]["rows"] == 6
    assert (saved["schema"]["window"]["start"], saved["schema"]["window"]["end"]) == ("2023-01-01", "2024-12-31")
