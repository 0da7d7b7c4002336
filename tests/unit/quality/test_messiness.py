"""Injected messiness is scored against its answer key: recorded faults are expected, unrecorded ones are defects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factory.quality import validate_dataset
from tests.unit.quality.runs import check, edit_challenge, read_csv, write_csv

FACT = "fact_order_lines"


def _faults(run: Path) -> list[dict]:
    return json.loads((run / "messiness.json").read_text())["faults"]


def test_level_2_messiness_is_not_penalised(messy_run: Path, gx_context: Any) -> None:
    assert {f["kind"] for f in _faults(messy_run)} >= {"nulls", "casing", "duplicates", "outliers"}
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    # the pre-rewrite world has learner-eye findings of its own (tests/fixtures/legacy); messiness adds no failure
    failed = [(c.id, c.message) for c in results.failed_checks() if not c.id.startswith("learner.")]
    assert not failed, failed
    present = [c for cat in results.categories.values() for c in cat.checks if c.id.startswith("fault_present.")]
    assert len(present) == len(_faults(messy_run)) and all(c.success for c in present)
    assert check(results, f"pk_unique.{FACT}.line_id").success  # recorded duplicates are not a key defect
    assert check(results, f"duplicate_rows.{FACT}").success


def test_unrecorded_fault_is_a_defect(messy_run: Path, gx_context: Any) -> None:
    recorded = {str(k) for f in _faults(messy_run) for k in f["rows"]}
    df = read_csv(messy_run, FACT)
    rows = [i for i in range(50) if df.loc[i, "line_id"] not in recorded][:3]
    df.loc[rows, "payment_method"] = ""
    write_csv(messy_run, FACT, df)
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    c = check(results, f"not_null.{FACT}.payment_method")
    assert not c.success and c.unexpected_count == 3 and (c.table, c.column) == (FACT, "payment_method")
    assert sorted(c.examples) == sorted(df.loc[rows, "line_id"])


def test_unrecorded_duplicate_rows_are_a_defect(messy_run: Path, gx_context: Any) -> None:
    df = read_csv(messy_run, FACT)
    recorded = {str(k) for f in _faults(messy_run) for k in f["rows"]}
    row = next(i for i in range(len(df)) if df.loc[i, "line_id"] not in recorded)
    write_csv(messy_run, FACT, df._append(df.loc[[row]], ignore_index=True))
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    dup = check(results, f"duplicate_rows.{FACT}")
    assert not dup.success and dup.examples == [df.loc[row, "line_id"]]
    assert not check(results, f"pk_unique.{FACT}.line_id").success


def test_recorded_fault_missing_from_the_data_is_a_defect(messy_run: Path, gx_context: Any) -> None:
    nulls = next(f for f in _faults(messy_run) if f["kind"] == "nulls")
    df = read_csv(messy_run, nulls["table"])
    keys = {str(k) for k in nulls["rows"]}
    pk = "customer_id"
    df.loc[df[pk].isin(keys), nulls["column"]] = "Female"  # the answer key now lists faults that are not there
    write_csv(messy_run, nulls["table"], df)
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    bad = [c for c in results.categories["schema_conformance"].checks
           if c.id.startswith("fault_present.") and c.column == nulls["column"]]
    assert bad and not bad[0].success and bad[0].table == nulls["table"]


def test_answer_key_must_list_the_specified_faults(messy_run: Path, gx_context: Any) -> None:
    path = messy_run / "messiness.json"
    data = json.loads(path.read_text())
    data["faults"] = [f for f in data["faults"] if f["kind"] != "outliers"]
    path.write_text(json.dumps(data))
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    c = check(results, "messiness_recorded")
    assert not c.success and ["outliers", FACT, "delivery_minutes"] in c.examples


def test_duplicate_rate_must_match_the_spec(messy_run: Path, gx_context: Any) -> None:
    path = messy_run / "messiness.json"
    data = json.loads(path.read_text())
    dup = next(f for f in data["faults"] if f["kind"] == "duplicates")
    keep, drop = dup["rows"][: len(dup["rows"]) // 2], set(dup["rows"][len(dup["rows"]) // 2:])
    df = read_csv(messy_run, FACT)
    df = df[~(df["line_id"].isin(drop) & df.duplicated(keep="first"))]  # undo half of the duplication
    write_csv(messy_run, FACT, df)
    dup.update(rows=keep, count=len(keep), examples=[e for e in dup.get("examples", []) if e["key"] in keep])
    path.write_text(json.dumps(data))
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    c = next(c for c in results.categories["schema_conformance"].checks
             if c.id.startswith("fault_present.") and "duplicates" in c.id)
    assert not c.success and c.table == FACT  # consistent key, but 0.25% duplicates where the spec says 0.5%
    assert check(results, f"duplicate_rows.{FACT}").success and check(results, f"pk_unique.{FACT}.line_id").success


def test_story_numbers_are_checked_on_the_clean_basis(messy_run: Path, gx_context: Any) -> None:
    """The story numbers were computed on clean/ (2000 lines): stated = clean data passes, the messy count fails."""
    dups = sum(f["count"] for f in _faults(messy_run) if f["kind"] == "duplicates" and f["table"] == FACT)
    assert dups > 0 and len(read_csv(messy_run, FACT)) == 2000 + dups
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    story = check(results, "story.total_lines")
    assert story.success and story.observed_value == {"stated": 2000, "data": 2000}
    assert check(results, "clean_tables").success and check(results, "question_clean.q1").success
    assert check(results, "question_runs.q1").success  # the SQL also works on what learners get

    def messy_count(data: dict) -> None:  # what the key said before: the count over the delivered CSV
        data["problem"]["story_numbers"][1]["value"] = 2000 + dups

    edit_challenge(messy_run, messy_count)
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    story = check(results, "story.total_lines")
    assert not story.success and story.observed_value == {"stated": 2000 + dups, "data": 2000}
    assert "clean data says 2000" in story.message and not results.passed


def test_unreadable_clean_tables_fail_the_documentation(messy_run: Path, gx_context: Any) -> None:
    (messy_run / "clean" / f"{FACT}.parquet").write_bytes(b"not parquet")
    results = validate_dataset(messy_run, gx_context=gx_context, sdv=False)
    c = check(results, "clean_tables")
    assert not c.success and f"{FACT}.parquet" in c.message and not results.passed
