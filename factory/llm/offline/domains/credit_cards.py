"""Credit cards: card spend at merchants by MCC, a card-application funnel, and (extra) delinquencies."""

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
    Insight,
    MainSize,
    Messiness,
    PerParentSize,
    Problem,
    RatioSize,
    Schema,
    StoryNumber,
    Table,
)

# (MCC, MCC description, spend category, typical ticket in INR, merchant-name suffixes)
MCCS: tuple[tuple[int, str, str, int, tuple[str, ...]], ...] = (
    (5411, "Grocery stores and supermarkets", "Groceries", 1800, ("Supermarket", "Fresh Mart", "Provision Store")),
    (5812, "Restaurants", "Dining", 1400, ("Restaurant", "Kitchen", "Dhaba")),
    (5814, "Fast food", "Dining", 450, ("Cafe", "Burger House", "Chaat Corner")),
    (5541, "Fuel stations", "Fuel", 2200, ("Fuel Station", "Petroleum", "Filling Station")),
    (4511, "Airlines", "Travel", 9500, ("Airways", "Air Tickets", "Aviation")),
    (7011, "Hotels and resorts", "Travel", 7500, ("Residency", "Grand Hotel", "Resort")),
    (4121, "Taxis and ride hailing", "Transport", 350, ("Cabs", "Taxi Service", "Rides")),
    (5311, "Department stores", "Shopping", 3200, ("Department Store", "Megastore", "Shopping Centre")),
    (5651, "Clothing stores", "Apparel", 2800, ("Fashions", "Textiles", "Boutique")),
    (5732, "Electronics stores", "Electronics", 14000, ("Electronics", "Digital World", "Mobile Gallery")),
    (5944, "Jewellery stores", "Jewellery", 28000, ("Jewellers", "Gold House", "Diamonds")),
    (5912, "Pharmacies", "Health", 900, ("Medicals", "Pharmacy", "Chemists")),
    (8062, "Hospitals", "Health", 12000, ("Hospital", "Multispeciality Clinic", "Nursing Home")),
    (4900, "Electricity and gas utilities", "Bills & Utilities", 2400, ("Power Distribution", "Gas Services", "Utilities")),
    (4814, "Telecom services", "Bills & Utilities", 650, ("Telecom", "Broadband", "Mobile Services")),
    (7832, "Cinemas", "Entertainment", 800, ("Cinemas", "Multiplex", "Talkies")),
    (8299, "Schools and education", "Education", 15000, ("Academy", "Coaching Classes", "Institute")),
    (5977, "Cosmetics and beauty stores", "Personal Care", 1500, ("Beauty Store", "Cosmetics", "Salon & Spa")),
)
# typical card transactions a month at one merchant of each MCC (frequent small tickets, rare big ones)
MCC_VOLUME = {5411: 900, 5812: 700, 5814: 1200, 5541: 800, 4511: 150, 7011: 60, 4121: 1000, 5311: 200, 5651: 150,
              5732: 150, 5944: 60, 5912: 500, 8062: 40, 4900: 600, 4814: 700, 7832: 250, 8299: 20, 5977: 150}
NAME_WORDS = ("Shree", "Sai", "Royal", "Green Leaf", "Metro", "Lakshmi", "New India", "Galaxy", "Sunrise", "Balaji",
              "Ganesh", "Urban", "City", "Star", "Golden", "Sagar", "Anand", "Moti", "Krishna", "Paradise", "Vijay")
# (card, tier, annual fee INR, minimum annual income INR, share of the portfolio in percent)
CARDS: tuple[tuple[str, str, int, int, int], ...] = (
    ("Everyday Classic", "Entry", 0, 300_000, 35), ("Shopper Cashback", "Mid", 499, 400_000, 22),
    ("Fuel Plus", "Mid", 499, 400_000, 15), ("Travel Miles Platinum", "Premium", 2_999, 900_000, 14),
    ("Signature Rewards", "Premium", 4_999, 1_200_000, 10), ("Reserve Infinite", "Super Premium", 12_500, 2_500_000, 4),
)
FIRST = ("Suvarna", "Kosh", "Tara", "Nidhi", "Udaan", "Sampada", "Akshaya", "Dhruva", "Kuber", "Mudra")
SECOND = ("Bank", "Card Services", "Finance", "Capital", "Credit")
PER_MCC = 15
HIGH_RISK = "mcc IN (5732, 5944)"
FESTIVE = "month(txn_date) IN (10, 11)"
LIMIT_POLICY = "least(greatest(round(annual_income / 4 / 5000) * 5000, 25000), 2000000)"


