"""An in-process runner for the API (`factory api --local-runner`, tests, demos without a worker).

It polls the Prefect server for scheduled runs of the challenge deployment (new sessions and resumed gates)
and runs each on one background thread, until the run finishes or suspends at its next gate. Production
uses a worker (`prefect worker start`) or `python -m deployments.serve` instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterExpectedStartTime,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.sorting import FlowRunSort

from factory.api import sessions

log = logging.getLogger("factory.api.runner")


def register_deployment(name: str = "challenge") -> None:
    """Create (or update) the challenge deployment on the Prefect server, served by this process."""
    from flows.challenge import challenge

    challenge.to_deployment(name=name, tags=["data-challenge-factory"]).apply()


def run_due(limit: int = 10) -> int:
    """Run every scheduled, due run of the challenge deployment until it ends or suspends; how many ran."""
    from prefect.exceptions import Pause
    from prefect.flow_engine import run_flow

    from flows.challenge import challenge

    with sessions.client() as c:
        due = FlowRunFilter(
            deployment_id=FlowRunFilterDeploymentId(any_=[sessions.deployment_id(c)]),
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
            expected_start_time=FlowRunFilterExpectedStartTime(before_=dt.datetime.now(dt.UTC)),
        )
        runs = c.read_flow_runs(flow_run_filter=due, sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=limit)
    for run in runs:
        try:
            run_flow(challenge, flow_run=run, parameters=run.parameters)
        except Pause:
            log.info("session %s waits at a gate", run.id)
        except Exception as exc:  # noqa: BLE001 (the run's Failed state says why; keep serving the others)
            log.warning("session %s failed: %s", run.id, exc)
    return len(runs)


class LocalRunner(threading.Thread):
    """A daemon thread running due sessions every `interval_s` until stop()."""

    def __init__(self, interval_s: float = 1.0) -> None:
        super().__init__(name="factory-local-runner", daemon=True)
        self.interval_s, self._stop_event = interval_s, threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                run_due()
            except Exception as exc:  # noqa: BLE001 (a lost API: try again next round)
                log.warning("local runner: %s", exc)
            self._stop_event.wait(self.interval_s)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask the thread to stop after the run it is on; wait for it."""
        self._stop_event.set()
        self.join(timeout_s)
