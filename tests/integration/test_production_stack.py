"""The production path: Prefect server on PostgreSQL, `prefect deploy --all`, a process worker, S3 storage.

A challenge run from the deployment suspends at each gate (no process held), is resumed through the API
with approvals, is picked up again by the worker and publishes both packages to the S3 server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from factory.drafting import challenge_id
from factory.storage import S3Store, list_packages
from tasks.policy import artifact_key

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG = "postgresql://postgres@127.0.0.1:5432/test"
pytestmark = [pytest.mark.integration, pytest.mark.slow]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """Stop a process group we started: SIGTERM, then SIGKILL (a process worker may ignore the first SIGTERM)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="module")
def stack_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A Prefect server on a fresh PostgreSQL database; the environment that talks to it."""
    psycopg = pytest.importorskip("psycopg")
    db = f"prefect_stack_{os.getpid()}"
    try:
        with psycopg.connect(PG, autocommit=True, connect_timeout=5) as con:
            con.execute(f"DROP DATABASE IF EXISTS {db}")
            con.execute(f"CREATE DATABASE {db}")
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable ({exc}); the production-stack test needs it")
    home = tmp_path_factory.mktemp("stack")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "FACTORY_"))}
    env.update(
        PREFECT_HOME=str(home / "prefect"), PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_API_DATABASE_CONNECTION_URL=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{db}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOCAL_STORAGE_PATH=str(home / "results"),
        FACTORY_HOME=str(ROOT), FACTORY_OUTPUT_DIR=str(home / "output"), FACTORY_RETRY_DELAYS_S="[0, 0, 0]",
    )
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("the Prefect server on PostgreSQL did not start within 120 s")
                time.sleep(1)
        yield env
    finally:
        stop(server)
        with psycopg.connect(PG, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def test_deployed_challenge_suspends_resumes_and_publishes_to_s3(
    stack_env: dict[str, str], s3_endpoint: str, s3_bucket: str
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.flow_runs import resume_flow_run
    from prefect.settings import PREFECT_API_URL, temporary_settings

    env = dict(stack_env, FACTORY_STORAGE="s3", FACTORY_S3_BUCKET=s3_bucket, FACTORY_S3_ENDPOINT_URL=s3_endpoint,
               AWS_ACCESS_KEY_ID=os.environ["AWS_ACCESS_KEY_ID"], AWS_SECRET_ACCESS_KEY=os.environ["AWS_SECRET_ACCESS_KEY"],
               AWS_DEFAULT_REGION="us-east-1")
    prefect = str(BIN / "prefect")
    subprocess.run([prefect, "work-pool", "create", "factory-pool", "--type", "process"], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    deployed = subprocess.run([prefect, "--no-prompt", "deploy", "--all"], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
    assert deployed.returncode == 0, deployed.stdout[-2000:] + deployed.stderr[-2000:]
    worker = subprocess.Popen([prefect, "worker", "start", "--pool", "factory-pool"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}), get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name("challenge/challenge")
            request = {"domain": "food delivery in metro cities", "rows": 300, "seed": 8, "approval": "manual"}
            cid = challenge_id(request["domain"], 8)  # the run folder, artifact and S3 prefix are named by it
            run = client.create_flow_run_from_deployment(deployment.id, parameters={"request": request})
            gates, deadline = [], time.monotonic() + 480
            while time.monotonic() < deadline:
                run = client.read_flow_run(run.id)
                details = run.state.state_details
                if run.state.is_paused() and details.pause_key not in gates and _form_saved(client, run):
                    gates.append(details.pause_key)
                    resume_flow_run(run.id, run_input={"decision": "approve", "feedback": ""})
                if run.state.is_final():
                    break
                time.sleep(1)
            assert run.state.is_completed(), run.state
            states = [s.name for s in client.read_flow_run_states(run.id)]
            progress = [a for a in client.read_artifacts() if a.key == artifact_key("progress", cid)]
    finally:
        stop(worker)
    assert gates == ["problem-0", "schema-0", "preview-0"]
    assert states.count("Suspended") == 3  # each gate released the worker
    assert progress and progress[0].data == 100.0
    store = S3Store(s3_bucket, prefix="challenges", endpoint_url=s3_endpoint)
    (manifest,) = list_packages(store)
    with urllib.request.urlopen(store.url(f"{cid}/{manifest.learner_package}"), timeout=30) as resp:
        assert resp.read(2) == b"PK"


def _form_saved(client: object, run: object) -> bool:
    """True once the paused run's approval form (its description) is stored."""
    keyset = run.state.state_details.run_input_keyset  # type: ignore[attr-defined]
    try:
        client.read_flow_run_input(run.id, keyset["description"])  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return False
    return True
