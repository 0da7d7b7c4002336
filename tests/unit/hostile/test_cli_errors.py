"""Findings 6 and 7 (CLI): bad numbers, deep JSON and unusable --out folders are one `error:` line, exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FACTORY = [sys.executable, "-c", "from factory.cli import main; main()"]


def factory(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FACTORY, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def assert_one_error(res: subprocess.CompletedProcess[str], *words: str) -> None:
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.stderr and "Usage:" not in res.stderr and "╭" not in res.stderr
    for word in words:
        assert word in res.stderr


@pytest.mark.parametrize(("args", "words"), [
    (["generate", "--spec", "c.json", "--out", "o", "--seed", "abc"], ["--seed"]),
    (["generate", "--spec", "c.json", "--out", "o", "--rows", "abc"], ["--rows"]),
    (["generate", "--spec", "c.json", "--out", "o", "--rows", "0"], ["--rows"]),
    (["validate", ".", "--threshold", "nan"], ["--threshold", "nan"]),
    (["draft", "--domain", "hotels", "--seed", "-1", "--out", "d.json"], ["--seed", "-1"]),
    (["draft", "--domain", "hotels", "--seed", str(2**63), "--out", "d.json"], ["--seed"]),
    (["run", "--domain", "hotels", "--seed", "-1", "--yes"], ["--seed"]),
    (["generate", "--spec", "c.json", "--out", "/proc/factory-out"], ["--out"]),
    (["generate", "--spec", "c.json"], ["--out"]),
])
def test_bad_values_are_one_error_line(tmp_path: Path, args: list[str], words: list[str]) -> None:
    res = factory(*args, cwd=tmp_path)
    assert_one_error(res, *words)
    assert sorted(os.listdir(tmp_path)) == []


def test_out_at_an_existing_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    res = factory("generate", "--spec", "c.json", "--out", "taken", cwd=tmp_path)
    assert_one_error(res, "--out", "not a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_out_in_a_read_only_folder_is_one_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    res = factory("generate", "--spec", "c.json", "--out", str(locked / "run"), cwd=tmp_path)
    assert_one_error(res, "--out", "not writable")


def test_deeply_nested_json_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    res = factory("check-spec", "deep.json", cwd=tmp_path)
    assert_one_error(res, "deep.json")


def test_a_valid_seed_still_drafts(tmp_path: Path) -> None:
    res = factory("draft", "--domain", "quick commerce grocery", "--seed", "3", "--out", "c.json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "c.json").read_text())["seed"] == 3
