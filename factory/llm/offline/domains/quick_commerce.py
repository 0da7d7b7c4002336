"""Quick-commerce grocery delivery (10-minute delivery from dark stores)."""

from __future__ import annotations

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

# (product, category, MRP in INR)
CATALOG: tuple[tuple[str, str, float], ...] = (
    ("Toned Milk 500ml", "Dairy", 28), ("Full Cream Milk 1L", "Dairy", 68), ("Paneer 200g", "Dairy", 90),
    ("Curd 400g", "Dairy", 45), ("Butter 100g", "Dairy", 58), ("Cheese Slices 200g", "Dairy", 140),
    ("Brown Bread", "Bakery", 50), ("White Bread", "Bakery", 40), ("Pav 6pc", "Bakery", 35),
    ("Multigrain Cookies", "Bakery", 60), ("Rusk 300g", "Bakery", 55),
    ("Onion 1kg", "Fruits & Vegetables", 40), ("Tomato 1kg", "Fruits & Vegetables", 36),
    ("Potato 1kg", "Fruits & Vegetables", 32), ("Banana 6pc", "Fruits & Vegetables", 48),
    ("Apple 4pc", "Fruits & Vegetables", 160), ("Coriander Bunch", "Fruits & Vegetables", 15),
    ("Basmati Rice 1kg", "Staples", 145), ("Atta 5kg", "Staples", 265), ("Toor Dal 1kg", "Staples", 165),
    ("Sugar 1kg", "Staples", 48), ("Sunflower Oil 1L", "Staples", 155), ("Salt 1kg", "Staples", 28),
    ("Potato Chips 90g", "Snacks", 30), ("Namkeen 200g", "Snacks", 55), ("Instant Noodles 4pk", "Snacks", 60),
    ("Dark Chocolate 80g", "Snacks", 110), ("Cola 750ml", "Beverages", 45), ("Orange Juice 1L", "Beverages", 120),
    ("Green Tea 25 bags", "Beverages", 165), ("Instant Coffee 50g", "Beverages", 190),
    ("Packaged Water 1L", "Beverages", 20), ("Dishwash Liquid 500ml", "Household", 110),
    ("Detergent 1kg", "Household", 130), ("Toilet Cleaner 500ml", "Household", 95),
    ("Shampoo 180ml", "Personal Care", 175), ("Toothpaste 150g", "Personal Care", 95),
    ("Bath Soap 4pk", "Personal Care", 160), ("Hand Wash 200ml", "Personal Care", 99),
    ("Diapers 20pc", "Baby Care", 399), ("Baby Wipes 72pc", "Baby Care", 175),
)
FIRST = ("Zippy", "Blink", "Swift", "Dash", "Flash", "Rapid", "Kirana", "Minute", "Turbo", "Quik")
SECOND = ("Basket", "Cart", "Mart", "Bazaar", "Grocer", "Store", "Now", "Drop")


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The quick-commerce problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    y0, y1 = w.start.year, w.end.year
    names = [c[0] for c in ctx.cities]
    monsoon = "month(order_date) IN (7, 8)"
    ceo, ops, analyst = ctx.person("Chief Executive Officer"), ctx.person("Head of Operations"), ctx.person("Data Analyst")

    tables = [
        date_dimension(),
        Table(name="dim_city", kind="dimension", primary_key="city_id", size=FixedSize(rows=len(ctx.cities)),
              description="Cities where the company runs dark stores.", columns=[
                  col("city_id", "id", "Unique city identifier.", seq()),
                  col("city_name", "category", "City name.", choice(names, cycle=True)),
                  col("state", "category", "State the city is in.", choice([c[1] for c in ctx.cities], cycle=True)),
                  col("city_tier", "category", "Tier of the city (Tier 1 or Tier 2).", choice([c[2] for c in ctx.cities], cycle=True)),
              ]),
        Table(name="dim_store", kind="dimension", primary_key="store_id", size=FixedSize(rows=4 * len(ctx.cities)),
              description="Dark stores (micro-warehouses) that fulfil orders.", columns=[
                  col("store_id", "string", "Unique dark-store code.", seq("DS", 3)),
                  col("city_id", "id", "City of the store, linked to dim_city.", fk(0.4)),
                  col("store_area_sqft", "integer", "Floor area of the store in square feet.", dist("normal", 1800, 5000, 0, mean=3000, sd=700), unit="sqft"),
                  col("opened_on", "date", "Date the store started taking orders.", date(start=w.start.replace(year=y0 - 3), end=w.start)),
              ]),
        Table(name="dim_product", kind="dimension", primary_key="product_id", size=FixedSize(rows=len(CATALOG)),
              description="Products sold, with category and maximum retail price.", columns=[
                  col("product_id", "string", "Unique product code.", seq("P", 4)),
                  col("product_name", "string", "Product name and pack size.", choice([p[0] for p in CATALOG], cycle=True)),
                  col("category", "category", "Product category.", choice([p[1] for p in CATALOG], cycle=True)),
                  col("mrp", "decimal", "Maximum retail price in INR.", choice([float(p[2]) for p in CATALOG], cycle=True), unit="INR"),
              ]),
        Table(name="dim_customer", kind="dimension", primary_key="customer_id", size=RatioSize(ratio=0.08, min_rows=50),
              description="Registered customers.", columns=[
                  col("customer_id", "string", "Unique customer code.", seq("C", 7)),
                  col("customer_name", "string", "Customer full name.", faker("name", 2000)),
                  col("city_id", "id", "Home city of the customer, linked to dim_city.", fk(0.5)),
                  col("gender", "category", "Gender as given at sign-up.", choice(["Female", "Male", "Other"], [0.47, 0.5, 0.03]), nullable=True),
                  col("age", "integer", "Age in years at sign-up.", dist("normal", 18, 70, 0, mean=31, sd=8)),
                  col("signup_date", "date", "Date the customer registered.", date(start=w.start.replace(year=y0 - 1), end=w.end, trend=0.3)),
              ]),
        Table(name="fact_order_lines", kind="fact", primary_key="line_id", size=MainSize(),
              description="One row per product line of a delivered order.", columns=[
                  col("line_id", "string", "Unique order-line code.", seq("L", 9)),
                  col("order_date", "date", "Date the order was placed, linked to dim_date.",
                      date(month_weights=[0.9, 0.85, 0.95, 1.0, 1.05, 1.0, 1.1, 1.1, 1.0, 1.35, 1.45, 1.2],
                           weekday_weights=[0.9, 0.85, 0.9, 0.95, 1.05, 1.3, 1.4], trend=0.35)),
                  col("customer_id", "string", "Customer who ordered, linked to dim_customer.", fk(1.05)),
                  col("store_id", "string", "Dark store that fulfilled the order, linked to dim_store.", fk(0.6)),
                  col("product_id", "string", "Product ordered, linked to dim_product.", fk(1.1)),
                  col("quantity", "integer", "Units of the product in the line.", dist("poisson", 1, 12, 0, lam=1.6)),
                  col("unit_price", "decimal", "Price per unit in INR (the product MRP).", lookup("product_id", "mrp"), unit="INR"),
                  col("discount_pct", "decimal", "Discount given on the line, as a fraction.", choice([0.0, 0.05, 0.1, 0.15, 0.2], [0.55, 0.2, 0.13, 0.08, 0.04])),
                  col("line_amount", "decimal", "Amount paid for the line in INR: quantity x unit_price x (1 - discount_pct).",
                      expr("round(quantity * unit_price * (1 - discount_pct), 2)"), unit="INR"),
                  col("payment_method", "category", "How the customer paid.", choice(["UPI", "Card", "Cash on Delivery", "Wallet"], [0.62, 0.14, 0.16, 0.08])),
                  col("promised_minutes", "integer", "Delivery time promised at checkout, in minutes.", choice([10, 15, 20], [0.3, 0.45, 0.25]), unit="minutes"),
                  col("delivery_minutes", "integer", "Actual minutes from order to doorstep.", dist("lognormal", 4, 90, 0, mean=2.35, sigma=0.28), unit="minutes"),
                  col("is_late", "boolean", "True when delivery took longer than promised.", expr("delivery_minutes > promised_minutes")),
              ]),
    ]
    rels = [
        rel("dim_city", "city_id", "dim_store", "city_id", min_children=1),
        rel("dim_city", "city_id", "dim_customer", "city_id"),
        rel("dim_date", "date", "fact_order_lines", "order_date"),
        rel("dim_customer", "customer_id", "fact_order_lines", "customer_id"),
        rel("dim_store", "store_id", "fact_order_lines", "store_id"),
        rel("dim_product", "product_id", "fact_order_lines", "product_id"),
    ]
    rules = [
        rule("line_amount_formula", "line_amount equals quantity x unit_price x (1 - discount_pct), rounded to paise.",
             "SELECT * FROM fact_order_lines WHERE abs(line_amount - round(quantity * unit_price * (1 - discount_pct), 2)) > 0.005",
             table="fact_order_lines"),
        rule("quantity_positive", "Every line has at least one unit.", "SELECT * FROM fact_order_lines WHERE quantity < 1",
             table="fact_order_lines"),
        rule("price_is_mrp", "unit_price equals the product's MRP.",
             "SELECT f.* FROM fact_order_lines f JOIN dim_product p USING (product_id) WHERE f.unit_price <> p.mrp",
             table="fact_order_lines"),
        rule("late_flag_consistent", "is_late is true exactly when delivery_minutes exceeds promised_minutes.",
             "SELECT * FROM fact_order_lines WHERE is_late <> (delivery_minutes > promised_minutes)", table="fact_order_lines"),
        rule("discount_range", "Discounts are between 0% and 20%.",
             "SELECT * FROM fact_order_lines WHERE discount_pct < 0 OR discount_pct > 0.2", table="fact_order_lines"),
        rule("store_opened_before_orders", "A store only fulfils orders on or after its opening date.",
             "SELECT f.* FROM fact_order_lines f JOIN dim_store s USING (store_id) WHERE s.opened_on > f.order_date",
             category="temporal", table="fact_order_lines"),
    ]
    questions = [
        question("q1", f"{ops.name} wants the monthly revenue trend. Generate a report of total revenue and number of order lines per month, in date order.",
                 ["month", "revenue", "order_lines"],
                 "SELECT strftime(order_date, '%Y-%m') AS month, round(sum(line_amount), 2) AS revenue, count(*) AS order_lines "
                 "FROM fact_order_lines GROUP BY 1 ORDER BY 1", ("line", "month", ["revenue"]), difficulty="beginner",
                 skills=["aggregation", "date functions"]),
        question("q2", "Which products drive the business? Generate a report of the top 10 products by revenue with their category and share of total revenue (percent, 2 decimals).",
                 ["product_name", "category", "revenue", "revenue_share_pct"],
                 "WITH p AS (SELECT d.product_name, d.category, sum(f.line_amount) AS revenue FROM fact_order_lines f "
                 "JOIN dim_product d USING (product_id) GROUP BY 1, 2) "
                 "SELECT product_name, category, round(revenue, 2) AS revenue, round(100 * revenue / sum(revenue) OVER (), 2) AS revenue_share_pct "
                 "FROM p ORDER BY revenue DESC, product_name LIMIT 10", ("bar", "product_name", ["revenue"]),
                 skills=["joins", "window functions"]),
        question("q3", f"{ceo.name} hears customers complain about late deliveries. Generate a report of late-delivery rate per city (percent of lines delivered after the promised time), worst first.",
                 ["city_name", "order_lines", "late_pct"],
                 "SELECT c.city_name, count(*) AS order_lines, round(100 * avg(CASE WHEN f.is_late THEN 1 ELSE 0 END), 2) AS late_pct "
                 "FROM fact_order_lines f JOIN dim_store s USING (store_id) JOIN dim_city c ON c.city_id = s.city_id "
                 "GROUP BY 1 ORDER BY late_pct DESC, city_name", ("bar", "city_name", ["late_pct"]),
                 skills=["multi-table joins", "conditional aggregation"]),
        question("q4", "Does the monsoon slow us down? Generate a report of average delivery minutes per calendar month name across all years, in calendar order.",
                 ["month_num", "month_name", "avg_delivery_minutes"],
                 "SELECT d.month_num, d.month_name, round(avg(f.delivery_minutes), 2) AS avg_delivery_minutes FROM fact_order_lines f "
                 "JOIN dim_date d ON d.date = f.order_date GROUP BY 1, 2 ORDER BY 1", ("column", "month_name", ["avg_delivery_minutes"]),
                 skills=["joins", "date dimension"]),
        question("q5", "How concentrated is our revenue? Rank customers by revenue and generate a report of the revenue share of the top 20% of customers against the rest.",
                 ["customer_group", "customers", "revenue", "revenue_share_pct"],
                 "WITH c AS (SELECT customer_id, sum(line_amount) AS revenue FROM fact_order_lines GROUP BY 1), "
                 "r AS (SELECT *, ntile(5) OVER (ORDER BY revenue DESC, customer_id) AS bucket FROM c) "
                 "SELECT CASE WHEN bucket = 1 THEN 'Top 20%' ELSE 'Other 80%' END AS customer_group, count(*) AS customers, "
                 "round(sum(revenue), 2) AS revenue, round(100 * sum(revenue) / (SELECT sum(revenue) FROM c), 2) AS revenue_share_pct "
                 "FROM r GROUP BY 1 ORDER BY revenue DESC", ("pie", "customer_group", ["revenue"]), difficulty="advanced",
                 skills=["CTEs", "window functions", "segmentation"]),
        question("q6", "Are festive-season discounts paying off? Generate a report per month of the average discount (percent, 2 decimals), revenue and month-over-month revenue growth (percent, 2 decimals; empty for the first month).",
                 ["month", "avg_discount_pct", "revenue", "mom_growth_pct"],
                 "WITH m AS (SELECT strftime(order_date, '%Y-%m') AS month, avg(discount_pct) AS d, sum(line_amount) AS revenue "
                 "FROM fact_order_lines GROUP BY 1) SELECT month, round(100 * d, 2) AS avg_discount_pct, round(revenue, 2) AS revenue, "
                 "round(100 * (revenue / lag(revenue) OVER (ORDER BY month) - 1), 2) AS mom_growth_pct FROM m ORDER BY month",
                 ("line", "month", ["avg_discount_pct"]), difficulty="advanced", skills=["CTEs", "LAG", "growth rates"]),
        question("q7", "Which payment methods do customers prefer? Generate a report of order lines, revenue and average line value per payment method, largest revenue first.",
                 ["payment_method", "order_lines", "revenue", "avg_line_value"],
                 "SELECT payment_method, count(*) AS order_lines, round(sum(line_amount), 2) AS revenue, round(avg(line_amount), 2) AS avg_line_value "
                 "FROM fact_order_lines GROUP BY 1 ORDER BY revenue DESC", ("bar", "payment_method", ["revenue"]),
                 difficulty="beginner", skills=["aggregation"]),
    ]
    insights = [
        scale("monsoon_delays", "Monsoon slows deliveries", "Deliveries in July and August take about 45% longer.",
              "fact_order_lines", "delivery_minutes", monsoon, 1.45,
              f"SELECT avg(delivery_minutes) FILTER (WHERE {monsoon}) > 1.25 * avg(delivery_minutes) FILTER (WHERE NOT {monsoon}) FROM fact_order_lines",
              ["q3", "q4"]),
        shift("festive_discounts", "Festive discounting", "In October and November one line in three gets the 20% discount.",
              "fact_order_lines", "discount_pct", "month(order_date) IN (10, 11)", 0.2, 0.35,
              "SELECT avg(discount_pct) FILTER (WHERE month(order_date) IN (10, 11)) > 1.5 * avg(discount_pct) FILTER (WHERE month(order_date) NOT IN (10, 11)) FROM fact_order_lines",
              ["q6"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_customer", "gender", 0.03), fault("casing", "dim_customer", "customer_name", 0.02)],
        "advanced": [fault("nulls", "dim_customer", "gender", 0.04), fault("casing", "dim_customer", "customer_name", 0.03),
                     fault("duplicates", "fact_order_lines", "", 0.005), fault("outliers", "fact_order_lines", "delivery_minutes", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_order_lines", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} promises groceries in minutes across {len(names)} cities ({', '.join(names[:3])} and more). "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} it booked revenue of INR {{total_revenue}} from {{total_lines}} order lines, "
        f"but {{late_pct}}% of lines arrived later than promised and investors question whether festive discounts buy "
        f"lasting growth. {ceo.name} ({ceo.role}) wants a fact-based review before the next funding round."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Quick commerce", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=ceo.name, role=ceo.role, part="stakeholder",
                      voice=f"We grew fast in {y0}-{y1}. I need to know where the money comes from and why customers wait."),
            Character(name=ops.name, role=ops.role, part="manager",
                      voice="I have a board review on Friday. Give me clear numbers by city, product and month."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: load the data, answer the questions, and tell the story."),
        ],
        kpis=[
            kpi("Revenue", "Money collected from delivered lines, after discount.", "SUM(line_amount)"),
            kpi("Average Line Value", "Revenue per order line.", "SUM(line_amount) / COUNT(line_id)"),
            kpi("Late Delivery Rate", "Share of lines delivered after the promised time.", "AVG(is_late) x 100"),
            kpi("Average Delivery Time", "Mean minutes from order to doorstep.", "AVG(delivery_minutes)"),
            kpi("Average Discount", "Mean discount given per line.", "AVG(discount_pct) x 100"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="total_revenue", description="Total revenue in INR", sql="SELECT round(sum(line_amount), 0) FROM fact_order_lines", decimals=0),
            StoryNumber(id="total_lines", description="Number of order lines", sql="SELECT count(*) FROM fact_order_lines", decimals=0),
            StoryNumber(id="late_pct", description="Late-delivery rate in percent",
                        sql="SELECT round(100 * avg(CASE WHEN is_late THEN 1 ELSE 0 END), 1) FROM fact_order_lines", decimals=1),
        ],
    )
    if "returns" in ctx.extras:
        _add_returns(problem, schema)
    return problem, schema


def _add_returns(problem: Problem, schema: Schema) -> None:
    """Feedback extra: a returns fact table, one row per returned line (a second fact table)."""
    schema.tables.append(Table(
        name="fact_returns", kind="fact", primary_key="return_id", size=PerParentSize(parent="fact_order_lines", fraction=0.04),
        description="Lines customers returned for a refund.", columns=[
            col("return_id", "string", "Unique return code.", seq("R", 8)),
            col("line_id", "string", "Returned order line, linked to fact_order_lines.", fk(unique=True)),
            col("order_date", "date", "Date of the original order.", lookup("line_id", "order_date")),
            col("return_lag_days", "integer", "Days between order and return.", dist("uniform", 0, 7, 0, low=0, high=7)),
            col("return_date", "date", "Date the return was picked up.", expr("order_date + CAST(return_lag_days AS INTEGER)")),
            col("reason", "category", "Reason given by the customer.", choice(["Damaged", "Expired", "Wrong item", "Quality issue", "Changed mind"], [0.3, 0.15, 0.2, 0.25, 0.1])),
            col("refund_amount", "decimal", "Amount refunded in INR (the line amount).", lookup("line_id", "line_amount"), unit="INR"),
        ]))
    schema.relationships.append(rel("fact_order_lines", "line_id", "fact_returns", "line_id"))
    schema.rules.append(rule("return_after_order", "A return happens on or after its order date.",
                             "SELECT r.* FROM fact_returns r JOIN fact_order_lines l USING (line_id) WHERE r.return_date < l.order_date",
                             category="temporal", table="fact_returns"))
    problem.questions[-1] = question(
        "q7", "Which categories come back most? Generate a report per product category of order lines, returned lines, "
        "return rate (percent, 2 decimals) and refunded amount, highest return rate first.",
        ["category", "order_lines", "returned_lines", "return_rate_pct", "refunded_amount"],
        "SELECT p.category, count(*) AS order_lines, count(r.return_id) AS returned_lines, "
        "round(100 * count(r.return_id) / count(*), 2) AS return_rate_pct, round(coalesce(sum(r.refund_amount), 0), 2) AS refunded_amount "
        "FROM fact_order_lines f JOIN dim_product p USING (product_id) LEFT JOIN fact_returns r USING (line_id) "
        "GROUP BY 1 ORDER BY return_rate_pct DESC, category", ("bar", "category", ["return_rate_pct"]),
        skills=["LEFT JOIN", "conditional counts"])
    schema.rules.append(rule("refund_not_above_paid", "A refund never exceeds what was paid for the line.",
                             "SELECT r.* FROM fact_returns r JOIN fact_order_lines l USING (line_id) WHERE r.refund_amount > l.line_amount",
                             table="fact_returns"))


DOMAIN = DomainTemplate(
    key="quick_commerce",
    title="Quick-commerce grocery delivery",
    industry="Quick commerce",
    keywords=("quick commerce", "quick-commerce", "q-commerce", "grocery", "groceries", "dark store", "instant delivery",
              "10-minute", "kirana", "blinkit", "zepto", "instamart"),
    summary=("Quick-commerce apps deliver groceries and essentials in 10-20 minutes from dark stores. Unit economics "
             "hinge on basket size, delivery speed, discounting and store density; festive seasons and monsoon "
             "weather move demand and delivery times."),
    research_kpis=("Gross merchandise value", "Average order value", "Late delivery rate", "Average delivery time",
                   "Discount rate", "Orders per store per day"),
    build=build,
    extras={"returns": "a returns table (fact_returns) with reasons and refunds"},
    tier2_only=False,
)
