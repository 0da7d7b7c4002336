"""Online marketplace: orders from third-party sellers, shipments in event order, and (extra) returns."""

from __future__ import annotations

import datetime as dt

from factory.llm.offline.build import (
    choice,
    col,
    date,
    date_dimension,
    dist,
    expr,
    faker,
    fault,
    fk,
    kpi,
    lookup,
    question,
    rel,
    rule,
    scale,
    seq,
    shift,
)
from factory.llm.offline.context import DomainContext
from factory.llm.offline.template import DomainTemplate
from factory.spec.models import (
    Character,
    FixedSize,
    MainSize,
    Messiness,
    PerParentSize,
    Problem,
    RatioSize,
    Schema,
    StoryNumber,
    Table,
)

# marketplace commission (take rate) per category
COMMISSION = {"Mobiles": 0.05, "Electronics": 0.07, "Fashion": 0.18, "Home & Kitchen": 0.12, "Beauty": 0.14,
              "Books": 0.10, "Sports & Fitness": 0.12, "Toys": 0.13}
# (product, category, list price INR)
CATALOG: tuple[tuple[str, str, int], ...] = (
    ("Redline 5G Smartphone 128GB", "Mobiles", 17_999), ("Nova Budget Phone 64GB", "Mobiles", 8_999),
    ("Pixelon Pro 256GB", "Mobiles", 44_999), ("Wireless Earbuds", "Electronics", 1_999),
    ("Bluetooth Speaker", "Electronics", 2_499), ("Fitness Smartwatch", "Electronics", 3_499),
    ("Power Bank 20000mAh", "Electronics", 1_499), ("32-inch Smart TV", "Electronics", 13_999),
    ("Laptop 14-inch i5", "Electronics", 54_999), ("USB-C Charger 33W", "Electronics", 899),
    ("Cotton Kurta", "Fashion", 899), ("Slim Fit Jeans", "Fashion", 1_599), ("Running Sneakers", "Fashion", 2_799),
    ("Silk Saree", "Fashion", 3_499), ("Polo T-shirt", "Fashion", 699), ("Leather Handbag", "Fashion", 2_299),
    ("Mixer Grinder 750W", "Home & Kitchen", 3_299), ("Pressure Cooker 5L", "Home & Kitchen", 1_899),
    ("Non-stick Cookware Set", "Home & Kitchen", 2_599), ("Double Bedsheet", "Home & Kitchen", 1_099),
    ("RO Water Purifier", "Home & Kitchen", 11_999), ("Steel Water Bottle 1L", "Home & Kitchen", 449),
    ("Face Wash 150ml", "Beauty", 299), ("Sunscreen SPF50", "Beauty", 549), ("Perfume 100ml", "Beauty", 1_299),
    ("Hair Dryer", "Beauty", 1_499), ("Matte Lipstick", "Beauty", 599), ("Bestselling Novel", "Books", 399),
    ("Competitive Exam Guide", "Books", 649), ("Children's Storybook Set", "Books", 799),
    ("Yoga Mat", "Sports & Fitness", 799), ("English Willow Cricket Bat", "Sports & Fitness", 4_599),
    ("Dumbbell Set 10kg", "Sports & Fitness", 1_999), ("Cycling Helmet", "Sports & Fitness", 1_299),
    ("Building Blocks Set", "Toys", 1_299), ("Remote Control Car", "Toys", 1_799), ("Family Board Game", "Toys", 699),
)
SELLER_WORDS = ("Shree Balaji", "Kaveri", "Urban", "Sai", "Om", "Royal", "Apex", "Bharat", "Neelkanth", "Star",
                "Vardhman", "Jai Ambe", "Sunshine", "Galaxy", "Mahalaxmi", "Trident", "Evergreen", "Krishna")
