"""Each planted defect drops the right category, and its failed check names table, column and examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factory.quality import validate_dataset
from factory.quality.models import category_score
from tests.unit.quality.runs import check, edit_challenge, read_csv, write_csv

FACT = "fact_order_lines"


@pytest.fixture(scope="module")
def baseline(clean_source: Path, gx_context: Any) -> dict[str, float]:
    """Category scores of the untouched clean run."""
    results = validate_dataset(clean_source, gx_context=gx_context, sdv=False)
    scores = {name: cat.score for name, cat in results.categories.items()}
    generator = [c for c in results.categories["distributions"].checks if not c.id.startswith("learner.")]
    return {**scores, "distributions_generator": category_score(generator)}


def _validate(run: Path, gx_context: Any) -> Any:
    return validate_dataset(run, gx_context=gx_context, sdv=False)


def test_orphan_foreign_keys(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    df = read_csv(clean_run, FACT)
    df.loc[[3, 17, 99], "customer_id"] = "C9999999"
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    c = check(results, f"fk.{FACT}.customer_id")
    assert not c.success and (c.table, c.column) == (FACT, "customer_id")
    assert c.examples == ["C9999999"] and c.unexpected_count == 3
    assert df.loc[3, "line_id"] in c.message
    assert results.categories["referential_integrity"].score < baseline["referential_integrity"]
    assert not results.passed and c.id in results.blocking


def test_duplicate_primary_keys(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    df = read_csv(clean_run, FACT)
    dup = df.loc[10, "line_id"]
    df.loc[11, "line_id"] = dup
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    c = check(results, f"pk_unique.{FACT}.line_id")
    assert not c.success and (c.table, c.column) == (FACT, "line_id")
    assert c.examples == [dup] and c.unexpected_count == 2
    assert results.categories["schema_conformance"].score < baseline["schema_conformance"]


def test_broken_business_rule(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    df = read_csv(clean_run, FACT)
    broken = df.loc[[5, 6], "line_id"].tolist()
    df.loc[[5, 6], "line_amount"] = "99999.5"
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    rule = check(results, "rule.line_amount_formula")
    assert not rule.success and rule.table == FACT and rule.column == "line_id"
    assert sorted(rule.examples) == sorted(broken)
    derived = check(results, f"expression.{FACT}.line_amount")
    assert not derived.success and derived.column == "line_amount" and sorted(derived.examples) == sorted(broken)
    assert results.categories["business_rules"].score < baseline["business_rules"]


def test_out_of_window_dates(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    df = read_csv(clean_run, FACT)
    df.loc[[0, 1], "order_date"] = "2031-03-15"
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    c = check(results, f"window.{FACT}.order_date")
    assert not c.success and (c.table, c.column) == (FACT, "order_date")
    assert c.examples == ["2031-03-15", "2031-03-15"] and df.loc[0, "line_id"] in c.message
    assert results.categories["temporal_consistency"].score < baseline["temporal_consistency"]


def test_renamed_column_is_reported_not_a_crash(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    df = read_csv(clean_run, FACT).rename(columns={"delivery_minutes": "delivery_mins"})
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    present = check(results, f"column_present.{FACT}.delivery_minutes")
    assert not present.success and present.examples == ["delivery_mins"]
    assert not check(results, f"columns.{FACT}").success
    dictionary = check(results, f"dictionary.{FACT}")
    assert not dictionary.success and "delivery_mins" in dictionary.examples
    assert results.categories["schema_conformance"].score < baseline["schema_conformance"]
    assert results.categories["documentation"].score < baseline["documentation"]
    assert not check(results, "question_runs.q4").success  # q4 averages delivery_minutes


def test_wrong_story_number(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    def lie(data: dict) -> None:
        data["problem"]["story_numbers"][1]["value"] += 7

    edit_challenge(clean_run, lie)
    results = _validate(clean_run, gx_context)
    c = check(results, "story.total_lines")
    assert not c.success and c.observed_value["data"] == 2000 and c.observed_value["stated"] == 2007
    assert results.categories["documentation"].score < baseline["documentation"]
    assert not results.passed


def test_question_returning_other_columns(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    def rename(data: dict) -> None:
        q = data["problem"]["questions"][0]
        q["answer_sql"] = q["answer_sql"].replace("AS revenue", "AS total_revenue")

    edit_challenge(clean_run, rename)
    results = _validate(clean_run, gx_context)
    c = check(results, "question_fields.q1")
    assert not c.success and set(c.examples) == {"revenue", "total_revenue"}
    assert results.categories["answerability"].score < baseline["answerability"]


def test_missing_and_unreadable_files(clean_run: Path, gx_context: Any) -> None:
    (clean_run / "datasets" / "dim_store.csv").unlink()
    (clean_run / "datasets" / "dim_city.csv").write_bytes(b"\xff\xfe\x00garbage\x00\xff")
    results = _validate(clean_run, gx_context)
    assert not check(results, "table_readable.dim_store").success
    unreadable = check(results, "table_readable.dim_city")
    assert not unreadable.success and "unreadable" in unreadable.message
    assert not check(results, "fk.fact_order_lines.store_id").success  # cannot check without the parent
    assert check(results, f"pk_unique.{FACT}.line_id").success  # the rest still validated


def test_unparseable_values_fail_the_type_check(clean_run: Path, gx_context: Any) -> None:
    df = read_csv(clean_run, FACT)
    df.loc[[2, 4], "quantity"] = "two"
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    c = check(results, f"type.{FACT}.quantity")
    assert not c.success and c.examples == ["two", "two"] and c.unexpected_count == 2


def test_constant_column_lowers_diversity(clean_run: Path, gx_context: Any, baseline: dict[str, float]) -> None:
    df = read_csv(clean_run, FACT)
    df["payment_method"] = "UPI"
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    assert not check(results, f"varies.{FACT}.payment_method").success
    assert not check(results, f"chi2.{FACT}.payment_method").success
    assert results.categories["diversity"].score < baseline["diversity"]
    assert results.categories["distributions"].score < baseline["distributions"]


def test_event_order_broken(tmp_path: Path, gx_context: Any) -> None:
    from datetime import date, timedelta

    from tests.unit.quality.runs import LEGACY, make_run

    spec = json.loads((LEGACY / "hotel_bookings.json").read_text())
    spec["schema"]["messiness"] = {"level": 0, "faults": []}  # the pre-rewrite hotel spec, clean
    (tmp_path / "hotel.json").write_text(json.dumps(spec))
    run = make_run(tmp_path / "hotel", rows=1000, preview=False, spec=tmp_path / "hotel.json")
    before = validate_dataset(run, gx_context=gx_context, sdv=False)
    assert check(before, "order.fact_ratings.review_date").success
    df = read_csv(run, "fact_ratings")
    df.loc[[7, 8], "review_date"] = [
        (date.fromisoformat(d) - timedelta(days=3)).isoformat() for d in df.loc[[7, 8], "checkout_date"]]
    write_csv(run, "fact_ratings", df)
    after = validate_dataset(run, gx_context=gx_context, sdv=False)
    c = check(after, "order.fact_ratings.review_date")
    assert not c.success and (c.table, c.column) == ("fact_ratings", "review_date")
    assert sorted(c.examples) == sorted(df.loc[[7, 8], "rating_id"])
    assert after.categories["temporal_consistency"].score < before.categories["temporal_consistency"].score


def test_marginals_that_do_not_match_their_generators(clean_run: Path, gx_context: Any,
                                                      baseline: dict[str, float]) -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    df = read_csv(clean_run, FACT)
    n = len(df)
    df["quantity"] = rng.integers(1, 13, n).astype(str)  # poisson(1.6) expected, uniform given
    customers = read_csv(clean_run, "dim_customer")["customer_id"].to_numpy()
    df["customer_id"] = rng.choice(customers, n)  # skew 1.05 expected, uniform given
    window = json.loads((clean_run / "challenge.json").read_text())["schema"]["window"]
    start, end = np.datetime64(window["start"]), np.datetime64(window["end"])
    days = int((end - start).astype(int)) + 1
    df["order_date"] = [str(start + int(d)) for d in rng.integers(0, days, n)]  # no seasonality, no trend
    write_csv(clean_run, FACT, df)
    results = _validate(clean_run, gx_context)
    for cid in (f"ks.{FACT}.quantity", f"skew.{FACT}.customer_id", f"seasonality.{FACT}.order_date"):
        c = check(results, cid)
        assert not c.success and c.table == FACT, cid
    # (uniform customers also lift a learner-eye top-share finding, so compare the generator checks only)
    generator_checks = [c for c in results.categories["distributions"].checks if not c.id.startswith("learner.")]
    assert category_score(generator_checks) < baseline["distributions_generator"]
