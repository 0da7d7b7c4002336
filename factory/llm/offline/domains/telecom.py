"""Mobile telecom: subscriber usage by tower and circle, prepaid recharges, and (extra) churn events."""

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

# (plan, type, price INR, validity days, data GB per day, share of the subscriber base in percent)
PLANS: tuple[tuple[str, str, int, int, float, int], ...] = (
    ("Starter 179", "Prepaid", 179, 28, 1.0, 18), ("Daily 1.5GB 299", "Prepaid", 299, 28, 1.5, 24),
    ("Daily 2GB 349", "Prepaid", 349, 28, 2.0, 16), ("Unlimited 5G 449", "Prepaid", 449, 28, 3.0, 8),
    ("Quarterly 859", "Prepaid", 859, 84, 1.5, 10), ("Annual 3599", "Prepaid", 3599, 365, 2.5, 5),
    ("Postpaid 399", "Postpaid", 399, 30, 2.5, 10), ("Postpaid Family 699", "Postpaid", 699, 30, 5.0, 6),
    ("Postpaid Max 999", "Postpaid", 999, 30, 10.0, 3),
)
# licensed service areas (telecom circles): city overrides first, then by state
CITY_CIRCLES = {"Mumbai": ("Mumbai", "Metro"), "Kolkata": ("Kolkata", "Metro"), "Delhi": ("Delhi NCR", "Metro")}
STATE_CIRCLES = {
    "Maharashtra": ("Maharashtra & Goa", "A"), "Karnataka": ("Karnataka", "A"), "Gujarat": ("Gujarat", "A"),
    "Tamil Nadu": ("Tamil Nadu", "A"), "Telangana": ("Andhra Pradesh & Telangana", "A"),
    "Andhra Pradesh": ("Andhra Pradesh & Telangana", "A"), "Kerala": ("Kerala", "B"), "Punjab": ("Punjab", "B"),
    "Chandigarh": ("Punjab", "B"), "Rajasthan": ("Rajasthan", "B"), "Uttar Pradesh": ("Uttar Pradesh", "B"),
    "Uttarakhand": ("Uttar Pradesh", "B"), "Madhya Pradesh": ("Madhya Pradesh & Chhattisgarh", "B"),
    "Chhattisgarh": ("Madhya Pradesh & Chhattisgarh", "B"), "West Bengal": ("West Bengal", "B"),
    "Odisha": ("Odisha", "C"), "Bihar": ("Bihar & Jharkhand", "C"), "Jharkhand": ("Bihar & Jharkhand", "C"),
    "Assam": ("Assam", "C"),
}
MONSOON_CITIES = ("Mumbai", "Chennai", "Kolkata", "Kochi", "Mangaluru", "Thiruvananthapuram", "Guwahati",
                  "Visakhapatnam", "Bhubaneswar", "Surat", "Pune", "Nashik", "Patna")
FIRST = ("Airwave", "Jyoti", "Sanchar", "Taranga", "Vayu", "Nexa", "Bharat", "Signal", "Prithvi", "Aakash")
SECOND = ("Telecom", "Mobile", "Networks", "Telecommunications", "Connect")
MONSOON = "month(usage_date) IN (6, 7, 8, 9)"


