"""Finding 4: budgets on every table (not only the main one) and on the disk, checked before any file is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from factory.drafting import draft_challenge
from factory.errors import GenerationError
from factory.generate import generate_dataset, generate_preview
from factory.settings import get_settings
from factory.spec.models import Challenge


@pytest.fixture(scope="module")
def challenge() -> Challenge:
    return draft_challenge("Quick-commerce grocery delivery", seed=11, difficulty="beginner",
                           provider="offline").challenge


@pytest.fixture()
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _with_ratio(challenge: Challenge, ratio: float) -> Challenge:
    ch = challenge.model_copy(deep=True)
    table = next(t for t in ch.schema_.tables if t.size.kind == "ratio")
    table.size.ratio = ratio
    return ch


def test_a_dimension_ratio_over_the_row_budget_is_refused_before_any_file(challenge: Challenge, tmp_path: Path) -> None:
    ch = _with_ratio(challenge, 1e9)
    name = next(t.name for t in ch.schema_.tables if t.size.kind == "ratio")
    with pytest.raises(GenerationError, match=rf"{name}.*FACTORY_MAX_ROWS"):
        generate_dataset(ch, tmp_path / "out", rows=2000)
    with pytest.raises(GenerationError, match=name):
        generate_preview(ch, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_main_rows_over_the_budget_are_refused_before_any_file(challenge: Challenge, tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match=challenge.schema_.main_table):
        generate_dataset(challenge, tmp_path / "out", rows=10_000_000_000_000)
    assert not (tmp_path / "out").exists()


def test_a_run_bigger_than_the_free_disk_is_refused(challenge: Challenge, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, fresh_settings: None) -> None:
    monkeypatch.setenv("FACTORY_MAX_ROWS", str(10**15))
    with pytest.raises(GenerationError, match=r"on disk .*free"):
        generate_dataset(challenge, tmp_path / "out", rows=10**14)
    assert not (tmp_path / "out").exists()
