"""Consumer-goods sales (hardware or FMCG) with a September-August fiscal year (AtliQ-style ad-hoc requests)."""

from __future__ import annotations

from factory.llm.offline.build import (
    choice,
    col,
    date,
    date_dimension,
    dist,
    expr,
    fault,
    fk,
    kpi,
    lookup,
    question,
    rel,
    rule,
    scale,
    seq,
)
from factory.llm.offline.context import DomainContext
from factory.llm.offline.domains.consumer_goods_lines import accounts as line_accounts
from factory.llm.offline.domains.consumer_goods_lines import product_line
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

FY_START = 9
PRICE_RISE = 0.05  # yearly list-price increase
FESTIVE = "month(date) IN (10, 11, 12)"


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The consumer-goods problem and schema for this context."""
    line = product_line(ctx.domain_text)
    cur, catalog = line.currency, line.catalog
    company = ctx.company(line.first, line.second)
    w = ctx.window
    fy0, fy1 = w.start.year + 1, w.end.year
    accounts = line_accounts(line, ctx)
    ecom = ", ".join(f"'C{i + 1:04d}'" for i, a in enumerate(accounts) if a[1] == "E-Commerce")
    cmo, head, analyst = ctx.person("Chief Marketing Officer"), ctx.person("Head of Sales Analytics"), ctx.person("Data Analyst")
    sales_fy = f"year(date) + CASE WHEN month(date) >= {FY_START} THEN 1 ELSE 0 END"
    months = [1.0, 0.85, 0.95, 0.9, 0.85, 0.8, 0.85, 0.95, 1.05, 1.2, 1.35, 1.3]

    tables = [
        date_dimension(fiscal_start_month=FY_START),
        Table(name="dim_customer", kind="dimension", primary_key="customer_code", size=FixedSize(rows=len(accounts)),
              description="Customers (retailers, e-commerce sites, distributors, own store) by market.", columns=[
                  col("customer_code", "string", "Unique customer code (one per customer and market).", seq("C", 4)),
                  col("customer", "string", "Customer name.", choice([a[0] for a in accounts], cycle=True)),
                  col("platform", "category", "Brick & Mortar or E-Commerce.", choice([a[1] for a in accounts], cycle=True)),
                  col("channel", "category", "Retailer, Direct or Distributor.", choice([a[2] for a in accounts], cycle=True)),
                  col("market", "category", "Country the customer buys for.", choice([a[3] for a in accounts], cycle=True)),
                  col("sub_zone", "category", "Sub-zone of the market.", choice([a[4] for a in accounts], cycle=True)),
                  col("region", "category", "Sales region: APAC, EU, NA or LATAM.", choice([a[5] for a in accounts], cycle=True)),
                  col("pre_invoice_discount_pct", "decimal", "Negotiated discount taken off the invoice, as a fraction.",
                      choice([a[6] for a in accounts], cycle=True)),
                  col("account_size_index", "decimal", "Relative size of the account used in sales planning.",
                      choice([a[7] for a in accounts], cycle=True)),
              ]),
        Table(name="dim_product", kind="dimension", primary_key="product_code", size=FixedSize(rows=len(catalog)),
              description="Products by division, segment and category, with the base gross price.", columns=[
                  col("product_code", "string", "Unique product code.", seq("P", 4)),
                  col("division", "category", f"Division: {line.divisions}.", choice([p[0] for p in catalog], cycle=True)),
                  col("segment", "category", "Segment within the division.", choice([p[1] for p in catalog], cycle=True)),
                  col("category", "category", "Product category.", choice([p[2] for p in catalog], cycle=True)),
                  col("product", "string", "Product name.", choice([p[3] for p in catalog], cycle=True)),
                  col("variant", "category", "Variant or pack tier: Standard, Plus or Premium.", choice([p[4] for p in catalog], cycle=True)),
                  col("base_gross_price", "decimal", f"Gross price per {line.unit} in fiscal year {fy0}, {cur}.",
                      choice([p[5] for p in catalog], cycle=True), unit=cur),
                  col("volume_weight", "decimal", "Relative unit volume used in demand planning (cheaper items sell more).",
                      choice([round(30 / p[5] ** 0.5, 2) for p in catalog], cycle=True)),
              ]),
        Table(name="fact_sales_monthly", kind="fact", primary_key="sales_id", size=MainSize(),
              description="Invoiced sales: one row per customer, product and invoice date.", columns=[
                  col("sales_id", "string", "Unique sales record code.", seq("S", 9)),
                  col("date", "date", "Invoice date, linked to dim_date.", date(month_weights=months, trend=0.12)),
                  col("fiscal_year", "integer", "Fiscal year of the invoice (September-August, named by its end year).", expr(sales_fy)),
                  col("customer_code", "string", "Customer invoiced, linked to dim_customer.", fk(weight_column="account_size_index")),
                  col("product_code", "string", "Product sold, linked to dim_product.", fk(weight_column="volume_weight")),
                  col("sold_quantity", "integer", f"{line.unit.capitalize()}s invoiced.", dist("lognormal", 1, 2000, 0, mean=3.6, sigma=0.9)),
                  col("base_gross_price", "decimal", f"Base gross price of the product (from dim_product), {cur}.",
                      lookup("product_code", "base_gross_price"), unit=cur),
                  col("gross_price", "decimal", f"Gross price per {line.unit} in the invoice's fiscal year: base price raised {PRICE_RISE:.0%} a year.",
                      expr(f"round(base_gross_price * power({1 + PRICE_RISE}, fiscal_year - {fy0}), 2)"), unit=cur),
                  col("gross_sales", "decimal", f"sold_quantity x gross_price, {cur}.", expr("round(sold_quantity * gross_price, 2)"), unit=cur),
                  col("pre_invoice_discount_pct", "decimal", "The customer's pre-invoice discount (from dim_customer).",
                      lookup("customer_code", "pre_invoice_discount_pct")),
                  col("net_invoice_sales", "decimal", f"gross_sales x (1 - pre_invoice_discount_pct), {cur}.",
                      expr("round(gross_sales * (1 - pre_invoice_discount_pct), 2)"), unit=cur),
              ]),
        Table(name="fact_forecast_monthly", kind="fact", primary_key="forecast_id", size=RatioSize(ratio=1.0, min_rows=50),
              description="Demand forecast the planning team made per customer, product and month.", columns=[
                  col("forecast_id", "string", "Unique forecast record code.", seq("F", 9)),
                  col("date", "date", "Forecast date, linked to dim_date.", date(month_weights=months, trend=0.12)),
                  col("fiscal_year", "integer", "Fiscal year of the forecast.", expr(sales_fy)),
                  col("customer_code", "string", "Customer, linked to dim_customer.", fk(weight_column="account_size_index")),
                  col("product_code", "string", "Product, linked to dim_product.", fk(weight_column="volume_weight")),
                  col("forecast_quantity", "integer", "Units the planners expected to sell.",
                      dist("lognormal", 1, 2000, 0, mean=3.9, sigma=0.8), nullable=True),
              ]),
    ]
    rels = [
        rel("dim_date", "date", "fact_sales_monthly", "date"),
        rel("dim_customer", "customer_code", "fact_sales_monthly", "customer_code"),
        rel("dim_product", "product_code", "fact_sales_monthly", "product_code"),
        rel("dim_date", "date", "fact_forecast_monthly", "date"),
        rel("dim_customer", "customer_code", "fact_forecast_monthly", "customer_code"),
        rel("dim_product", "product_code", "fact_forecast_monthly", "product_code"),
    ]
    rules = [
        rule("gross_sales_formula", "gross_sales equals sold_quantity x gross_price.",
             "SELECT * FROM fact_sales_monthly WHERE abs(gross_sales - round(sold_quantity * gross_price, 2)) > 0.01",
             table="fact_sales_monthly"),
        rule("price_list_by_fiscal_year", f"The gross price is the product's base price raised {PRICE_RISE:.0%} per fiscal year after {fy0}.",
             "SELECT f.* FROM fact_sales_monthly f JOIN dim_product p USING (product_code) "
             f"WHERE abs(f.gross_price - round(p.base_gross_price * power({1 + PRICE_RISE}, f.fiscal_year - {fy0}), 2)) > 0.01",
             table="fact_sales_monthly"),
        rule("discount_is_negotiated", "Every invoice uses the customer's negotiated pre-invoice discount.",
             "SELECT f.* FROM fact_sales_monthly f JOIN dim_customer c USING (customer_code) "
             "WHERE f.pre_invoice_discount_pct <> c.pre_invoice_discount_pct", table="fact_sales_monthly"),
        rule("net_invoice_formula", "net_invoice_sales equals gross_sales x (1 - pre_invoice_discount_pct).",
             "SELECT * FROM fact_sales_monthly WHERE abs(net_invoice_sales - round(gross_sales * (1 - pre_invoice_discount_pct), 2)) > 0.01",
             table="fact_sales_monthly"),
        rule("quantity_positive", "Every invoice line sells at least one unit.",
             "SELECT * FROM fact_sales_monthly WHERE sold_quantity < 1", table="fact_sales_monthly"),
        rule("fiscal_year_matches_date", "The fiscal year starts in September: fiscal_year = year(date) + 1 from September on.",
             f"SELECT * FROM fact_sales_monthly WHERE fiscal_year <> {sales_fy} "
             f"UNION ALL SELECT s.* FROM fact_sales_monthly s WHERE s.fiscal_year NOT BETWEEN {fy0} AND {fy1}",
             category="temporal", table="fact_sales_monthly"),
        rule("forecast_in_window", "Forecasts fall inside the challenge window.",
             f"SELECT * FROM fact_forecast_monthly WHERE date < DATE '{w.start}' OR date > DATE '{w.end}'",
             category="temporal", table="fact_forecast_monthly"),
    ]
    questions = [
        question("q1", f"{head.name} needs the monthly picture for the board deck. Generate a report of gross sales and net invoice sales ({cur}) per calendar month, in date order.",
                 ["month", "gross_sales", "net_invoice_sales"],
                 "SELECT strftime(date, '%Y-%m') AS month, round(sum(gross_sales), 2) AS gross_sales, "
                 "round(sum(net_invoice_sales), 2) AS net_invoice_sales FROM fact_sales_monthly GROUP BY 1 ORDER BY 1",
                 ("line", "month", ["gross_sales", "net_invoice_sales"]), difficulty="beginner", skills=["aggregation", "date functions"]),
        question("q2", f"In which fiscal quarter do we sell the most? Generate a report of units sold and gross sales in millions of {cur} (2 decimals) per fiscal year and fiscal quarter.",
                 ["fiscal_year", "fiscal_quarter", "total_sold_quantity", "gross_sales_mln"],
                 "SELECT d.fiscal_year, d.fiscal_quarter, sum(f.sold_quantity) AS total_sold_quantity, "
                 "round(sum(f.gross_sales) / 1e6, 2) AS gross_sales_mln FROM fact_sales_monthly f "
                 "JOIN dim_date d ON d.date = f.date GROUP BY 1, 2 ORDER BY 1, 2",
                 ("column", "fiscal_quarter", ["gross_sales_mln"]), skills=["joins", "fiscal calendar"]),
        question("q3", f"Which platform is growing? Generate a report of gross sales in millions of {cur} (2 decimals) per fiscal year and platform, with each platform's percentage of that year's gross sales.",
                 ["fiscal_year", "platform", "gross_sales_mln", "percentage"],
                 "WITH s AS (SELECT f.fiscal_year, c.platform, sum(f.gross_sales) AS g FROM fact_sales_monthly f "
                 "JOIN dim_customer c USING (customer_code) GROUP BY 1, 2) SELECT fiscal_year, platform, round(g / 1e6, 2) AS gross_sales_mln, "
                 "round(100 * g / sum(g) OVER (PARTITION BY fiscal_year), 2) AS percentage FROM s ORDER BY 1, 2",
                 ("column", "platform", ["percentage"]), skills=["joins", "window functions"]),
        question("q4", f"Generate a report of the top 5 customers by average pre-invoice discount percentage in fiscal year {fy1} in the India market.",
                 ["customer_code", "customer", "average_discount_percentage"],
                 "SELECT c.customer_code, c.customer, round(100 * avg(f.pre_invoice_discount_pct), 2) AS average_discount_percentage "
                 f"FROM fact_sales_monthly f JOIN dim_customer c USING (customer_code) WHERE f.fiscal_year = {fy1} AND c.market = 'India' "
                 "GROUP BY 1, 2 ORDER BY average_discount_percentage DESC, customer_code LIMIT 5",
                 ("bar", "customer", ["average_discount_percentage"]), difficulty="beginner", skills=["joins", "filters"]),
        question("q5", f"{cmo.name} asks for our best sellers. Generate a report of the top 3 products in each division by units sold in fiscal year {fy1}.",
                 ["division", "product_code", "product", "total_sold_quantity", "rank_order"],
                 "WITH p AS (SELECT d.division, d.product_code, d.product, sum(f.sold_quantity) AS total_sold_quantity "
                 f"FROM fact_sales_monthly f JOIN dim_product d USING (product_code) WHERE f.fiscal_year = {fy1} GROUP BY 1, 2, 3), "
                 "r AS (SELECT *, row_number() OVER (PARTITION BY division ORDER BY total_sold_quantity DESC, product_code) AS rank_order FROM p) "
                 "SELECT division, product_code, product, total_sold_quantity, rank_order FROM r WHERE rank_order <= 3 ORDER BY division, rank_order",
                 ("bar", "product", ["total_sold_quantity"]), difficulty="advanced", skills=["CTEs", "window functions", "ranking"]),
        question("q6", "How good are our forecasts? Generate a report per market of units sold, units forecast and forecast accuracy (percent, 2 decimals: 100 x (1 - |forecast - sold| / forecast)), lowest accuracy first.",
                 ["market", "sold_quantity", "forecast_quantity", "forecast_accuracy_pct"],
                 "WITH s AS (SELECT c.market, sum(f.sold_quantity) AS sold FROM fact_sales_monthly f JOIN dim_customer c USING (customer_code) GROUP BY 1), "
                 "p AS (SELECT c.market, sum(f.forecast_quantity) AS fc FROM fact_forecast_monthly f JOIN dim_customer c USING (customer_code) GROUP BY 1) "
                 "SELECT s.market, s.sold AS sold_quantity, p.fc AS forecast_quantity, "
                 "round(100 * greatest(0, 1 - abs(p.fc - s.sold) / p.fc), 2) AS forecast_accuracy_pct "
                 "FROM s JOIN p USING (market) ORDER BY forecast_accuracy_pct, market",
                 ("bar", "market", ["forecast_accuracy_pct"]), difficulty="advanced", skills=["CTEs", "two fact tables", "KPIs"]),
        question("q7", f"Which segment grew the most? Generate a report per segment of units sold in fiscal year {fy0} and in {fy1} and the growth in percent (2 decimals), fastest growing first.",
                 ["segment", "units_first_fy", "units_last_fy", "growth_pct"],
                 f"WITH x AS (SELECT p.segment, sum(f.sold_quantity) FILTER (WHERE f.fiscal_year = {fy0}) AS a, "
                 f"sum(f.sold_quantity) FILTER (WHERE f.fiscal_year = {fy1}) AS b FROM fact_sales_monthly f "
                 "JOIN dim_product p USING (product_code) GROUP BY 1) SELECT segment, a AS units_first_fy, b AS units_last_fy, "
                 "round(100 * (b / a - 1), 2) AS growth_pct FROM x ORDER BY growth_pct DESC, segment",
                 ("bar", "segment", ["growth_pct"]), skills=["conditional aggregation", "CTEs", "growth rates"]),
    ]
    insights = [
        scale("festive_quarter", "Festive-quarter surge", "October to December orders are about 50% larger (Diwali, Black Friday, Christmas).",
              "fact_sales_monthly", "sold_quantity", FESTIVE, 1.5,
              f"SELECT avg(sold_quantity) FILTER (WHERE {FESTIVE}) > 1.25 * avg(sold_quantity) FILTER (WHERE NOT {FESTIVE}) FROM fact_sales_monthly",
              ["q1", "q2"]),
        scale("ecommerce_surge", "E-commerce takes share", f"In fiscal year {fy1} e-commerce customers order about 70% more units per invoice.",
              "fact_sales_monthly", "sold_quantity", f"fiscal_year = {fy1} AND customer_code IN ({ecom})", 1.7,
              f"SELECT avg(f.sold_quantity) FILTER (WHERE c.platform = 'E-Commerce' AND f.fiscal_year = {fy1}) > "
              f"1.3 * avg(f.sold_quantity) FILTER (WHERE c.platform = 'Brick & Mortar' AND f.fiscal_year = {fy1}) "
              "FROM fact_sales_monthly f JOIN dim_customer c USING (customer_code)",
              ["q3"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("casing", "dim_customer", "customer", 0.05), fault("nulls", "fact_forecast_monthly", "forecast_quantity", 0.01)],
        "advanced": [fault("casing", "dim_customer", "customer", 0.05), fault("spelling", "dim_customer", "market", 0.05),
                     fault("nulls", "fact_forecast_monthly", "forecast_quantity", 0.02),
                     fault("duplicates", "fact_sales_monthly", "", 0.005), fault("outliers", "fact_sales_monthly", "sold_quantity", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_sales_monthly", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} makes {line.what} in {ctx.hq_city} and sells it through retailers, e-commerce sites, distributors "
        f"and its own store in {len({a[3] for a in accounts})} markets. Its fiscal year runs September to August. "
        f"In fiscal years {fy0}-{fy1} it invoiced {cur} {{gross_sales_mln}} million gross, {cur} {{net_sales_mln}} million after "
        f"pre-invoice discounts, and its demand forecasts were {{forecast_accuracy}}% accurate. {cmo.name} ({cmo.role}) "
        "suspects the company has no clear view of where growth comes from and wants quick answers to ad-hoc requests."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Consumer goods", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=cmo.name, role=cmo.role, part="stakeholder",
                      voice="We take decisions on instinct. I want ten crisp answers from the data before the next planning cycle."),
            Character(name=head.name, role=head.role, part="manager",
                      voice=f"Fiscal years run September to August, {fy0} to {fy1}. Keep the numbers in {cur} and show the SQL."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: answer each ad-hoc request with a query, a table and a chart."),
        ],
        kpis=[
            kpi("Gross Sales", "Invoiced value before discounts.", "SUM(sold_quantity x gross_price)"),
            kpi("Net Invoice Sales", "Invoiced value after pre-invoice discounts.", "SUM(gross_sales x (1 - pre_invoice_discount_pct))"),
            kpi("Forecast Accuracy", "How close forecasts came to sales.", "1 - ABS(SUM(forecast_quantity) - SUM(sold_quantity)) / SUM(forecast_quantity)"),
            kpi("Average Pre-invoice Discount", "Mean discount taken off invoices.", "AVG(pre_invoice_discount_pct) x 100"),
            kpi("Platform Share", "Share of gross sales by platform.", "SUM(gross_sales) per platform / SUM(gross_sales)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="gross_sales_mln", description=f"Gross sales in millions of {cur}",
                        sql="SELECT round(sum(gross_sales) / 1e6, 2) FROM fact_sales_monthly", decimals=2),
            StoryNumber(id="net_sales_mln", description=f"Net invoice sales in millions of {cur}",
                        sql="SELECT round(sum(net_invoice_sales) / 1e6, 2) FROM fact_sales_monthly", decimals=2),
            StoryNumber(id="forecast_accuracy", description="Overall forecast accuracy in percent",
                        sql="SELECT round(100 * greatest(0, 1 - abs((SELECT sum(forecast_quantity) FROM fact_forecast_monthly) - "
                            "(SELECT sum(sold_quantity) FROM fact_sales_monthly)) / (SELECT sum(forecast_quantity) FROM fact_forecast_monthly)), 1)",
                        decimals=1),
        ],
    )
    if "deductions" in ctx.extras:
        _add_post_invoice(problem, schema, cur)
    return problem, schema


def _add_post_invoice(problem: Problem, schema: Schema, cur: str) -> None:
    """Feedback extra: post-invoice deductions (promotions and other) for most invoices."""
    schema.tables.append(Table(
        name="fact_post_invoice_deductions", kind="fact", primary_key="deduction_id",
        size=PerParentSize(parent="fact_sales_monthly", fraction=0.8),
        description="Deductions agreed after invoicing (promotional support, placement fees).", columns=[
            col("deduction_id", "string", "Unique deduction code.", seq("D", 9)),
            col("sales_id", "string", "Invoice the deduction applies to, linked to fact_sales_monthly.", fk(unique=True)),
            col("net_invoice_sales", "decimal", f"Net invoice sales of the invoice, {cur}.", lookup("sales_id", "net_invoice_sales"), unit=cur),
            col("discounts_pct", "decimal", "Promotional deduction, as a fraction.", dist("uniform", 0.02, 0.12, 4, low=0.02, high=0.12)),
            col("other_deductions_pct", "decimal", "Other deductions, as a fraction.", dist("uniform", 0.0, 0.06, 4, low=0.0, high=0.06)),
            col("net_sales", "decimal", f"Net sales after all deductions, {cur}.",
                expr("round(net_invoice_sales * (1 - discounts_pct - other_deductions_pct), 2)"), unit=cur),
        ]))
    schema.relationships.append(rel("fact_sales_monthly", "sales_id", "fact_post_invoice_deductions", "sales_id"))
    schema.rules.append(rule("net_sales_formula", "net_sales equals net_invoice_sales x (1 - discounts_pct - other_deductions_pct).",
                             "SELECT * FROM fact_post_invoice_deductions WHERE abs(net_sales - round(net_invoice_sales * "
                             "(1 - discounts_pct - other_deductions_pct), 2)) > 0.01", table="fact_post_invoice_deductions"))
    schema.rules.append(rule("net_sales_not_above_invoice", "Net sales never exceed net invoice sales.",
                             "SELECT d.* FROM fact_post_invoice_deductions d JOIN fact_sales_monthly s USING (sales_id) "
                             "WHERE d.net_sales > s.net_invoice_sales + 0.01", table="fact_post_invoice_deductions"))
    problem.kpis.append(kpi("Net Sales", "Revenue after pre- and post-invoice deductions.",
                            "SUM(net_invoice_sales x (1 - discounts_pct - other_deductions_pct))"))
    problem.questions.pop(3)
    problem.questions.append(question(
        "q8", f"How much do post-invoice deductions cost us? Generate a report per region of net invoice sales, net sales ({cur}) and the deduction percentage.",
        ["region", "net_invoice_sales", "net_sales", "deduction_pct"],
        "SELECT c.region, round(sum(d.net_invoice_sales), 2) AS net_invoice_sales, round(sum(d.net_sales), 2) AS net_sales, "
        "round(100 * (1 - sum(d.net_sales) / sum(d.net_invoice_sales)), 2) AS deduction_pct FROM fact_post_invoice_deductions d "
        "JOIN fact_sales_monthly s USING (sales_id) JOIN dim_customer c ON c.customer_code = s.customer_code GROUP BY 1 ORDER BY 1",
        ("bar", "region", ["deduction_pct"]), difficulty="advanced", skills=["multi-table joins", "KPIs"]))


DOMAIN = DomainTemplate(
    key="consumer_goods",
    title="Consumer goods sales with fiscal years",
    industry="Consumer goods",
    keywords=("consumer goods", "fmcg", "cpg", "hardware", "computer hardware", "peripherals", "atliq", "manufacturer",
              "fiscal year", "gross price", "pre-invoice", "forecast accuracy", "distributor", "sales analytics",
              "consumer electronics", "laptops", "sell-in"),
    summary=("A manufacturer sells through retailers, e-commerce platforms, distributors and its own store across "
             "markets. Gross price lists change every fiscal year, negotiated pre-invoice discounts turn gross into "
             "net invoice sales, and planners compare demand forecasts to actual sales."),
    research_kpis=("Gross sales", "Net invoice sales", "Pre-invoice discount", "Forecast accuracy",
                   "Platform and channel share", "Units sold per product"),
    build=build,
    extras={"deductions": "a post-invoice deductions table (fact_post_invoice_deductions) with promotional and other deductions"},
    fiscal_start_month=FY_START,
)
