"""Spec v2 test specs written as challenge.json dicts: a monthly sales star at product x customer x month grain with
yearly price tables, a hotel schema with a daily capacity grid, and a delivery spec using every other construct.

`write_fixtures()` writes them to tests/fixtures/specs/*.json (the files other parts read).
"""

from __future__ import annotations

from pathlib import Path

from factory.spec.models import Challenge

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "specs"
WINDOW = {"start": "2023-01-01", "end": "2024-12-31", "fiscal_year_start_month": 9}


def column(name: str, type_: str, gen: dict, **extra: object) -> dict:
    return {"name": name, "type": type_, "description": f"{name.replace('_', ' ').capitalize()}.", "generator": gen,
            **extra}


def relationship(parent: str, key: str, child: str, fk: str) -> dict:
    return {"parent_table_name": parent, "parent_primary_key": key, "child_table_name": child, "child_foreign_key": fk}


def story(company: str, domain: str, table: str, fields: list[tuple[str, str]]) -> dict:
    questions = [{"id": f"q{i + 1}", "text": f"Report the {label} for the leadership review, please.",
                  "output_fields": ["n"], "answer_sql": f"SELECT count(DISTINCT {field}) AS n FROM {table}"}
                 for i, (field, label) in enumerate(fields)]
    return {"company": company, "domain": domain, "statement": f"{company} needs to understand its {domain} better.",
            "characters": [{"name": "Asha Verma", "role": "Head of Analytics", "part": "stakeholder"}],
            "kpis": [{"name": "Volume", "definition": "Rows in the main fact.", "formula": "COUNT(*)"}],
            "questions": questions}


def challenge(id_: str, problem: dict, schema: dict, seed: int = 11) -> Challenge:
    return Challenge.model_validate({"spec_version": "2.0", "id": id_, "seed": seed, "difficulty": "beginner",
                                     "problem": problem, "schema": schema})


def monthly_sales(products: int = 60, customers: int = 90) -> Challenge:
    """Consumer goods: gross sales per product x customer x month (a 35% grid), gross prices per product and year."""
    tables = [
        {"name": "dim_product", "kind": "dimension", "primary_key": "product_code",
         "size": {"kind": "fixed", "rows": products},
         "columns": [column("product_code", "string", {"kind": "sequence", "prefix": "P", "width": 4}),
                     column("segment", "category", {"kind": "choice", "values": ["Peripherals", "Accessories", "Storage"]}),
                     column("list_price", "decimal", {"kind": "distribution", "dist": "lognormal",
                                                  "params": {"mean": 3.5, "sigma": 0.5}, "min": 5, "round": 2},
                        precision=10, scale=2)]},
        {"name": "dim_customer", "kind": "dimension", "primary_key": "customer_code",
         "size": {"kind": "fixed", "rows": customers},
         "columns": [column("customer_code", "integer", {"kind": "sequence", "start": 90001}),
                     column("channel", "category", {"kind": "choice", "values": ["Retailer", "Direct", "Distributor"],
                                                "weights": [6, 2, 2]}),
                     column("market", "category", {"kind": "choice", "values": ["India", "USA", "Germany", "Japan"]})]},
        {"name": "dim_month", "kind": "dimension", "primary_key": "month", "size": {"kind": "fixed", "rows": 24},
         "columns": [column("month_no", "integer", {"kind": "sequence", "start": 0}, hidden=True),
                     column("month", "date", {"kind": "expression", "sql": "DATE '2023-01-01' + to_months(CAST(month_no AS INTEGER))"}),
                     column("mmm yy", "string", {"kind": "expression", "sql": "strftime(month, '%b %y')"}),
                     column("fiscal_year", "year", {"kind": "expression",
                                                "sql": "year(month) + CASE WHEN month(month) >= 9 THEN 1 ELSE 0 END"})]},
        {"name": "dim_fiscal_year", "kind": "dimension", "primary_key": "fiscal_year", "size": {"kind": "fixed", "rows": 3},
         "columns": [column("fiscal_year", "year", {"kind": "sequence", "start": 2023})]},
        {"name": "fact_gross_price", "kind": "fact", "primary_key": ["product_code", "fiscal_year"],
         "size": {"kind": "grid", "parents": ["dim_product", "dim_fiscal_year"]},
         "columns": [column("product_code", "string", {"kind": "foreign_key"}),
                     column("fiscal_year", "year", {"kind": "foreign_key"}),
                     column("gross_price", "decimal", {"kind": "expression", "sql":
                        "product_code.list_price * (1 + 0.05 * (fiscal_year - 2023)) * (0.95 + 0.1 * __rand)"},
                        precision=10, scale=2)]},
        {"name": "fact_monthly_sales", "kind": "fact", "primary_key": ["product_code", "customer_code", "month"],
         "grain": ["product_code", "customer_code", "month"],
         "size": {"kind": "grid", "parents": ["dim_product", "dim_customer", "dim_month"], "density": 0.35},
         "columns": [column("product_code", "string", {"kind": "foreign_key"}),
                     column("customer_code", "integer", {"kind": "foreign_key"}),
                     column("month", "date", {"kind": "foreign_key"}),
                     column("sold_quantity", "integer", {"kind": "distribution", "dist": "poisson", "params": {"lam": 40},
                                                     "min": 1})]},
    ]
    rels = [relationship("dim_product", "product_code", "fact_gross_price", "product_code"),
            relationship("dim_fiscal_year", "fiscal_year", "fact_gross_price", "fiscal_year"),
            relationship("dim_product", "product_code", "fact_monthly_sales", "product_code"),
            relationship("dim_customer", "customer_code", "fact_monthly_sales", "customer_code"),
            relationship("dim_month", "month", "fact_monthly_sales", "month")]
    schema = {"locale": "en_IN", "window": WINDOW, "main_table": "fact_monthly_sales", "default_rows": 1000,
              "tables": tables, "relationships": rels}
    problem = story("Atlas Hardware", "consumer goods sales", "fact_monthly_sales",
                       [("product_code", "products sold"), ("customer_code", "customers served"),
                        ("month", "months covered"), ("sold_quantity", "quantity levels"), ("customer_code", "accounts")])
    return challenge("v2-monthly-sales", problem, schema)


