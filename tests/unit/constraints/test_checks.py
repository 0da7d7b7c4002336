"""Every construct compiles to a check that holds on valid hand-built tables and finds a planted violation,
naming the table, the column and example rows."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

import pytest

from factory.constraints import CheckResult, CompiledCheck, compile_checks, run_checks
from factory.spec import validate_challenge
from tests.unit.constraints.world import Data, connection, world
from tests.unit.spec.v2_spec import challenge_dict

HIDDEN = {("dim_customer", "segment_code")}


@pytest.fixture(scope="module")
def checks() -> list[CompiledCheck]:
    return compile_checks(validate_challenge(challenge_dict()).schema_)


def run(checks: list[CompiledCheck], data: Data, *, ship_hidden: bool = False) -> dict[str, CheckResult]:
    shipped = connection(data, hidden=set() if ship_hidden else HIDDEN)
    full = connection(data)
    return {c.id: run_checks(full if c.uses_hidden else shipped, [c])[0] for c in checks}


def test_valid_tables_pass_every_check(checks: list[CompiledCheck]) -> None:
    results = run(checks, world())
    assert len(results) >= 17
    assert {c.category for c in checks} == {"referential_integrity", "business_rules", "temporal_consistency",
                                            "distributions"}
    failed = [r.describe() for r in results.values() if not r.passed]
    assert failed == []
    assert all(r.total_rows > 0 and r.violations == 0 for r in results.values())


def _set(data: Data, table: str, column: str, row: int, value: object) -> None:
    data[table][column][row] = value


def _drop_last_cell(d: Data) -> None:
    last = d["fact_capacity"]["cell_id"][-1]
    keep = [i for i, c in enumerate(d["fact_bookings"]["cell_id"]) if c != last]
    d["fact_bookings"] = {k: [v[i] for i in keep] for k, v in d["fact_bookings"].items()}
    d["fact_capacity"] = {k: v[:-1] for k, v in d["fact_capacity"].items()}


def _first(d: Data, table: str, column: str, pred: Callable[[object], bool]) -> int:
    return next(i for i, v in enumerate(d[table][column]) if pred(v))


def _cancelled(d: Data) -> int:
    return _first(d, "fact_bookings", "status", lambda s: s == "Cancelled")


def _checked_out(d: Data) -> int:
    return _first(d, "fact_bookings", "status", lambda s: s == "Checked Out")


def _booked_cell(d: Data) -> int:
    return _first(d, "fact_capacity", "bookings", lambda n: n >= 1)


def _remove_booking(d: Data) -> int:
    d["fact_bookings"] = {k: v[1:] for k, v in d["fact_bookings"].items()}
    return d["fact_capacity"]["cell_id"][_first(d, "fact_capacity", "bookings", lambda n: n >= 1)]


# (check id, table, column, plant(data) -> key value expected among the example rows, key column)
def _plant_grain(d: Data) -> int:
    for c in ("hotel_id", "room class id", "date"):
        _set(d, "fact_capacity", c, 1, d["fact_capacity"][c][0])
    return 2


def _plant_grid(d: Data) -> int:
    _drop_last_cell(d)
    return 3  # hotel 3, room class 2, last day is missing


def _plant_aggregate(d: Data) -> int:
    _set(d, "fact_capacity", "checked_out", 4, d["fact_capacity"]["checked_out"][4] + 1)
    return 5


def _plant_capacity(d: Data) -> int:
    i = _booked_cell(d)
    _set(d, "fact_capacity", "bookings", i, d["fact_capacity"]["capacity"][i] + 1)
    return i + 1


def _plant_row_number(d: Data) -> int:
    _set(d, "fact_bookings", "stay_no", 3, 99)
    return 4


def _plant_lookup(d: Data) -> int:
    _set(d, "fact_bookings", "hotel_id", 2, 3 if d["fact_bookings"]["hotel_id"][2] != 3 else 1)
    return 3


def _plant_match(d: Data) -> int:
    d["fact_bookings"]["customer_id"] = [2] * len(d["fact_bookings"]["customer_id"])  # a Goa customer everywhere
    return d["fact_bookings"]["booking_id"][_first(d, "fact_bookings", "hotel_id", lambda h: h in (1, 3))]


def _plant_max_share(d: Data) -> int:
    d["fact_bookings"]["customer_id"] = [1] * len(d["fact_bookings"]["customer_id"])
    return 1


def _plant_after(d: Data) -> int:
    _set(d, "fact_bookings", "booking_date", 5, dt.date(2023, 5, 1))
    return 6


def _plant_before(d: Data) -> int:
    _set(d, "fact_bookings", "booking_date", 6, dt.date(2024, 2, 1))
    return 7


def _plant_null_branch(d: Data) -> int:
    i = _cancelled(d)
    _set(d, "fact_bookings", "rating", i, 3)
    return i + 1


def _plant_value_branch(d: Data) -> int:
    i = _checked_out(d)
    _set(d, "fact_bookings", "rating", i, None)
    return i + 1


def _plant_gender(d: Data) -> int:
    _set(d, "dim_customer", "full_name", 1, "Rahul Iyer")  # a Female customer with a first name used for men
    return 2


def _plant_repeat(d: Data) -> int:
    _set(d, "dim_customer", "full_name", 4, "Rahul Sharma")
    return 5


def _plant_hidden_bound(d: Data) -> int:
    _set(d, "fact_main", "nights", 0, 9)
    return 1


def _plant_count(d: Data) -> int:
    return _remove_booking(d)


PLANTS = [
    ("grain.fact_capacity", "fact_capacity", "hotel_id, room class id, date", _plant_grain, "cell_id"),
    ("grid.fact_capacity", "fact_capacity", "hotel_id, room class id, date", _plant_grid, "hotel_id"),
    ("count.fact_capacity.bookings", "fact_capacity", "bookings", _plant_count, "cell_id"),
    ("aggregate.fact_capacity.checked_out", "fact_capacity", "checked_out", _plant_aggregate, "cell_id"),
    ("max_column.fact_capacity.bookings", "fact_capacity", "bookings", _plant_capacity, "cell_id"),
    ("row_number.fact_bookings.stay_no", "fact_bookings", "stay_no", _plant_row_number, "booking_id"),
    ("lookup.fact_bookings.hotel_id", "fact_bookings", "hotel_id", _plant_lookup, "booking_id"),
    ("match.fact_bookings.customer_id", "fact_bookings", "customer_id", _plant_match, "booking_id"),
    ("max_share.fact_bookings.customer_id", "fact_bookings", "customer_id", _plant_max_share, "customer_id"),
    ("after.fact_bookings.booking_date.0", "fact_bookings", "booking_date", _plant_after, "booking_id"),
    ("before.fact_bookings.booking_date.0", "fact_bookings", "booking_date", _plant_before, "booking_id"),
    ("when.fact_bookings.rating.branch1", "fact_bookings", "rating", _plant_null_branch, "booking_id"),
    ("when.fact_bookings.rating.branch0", "fact_bookings", "rating", _plant_value_branch, "booking_id"),
    ("name_gender.dim_customer.full_name", "dim_customer", "full_name", _plant_gender, "customer_id"),
    ("name_repeat.dim_customer.full_name", "dim_customer", "full_name", _plant_repeat, "customer_id"),
    ("max_column.fact_main.nights", "fact_main", "nights", _plant_hidden_bound, "id"),
]


@pytest.mark.parametrize(("check_id", "table", "column", "plant", "key"), PLANTS, ids=[p[0] for p in PLANTS])
def test_planted_violation_is_found(checks: list[CompiledCheck], check_id: str, table: str, column: str,
                                    plant: Callable[[Data], int], key: str) -> None:
    data = copy.deepcopy(world())
    expected_key = plant(data)
    result = run(checks, data)[check_id]
    assert not result.passed, result.describe()
    assert (result.check.table, result.check.column) == (table, column)
    assert result.violations >= 1 and result.error == ""
    assert any(row.get(key) == expected_key for row in result.examples), result.examples
    assert len(result.examples) <= 5
    assert table in result.describe() and "violated" in result.describe()


def test_hidden_column_in_shipped_data_is_found(checks: list[CompiledCheck]) -> None:
    result = run(checks, world(), ship_hidden=True)["hidden.dim_customer.segment_code"]
    assert not result.passed
    assert result.examples == [{"table_name": "dim_customer", "column_name": "segment_code"}]


def test_hidden_column_checks_are_marked_and_cannot_run_on_shipped_data(checks: list[CompiledCheck]) -> None:
    bound = next(c for c in checks if c.id == "max_column.fact_main.nights")
    assert bound.uses_hidden
    result = run_checks(connection(world(), hidden=HIDDEN), [bound])[0]
    assert result.error and not result.passed
    assert "could not run" in result.describe()


def test_match_exceptions_within_tolerance_pass(checks: list[CompiledCheck]) -> None:
    data = copy.deepcopy(world())
    i = _first(data, "fact_bookings", "hotel_id", lambda h: h == 2)  # a Goa hotel
    _set(data, "fact_bookings", "customer_id", i, 1)  # one Pune customer: 1 of 18 rows, under 10% exceptions
    result = run(checks, data)["match.fact_bookings.customer_id"]
    assert result.violations == 1 and result.passed


def test_missing_table_is_an_error_not_an_exception(checks: list[CompiledCheck]) -> None:
    data = world()
    del data["fact_bookings"]
    results = run(checks, data)
    assert results["after.fact_bookings.booking_date.0"].error
    assert not results["after.fact_bookings.booking_date.0"].passed


def test_when_branch_on_a_parent_column() -> None:
    spec = challenge_dict()
    rating = next(c for t in spec["schema"]["tables"] if t["name"] == "fact_bookings" for c in t["columns"]
                  if c["name"] == "rating")
    rating["when"][0]["if"] = "status = 'Checked Out' AND hotel_id.City = 'Pune'"
    checks = [c for c in compile_checks(validate_challenge(spec).schema_) if c.id.startswith("when.")]
    data = copy.deepcopy(world())
    b = data["fact_bookings"]
    b["rating"] = [4 if s == "Checked Out" and h in (1, 3) else None for s, h in zip(b["status"], b["hotel_id"], strict=True)]
    assert all(r.passed for r in run(checks, data).values())
    goa = _first(data, "fact_bookings", "hotel_id", lambda h: h == 2)
    b["rating"][goa] = 5  # a Goa booking is in the NULL branch
    found = run(checks, data)["when.fact_bookings.rating.branch1"]
    assert not found.passed and found.examples[0]["booking_id"] == goa + 1
    assert found.examples[0]["hotel_id.City"] == "Goa"


def test_checks_reading_a_hidden_column_of_the_row_are_marked() -> None:
    spec = challenge_dict()
    cust = next(t for t in spec["schema"]["tables"] if t["name"] == "dim_customer")
    cust["columns"].append({"name": "vip", "type": "category", "nullable": True, "generator": {"kind": "null"},
                            "when": [{"if": "segment_code = 2", "generator": {"kind": "choice", "values": ["yes"]}}]})
    checks = {c.id: c for c in compile_checks(validate_challenge(spec).schema_)}
    assert checks["when.dim_customer.vip.branch0"].uses_hidden and checks["when.dim_customer.vip.branch1"].uses_hidden
    assert not checks["name_gender.dim_customer.full_name"].uses_hidden
