"""Runtime policy shared by every task: retry only transient errors, cache by inputs, persist results."""

from __future__ import annotations

import re
from typing import Any

from prefect.cache_policies import INPUTS, TASK_SOURCE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from factory.errors import is_transient
from factory.settings import get_settings

# Inputs + source, no run id: a suspended run re-executes from the top and every task whose inputs
# (run_key included) are unchanged returns its persisted result instead of redoing the work.
CACHED = INPUTS + TASK_SOURCE
RETRY_DELAYS = list(get_settings().retry_delays_s)  # FACTORY_RETRY_DELAYS_S, read when tasks are defined


def transient_only(task: Any, task_run: TaskRun, state: State) -> bool:
    """Retry condition: retry only errors marked transient (factory.errors.is_transient)."""
    try:
        state.result(raise_on_failure=True)
    except BaseException as exc:  # noqa: BLE001 (the failure we are classifying)
        return is_transient(exc)
    return False


def artifact_key(*parts: str) -> str:
    """An artifact key (lowercase letters, digits, dashes) made from `parts`."""
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")[:100]


POLICY: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": RETRY_DELAYS,
    "retry_condition_fn": transient_only,
    "cache_policy": CACHED,
    "persist_result": True,
}
