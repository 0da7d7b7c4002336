"""Session status latency of the HTTP API: p50/p95 of GET /api/challenge/session/{id} with N sessions on the server.

    .venv/bin/python -m bench.api_status --sessions 50 --gated 3 --requests 300 --json

Untimed setup: a Prefect test harness (temporary SQLite server), the challenge deployment, N sessions started
over HTTP; `--gated` of them run by the local runner up to their first gate (so they have phase subflow runs
and artifacts), the others stay scheduled. Timed: `--requests` status reads spread over all sessions, one
client, over real HTTP to uvicorn on 127.0.0.1. Target: p95 < 100 ms with 50 sessions.
"""

from __future__ import annotations

import argparse
import contextvars
import json
import os
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--gated", type=int, default=3, help="Sessions run to their first gate (real subflows).")
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-api-"))
    os.environ.update(FACTORY_OUTPUT_DIR=str(home / "output"), FACTORY_API_TOKENS_FILE=str(home / "tokens.json"),
                      PREFECT_SERVER_ANALYTICS_ENABLED="false")
    import uvicorn
    from prefect.testing.utilities import prefect_test_harness

    from factory.api import create_app
    from factory.api.auth import issue_token
    from factory.api.runner import register_deployment, run_due

    with prefect_test_harness(server_startup_timeout=120):
        register_deployment()
        token = issue_token("approver", "bench", home / "tokens.json")
        server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=_port(), log_level="warning"))
        ctx = contextvars.copy_context()
        threading.Thread(target=lambda: ctx.run(server.run), daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{server.config.port}", timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as http:
            sids = [http.post("/api/challenge/phase1/research",
                              json={"domain": "health insurance claims", "seed": i, "rows": 1000}).json()["session_id"]
                    for i in range(args.sessions)]
            run_due(limit=args.gated)  # the oldest `gated` sessions run to their problem gate
            times = []
            for i in range(args.requests):
                t0 = time.perf_counter()
                r = http.get(f"/api/challenge/session/{sids[i % len(sids)]}")
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
            gated = [http.get(f"/api/challenge/session/{s}").json()["waiting_gate"] for s in sids[: args.gated]]
        server.should_exit = True
    times.sort()
    out = {"sessions": args.sessions, "gated": args.gated, "waiting": gated, "requests": args.requests,
           "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
           "max_ms": round(times[-1], 1), "load_avg": os.getloadavg()[0]}
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
