"""Task of the grading flow: the factory's grader over a folder of submissions (answer key loaded once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task


@task(name="grade-folder", timeout_seconds=6 * 3600, retries=0)
def grade_folder_task(source: str, submissions: str, report: str, dialect: str = "mysql") -> list[dict[str, Any]]:
    """Grade every submission under `submissions` against `source` (run folder or instructor ZIP), write the
    report CSV; the score distribution per question."""
    from factory.grading import grade_folder, open_key, score_distribution, write_report

    with open_key(source) as key:
        graded = grade_folder(key, submissions, dialect=dialect)
    write_report(graded, Path(report))
    return score_distribution(graded)
