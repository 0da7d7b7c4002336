"""The HTTP API over real HTTP (httpx -> uvicorn on 127.0.0.1) against the Prefect test harness, with the real
challenge flow run by the API's local runner: the demo path, roles, gate conflicts, unknown ids, downloads."""

from __future__ import annotations

import contextvars
import hashlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from factory.api import create_app
from factory.api.auth import issue_token
from factory.api.runner import LocalRunner, register_deployment
from factory.demo import FEEDBACK, Demo
from factory.settings import get_settings

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]
DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"
ROLES = ("viewer", "operator", "approver")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def api(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """uvicorn serving the API on 127.0.0.1, a local runner, and one token per role."""
    home = tmp_path_factory.mktemp("api")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTORY_OUTPUT_DIR", str(home / "output"))
        mp.setenv("FACTORY_API_TOKENS_FILE", str(home / "tokens.json"))
        get_settings.cache_clear()
        register_deployment()
        tokens = {role: issue_token(role, f"{role}-bot", home / "tokens.json") for role in ROLES}
        runner = LocalRunner(interval_s=0.5)
        runner.run = _in_context(runner.run)  # type: ignore[method-assign]
        runner.start()
        server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=free_port(), log_level="warning"))
        thread = threading.Thread(target=_in_context(server.run), daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        yield {"url": f"http://127.0.0.1:{server.config.port}", "tokens": tokens, "home": home}
        server.should_exit = True
        thread.join(10)
        runner.stop(60)
    get_settings.cache_clear()


def _in_context(fn: Any) -> Any:
    """`fn` run in a copy of this thread's context (the harness's Prefect settings)."""
    ctx = contextvars.copy_context()
    return lambda: ctx.run(fn)


def client(api: dict[str, Any], role: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {api['tokens'][role]}"} if role else {}
    return httpx.Client(base_url=api["url"], headers=headers, timeout=60)


@pytest.fixture(scope="module")
def finished(api: dict[str, Any]) -> dict[str, Any]:
    """One challenge driven over HTTP by the demo: start, one rejection, three approvals, phase 4, downloads."""
    out = api["home"] / "downloads"
    with client(api, "approver") as http:
        demo = Demo(http, poll_s=0.5, timeout_s=240, quiet=True)
        zips = demo.run({"domain": DOMAIN, "rows": 2000, "seed": 5}, out)
        sid = http.get("/api/challenge/sessions").json()["sessions"][0]["session_id"]
    return {"zips": zips, "session_id": sid}


def test_demo_path_completes_with_decisions_recorded(api: dict[str, Any], finished: dict[str, Any]) -> None:
    with client(api, "viewer") as http:
        status = http.get(f"/api/challenge/session/{finished['session_id']}").json()
        prepared = http.get(f"/api/challenge/phase5/prepare/{finished['session_id']}").json()
    assert status["state"] == "completed" and status["current_phase"] == "done" and status["waiting_gate"] is None
    assert {p["state"] for p in status["phases"].values()} == {"completed"}
    assert [(d["gate"], d["decision"], d["by"]) for d in status["decisions"]] == [
        ("problem", "reject", "approver-bot"), ("problem", "approve", "approver-bot"),
        ("schema", "approve", "approver-bot"), ("preview", "approve", "approver-bot")]
    assert [d["feedback"] for d in status["feedback_history"]] == [FEEDBACK]
    assert status["phases"]["phase1"]["rounds"] == 2 and status["progress"] == 100
    assert status["request"]["rows"] == 2000 and status["quality"]["scores"]
    assert prepared["challenge_id"] == status["challenge_id"]
    assert set(status["links"]) >= {"download", "download_learner"}


def test_phase_outputs_of_a_finished_session(api: dict[str, Any], finished: dict[str, Any]) -> None:
    ref = {"session_id": finished["session_id"]}
    with client(api, "viewer") as http:
        problem = http.post("/api/challenge/phase1/generate-problem", json=ref).json()
        schema = http.post("/api/challenge/phase2/generate-schema", json=ref).json()
        preview = http.post("/api/challenge/phase3/generate-preview", json=ref).json()
        full = http.post("/api/challenge/phase4/generate-full", json=ref).json()
        p1 = http.get(f"/api/challenge/phase1/status/{ref['session_id']}").json()
    assert "## Questions" in problem["problem"] and "coverage" in schema["schema"].lower()
    assert preview["tables"] and all(rows for rows in preview["tables"].values())
    assert preview["checks"]["score"] >= 0
    assert full["progress"] == 100 and full["quality"]["overall"] > 0
    assert p1["state"] == "completed" and p1["rounds"] == 2 and p1["current_phase"] == "done"


def test_downloads_match_the_manifest_sha256(api: dict[str, Any], finished: dict[str, Any]) -> None:
    with client(api, "viewer") as http:
        manifest = http.get(f"/api/challenge/phase5/prepare/{finished['session_id']}").json()["manifest"]
    sums = {f["key"]: f["sha256"] for f in manifest["files"]}
    for pack, key in (("instructor", manifest["package"]), ("learner", manifest["learner_package"])):
        path: Path = finished["zips"][pack]
        assert path.name == Path(key).name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[key]


def _error(r: httpx.Response, status: int, error: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "detail", "hint"} and body["error"] == error
    assert "Traceback" not in r.text
    return body


def test_each_role_is_refused_where_it_must_be(api: dict[str, Any], finished: dict[str, Any]) -> None:
    sid = finished["session_id"]
    start = {"domain": DOMAIN, "rows": 2000}
    with httpx.Client(base_url=api["url"]) as anonymous:
        _error(anonymous.get(f"/api/challenge/session/{sid}"), 401, "unauthorized")
        _error(anonymous.get("/api/challenge/sessions", headers={"Authorization": "Bearer nope"}), 401, "unauthorized")
        assert anonymous.get("/healthz").json() == {"status": "ok", "prefect": "ok"}
        assert anonymous.get("/docs").status_code == 200
    with client(api, "viewer") as viewer:
        assert viewer.get(f"/api/challenge/session/{sid}").status_code == 200
        _error(viewer.post("/api/challenge/phase1/research", json=start), 403, "forbidden")
        _error(viewer.post("/api/challenge/phase1/generate-problem", json=start), 403, "forbidden")
        _error(viewer.get(f"/api/challenge/phase5/download/{sid}"), 403, "forbidden")
        _error(viewer.post("/api/challenge/phase1/approve", json={"session_id": sid}), 403, "forbidden")
    with client(api, "operator") as operator:
        assert operator.get(f"/api/challenge/phase5/download/{sid}", params={"pack": "learner"}).status_code == 200
        for phase in ("phase1", "phase2", "phase3"):
            _error(operator.post(f"/api/challenge/{phase}/approve", json={"session_id": sid}), 403, "forbidden")
        _error(operator.post("/api/challenge/phase2/regenerate", json={"session_id": sid, "feedback": "x"}),
               403, "forbidden")


def test_resuming_a_gate_that_is_not_waiting_is_409(api: dict[str, Any], finished: dict[str, Any]) -> None:
    sid = finished["session_id"]
    with client(api, "approver") as http:
        body = _error(http.post("/api/challenge/phase2/approve", json={"session_id": sid}), 409, "gate_not_waiting")
        assert "no gate waits" in body["detail"]
        _error(http.post("/api/challenge/phase3/reject", json={"session_id": sid, "feedback": "more rows"}),
               409, "gate_not_waiting")
        _error(http.post("/api/challenge/phase1/reject", json={"session_id": sid}), 400, "feedback_required")


def test_unknown_session_ids_and_bad_bodies(api: dict[str, Any]) -> None:
    unknown = str(uuid.uuid4())
    with client(api, "approver") as http:
        _error(http.get(f"/api/challenge/session/{unknown}"), 404, "session_not_found")
        _error(http.get("/api/challenge/phase4/status/not-a-uuid"), 404, "session_not_found")
        _error(http.post("/api/challenge/phase1/approve", json={"session_id": unknown}), 404, "session_not_found")
        _error(http.get(f"/api/challenge/phase5/download/{unknown}"), 404, "session_not_found")
        body = _error(http.post("/api/challenge/phase1/research", json={"domain": DOMAIN, "rows": 0}), 422,
                      "invalid_request")
        assert "rows" in body["detail"]
        _error(http.get("/api/challenge/sessions", params={"page": 0}), 422, "invalid_request")


def test_two_sessions_at_once_do_not_mix(api: dict[str, Any]) -> None:
    requests = [{"domain": DOMAIN, "rows": 2000, "seed": 11}, {"domain": "health insurance claims", "rows": 2000}]
    with client(api, "approver") as http:
        sids = [http.post("/api/challenge/phase1/research", json=r).json()["session_id"] for r in requests]
        demo = Demo(http, poll_s=0.5, timeout_s=120, quiet=True)
        for sid in sids:
            demo.gate(sid, "problem")
        problems = [http.post("/api/challenge/phase1/generate-problem", json={"session_id": s}).json() for s in sids]
        assert problems[0]["challenge_id"] != problems[1]["challenge_id"]
        assert problems[0]["problem"] != problems[1]["problem"]
        assert http.post("/api/challenge/phase1/reject", json={"session_id": sids[0], "feedback": "harder"}).is_success
        body = _error(http.post("/api/challenge/phase2/generate-schema", json={"session_id": sids[1]}), 409,
                      "phase_not_ready")
        assert "phase1" in body["detail"]
        _error(http.post("/api/challenge/phase4/generate-full", json={"session_id": sids[1]}), 409, "phase_not_ready")
        body = _error(http.post("/api/challenge/phase2/approve", json={"session_id": sids[1]}), 409,
                      "gate_not_waiting")
        assert "problem-0" in body["detail"]
        first, second = (http.get(f"/api/challenge/session/{s}").json() for s in sids)
        listed = {s["session_id"] for s in http.get("/api/challenge/sessions", params={"per_page": 50}).json()["sessions"]}
    assert [d["feedback"] for d in first["decisions"]] == ["harder"] and second["decisions"] == []
    assert second["waiting_gate"] == "problem-0" and second["request"]["domain"] == "health insurance claims"
    assert first["challenge_id"] == problems[0]["challenge_id"] and set(sids) <= listed
