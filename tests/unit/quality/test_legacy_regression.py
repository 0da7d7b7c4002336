"""Regression: challenges drafted by main before the coherent-worlds rewrite (tests/fixtures/legacy, seed 42,
intermediate), generated at 20K main rows, are worlds a learner breaks within an hour. They must score below
9.5 and fail, each with the findings a learner reported (issue "coherent worlds")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factory.answers import fill_story_numbers
from factory.generate import generate_dataset
from factory.quality import validate_dataset
from factory.spec.validate import load_challenge

LEGACY = Path(__file__).resolve().parents[2] / "fixtures" / "legacy"
ROWS = 20_000
#: what a learner found in each (table and column of the blocking finding)
EXPECTED = {
    "quick_commerce": {("child_before_parent", "fact_order_lines", "order_date"),
                       ("place_mismatch", "fact_order_lines", "store_id"),
                       ("top_share", "fact_order_lines", "customer_id"), ("top_share", "fact_order_lines", "product_id"),
                       ("name_repeats", "dim_customer", "customer_name"), ("name_gender", "dim_customer", "customer_name")},
    "hotel_bookings": {("outcome_on_negative_state", "fact_ratings", "booking_id")},
    "media_subscriptions": {("outside_period", "fact_viewing_sessions", "session_start"),
                            ("name_gender", "dim_subscriber", "subscriber_name")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_legacy_challenge_scores_below_9_5_and_fails(name: str, tmp_path: Path, gx_context: Any) -> None:
    challenge = load_challenge(LEGACY / f"{name}.json")
    run = tmp_path / name
    generate_dataset(challenge, run, rows=ROWS)
    fill_story_numbers(run)
    results = validate_dataset(run, sdv=False, gx_context=gx_context)
    assert results.overall < 9.5 and not results.passed
    blocking = {(f.check, f.table, f.column) for f in results.findings if f.severity == "blocking"}
    assert EXPECTED[name] <= blocking, sorted(blocking)
    for f in results.findings:
        assert f.table and f.message and (f.examples or f.check == "unread_table"), f
