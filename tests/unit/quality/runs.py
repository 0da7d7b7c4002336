"""Run folders for the quality and answer tests: real generated data, edited in place to plant defects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from factory.drafting import draft_challenge
from factory.generate import generate_dataset, generate_preview
from factory.llm.offline.domains import all_domains
from factory.spec.validate import load_challenge

LEGACY = Path(__file__).resolve().parents[2] / "fixtures" / "legacy"


def make_run(out: Path, domain: str = "quick_commerce", *, rows: int = 2000, difficulty: str = "beginner",
             seed: int = 11, preview: bool = True, spec: Path | None = None) -> Path:
    """Draft a library domain offline (or load `spec`) and generate its dataset (and preview) into `out`."""
    if spec is not None:
        challenge = load_challenge(spec)
    else:
        title = all_domains()[domain].title
        challenge = draft_challenge(title, seed=seed, difficulty=difficulty, provider="offline").challenge
    generate_dataset(challenge, out, rows=rows)
    if preview:
        generate_preview(challenge, out)
    return out


def copy_run(src: Path, dst: Path) -> Path:
    """A private copy of a run folder to plant defects into."""
    shutil.copytree(src, dst)
    return dst


def read_csv(run: Path, table: str) -> pd.DataFrame:
    """A table's CSV as text, exactly as written (empty fields stay empty strings)."""
    return pd.read_csv(run / "datasets" / f"{table}.csv", dtype=str, keep_default_na=False)


def write_csv(run: Path, table: str, df: pd.DataFrame) -> None:
    """Write a (modified) table back."""
    df.to_csv(run / "datasets" / f"{table}.csv", index=False)


def edit_challenge(run: Path, edit: Any) -> None:
    """Apply `edit(dict)` to challenge.json."""
    path = run / "challenge.json"
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data, indent=2))


def check(results: Any, check_id: str) -> Any:
    """The check called `check_id` in a QAResults."""
    for cat in results.categories.values():
        for c in cat.checks:
            if c.id == check_id:
                return c
    raise AssertionError(f"no check {check_id}")