def hotel(hotels: int = 6) -> Challenge:
    """Hotels: a daily capacity grid (hotel x day x room class) whose booking counts are exactly its booking rows."""
    status = {"kind": "choice", "values": ["Checked Out", "Cancelled", "No Show"], "weights": [0.72, 0.2, 0.08]}
    tables = [
        {"name": "dim_hotel", "kind": "dimension", "primary_key": "property_id", "size": {"kind": "fixed", "rows": hotels},
         "columns": [column("property_id", "integer", {"kind": "sequence", "start": 16558}),
                     column("property_name", "string", {"kind": "choice", "values": ["Atliq Grands", "Atliq Exotica",
                                                                                "Atliq City", "Atliq Blu"]}),
                     column("city", "category", {"kind": "choice", "values": ["Delhi", "Mumbai", "Hyderabad", "Bangalore"],
                                             "cycle": True})]},
        {"name": "dim_date", "kind": "dimension", "primary_key": "date", "size": {"kind": "calendar"},
         "columns": [column("date", "date", {"kind": "calendar"}),
                     column("week no", "string", {"kind": "expression", "sql": "'W ' || week(date)"})]},
        {"name": "dim_rooms", "kind": "dimension", "primary_key": "room_id", "size": {"kind": "fixed", "rows": 4},
         "columns": [column("room_id", "string", {"kind": "sequence", "prefix": "RT", "width": 1}),
                     column("room_class", "category", {"kind": "choice", "values": ["Standard", "Elite", "Premium",
                                                                               "Presidential"], "cycle": True}),
                     column("max_guests", "integer", {"kind": "choice", "values": [2, 3, 4, 6], "cycle": True})]},
        {"name": "fact_aggregated_bookings", "kind": "fact", "primary_key": "cell_id",
         "grain": ["property_id", "check_in_date", "room_category"],
         "size": {"kind": "grid", "parents": ["dim_hotel", "dim_date", "dim_rooms"]},
         "columns": [column("cell_id", "integer", {"kind": "sequence"}),
                     column("property_id", "integer", {"kind": "foreign_key"}),
                     column("check_in_date", "date", {"kind": "foreign_key"}),
                     column("room_category", "string", {"kind": "foreign_key"}),
                     column("capacity", "integer", {"kind": "distribution", "dist": "uniform",
                                                "params": {"low": 3, "high": 25}, "round": 0}),
                     column("successful_bookings", "integer", {"kind": "distribution", "dist": "poisson",
                                                           "params": {"lam": 9}, "min": 0, "max_column": "capacity"}),
                     column("checked_out", "integer", {"kind": "aggregate", "child": "fact_bookings", "fn": "count",
                                                   "where": "booking_status = 'Checked Out'"})]},
        {"name": "fact_bookings", "kind": "fact", "primary_key": "booking_id",
         "size": {"kind": "per_parent", "parent": "fact_aggregated_bookings", "count_column": "successful_bookings"},
         "columns": [column("booking_id", "string", {"kind": "sequence", "prefix": "BK", "width": 8}),
                     column("cell_id", "integer", {"kind": "foreign_key"}),
                     column("property_id", "integer", {"kind": "lookup", "via": "cell_id", "column": "property_id"}),
                     column("check_in_date", "date", {"kind": "lookup", "via": "cell_id", "column": "check_in_date"}),
                     column("room_category", "string", {"kind": "lookup", "via": "cell_id", "column": "room_category"}),
                     column("booking_date", "date", {"kind": "date", "start": "2022-11-01", "before": "check_in_date"}),
                     column("no_guests", "integer", {"kind": "distribution", "dist": "poisson", "params": {"lam": 2},
                                                 "min": 1, "max_column": "cell_id.room_category.max_guests"}),
                     column("nights", "integer", {"kind": "distribution", "dist": "poisson", "params": {"lam": 1.5},
                                              "min": 1, "max": 10}, hidden=True),
                     column("checkout_date", "date", {"kind": "expression", "sql": "check_in_date + CAST(nights AS INTEGER)"}),
                     column("booking_status", "category", status),
                     column("ratings_given", "integer", {"kind": "null"}, nullable=True, when=[
                         {"if": "booking_status = 'Checked Out' AND __rand < 0.6",
                          "generator": {"kind": "distribution", "dist": "normal", "params": {"mean": 3.9, "sd": 0.9},
                                        "min": 1, "max": 5, "round": 0}}]),
                     column("revenue_generated", "decimal", {"kind": "expression",
                        "sql": "round(nights * (2500 + 1500 * no_guests) * (0.9 + 0.2 * __rand), 2)"}, scale=2, precision=12),
                     column("revenue_realized", "decimal", {"kind": "expression", "sql": "revenue_generated"}, scale=2,
                        precision=12, when=[{"if": "booking_status = 'Cancelled'",
                                             "generator": {"kind": "expression", "sql": "round(revenue_generated * 0.4, 2)"}}])]},
    ]
    rels = [relationship("dim_hotel", "property_id", "fact_aggregated_bookings", "property_id"),
            relationship("dim_date", "date", "fact_aggregated_bookings", "check_in_date"),
            relationship("dim_rooms", "room_id", "fact_aggregated_bookings", "room_category"),
            relationship("fact_aggregated_bookings", "cell_id", "fact_bookings", "cell_id"),
            relationship("dim_hotel", "property_id", "fact_bookings", "property_id"),
            relationship("dim_rooms", "room_id", "fact_bookings", "room_category")]
    schema = {"locale": "en_IN", "window": {"start": "2024-05-01", "end": "2024-07-31"}, "main_table": "fact_bookings",
              "default_rows": 1000, "tables": tables, "relationships": rels}
    problem = story("Atliq Grands", "hotel bookings", "fact_bookings",
                       [("property_id", "properties"), ("room_category", "room classes"), ("booking_status", "statuses"),
                        ("check_in_date", "check-in days"), ("ratings_given", "rating levels")])
    return challenge("v2-hotel", problem, schema)


