"""What the endpoints answer, computed from a session's Facts: phase states, phase outputs, packages."""

from __future__ import annotations

import json
from typing import Any

from factory.api.errors import ApiError
from factory.api.sessions import BY_GATE, PHASES, Facts
from factory.errors import StorageError
from factory.storage import get_store
from factory.storage.base import Manifest

ORDER = list(PHASES)


def current_phase(f: Facts) -> str:
    """phase1..phase5 (where the session is), or "done" once the run completed."""
    state = f.run.state
    if state is not None and state.is_completed():
        return "done"
    if f.gate:
        return BY_GATE.get(f.gate.rsplit("-", 1)[0], "phase1")
    started = [p for p in ORDER if f.runs_of(p)]
    return started[-1] if started else "phase1"


def phase_states(f: Facts) -> dict[str, dict[str, Any]]:
    """Per phase: its name, state (pending, running, waiting_approval, completed, failed...) and rounds."""
    out: dict[str, dict[str, Any]] = {}
    gate_phase = BY_GATE.get(f.gate.rsplit("-", 1)[0]) if f.gate else None
    for phase, (name, _) in PHASES.items():
        runs = f.runs_of(phase)
        last = runs[-1].state if runs else None
        state = last.type.value.lower() if last is not None else "pending"
        if phase == gate_phase:
            state = "waiting_approval"
        out[phase] = {"name": name, "state": state, "rounds": len(runs)}
    return out


def require_phase(f: Facts, phase: str, ready: bool) -> None:
    """409 naming the current phase when `phase`'s output is not there yet."""
    if not ready:
        now = current_phase(f)
        raise ApiError(409, "phase_not_ready", f"session {f.run.id}: {phase} output is not there yet; "
                       f"the session is at {now} ({f.run.state.name if f.run.state else 'unknown'})",
                       f"poll GET /api/challenge/session/{f.run.id}")


def markdown_of(f: Facts, phase: str, prefix: str) -> str | None:
    """The latest markdown artifact of `phase` whose key starts with `prefix`."""
    found = [a for a in f.artifacts_of(phase, "markdown") if (a.key or "").startswith(prefix)]
    return str(found[-1].data) if found else None


def gate_text(f: Facts, phase: str) -> str | None:
    """The description of the gate the session waits at, when it is `phase`'s."""
    if f.gate and BY_GATE.get(f.gate.rsplit("-", 1)[0]) == phase:
        return f"gate {f.gate} waits for an approver"
    return None


def problem(f: Facts) -> dict[str, Any]:
    """Phase 1 output: the problem statement and questions (markdown)."""
    md = markdown_of(f, "phase1", "problem-")
    require_phase(f, "phase1", md is not None)
    return {"session_id": str(f.run.id), "phase": "phase1", "challenge_id": f.challenge_id, "problem": md,
            "state": phase_states(f)["phase1"], "gate": gate_text(f, "phase1")}


def schema(f: Facts) -> dict[str, Any]:
    """Phase 2 output: the schema, its rules and the coverage score (markdown)."""
    md = markdown_of(f, "phase2", "schema-")
    require_phase(f, "phase2", md is not None)
    return {"session_id": str(f.run.id), "phase": "phase2", "challenge_id": f.challenge_id, "schema": md,
            "state": phase_states(f)["phase2"], "gate": gate_text(f, "phase2")}


def preview(f: Facts) -> dict[str, Any]:
    """Phase 3 output: preview rows per table (from the latest preview round) and the checks."""
    runs = f.runs_of("phase3")
    tables = [a for a in f.artifacts if runs and a.flow_run_id == runs[-1].id and a.type == "table"]
    require_phase(f, "phase3", bool(tables))
    cid = f.challenge_id or ""
    rows = {(a.key or "").removeprefix(f"preview-{cid}-"): _table(a.data) for a in tables}
    return {"session_id": str(f.run.id), "phase": "phase3", "challenge_id": cid, "tables": rows,
            "checks": qa_or_checks(f, "preview_checks.json"), "state": phase_states(f)["phase3"],
            "gate": gate_text(f, "phase3")}