SELLER_SUFFIX = ("Traders", "Retail", "Enterprises", "Distributors", "Mart", "Sales Corporation", "Emporium", "Store")
COURIERS = ["In-house Fleet", "Vega Express", "DakRoute", "ParcelWala"]
FIRST = ("Bazaar", "Dukaan", "Mela", "Haat", "Chowk", "Apna", "Desi", "Sasta")
SECOND = ("Kart", "Hub", "Street", "Box", "Direct", "Mall")
SLOW = "ParcelWala"


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The marketplace problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    y0 = w.start.year
    names = [c[0] for c in ctx.cities]
    sellers = [f"{ctx.pick(SELLER_WORDS)} {ctx.pick(SELLER_SUFFIX)}" for _ in range(150)]
    # cheaper products sell (and get rated) far more often: rating counts drive product popularity
    ratings = [round(ctx.rng.uniform(0.6, 1.4) * 1_000_000 / p[2] ** 0.6) for p in CATALOG]
    stars = [round(ctx.rng.uniform(3.6, 4.6), 1) for _ in CATALOG]
    cco, cat_mgr, analyst = ctx.person("Chief Commercial Officer"), ctx.person("Category & Seller Manager"), ctx.person("Data Analyst")
    festive = "month(order_date) = 10"
    high_ticket = "category IN ('Mobiles', 'Electronics')"

    tables = [
        date_dimension(),
        Table(name="dim_city", kind="dimension", primary_key="city_id", size=FixedSize(rows=len(ctx.cities)),
              description="Cities where customers and sellers are.", columns=[
                  col("city_id", "id", "Unique city identifier.", seq()),
                  col("city_name", "category", "City name.", choice(names, cycle=True)),
                  col("state", "category", "State the city is in.", choice([c[1] for c in ctx.cities], cycle=True)),
                  col("city_tier", "category", "Tier of the city (Tier 1 or Tier 2).", choice([c[2] for c in ctx.cities], cycle=True)),
              ]),
        Table(name="dim_product", kind="dimension", primary_key="product_id", size=FixedSize(rows=len(CATALOG)),
              description="Catalogue products with list price and the marketplace commission of their category.", columns=[
                  col("product_id", "string", "Unique product code (catalogue id).", seq("P", 5)),
                  col("product_name", "string", "Product title.", choice([p[0] for p in CATALOG], cycle=True)),
                  col("category", "category", "Product category.", choice([p[1] for p in CATALOG], cycle=True)),
                  col("list_price_inr", "decimal", "List price (MRP) in INR.", choice([float(p[2]) for p in CATALOG], cycle=True), unit="INR"),
                  col("commission_rate", "decimal", "Commission the marketplace keeps, as a fraction of the item total.",
                      choice([COMMISSION[p[1]] for p in CATALOG], cycle=True)),
                  col("rating_count", "integer", "Number of customer ratings on the listing.", choice(ratings, cycle=True)),
                  col("avg_rating", "decimal", "Average star rating (1-5).", choice(stars, cycle=True)),
              ]),
        Table(name="dim_seller", kind="dimension", primary_key="seller_id", size=FixedSize(rows=len(sellers)),
              description="Third-party sellers listed on the marketplace.", columns=[
                  col("seller_id", "string", "Unique seller code.", seq("S", 5)),
                  col("seller_name", "string", "Registered business name.", choice(sellers, cycle=True)),
                  col("city_id", "id", "City the seller ships from, linked to dim_city.", fk(0.6)),
                  col("seller_tier", "category", "Performance tier.", choice(["Gold", "Silver", "Bronze"], [0.2, 0.35, 0.45])),
                  col("fulfilment_type", "category", "Who packs and ships the seller's orders.", choice(["Marketplace fulfilled", "Seller fulfilled"], [0.45, 0.55])),
                  col("onboarded_date", "date", "Date the seller joined.", date(start=dt.date(y0 - 5, 1, 1), end=w.start - dt.timedelta(days=1), trend=0.3)),
              ]),
        Table(name="dim_customer", kind="dimension", primary_key="customer_id", size=RatioSize(ratio=0.35, min_rows=200),
              description="Registered shoppers.", columns=[
                  col("customer_id", "string", "Unique customer code.", seq("C", 7)),
                  col("customer_name", "string", "Customer full name.", faker("name", 3000)),
                  col("city_id", "id", "Delivery city, linked to dim_city.", fk(0.6)),
                  col("gender", "category", "Gender as given at sign-up.", choice(["Female", "Male", "Other"], [0.44, 0.54, 0.02]), nullable=True),
                  col("membership", "category", "Paid loyalty membership.", choice(["Plus", "Regular"], [0.25, 0.75])),
                  col("signup_date", "date", "Date the account was created.", date(start=dt.date(y0 - 3, 1, 1), end=w.start - dt.timedelta(days=1), trend=0.4)),
              ]),
        Table(name="fact_orders", kind="fact", primary_key="order_id", size=MainSize(),
              description="One row per order (one product line; carts with several products are split into orders).", columns=[
                  col("order_id", "string", "Unique order number.", seq("OD", 9)),
                  col("order_date", "date", "Date the order was placed, linked to dim_date.",
                      date(month_weights=[1.05, 0.9, 0.95, 0.9, 0.95, 0.9, 1.0, 1.05, 1.1, 1.6, 1.3, 1.1],
                           weekday_weights=[1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.2], trend=0.3)),
                  col("customer_id", "string", "Buyer, linked to dim_customer.", fk(0.9)),
                  col("product_id", "string", "Product bought, linked to dim_product.", fk(weight_column="rating_count")),
                  col("seller_id", "string", "Seller who fulfilled the order, linked to dim_seller.", fk(0.8)),
                  col("category", "category", "Product category (from dim_product).", lookup("product_id", "category")),
                  col("list_price_inr", "decimal", "List price in INR (from dim_product).", lookup("product_id", "list_price_inr"), unit="INR"),
                  col("quantity", "integer", "Units ordered.", dist("poisson", 1, 5, 0, lam=1.1)),
                  col("discount_pct", "decimal", "Discount off list price, as a fraction.", choice([0.0, 0.05, 0.1, 0.2, 0.3, 0.4], [0.3, 0.2, 0.2, 0.15, 0.1, 0.05])),
                  col("selling_price_inr", "decimal", "Unit price paid in INR: list_price_inr x (1 - discount_pct).",
                      expr("round(list_price_inr * (1 - discount_pct), 2)"), unit="INR"),
                  col("item_total_inr", "decimal", "Order value in INR (GMV): quantity x selling_price_inr.", expr("round(quantity * selling_price_inr, 2)"), unit="INR"),
                  col("commission_rate", "decimal", "Commission rate of the product (from dim_product).", lookup("product_id", "commission_rate")),
                  col("commission_inr", "decimal", "Marketplace commission in INR: item_total_inr x commission_rate.",
                      expr("round(item_total_inr * commission_rate, 2)"), unit="INR"),
                  col("payment_method", "category", "How the customer paid.", choice(["UPI", "Cash on Delivery", "Card", "EMI", "Wallet"], [0.38, 0.27, 0.2, 0.07, 0.08])),
              ]),
        Table(name="fact_shipments", kind="fact", primary_key="shipment_id", size=PerParentSize(parent="fact_orders", fraction=0.96),
              description="Shipments of orders that were not cancelled, with dates in event order.", columns=[
                  col("shipment_id", "string", "Unique shipment (AWB) number.", seq("SH", 9)),
                  col("order_id", "string", "Order shipped, linked to fact_orders.", fk(unique=True)),
                  col("order_date", "date", "Order date (from fact_orders).", lookup("order_id", "order_date")),
                  col("seller_id", "string", "Seller of the order (from fact_orders), linked to dim_seller.", lookup("order_id", "seller_id")),
                  col("fulfilment_type", "category", "Seller's fulfilment model (from dim_seller).", lookup("seller_id", "fulfilment_type")),
                  col("courier_partner", "category", "Logistics partner that delivered.", choice(COURIERS, [0.4, 0.25, 0.2, 0.15])),
                  col("promised_days", "integer", "Delivery promise in days: 4 when marketplace fulfilled, else 6.",
                      expr("CASE WHEN fulfilment_type = 'Marketplace fulfilled' THEN 4 ELSE 6 END"), unit="days"),
                  col("ship_date", "date", "Date the parcel left the warehouse (0-2 days after the order).", date(after="order_date", lag_min=0, lag_max=2)),
                  col("transit_days", "integer", "Days in transit.", dist("gamma", 1, 12, 0, shape=2.5, scale=0.9), unit="days"),
                  col("delivery_date", "date", "Date delivered: ship_date + transit_days.", expr("ship_date + CAST(transit_days AS INTEGER)")),
                  col("promised_date", "date", "Promised delivery date: order_date + promised_days.", expr("order_date + CAST(promised_days AS INTEGER)")),
                  col("is_late", "boolean", "True when delivered after the promised date.", expr("delivery_date > promised_date")),
              ]),
    ]
    rels = [
        rel("dim_city", "city_id", "dim_seller", "city_id"),
        rel("dim_city", "city_id", "dim_customer", "city_id"),
        rel("dim_date", "date", "fact_orders", "order_date"),
        rel("dim_customer", "customer_id", "fact_orders", "customer_id"),
        rel("dim_product", "product_id", "fact_orders", "product_id"),
        rel("dim_seller", "seller_id", "fact_orders", "seller_id"),
        rel("fact_orders", "order_id", "fact_shipments", "order_id"),
        rel("dim_seller", "seller_id", "fact_shipments", "seller_id"),
    ]
    rules = [
        rule("price_from_catalogue", "An order is priced at its product's list price and category.",
             "SELECT o.* FROM fact_orders o JOIN dim_product p USING (product_id) WHERE o.list_price_inr <> p.list_price_inr OR o.category <> p.category",
             table="fact_orders"),
        rule("order_value_formula", "item_total_inr = quantity x list_price_inr x (1 - discount_pct), rounded to paise at each step.",
             "SELECT * FROM fact_orders WHERE abs(selling_price_inr - round(list_price_inr * (1 - discount_pct), 2)) > 0.005 "
             "OR abs(item_total_inr - round(quantity * selling_price_inr, 2)) > 0.005 OR quantity < 1", table="fact_orders"),
        rule("commission_formula", "commission_inr = item_total_inr x the category commission rate.",
             "SELECT o.* FROM fact_orders o JOIN dim_product p USING (product_id) WHERE abs(o.commission_inr - round(o.item_total_inr * p.commission_rate, 2)) > 0.005",
             table="fact_orders"),
        rule("ship_after_order", "A parcel ships 0-2 days after the order and is delivered at least a day after shipping.",
             "SELECT s.* FROM fact_shipments s JOIN fact_orders o USING (order_id) WHERE s.ship_date < o.order_date OR s.ship_date > o.order_date + 2 "
             "OR s.delivery_date <= s.ship_date", category="temporal", table="fact_shipments"),
        rule("late_flag_consistent", "is_late is true exactly when delivery_date is after promised_date.",
             "SELECT * FROM fact_shipments WHERE is_late <> (delivery_date > promised_date)", table="fact_shipments"),
        rule("promise_by_fulfilment", "Marketplace-fulfilled orders are promised in 4 days, seller-fulfilled in 6.",
             "SELECT s.* FROM fact_shipments s JOIN dim_seller d ON d.seller_id = s.seller_id "
             "WHERE s.promised_days <> CASE WHEN d.fulfilment_type = 'Marketplace fulfilled' THEN 4 ELSE 6 END", table="fact_shipments"),
        rule("seller_onboarded_before_orders", "A seller only receives orders after joining.",
             "SELECT o.* FROM fact_orders o JOIN dim_seller s USING (seller_id) WHERE o.order_date <= s.onboarded_date",
             category="temporal", table="fact_orders"),
    ]
    questions = [
        question("q1", f"{cco.name} starts every business review with GMV. Generate a report of orders and gross merchandise value (GMV) per month, in date order.",
                 ["month", "orders", "gmv_inr"],
                 "SELECT strftime(order_date, '%Y-%m') AS month, count(*) AS orders, round(sum(item_total_inr), 2) AS gmv_inr "
                 "FROM fact_orders GROUP BY 1 ORDER BY 1", ("line", "month", ["gmv_inr"]), difficulty="beginner",
                 skills=["aggregation", "date functions"]),
        question("q2", "How do categories compare? Generate a report per category of units sold, GMV, average selling price and the share of orders paid by EMI (percent, 2 decimals), largest GMV first.",
                 ["category", "units_sold", "gmv_inr", "avg_selling_price_inr", "emi_share_pct"],
                 "SELECT category, sum(quantity) AS units_sold, round(sum(item_total_inr), 2) AS gmv_inr, round(avg(selling_price_inr), 2) AS avg_selling_price_inr, "
                 "round(100 * avg(CASE WHEN payment_method = 'EMI' THEN 1 ELSE 0 END), 2) AS emi_share_pct FROM fact_orders GROUP BY 1 ORDER BY gmv_inr DESC",
                 ("bar", "category", ["gmv_inr"]), difficulty="beginner", skills=["aggregation", "conditional aggregation"]),
        question("q3", "Customers complain that parcels arrive late. Generate a report per courier partner of shipments, average transit days and late-delivery rate (percent, 2 decimals), worst first.",
                 ["courier_partner", "shipments", "avg_transit_days", "late_pct"],
                 "SELECT courier_partner, count(*) AS shipments, round(avg(transit_days), 2) AS avg_transit_days, "
                 "round(100 * avg(CASE WHEN is_late THEN 1 ELSE 0 END), 2) AS late_pct FROM fact_shipments GROUP BY 1 ORDER BY late_pct DESC",
                 ("bar", "courier_partner", ["late_pct"]), skills=["aggregation", "conditional aggregation"]),
        question("q4", f"{cat_mgr.name} is renegotiating seller terms. Generate a report of the top 10 sellers by GMV with their tier, GMV, commission earned, take rate (commission / GMV, percent, 2 decimals) and rank.",
                 ["seller_id", "seller_name", "seller_tier", "gmv_inr", "commission_inr", "take_rate_pct", "gmv_rank"],
                 "WITH s AS (SELECT o.seller_id, d.seller_name, d.seller_tier, sum(o.item_total_inr) AS gmv, sum(o.commission_inr) AS commission "
                 "FROM fact_orders o JOIN dim_seller d USING (seller_id) GROUP BY 1, 2, 3) "
                 "SELECT seller_id, seller_name, seller_tier, round(gmv, 2) AS gmv_inr, round(commission, 2) AS commission_inr, "
                 "round(100 * commission / gmv, 2) AS take_rate_pct, rank() OVER (ORDER BY gmv DESC) AS gmv_rank FROM s ORDER BY gmv_rank, seller_id LIMIT 10",
                 ("bar", "seller_id", ["gmv_inr"]), skills=["joins", "CTEs", "window functions"]),
        question("q5", "Did the October festive sale buy growth? Generate a report per month of the average discount (percent, 2 decimals), GMV and month-over-month GMV growth (percent, 2 decimals; empty for the first month).",
                 ["month", "avg_discount_pct", "gmv_inr", "mom_growth_pct"],
                 "WITH m AS (SELECT strftime(order_date, '%Y-%m') AS month, avg(discount_pct) AS d, sum(item_total_inr) AS gmv FROM fact_orders GROUP BY 1) "
                 "SELECT month, round(100 * d, 2) AS avg_discount_pct, round(gmv, 2) AS gmv_inr, "
                 "round(100 * (gmv / lag(gmv) OVER (ORDER BY month) - 1), 2) AS mom_growth_pct FROM m ORDER BY month",
                 ("line", "month", ["avg_discount_pct"]), difficulty="advanced", skills=["CTEs", "LAG", "growth rates"]),
        question("q6", "Do new customers come back? Group customers by the month of their first order and generate a report of new customers, how many ordered again in a later month, and the repeat rate (percent, 2 decimals).",
                 ["first_order_month", "new_customers", "repeat_customers", "repeat_rate_pct"],
                 "WITH f AS (SELECT customer_id, min(date_trunc('month', order_date)) AS first_month, "
                 "count(DISTINCT date_trunc('month', order_date)) AS active_months FROM fact_orders GROUP BY 1) "
                 "SELECT strftime(first_month, '%Y-%m') AS first_order_month, count(*) AS new_customers, "
                 "count(*) FILTER (WHERE active_months > 1) AS repeat_customers, "
                 "round(100.0 * count(*) FILTER (WHERE active_months > 1) / count(*), 2) AS repeat_rate_pct FROM f GROUP BY 1 ORDER BY 1",
                 ("line", "first_order_month", ["repeat_rate_pct"]), difficulty="advanced", skills=["CTEs", "cohort analysis"]),
    ]
    emi = "CASE WHEN payment_method = 'EMI' THEN 1 ELSE 0 END"
    insights = [
        shift("festive_sale_discounts", "October sale discounting", "During the October festive sale four in ten orders carry the 40% discount.",
              "fact_orders", "discount_pct", festive, 0.4, 0.4,
              f"SELECT avg(discount_pct) FILTER (WHERE {festive}) > 1.5 * avg(discount_pct) FILTER (WHERE NOT {festive}) FROM fact_orders",
              ["q5"]),
        shift("emi_for_gadgets", "Gadgets are bought on EMI", "About a third of mobile and electronics orders are paid in instalments (EMI).",
              "fact_orders", "payment_method", high_ticket, "EMI", 0.33,
              f"SELECT avg({emi}) FILTER (WHERE {high_ticket}) > 2.5 * avg({emi}) FILTER (WHERE NOT {high_ticket}) FROM fact_orders",
              ["q2"]),
        scale("slow_courier", f"{SLOW} is slow", f"Parcels carried by {SLOW} spend about 70% longer in transit, so many arrive late.",
              "fact_shipments", "transit_days", f"courier_partner = '{SLOW}'", 1.7,
              f"SELECT avg(CASE WHEN is_late THEN 1 ELSE 0 END) FILTER (WHERE courier_partner = '{SLOW}') > "
              f"1.5 * avg(CASE WHEN is_late THEN 1 ELSE 0 END) FILTER (WHERE courier_partner <> '{SLOW}') FROM fact_shipments",
              ["q3"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_customer", "gender", 0.03), fault("casing", "fact_orders", "payment_method", 0.02)],
        "advanced": [fault("nulls", "dim_customer", "gender", 0.05), fault("casing", "fact_orders", "payment_method", 0.03),
                     fault("spelling", "fact_shipments", "courier_partner", 0.02), fault("duplicates", "fact_shipments", "", 0.005),
                     fault("outliers", "fact_shipments", "transit_days", 0.003)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_orders", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} is an online marketplace where {len(sellers)} sellers reach shoppers in {len(names)} cities "
        f"({', '.join(names[:3])} and more). Between {w.start:%B %Y} and {w.end:%B %Y} it sold goods worth INR {{gmv}} "
        f"in {{orders}} orders, but {{late_pct}}% of shipments arrived after the promised date and the festive sale's "
        f"deep discounts are under scrutiny. {cco.name} ({cco.role}) wants a clear view of growth, sellers and delivery."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="E-commerce marketplace", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=cco.name, role=cco.role, part="stakeholder",
                      voice="GMV is vanity if customers never come back. Show me what grows and what leaks."),
            Character(name=cat_mgr.name, role=cat_mgr.role, part="manager",
                      voice="I need seller rankings and courier performance before Monday's partner calls."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: connect orders, shipments, sellers and products, and answer plainly."),
        ],
        kpis=[
            kpi("GMV", "Gross merchandise value of orders placed.", "SUM(item_total_inr)"),
            kpi("Average Order Value", "GMV per order.", "SUM(item_total_inr) / COUNT(order_id)"),
            kpi("Take Rate", "Commission earned as a share of GMV.", "100 x SUM(commission_inr) / SUM(item_total_inr)"),
            kpi("Late Delivery Rate", "Share of shipments delivered after the promised date.", "100 x AVG(is_late)"),
            kpi("Repeat Rate", "Share of new customers who order again in a later month.", "100 x COUNT(customers with >1 active month) / COUNT(customers)"),
            kpi("Average Discount", "Mean discount off list price.", "100 x AVG(discount_pct)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="gmv", description="GMV in INR", sql="SELECT round(sum(item_total_inr), 0) FROM fact_orders", decimals=0),
            StoryNumber(id="orders", description="Number of orders", sql="SELECT count(*) FROM fact_orders", decimals=0),
            StoryNumber(id="late_pct", description="Late-delivery rate in percent",
                        sql="SELECT round(100 * avg(CASE WHEN is_late THEN 1 ELSE 0 END), 1) FROM fact_shipments", decimals=1),
        ],
    )
    if "returns" in ctx.extras:
        _add_returns(problem, schema)
    return problem, schema


def _add_returns(problem: Problem, schema: Schema) -> None:
    """Feedback extra: returns of delivered shipments (a third fact table), an insight and a question."""
    schema.tables.append(Table(
        name="fact_returns", kind="fact", primary_key="return_id", size=PerParentSize(parent="fact_shipments", fraction=0.08),
        description="Delivered orders the customer sent back within the 10-day return window.", columns=[
            col("return_id", "string", "Unique return request number.", seq("RT", 8)),
            col("shipment_id", "string", "Shipment returned, linked to fact_shipments.", fk(unique=True)),
            col("order_id", "string", "Order returned (from fact_shipments), linked to fact_orders.", lookup("shipment_id", "order_id")),
            col("category", "category", "Product category (from fact_orders).", lookup("order_id", "category")),
            col("delivery_date", "date", "Date the order was delivered (from fact_shipments).", lookup("shipment_id", "delivery_date")),
            col("days_to_return", "integer", "Days from delivery to the return pickup (1-10).", dist("uniform", 1, 10, 0, low=0.5, high=10.5), unit="days"),
            col("return_date", "date", "Date the return was picked up: delivery_date + days_to_return.",
                expr("delivery_date + CAST(days_to_return AS INTEGER)")),
            col("reason", "category", "Reason given by the customer.",
                choice(["Size or fit issue", "Damaged in transit", "Not as described", "Changed mind", "Defective"], [0.15, 0.2, 0.25, 0.2, 0.2])),
            col("refund_inr", "decimal", "Amount refunded in INR (the order value).", lookup("order_id", "item_total_inr"), unit="INR"),
        ]))
    schema.relationships += [rel("fact_shipments", "shipment_id", "fact_returns", "shipment_id"),
                             rel("fact_orders", "order_id", "fact_returns", "order_id")]
    schema.rules += [
        rule("return_within_window", "Returns are picked up 1-10 days after delivery.",
             "SELECT r.* FROM fact_returns r JOIN fact_shipments s USING (shipment_id) "
             "WHERE r.return_date < s.delivery_date + 1 OR r.return_date > s.delivery_date + 10", category="temporal", table="fact_returns"),
        rule("refund_equals_order_value", "The refund equals what was paid for the order.",
             "SELECT r.* FROM fact_returns r JOIN fact_orders o ON o.order_id = r.order_id WHERE abs(r.refund_inr - o.item_total_inr) > 0.005",
             table="fact_returns"),
    ]
    for f in schema.messiness.faults:  # keep whole-row duplicates on a leaf table (no per-parent children)
        if f.kind == "duplicates" and f.table == "fact_shipments":
            f.table = "fact_returns"
    fit = "CASE WHEN reason = 'Size or fit issue' THEN 1 ELSE 0 END"
    schema.insights.append(shift(
        "fashion_fit_returns", "Fashion returns are about fit", "Six in ten fashion returns are for size or fit.",
        "fact_returns", "reason", "category = 'Fashion'", "Size or fit issue", 0.6,
        f"SELECT avg({fit}) FILTER (WHERE category = 'Fashion') > 2 * avg({fit}) FILTER (WHERE category <> 'Fashion') FROM fact_returns",
        ["q7"] if len(problem.questions) < 7 else []))
    if len(problem.questions) < 7:
        problem.questions.append(question(
            "q7", "What comes back, and why? Generate a report per category of delivered shipments, returns, return rate (percent, 2 decimals), refunds and the most common return reason, highest return rate first.",
            ["category", "delivered", "returns", "return_rate_pct", "refund_inr", "top_reason"],
            "WITH d AS (SELECT o.category, count(*) AS delivered FROM fact_shipments s JOIN fact_orders o USING (order_id) GROUP BY 1), "
            "r AS (SELECT category, count(*) AS returns, sum(refund_inr) AS refund, mode(reason) AS top_reason FROM fact_returns GROUP BY 1) "
            "SELECT d.category, d.delivered, coalesce(r.returns, 0) AS returns, round(100.0 * coalesce(r.returns, 0) / d.delivered, 2) AS return_rate_pct, "
            "round(coalesce(r.refund, 0), 2) AS refund_inr, r.top_reason FROM d LEFT JOIN r USING (category) ORDER BY return_rate_pct DESC, d.category",
            ("bar", "category", ["return_rate_pct"]), difficulty="intermediate", skills=["CTEs", "LEFT JOIN", "mode"]))


DOMAIN = DomainTemplate(
    key="ecommerce",
    title="Online marketplace (e-commerce)",
    industry="E-commerce marketplace",
    keywords=("e-commerce", "ecommerce", "e commerce", "online marketplace", "marketplace", "online shopping",
              "online store", "online retail", "d2c", "direct to consumer", "sellers", "third-party sellers",
              "gmv", "shipments", "last mile", "logistics", "courier", "returns", "flipkart", "amazon", "meesho",
              "myntra", "fashion e-commerce", "electronics store online", "webshop", "shopify"),
    summary=("Marketplaces connect third-party sellers with shoppers and earn a commission (take rate) on GMV. "
             "They track GMV, average order value, discounts, repeat customers, seller performance and delivery "
             "promises; festive sales lift volume at deep discounts and slow couriers hurt ratings and returns."),
    research_kpis=("GMV", "Average order value", "Take rate", "Late delivery rate", "Repeat purchase rate",
                   "Return rate"),
    build=build,
    extras={"returns": "a returns table (fact_returns) with reasons and refunds"},
)
