"""The endpoints of the original design ("API ENDPOINT SUMMARY"), mapped onto Prefect sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from factory.api import sessions, views
from factory.api.auth import Caller, require
from factory.api.errors import ApiError
from factory.storage import LocalStore, get_store
from flows.params import ChallengeRequest

router = APIRouter(prefix="/api/challenge", tags=["challenge"])
Viewer = Depends(require("viewer"))
Operator = Depends(require("operator"))
Approver = Depends(require("approver"))


class SessionRef(BaseModel):
    """Names a session (the challenge flow run's id)."""

    session_id: str = Field(description="The session id (a flow run id of the challenge deployment).")


class GateAnswer(SessionRef):
    """An approver's answer at a gate; a rejection needs feedback."""

    feedback: str = Field("", max_length=4000, description="What to change (required to reject or regenerate).")


class Started(BaseModel):
    """A session that was just started."""

    session_id: str
    name: str
    state: str
    links: dict[str, str]


def _facts(session_id: str) -> sessions.Facts:
    with sessions.client() as c:
        return sessions.facts(c, sessions.read(c, session_id))


def _start(request: ChallengeRequest, caller: Caller) -> Started:
    with sessions.client() as c:
        run = sessions.start(c, request.model_dump(mode="json"), caller.name)
    sid = str(run.id)
    return Started(session_id=sid, name=run.name, state=run.state.name if run.state else "Scheduled",
                   links={"status": f"/api/challenge/session/{sid}",
                          "problem": "/api/challenge/phase1/generate-problem"})


@router.post("/phase1/research", status_code=201, response_model=Started)
def research(request: ChallengeRequest, caller: Caller = Operator) -> Started:
    """Start a session: research the domain, then draft the problem (phase 1)."""
    return _start(request, caller)


@router.post("/phase1/generate-problem", response_model=None)
def generate_problem(body: SessionRef | ChallengeRequest, caller: Caller = Viewer) -> Any:
    """With a session id: the drafted problem (409 before it is drafted). With a request: start a session."""
    if isinstance(body, ChallengeRequest):
        if not caller.may("operator"):
            raise ApiError(403, "forbidden", f"role {caller.role} may not start a session; it needs operator",
                           "use a token with role operator or above")
        return Response(_start(body, caller).model_dump_json(), status_code=201, media_type="application/json")
    return views.problem(_facts(body.session_id))


def _gate(phase: str, decision: Literal["approve", "reject"]) -> Callable[..., dict[str, Any]]:
    def answer(body: GateAnswer, caller: Caller = Approver) -> dict[str, Any]:
        if decision == "reject" and not body.feedback.strip():
            raise ApiError(400, "feedback_required", "a rejection needs feedback saying what to change",
                           'send {"session_id": ..., "feedback": "..."}')
        with sessions.client() as c:
            record = sessions.resume(c, sessions.read(c, body.session_id), phase, decision, body.feedback, caller.name)
        return {"session_id": body.session_id, **record}

    answer.__doc__ = f"{decision.title()} the {sessions.PHASES[phase][0]} gate (phase {phase[-1]}); approver role."
    return answer


for _phase in ("phase1", "phase2", "phase3"):
    router.add_api_route(f"/{_phase}/approve", _gate(_phase, "approve"), methods=["POST"], name=f"{_phase}_approve")
    router.add_api_route(f"/{_phase}/reject", _gate(_phase, "reject"), methods=["POST"], name=f"{_phase}_reject")
router.add_api_route("/phase4/reject", _gate("phase4", "reject"), methods=["POST"], name="phase4_reject")
router.add_api_route("/phase4/approve", _gate("phase4", "approve"), methods=["POST"], name="phase4_approve")
router.add_api_route("/phase2/regenerate", _gate("phase2", "reject"), methods=["POST"], name="phase2_regenerate")


@router.post("/phase2/generate-schema")
def generate_schema(body: SessionRef, _: Caller = Viewer) -> dict[str, Any]:
    """The drafted schema, its rules and coverage score (409 with the current phase before it exists)."""
    return views.schema(_facts(body.session_id))


@router.post("/phase3/generate-preview")
def generate_preview(body: SessionRef, _: Caller = Viewer) -> dict[str, Any]:
    """Preview rows per table and the preview checks (409 with the current phase before they exist)."""
    return views.preview(_facts(body.session_id))


@router.post("/phase4/generate-full")
def generate_full(body: SessionRef, _: Caller = Viewer) -> dict[str, Any]:
    """Full-data progress and, once validated, the quality scores (409 with the current phase before phase 4)."""
    return views.full(_facts(body.session_id))


@router.get("/phase1/status/{session_id}")
def phase1_status(session_id: str, _: Caller = Viewer) -> dict[str, Any]:
    """State of phase 1 (research and problem) and of the session."""
    f = _facts(session_id)
    return {"session_id": session_id, "phase": "phase1", **views.phase_states(f)["phase1"],
            "current_phase": views.current_phase(f), "waiting_gate": f.gate}


@router.get("/phase4/status/{session_id}")
def phase4_status(session_id: str, _: Caller = Viewer) -> dict[str, Any]:
    """Phase 4 state and progress: 20 data, 50 validated, 70 PDF, 85 Excel, 100 done."""
    return views.progress(_facts(session_id))


@router.get("/phase5/prepare/{session_id}")
def prepare(session_id: str, _: Caller = Viewer) -> dict[str, Any]:
    """The published package's manifest and the quality scores (409 before phase 5 published it)."""
    f = _facts(session_id)
    manifest = views.manifest(f)
    return {"session_id": session_id, "challenge_id": manifest.challenge_id, "manifest": manifest.model_dump(),
            "quality": views.quality(f),
            "downloads": {"instructor": f"/api/challenge/phase5/download/{session_id}",
                          "learner": f"/api/challenge/phase5/download/{session_id}?pack=learner"}}


@router.get("/phase5/download/{session_id}", response_model=None)
def download(session_id: str, pack: Literal["instructor", "learner"] = Query("instructor"),
             _: Caller = Operator) -> Response:
    """Stream the instructor ZIP (`?pack=learner`: the learner ZIP), or redirect to a presigned S3 URL."""
    manifest = views.manifest(_facts(session_id))
    name = manifest.learner_package if pack == "learner" else manifest.package
    key = f"{manifest.challenge_id}/{name}"
    store = get_store()
    if isinstance(store, LocalStore):
        return FileResponse(store.path(key), media_type="application/zip", filename=name.rsplit("/", 1)[-1])
    return RedirectResponse(store.url(key), status_code=307)


@router.get("/session/{session_id}")
def session(session_id: str, _: Caller = Viewer) -> dict[str, Any]:
    """The comprehensive status: request, phase states, gate decisions and feedback, scores, links."""
    return views.status(_facts(session_id))


@router.get("/sessions")
def list_sessions(page: int = Query(1, ge=1), per_page: int = Query(20, ge=1, le=200),
                  _: Caller = Viewer) -> dict[str, Any]:
    """Sessions, newest first, one page at a time."""
    with sessions.client() as c:
        runs, total = sessions.page(c, per_page, (page - 1) * per_page)
    items = [{"session_id": str(r.id), "name": r.name, "state": r.state.type.value.lower() if r.state else "unknown",
              "state_name": r.state.name if r.state else "", "domain": r.parameters.get("request", {}).get("domain"),
              "created": r.created.isoformat() if r.created else None} for r in runs]
    return {"page": page, "per_page": per_page, "total": total, "sessions": items}
