"""Tasks of phases 4-5: reports, packages, publishing to the artifact store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task

from factory.settings import get_settings
from factory.storage import PublishedRun, get_store, publish_run
from tasks.policy import POLICY


@task(name="reports", timeout_seconds=3 * 3600, **POLICY)
def reports_task(run_dir: Path, run_key: str) -> Any:
    """Phase 4: PDF quality report, Excel answers workbook, text docs, SQL scripts."""
    from factory.reports import build_reports

    return build_reports(run_dir)


@task(name="packages", timeout_seconds=3600, **POLICY)
def packages_task(run_dir: Path, run_key: str) -> Any:
    """Phase 5: the full (instructor) and learner ZIPs."""
    from factory.package import build_packages

    return build_packages(run_dir)


@task(name="publish", timeout_seconds=3 * 3600, **POLICY)
def publish_task(run_dir: Path, challenge_id: str, run_key: str) -> PublishedRun:
    """Phase 5: upload the run folder and both packages (manifest last) to the configured store."""
    out_dir = Path(run_dir).parent
    return publish_run(get_store(get_settings(), local_root=out_dir), run_dir, challenge_id)
