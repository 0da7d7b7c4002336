"""A small spec v2 world used by the spec and constraints tests: hotels with a daily capacity grid, bookings
counted per cell, customers with names, cities and signup dates (every construct of docs/SPEC.md once)."""

from __future__ import annotations

import copy
from typing import Any

Spec = dict[str, Any]


def col(name: str, ctype: str, generator: dict, **extra: Any) -> dict:
    """A column dict."""
    return {"name": name, "type": ctype, "generator": generator, **extra}


def fk(**extra: Any) -> dict:
    """A foreign_key generator dict."""
    return {"kind": "foreign_key", **extra}


def schema_dict() -> Spec:
    """The schema part: 7 tables with names that have spaces and capitals."""
    tables = [
        {"name": "dim_hotel", "kind": "dimension", "primary_key": "hotel_id", "size": {"kind": "fixed", "rows": 3},
         "columns": [col("hotel_id", "id", {"kind": "sequence"}),
                     col("City", "category", {"kind": "choice", "values": ["Pune", "Goa", "Pune"], "cycle": True}),
                     col("opened_on", "date", {"kind": "date", "start": "2023-01-01", "end": "2023-12-31"})]},
        {"name": "Room Class", "kind": "dimension", "primary_key": "room class id", "size": {"kind": "fixed", "rows": 2},
         "columns": [col("room class id", "id", {"kind": "sequence"}),
                     col("class name", "category", {"kind": "choice", "values": ["Standard", "Suite"], "cycle": True})]},
        {"name": "dim_date", "kind": "dimension", "primary_key": "date", "size": {"kind": "calendar"},
         "columns": [col("date", "date", {"kind": "calendar"}),
                     col("fiscal year", "year", {"kind": "expression", "sql": "year(\"date\")"})]},
        {"name": "fact_capacity", "kind": "fact", "primary_key": "cell_id",
         "grain": ["hotel_id", "room class id", "date"],
         "size": {"kind": "grid", "parents": ["dim_hotel", "Room Class", "dim_date"]},
         "columns": [col("cell_id", "id", {"kind": "sequence"}),
                     col("hotel_id", "id", fk()), col("room class id", "id", fk()), col("date", "date", fk()),
                     col("capacity", "integer", {"kind": "distribution", "dist": "uniform",
                                                 "params": {"low": 1, "high": 4}, "min": 1, "max": 4, "round": 0}),
                     col("bookings", "integer", {"kind": "distribution", "dist": "uniform",
                                                 "params": {"low": 0, "high": 4}, "min": 0, "round": 0,
                                                 "max_column": "capacity"}),
                     col("checked_out", "integer", {"kind": "aggregate", "child": "fact_bookings", "fn": "count",
                                                    "where": "status = 'Checked Out'"})]},
        {"name": "dim_customer", "kind": "dimension", "primary_key": "customer_id", "size": {"kind": "fixed", "rows": 4},
         "columns": [col("customer_id", "id", {"kind": "sequence"}),
                     col("gender", "category", {"kind": "choice", "values": ["Male", "Female"]}),
                     col("full_name", "string", {"kind": "person_name", "gender_column": "gender", "repeat_rate": 0.02}),
                     col("city", "category", {"kind": "choice", "values": ["Pune", "Goa"], "cycle": True}),
                     col("signup_date", "date", {"kind": "date", "start": "2023-06-01", "end": "2023-12-31"}),
                     col("segment_code", "integer", {"kind": "choice", "values": [1, 2]}, hidden=True)]},
        {"name": "fact_bookings", "kind": "fact", "primary_key": "booking_id",
         "size": {"kind": "per_parent", "parent": "fact_capacity", "count_column": "bookings"},
         "columns": [col("booking_id", "id", {"kind": "sequence"}),
                     col("cell_id", "id", fk()),
                     col("hotel_id", "id", {"kind": "lookup", "via": "cell_id", "column": "hotel_id"}),
                     col("check_in", "date", {"kind": "lookup", "via": "cell_id", "column": "date"}),
                     col("customer_id", "id", fk(max_share=0.6, match={"column": "hotel_id.City",
                                                                       "parent_column": "city", "exceptions": 0.1})),
                     col("booking_date", "date", {"kind": "date", "after": "customer_id.signup_date",
                                                  "before": "check_in", "start": "2023-06-01"}),
                     col("status", "category", {"kind": "choice", "values": ["Checked Out", "Cancelled"]}),
                     col("rating", "integer", {"kind": "null"}, nullable=True,
                         when=[{"if": "status = 'Checked Out'", "generator": {
                             "kind": "distribution", "dist": "normal", "params": {"mean": 4, "sd": 1},
                             "min": 1, "max": 5, "round": 0}}]),
                     col("stay_no", "integer", {"kind": "row_number", "partition_by": ["customer_id"]})]},
        {"name": "fact_main", "kind": "fact", "primary_key": "id", "size": {"kind": "main"},
         "columns": [col("id", "id", {"kind": "sequence"}),
                     col("customer_id", "id", fk()),
                     col("nights", "integer", {"kind": "distribution", "dist": "uniform", "params": {"low": 1, "high": 9},
                                               "round": 0, "max_column": "customer_id.segment_code"})]},
    ]
    rels = [("dim_hotel", "hotel_id", "fact_capacity", "hotel_id"),
            ("Room Class", "room class id", "fact_capacity", "room class id"),
            ("dim_date", "date", "fact_capacity", "date"),
            ("fact_capacity", "cell_id", "fact_bookings", "cell_id"),
            ("dim_hotel", "hotel_id", "fact_bookings", "hotel_id"),
            ("dim_customer", "customer_id", "fact_bookings", "customer_id"),
            ("dim_customer", "customer_id", "fact_main", "customer_id")]
    return {
        "locale": "en_IN", "window": {"start": "2024-01-01", "end": "2024-01-03"}, "main_table": "fact_main",
        "default_rows": 10, "tables": tables,
        "relationships": [{"parent_table_name": p, "parent_primary_key": pk, "child_table_name": c,
                           "child_foreign_key": fkc} for p, pk, c, fkc in rels],
    }


