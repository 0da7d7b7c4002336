"""Serve every deployment from one process: `python -m deployments.serve` (needs PREFECT_API_URL).

Runs wait at gates by suspending (no process held); a resumed run is picked up again by this process.
"""

from __future__ import annotations

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


def main() -> None:
    """Serve them all until interrupted."""
    serve(*runner_deployments(), limit=4)


if __name__ == "__main__":
    main()
