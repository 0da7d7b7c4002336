"""Spec v2 validation: names with spaces and capitals, composite keys, 5-12 questions, errors in words,
version 1.0 files, the published JSON Schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from factory.errors import SpecError
from factory.spec import json_schema, load_challenge, validate_challenge
from factory.spec.models import SPEC_VERSION
from factory.spec.validate import check_spec_constructs
from tests.unit.spec.v2_spec import Spec, challenge_dict, column, composite_capacity, table

LEGACY = Path(__file__).parents[2] / "fixtures" / "legacy"


def _problems(spec: Spec) -> list[str]:
    with pytest.raises(SpecError) as info:
        validate_challenge(spec)
    return [str(p) for p in info.value.problems]


def test_v2_world_with_spaces_and_capitals_is_valid() -> None:
    ch = validate_challenge(challenge_dict())
    assert ch.spec_version == SPEC_VERSION == "2.0"
    assert ch.schema_.table("Room Class").key_columns == ["room class id"]
    assert ch.schema_.table("fact_capacity").grain_columns == ["hotel_id", "room class id", "date"]
    assert [c.name for c in ch.schema_.table("dim_customer").visible_columns][-1] == "signup_date"
    assert json.loads(ch.to_json())["schema"]["tables"][5]["columns"][7]["when"][0]["if"] == "status = 'Checked Out'"


@pytest.mark.parametrize("name", sorted(LEGACY.glob("*.json")), ids=lambda p: p.stem)
def test_version_1_files_still_load(name: Path) -> None:
    ch = load_challenge(name)
    assert ch.spec_version == "1.0"


def test_a_dot_in_a_name_is_refused_in_words() -> None:
    spec = challenge_dict()
    table(spec, "dim_hotel")["columns"][1]["name"] = "hotel.city"
    found = _problems(spec)
    assert any(p.startswith("$.schema.tables[0].columns[1].name: names start with a letter") and "no dots" in p
               for p in found), found
    assert not any("^[" in p or "pattern" in p for p in found)


def test_bad_names_and_spacing_are_refused() -> None:
    spec = challenge_dict()
    table(spec, "dim_hotel")["columns"][1]["name"] = "City "
    assert any("trailing space" in p for p in _problems(spec))


def test_composite_primary_key_is_accepted_and_checked() -> None:
    spec = challenge_dict()
    composite_capacity(spec)
    assert validate_challenge(spec).schema_.table("fact_capacity").key_columns == ["hotel_id", "room class id", "date"]
    table(spec, "fact_capacity")["primary_key"] = ["hotel_id", "nope"]
    assert any("primary_key: 'nope' is not a column of fact_capacity" in p for p in _problems(spec))


def test_relationship_to_a_composite_key_is_refused_in_words() -> None:
    spec = challenge_dict()
    table(spec, "fact_capacity")["primary_key"] = ["hotel_id", "room class id", "date"]
    found = _problems(spec)
    assert any("composite primary key" in p and "parent_primary_key" in p for p in found), found


@pytest.mark.parametrize(("n", "ok"), [(4, False), (5, True), (12, True), (13, False)])
def test_five_to_twelve_questions(n: int, ok: bool) -> None:
    spec = challenge_dict()
    base = spec["problem"]["questions"][0]
    spec["problem"]["questions"] = [dict(copy.deepcopy(base), id=f"q{i}") for i in range(1, n + 1)]
    if ok:
        assert len(validate_challenge(spec).problem.questions) == n
    else:
        assert any("$.problem.questions: " in p and "5-12" in p for p in _problems(spec))


def test_hidden_columns_are_not_visible_to_learner_sql() -> None:
    spec = challenge_dict()
    spec["problem"]["questions"][0]["answer_sql"] = "SELECT segment_code AS hotel_id, 1 AS n FROM dim_customer"
    assert any(p.startswith("$.problem.questions[0].answer_sql: SQL error") and "segment_code" in p
               for p in _problems(spec))


def test_null_values_need_a_nullable_column() -> None:
    spec = challenge_dict()
    column(spec, "fact_bookings", "rating")["nullable"] = False
    column(spec, "dim_hotel", "City")["generator"]["values"] = ["Pune", None, "Goa"]
    found = _problems(spec)
    assert any("columns[7].generator: fact_bookings.rating takes NULL here, so it must be nullable" in p for p in found)
    assert any("null is one of the values" in p for p in found)


def test_type_errors_are_words_not_type_dumps() -> None:
    spec = challenge_dict()
    table(spec, "fact_capacity")["primary_key"] = 5
    column(spec, "fact_bookings", "booking_date")["generator"]["after"] = 3
    column(spec, "dim_hotel", "City")["generator"] = {"kind": "sometimes"}
    found = _problems(spec)
    assert "$.schema.tables[3].primary_key: must be text or a list" in found
    assert "$.schema.tables[5].columns[5].generator.after: must be text or a list" in found
    assert any(p.startswith("$.schema.tables[0].columns[1].generator: unknown kind 'sometimes' (one of: sequence")
               for p in found)
    assert not any("list[str]" in p or "Input should" in p or ".date." in p for p in found)


def test_every_problem_at_once() -> None:
    spec = challenge_dict()
    column(spec, "fact_bookings", "booking_date")["generator"]["after"] = "rating"
    column(spec, "dim_customer", "full_name")["generator"]["gender_column"] = "city"
    column(spec, "fact_bookings", "stay_no")["generator"]["partition_by"] = ["guest_id"]
    assert len(_problems(spec)) == 3


def test_spec_schema_publishes_the_v2_constructs() -> None:
    text = json.dumps(json_schema())
    for name in ("grain", "density", "count_column", "when", "hidden", "precision", "scale", "before_lag",
                 "max_share", "weight_power", "match", "aggregate", "person_name", "row_number", "partition_by",
                 "min_column", "max_column", "ramp", "noise", '"year"', '"null"'):
        assert name in text, name


def test_size_dependent_checks_follow_the_run_rows() -> None:
    spec = challenge_dict()
    table(spec, "fact_main")["grain"] = ["customer_id"]
    spec["schema"]["default_rows"] = 4  # 4 customers: fits by default
    schema = validate_challenge(spec).schema_
    assert check_spec_constructs(schema, rows=4) == []
    found = [str(p) for p in check_spec_constructs(schema, rows=5)]
    assert found == ["$.schema.tables[6].grain: the grain customer_id (4) has only 4 distinct combinations, but "
                     "fact_main has 5 rows: a grain cannot be denser than the cross product"]