def _circle(city: tuple[str, str, str]) -> tuple[str, str]:
    """The telecom circle (name, category) a city belongs to."""
    return CITY_CIRCLES.get(city[0]) or STATE_CIRCLES.get(city[1], (city[1], "B"))


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The telecom problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    y0, y1 = w.start.year, w.end.year
    half = ((y1 - y0) * 12 + w.end.month - w.start.month + 1) // 2
    launch = dt.date(y0 + (w.start.month - 1 + half) // 12, (w.start.month - 1 + half) % 12 + 1, 1)
    launch_text = f"{launch.day} {launch:%B %Y}"
    names = [c[0] for c in ctx.cities]
    circles = [_circle(c) for c in ctx.cities]
    wet = next((i for i, n in enumerate(names) if n in MONSOON_CITIES), min(1, len(names) - 1))
    wet_id, wet_city = wet + 1, names[wet]
    cbo, cto, analyst = ctx.person("Chief Business Officer"), ctx.person("Head of Network Operations"), ctx.person("Data Analyst")

    tables = [
        date_dimension(),
        Table(name="dim_city", kind="dimension", primary_key="city_id", size=FixedSize(rows=len(ctx.cities)),
              description="Cities served, with the telecom circle (licensed service area) they belong to.", columns=[
                  col("city_id", "id", "Unique city identifier.", seq()),
                  col("city_name", "category", "City name.", choice(names, cycle=True)),
                  col("state", "category", "State the city is in.", choice([c[1] for c in ctx.cities], cycle=True)),
                  col("circle_name", "category", "Telecom circle (licensed service area).", choice([c[0] for c in circles], cycle=True)),
                  col("circle_category", "category", "Circle category: Metro, A, B or C.", choice([c[1] for c in circles], cycle=True)),
              ]),
        Table(name="dim_tower", kind="dimension", primary_key="tower_id", size=FixedSize(rows=12 * len(ctx.cities)),
              description="Cell sites (towers) that carry subscriber traffic.", columns=[
                  col("tower_id", "string", "Unique cell-site code.", seq("TWR", 5)),
                  col("city_id", "id", "City of the site, linked to dim_city.", fk(0.3)),
                  col("technology", "category", "Highest radio technology on the site.", choice(["4G", "5G"], [0.65, 0.35])),
                  col("site_type", "category", "Area the site covers.", choice(["Urban", "Semi-urban", "Rural"], [0.55, 0.3, 0.15])),
                  col("commissioned_date", "date", "Date the site went live.", date(start=dt.date(y0 - 8, 1, 1), end=w.start - dt.timedelta(days=1))),
              ]),
        Table(name="dim_plan", kind="dimension", primary_key="plan_id", size=FixedSize(rows=len(PLANS)),
              description="Tariff plans on sale.", columns=[
                  col("plan_id", "id", "Unique plan identifier.", seq()),
                  col("plan_name", "category", "Plan name.", choice([p[0] for p in PLANS], cycle=True)),
                  col("plan_type", "category", "Prepaid or Postpaid.", choice([p[1] for p in PLANS], cycle=True)),
                  col("price_inr", "integer", "Plan price in INR per recharge or bill.", choice([p[2] for p in PLANS], cycle=True), unit="INR"),
                  col("validity_days", "integer", "Days of service one recharge buys.", choice([p[3] for p in PLANS], cycle=True), unit="days"),
                  col("data_gb_per_day", "decimal", "High-speed data allowance per day in GB.", choice([p[4] for p in PLANS], cycle=True), unit="GB"),
                  col("renewals_per_year", "integer", "Recharges or bills a year on the plan (365 / validity_days, rounded).",
                      choice([round(365 / p[3]) for p in PLANS], cycle=True)),
                  col("base_share_pct", "integer", "Share of the subscriber base on the plan, in percent.", choice([p[5] for p in PLANS], cycle=True)),
              ]),
        Table(name="dim_subscriber", kind="dimension", primary_key="subscriber_id", size=RatioSize(ratio=0.02, min_rows=200),
              description="Mobile subscribers and their current plan.", columns=[
                  col("subscriber_id", "string", "Unique subscriber code.", seq("SUB", 7)),
                  col("subscriber_name", "string", "Subscriber full name.", faker("name", 3000)),
                  col("city_id", "id", "Home city, linked to dim_city.", fk(0.4)),
                  col("plan_id", "id", "Current plan, linked to dim_plan.", fk(weight_column="base_share_pct")),
                  col("renewals_per_year", "integer", "Recharges a year the plan needs (from dim_plan).", lookup("plan_id", "renewals_per_year")),
                  col("age", "integer", "Age in years.", dist("normal", 18, 75, 0, mean=33, sd=11)),
                  col("device_type", "category", "Handset class.", choice(["5G smartphone", "4G smartphone", "Feature phone"], [0.38, 0.52, 0.1]), nullable=True),
                  col("activation_date", "date", "Date the connection was activated.", date(start=dt.date(y0 - 6, 1, 1), end=w.start - dt.timedelta(days=1), trend=0.15)),
              ]),
        Table(name="fact_usage", kind="fact", primary_key="usage_id", size=MainSize(),
              description="Daily usage record of a subscriber on a serving tower (summarised call detail records).", columns=[
                  col("usage_id", "string", "Unique usage-record code.", seq("U", 9)),
                  col("usage_date", "date", "Day of usage, linked to dim_date.",
                      date(month_weights=[1.0, 0.95, 1.0, 1.05, 1.1, 1.0, 0.95, 0.95, 1.0, 1.1, 1.1, 1.15],
                           weekday_weights=[1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.1], trend=0.2)),
                  col("subscriber_id", "string", "Subscriber, linked to dim_subscriber.", fk(0.6)),
                  col("tower_id", "string", "Serving cell site, linked to dim_tower.", fk(0.7)),
                  col("city_id", "id", "City of the serving tower (from dim_tower), linked to dim_city.", lookup("tower_id", "city_id")),
                  col("network_type", "category", "Radio network used (the tower's technology).", lookup("tower_id", "technology")),
                  col("data_mb", "decimal", "Mobile data used in MB.", dist("lognormal", 0, 25000, 1, mean=6.4, sigma=0.9), unit="MB"),
                  col("voice_minutes", "decimal", "Outgoing voice minutes.", dist("gamma", 0, 600, 1, shape=1.6, scale=14), unit="minutes"),
                  col("completed_calls", "integer", "Calls that ended normally.", dist("poisson", 0, 120, 0, lam=9)),
                  col("dropped_calls", "integer", "Calls cut off by the network.", dist("poisson", 0, 20, 0, lam=0.15)),
                  col("calls_made", "integer", "All calls attempted: completed_calls + dropped_calls.", expr("completed_calls + dropped_calls")),
                  col("sms_count", "integer", "SMS sent.", dist("poisson", 0, 50, 0, lam=1.2)),
              ]),
        Table(name="fact_recharges", kind="fact", primary_key="recharge_id", size=RatioSize(ratio=0.3, min_rows=200),
              description="Prepaid recharges and postpaid bill payments.", columns=[
                  col("recharge_id", "string", "Unique recharge or payment reference.", seq("RC", 8)),
                  col("recharge_date", "date", "Date of the recharge, linked to dim_date.", date(month_weights=[1.0] * 11 + [1.1], trend=0.15)),
                  col("subscriber_id", "string", "Subscriber, linked to dim_subscriber.", fk(weight_column="renewals_per_year")),
                  col("plan_id", "id", "Plan recharged (the subscriber's plan), linked to dim_plan.", lookup("subscriber_id", "plan_id")),
                  col("price_inr", "integer", "Plan price in INR (from dim_plan).", lookup("plan_id", "price_inr"), unit="INR"),
                  col("validity_days", "integer", "Days of service bought (from dim_plan).", lookup("plan_id", "validity_days"), unit="days"),
                  col("payment_channel", "category", "Where the subscriber paid.", choice(["UPI app", "Operator app", "Retailer", "Net banking", "Auto-pay"], [0.42, 0.2, 0.23, 0.05, 0.1])),
                  col("cashback_inr", "decimal", "5% cashback on payments in the operator's own app.",
                      expr("CASE WHEN payment_channel = 'Operator app' THEN round(price_inr * 0.05, 2) ELSE 0 END"), unit="INR"),
                  col("amount_paid_inr", "decimal", "Amount collected in INR: price_inr - cashback_inr.", expr("price_inr - cashback_inr"), unit="INR"),
                  col("validity_end_date", "date", "Last day the recharge covers: recharge_date + validity_days.", expr("recharge_date + CAST(validity_days AS INTEGER)")),
              ]),
    ]
    rels = [
        rel("dim_city", "city_id", "dim_tower", "city_id", min_children=1),
        rel("dim_city", "city_id", "dim_subscriber", "city_id"),
        rel("dim_plan", "plan_id", "dim_subscriber", "plan_id"),
        rel("dim_date", "date", "fact_usage", "usage_date"),
        rel("dim_subscriber", "subscriber_id", "fact_usage", "subscriber_id"),
        rel("dim_tower", "tower_id", "fact_usage", "tower_id"),
        rel("dim_city", "city_id", "fact_usage", "city_id"),
        rel("dim_date", "date", "fact_recharges", "recharge_date"),
        rel("dim_subscriber", "subscriber_id", "fact_recharges", "subscriber_id"),
        rel("dim_plan", "plan_id", "fact_recharges", "plan_id"),
    ]
    rules = [
        rule("calls_add_up", "calls_made equals completed_calls + dropped_calls, so drops never exceed calls.",
             "SELECT * FROM fact_usage WHERE calls_made <> completed_calls + dropped_calls OR dropped_calls > calls_made", table="fact_usage"),
        rule("usage_non_negative", "Data, minutes and SMS are never negative.",
             "SELECT * FROM fact_usage WHERE data_mb < 0 OR voice_minutes < 0 OR sms_count < 0", table="fact_usage"),
        rule("network_matches_tower", "A session uses its serving tower's technology in the tower's city.",
             "SELECT u.* FROM fact_usage u JOIN dim_tower t USING (tower_id) WHERE u.network_type <> t.technology OR u.city_id <> t.city_id",
             table="fact_usage"),
        rule("usage_after_activation", "Usage starts on or after activation and tower commissioning.",
             "SELECT u.* FROM fact_usage u JOIN dim_subscriber s USING (subscriber_id) JOIN dim_tower t USING (tower_id) "
             "WHERE u.usage_date < s.activation_date OR u.usage_date < t.commissioned_date", category="temporal", table="fact_usage"),
        rule("recharge_at_plan_price", "A recharge is for the subscriber's plan, at the plan price.",
             "SELECT r.* FROM fact_recharges r JOIN dim_subscriber s USING (subscriber_id) JOIN dim_plan p ON p.plan_id = r.plan_id "
             "WHERE r.plan_id <> s.plan_id OR r.price_inr <> p.price_inr", table="fact_recharges"),
        rule("cashback_policy", "Only operator-app payments earn 5% cashback; amount_paid_inr = price_inr - cashback_inr.",
             "SELECT * FROM fact_recharges WHERE abs(cashback_inr - CASE WHEN payment_channel = 'Operator app' THEN round(price_inr * 0.05, 2) ELSE 0 END) > 0.005 "
             "OR abs(amount_paid_inr - (price_inr - cashback_inr)) > 0.005", table="fact_recharges"),
        rule("validity_window", "Validity ends validity_days after the recharge date.",
             "SELECT * FROM fact_recharges WHERE validity_end_date <> recharge_date + CAST(validity_days AS INTEGER)",
             category="temporal", table="fact_recharges"),
    ]
    wet_months = "month(u.usage_date) IN (6, 7, 8, 9)"
    questions = [
        question("q1", f"{cbo.name} wants to see traffic growth. Generate a report of total data (GB, 2 decimals), voice minutes and usage records per month, in date order.",
                 ["month", "data_gb", "voice_minutes", "usage_records"],
                 "SELECT strftime(usage_date, '%Y-%m') AS month, round(sum(data_mb) / 1024, 2) AS data_gb, round(sum(voice_minutes), 0) AS voice_minutes, "
                 "count(*) AS usage_records FROM fact_usage GROUP BY 1 ORDER BY 1", ("line", "month", ["data_gb"]), difficulty="beginner",
                 skills=["aggregation", "date functions"]),
        question("q2", "Which plans pay the bills? Generate a report per plan of recharges and revenue collected (after cashback), largest revenue first.",
                 ["plan_name", "plan_type", "recharges", "revenue_inr"],
                 "SELECT p.plan_name, p.plan_type, count(*) AS recharges, round(sum(r.amount_paid_inr), 2) AS revenue_inr "
                 "FROM fact_recharges r JOIN dim_plan p USING (plan_id) GROUP BY 1, 2 ORDER BY revenue_inr DESC",
                 ("bar", "plan_name", ["revenue_inr"]), difficulty="beginner", skills=["joins", "aggregation"]),
        question("q3", f"{cto.name} is hearing complaints about call drops in the rains. Generate a report per city of calls made and the call-drop rate (percent, 2 decimals) in monsoon months (June-September) and in other months, worst monsoon rate first.",
                 ["city_name", "circle_name", "calls_made", "monsoon_drop_rate_pct", "other_drop_rate_pct"],
                 "SELECT c.city_name, c.circle_name, sum(u.calls_made) AS calls_made, "
                 f"round(100.0 * sum(u.dropped_calls) FILTER (WHERE {wet_months}) / nullif(sum(u.calls_made) FILTER (WHERE {wet_months}), 0), 2) AS monsoon_drop_rate_pct, "
                 f"round(100.0 * sum(u.dropped_calls) FILTER (WHERE NOT {wet_months}) / nullif(sum(u.calls_made) FILTER (WHERE NOT {wet_months}), 0), 2) AS other_drop_rate_pct "
                 "FROM fact_usage u JOIN dim_city c USING (city_id) GROUP BY 1, 2 ORDER BY monsoon_drop_rate_pct DESC NULLS LAST, city_name",
                 ("bar", "city_name", ["monsoon_drop_rate_pct", "other_drop_rate_pct"]), skills=["joins", "conditional aggregation"]),
        question("q4", "Which sites carry the load? Generate a report of the top 3 towers by data carried in each city, with their technology and rank within the city.",
                 ["city_name", "tower_id", "technology", "data_gb", "rank_in_city"],
                 "WITH t AS (SELECT c.city_name, u.tower_id, t.technology, sum(u.data_mb) / 1024 AS data_gb FROM fact_usage u "
                 "JOIN dim_tower t USING (tower_id) JOIN dim_city c ON c.city_id = t.city_id GROUP BY 1, 2, 3) "
                 "SELECT city_name, tower_id, technology, round(data_gb, 2) AS data_gb, "
                 "row_number() OVER (PARTITION BY city_name ORDER BY data_gb DESC, tower_id) AS rank_in_city FROM t "
                 "QUALIFY rank_in_city <= 3 ORDER BY city_name, rank_in_city",
                 ("bar", "tower_id", ["data_gb"]), skills=["CTEs", "window functions", "QUALIFY"]),
        question("q5", "Is revenue per paying subscriber growing? Generate a report per month of paying subscribers, revenue collected, ARPU (revenue per paying subscriber, 2 decimals) and month-over-month ARPU growth (percent, 2 decimals; empty for the first month).",
                 ["month", "paying_subscribers", "revenue_inr", "arpu_inr", "arpu_mom_growth_pct"],
                 "WITH m AS (SELECT strftime(recharge_date, '%Y-%m') AS month, count(DISTINCT subscriber_id) AS payers, sum(amount_paid_inr) AS revenue "
                 "FROM fact_recharges GROUP BY 1) SELECT month, payers AS paying_subscribers, round(revenue, 2) AS revenue_inr, "
                 "round(revenue / payers, 2) AS arpu_inr, round(100 * ((revenue / payers) / lag(revenue / payers) OVER (ORDER BY month) - 1), 2) AS arpu_mom_growth_pct "
                 "FROM m ORDER BY month", ("line", "month", ["arpu_inr"]), difficulty="advanced", skills=["CTEs", "LAG", "growth rates"]),
        question("q6", f"The operator app was relaunched with a cashback campaign on {launch_text}. Generate a report per payment channel of its share of recharges before and after the relaunch (percent, 2 decimals) and the change in percentage points, biggest gain first.",
                 ["payment_channel", "before_share_pct", "after_share_pct", "share_change_pts"],
                 f"WITH s AS (SELECT payment_channel, count(*) FILTER (WHERE recharge_date < DATE '{launch}') AS before_n, "
                 f"count(*) FILTER (WHERE recharge_date >= DATE '{launch}') AS after_n FROM fact_recharges GROUP BY 1), "
                 "p AS (SELECT payment_channel, 100.0 * before_n / sum(before_n) OVER () AS b, 100.0 * after_n / sum(after_n) OVER () AS a FROM s) "
                 "SELECT payment_channel, round(b, 2) AS before_share_pct, round(a, 2) AS after_share_pct, round(a - b, 2) AS share_change_pts "
                 "FROM p ORDER BY share_change_pts DESC, payment_channel",
                 ("bar", "payment_channel", ["before_share_pct", "after_share_pct"]), difficulty="advanced",
                 skills=["CTEs", "window functions", "before/after comparison"]),
    ]
    hit = f"city_id = {wet_id} AND {MONSOON}"
    after, app = f"recharge_date >= DATE '{launch}'", "CASE WHEN payment_channel = 'Operator app' THEN 1 ELSE 0 END"
    insights = [
        scale("monsoon_call_drops", f"Monsoon call drops in {wet_city}", f"From June to September calls in {wet_city} drop about 3.5 times as often.",
              "fact_usage", "dropped_calls", hit, 3.5,
              f"SELECT sum(dropped_calls) FILTER (WHERE {hit}) / sum(calls_made) FILTER (WHERE {hit}) > "
              f"2 * sum(dropped_calls) FILTER (WHERE NOT ({hit})) / sum(calls_made) FILTER (WHERE NOT ({hit})) FROM fact_usage",
              ["q3"]),
        scale("five_g_data", "5G users consume more", "Sessions on 5G towers carry about 2.2 times the data of 4G sessions.",
              "fact_usage", "data_mb", "network_type = '5G'", 2.2,
              "SELECT avg(data_mb) FILTER (WHERE network_type = '5G') > 1.6 * avg(data_mb) FILTER (WHERE network_type = '4G') FROM fact_usage",
              ["q4"]),
        shift("app_payments_rise", "Own app wins payments", f"After the app relaunch on {launch_text} the app pulled in 45% of recharges.",
              "fact_recharges", "payment_channel", after, "Operator app", 0.45,
              f"SELECT avg({app}) FILTER (WHERE {after}) > 1.5 * avg({app}) FILTER (WHERE NOT ({after})) FROM fact_recharges",
              ["q6"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_subscriber", "device_type", 0.03), fault("casing", "fact_recharges", "payment_channel", 0.02)],
        "advanced": [fault("nulls", "dim_subscriber", "device_type", 0.05), fault("casing", "fact_recharges", "payment_channel", 0.03),
                     fault("spelling", "dim_city", "circle_name", 0.1), fault("duplicates", "fact_usage", "", 0.005),
                     fault("outliers", "fact_usage", "completed_calls", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_usage", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} runs a mobile network across {len(names)} cities ({', '.join(names[:3])} and more). "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} its subscribers used {{data_tb}} TB of data and paid INR {{revenue}} in "
        f"recharges, but {{drop_pct}}% of calls dropped and the regulator is asking questions. {cbo.name} ({cbo.role}) "
        f"wants to know where the network fails, which plans earn, and whether the app cashback is worth it."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Telecom", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=cbo.name, role=cbo.role, part="stakeholder",
                      voice=f"ARPU is the number the market watches. Tell me what moved it in {y0}-{y1}."),
            Character(name=cto.name, role=cto.role, part="manager",
                      voice="I need drop rates by city and the busiest sites before the capex meeting. Keep it tight."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: join usage to towers, cities and plans, and turn it into decisions."),
        ],
        kpis=[
            kpi("ARPU", "Revenue per paying subscriber per month.", "SUM(amount_paid_inr) / COUNT(DISTINCT subscriber_id) per month"),
            kpi("Call Drop Rate", "Share of calls cut off by the network (TRAI benchmark: at most 2%).", "100 x SUM(dropped_calls) / SUM(calls_made)"),
            kpi("Data Usage per Record", "Average MB per daily usage record.", "AVG(data_mb)"),
            kpi("Total Data", "Data carried, in GB.", "SUM(data_mb) / 1024"),
            kpi("Digital Payment Share", "Share of recharges paid in the operator app.", "100 x COUNT(payment_channel = 'Operator app') / COUNT(recharge_id)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="data_tb", description="Data carried in TB", sql="SELECT round(sum(data_mb) / 1024 / 1024, 2) FROM fact_usage", decimals=2),
            StoryNumber(id="revenue", description="Recharge revenue in INR", sql="SELECT round(sum(amount_paid_inr), 0) FROM fact_recharges", decimals=0),
            StoryNumber(id="drop_pct", description="Call-drop rate in percent",
                        sql="SELECT round(100.0 * sum(dropped_calls) / sum(calls_made), 2) FROM fact_usage", decimals=2),
        ],
    )
    if "churn" in ctx.extras:
        _add_churn(problem, schema, wet_id, wet_city)
    return problem, schema


def _add_churn(problem: Problem, schema: Schema, wet_id: int, wet_city: str) -> None:
    """Feedback extra: churn events (a third fact table), a churn insight and a churn question."""
    schema.tables.append(Table(
        name="fact_churn", kind="fact", primary_key="churn_id", size=PerParentSize(parent="dim_subscriber", fraction=0.2),
        description="Subscribers who left (ported out or disconnected), one event each.", columns=[
            col("churn_id", "string", "Unique churn event code.", seq("CH", 6)),
            col("subscriber_id", "string", "Subscriber who left, linked to dim_subscriber.", fk(unique=True)),
            col("city_id", "id", "Subscriber's home city (from dim_subscriber), linked to dim_city.", lookup("subscriber_id", "city_id")),
            col("churn_date", "date", "Date the connection ended.", date(trend=0.3)),
            col("churn_type", "category", "How the subscriber left.", choice(["Port-out (MNP)", "Voluntary disconnect", "Non-usage deactivation"], [0.5, 0.2, 0.3])),
            col("reason", "category", "Main reason given in the exit survey.",
                choice(["Poor network", "Better offer elsewhere", "Price increase", "Customer service", "Relocation"], [0.2, 0.3, 0.2, 0.15, 0.15])),
        ]))
    schema.relationships += [rel("dim_subscriber", "subscriber_id", "fact_churn", "subscriber_id"),
                             rel("dim_city", "city_id", "fact_churn", "city_id")]
    schema.rules.append(rule("churn_after_activation", "A subscriber can only leave after activation.",
                             "SELECT c.* FROM fact_churn c JOIN dim_subscriber s USING (subscriber_id) WHERE c.churn_date <= s.activation_date",
                             category="temporal", table="fact_churn"))
    schema.insights.append(shift(
        "network_churn", f"Poor network drives churn in {wet_city}", f"About two in three leavers in {wet_city} blame the network.",
        "fact_churn", "reason", f"city_id = {wet_id}", "Poor network", 0.65,
        f"SELECT avg(CASE WHEN reason = 'Poor network' THEN 1 ELSE 0 END) FILTER (WHERE city_id = {wet_id}) > "
        f"1.5 * avg(CASE WHEN reason = 'Poor network' THEN 1 ELSE 0 END) FILTER (WHERE city_id <> {wet_id}) FROM fact_churn",
        ["q7"] if len(problem.questions) < 7 else []))
    if len(problem.questions) < 7:
        problem.questions.append(question(
            "q7", "Why are subscribers leaving? Generate a report per city of subscribers, churned subscribers, churn rate (percent, 2 decimals) and the share of leavers blaming the network (percent, 2 decimals), worst churn rate first.",
            ["city_name", "subscribers", "churned", "churn_rate_pct", "poor_network_share_pct"],
            "SELECT c.city_name, count(*) AS subscribers, count(ch.churn_id) AS churned, round(100.0 * count(ch.churn_id) / count(*), 2) AS churn_rate_pct, "
            "round(100.0 * count(*) FILTER (WHERE ch.reason = 'Poor network') / nullif(count(ch.churn_id), 0), 2) AS poor_network_share_pct "
            "FROM dim_subscriber s JOIN dim_city c USING (city_id) LEFT JOIN fact_churn ch USING (subscriber_id) "
            "GROUP BY 1 ORDER BY churn_rate_pct DESC, city_name",
            ("bar", "city_name", ["churn_rate_pct", "poor_network_share_pct"]), skills=["LEFT JOIN", "conditional aggregation"]))


DOMAIN = DomainTemplate(
    key="telecom",
    title="Mobile telecom operator",
    industry="Telecom",
    keywords=("telecom", "telco", "telecommunications", "mobile operator", "mobile network", "cellular", "carrier",
              "subscribers", "prepaid", "postpaid", "recharge", "recharges", "tariff", "arpu", "call drop",
              "call drops", "tower", "towers", "cell site", "circle", "5g", "4g", "broadband", "isp", "sim", "churn",
              "mnp", "port-out", "jio", "airtel", "network operator"),
    summary=("Mobile operators sell prepaid recharges and postpaid plans; they watch ARPU, data growth, call-drop "
             "rates per circle (TRAI's benchmark is 2%), tower load, 5G adoption and churn. Monsoon weather and "
             "congested sites hurt call quality; cashback offers shift payments to the operator's own app."),
    research_kpis=("ARPU", "Call drop rate", "Data usage per subscriber", "Churn rate", "5G share of traffic",
                   "Digital payment share"),
    build=build,
    extras={"churn": "a churn table (fact_churn): disconnections and port-outs (MNP) with exit reasons"},
)
