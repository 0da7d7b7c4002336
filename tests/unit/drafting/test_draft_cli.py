"""`factory draft` through the installed console script: outputs, exit codes, no traceback, no partial file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factory.drafting import challenge_id

FACTORY = Path(sys.executable).parent / "factory"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(FACTORY), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(autouse=True)
def _needs_script() -> None:
    if not FACTORY.exists():
        pytest.skip("the factory console script is not installed in this environment")


def test_json_summary_and_file(tmp_path: Path) -> None:
    out = tmp_path / "runs" / "c.json"
    res = run("draft", "--domain", "ride hailing in Pune", "--seed", "3", "--difficulty", "advanced", "--json",
              "--out", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    for key in ("coverage_score", "path", "challenge_id", "company", "domain", "library_domain", "questions", "tables"):
        assert key in summary
    assert summary["path"] == str(out) and summary["library_domain"] == "ride_hailing"
    assert summary["challenge_id"] == challenge_id("ride hailing in Pune", 3, "advanced")
    assert summary["coverage_score"] >= 8 and summary["headline"].startswith("Matched library pack 'ride_hailing'")
    spec = json.loads(out.read_text())
    assert spec["id"] == summary["challenge_id"] and spec["problem"]["city"] == "Pune"
    assert [p.name for p in out.parent.iterdir()] == ["c.json"]  # no temporary file left behind


def test_text_summary_default_path_and_feedback(tmp_path: Path) -> None:
    res = run("draft", "--domain", "hotel bookings", "--feedback", "only 2024, add ancillary spend, paint it blue",
              cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "challenge.json").is_file()
    for part in ("Company:", "Cast:", "Questions (", "Tables (", "Rules (", "Insights (", "Coverage:", "NOT applied"):
        assert part in res.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--domain", ""], "domain: must not be empty"),
    (["--domain", "hotels", "--difficulty", "expert"], "allowed values: beginner, intermediate, advanced"),
    (["--domain", "hotels", "--provider", "gpt"], "allowed values: offline, groq"),
    (["--domain", "hotels", "--out", "blocker/challenge.json"], "--out"),
])
def test_bad_input_is_one_message_exit_2_and_no_file(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "blocker").write_text("a file where a folder is expected")
    res = run("draft", *args, cwd=tmp_path)
    assert res.returncode == 2
    assert message in res.stderr and res.stderr.startswith("error:")
    assert "Traceback" not in res.stderr + res.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]
