"""Atomic, self-cleaning run folders.

A generation writes into one hidden staging folder beside the run folder (`.<name>.staging-<pid>`), stamps
one generation id into generation.json and messiness.json, and swaps its files in at the end, removing
everything the old generation made or derived (answers, QA results, reports, packages): a folder is one
consistent run, and validate refuses a mix. What earlier phases left (research, problem, preview) stays. Staging folders and temporary files of dead processes are removed when the
next run starts, and a run's own staging folder when it ends, however it ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from factory.errors import ValidationRunError

if TYPE_CHECKING:
    from factory.generate.result import GenerationResult

GENERATION_FILE = "generation.json"
MESSINESS_FILE = "messiness.json"
ANSWERS_FILE = "answers/answers.json"
#: made by a generation or derived from one: never carried over into a new generation
DERIVED = frozenset({
    "challenge.json", "datasets", "parquet", "clean", GENERATION_FILE, MESSINESS_FILE, "answers", "qa_results.json",
    "quality_report.pdf", "analytical_answers.xlsx", "data_dictionary.txt", "README.txt", "sql", "manifest.json",
    "solutions",
})
_PID = re.compile(r"(?:staging|partial)-(\d+)$|\.(\d+)\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead_pid(name: str) -> bool:
    m = _PID.search(name)
    return bool(m) and not _alive(int(m.group(1) or m.group(2)))


def clean_debris(out: Path) -> list[Path]:
    """Remove staging folders and temporary files of dead processes for run folder `out`; returns them."""
    removed: list[Path] = []
    parent = out.parent
    previous = parent / f".{out.name}.previous"
    candidates = list(parent.glob(f".{out.name}.staging-*")) + ([previous] if previous.exists() else [])
    if out.is_dir():
        candidates += [p for p in out.rglob(".*") if ".partial-" in p.name or p.name.endswith(".tmp")]
    for path in candidates:
        if path == previous or _dead_pid(path.name):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def staged_run(out: Path) -> Iterator[Path]:
    """Yield a private staging folder; on success stamp one generation id and swap its files into `out`."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_debris(out)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
        stamp_generation(stage, uuid.uuid4().hex)
        _swap_in(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def stamp_generation(folder: Path, generation_id: str) -> None:
    """Write `generation_id` into generation.json and messiness.json of `folder` (when present)."""
    for name in (GENERATION_FILE, MESSINESS_FILE):
        path = folder / name
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            data["generation_id"] = generation_id
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
            os.replace(tmp, path)


def generation_id(run_dir: Path) -> str | None:
    """The generation id of a run folder (generation.json), None for a folder written before ids existed."""
    return _read_id(Path(run_dir) / GENERATION_FILE)


def check_generation(run_dir: Path) -> None:
    """Raise ValidationRunError when the folder's files come from different generations."""
    run_dir = Path(run_dir)
    gid = generation_id(run_dir)
    if gid is None:
        if _read_id(run_dir / MESSINESS_FILE) is not None:
            raise ValidationRunError(f"{run_dir} has no {GENERATION_FILE}: a generation stopped part-way",
                                     hint="regenerate the run folder (factory generate)")
        return
    for name in (MESSINESS_FILE, ANSWERS_FILE):
        other = _read_id(run_dir / name)
        if other is not None and other != gid:
            raise ValidationRunError(
                f"{run_dir}: {name} belongs to another generation ({other[:8]}) than generation.json ({gid[:8]})",
                hint="regenerate the run folder (factory generate) instead of mixing files of two runs")
    if (run_dir / MESSINESS_FILE).is_file() and _read_id(run_dir / MESSINESS_FILE) is None:
        raise ValidationRunError(f"{run_dir}: {MESSINESS_FILE} has no generation id (from an older or partial run)",
                                 hint="regenerate the run folder (factory generate)")


def _read_id(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("generation_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _is_derived(path: Path) -> bool:
    return path.name in DERIVED or path.suffix in (".zip", ".duckdb")


def _swap_in(stage: Path, out: Path) -> None:
    """Replace the generation's files in `out` by the staged ones; generation.json moves last.

    Files of earlier phases (research, problem, preview, ...) and anything else stay untouched. The old
    generation's files go to a hidden trash folder first, so a crash part-way leaves no mix that validates:
    a folder without generation.json, or with a messiness.json of another generation, is refused.
    """
    out.mkdir(parents=True, exist_ok=True)
    trash = out.parent / f".{out.name}.previous"
    shutil.rmtree(trash, ignore_errors=True)
    trash.mkdir()
    for child in list(out.iterdir()):
        if _is_derived(child):
            os.replace(child, trash / child.name)
    staged = sorted(stage.iterdir(), key=lambda p: p.name == GENERATION_FILE)
    for child in staged:
        os.replace(child, out / child.name)
    shutil.rmtree(trash, ignore_errors=True)


def relocate(result: GenerationResult, stage: Path, out: Path) -> GenerationResult:
    """`result` of a run written into `stage`, with its paths moved to `out`."""
    def moved(path: str) -> str:
        p = Path(path)
        return str(out / p.relative_to(stage)) if p.is_relative_to(stage) else path

    tables = {name: t.model_copy(update={"files": {f: moved(p) for f, p in t.files.items()}})
              for name, t in result.tables.items()}
    return result.model_copy(update={"out_dir": out, "tables": tables})