def challenge_dict(schema: Spec | None = None) -> Spec:
    """A whole valid challenge around the schema (5 questions over shipped columns)."""
    qs = [{"id": f"q{i}", "text": f"Provide a report of bookings number {i} by hotel.",
           "output_fields": ["hotel_id", "n"],
           "answer_sql": "SELECT hotel_id, count(*) AS n FROM fact_bookings GROUP BY hotel_id"} for i in range(1, 6)]
    return {
        "spec_version": "2.0", "id": "hotel-grid-test", "seed": 7,
        "problem": {"company": "Stay Co", "domain": "hotel bookings", "statement": "Occupancy is falling in two cities.",
                    "characters": [{"name": "Asha", "role": "COO"}],
                    "kpis": [{"name": "Occupancy", "definition": "booked / capacity", "formula": "SUM(b)/SUM(c)"}],
                    "questions": qs},
        "schema": copy.deepcopy(schema) if schema is not None else schema_dict(),
    }


def table(spec: Spec, name: str) -> dict:
    """The table dict called `name` of a challenge or schema dict."""
    schema = spec.get("schema", spec)
    return next(t for t in schema["tables"] if t["name"] == name)


def column(spec: Spec, table_name: str, name: str) -> dict:
    """The column dict `name` of table `table_name`."""
    return next(c for c in table(spec, table_name)["columns"] if c["name"] == name)


def composite_capacity(spec: Spec) -> Spec:
    """The capacity grid keyed by (hotel_id, room class id, date); bookings then stand alone (18 fixed rows)."""
    table(spec, "fact_capacity")["primary_key"] = ["hotel_id", "room class id", "date"]
    rels = spec["schema"]["relationships"]
    spec["schema"]["relationships"] = [r for r in rels if r["parent_table_name"] != "fact_capacity"]
    column(spec, "fact_bookings", "cell_id")["generator"] = {"kind": "sequence"}
    column(spec, "fact_bookings", "hotel_id")["generator"] = {"kind": "foreign_key"}
    column(spec, "fact_bookings", "check_in")["generator"] = {"kind": "date"}
    table(spec, "fact_bookings")["size"] = {"kind": "fixed", "rows": 18}
    column(spec, "fact_capacity", "checked_out")["generator"] = {"kind": "choice", "values": [0]}
    return spec