def delivery() -> Challenge:
    """Quick delivery: customers and stores in cities (orders matched to the customer's city), orders after signup
    and store opening, state-dependent delivery minutes and ratings, counted order items numbered per order,
    order value summed from the items, price-aware product popularity, a daily store grid and a ramped effect."""
    delivered = "status = 'Delivered'"
    tables = [
        {"name": "dim_city", "kind": "dimension", "primary_key": "city_id", "size": {"kind": "fixed", "rows": 6},
         "columns": [column("city_id", "integer", {"kind": "sequence"}),
                     column("city_name", "string", {"kind": "choice", "values": ["Indore", "Nagpur", "Surat", "Jaipur",
                                                                            "Lucknow", "Kochi"], "cycle": True})]},
        {"name": "dim_customer", "kind": "dimension", "primary_key": "customer_id",
         "size": {"kind": "ratio", "ratio": 0.08, "min_rows": 300},
         "columns": [column("customer_id", "string", {"kind": "sequence", "prefix": "C", "width": 7}),
                     column("gender", "category", {"kind": "choice", "values": ["Male", "Female", None],
                                               "weights": [0.48, 0.48, 0.04]}, nullable=True),
                     column("full_name", "string", {"kind": "person_name", "gender_column": "gender", "repeat_rate": 0.02}),
                     column("city_id", "integer", {"kind": "foreign_key", "skew": 0.6}),
                     column("signup_date", "date", {"kind": "date", "start": "2023-01-01", "end": "2024-11-30"}),
                     column("segment", "category", {"kind": "choice", "values": ["Gold", "Silver", None]}, nullable=True),
                     column("birth_year", "year", {"kind": "distribution", "dist": "normal",
                                               "params": {"mean": 1991, "sd": 8}, "min": 1950, "max": 2006}),
                     column("delivered_orders", "integer", {"kind": "aggregate", "child": "fact_orders", "fn": "count",
                                                            "where": delivered}),
                     column("lifetime_value", "decimal", {"kind": "aggregate", "child": "fact_orders", "fn": "sum",
                                                          "column": "order_value", "where": delivered},
                            precision=14, scale=2)]},
        {"name": "dim_store", "kind": "dimension", "primary_key": "store_id", "size": {"kind": "fixed", "rows": 24},
         "columns": [column("store_id", "integer", {"kind": "sequence", "start": 1}),
                     column("city_id", "integer", {"kind": "expression", "sql": "1 + (store_id - 1) % 6"}),
                     column("opened_on", "date", {"kind": "date", "start": "2023-06-01", "end": "2024-06-30"})]},
        {"name": "dim_product", "kind": "dimension", "primary_key": "product_id", "size": {"kind": "fixed", "rows": 80},
         "columns": [column("product_id", "string", {"kind": "sequence", "prefix": "SKU", "width": 4}),
                     column("mrp", "decimal", {"kind": "distribution", "dist": "lognormal",
                                           "params": {"mean": 4.6, "sigma": 0.8}, "min": 10, "round": 2},
                        precision=8, scale=2)]},
        {"name": "dim_date", "kind": "dimension", "primary_key": "date", "size": {"kind": "calendar"},
         "columns": [column("date", "date", {"kind": "calendar"})]},
        {"name": "fact_orders", "kind": "fact", "primary_key": "order_id", "size": {"kind": "main"},
         "columns": [column("order_id", "string", {"kind": "sequence", "prefix": "ORD", "width": 9}),
                     column("customer_id", "string", {"kind": "foreign_key", "skew": 1.1, "max_share": 0.01}),
                     column("store_id", "integer", {"kind": "foreign_key", "match": {
                         "column": "customer_id.city_id", "parent_column": "city_id", "exceptions": 0.02}}),
                     column("order_ts", "timestamp", {"kind": "date", "trend": 0.3,
                                                  "after": ["customer_id.signup_date", "store_id.opened_on"],
                                                  "hour_weights": [1] * 7 + [3] * 4 + [5] * 4 + [3] * 4 + [6] * 3 + [2] * 2}),
                     column("status", "category", {"kind": "choice", "values": ["Delivered", "Cancelled", "Returned"],
                                               "weights": [0.86, 0.1, 0.04]}),
                     column("delivery_minutes", "integer", {"kind": "null"}, nullable=True, when=[
                         {"if": delivered, "generator": {"kind": "distribution", "dist": "normal",
                                                         "params": {"mean": 24, "sd": 7}, "min": 8, "round": 0}}]),
                     column("delivered_ts", "timestamp", {"kind": "null"}, nullable=True, when=[
                         {"if": delivered, "generator": {"kind": "date", "after": "order_ts", "lag_min": 8,
                                                         "lag_max": 90}}]),
                     column("rating", "integer", {"kind": "null"}, nullable=True, when=[
                         {"if": f"{delivered} AND __rand < 0.55", "generator": {
                             "kind": "distribution", "dist": "normal", "params": {"mean": 4.1, "sd": 0.9},
                             "min": 1, "max": 5, "round": 0}}]),
                     column("item_count", "integer", {"kind": "distribution", "dist": "poisson", "params": {"lam": 1.6},
                                                  "min": 1, "max": 8}),
                     column("order_value", "decimal", {"kind": "aggregate", "child": "fact_order_items", "fn": "sum",
                                                   "column": "line_amount"}, precision=12, scale=2)]},
        {"name": "fact_order_items", "kind": "fact", "primary_key": ["order_id", "line_no"],
         "size": {"kind": "per_parent", "parent": "fact_orders", "count_column": "item_count"},
         "columns": [column("order_id", "string", {"kind": "foreign_key"}),
                     column("line_no", "integer", {"kind": "row_number", "partition_by": ["order_id"]}),
                     column("product_id", "string", {"kind": "foreign_key", "skew": 0.4, "weight_column": "mrp",
                                                 "weight_power": -0.6, "max_share": 0.06}),
                     column("quantity", "integer", {"kind": "distribution", "dist": "poisson", "params": {"lam": 1.2},
                                                "min": 1, "max": 6}),
                     column("unit_price", "decimal", {"kind": "lookup", "via": "product_id", "column": "mrp"}),
                     column("line_amount", "decimal", {"kind": "expression", "sql": "quantity * unit_price"},
                        precision=12, scale=2)]},
        {"name": "fact_store_day", "kind": "fact", "primary_key": ["store_id", "date"],
         "size": {"kind": "grid", "parents": ["dim_store", "dim_date"], "density": 0.5},
         "columns": [column("store_id", "integer", {"kind": "foreign_key"}),
                     column("date", "date", {"kind": "foreign_key"}),
                     column("target_orders", "integer", {"kind": "distribution", "dist": "poisson", "params": {"lam": 40}})]},
    ]
    rels = [relationship("dim_city", "city_id", "dim_customer", "city_id"), relationship("dim_city", "city_id", "dim_store", "city_id"),
            relationship("dim_customer", "customer_id", "fact_orders", "customer_id"),
            relationship("dim_store", "store_id", "fact_orders", "store_id"),
            relationship("fact_orders", "order_id", "fact_order_items", "order_id"),
            relationship("dim_product", "product_id", "fact_order_items", "product_id"),
            relationship("dim_store", "store_id", "fact_store_day", "store_id"),
            relationship("dim_date", "date", "fact_store_day", "date")]
    insight = {"id": "slow_indore", "title": "Indore slows down", "statement": "Delivery in city 1 slows from June.",
               "effect": {"kind": "scale", "table": "fact_orders", "column": "delivery_minutes",
                          "where": "store_id.city_id = 1", "factor": 1.4, "noise": 0.05,
                          "ramp": {"column": "order_ts", "start": "2024-06-01", "end": "2024-09-30"}},
               "detect_sql": "SELECT true"}
    schema = {"locale": "en_IN", "window": {"start": "2024-01-01", "end": "2024-12-31"}, "main_table": "fact_orders",
              "default_rows": 5000, "tables": tables, "relationships": rels, "insights": [insight]}
    problem = story("Swiftbasket", "quick delivery", "fact_orders",
                       [("customer_id", "active customers"), ("store_id", "stores"), ("status", "statuses"),
                        ("rating", "rating levels"), ("order_id", "orders")])
    return challenge("v2-delivery", problem, schema)


def write_fixtures() -> list[Path]:
    """Write the test specs as challenge.json files under tests/fixtures/specs/."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    out = []
    for name, ch in (("monthly_sales", monthly_sales()), ("hotel_capacity", hotel()), ("delivery", delivery())):
        path = FIXTURES / f"{name}.json"
        path.write_text(ch.to_json() + "\n", encoding="utf-8")
        out.append(path)
    return out
