"""Generated data looks like a business: heavy tails, Pareto popularity, seasonality, weekday effects, locale."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from faker.providers.address.en_IN import Provider as AddressIN
from faker.providers.person.en_IN import Provider as PersonIN

from factory.generate import generate_dataset, generate_tables, make_plan
from factory.llm.offline.context import INDIAN_CITIES
from factory.spec.generators import FakerGen
from tests.unit.generate.helpers import load_run, quick_commerce

# plausible MRP bands (INR) of quick-commerce categories
PRICE_BANDS = {"Dairy": (10, 400), "Bakery": (15, 200), "Fruits & Vegetables": (10, 300), "Staples": (15, 600),
               "Snacks": (10, 300), "Beverages": (10, 400), "Household": (30, 500), "Personal Care": (30, 600),
               "Baby Care": (100, 1200)}


@pytest.fixture(scope="module")
def qc(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    ch = quick_commerce("beginner")
    out = tmp_path_factory.mktemp("realism")
    generate_dataset(ch, out, rows=100_000)
    return load_run(out, ch)


def one(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return con.execute(sql).fetchone()[0]


def test_customer_value_is_heavy_tailed(qc: duckdb.DuckDBPyConnection) -> None:
    sql = ("WITH c AS (SELECT customer_id, sum(line_amount) v FROM fact_order_lines GROUP BY 1), "
           "r AS (SELECT v, ntile(5) OVER (ORDER BY v DESC, customer_id) b FROM c) ")
    assert one(qc, sql + "SELECT sum(v) FILTER (WHERE b = 1) / sum(v) FROM r") >= 0.5
    assert one(qc, sql + "SELECT skewness(v) FROM r") > 2
    assert one(qc, sql + "SELECT quantile_cont(v, 0.99) / median(v) FROM r") > 5


def test_product_popularity_is_pareto(qc: duckdb.DuckDBPyConnection) -> None:
    share = one(qc, "WITH c AS (SELECT product_id, sum(line_amount) v FROM fact_order_lines GROUP BY 1), "
                    "r AS (SELECT v, row_number() OVER (ORDER BY v DESC) k, count(*) OVER () n FROM c) "
                    "SELECT sum(v) FILTER (WHERE k <= ceil(0.2 * n)) / sum(v) FROM r")
    assert share >= 0.5


def test_monthly_seasonality_is_visible(qc: duckdb.DuckDBPyConnection) -> None:
    counts = dict(qc.execute("SELECT month(order_date), count(*) FROM fact_order_lines GROUP BY 1").fetchall())
    festive, quiet = (counts[10] + counts[11]) / 2, (counts[1] + counts[2]) / 2
    assert festive >= 1.4 * quiet
    monsoon = one(qc, "SELECT avg(delivery_minutes) FILTER (WHERE month(order_date) IN (7, 8)) / "
                      "avg(delivery_minutes) FILTER (WHERE month(order_date) NOT IN (7, 8)) FROM fact_order_lines")
    assert monsoon > 1.3


def test_weekend_effect_on_orders(qc: duckdb.DuckDBPyConnection) -> None:
    per_day = dict(qc.execute("SELECT isodow(order_date), count(*) / count(DISTINCT order_date) "
                              "FROM fact_order_lines GROUP BY 1").fetchall())
    assert (per_day[6] + per_day[7]) / 2 >= 1.25 * (per_day[1] + per_day[2] + per_day[3]) / 3


def test_prices_are_plausible_per_category(qc: duckdb.DuckDBPyConnection) -> None:
    rows = qc.execute("SELECT category, min(unit_price), max(unit_price), count(DISTINCT unit_price) "
                      "FROM fact_order_lines JOIN dim_product USING (product_id) GROUP BY 1").fetchall()
    assert {r[0] for r in rows} == set(PRICE_BANDS)
    for category, lo, hi, _ in rows:
        band = PRICE_BANDS[category]
        assert band[0] <= lo <= hi <= band[1], (category, lo, hi)
    assert one(qc, "SELECT count(*) FROM (SELECT product_id FROM fact_order_lines GROUP BY 1 "
                   "HAVING count(DISTINCT unit_price) > 1)") == 0


def test_names_and_cities_match_the_en_in_locale(qc: duckdb.DuckDBPyConnection) -> None:
    names = [r[0] for r in qc.execute("SELECT customer_name FROM dim_customer").fetchall()]
    first, last = set(PersonIN.first_names), set(PersonIN.last_names)
    local = sum(1 for n in names if n.split()[0] in first and n.split()[-1] in last)
    assert local / len(names) >= 0.95
    cities = {r[0] for r in qc.execute("SELECT city_name FROM dim_city").fetchall()}
    assert cities <= {c[0] for c in INDIAN_CITIES}


def test_faker_pools_follow_the_locale_and_skew(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    cust = ch.schema_.table("dim_customer")
    cust.column("customer_name").generator = FakerGen(provider="city", pool_size=50, skew=1.5)
    tables = generate_tables(make_plan(ch, 50_000, seed=None, max_rows=50_000))
    values = tables["dim_customer"].column("customer_name").to_pylist()
    assert set(values) <= set(AddressIN.cities)
    top = max(values.count(v) for v in set(values))
    assert top / len(values) > 0.2  # Zipf 1.5 over 50 values: the top value holds about 40%
