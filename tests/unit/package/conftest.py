"""Fixtures: one real packaged run per library domain for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.reports.pipeline import RunOf, packaged_run


@pytest.fixture(scope="session")
def runs_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report_runs")


@pytest.fixture()
def run_of(runs_root: Path) -> RunOf:
    """run_of(domain_key) -> packaged run folder (built on first use)."""
    return lambda key: packaged_run(key, runs_root)
