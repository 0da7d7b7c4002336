"""`factory grade`: exit 0 when the given questions pass, 1 when some fail, 2 on bad input; a folder's report."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.unit.grading.conftest import key_sql
from tests.unit.grading.submissions import submissions_folder

FACTORY = str(Path(sys.executable).parent / "factory")
QID = "q_delivery_band_rating"


def _grade(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FACTORY, "grade", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_exit_codes_and_json(beginner_run: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.sql"
    good.write_text(key_sql(beginner_run, QID))
    ok = _grade(beginner_run, "--question", QID, "--sql", good, "--dialect", "duckdb", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["passed"] is True and json.loads(ok.stdout)["score"] == 1.0
    bad = tmp_path / "bad.sql"
    bad.write_text(key_sql(beginner_run, QID).replace("IS NOT NULL", "> 2"))
    fail = _grade(beginner_run, "--question", QID, "--sql", bad, "--dialect", "duckdb")
    assert fail.returncode == 1 and "FAILED" in fail.stdout and "expected:" in fail.stdout and "hint:" in fail.stdout
    hostile = tmp_path / "h.sql"
    hostile.write_text("SELECT 1; SELECT 2")
    assert _grade(beginner_run, "--question", QID, "--sql", hostile).returncode == 1
    for args in (["--question", "nope", "--sql", good], ["--question", QID], ["--question", QID, "--sql", good,
                 "--csv", good], ["--question", QID, "--sql", tmp_path / "missing.sql"],
                 ["--question", QID, "--sql", good, "--dialect", "oracle"], ["--submissions", tmp_path]):
        proc = _grade(beginner_run, *args)
        assert proc.returncode == 2 and proc.stderr.startswith("error: ") and proc.stdout == "", (args, proc.stderr)
    assert _grade(tmp_path / "no-run", "--question", QID, "--sql", good).returncode == 2


def test_instructor_zip_grades_and_learner_zip_is_refused(beginner_run: Path, tmp_path: Path) -> None:
    instructor, learner = tmp_path / "i.zip", tmp_path / "l.zip"
    with zipfile.ZipFile(instructor, "w") as zf:
        for path in beginner_run.rglob("*"):
            if path.is_file() and not path.name.endswith(".duckdb"):
                zf.write(path, f"pkg/{path.relative_to(beginner_run)}")
    with zipfile.ZipFile(learner, "w") as zf:
        for path in (beginner_run / "datasets").iterdir():
            zf.write(path, f"datasets/{path.name}")
    answer = beginner_run / "answers" / f"{QID}.csv"
    assert _grade(instructor, "--question", QID, "--csv", answer).returncode == 0
    refused = _grade(learner, "--question", QID, "--csv", answer)
    assert refused.returncode == 2 and "instructor" in refused.stderr


def test_a_folder_of_submissions_gives_one_report_row_per_learner_and_question(beginner_run: Path,
                                                                               tmp_path: Path) -> None:
    folder = submissions_folder(beginner_run, tmp_path)
    report = tmp_path / "report.csv"
    proc = _grade(beginner_run, "--submissions", folder, "--report", report, "--dialect", "duckdb")
    assert proc.returncode == 1, proc.stderr
    with report.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    by = {(r["learner"], r["question"]): r for r in rows}
    qids = json.loads((beginner_run / "answers" / "answers.json").read_text())
    assert all(by["ada", q]["passed"] == "True" for q in qids)
    first = next(iter(qids))
    assert by["bob", first]["passed"] == "False" and "missing column" in by["bob", first]["hint"]
    assert sum(by["bob", q]["passed"] == "True" for q in qids) == len(qids) - 1
    assert "read files" in by["eve", first]["error"]
    assert by["eve", list(qids)[2]]["error"] == "not submitted"
    assert any(r["learner"] == "eve_notes" and "names no question" in r["error"] for r in rows)
