"""Fixtures: one clean and one messy generated run per session, one GX context reused by every validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factory.answers import compute_answers, fill_story_numbers
from factory.quality.gx_suites import new_context
from tests.unit.quality.runs import LEGACY, copy_run, make_run


@pytest.fixture(scope="session")
def gx_context() -> Any:
    """One ephemeral GX context for the whole session (building one costs seconds)."""
    return new_context()


@pytest.fixture(scope="session")
def clean_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Quick-commerce (the frozen pre-rewrite spec, seed 11) at messiness 0, 2K lines, story numbers filled."""
    run = make_run(tmp_path_factory.mktemp("clean") / "run", spec=LEGACY / "quick_commerce_seed11_beginner.json")
    fill_story_numbers(run)
    compute_answers(run)
    return run


@pytest.fixture(scope="session")
def messy_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Quick-commerce at messiness level 2 (advanced): nulls, casing, duplicates and outliers recorded."""
    run = make_run(tmp_path_factory.mktemp("messy") / "run", preview=False,
                   spec=LEGACY / "quick_commerce_seed11_advanced.json")
    fill_story_numbers(run)
    return run


@pytest.fixture()
def clean_run(clean_source: Path, tmp_path: Path) -> Path:
    """A private copy of the clean run to plant a defect into."""
    return copy_run(clean_source, tmp_path / "run")


@pytest.fixture()
def messy_run(messy_source: Path, tmp_path: Path) -> Path:
    """A private copy of the messy run."""
    return copy_run(messy_source, tmp_path / "run")