def _merchant_lists(ctx: DomainContext) -> tuple[list[str], list[float], list[int]]:
    """Aligned merchant names, typical tickets and monthly volumes: row i is a merchant of MCCS[i % len(MCCS)]."""
    names, tickets, volumes = [], [], []
    for i in range(PER_MCC * len(MCCS)):
        m = MCCS[i % len(MCCS)]
        names.append(f"{ctx.pick(NAME_WORDS)} {ctx.pick(m[4])}")
        tickets.append(float(round(m[3] * ctx.rng.uniform(0.7, 1.4), -1)))
        volumes.append(round(MCC_VOLUME[m[0]] * ctx.rng.uniform(0.5, 1.5)))
    return names, tickets, volumes


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The credit-card problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    y0 = w.start.year
    names = [c[0] for c in ctx.cities]
    head, risk, analyst = ctx.person("Head of Credit Cards"), ctx.person("Portfolio Risk Manager"), ctx.person("Data Analyst")
    merchant_names, tickets, volumes = _merchant_lists(ctx)

    tables = [
        date_dimension(),
        Table(name="dim_city", kind="dimension", primary_key="city_id", size=FixedSize(rows=len(ctx.cities)),
              description="Cities where cardholders live and merchants trade.", columns=[
                  col("city_id", "id", "Unique city identifier.", seq()),
                  col("city_name", "category", "City name.", choice(names, cycle=True)),
                  col("state", "category", "State the city is in.", choice([c[1] for c in ctx.cities], cycle=True)),
                  col("city_tier", "category", "Tier of the city (Tier 1 or Tier 2).", choice([c[2] for c in ctx.cities], cycle=True)),
              ]),
        Table(name="dim_card_product", kind="dimension", primary_key="card_product_id", size=FixedSize(rows=len(CARDS)),
              description="Card variants the issuer sells, with fee and eligibility.", columns=[
                  col("card_product_id", "id", "Unique card product identifier.", seq()),
                  col("card_name", "category", "Card product name.", choice([c[0] for c in CARDS], cycle=True)),
                  col("card_tier", "category", "Product tier.", choice([c[1] for c in CARDS], cycle=True)),
                  col("annual_fee_inr", "integer", "Annual fee in INR.", choice([c[2] for c in CARDS], cycle=True), unit="INR"),
                  col("min_income_inr", "integer", "Minimum annual income to qualify, in INR.", choice([c[3] for c in CARDS], cycle=True), unit="INR"),
                  col("portfolio_mix_pct", "integer", "Planned share of the card portfolio, in percent.", choice([c[4] for c in CARDS], cycle=True)),
              ]),
        Table(name="dim_merchant", kind="dimension", primary_key="merchant_id", size=FixedSize(rows=len(merchant_names)),
              description="Merchants that accept the cards, with their merchant category code (MCC).", columns=[
                  col("merchant_id", "string", "Unique merchant code.", seq("M", 5)),
                  col("merchant_name", "string", "Merchant trading name.", choice(merchant_names, cycle=True)),
                  col("mcc", "integer", "Merchant category code (ISO 18245).", choice([m[0] for m in MCCS], cycle=True)),
                  col("mcc_description", "category", "What the MCC stands for.", choice([m[1] for m in MCCS], cycle=True)),
                  col("category", "category", "Spend category used in reporting.", choice([m[2] for m in MCCS], cycle=True)),
                  col("avg_ticket_inr", "decimal", "Typical ticket size at the merchant in INR.", choice(tickets, cycle=True), unit="INR"),
                  col("monthly_card_txns", "integer", "Typical card transactions a month at the merchant.", choice(volumes, cycle=True)),
                  col("city_id", "id", "City of the merchant, linked to dim_city.", fk(0.5)),
              ]),
        Table(name="dim_customer", kind="dimension", primary_key="customer_id", size=RatioSize(ratio=0.01, min_rows=200),
              description="Cardholders with their card product and credit limit.", columns=[
                  col("customer_id", "string", "Unique cardholder code.", seq("CU", 7)),
                  col("customer_name", "string", "Cardholder full name.", faker("name", 3000)),
                  col("city_id", "id", "Home city, linked to dim_city.", fk(0.5)),
                  col("age", "integer", "Age in years.", dist("normal", 21, 70, 0, mean=36, sd=9)),
                  col("occupation", "category", "Employment type.", choice(["Salaried", "Self-employed", "Business owner", "Professional", "Retired"], [0.55, 0.15, 0.12, 0.13, 0.05]), nullable=True),
                  col("annual_income", "integer", "Declared annual income in INR.", dist("lognormal", 250_000, 10_000_000, 0, mean=13.5, sigma=0.55), unit="INR"),
                  col("credit_score", "integer", "Bureau credit score (300-900) at onboarding.", dist("normal", 650, 900, 0, mean=755, sd=45)),
                  col("card_product_id", "id", "Card held, linked to dim_card_product.", fk(weight_column="portfolio_mix_pct")),
                  col("credit_limit", "integer", "Credit limit in INR: a quarter of annual income in steps of 5,000, from 25,000 to 20,00,000.",
                      expr(LIMIT_POLICY), unit="INR"),
                  col("card_open_date", "date", "Date the card was issued.", date(start=dt.date(y0 - 5, 1, 1), end=w.start - dt.timedelta(days=1), trend=0.2)),
              ]),
        Table(name="fact_transactions", kind="fact", primary_key="txn_id", size=MainSize(),
              description="One row per card purchase authorised at a merchant.", columns=[
                  col("txn_id", "string", "Unique transaction reference.", seq("TX", 9)),
                  col("txn_date", "date", "Date of the purchase, linked to dim_date.",
                      date(month_weights=[0.95, 0.9, 1.0, 0.95, 1.0, 0.95, 0.95, 1.0, 1.05, 1.3, 1.35, 1.2],
                           weekday_weights=[0.9, 0.9, 0.95, 0.95, 1.1, 1.3, 1.2], trend=0.18)),
                  col("customer_id", "string", "Cardholder, linked to dim_customer.", fk(0.9)),
                  col("merchant_id", "string", "Merchant, linked to dim_merchant.", fk(weight_column="monthly_card_txns")),
                  col("mcc", "integer", "Merchant category code as carried in the authorisation (the merchant's MCC).", lookup("merchant_id", "mcc")),
                  col("channel", "category", "How the card was used.", choice(["Chip & PIN", "Contactless", "Online", "Recurring"], [0.4, 0.2, 0.33, 0.07])),
                  col("is_international", "boolean", "True for a cross-border (foreign-currency) transaction.", choice([False, True], [0.97, 0.03])),
                  col("typical_ticket_inr", "decimal", "The merchant's typical ticket size in INR (from dim_merchant).", lookup("merchant_id", "avg_ticket_inr"), unit="INR"),
                  col("ticket_ratio", "decimal", "This purchase relative to the merchant's typical ticket.", dist("lognormal", 0.05, 6, 3, mean=-0.1, sigma=0.55)),
                  col("amount_inr", "decimal", "Purchase amount in INR: typical_ticket_inr x ticket_ratio.", expr("round(typical_ticket_inr * ticket_ratio, 2)"), unit="INR"),
                  col("is_fraud", "boolean", "True when the cardholder disputed the purchase as fraud.", choice([False, True], [0.998, 0.002])),
                  col("reward_points", "integer", "Points earned: 2 per full INR 100, none on fuel (MCC 5541) or fraud.",
                      expr("CASE WHEN is_fraud OR mcc = 5541 THEN 0 ELSE CAST(floor(amount_inr / 100) * 2 AS INTEGER) END")),
                  col("forex_markup_inr", "decimal", "Foreign-currency markup charged: 3.5% of the amount on cross-border purchases.",
                      expr("CASE WHEN is_international THEN round(amount_inr * 0.035, 2) ELSE 0 END"), unit="INR"),
              ]),
        Table(name="fact_card_applications", kind="fact", primary_key="application_id", size=RatioSize(ratio=0.12, min_rows=200),
              description="One row per new-card application and the underwriting decision.", columns=[
                  col("application_id", "string", "Unique application reference.", seq("APP", 7)),
                  col("application_date", "date", "Date the application was submitted, linked to dim_date.", date(trend=0.25)),
                  col("city_id", "id", "Applicant's city, linked to dim_city.", fk(0.5)),
                  col("card_product_id", "id", "Card applied for, linked to dim_card_product.", fk(weight_column="portfolio_mix_pct")),
                  col("min_income_inr", "integer", "The product's minimum income (from dim_card_product).", lookup("card_product_id", "min_income_inr"), unit="INR"),
                  col("sourcing_channel", "category", "Where the application came from.", choice(["Branch", "Online", "DSA agent", "Pre-approved offer"], [0.25, 0.4, 0.25, 0.1])),
                  col("annual_income", "integer", "Declared annual income in INR.", dist("lognormal", 150_000, 10_000_000, 0, mean=13.7, sigma=0.55), unit="INR"),
                  col("credit_score", "integer", "Bureau credit score (300-900).", dist("normal", 450, 900, 0, mean=735, sd=55)),
                  col("status", "category", "Underwriting decision: Approved when score >= 700 and income meets the product minimum.",
                      expr("CASE WHEN credit_score >= 700 AND annual_income >= min_income_inr THEN 'Approved' ELSE 'Rejected' END")),
                  col("decision_date", "date", "Date of the decision (1-14 days after applying).", date(after="application_date", lag_min=1, lag_max=14)),
                  col("approved_limit_inr", "integer", "Credit limit granted in INR (empty when rejected).",
                      expr(f"CASE WHEN status = 'Approved' THEN {LIMIT_POLICY} END"), nullable=True, unit="INR"),
              ]),
    ]
    rels = [
        rel("dim_city", "city_id", "dim_merchant", "city_id", min_children=1),
        rel("dim_city", "city_id", "dim_customer", "city_id"),
        rel("dim_card_product", "card_product_id", "dim_customer", "card_product_id"),
        rel("dim_date", "date", "fact_transactions", "txn_date"),
        rel("dim_customer", "customer_id", "fact_transactions", "customer_id"),
        rel("dim_merchant", "merchant_id", "fact_transactions", "merchant_id"),
        rel("dim_date", "date", "fact_card_applications", "application_date"),
        rel("dim_city", "city_id", "fact_card_applications", "city_id"),
        rel("dim_card_product", "card_product_id", "fact_card_applications", "card_product_id"),
    ]
    rules = [
        rule("amount_formula", "amount_inr equals the merchant's typical ticket x ticket_ratio, rounded to paise.",
             "SELECT * FROM fact_transactions WHERE abs(amount_inr - round(typical_ticket_inr * ticket_ratio, 2)) > 0.005 OR amount_inr <= 0",
             table="fact_transactions"),
        rule("mcc_matches_merchant", "A transaction carries its merchant's MCC.",
             "SELECT t.* FROM fact_transactions t JOIN dim_merchant m USING (merchant_id) WHERE t.mcc <> m.mcc", table="fact_transactions"),
        rule("reward_points_policy", "2 points per full INR 100; no points on fuel (MCC 5541) or on fraud.",
             "SELECT * FROM fact_transactions WHERE reward_points <> CASE WHEN is_fraud OR mcc = 5541 THEN 0 ELSE floor(amount_inr / 100) * 2 END",
             table="fact_transactions"),
        rule("forex_markup_policy", "Cross-border purchases pay a 3.5% markup, domestic ones none.",
             "SELECT * FROM fact_transactions WHERE abs(forex_markup_inr - CASE WHEN is_international THEN round(amount_inr * 0.035, 2) ELSE 0 END) > 0.005",
             table="fact_transactions"),
        rule("txn_after_card_issued", "A card is only used on or after its issue date.",
             "SELECT t.* FROM fact_transactions t JOIN dim_customer c USING (customer_id) WHERE t.txn_date < c.card_open_date",
             category="temporal", table="fact_transactions"),
        rule("credit_limit_policy", "Credit limits are multiples of INR 5,000 between 25,000 and 20,00,000.",
             "SELECT * FROM dim_customer WHERE credit_limit % 5000 <> 0 OR credit_limit < 25000 OR credit_limit > 2000000", table="dim_customer"),
        rule("underwriting_policy", "Approved exactly when the score is at least 700 and income meets the product minimum.",
             "SELECT a.* FROM fact_card_applications a JOIN dim_card_product p USING (card_product_id) "
             "WHERE (a.status = 'Approved') <> (a.credit_score >= 700 AND a.annual_income >= p.min_income_inr)",
             table="fact_card_applications"),
        rule("limit_only_when_approved", "Approved applications get a limit, rejected ones none.",
             "SELECT * FROM fact_card_applications WHERE (status = 'Approved') <> (approved_limit_inr IS NOT NULL)",
             table="fact_card_applications"),
        rule("decision_within_14_days", "The decision comes 1 to 14 days after the application.",
             "SELECT * FROM fact_card_applications WHERE decision_date < application_date + 1 OR decision_date > application_date + 14",
             category="temporal", table="fact_card_applications"),
    ]
    spend = "fact_transactions t JOIN dim_merchant m USING (merchant_id)"
    questions = [
        question("q1", f"{head.name} opens every review with the spend trend. Generate a report of total card spend and number of transactions per month, in date order.",
                 ["month", "total_spend_inr", "transactions"],
                 "SELECT strftime(txn_date, '%Y-%m') AS month, round(sum(amount_inr), 2) AS total_spend_inr, count(*) AS transactions "
                 "FROM fact_transactions GROUP BY 1 ORDER BY 1", ("line", "month", ["total_spend_inr"]), difficulty="beginner",
                 skills=["aggregation", "date functions"]),
        question("q2", "Where do our cardholders spend? Generate a report of transactions, total spend and average ticket size per merchant category, largest spend first.",
                 ["category", "transactions", "total_spend_inr", "avg_ticket_inr"],
                 f"SELECT m.category, count(*) AS transactions, round(sum(t.amount_inr), 2) AS total_spend_inr, round(avg(t.amount_inr), 2) AS avg_ticket_inr "
                 f"FROM {spend} GROUP BY 1 ORDER BY total_spend_inr DESC", ("bar", "category", ["total_spend_inr"]),
                 difficulty="beginner", skills=["joins", "aggregation"]),
        question("q3", f"{risk.name} suspects online fraud is concentrated in a few categories. Generate a report per merchant category of online transactions, the online fraud rate and the fraud rate of all other channels (percent, 3 decimals), worst online rate first.",
                 ["category", "online_transactions", "online_fraud_rate_pct", "other_fraud_rate_pct"],
                 "SELECT m.category, count(*) FILTER (WHERE t.channel = 'Online') AS online_transactions, "
                 "round(100 * avg(CASE WHEN t.is_fraud THEN 1 ELSE 0 END) FILTER (WHERE t.channel = 'Online'), 3) AS online_fraud_rate_pct, "
                 "round(100 * avg(CASE WHEN t.is_fraud THEN 1 ELSE 0 END) FILTER (WHERE t.channel <> 'Online'), 3) AS other_fraud_rate_pct "
                 f"FROM {spend} GROUP BY 1 ORDER BY online_fraud_rate_pct DESC NULLS LAST, category",
                 ("bar", "category", ["online_fraud_rate_pct", "other_fraud_rate_pct"]), skills=["joins", "conditional aggregation"]),
        question("q4", "Which sourcing channels bring applicants we can approve? Generate a report per sourcing channel of applications, approvals, approval rate (percent, 2 decimals) and average credit score, lowest approval rate first.",
                 ["sourcing_channel", "applications", "approved", "approval_rate_pct", "avg_credit_score"],
                 "SELECT sourcing_channel, count(*) AS applications, count(*) FILTER (WHERE status = 'Approved') AS approved, "
                 "round(100 * avg(CASE WHEN status = 'Approved' THEN 1 ELSE 0 END), 2) AS approval_rate_pct, round(avg(credit_score), 1) AS avg_credit_score "
                 "FROM fact_card_applications GROUP BY 1 ORDER BY approval_rate_pct, sourcing_channel",
                 ("column", "sourcing_channel", ["approval_rate_pct"]), skills=["conditional aggregation"]),
        question("q5", "Does the festive season (October-November) change what people buy? Generate a report per merchant category of the average ticket in festive months and in other months, the festive uplift (percent, 2 decimals) and its rank, highest uplift first.",
                 ["category", "festive_avg_ticket_inr", "other_avg_ticket_inr", "festive_uplift_pct", "uplift_rank"],
                 f"WITH c AS (SELECT m.category, avg(t.amount_inr) FILTER (WHERE month(t.txn_date) IN (10, 11)) AS festive, "
                 f"avg(t.amount_inr) FILTER (WHERE month(t.txn_date) NOT IN (10, 11)) AS other FROM {spend} GROUP BY 1) "
                 "SELECT category, round(festive, 2) AS festive_avg_ticket_inr, round(other, 2) AS other_avg_ticket_inr, "
                 "round(100 * (festive / other - 1), 2) AS festive_uplift_pct, rank() OVER (ORDER BY festive / other DESC NULLS LAST) AS uplift_rank "
                 "FROM c ORDER BY uplift_rank, category", ("bar", "category", ["festive_uplift_pct"]), difficulty="advanced",
                 skills=["CTEs", "FILTER", "window functions"]),
        question("q6", "How hard do different customers use their cards? Split cardholders into spend quartiles (Q1 = highest spend) and generate a report per quartile of customers, average spend, average credit limit, average monthly utilisation (monthly spend / limit, percent, 2 decimals) and share of total spend.",
                 ["spend_quartile", "customers", "avg_spend_inr", "avg_credit_limit_inr", "monthly_utilisation_pct", "spend_share_pct"],
                 "WITH cust AS (SELECT c.customer_id, c.credit_limit, coalesce(sum(t.amount_inr), 0) AS spend FROM dim_customer c "
                 "LEFT JOIN fact_transactions t USING (customer_id) GROUP BY 1, 2), "
                 "q AS (SELECT *, ntile(4) OVER (ORDER BY spend DESC, customer_id) AS quartile FROM cust), "
                 "months AS (SELECT count(DISTINCT strftime(txn_date, '%Y-%m')) AS n FROM fact_transactions) "
                 "SELECT 'Q' || quartile AS spend_quartile, count(*) AS customers, round(avg(spend), 2) AS avg_spend_inr, "
                 "round(avg(credit_limit), 0) AS avg_credit_limit_inr, round(100 * sum(spend) / (SELECT n FROM months) / sum(credit_limit), 2) AS monthly_utilisation_pct, "
                 "round(100 * sum(spend) / sum(sum(spend)) OVER (), 2) AS spend_share_pct FROM q GROUP BY quartile ORDER BY quartile",
                 ("column", "spend_quartile", ["spend_share_pct"]), difficulty="advanced", skills=["CTEs", "LEFT JOIN", "NTILE", "segmentation"]),
    ]
    insights = [
        scale("festive_big_tickets", "Festive big-ticket buying", "In October and November electronics and jewellery tickets are about 70% larger than usual at the same merchants.",
              "fact_transactions", "ticket_ratio", f"{FESTIVE} AND {HIGH_RISK}", 1.7,
              f"SELECT avg(amount_inr / typical_ticket_inr) FILTER (WHERE {FESTIVE} AND {HIGH_RISK}) > "
              f"1.3 * avg(amount_inr / typical_ticket_inr) FILTER (WHERE NOT {FESTIVE} AND {HIGH_RISK}) FROM fact_transactions",
              ["q5"]),
        _fraud_insight(),
        scale("dsa_weak_applicants", "Agent-sourced applicants score lower", "Applications sourced by DSA agents carry credit scores about 10% lower, so far fewer are approved.",
              "fact_card_applications", "credit_score", "sourcing_channel = 'DSA agent'", 0.9,
              "SELECT avg(CASE WHEN status = 'Approved' THEN 1 ELSE 0 END) FILTER (WHERE sourcing_channel = 'DSA agent') < "
              "0.75 * avg(CASE WHEN status = 'Approved' THEN 1 ELSE 0 END) FILTER (WHERE sourcing_channel <> 'DSA agent') FROM fact_card_applications",
              ["q4"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_customer", "occupation", 0.03), fault("casing", "fact_transactions", "channel", 0.02)],
        "advanced": [fault("nulls", "dim_customer", "occupation", 0.04), fault("casing", "fact_transactions", "channel", 0.03),
                     fault("spelling", "dim_merchant", "category", 0.03), fault("duplicates", "fact_transactions", "", 0.005),
                     fault("outliers", "fact_card_applications", "credit_score", 0.003)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_transactions", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} issues credit cards to customers in {len(names)} cities ({', '.join(names[:3])} and more). "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} its cardholders spent INR {{total_spend}} across {{transactions}} "
        f"transactions, yet {{fraud_bps}} of every 10,000 purchases were disputed as fraud and only {{approval_pct}}% of new "
        f"applications were approved. {head.name} ({head.role}) wants to know where spend grows, where fraud hides and "
        f"which sourcing channels waste underwriting effort."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Credit cards", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=head.name, role=head.role, part="stakeholder",
                      voice="Spend is up, but so are disputes. I want growth without buying losses."),
            Character(name=risk.name, role=risk.role, part="manager",
                      voice="The risk committee meets next week. Give me fraud, approvals and utilisation, by segment."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: join spend to merchants and customers, answer the questions, and flag the risks."),
        ],
        kpis=[
            kpi("Total Spend", "Value of all card purchases.", "SUM(amount_inr)"),
            kpi("Average Ticket Size", "Spend per transaction.", "SUM(amount_inr) / COUNT(txn_id)"),
            kpi("Fraud Rate (bps)", "Fraud-disputed transactions per 10,000.", "10000 x COUNT(is_fraud = true) / COUNT(txn_id)"),
            kpi("Approval Rate", "Share of applications approved.", "100 x COUNT(status = 'Approved') / COUNT(application_id)"),
            kpi("Credit Utilisation", "Monthly spend as a share of the credit limit.", "100 x SUM(monthly spend) / SUM(credit_limit)"),
            kpi("Forex Markup Income", "Fee income from cross-border purchases.", "SUM(forex_markup_inr)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="total_spend", description="Total card spend in INR", sql="SELECT round(sum(amount_inr), 0) FROM fact_transactions", decimals=0),
            StoryNumber(id="transactions", description="Number of transactions", sql="SELECT count(*) FROM fact_transactions", decimals=0),
            StoryNumber(id="fraud_bps", description="Fraud disputes per 10,000 transactions",
                        sql="SELECT round(10000 * avg(CASE WHEN is_fraud THEN 1 ELSE 0 END), 1) FROM fact_transactions", decimals=1),
            StoryNumber(id="approval_pct", description="Application approval rate in percent",
                        sql="SELECT round(100 * avg(CASE WHEN status = 'Approved' THEN 1 ELSE 0 END), 1) FROM fact_card_applications", decimals=1),
        ],
    )
    if "delinquencies" in ctx.extras:
        _add_delinquencies(problem, schema)
    return problem, schema


def _fraud_insight() -> Insight:
    """Online electronics and jewellery purchases are disputed as fraud more than 30 times as often."""
    online = f"channel = 'Online' AND {HIGH_RISK}"
    flag = "CASE WHEN is_fraud THEN 1 ELSE 0 END"
    return shift("online_high_risk_fraud", "Fraud hides in online electronics and jewellery",
                 "Online purchases at electronics and jewellery merchants are disputed as fraud more than 30 times as often as the rest.",
                 "fact_transactions", "is_fraud", online, True, 0.07,
                 f"SELECT avg({flag}) FILTER (WHERE {online}) > 3 * avg({flag}) FILTER (WHERE NOT ({online})) FROM fact_transactions",
                 ["q3"])


def _add_delinquencies(problem: Problem, schema: Schema) -> None:
    """Feedback extra: cardholders who missed payments (a third fact table) and a question about them."""
    schema.tables.append(Table(
        name="fact_delinquencies", kind="fact", primary_key="delinquency_id", size=PerParentSize(parent="dim_customer", fraction=0.06),
        description="Cardholders who missed a payment due date in the window (at most one episode each).", columns=[
            col("delinquency_id", "string", "Unique delinquency episode code.", seq("DQ", 6)),
            col("customer_id", "string", "Cardholder, linked to dim_customer.", fk(unique=True)),
            col("credit_limit", "integer", "The cardholder's credit limit in INR (from dim_customer).", lookup("customer_id", "credit_limit"), unit="INR"),
            col("first_missed_due_date", "date", "First payment due date that was missed.", date(trend=0.3)),
            col("dpd_bucket", "category", "Days past due reached.", choice(["30-59 DPD", "60-89 DPD", "90+ DPD"], [0.55, 0.27, 0.18])),
            col("utilisation_at_default", "decimal", "Outstanding balance as a share of the limit.", dist("uniform", 0.3, 1.0, 3, low=0.3, high=1.0)),
            col("outstanding_inr", "decimal", "Outstanding balance in INR: credit_limit x utilisation_at_default.",
                expr("round(credit_limit * utilisation_at_default, 2)"), unit="INR"),
            col("is_written_off", "boolean", "True when a 90+ DPD balance above 90% of the limit was written off.",
                expr("dpd_bucket = '90+ DPD' AND utilisation_at_default > 0.9")),
        ]))
    schema.relationships.append(rel("dim_customer", "customer_id", "fact_delinquencies", "customer_id"))
    schema.rules += [
        rule("outstanding_within_limit", "An outstanding balance never exceeds the credit limit.",
             "SELECT d.* FROM fact_delinquencies d JOIN dim_customer c USING (customer_id) WHERE d.outstanding_inr > c.credit_limit",
             table="fact_delinquencies"),
        rule("missed_after_card_issued", "A payment can only be missed after the card was issued.",
             "SELECT d.* FROM fact_delinquencies d JOIN dim_customer c USING (customer_id) WHERE d.first_missed_due_date <= c.card_open_date",
             category="temporal", table="fact_delinquencies"),
        rule("write_off_only_90_plus", "Only 90+ DPD balances are written off.",
             "SELECT * FROM fact_delinquencies WHERE is_written_off AND dpd_bucket <> '90+ DPD'", table="fact_delinquencies"),
    ]
    if len(problem.questions) < 7:
        problem.questions.append(question(
            "q7", "Which card products go bad most often? Generate a report per card product of cardholders, delinquent cardholders, delinquency rate (percent, 2 decimals) and total outstanding of delinquent accounts, worst rate first.",
            ["card_name", "cardholders", "delinquent", "delinquency_rate_pct", "outstanding_inr"],
            "SELECT p.card_name, count(*) AS cardholders, count(d.delinquency_id) AS delinquent, "
            "round(100 * count(d.delinquency_id) / count(*), 2) AS delinquency_rate_pct, round(coalesce(sum(d.outstanding_inr), 0), 2) AS outstanding_inr "
            "FROM dim_customer c JOIN dim_card_product p USING (card_product_id) LEFT JOIN fact_delinquencies d USING (customer_id) "
            "GROUP BY 1 ORDER BY delinquency_rate_pct DESC, card_name",
            ("bar", "card_name", ["delinquency_rate_pct"]), difficulty="intermediate", skills=["LEFT JOIN", "rates"]))


DOMAIN = DomainTemplate(
    key="credit_cards",
    title="Credit card spend and risk",
    industry="Credit cards",
    keywords=("credit card", "credit cards", "card spend", "card transactions", "cards business", "card issuer",
              "issuing bank", "card portfolio", "mcc", "merchant category", "card fraud", "payments fraud",
              "fraud detection", "chargeback", "credit limit", "utilisation", "utilization", "rewards card",
              "card applications", "underwriting", "delinquency", "bnpl", "consumer lending", "retail banking"),
    summary=("Card issuers earn interchange, fees and interest on card spend. They track spend by merchant category "
             "(MCC), ticket sizes, fraud disputes, credit-limit utilisation, approval rates of new applications and "
             "delinquencies; festive seasons lift big-ticket spend and online channels attract fraud."),
    research_kpis=("Total spend", "Average ticket size", "Fraud rate (bps)", "Approval rate", "Credit utilisation",
                   "Delinquency rate", "Reward cost"),
    build=build,
    extras={"delinquencies": "a delinquency table (fact_delinquencies): defaults, overdue accounts and write-offs"},
)
