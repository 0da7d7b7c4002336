"""A small coherent world built by hand (no generator): a grocery chain whose orders come after the customer
signed up and the store opened, from a store in the customer's city, inside the customer's subscription;
ratings and delivery times only for delivered orders; gendered first names; no dominant parent.

`build_world(path)` writes challenge.json + datasets/*.csv (story numbers filled); tests plant one defect.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from faker.providers.person.en_IN import Provider as Names

from factory.answers import fill_story_numbers

ORDERS, CUSTOMERS, STORES, PRODUCTS = 3000, 300, 24, 60
CITIES = [("Pune", "Maharashtra"), ("Nagpur", "Maharashtra"), ("Indore", "Madhya Pradesh"),
          ("Bhopal", "Madhya Pradesh"), ("Jaipur", "Rajasthan"), ("Kochi", "Kerala")]
CATEGORIES = [("Dairy", 60.0), ("Staples", 120.0), ("Snacks", 35.0), ("Beverages", 90.0), ("Personal Care", 240.0)]
RATING_W = [0.05, 0.1, 0.2, 0.35, 0.3]
WINDOW = (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def _col(name: str, type_: str, gen: dict[str, Any], desc: str, nullable: bool = False) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": desc, "nullable": nullable, "generator": gen}


def _seq(prefix: str | None = None, width: int = 6) -> dict[str, Any]:
    return {"kind": "sequence", "prefix": prefix, "width": width}


FK = {"kind": "foreign_key"}


def _tables() -> list[dict[str, Any]]:
    return [
        {"name": "dim_city", "kind": "dimension", "primary_key": "city_id", "description": "Cities served.",
         "size": {"kind": "fixed", "rows": len(CITIES)}, "columns": [
             _col("city_id", "id", _seq(), "City identifier."),
             _col("city_name", "category", {"kind": "choice", "values": [c for c, _ in CITIES], "cycle": True}, "City name."),
             _col("state", "category", {"kind": "choice", "values": [s for _, s in CITIES], "cycle": True}, "State of the city.")]},
        {"name": "dim_store", "kind": "dimension", "primary_key": "store_id", "description": "Stores that deliver orders.",
         "size": {"kind": "fixed", "rows": STORES}, "columns": [
             _col("store_id", "string", _seq("S", 3), "Store code."),
             _col("city_id", "id", FK, "City of the store."),
             _col("opened_on", "date", {"kind": "date", "start": "2019-01-01", "end": "2021-12-31"}, "Date the store opened.")]},
        {"name": "dim_product", "kind": "dimension", "primary_key": "product_id", "description": "Products sold.",
         "size": {"kind": "fixed", "rows": PRODUCTS}, "columns": [
             _col("product_id", "string", _seq("P", 4), "Product code."),
             _col("category", "category", {"kind": "choice", "values": [c for c, _ in CATEGORIES], "cycle": True}, "Product category."),
             _col("price", "decimal", {"kind": "choice", "values": [p for _, p in CATEGORIES], "cycle": True}, "Unit price in INR.")]},
        {"name": "dim_customer", "kind": "dimension", "primary_key": "customer_id", "description": "Registered customers.",
         "size": {"kind": "ratio", "ratio": CUSTOMERS / ORDERS, "min_rows": 50}, "columns": [
             _col("customer_id", "string", _seq("C", 5), "Customer code."),
             _col("customer_name", "string", {"kind": "faker", "provider": "name", "pool_size": 100000}, "Customer full name."),
             _col("gender", "category", {"kind": "choice", "values": ["Female", "Male"]}, "Gender given at sign-up."),
             _col("city_id", "id", FK, "Home city of the customer."),
             _col("signup_date", "date", {"kind": "date", "start": "2020-01-01", "end": "2021-12-31"}, "Date the customer signed up.")]},
        {"name": "fact_subscriptions", "kind": "fact", "primary_key": "subscription_id",
         "description": "Delivery-pass subscriptions, one per customer.",
         "size": {"kind": "per_parent", "parent": "dim_customer", "fraction": 1.0}, "columns": [
             _col("subscription_id", "string", _seq("SB", 5), "Subscription code."),
             _col("customer_id", "string", {"kind": "foreign_key", "unique": True}, "Subscribed customer."),
             _col("plan", "category", {"kind": "choice", "values": ["Basic", "Plus"], "weights": [0.7, 0.3]}, "Plan name."),
             _col("start_date", "date", {"kind": "lookup", "via": "customer_id", "column": "signup_date"}, "First day of the subscription."),
             _col("end_date", "date", {"kind": "expression", "sql": "DATE '2023-12-31'"}, "Last day of the subscription.")]},
        {"name": "fact_orders", "kind": "fact", "primary_key": "order_id", "description": "One row per order.",
         "size": {"kind": "main"}, "columns": [
             _col("order_id", "string", _seq("O", 6), "Order code."),
             _col("order_date", "date", {"kind": "date"}, "Date the order was placed."),
             _col("customer_id", "string", FK, "Customer who ordered."),
             _col("store_id", "string", FK, "Store that delivered."),
             _col("product_id", "string", FK, "Product ordered."),
             _col("quantity", "integer", {"kind": "choice", "values": [1, 2, 3]}, "Units ordered."),
             _col("unit_price", "decimal", {"kind": "lookup", "via": "product_id", "column": "price"}, "Price per unit in INR."),
             _col("amount", "decimal", {"kind": "expression", "sql": "quantity * unit_price"}, "Amount paid in INR."),
             _col("status", "category", {"kind": "choice", "values": ["Delivered", "Cancelled"], "weights": [0.9, 0.1]}, "Order status."),
             _col("delivery_minutes", "integer", {"kind": "distribution", "dist": "uniform", "params": {"low": 10, "high": 40},
                                                  "min": 10, "max": 40, "round": 0}, "Minutes to deliver (delivered orders).", True)]},
        {"name": "fact_ratings", "kind": "fact", "primary_key": "rating_id", "description": "Ratings of delivered orders.",
         "size": {"kind": "per_parent", "parent": "fact_orders", "fraction": 0.8}, "columns": [
             _col("rating_id", "string", _seq("R", 6), "Rating code."),
             _col("order_id", "string", {"kind": "foreign_key", "unique": True}, "Order rated."),
             _col("order_date", "date", {"kind": "lookup", "via": "order_id", "column": "order_date"}, "Date of the order."),
             _col("review_date", "date", {"kind": "date", "after": "order_date", "lag_min": 0, "lag_max": 10}, "Date of the rating."),
             _col("stars", "integer", {"kind": "choice", "values": [1, 2, 3, 4, 5], "weights": RATING_W}, "Stars given, 1 to 5.")]},
    ]


REL = [("dim_store", "city_id", "dim_city", "city_id"), ("dim_customer", "city_id", "dim_city", "city_id"),
       ("fact_subscriptions", "customer_id", "dim_customer", "customer_id"),
       ("fact_orders", "customer_id", "dim_customer", "customer_id"), ("fact_orders", "store_id", "dim_store", "store_id"),
       ("fact_orders", "product_id", "dim_product", "product_id"), ("fact_ratings", "order_id", "fact_orders", "order_id")]

QUESTIONS = [
    ("q1", "Revenue by product category.", ["category", "revenue"],
     "SELECT p.category, sum(o.amount) AS revenue FROM fact_orders o JOIN dim_product p USING (product_id) GROUP BY 1 ORDER BY 2 DESC"),
    ("q2", "Orders by city of the store.", ["city_name", "orders"],
     "SELECT c.city_name, count(*) AS orders FROM fact_orders o JOIN dim_store s USING (store_id) "
     "JOIN dim_city c ON c.city_id = s.city_id GROUP BY 1 ORDER BY 2 DESC"),
    ("q3", "Top ten customers by revenue.", ["customer_name", "revenue"],
     "SELECT c.customer_name, sum(o.amount) AS revenue FROM fact_orders o JOIN dim_customer c USING (customer_id) "
     "GROUP BY c.customer_id, 1 ORDER BY 2 DESC, 1 LIMIT 10"),
    ("q4", "Subscriptions by plan.", ["plan", "subscriptions"],
     "SELECT plan, count(*) AS subscriptions FROM fact_subscriptions GROUP BY 1 ORDER BY 2 DESC"),
    ("q5", "Orders per month.", ["month", "orders"],
     "SELECT strftime(order_date, '%Y-%m') AS month, count(*) AS orders FROM fact_orders GROUP BY 1 ORDER BY 1"),
    ("q6", "Ratings per number of stars.", ["stars", "ratings"],
     "SELECT CAST(stars AS VARCHAR) AS stars, count(*) AS ratings FROM fact_ratings GROUP BY 1 ORDER BY 1"),
]


def spec() -> dict[str, Any]:
    """The world's challenge.json."""
    questions = [{"id": q, "text": text, "output_fields": fields, "answer_sql": sql,
                  "chart": {"type": "bar", "x": fields[0], "y": [fields[1]]}} for q, text, fields, sql in QUESTIONS]
    problem = {"company": "Fresh Basket", "domain": "grocery delivery", "city": "Pune",
               "statement": f"Fresh Basket delivers groceries across {len(CITIES)} cities and took {{orders}} orders.",
               "characters": [{"name": "Asha Rao", "role": "Chief Executive Officer", "part": "stakeholder"}],
               "kpis": [{"name": "Revenue", "definition": "Money taken", "formula": "SUM(amount)"}],
               "questions": questions,
               "story_numbers": [{"id": "orders", "description": "Orders", "sql": "SELECT count(*) FROM fact_orders", "decimals": 0}]}
    rels = [{"child_table_name": c, "child_foreign_key": f, "parent_table_name": p, "parent_primary_key": k} for c, f, p, k in REL]
    schema = {"locale": "en_IN", "window": {"start": str(WINDOW[0]), "end": str(WINDOW[1])}, "main_table": "fact_orders",
              "default_rows": ORDERS, "tables": _tables(), "relationships": rels}
    return {"id": "fresh-basket-1", "seed": 1, "problem": problem, "schema": schema}


