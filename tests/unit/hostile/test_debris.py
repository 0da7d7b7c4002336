"""Finding 5: no debris, no mixed folders. A killed regeneration leaves the old run whole and its staging folder
is removed by the next run; files of two generations are refused; publish uploads no temporary file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from factory.answers import load_run
from factory.errors import ValidationRunError
from factory.runfolder import clean_debris, generation_id
from factory.storage import LocalStore, publish_run

FACTORY = [sys.executable, "-c", "from factory.cli import main; main()"]


def _snapshot(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_generation_id_is_shared_and_no_temporary_file_is_left(run: Path) -> None:
    gid = generation_id(run)
    assert gid and json.loads((run / "messiness.json").read_text())["generation_id"] == gid
    assert not [p for p in run.parent.iterdir() if p.name.startswith(".")]
    assert not [p for p in run.rglob("*") if ".partial-" in p.name or "staging" in p.name]


def test_files_of_two_generations_are_refused(run: Path, tmp_path: Path) -> None:
    mess = json.loads((run / "messiness.json").read_text())
    mess["generation_id"] = "0" * 32
    (run / "messiness.json").write_text(json.dumps(mess))
    with pytest.raises(ValidationRunError, match="another generation"):
        load_run(run)
    (run / "generation.json").unlink()
    with pytest.raises(ValidationRunError, match="part-way"):
        load_run(run)


@pytest.mark.slow
def test_a_killed_regeneration_leaves_the_old_run_and_no_debris(run: Path) -> None:
    before = _snapshot(run)
    spec = run.parent / "spec.json"
    shutil.copy(run / "challenge.json", spec)
    proc = subprocess.Popen([*FACTORY, "generate", "--spec", str(spec), "--out", str(run), "--rows", "3000000",
                             "--seed", "99", "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stage = run.parent / f".{run.name}.staging-{proc.pid}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(stage.glob("datasets/*")):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert stage.is_dir()  # killed mid-way: its staging folder is all it left
    assert _snapshot(run) == before  # the old run is untouched
    load_run(run)  # and still one consistent generation
    assert stage in clean_debris(run) and not stage.exists()


def test_publish_uploads_no_debris(run: Path, tmp_path: Path) -> None:
    (run / "datasets" / f".x.csv.partial-{os.getpid() + 10**6}").write_text("junk")
    (run / ".hidden.tmp").write_text("junk")
    listed = {"datasets/" + p.name: p for p in (run / "datasets").glob("*.csv")}
    for name in ("brand_data_challenge_demo.zip", "brand_data_challenge_demo_learner.zip"):
        with zipfile.ZipFile(run / name, "w") as zf:
            zf.writestr("manifest.json", json.dumps({"files": [
                {"path": k, "size": p.stat().st_size} for k, p in listed.items()]}))
    published = publish_run(LocalStore(tmp_path / "store"), run, "demo")
    keys = {f.key for f in published.manifest.files}
    assert keys == {*listed, "brand_data_challenge_demo.zip", "brand_data_challenge_demo_learner.zip"}
    stored = {p.relative_to(tmp_path / "store" / "demo").as_posix() for p in (tmp_path / "store" / "demo").rglob("*")
              if p.is_file()}
    assert stored == keys | {"manifest.json"}
