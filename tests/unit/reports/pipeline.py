"""Real pipeline runs for report and package tests: draft (offline) -> generate -> answers -> validate ->
reports -> packages, once per library domain and test session (small row counts)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from factory.answers import compute_answers, fill_story_numbers
from factory.drafting import draft_challenge
from factory.generate import generate_dataset
from factory.llm.offline.domains import all_domains
from factory.package import build_packages
from factory.quality import validate_dataset
from factory.reports import build_reports
from factory.spec.models import Challenge

#: the `run_of` fixture: domain key -> packaged run folder
RunOf = Callable[[str], Path]
ROWS = 1200
SEED = 11
_RUNS: dict[str, Path] = {}

DOMAINS = sorted(all_domains())


def library_challenge(key: str, difficulty: str = "advanced") -> Challenge:
    """The offline provider's challenge for a library domain (advanced: messy data, the hardest case)."""
    return draft_challenge(all_domains()[key].title, seed=SEED, difficulty=difficulty, provider="offline").challenge


def validated_run(key: str, root: Path, *, difficulty: str = "advanced", rows: int = ROWS,
                  challenge: Challenge | None = None) -> Path:
    """A generated, answered and validated run folder (no reports yet); `challenge` replaces the library's."""
    out = root / (key if difficulty == "advanced" else f"{key}-{difficulty}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ch = challenge or library_challenge(key, difficulty)
    (out / "challenge.json").write_text(ch.to_json(), encoding="utf-8")
    generate_dataset(ch, out, rows=rows)
    fill_story_numbers(out)
    compute_answers(out)
    validate_dataset(out, sdv=False)
    return out


def packaged_run(key: str, root: Path) -> Path:
    """A run folder with reports and both ZIPs, built once per session and domain."""
    if key not in _RUNS:
        out = validated_run(key, root)
        build_reports(out)
        build_packages(out)
        _RUNS[key] = out
    return _RUNS[key]


def packaged_run_at(key: str, difficulty: str, root: Path, *, rows: int = ROWS,
                    challenge: Challenge | None = None) -> Path:
    """A packaged run of a library domain at one difficulty (built on every call: other difficulties are rarer)."""
    out = validated_run(key, root, difficulty=difficulty, rows=rows, challenge=challenge)
    build_reports(out)
    build_packages(out)
    return out


def copy_run(src: Path, dst: Path) -> Path:
    """A private copy of a run folder for tests that modify it."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.zip"))
    return dst
