"""Tasks of phases 4-5: reports, packages, publishing to the artifact store."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from prefect import task
from prefect.cache_policies import INPUTS, TASK_SOURCE

from factory.settings import get_settings
from factory.storage import PublishedRun, get_store, publish_run
from tasks.policy import POLICY, RunFolderSpec
from tasks.review import set_progress

# build_reports announces each writer as it starts: the one before it has finished
REPORT_STEPS = {"excel": (70.0, "PDF report"), "text": (85.0, "Excel workbook")}


@task(name="reports", timeout_seconds=3 * 3600,
      **{**POLICY, "cache_policy": (INPUTS - "progress_id") + TASK_SOURCE + RunFolderSpec()})
def reports_task(run_dir: Path, run_key: str, progress_id: UUID | None = None) -> Any:
    """Phase 4: PDF quality report, Excel answers workbook, text docs, SQL scripts (moving the progress artifact)."""
    from factory.reports import build_reports

    def moved(writer: str) -> None:
        if progress_id is not None and writer in REPORT_STEPS:
            set_progress(progress_id, *REPORT_STEPS[writer])

    return build_reports(run_dir, progress=moved)


@task(name="packages", timeout_seconds=3600, **POLICY)
def packages_task(run_dir: Path, run_key: str) -> Any:
    """Phase 5: the full (instructor) and learner ZIPs."""
    from factory.package import build_packages

    return build_packages(run_dir)


@task(name="publish", timeout_seconds=3 * 3600, **POLICY)
def publish_task(run_dir: Path, challenge_id: str, run_key: str) -> PublishedRun:
    """Phase 5: upload the run folder and both packages (manifest last) to the configured store."""
    from factory.steps import publish_key

    out_dir = Path(run_dir).parent
    store = get_store(get_settings(), local_root=out_dir)
    return publish_run(store, run_dir, publish_key(store, challenge_id))  # never over a published package
