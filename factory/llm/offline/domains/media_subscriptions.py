"""OTT streaming subscriptions: plans, subscribers, titles, subscriptions with churn, and viewing sessions."""

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

# (plan, monthly price INR, screens, video quality, popularity weight)
PLANS: tuple[tuple[str, float, int, str, float], ...] = (
    ("Mobile", 149.0, 1, "SD", 0.34), ("Basic", 199.0, 1, "HD", 0.26), ("Standard", 499.0, 2, "Full HD", 0.24),
    ("Premium", 649.0, 4, "4K + Dolby", 0.12), ("Family", 799.0, 5, "4K + Dolby", 0.04),
)
LANGUAGES = (("Hindi", 0.36), ("English", 0.16), ("Tamil", 0.12), ("Telugu", 0.12), ("Malayalam", 0.08),
             ("Bengali", 0.06), ("Marathi", 0.05), ("Kannada", 0.05))
REGIONAL = ("Tamil", "Telugu", "Malayalam")
GENRES = ("Drama", "Thriller", "Comedy", "Romance", "Action", "Crime", "Documentary", "Kids", "Reality", "Mythology")
TITLE_A = ("Monsoon", "Midnight", "Silent", "Last", "Broken", "Golden", "Hidden", "Wild", "Crimson", "Electric",
           "Forgotten", "Little", "Burning", "Paper", "Empty", "Lost")
TITLE_B = ("Diaries", "Express", "Kingdom", "Circle", "Letters", "Streets", "Files", "Harbour", "Dreams", "Village",
           "Empire", "Station", "Verdict", "Orbit", "Frontier", "Season")
CHANNELS = ["Organic", "Promo Offer", "Telecom Bundle", "Referral", "Social Ads"]
FIRST = ("Cine", "Stream", "Reel", "Binge", "Flix", "Chitra", "Kahani", "Pixel", "Prime", "Tamasha")
SECOND = ("Box", "Play", "Verse", "Now", "Plus", "Hub", "Max", "TV")


