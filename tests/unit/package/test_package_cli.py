"""`factory package DIR`: prints both ZIP paths (and JSON), computes missing answers, exits 2 on bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.unit.reports.pipeline import RunOf, copy_run

FACTORY = str(Path(sys.executable).parent / "factory")


def test_package_cli_builds_reports_and_zips(run_of: RunOf, tmp_path: Path) -> None:
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    for stale in ("quality_report.pdf", "analytical_answers.xlsx", "README.txt"):
        (run / stale).unlink()
    shutil.rmtree(run / "answers")
    proc = subprocess.run([FACTORY, "package", str(run), "--brand", "acme", "--json"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert Path(out["package"]).is_file() and Path(out["learner_package"]).is_file()
    assert Path(out["package"]).name.startswith("acme_data_challenge_")
    assert out["files"] > 10
    assert (run / "answers" / "answers.json").is_file() and (run / "quality_report.pdf").is_file()
    plain = subprocess.run([FACTORY, "package", str(run)], capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.split() == [str(run / Path(out["package"]).name.replace("acme", "codebasics")),
                                    str(run / Path(out["learner_package"]).name.replace("acme", "codebasics"))]


def test_package_cli_missing_pieces_exit_2(tmp_path: Path, run_of: RunOf) -> None:
    proc = subprocess.run([FACTORY, "package", str(tmp_path / "nope")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not a folder" in proc.stderr and "Traceback" not in proc.stderr
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    (run / "qa_results.json").unlink()
    proc = subprocess.run([FACTORY, "package", str(run)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "qa_results.json" in proc.stderr and "factory validate" in proc.stderr
