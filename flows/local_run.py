"""Run the challenge flow from this process and answer its gates from another thread (used by `factory run`).

The flow runs on the calling thread; a watcher thread polls the Prefect API for paused runs carrying this
run's tag, hands each gate to `on_gate` (a terminal prompt, or a notice saying where to approve) and, when
`on_gate` answers, resumes the run with the Approval as its run input.
"""

from __future__ import annotations

import _thread
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from prefect import tags
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import StateType
from prefect.flow_runs import resume_flow_run
from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL
from pydantic import BaseModel

from flows.challenge import challenge
from flows.gates import Approval
from flows.params import ChallengeOutcome, ChallengeRequest
from flows.run_guard import stderr_to, tie_servers_to_this_process

WATCH_INTERVAL_S = 1.0


class GateRequest(BaseModel):
    """A paused run waiting for an approver."""

    flow_run_id: UUID
    flow_run_name: str
    pause_key: str
    description: str
    api_url: str
    ui_url: str | None

    @property
    def where(self) -> str:
        """Where an approver can answer this gate."""
        if self.ui_url:
            return f"{self.ui_url.rstrip('/')}/runs/flow-run/{self.flow_run_id}"
        return f"flow run {self.flow_run_id} on the Prefect API at {self.api_url}"


GateHandler = Callable[[GateRequest], Approval | None]


def ensure_api() -> str:
    """Make one API call on this (main) thread, so an embedded server starts once; return the API URL."""
    with get_client(sync_client=True) as client:
        client.hello()
    return PREFECT_API_URL.value() or ""


def _paused_filter(tag: str) -> FlowRunFilter:
    return FlowRunFilter(
        tags=FlowRunFilterTags(all_=[tag]),
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED])),
    )


def answer_gates(client: Any, tag: str, on_gate: GateHandler, seen: set[tuple[UUID, str]]) -> None:
    """One pass: give every new gate of the runs tagged `tag` to `on_gate`; resume the run with its answer."""
    for run in client.read_flow_runs(flow_run_filter=_paused_filter(tag)):
        gate = _gate_request(client, run)
        if gate is None or (run.id, gate.pause_key) in seen:
            continue
        seen.add((run.id, gate.pause_key))
        answer = on_gate(gate)
        if answer is not None:
            resume_flow_run(run.id, run_input={"decision": answer.decision, "feedback": answer.feedback})


def watch_gates(tag: str, on_gate: GateHandler, stop: threading.Event, errors: list[BaseException]) -> None:
    """Answer gates until `stop` is set (for a thread; an error ends the watch and is appended to `errors`)."""
    seen: set[tuple[UUID, str]] = set()
    try:
        with get_client(sync_client=True) as client:
            while not stop.is_set():
                answer_gates(client, tag, on_gate, seen)
                stop.wait(WATCH_INTERVAL_S)
    except BaseException as exc:  # noqa: BLE001 (reported to whoever started the thread)
        errors.append(exc)


def _gate_request(client: Any, run: Any) -> GateRequest | None:
    """The gate of a paused run, once its input form (schema + description) is saved; else None."""
    details = run.state.state_details if run.state else None
    keyset = details.run_input_keyset if details else None
    if not keyset:
        return None
    try:
        description = client.read_flow_run_input(run.id, keyset["description"])
    except Exception:  # noqa: BLE001 (the form is saved right after the pause; look again next poll)
        return None
    return GateRequest(
        flow_run_id=run.id, flow_run_name=run.name, pause_key=str(details.pause_key), description=_unquote(description),
        api_url=PREFECT_API_URL.value() or "", ui_url=PREFECT_UI_URL.value(),
    )


def _unquote(text: str) -> str:
    """Flow run inputs are stored as JSON; show the string itself."""
    import json

    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, str) else text


def run_challenge(request: ChallengeRequest, on_gate: GateHandler, *, server_log: Path | None = None) -> ChallengeOutcome:
    """Run the challenge flow here; a watcher thread answers its gates through `on_gate` via the API.

    Should the watcher fail (a broken prompt, a lost API), the flow waiting at its gate is interrupted and
    the watcher's error raised here. Raises the flow's error when the run fails. An embedded Prefect server
    started here writes its output to `server_log` (when given) and dies with this process.
    """
    with stderr_to(server_log):
        ensure_api()
    tie_servers_to_this_process()  # an embedded Prefect server dies with this process, even on kill -9
    tag = f"factory-run-{uuid.uuid4().hex[:12]}"
    stop, errors = threading.Event(), []

    def watch() -> None:
        watch_gates(tag, on_gate, stop, errors)
        if errors and not stop.is_set():
            _thread.interrupt_main()  # the flow is blocked at a gate nobody will answer now

    watcher = threading.Thread(target=watch, name="gate-watcher", daemon=True)
    watcher.start()
    try:
        with tags(tag):
            state = challenge(request, return_state=True)
    except KeyboardInterrupt:
        if errors:
            raise errors[0] from None
        raise
    finally:
        stop.set()
        watcher.join(timeout=10)
    if errors:
        raise errors[0]
    return state.result()  # raises the flow's exception when it failed
