"""Two real food_delivery runs to grade against: beginner (no traps: the key SQL is a correct submission) and
advanced (planted traps: the key SQL on the delivered tables is what a learner who misses them submits)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from factory.answers import compute_answers, fill_story_numbers
from factory.generate import generate_dataset
from factory.grading import GradingKey, open_key
from tests.unit.reports.pipeline import library_challenge

PACK = "food_delivery"
ROWS = 1500


def answered_run(root: Path, difficulty: str) -> Path:
    """A generated and answered run folder (no reports: the grader needs the key and the tables only)."""
    out = root / difficulty
    out.mkdir(parents=True)
    (out / "challenge.json").write_text(library_challenge(PACK, difficulty).to_json(), encoding="utf-8")
    generate_dataset(library_challenge(PACK, difficulty), out, rows=ROWS)
    fill_story_numbers(out)
    compute_answers(out)
    return out


@pytest.fixture(scope="session")
def beginner_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return answered_run(tmp_path_factory.mktemp("grading"), "beginner")


@pytest.fixture(scope="session")
def advanced_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return answered_run(tmp_path_factory.mktemp("grading"), "advanced")


@pytest.fixture(scope="module")
def beginner_key(beginner_run: Path) -> Iterator[GradingKey]:
    with open_key(beginner_run, timeout_s=1.5) as key:
        yield key


def key_sql(run: Path, qid: str) -> str:
    """The DuckDB answer SQL of a question."""
    return json.loads((run / "answers" / "answers.json").read_text())[qid]["sql"]
