"""Clean generated data scores high in every category; qa_results.json keeps its contract names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factory.answers import compute_answers, fill_story_numbers
from factory.llm.offline.domains import all_domains
from factory.quality import CATEGORIES, CATEGORY_WEIGHTS, validate_dataset
from factory.quality.models import CheckResult, category_score, score_results
from tests.unit.quality.runs import make_run
from tests.unit.quality.world import build_world

CHECK_KEYS = {"id", "table", "column", "expectation", "success", "severity", "unexpected_count",
              "unexpected_percent", "examples", "observed_value", "message"}


def test_clean_data_scores_high_and_passes(tmp_path: Path, gx_context: Any) -> None:
    results = validate_dataset(build_world(tmp_path / "run"), gx_context=gx_context)
    failed = [(c.id, c.message) for c in results.failed_checks()]
    assert results.overall >= 9.5, failed
    assert results.passed and not results.blocking
    assert list(results.categories) == list(CATEGORIES)
    for name, cat in results.categories.items():
        assert cat.checks, f"{name} ran no checks"
        assert cat.score >= 9.0, (name, failed)


def test_weights_follow_the_architecture() -> None:
    assert CATEGORY_WEIGHTS["schema_conformance"] + CATEGORY_WEIGHTS["referential_integrity"] == 25
    assert CATEGORY_WEIGHTS["business_rules"] + CATEGORY_WEIGHTS["temporal_consistency"] == 25
    assert CATEGORY_WEIGHTS["distributions"] + CATEGORY_WEIGHTS["diversity"] == 20
    assert CATEGORY_WEIGHTS["answerability"] == 20 and CATEGORY_WEIGHTS["documentation"] == 10


def test_category_score_is_severity_weighted() -> None:
    def mk(ok: bool, sev: str) -> CheckResult:
        return CheckResult(id="x", category="c", expectation="e", success=ok, severity=sev)

    assert category_score([]) == 10.0
    assert category_score([mk(True, "minor"), mk(False, "minor")]) == 5.0
    # a failed critical check weighs five times a minor one
    assert category_score([mk(True, "minor"), mk(False, "critical")]) == pytest.approx(10 / 6, abs=0.01)


def test_qa_results_json_contract(clean_run: Path, gx_context: Any) -> None:
    validate_dataset(clean_run, threshold=9.9, gx_context=gx_context, sdv=False)
    data = json.loads((clean_run / "qa_results.json").read_text())
    assert {"overall", "passed", "threshold", "challenge_id", "categories"} <= set(data)
    assert data["threshold"] == 9.9
    assert set(data["categories"]) == set(CATEGORIES)
    for cat in data["categories"].values():
        assert {"score", "weight", "checks"} <= set(cat)
        for c in cat["checks"]:
            assert set(c) == CHECK_KEYS
            assert len(c["examples"]) <= 5


def test_gx_suites_are_built_from_the_spec(clean_run: Path, gx_context: Any) -> None:
    results = validate_dataset(clean_run, gx_context=gx_context, sdv=False)
    expectations = {c.expectation for cat in results.categories.values() for c in cat.checks}
    assert {"expect_table_columns_to_match_ordered_list", "expect_column_values_to_be_unique",
            "expect_column_values_to_not_be_null", "expect_column_values_to_be_in_set",
            "expect_column_values_to_be_between", "expect_column_quantile_values_to_be_between_safe",
            "expect_column_kl_divergence_to_be_less_than_safe"} <= expectations
    pk = [c for c in results.categories["schema_conformance"].checks if c.id.startswith("pk_unique.")]
    assert {c.table for c in pk} == {"dim_date", "dim_city", "dim_store", "dim_product", "dim_customer", "fact_order_lines"}


def test_sdv_evidence_is_a_check(clean_run: Path, gx_context: Any) -> None:
    results = validate_dataset(clean_run, gx_context=gx_context)
    diag = [c for c in results.categories["referential_integrity"].checks if c.id == "sdv_diagnostic"]
    quality = [c for c in results.categories["distributions"].checks if c.id == "sdv_quality_vs_preview"]
    assert diag and diag[0].success and diag[0].observed_value["score"] == 1.0
    assert quality and quality[0].success, quality[0].message


@pytest.mark.slow
@pytest.mark.parametrize("domain", sorted(all_domains()))
def test_every_library_domain_scores_at_least_9_5(domain: str, tmp_path: Path, gx_context: Any) -> None:
    run = make_run(tmp_path / domain, domain)
    fill_story_numbers(run)
    compute_answers(run)
    results = validate_dataset(run, gx_context=gx_context)
    assert results.overall >= 9.5, [(c.id, c.message) for c in results.failed_checks()]
    assert results.passed and not [f.id for f in results.findings if f.severity == "blocking"]


def test_each_blocking_failure_halves_its_category() -> None:
    def mk(ok: bool, sev: str, cat: str = "business_rules") -> CheckResult:
        return CheckResult(id=f"c{ok}{sev}", category=cat, expectation="x", success=ok, severity=sev)

    checks = [mk(True, "major")] * 8 + [mk(False, "critical")]
    one = score_results("x", checks, 8.0).categories["business_rules"]
    assert one.score == pytest.approx(round(category_score(checks) / 2, 2))
    two = score_results("x", [*checks, mk(False, "critical")], 8.0)
    assert two.categories["business_rules"].score < one.score / 2 and not two.passed
    assert score_results("x", [mk(True, "major"), mk(False, "minor")], 8.0).categories["business_rules"].score == 6.67


def test_wrapped_expectations_return_plain_python(gx_context: Any) -> None:
    import great_expectations as gx
    import numpy as np
    import pandas as pd

    from factory.quality.gx_suites import safe_expectations

    safe = safe_expectations()
    df = pd.DataFrame({"x": np.arange(1000, dtype=float), "c": pd.Categorical(["a", "b"] * 500)})
    asset = gx_context.data_sources.get("run").add_dataframe_asset("wrapped")
    suite = gx_context.suites.add(gx.ExpectationSuite(name="wrapped"))
    suite.add_expectation(safe["quantiles"](column="x", quantile_ranges={
        "quantiles": [0.5], "value_ranges": [[400.0, 600.0]]}))
    suite.add_expectation(safe["kl"](column="c", threshold=0.05, partition_object={"values": ["a", "b"],
                                                                                 "weights": [0.5, 0.5]}))
    vd = gx_context.validation_definitions.add(gx.ValidationDefinition(
        name="wrapped", data=asset.add_batch_definition_whole_dataframe("wrapped"), suite=suite))
    result = vd.run(batch_parameters={"dataframe": df})
    for r in result.results:
        assert type(r.success) is bool and r.success
    json.dumps(result.to_json_dict())  # storable
