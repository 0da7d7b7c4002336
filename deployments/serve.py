"""Serve every deployment from one process: `python -m deployments.serve` (needs PREFECT_API_URL).

Runs wait at gates by suspending (no process held); a resumed run is picked up again by this process.
`python -m deployments.serve --api [--api-port 8000]` also serves the HTTP API (`factory api`) next to them.
"""

from __future__ import annotations

import sys
import threading

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.flows import load_flow_from_entrypoint

from deployments.specs import SPECS


def runner_deployments() -> list[RunnerDeployment]:
    """One RunnerDeployment per spec (same names, parameters and schedule as prefect.yaml)."""
    out = []
    for spec in SPECS:
        flow = load_flow_from_entrypoint(spec.entrypoint)
        out.append(flow.to_deployment(name=spec.name, parameters=spec.parameters, cron=spec.cron,
                                      description=spec.description, tags=["data-challenge-factory"]))
    return out


def start_api(port: int) -> threading.Thread:
    """The HTTP API on 0.0.0.0:`port` in a daemon thread (it dies with this process)."""
    import uvicorn

    from factory.api import create_app

    thread = threading.Thread(target=uvicorn.run, args=(create_app(),), name="factory-api", daemon=True,
                              kwargs={"host": "0.0.0.0", "port": port, "log_level": "info"})
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> None:
    """Serve them all until interrupted (with `--api`: the HTTP API too)."""
    args = sys.argv[1:] if argv is None else argv
    if "--api" in args:
        port = int(args[args.index("--api-port") + 1]) if "--api-port" in args else 8000
        start_api(port)
    serve(*runner_deployments(), limit=4)


if __name__ == "__main__":
    main()