def _dates(rng: np.random.Generator, start: str, end: str, n: int) -> np.ndarray:
    lo, hi = np.datetime64(start), np.datetime64(end)
    return lo + rng.integers(0, int((hi - lo).astype(int)) + 1, n)


def tables(seed: int = 5) -> dict[str, pd.DataFrame]:
    """The world's tables, coherent by construction."""
    rng = np.random.default_rng(seed)
    city = pd.DataFrame({"city_id": range(1, len(CITIES) + 1), "city_name": [c for c, _ in CITIES],
                         "state": [s for _, s in CITIES]})
    store = pd.DataFrame({"store_id": [f"S{i:03d}" for i in range(1, STORES + 1)],
                          "city_id": np.arange(STORES) % len(CITIES) + 1,
                          "opened_on": _dates(rng, "2019-01-01", "2021-12-31", STORES)})
    product = pd.DataFrame({"product_id": [f"P{i:04d}" for i in range(1, PRODUCTS + 1)],
                            "category": [CATEGORIES[i % len(CATEGORIES)][0] for i in range(PRODUCTS)],
                            "price": [CATEGORIES[i % len(CATEGORIES)][1] for i in range(PRODUCTS)]})
    gender = rng.choice(["Female", "Male"], CUSTOMERS)
    first = [rng.choice(Names.first_names_female if g == "Female" else Names.first_names_male) for g in gender]
    names = [f"{f} {rng.choice(Names.last_names)}" for f in first]
    customer = pd.DataFrame({"customer_id": [f"C{i:05d}" for i in range(1, CUSTOMERS + 1)], "customer_name": names,
                             "gender": gender, "city_id": rng.integers(1, len(CITIES) + 1, CUSTOMERS),
                             "signup_date": _dates(rng, "2020-01-01", "2021-12-31", CUSTOMERS)})
    subs = pd.DataFrame({"subscription_id": [f"SB{i:05d}" for i in range(1, CUSTOMERS + 1)],
                         "customer_id": customer.customer_id, "plan": rng.choice(["Basic", "Plus"], CUSTOMERS, p=[0.7, 0.3]),
                         "start_date": customer.signup_date, "end_date": np.datetime64("2023-12-31")})
    cust = rng.integers(0, CUSTOMERS, ORDERS)
    home = customer.city_id.to_numpy()[cust]
    stores_by_city = {c: store.store_id[store.city_id == c].to_numpy() for c in city.city_id}
    prod = rng.integers(0, PRODUCTS, ORDERS)
    qty = rng.choice([1, 2, 3], ORDERS)
    price = product.price.to_numpy()[prod]
    status = rng.choice(["Delivered", "Cancelled"], ORDERS, p=[0.9, 0.1])
    minutes = rng.integers(10, 41, ORDERS).astype(float)
    minutes[status == "Cancelled"] = np.nan
    orders = pd.DataFrame({"order_id": [f"O{i:06d}" for i in range(1, ORDERS + 1)],
                           "order_date": _dates(rng, str(WINDOW[0]), str(WINDOW[1]), ORDERS),
                           "customer_id": customer.customer_id.to_numpy()[cust],
                           "store_id": [rng.choice(stores_by_city[c]) for c in home],
                           "product_id": product.product_id.to_numpy()[prod], "quantity": qty, "unit_price": price,
                           "amount": qty * price, "status": status, "delivery_minutes": pd.array(minutes, dtype="Int64")})
    n_ratings = round(0.8 * ORDERS)
    rated = orders[orders.status == "Delivered"].sample(n=n_ratings, random_state=seed).sort_index()
    ratings = pd.DataFrame({"rating_id": [f"R{i:06d}" for i in range(1, n_ratings + 1)],
                            "order_id": rated.order_id.to_numpy(), "order_date": rated.order_date.to_numpy(),
                            "review_date": rated.order_date.to_numpy() + rng.integers(0, 11, n_ratings).astype("timedelta64[D]"),
                            "stars": rng.choice([1, 2, 3, 4, 5], n_ratings, p=RATING_W)})
    return {"dim_city": city, "dim_store": store, "dim_product": product, "dim_customer": customer,
            "fact_subscriptions": subs, "fact_orders": orders, "fact_ratings": ratings}


def write_tables(run: Path, data: dict[str, pd.DataFrame]) -> None:
    """Write every table as datasets/<table>.csv (dates as ISO text)."""
    (run / "datasets").mkdir(parents=True, exist_ok=True)
    for name, df in data.items():
        out = df.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
        out.to_csv(run / "datasets" / f"{name}.csv", index=False)


def build_world(run: Path, *, edit: Any = None, edit_spec: Any = None) -> Path:
    """Write the coherent world into `run`; `edit(tables)` / `edit_spec(dict)` plant a defect first."""
    run.mkdir(parents=True, exist_ok=True)
    data, challenge = tables(), spec()
    if edit is not None:
        edit(data)
    if edit_spec is not None:
        edit_spec(challenge)
    (run / "challenge.json").write_text(json.dumps(challenge, indent=2))
    write_tables(run, data)
    fill_story_numbers(run)
    return run
