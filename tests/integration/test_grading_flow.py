"""The grade_submissions flow through the Prefect test harness: report CSV beside the folder, a table artifact
with the score distribution per question."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client

from flows.grading import grade_submissions
from tests.unit.grading.conftest import answered_run
from tests.unit.grading.submissions import submissions_folder

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("prefect_api")]


def test_flow_grades_a_folder_and_publishes_the_distribution(tmp_path: Path) -> None:
    run = answered_run(tmp_path, "beginner")
    folder = submissions_folder(run, tmp_path)
    result = grade_submissions(str(run), str(folder), dialect="duckdb")
    report = tmp_path / "submissions_report.csv"
    assert result["report"] == str(report) and report.is_file()
    with report.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    qids = list(json.loads((run / "answers" / "answers.json").read_text()))
    assert {r["learner"] for r in rows} >= {"ada", "bob", "eve"}
    dist = {d["question"]: d for d in result["questions"]}
    assert list(dist) == qids
    assert dist[qids[0]]["passed"] == 1 and dist[qids[0]]["0"] >= 2  # ada passes; bob's and eve's score 0
    assert dist[qids[3]]["passed"] == 2 and dist[qids[3]]["submissions"] == len({r["learner"] for r in rows})
    with get_client(sync_client=True) as client:
        artifact = client.read_latest_artifacts()
        table = next(a for a in artifact if a.key == "grades-submissions")
    data = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [r["question"] for r in data] == qids
