"""Runtime policy shared by every task: retry only transient errors, cache by inputs, persist results."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect.cache_policies import INPUTS, TASK_SOURCE, CachePolicy
from prefect.client.schemas.objects import TaskRun
from prefect.states import State

from factory.errors import is_transient
from factory.settings import get_settings


@dataclass
class RunFolderSpec(CachePolicy):
    """Cache key part: the content of <run_dir>/challenge.json, so a redrafted spec never reuses stale work."""

    def compute_key(self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any],
                    **kwargs: Any) -> str | None:
        """SHA-256 of challenge.json when the task takes a run_dir that has one."""
        run_dir = (inputs or {}).get("run_dir")
        spec = Path(run_dir) / "challenge.json" if run_dir else None
        if spec is None or not spec.is_file():
            return "no-spec"
        return hashlib.sha256(spec.read_bytes()).hexdigest()


# Inputs + source + spec, no run id: a suspended run re-executes from the top and every task whose inputs
# (run_key included) and spec are unchanged returns its persisted result instead of redoing the work.
CACHED = INPUTS + TASK_SOURCE + RunFolderSpec()
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
# Tasks that write challenge.json themselves (or run before it exists) are keyed by their inputs alone.
POLICY_WRITES_SPEC: dict[str, Any] = {**POLICY, "cache_policy": INPUTS + TASK_SOURCE}
