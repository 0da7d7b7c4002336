"""Shared fixtures of the hostile-input tests: one small generated run folder, copied per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.quality.runs import copy_run, make_run


@pytest.fixture(scope="package")
def hostile_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated quick-commerce run (600 lines, no preview)."""
    return make_run(tmp_path_factory.mktemp("hostile") / "run", rows=600, preview=False)


@pytest.fixture()
def run(hostile_source: Path, tmp_path: Path) -> Path:
    """A private copy of the run to plant hostile content into."""
    return copy_run(hostile_source, tmp_path / "run")
