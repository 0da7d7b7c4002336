"""Learner-eye checks: a hand-built coherent world passes with no finding; each defect planted into it is found
with its table, column and example rows, and a blocking one fails `passed` whatever the weighted score."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from factory.quality import QAResults, validate_dataset
from tests.unit.quality.world import build_world

Tables = dict[str, pd.DataFrame]


def _validate(tmp_path: Path, gx_context: Any, edit: Callable[[Tables], None] | None = None,
              edit_spec: Callable[[dict[str, Any]], None] | None = None) -> QAResults:
    run = build_world(tmp_path / "run", edit=edit, edit_spec=edit_spec)
    return validate_dataset(run, sdv=False, gx_context=gx_context)


def _finding(results: QAResults, check: str, table: str) -> Any:
    found = [f for f in results.findings if f.check == check and f.table == table]
    assert found, [(f.check, f.table, f.message) for f in results.findings]
    return found[0]


def _blocks(results: QAResults, finding: Any) -> None:
    assert finding.severity == "blocking" and finding.id in results.blocking
    assert not results.passed
    assert results.categories[finding.category].score < 5.0  # a blocking finding halves its category


def test_coherent_world_passes_without_findings(tmp_path: Path, gx_context: Any) -> None:
    results = _validate(tmp_path, gx_context)
    assert results.findings == [], [(f.id, f.message) for f in results.findings]
    assert results.passed and results.overall >= 9.5, [(c.id, c.message) for c in results.failed_checks()]
    ids = {c.id for cat in results.categories.values() for c in cat.checks}
    for kind in ("child_before_parent", "outside_period", "outcome_on_negative_state", "place_mismatch",
                 "top_share", "name_repeats", "name_gender", "unread_table", "flat_answer", "statement_count"):
        assert any(i.startswith(f"learner.{kind}.") for i in ids), kind  # every check ran and held
    saved = json.loads((tmp_path / "run" / "qa_results.json").read_text())
    assert saved["findings"] == [] and {"overall", "passed", "threshold", "categories", "blocking"} <= set(saved)


def test_order_before_the_store_opened(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        t["dim_store"].loc[0, "opened_on"] = np.datetime64("2023-06-30")

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "child_before_parent", "fact_orders")
    assert f.column == "order_date" and f.category == "temporal_consistency" and "dim_store.opened_on" in f.message
    row = f.examples[0]
    assert row["store_id"] == "S001" and row["order_date"] < row["dim_store.opened_on"] == "2023-06-30"
    assert "order_id" in row
    _blocks(results, f)


def test_orders_outside_the_subscription(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        t["fact_subscriptions"]["end_date"] = np.datetime64("2022-06-30")

    def edit_spec(spec: dict[str, Any]) -> None:
        subs = next(t for t in spec["schema"]["tables"] if t["name"] == "fact_subscriptions")
        subs["columns"][-1]["generator"]["sql"] = "DATE '2022-06-30'"

    results = _validate(tmp_path, gx_context, edit, edit_spec)
    f = _finding(results, "outside_period", "fact_orders")
    assert f.column == "order_date" and f.share > 0.5 and "fact_subscriptions" in f.message
    assert all(r["order_date"] > "2022-06-30" and r["customer_id"] for r in f.examples)
    _blocks(results, f)


def test_delivery_time_on_cancelled_orders(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        o = t["fact_orders"]
        o.loc[o.status == "Cancelled", "delivery_minutes"] = 25

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "outcome_on_negative_state", "fact_orders")
    assert f.column == "delivery_minutes" and f.share == 1.0
    assert f.examples[0]["status"] == "Cancelled" and f.examples[0]["delivery_minutes"] == 25
    _blocks(results, f)


def test_ratings_of_cancelled_orders(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        o, r = t["fact_orders"], t["fact_ratings"]
        cancelled = o[o.status == "Cancelled"].head(150)
        r.loc[: len(cancelled) - 1, "order_id"] = cancelled.order_id.to_numpy()
        r.loc[: len(cancelled) - 1, "order_date"] = cancelled.order_date.to_numpy()
        r.loc[: len(cancelled) - 1, "review_date"] = cancelled.order_date.to_numpy()

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "outcome_on_negative_state", "fact_ratings")
    assert f.column == "order_id" and f.count == 150
    assert f.examples[0]["fact_orders.status"] == "Cancelled" and f.examples[0]["rating_id"].startswith("R")
    _blocks(results, f)


def test_store_in_another_city_than_the_customer(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        t["fact_orders"].loc[:899, "store_id"] = "S001"  # a Pune store for every customer of the first 900 orders

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "place_mismatch", "fact_orders")
    assert f.category == "referential_integrity" and f.column == "store_id" and 0.15 < f.share < 0.3
    row = f.examples[0]
    assert row["store_id -> dim_store city"] == "pune" and row["customer_id -> dim_customer city"] != "pune"
    _blocks(results, f)


def test_one_customer_takes_a_sixth_of_the_orders(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        c, o = t["dim_customer"], t["fact_orders"]
        pune = c[c.city_id == 1].customer_id.iloc[0]
        o.loc[o.store_id.isin(["S001", "S007", "S013", "S019"]), "customer_id"] = pune  # every Pune order

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "top_share", "fact_orders")
    assert f.column == "customer_id" and f.category == "distributions" and f.count > 400 and f.limit == 0.05
    assert f.examples[0]["row_share"] > 0.13 and f.examples[0]["customer_id"].startswith("C")
    _blocks(results, f)


def test_customer_names_repeat(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        c = t["dim_customer"]
        c.loc[c.index[:90], "customer_name"] = c.customer_name.iloc[90:120].tolist() * 3

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "name_repeats", "dim_customer")
    assert f.column == "customer_name" and f.share == pytest.approx(90 / 300) and f.examples[0]["rows"] == 4
    _blocks(results, f)


def test_first_names_contradict_gender(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        c = t["dim_customer"]
        c.loc[c.index[:100], "gender"] = c.gender.iloc[:100].map({"Female": "Male", "Male": "Female"})

    results = _validate(tmp_path, gx_context, edit)
    f = _finding(results, "name_gender", "dim_customer")
    assert f.column == "customer_name" and f.category == "business_rules" and f.share > 0.25
    assert {"customer_id", "customer_name", "gender"} <= set(f.examples[0])
    _blocks(results, f)


def test_single_valued_category_a_question_groups_by(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        t["fact_subscriptions"]["plan"] = "Basic"

    def edit_spec(spec: dict[str, Any]) -> None:
        subs = next(t for t in spec["schema"]["tables"] if t["name"] == "fact_subscriptions")
        subs["columns"][2]["description"] = "Plan name: Basic or Plus."

    results = _validate(tmp_path, gx_context, edit, edit_spec)
    f = _finding(results, "single_value", "fact_subscriptions")
    assert f.column == "plan" and f.examples == [{"plan": "Basic"}] and "Basic or Plus" in f.message
    _blocks(results, f)


def test_unread_table_is_a_warning(tmp_path: Path, gx_context: Any) -> None:
    def edit_spec(spec: dict[str, Any]) -> None:
        spec["problem"]["questions"] = [q for q in spec["problem"]["questions"] if q["id"] != "q4"]

    results = _validate(tmp_path, gx_context, edit_spec=edit_spec)
    f = _finding(results, "unread_table", "fact_subscriptions")
    assert f.severity == "warning" and f.count == 300 and f.id not in results.blocking
    assert results.passed


def test_flat_answer_is_a_warning(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        r = t["fact_ratings"]
        r["stars"] = np.arange(len(r)) % 5 + 1  # exactly as many ratings of each star

    results = _validate(tmp_path, gx_context, edit)
    f = next(f for f in results.findings if f.check == "flat_answer")
    assert f.id == "learner.flat_answer.q6" and f.severity == "warning" and f.column == "ratings"
    assert {"stars", "ratings"} == set(f.examples[0]) and results.passed


def test_statement_count_against_the_data(tmp_path: Path, gx_context: Any) -> None:
    def edit_spec(spec: dict[str, Any]) -> None:
        spec["problem"]["statement"] = spec["problem"]["statement"].replace("across 6 cities", "across 9 cities")

    results = _validate(tmp_path, gx_context, edit_spec=edit_spec)
    f = _finding(results, "statement_count", "dim_city")
    assert f.examples == [{"stated": 9, "data": 6}] and "9 cities" in f.title
    _blocks(results, f)


def test_story_number_against_the_data(tmp_path: Path, gx_context: Any) -> None:
    run = build_world(tmp_path / "run")
    spec = json.loads((run / "challenge.json").read_text())
    spec["problem"]["story_numbers"][0]["value"] += 7
    (run / "challenge.json").write_text(json.dumps(spec))
    results = validate_dataset(run, sdv=False, gx_context=gx_context)
    f = next(f for f in results.findings if f.check == "story_number")
    assert f.id == "story.orders" and f.examples == [{"stated": 3007.0, "data": 3000.0}]
    assert f.id in results.blocking and not results.passed


def _after_signup(spec: dict[str, Any]) -> None:
    orders = next(t for t in spec["schema"]["tables"] if t["name"] == "fact_orders")
    orders["columns"][1]["generator"] = {"kind": "date", "after": "customer_id.signup_date"}


def test_declared_time_order_holds_in_the_coherent_world(tmp_path: Path, gx_context: Any) -> None:
    results = _validate(tmp_path, gx_context, edit_spec=_after_signup)
    declared = [c for c in results.categories["temporal_consistency"].checks if c.id.startswith("constraint.")]
    assert declared and all(c.success for c in declared), [(c.id, c.message) for c in declared]
    assert results.passed and not results.findings


def test_declared_time_order_violation_is_a_blocking_finding(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        c, o = t["dim_customer"], t["fact_orders"]
        late = o.customer_id.iloc[0]
        c.loc[c.customer_id == late, "signup_date"] = np.datetime64("2023-12-31")
        t["fact_subscriptions"].loc[t["fact_subscriptions"].customer_id == late, "start_date"] = np.datetime64("2023-12-31")

    results = _validate(tmp_path, gx_context, edit, _after_signup)
    f = next(f for f in results.findings if f.check == "constraint_violation")
    assert f.category == "temporal_consistency" and f.table == "fact_orders" and f.column == "order_date"
    assert f.examples and f.examples[0]["order_id"].startswith("O") and f.count >= 1
    _blocks(results, f)


def test_missing_table_and_column_fail_checks_never_crash(tmp_path: Path, gx_context: Any) -> None:
    def edit(t: Tables) -> None:
        del t["dim_store"]
        t["dim_customer"] = t["dim_customer"].drop(columns=["signup_date", "gender"])

    results = _validate(tmp_path, gx_context, edit)
    failed = {c.id for c in results.failed_checks()}
    assert {"table_readable.dim_store", "column_present.dim_customer.signup_date"} <= failed
    assert not results.passed
    ran = {c.id for cat in results.categories.values() for c in cat.checks if c.id.startswith("learner.")}
    assert "learner.outcome_on_negative_state.fact_ratings.order_id" in ran  # the rest still checked
    assert not any("could not run" in c.message for c in results.failed_checks() if c.id.startswith("learner."))