def _table(data: Any) -> list[dict[str, Any]]:
    value = json.loads(data) if isinstance(data, str) else data
    return value if isinstance(value, list) else []


def progress(f: Facts) -> dict[str, Any]:
    """Phase 4 progress (0-100 from the progress artifact) and state."""
    bars = f.artifacts_of("phase4", "progress")
    percent = float(bars[-1].data) if bars else 0.0
    done = current_phase(f) in ("phase5", "done")
    return {"session_id": str(f.run.id), "phase": "phase4", "state": phase_states(f)["phase4"]["state"],
            "progress": 100.0 if done else percent,
            "step": bars[-1].description if bars else "", "current_phase": current_phase(f),
            "session_state": f.run.state.type.value.lower() if f.run.state else "unknown"}


def full(f: Facts) -> dict[str, Any]:
    """Phase 4 output: progress, then the quality scores once validated; 409 before phase 4."""
    require_phase(f, "phase4", bool(f.runs_of("phase4")))
    return {**progress(f), "quality": quality(f)}


def qa_or_checks(f: Facts, name: str) -> Any:
    """A JSON file of the run folder, from the artifact store or the run folder; None when not readable."""
    cid, run_dir = f.challenge_id, f.run_dir()
    if name == "preview_checks.json" and run_dir is not None:
        path = run_dir / "preview" / name
        return json.loads(path.read_text()) if path.is_file() else None
    if cid:
        try:
            return json.loads(get_store().get_bytes(f"{cid}/{name}"))
        except (StorageError, ValueError):
            pass
    path = run_dir / name if run_dir is not None else None
    return json.loads(path.read_text()) if path is not None and path.is_file() else None


def quality(f: Facts) -> dict[str, Any] | None:
    """Overall score, pass/fail, category scores and blocking findings (None before validation)."""
    data = qa_or_checks(f, "qa_results.json")
    if data is None:
        return None
    findings = [{k: v for k, v in x.items() if k != "examples"} for x in data.get("findings", [])
                if x.get("severity") == "blocking"]
    return {"overall": data.get("overall"), "passed": data.get("passed"), "threshold": data.get("threshold"),
            "scores": {k: c.get("score") for k, c in data.get("categories", {}).items()},
            "blocking": data.get("blocking", []), "blocking_findings": findings}


def manifest(f: Facts) -> Manifest:
    """The published package's manifest; 409 naming the current phase before phase 5 published it."""
    cid = f.challenge_id
    found = get_store().read_manifest(cid) if cid and current_phase(f) in ("phase5", "done") else None
    require_phase(f, "phase5", found is not None)
    assert found is not None
    return found


def status(f: Facts) -> dict[str, Any]:
    """The comprehensive session status."""
    run, sid = f.run, str(f.run.id)
    now = current_phase(f)
    links = {"self": f"/api/challenge/session/{sid}", "phase4_status": f"/api/challenge/phase4/status/{sid}"}
    if now == "done":
        links |= {"prepare": f"/api/challenge/phase5/prepare/{sid}",
                  "download": f"/api/challenge/phase5/download/{sid}",
                  "download_learner": f"/api/challenge/phase5/download/{sid}?pack=learner"}
    return {
        "session_id": sid, "name": run.name, "challenge_id": f.challenge_id,
        "state": run.state.type.value.lower() if run.state else "unknown",
        "state_name": run.state.name if run.state else "", "message": run.state.message if run.state else "",
        "created": run.created.isoformat() if run.created else None,
        "request": run.parameters.get("request", {}), "current_phase": now, "waiting_gate": f.gate,
        "phases": phase_states(f), "decisions": f.decisions,
        "feedback_history": [d for d in f.decisions if d.get("feedback")],
        "progress": progress(f)["progress"], "quality": quality(f) if now in ("phase5", "done") else None,
        "links": links,
    }
