"""Findings 4, 5, 6 and 8 for `factory run`: budgets and S3 settings refused before phase 1, a failed run is one
error line (Prefect's tracebacks in the log file it names), and the embedded Prefect server dies with its parent."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

FACTORY = [sys.executable, "-c", "from factory.cli import main; main()"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "GROQ_API_KEY", "FACTORY_GROQ_API_KEY")}
    return {**env, **extra}


def test_rows_over_the_budget_are_refused_before_phase_1(tmp_path: Path) -> None:
    res = subprocess.run([*FACTORY, "run", "--domain", "quick commerce", "--rows", "10000000000000", "--yes",
                          "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120, env=_env())
    assert res.returncode == 2 and res.stderr.startswith("error: --rows") and "FACTORY_MAX_ROWS" in res.stderr
    assert not (tmp_path / "out").exists()


def test_an_unreachable_s3_store_is_refused_before_phase_1(tmp_path: Path) -> None:
    env = _env(FACTORY_STORAGE="s3", FACTORY_S3_BUCKET="no-bucket", FACTORY_S3_ENDPOINT_URL="http://127.0.0.1:9",
               AWS_ACCESS_KEY_ID="hostile-key-id", AWS_SECRET_ACCESS_KEY="hostile-secret")
    res = subprocess.run([*FACTORY, "run", "--domain", "quick commerce", "--yes", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "s3://no-bucket" in res.stderr
    assert "hostile-secret" not in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_failed_run_prints_its_error_once_and_logs_the_traceback(tmp_path: Path) -> None:
    res = subprocess.run([*FACTORY, "run", "--domain", "quick commerce", "--rows", "500", "--yes", "--provider", "groq",
                          "--out", str(tmp_path)], capture_output=True, text=True, timeout=600, env=_env())
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if "API key" in line]
    assert len(errors) == 1 and errors[0].startswith("error: "), res.stderr
    log = Path(re.search(r"Prefect log: (\S+)\)", res.stderr).group(1))
    assert log.is_file() and "Traceback" in log.read_text()


@pytest.mark.slow
def test_the_embedded_prefect_server_dies_with_its_parent(tmp_path: Path) -> None:
    proc = subprocess.Popen([*FACTORY, "run", "--domain", "quick commerce", "--rows", "2000",
                             "--out", str(tmp_path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=_env())
    parent = psutil.Process(proc.pid)
    deadline, servers, guardians = time.monotonic() + 180, [], []
    while time.monotonic() < deadline and not (servers and guardians):  # the server is up and tied to its parent
        children = parent.children(recursive=True)
        servers = [p for p in children if "uvicorn" in " ".join(p.cmdline())]
        guardians = [p for p in children if "os.getppid() == parent" in " ".join(p.cmdline())]
        time.sleep(0.5)
    assert servers and guardians, "no embedded server started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(servers, timeout=30)
    assert not alive, f"embedded server still running: {[p.pid for p in alive]}"


def test_a_missing_bucket_is_refused_before_phase_1(tmp_path: Path) -> None:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        env = _env(FACTORY_STORAGE="s3", FACTORY_S3_BUCKET="no-such-bucket-here",
                   FACTORY_S3_ENDPOINT_URL=f"http://{host}:{port}", AWS_ACCESS_KEY_ID="testing",
                   AWS_SECRET_ACCESS_KEY="hostile-secret", AWS_DEFAULT_REGION="us-east-1")
        res = subprocess.run([*FACTORY, "run", "--domain", "quick commerce", "--yes", "--out", str(tmp_path / "out")],
                             capture_output=True, text=True, timeout=300, env=env)
    finally:
        server.stop()
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "no-such-bucket-here" in res.stderr
    assert "does not exist" in res.stderr and "hostile-secret" not in res.stderr
    assert not (tmp_path / "out").exists()