def _titles(ctx: DomainContext, n: int) -> list[tuple[str, str, str, str, int, int, bool]]:
    """n titles: (name, content type, genre, language, release year, runtime minutes, is original)."""
    names = ctx.rng.sample([f"The {a} {b}" if i % 3 == 0 else f"{a} {b}" for i, (a, b) in
                            enumerate((a, b) for a in TITLE_A for b in TITLE_B)], k=n)
    out = []
    for name in names:
        kind = ctx.rng.choices(["Series", "Movie", "Documentary"], [0.5, 0.4, 0.1])[0]
        runtime = ctx.rng.randint(24, 55) if kind == "Series" else ctx.rng.randint(95, 165) if kind == "Movie" else ctx.rng.randint(45, 95)
        genre = "Documentary" if kind == "Documentary" else ctx.rng.choice(GENRES[:6] + GENRES[7:])
        lang = ctx.rng.choices([lg for lg, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
        out.append((name, kind, genre, lang, ctx.rng.randint(ctx.start_year - 6, ctx.start_year), runtime, ctx.rng.random() < 0.35))
    return out


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The OTT subscriptions problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    cutoff = f"DATE '{w.end.isoformat()}'"
    titles = _titles(ctx, 64)
    cities = [c[0] for c in ctx.cities]
    head, mgr, analyst = ctx.person("Chief Content & Growth Officer"), ctx.person("Head of Subscriber Retention"), ctx.person("Data Analyst")
    promo = "acquisition_channel = 'Promo Offer'"
    evening = "hour(session_start) BETWEEN 19 AND 23"
    regional = f"content_language IN {REGIONAL} AND is_original"

    tables = [
        date_dimension(),
        Table(name="dim_plan", kind="dimension", primary_key="plan_id", size=FixedSize(rows=len(PLANS)),
              description="Subscription plans with their monthly price.", columns=[
                  col("plan_id", "string", "Unique plan code.", seq("PL", 2)),
                  col("plan_name", "category", "Plan name.", choice([p[0] for p in PLANS], cycle=True)),
                  col("monthly_price", "decimal", "Monthly price in INR.", choice([p[1] for p in PLANS], cycle=True), unit="INR"),
                  col("max_screens", "integer", "Screens that can stream at once.", choice([p[2] for p in PLANS], cycle=True)),
                  col("video_quality", "category", "Best video quality of the plan.", choice([p[3] for p in PLANS], cycle=True)),
                  col("popularity", "decimal", "Share of new subscriptions the plan usually takes.", choice([p[4] for p in PLANS], cycle=True)),
              ]),
        Table(name="dim_subscriber", kind="dimension", primary_key="subscriber_id", size=RatioSize(ratio=0.04, min_rows=80),
              description="Registered accounts (registered before the window).", columns=[
                  col("subscriber_id", "string", "Unique account code.", seq("SUB", 7)),
                  col("subscriber_name", "string", "Account holder's name.", faker("name", 3000)),
                  col("city", "category", "Home city of the account.", choice(cities, [3 if c[2] == "Tier 1" else 1.5 for c in ctx.cities])),
                  col("age_group", "category", "Age band of the account holder.", choice(["18-24", "25-34", "35-44", "45-54", "55+"], [0.24, 0.36, 0.2, 0.12, 0.08]), nullable=True),
                  col("gender", "category", "Gender as given at sign-up.", choice(["Female", "Male", "Undisclosed"], [0.44, 0.52, 0.04])),
                  col("signup_date", "date", "Date the account was registered.", date(start=w.start.replace(year=w.start.year - 3), end=w.start - dt.timedelta(days=1), trend=0.4)),
              ]),
        Table(name="dim_title", kind="dimension", primary_key="title_id", size=FixedSize(rows=len(titles)),
              description="Catalogue titles: movies, series and documentaries.", columns=[
                  col("title_id", "string", "Unique title code.", seq("TTL", 4)),
                  col("title_name", "string", "Title as shown in the app.", choice([t[0] for t in titles], cycle=True)),
                  col("content_type", "category", "Movie, Series or Documentary.", choice([t[1] for t in titles], cycle=True)),
                  col("genre", "category", "Main genre.", choice([t[2] for t in titles], cycle=True)),
                  col("content_language", "category", "Original language.", choice([t[3] for t in titles], cycle=True)),
                  col("release_year", "integer", "Year of release.", choice([t[4] for t in titles], cycle=True)),
                  col("runtime_minutes", "integer", "Runtime of the movie or of one episode, in minutes.", choice([t[5] for t in titles], cycle=True), unit="minutes"),
                  col("is_original", "boolean", "True for the platform's own originals (not licensed).", choice([t[6] for t in titles], cycle=True)),
              ]),
        Table(name="fact_subscriptions", kind="fact", primary_key="subscription_id", size=RatioSize(ratio=0.06, min_rows=120),
              description="One row per subscription started in the window, with its billing and churn outcome.", columns=[
                  col("subscription_id", "string", "Unique subscription code.", seq("SN", 8)),
                  col("subscriber_id", "string", "Account that subscribed, linked to dim_subscriber.", fk(0.3)),
                  col("signup_date", "date", "Account registration date (from dim_subscriber).", lookup("subscriber_id", "signup_date")),
                  col("plan_id", "string", "Plan chosen, linked to dim_plan.", fk(weight_column="popularity")),
                  col("monthly_price", "decimal", "List price of the plan per month in INR.", lookup("plan_id", "monthly_price"), unit="INR"),
                  col("acquisition_channel", "category", "How the subscription was won.", choice(CHANNELS, [0.38, 0.2, 0.17, 0.12, 0.13])),
                  col("discount_pct", "decimal", "Discount on the price: 50% promo offers, 30% telecom bundles, else none.",
                      expr("CASE acquisition_channel WHEN 'Promo Offer' THEN 0.5 WHEN 'Telecom Bundle' THEN 0.3 ELSE 0.0 END")),
                  col("start_date", "date", "Date the subscription started, linked to dim_date.",
                      date(month_weights=[0.9, 0.85, 0.95, 1.35, 1.4, 1.05, 0.95, 0.9, 0.95, 1.2, 1.25, 1.1], trend=0.25)),
                  col("tenure_days", "integer", "Days of service paid for: paid_through_date - start_date.", dist("exponential", 30, 730, 0, scale=260), unit="days"),
                  col("paid_through_date", "date", "Last day covered by payments (may lie after the data cut-off).",
                      expr("start_date + CAST(tenure_days AS INTEGER)")),
                  col("status", "category", f"Churned if the paid-through date passed before the data cut-off ({w.end}) without renewal.",
                      expr(f"CASE WHEN paid_through_date <= {cutoff} THEN 'Churned' ELSE 'Active' END")),
                  col("churn_date", "date", "Date the subscription lapsed (empty while active).",
                      expr("CASE WHEN status = 'Churned' THEN paid_through_date ELSE NULL END"), nullable=True),
                  col("months_billed", "integer", "Monthly bills raised up to the cut-off.",
                      expr(f"CAST(greatest(1, ceil(date_diff('day', start_date, least(paid_through_date, {cutoff})) / 30.0)) AS INTEGER)")),
                  col("revenue", "decimal", "Revenue in INR: monthly_price x months_billed x (1 - discount_pct).",
                      expr("round(monthly_price * months_billed * (1 - discount_pct), 2)"), unit="INR"),
                  col("payment_method", "category", "How the subscription is paid.", choice(["UPI Autopay", "Card", "Telecom Billing", "Wallet", "Net Banking"], [0.45, 0.25, 0.15, 0.1, 0.05])),
              ]),
        Table(name="fact_viewing_sessions", kind="fact", primary_key="session_id", size=MainSize(),
              description="One row per viewing session (a title played on a device).", columns=[
                  col("session_id", "string", "Unique session code.", seq("VS", 9)),
                  col("session_start", "timestamp", "When playback started.",
                      date(month_weights=[1.0, 0.95, 1.0, 1.1, 1.1, 1.05, 1.1, 1.05, 1.0, 1.1, 1.1, 1.15],
                           weekday_weights=[0.85, 0.85, 0.9, 0.95, 1.1, 1.3, 1.35], trend=0.2,
                           hour_weights=[2, 1, 0.5, 0.3, 0.2, 0.3, 0.6, 1, 1.2, 1.2, 1.2, 1.3, 1.5, 1.5, 1.4, 1.4, 1.5, 1.8, 2.2, 3.2, 4, 4.2, 3.8, 3])),
                  col("session_date", "date", "Calendar date of the session (join to dim_date on date).", expr("CAST(session_start AS DATE)")),
                  col("subscriber_id", "string", "Account watching, linked to dim_subscriber.", fk(0.8)),
                  col("title_id", "string", "Title watched, linked to dim_title.", fk(1.0)),
                  col("content_language", "category", "Language of the title.", lookup("title_id", "content_language")),
                  col("is_original", "boolean", "True when the title is a platform original.", lookup("title_id", "is_original")),
                  col("runtime_minutes", "integer", "Runtime of the movie or episode.", lookup("title_id", "runtime_minutes"), unit="minutes"),
                  col("device", "category", "Device used.", choice(["Mobile", "Smart TV", "Laptop", "Tablet"], [0.52, 0.28, 0.13, 0.07])),
                  col("watch_minutes", "decimal", "Minutes watched in the session.", dist("lognormal", 1, 240, 1, mean=3.3, sigma=0.6), unit="minutes"),
                  col("completed", "boolean", "True when at least 90% of the runtime was watched.", expr("watch_minutes >= 0.9 * runtime_minutes")),
                  col("buffering_events", "integer", "Times playback stalled to buffer.", dist("poisson", 0, 20, 0, lam=0.6)),
              ]),
    ]
    rels = [
        rel("dim_date", "date", "fact_subscriptions", "start_date"),
        rel("dim_subscriber", "subscriber_id", "fact_subscriptions", "subscriber_id"),
        rel("dim_plan", "plan_id", "fact_subscriptions", "plan_id"),
        rel("dim_subscriber", "subscriber_id", "fact_viewing_sessions", "subscriber_id"),
        rel("dim_title", "title_id", "fact_viewing_sessions", "title_id"),
    ]
    rules = [
        rule("revenue_formula", "revenue = monthly_price x months_billed x (1 - discount_pct), and the price is the plan's list price.",
             "SELECT s.* FROM fact_subscriptions s JOIN dim_plan p USING (plan_id) WHERE s.monthly_price <> p.monthly_price "
             "OR abs(s.revenue - round(s.monthly_price * s.months_billed * (1 - s.discount_pct), 2)) > 0.005", table="fact_subscriptions"),
        rule("churn_consistent", "A subscription is churned exactly when it has a churn date, which is its paid-through date, on or before the cut-off.",
             f"SELECT * FROM fact_subscriptions WHERE (status = 'Churned') <> (churn_date IS NOT NULL) "
             f"OR (status = 'Churned' AND (churn_date <> paid_through_date OR churn_date > {cutoff}))", table="fact_subscriptions"),
        rule("completed_flag", "completed is true exactly when watch_minutes reach 90% of the runtime.",
             "SELECT * FROM fact_viewing_sessions WHERE completed <> (watch_minutes >= 0.9 * runtime_minutes)", table="fact_viewing_sessions"),
        rule("session_title_attributes", "Session language, original flag and runtime match the title.",
             "SELECT v.* FROM fact_viewing_sessions v JOIN dim_title t USING (title_id) WHERE v.runtime_minutes <> t.runtime_minutes "
             "OR v.content_language <> t.content_language OR v.is_original <> t.is_original", table="fact_viewing_sessions"),
        rule("discount_by_channel", "Only promo offers (50%) and telecom bundles (30%) are discounted.",
             "SELECT * FROM fact_subscriptions WHERE discount_pct <> CASE acquisition_channel WHEN 'Promo Offer' THEN 0.5 "
             "WHEN 'Telecom Bundle' THEN 0.3 ELSE 0 END", table="fact_subscriptions"),
        rule("subscription_after_signup", "A subscription starts after the account was registered, and is paid for at least a week.",
             "SELECT s.* FROM fact_subscriptions s JOIN dim_subscriber u USING (subscriber_id) WHERE s.start_date <= u.signup_date "
             "OR s.paid_through_date < s.start_date + INTERVAL 7 DAY", category="temporal", table="fact_subscriptions"),
        rule("session_after_signup", "Nobody watches before registering.",
             "SELECT v.* FROM fact_viewing_sessions v JOIN dim_subscriber u USING (subscriber_id) WHERE v.session_date < u.signup_date",
             category="temporal", table="fact_viewing_sessions"),
    ]
    churned = "CASE WHEN status = 'Churned' THEN 1 ELSE 0 END"
    band = ("CASE WHEN hour(session_start) BETWEEN 6 AND 11 THEN 'Morning' WHEN hour(session_start) BETWEEN 12 AND 18 THEN 'Afternoon' "
            "WHEN hour(session_start) BETWEEN 19 AND 23 THEN 'Evening' ELSE 'Late night' END")
    questions = [
        question("q1", f"{head.name} wants to see engagement grow. Generate a report per month of viewing hours, active viewers (distinct subscribers) and month-over-month growth of viewing hours (percent, 2 decimals; empty for the first month).",
                 ["month", "viewing_hours", "active_viewers", "mom_growth_pct"],
                 "WITH m AS (SELECT strftime(session_date, '%Y-%m') AS month, sum(watch_minutes) / 60 AS hours, count(DISTINCT subscriber_id) AS viewers "
                 "FROM fact_viewing_sessions GROUP BY 1) SELECT month, round(hours, 1) AS viewing_hours, viewers AS active_viewers, "
                 "round(100 * (hours / lag(hours) OVER (ORDER BY month) - 1), 2) AS mom_growth_pct FROM m ORDER BY month",
                 ("line", "month", ["viewing_hours"]), skills=["aggregation", "LAG", "growth rates"]),
        question("q2", "Which plans make our money? Generate a report per plan of subscriptions started, revenue and average revenue per subscription, highest revenue first.",
                 ["plan_name", "subscriptions", "revenue", "avg_revenue_per_subscription"],
                 "SELECT p.plan_name, count(*) AS subscriptions, round(sum(s.revenue), 2) AS revenue, round(avg(s.revenue), 2) AS avg_revenue_per_subscription "
                 "FROM fact_subscriptions s JOIN dim_plan p USING (plan_id) GROUP BY 1 ORDER BY revenue DESC",
                 ("bar", "plan_name", ["revenue"]), difficulty="beginner", skills=["joins", "aggregation"]),
        question("q3", f"{mgr.name} suspects discounts bring in the wrong customers. Generate a report per acquisition channel of subscriptions, churned subscriptions, churn rate (percent, 2 decimals) and average tenure in days, highest churn rate first.",
                 ["acquisition_channel", "subscriptions", "churned", "churn_rate_pct", "avg_tenure_days"],
                 f"SELECT acquisition_channel, count(*) AS subscriptions, sum({churned}) AS churned, round(100 * avg({churned}), 2) AS churn_rate_pct, "
                 "round(avg(tenure_days), 1) AS avg_tenure_days FROM fact_subscriptions GROUP BY 1 ORDER BY churn_rate_pct DESC, 1",
                 ("bar", "acquisition_channel", ["churn_rate_pct"]), skills=["conditional aggregation", "segmentation"]),
        question("q4", "What do people watch? Generate a report of the 10 titles with the most viewing hours, with content type, genre, language and completion rate (percent, 2 decimals).",
                 ["title_name", "content_type", "genre", "content_language", "viewing_hours", "completion_rate_pct"],
                 "SELECT t.title_name, t.content_type, t.genre, t.content_language, round(sum(v.watch_minutes) / 60, 1) AS viewing_hours, "
                 "round(100 * avg(CASE WHEN v.completed THEN 1 ELSE 0 END), 2) AS completion_rate_pct FROM fact_viewing_sessions v "
                 "JOIN dim_title t USING (title_id) GROUP BY t.title_id, 1, 2, 3, 4 ORDER BY viewing_hours DESC, title_name LIMIT 10",
                 ("bar", "title_name", ["viewing_hours"]), difficulty="beginner", skills=["joins", "top-N"]),
        question("q5", "How well do we keep new subscribers? For each start-month cohort that started at least 90 days before the data cut-off, generate a report of subscriptions and the share still paying after 90 days (percent, 2 decimals), in cohort order.",
                 ["cohort_month", "subscriptions", "retained_90d_pct"],
                 f"WITH c AS (SELECT strftime(start_date, '%Y-%m') AS cohort_month, tenure_days FROM fact_subscriptions "
                 f"WHERE start_date <= {cutoff} - INTERVAL 90 DAY) SELECT cohort_month, count(*) AS subscriptions, "
                 "round(100 * avg(CASE WHEN tenure_days >= 90 THEN 1 ELSE 0 END), 2) AS retained_90d_pct FROM c GROUP BY 1 ORDER BY 1",
                 ("line", "cohort_month", ["retained_90d_pct"]), difficulty="advanced", skills=["CTEs", "cohort analysis"]),
        question("q6", "Where should the TV app team focus? Generate a report per time-of-day band (Morning 6-11, Afternoon 12-18, Evening 19-23, Late night 0-5) and device of sessions, the device's share of the band's sessions (percent, 2 decimals) and average minutes watched.",
                 ["time_band", "device", "sessions", "share_of_band_pct", "avg_watch_minutes"],
                 f"WITH b AS (SELECT {band} AS time_band, device, count(*) AS sessions, avg(watch_minutes) AS m FROM fact_viewing_sessions GROUP BY 1, 2) "
                 "SELECT time_band, device, sessions, round(100 * sessions / sum(sessions) OVER (PARTITION BY time_band), 2) AS share_of_band_pct, "
                 "round(m, 2) AS avg_watch_minutes "
                 "FROM b ORDER BY time_band, sessions DESC",
                 ("column", "time_band", ["share_of_band_pct"]), difficulty="advanced", skills=["CASE bands", "window functions"]),
        question("q7", "Are our regional originals worth the investment? Generate a report per content language and original/licensed of sessions, average minutes watched and completion rate (percent, 2 decimals), by average minutes descending.",
                 ["content_language", "title_source", "sessions", "avg_watch_minutes", "completion_rate_pct"],
                 "SELECT content_language, CASE WHEN is_original THEN 'Original' ELSE 'Licensed' END AS title_source, count(*) AS sessions, "
                 "round(avg(watch_minutes), 2) AS avg_watch_minutes, round(100 * avg(CASE WHEN completed THEN 1 ELSE 0 END), 2) AS completion_rate_pct "
                 "FROM fact_viewing_sessions GROUP BY 1, 2 ORDER BY avg_watch_minutes DESC, 1, 2",
                 ("bar", "content_language", ["avg_watch_minutes"]), skills=["segmentation", "conditional aggregation"]),
    ]
    insights = [
        scale("promo_churn", "Promo subscribers leave early", "Subscriptions won with the 50% promo offer stay less than half as long.",
              "fact_subscriptions", "tenure_days", promo, 0.4,
              f"SELECT avg(tenure_days) FILTER (WHERE {promo}) < 0.6 * avg(tenure_days) FILTER (WHERE NOT ({promo})) FROM fact_subscriptions",
              ["q3", "q5"]),
        shift("evening_tv", "Evenings belong to the big screen", "Between 7 pm and midnight over half of all sessions are on a Smart TV.",
              "fact_viewing_sessions", "device", evening, "Smart TV", 0.55,
              f"SELECT avg(CASE WHEN device = 'Smart TV' THEN 1 ELSE 0 END) FILTER (WHERE {evening}) > "
              f"1.5 * avg(CASE WHEN device = 'Smart TV' THEN 1 ELSE 0 END) FILTER (WHERE NOT ({evening})) FROM fact_viewing_sessions",
              ["q6"]),
        scale("regional_originals", "Regional originals hold attention", "Tamil, Telugu and Malayalam originals are watched about 60% longer per session.",
              "fact_viewing_sessions", "watch_minutes", regional, 1.6,
              f"SELECT avg(watch_minutes) FILTER (WHERE {regional}) > 1.3 * avg(watch_minutes) FILTER (WHERE NOT ({regional})) FROM fact_viewing_sessions",
              ["q7"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_subscriber", "age_group", 0.03), fault("casing", "dim_subscriber", "city", 0.04)],
        "advanced": [fault("nulls", "dim_subscriber", "age_group", 0.05), fault("casing", "dim_subscriber", "city", 0.05),
                     fault("spelling", "dim_title", "genre", 0.08), fault("duplicates", "fact_viewing_sessions", "", 0.005),
                     fault("outliers", "fact_viewing_sessions", "buffering_events", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_viewing_sessions", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} is a streaming service with subscribers in {len(cities)} cities ({', '.join(cities[:3])} and more). "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} members watched {{viewing_hours}} hours and started {{subscriptions}} "
        f"subscriptions, but {{churn_pct}}% of those subscriptions have already lapsed. Marketing keeps buying growth with "
        f"discounts while content spends on originals. {head.name} ({head.role}) wants to know what keeps subscribers paying."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Media & streaming", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=head.name, role=head.role, part="stakeholder",
                      voice="Growth that leaves after one month is not growth. Tell me which content and which channels keep people."),
            Character(name=mgr.name, role=mgr.role, part="manager",
                      voice="I have the retention review on Thursday: churn by channel, cohorts and what people watch, please."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: connect subscriptions to viewing and find what drives churn."),
        ],
        kpis=[
            kpi("Churn Rate", "Share of subscriptions that lapsed before the cut-off.", "COUNT(status = 'Churned') / COUNT(subscription_id) x 100"),
            kpi("ARPS", "Average revenue per subscription.", "SUM(revenue) / COUNT(subscription_id)"),
            kpi("Viewing Hours", "Total time watched.", "SUM(watch_minutes) / 60"),
            kpi("Completion Rate", "Share of sessions watched to 90% of runtime.", "AVG(completed) x 100"),
            kpi("90-day Retention", "Share of a cohort still paying 90 days after starting.", "AVG(tenure_days >= 90) x 100"),
            kpi("Average Tenure", "Mean days of paid service per subscription.", "AVG(tenure_days)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="viewing_hours", description="Total viewing hours", sql="SELECT round(sum(watch_minutes) / 60, 0) FROM fact_viewing_sessions", decimals=0),
            StoryNumber(id="subscriptions", description="Subscriptions started", sql="SELECT count(*) FROM fact_subscriptions", decimals=0),
            StoryNumber(id="churn_pct", description="Churn rate in percent", sql=f"SELECT round(100 * avg({churned}), 1) FROM fact_subscriptions", decimals=1),
        ],
    )
    if "ratings" in ctx.extras:
        _add_ratings(problem, schema)
    return problem, schema


def _add_ratings(problem: Problem, schema: Schema) -> None:
    """Feedback extra: a ratings fact table, one row per rated session."""
    schema.tables.append(Table(
        name="fact_ratings", kind="fact", primary_key="rating_id", size=PerParentSize(parent="fact_viewing_sessions", fraction=0.08),
        description="Star ratings viewers gave after a session.", columns=[
            col("rating_id", "string", "Unique rating code.", seq("RT", 8)),
            col("session_id", "string", "Rated session, linked to fact_viewing_sessions.", fk(unique=True)),
            col("title_id", "string", "Title rated (from the session).", lookup("session_id", "title_id")),
            col("session_start", "timestamp", "Start of the rated session.", lookup("session_id", "session_start")),
            col("rated_at", "timestamp", "When the rating was given.", date(after="session_start", lag_min=20, lag_max=2880)),
            col("stars", "integer", "Rating from 1 to 5 stars.", choice([1, 2, 3, 4, 5], [0.06, 0.08, 0.18, 0.36, 0.32])),
        ]))
    schema.relationships.append(rel("fact_viewing_sessions", "session_id", "fact_ratings", "session_id"))
    schema.relationships.append(rel("dim_title", "title_id", "fact_ratings", "title_id"))
    q4 = question("q4", "What do viewers love? Generate a report of the 10 best-rated titles with at least 5 ratings, with their genre, number of ratings and average stars (2 decimals).",
                  ["title_name", "genre", "ratings", "avg_stars"],
                  "SELECT t.title_name, t.genre, count(*) AS ratings, round(avg(r.stars), 2) AS avg_stars FROM fact_ratings r "
                  "JOIN dim_title t USING (title_id) GROUP BY t.title_id, 1, 2 HAVING count(*) >= 5 ORDER BY avg_stars DESC, ratings DESC, title_name LIMIT 10",
                  ("bar", "title_name", ["avg_stars"]), difficulty="beginner", skills=["joins", "HAVING", "top-N"])
    problem.questions = [q4 if q.id == "q4" else q for q in problem.questions]
    schema.rules.append(rule("stars_range", "Ratings are whole stars from 1 to 5.",
                             "SELECT * FROM fact_ratings WHERE stars NOT BETWEEN 1 AND 5", table="fact_ratings"))
    schema.rules.append(rule("rated_after_session", "A rating comes after the session started.",
                             "SELECT r.* FROM fact_ratings r JOIN fact_viewing_sessions v USING (session_id) WHERE r.rated_at < v.session_start",
                             category="temporal", table="fact_ratings"))


DOMAIN = DomainTemplate(
    key="media_subscriptions",
    title="OTT streaming subscriptions",
    industry="Media & streaming",
    keywords=("media subscriptions", "media", "subscription", "subscriptions", "ott", "streaming", "video streaming",
              "music streaming", "svod", "avod", "netflix", "hotstar", "prime video", "jiocinema", "zee5", "sonyliv",
              "spotify", "podcast", "digital media", "entertainment", "watch time", "viewership", "binge", "churn",
              "subscriber churn", "content platform", "news subscription", "magazine", "gaming subscription", "membership",
              "memberships", "edtech", "e-learning", "online courses"),
    summary=("OTT platforms sell monthly plans and compete on content. Growth comes from acquisition offers and "
             "telecom bundles, profit from retention: churn, tenure, engagement (viewing hours, completion) and the "
             "return on original content drive the business."),
    research_kpis=("Churn rate", "Average revenue per user", "Viewing hours", "Completion rate", "90-day retention",
                   "Subscriber acquisition cost"),
    build=build,
    extras={"ratings": "a ratings table (fact_ratings) with star ratings per session"},
)
