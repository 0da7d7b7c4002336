"""`grade_submissions`: grade a folder of learners' submissions, write the report CSV next to the folder and
publish the score distribution per question as a table artifact."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.artifacts import create_table_artifact

from tasks.grading import grade_folder_task

DIALECTS = ("mysql", "postgresql", "duckdb")


@flow(name="grade-submissions", log_prints=True)
def grade_submissions(source: str, submissions: str, dialect: str = "mysql",
                      report: str | None = None) -> dict[str, Any]:
    """Grade DIR/<learner>/<qid>.sql|.csv (or DIR/<learner>_<qid>.*) against a run folder or instructor ZIP.

    The report goes to `report`, by default `<submissions>_report.csv` beside the submissions folder.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"dialect {dialect!r}: choose from {', '.join(DIALECTS)}")
    folder = Path(submissions).resolve()
    out = Path(report) if report else folder.parent / f"{folder.name}_report.csv"
    distribution = grade_folder_task(source, str(folder), str(out), dialect)
    key = re.sub(r"[^a-z0-9-]+", "-", f"grades-{folder.name}".lower()).strip("-")
    create_table_artifact(distribution, key=key[:64],
                          description=f"Score distribution per question of {folder.name} (report: {out})")
    print(f"graded {folder}: report {out}")
    return {"report": str(out), "questions": distribution}
