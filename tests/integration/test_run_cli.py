"""`factory run` end to end through the console script (subprocess), embedded and against a Prefect server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL

from factory.drafting import challenge_id
from factory.storage import S3Store, list_packages
from flows.gates import Approval
from flows.local_run import GateRequest, watch_gates

FACTORY = str(Path(sys.executable).with_name("factory"))
DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"
pytestmark = pytest.mark.integration


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI run: no configured Prefect server unless given, local storage."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "FACTORY_"))}
    env.update(FACTORY_RETRY_DELAYS_S="[0, 0, 0]", PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


def test_bad_rows_is_one_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run([FACTORY, "run", "--domain", DOMAIN, "--rows", "0", "--yes", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, env=cli_env())
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: --rows:") and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_run_yes_json_end_to_end_publishes_to_s3(tmp_path: Path, s3_endpoint: str, s3_bucket: str) -> None:
    env = cli_env(FACTORY_STORAGE="s3", FACTORY_S3_BUCKET=s3_bucket, FACTORY_S3_ENDPOINT_URL=s3_endpoint)
    # 2,000 rows: a few hundred leave one of ~60 customers with a share the learner-eye checks block (exit 1)
    proc = subprocess.run(
        [FACTORY, "run", "--domain", DOMAIN, "--rows", "2000", "--seed", "3", "--yes", "--json", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)  # stdout holds exactly one JSON object, Prefect's logs went to stderr
    assert set(result) >= {"challenge_id", "package", "learner_package", "overall_score", "scores", "seconds"}
    cid = challenge_id(DOMAIN, 3)
    assert result["challenge_id"] == cid
    run_dir = tmp_path / cid
    assert Path(result["package"]).parent == run_dir and Path(result["learner_package"]).is_file()
    assert 0 <= result["overall_score"] <= 10 and len(result["scores"]) == 8
    assert (run_dir / "quality_report.pdf").is_file() and (run_dir / "analytical_answers.xlsx").is_file()
    with zipfile.ZipFile(result["learner_package"]) as zf:
        assert "manifest.json" in zf.namelist()
        assert not any(n.startswith("answers/") for n in zf.namelist())
    store = S3Store(s3_bucket, prefix="challenges", endpoint_url=s3_endpoint)
    assert [m.challenge_id for m in list_packages(store)] == [cid]
    assert result["learner_package_url"].startswith(s3_endpoint)
    with urllib.request.urlopen(result["learner_package_url"], timeout=30) as resp:  # presigned, plain HTTP
        assert resp.read() == Path(result["learner_package"]).read_bytes()


@pytest.mark.usefixtures("prefect_api")
def test_run_without_terminal_waits_for_approvals_through_prefect(tmp_path: Path) -> None:
    """No --yes, no terminal: the CLI says where to approve; an approver answers through the API.

    The problem is approved, the schema rejected with no feedback rounds left: the run ends (exit 2).
    """
    answers = [Approval(decision="approve"), Approval(decision="reject", feedback="need a returns table")]
    seen: list[GateRequest] = []
    log = tmp_path / "stderr.txt"

    def approver(gate: GateRequest) -> Approval:
        seen.append(gate)
        deadline = time.monotonic() + 60  # answer once the CLI has said where it waits
        while log.read_text().count("Waiting for an approver at") < len(seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        return answers.pop(0)

    stop, errors = threading.Event(), []
    watcher = threading.Thread(target=_watch_all, args=(approver, stop, errors), daemon=True)
    watcher.start()
    try:
        with log.open("w") as err:
            proc = subprocess.run(
                [FACTORY, "run", "--domain", DOMAIN, "--rows", "500", "--seed", "5", "--json", "--out", str(tmp_path)],
                stdout=subprocess.PIPE, stderr=err, text=True, timeout=600, stdin=subprocess.DEVNULL,
                env=cli_env(PREFECT_API_URL=PREFECT_API_URL.value(), FACTORY_MAX_FEEDBACK_ROUNDS="0"),
            )
    finally:
        stop.set()
        watcher.join(10)
    proc.stderr = log.read_text()
    assert not errors, errors
    assert "Waiting for an approver at" in proc.stderr and str(seen[0].flow_run_id) in proc.stderr
    assert [g.description.split("?")[0] for g in seen] == ["**Approve the problem", "**Approve the schema"]
    assert proc.returncode == 2 and "error: the schema was rejected 1 time(s)" in proc.stderr
    assert proc.stdout == ""  # no JSON object for a run that did not finish
    assert (tmp_path / challenge_id(DOMAIN, 5) / "challenge.json").is_file()


def _watch_all(approver: object, stop: threading.Event, errors: list[BaseException]) -> None:
    """watch_gates over the one tag every `factory run` flow run carries a variant of."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        while not stop.is_set():
            tags = {t for r in client.read_flow_runs() for t in r.tags if t.startswith("factory-run-")}
            if tags:
                watch_gates(tags.pop(), approver, stop, errors)  # type: ignore[arg-type]
                return
            stop.wait(0.5)


def test_terminal_prompts_and_a_rejection_past_the_limit_ends_the_run(tmp_path: Path) -> None:
    """In a terminal (a pty) the gate is shown and asked; with no feedback rounds left a reject ends the run."""
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([FACTORY, "run", "--domain", DOMAIN, "--rows", "200", "--out", str(tmp_path)],
                            stdin=slave, stdout=slave, stderr=subprocess.PIPE, text=True,
                            env=cli_env(FACTORY_MAX_FEEDBACK_ROUNDS="0"))
    os.close(slave)
    shown, answered, deadline = b"", False, time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        if select.select([master], [], [], 0.5)[0]:
            try:
                shown += os.read(master, 65536)
            except OSError:
                break
        if not answered and b"approve or reject?" in shown:
            os.write(master, b"reject\n")
            answered = True
        if answered and shown.count(b"feedback (what to change)") == 1:
            os.write(master, b"too easy\n")
            shown += b"(sent)"
    stderr = proc.communicate(timeout=60)[1]
    os.close(master)
    text = shown.decode(errors="replace")
    assert "**Approve the problem?**" in text and "## Questions" in text
    assert proc.returncode == 2, stderr[-2000:]
    assert "error: the problem was rejected 1 time(s)" in stderr
