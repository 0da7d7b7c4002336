"""Ride hailing: trips priced from a fare card with surge, drivers, riders and trip feedback."""

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

# (category, base fare, per km, per minute in INR, seats, share of requests)
FARE_CARD: tuple[tuple[str, float, float, float, int, float], ...] = (
    ("Bike", 20.0, 6.0, 1.0, 1, 0.3), ("Auto", 30.0, 11.0, 1.0, 3, 0.25), ("Mini", 50.0, 13.0, 1.5, 4, 0.25),
    ("Sedan", 70.0, 16.0, 2.0, 4, 0.14), ("SUV", 100.0, 21.0, 2.5, 6, 0.06),
)
STATUSES = ["Completed", "Cancelled by rider", "Cancelled by driver"]
COMMISSION = 0.2
FIRST = ("Chalo", "Sawari", "Rahi", "Zoom", "Safar", "Yatra", "Raftaar", "Meter", "Pahiya", "Udaan")
SECOND = ("Rides", "Cabs", "Mobility", "Go", "Move")
NIGHT = "(request_hour >= 22 OR request_hour <= 4)"
MONSOON_PEAK = "month(trip_date) IN (7, 8) AND request_hour IN (8, 9, 18, 19, 20)"
HOURS = [0.5, 0.3, 0.2, 0.15, 0.2, 0.4, 0.9, 1.6, 2.4, 2.2, 1.5, 1.2, 1.2, 1.2, 1.1, 1.2, 1.5, 2.0, 2.6, 2.5, 1.9,
         1.4, 1.0, 0.7]


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The ride-hailing problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    names = [c[0] for c in ctx.cities]
    ceo, ops, analyst = ctx.person("Chief Executive Officer"), ctx.person("Head of Marketplace"), ctx.person("Data Analyst")
    fare = "(base_fare + per_km_rate * distance_km + per_min_rate * duration_min) * surge_multiplier"

    tables = [
        date_dimension(),
        Table(name="dim_city", kind="dimension", primary_key="city_id", size=FixedSize(rows=len(names)),
              description="Cities where the service runs.", columns=[
                  col("city_id", "id", "Unique city identifier.", seq()),
                  col("city_name", "category", "City name.", choice(names, cycle=True)),
                  col("state", "category", "State.", choice([c[1] for c in ctx.cities], cycle=True)),
                  col("city_tier", "category", "Tier 1 or Tier 2.", choice([c[2] for c in ctx.cities], cycle=True)),
              ]),
        Table(name="dim_vehicle_category", kind="dimension", primary_key="category_id", size=FixedSize(rows=len(FARE_CARD)),
              description="Vehicle categories and their fare card.", columns=[
                  col("category_id", "string", "Category code.", seq("VC", 2)),
                  col("category_name", "category", "Bike, Auto, Mini, Sedan or SUV.", choice([f[0] for f in FARE_CARD], cycle=True)),
                  col("base_fare", "decimal", "Flag-down fare, INR.", choice([f[1] for f in FARE_CARD], cycle=True), unit="INR"),
                  col("per_km_rate", "decimal", "Fare per km, INR.", choice([f[2] for f in FARE_CARD], cycle=True), unit="INR"),
                  col("per_min_rate", "decimal", "Fare per minute of ride, INR.", choice([f[3] for f in FARE_CARD], cycle=True), unit="INR"),
                  col("seats", "integer", "Passenger seats.", choice([f[4] for f in FARE_CARD], cycle=True)),
                  col("demand_share", "decimal", "Share of ride requests for the category.", choice([f[5] for f in FARE_CARD], cycle=True)),
              ]),
        Table(name="dim_driver", kind="dimension", primary_key="driver_id", size=RatioSize(ratio=0.01, min_rows=40),
              description="Driver partners.", columns=[
                  col("driver_id", "string", "Unique driver code.", seq("DR", 6)),
                  col("driver_name", "string", "Driver name.", faker("name", 3000)),
                  col("city_id", "id", "City the driver works in, linked to dim_city.", fk(0.6)),
                  col("joined_on", "date", "Date the driver joined.", date(start=w.start.replace(year=w.start.year - 3), end=w.start)),
              ]),
        Table(name="dim_rider", kind="dimension", primary_key="rider_id", size=RatioSize(ratio=0.1, min_rows=50),
              description="Registered riders.", columns=[
                  col("rider_id", "string", "Unique rider code.", seq("RD", 7)),
                  col("rider_name", "string", "Rider name.", faker("name", 3000), nullable=ctx.difficulty != "beginner"),
                  col("signup_date", "date", "Date the rider signed up.", date(start=w.start.replace(year=w.start.year - 2), end=w.end, trend=0.3)),
                  col("signup_channel", "category", "How the rider found the app.", choice(["Organic", "Referral", "Paid ads", "Corporate"], [0.45, 0.25, 0.22, 0.08])),
              ]),
        Table(name="fact_trips", kind="fact", primary_key="trip_id", size=MainSize(),
              description="One row per ride request.", columns=[
                  col("trip_id", "string", "Unique trip code.", seq("TR", 9)),
                  col("trip_date", "date", "Date of the request, linked to dim_date.",
                      date(month_weights=[1.0, 0.95, 1.0, 1.0, 1.05, 1.0, 1.15, 1.15, 1.0, 1.1, 1.15, 1.2],
                           weekday_weights=[1.0, 0.95, 0.95, 1.0, 1.15, 1.25, 1.0], trend=0.25)),
                  col("request_hour", "integer", "Hour of the request (0-23).", choice(list(range(24)), HOURS)),
                  col("rider_id", "string", "Rider, linked to dim_rider.", fk(1.0)),
                  col("driver_id", "string", "Driver assigned, linked to dim_driver.", fk(0.5)),
                  col("city_id", "id", "City of the trip (the driver's city), linked to dim_city.", lookup("driver_id", "city_id")),
                  col("category_id", "string", "Vehicle category, linked to dim_vehicle_category.", fk(weight_column="demand_share")),
                  col("trip_status", "category", "Completed or cancelled (by rider or driver).", choice(STATUSES, [0.88, 0.08, 0.04])),
                  col("wait_minutes", "integer", "Minutes from request to pickup (ETA).", dist("lognormal", 1, 40, 0, mean=1.7, sigma=0.5), unit="minutes"),
                  col("distance_km", "decimal", "Trip distance, km.", dist("gamma", 0.5, 60, 1, shape=2.2, scale=3.5), unit="km"),
                  col("duration_min", "integer", "Ride duration, minutes.", expr("CAST(round(distance_km * 3.2 + 4) AS INTEGER)"), unit="minutes"),
                  col("surge_multiplier", "decimal", "Demand surge applied to the fare.", choice([1.0, 1.2, 1.5, 1.8], [0.72, 0.15, 0.09, 0.04])),
                  col("base_fare", "decimal", "Flag-down fare of the category (from the fare card), INR.", lookup("category_id", "base_fare"), unit="INR"),
                  col("per_km_rate", "decimal", "Per-km rate of the category, INR.", lookup("category_id", "per_km_rate"), unit="INR"),
                  col("per_min_rate", "decimal", "Per-minute rate of the category, INR.", lookup("category_id", "per_min_rate"), unit="INR"),
                  col("fare_amount", "decimal", "Fare paid: (base + per-km x km + per-min x minutes) x surge; 0 when cancelled, INR.",
                      expr(f"CASE WHEN trip_status = 'Completed' THEN round({fare}, 2) ELSE 0.0 END"), unit="INR"),
                  col("platform_commission", "decimal", f"The platform's {COMMISSION:.0%} commission, INR.",
                      expr(f"round(fare_amount * {COMMISSION}, 2)"), unit="INR"),
                  col("driver_earnings", "decimal", "What the driver earns: fare minus commission, INR.",
                      expr("round(fare_amount - platform_commission, 2)"), unit="INR"),
                  col("payment_method", "category", "How the rider paid.", choice(["UPI", "Cash", "Card", "Wallet"], [0.5, 0.3, 0.1, 0.1])),
              ]),
        Table(name="fact_trip_feedback", kind="fact", primary_key="feedback_id", size=PerParentSize(parent="fact_trips", fraction=0.5),
              description="Rider feedback on a trip: stars for the driver and an optional tip.", columns=[
                  col("feedback_id", "string", "Unique feedback code.", seq("FB", 9)),
                  col("trip_id", "string", "Trip rated, linked to fact_trips.", fk(unique=True)),
                  col("trip_date", "date", "Date of the trip (from fact_trips).", lookup("trip_id", "trip_date")),
                  col("feedback_date", "date", "Date the feedback was given.", date(after="trip_date", lag_min=0, lag_max=2)),
                  col("wait_minutes", "integer", "Pickup wait of the trip (from fact_trips).", lookup("trip_id", "wait_minutes")),
                  col("driver_rating", "integer", "Stars for the driver, 1-5.", choice([1, 2, 3, 4, 5], [0.03, 0.05, 0.14, 0.35, 0.43])),
                  col("tip_amount", "decimal", "Tip given, INR.", choice([0.0, 10.0, 20.0, 50.0], [0.8, 0.1, 0.07, 0.03]), unit="INR"),
              ]),
    ]
    rels = [
        rel("dim_city", "city_id", "dim_driver", "city_id", min_children=1),
        rel("dim_date", "date", "fact_trips", "trip_date"),
        rel("dim_rider", "rider_id", "fact_trips", "rider_id"),
        rel("dim_driver", "driver_id", "fact_trips", "driver_id"),
        rel("dim_city", "city_id", "fact_trips", "city_id"),
        rel("dim_vehicle_category", "category_id", "fact_trips", "category_id"),
        rel("fact_trips", "trip_id", "fact_trip_feedback", "trip_id"),
    ]
    rules = [
        rule("fare_from_fare_card", "A completed trip's fare is (base + per-km x km + per-min x minutes) x surge from the category's fare card.",
             "SELECT t.* FROM fact_trips t JOIN dim_vehicle_category v USING (category_id) WHERE t.trip_status = 'Completed' AND "
             "abs(t.fare_amount - round((v.base_fare + v.per_km_rate * t.distance_km + v.per_min_rate * t.duration_min) * t.surge_multiplier, 2)) > 0.01",
             table="fact_trips"),
        rule("cancelled_trips_free", "Cancelled trips are not charged.",
             "SELECT * FROM fact_trips WHERE trip_status <> 'Completed' AND fare_amount <> 0", table="fact_trips"),
        rule("earnings_split", f"Driver earnings plus the {COMMISSION:.0%} commission equal the fare.",
             f"SELECT * FROM fact_trips WHERE abs(platform_commission - round(fare_amount * {COMMISSION}, 2)) > 0.01 "
             "OR abs(driver_earnings + platform_commission - fare_amount) > 0.01", table="fact_trips"),
        rule("trip_in_driver_city", "A trip happens in its driver's city.",
             "SELECT t.* FROM fact_trips t JOIN dim_driver d USING (driver_id) WHERE t.city_id <> d.city_id", table="fact_trips"),
        rule("surge_range", "Surge multipliers are between 1.0 and 1.8.",
             "SELECT * FROM fact_trips WHERE surge_multiplier < 1 OR surge_multiplier > 1.8", table="fact_trips"),
        rule("feedback_after_trip", "Feedback is given on or after the trip date.",
             "SELECT f.* FROM fact_trip_feedback f JOIN fact_trips t USING (trip_id) WHERE f.feedback_date < t.trip_date",
             category="temporal", table="fact_trip_feedback"),
        rule("driver_joined_before_trip", "Drivers only drive after joining.",
             "SELECT t.* FROM fact_trips t JOIN dim_driver d USING (driver_id) WHERE d.joined_on > t.trip_date",
             category="temporal", table="fact_trips"),
    ]
    done = "trip_status = 'Completed'"
    band = ("CASE WHEN request_hour BETWEEN 7 AND 10 THEN '1 Morning peak' WHEN request_hour BETWEEN 17 AND 21 THEN '3 Evening peak' "
            "WHEN request_hour >= 22 OR request_hour <= 4 THEN '4 Night' ELSE '2 Daytime' END")
    questions = [
        question("q1", f"{ops.name} wants the growth curve. Generate a report per month of completed trips, gross bookings (sum of fares, INR) and platform revenue (commission, INR), in date order.",
                 ["month", "completed_trips", "gross_bookings", "platform_revenue"],
                 f"SELECT strftime(trip_date, '%Y-%m') AS month, count(*) AS completed_trips, round(sum(fare_amount), 2) AS gross_bookings, "
                 f"round(sum(platform_commission), 2) AS platform_revenue FROM fact_trips WHERE {done} GROUP BY 1 ORDER BY 1",
                 ("line", "month", ["gross_bookings"]), difficulty="beginner", skills=["aggregation", "date functions"]),
        question("q2", "Which vehicle categories earn the most? Generate a report per category of completed trips, average fare, average distance (2 decimals) and platform revenue.",
                 ["category_name", "completed_trips", "avg_fare", "avg_distance_km", "platform_revenue"],
                 "SELECT v.category_name, count(*) AS completed_trips, round(avg(t.fare_amount), 2) AS avg_fare, round(avg(t.distance_km), 2) AS avg_distance_km, "
                 f"round(sum(t.platform_commission), 2) AS platform_revenue FROM fact_trips t JOIN dim_vehicle_category v USING (category_id) WHERE t.{done} "
                 "GROUP BY 1 ORDER BY platform_revenue DESC", ("bar", "category_name", ["platform_revenue"]), difficulty="beginner",
                 skills=["joins", "aggregation"]),
        question("q3", "When do trips fall through? Generate a report per time band of requests and the share cancelled by drivers and by riders (percent, 2 decimals).",
                 ["time_band", "requests", "driver_cancel_pct", "rider_cancel_pct"],
                 f"SELECT {band} AS time_band, count(*) AS requests, "
                 "round(100 * avg(CASE WHEN trip_status = 'Cancelled by driver' THEN 1 ELSE 0 END), 2) AS driver_cancel_pct, "
                 "round(100 * avg(CASE WHEN trip_status = 'Cancelled by rider' THEN 1 ELSE 0 END), 2) AS rider_cancel_pct "
                 "FROM fact_trips GROUP BY 1 ORDER BY 1", ("column", "time_band", ["driver_cancel_pct"]),
                 skills=["CASE bucketing", "conditional aggregation"]),
        question("q4", f"{ceo.name} is planning city budgets. Generate a report per city of completed trips, gross bookings, average pickup wait (minutes, 2 decimals) and average fare per km (2 decimals).",
                 ["city_name", "completed_trips", "gross_bookings", "avg_wait_minutes", "fare_per_km"],
                 "SELECT c.city_name, count(*) AS completed_trips, round(sum(t.fare_amount), 2) AS gross_bookings, "
                 "round(avg(t.wait_minutes), 2) AS avg_wait_minutes, round(sum(t.fare_amount) / sum(t.distance_km), 2) AS fare_per_km "
                 f"FROM fact_trips t JOIN dim_city c USING (city_id) WHERE t.{done} GROUP BY 1 ORDER BY gross_bookings DESC",
                 ("bar", "city_name", ["gross_bookings"]), skills=["joins", "KPIs"]),
        question("q5", "Who are our best drivers? Generate a report of the top 10 drivers by earnings with their city, completed trips, earnings (INR) and average rating received (2 decimals).",
                 ["driver_name", "city_name", "completed_trips", "earnings", "avg_rating"],
                 "WITH e AS (SELECT driver_id, count(*) AS trips, sum(driver_earnings) AS earnings FROM fact_trips "
                 f"WHERE {done} GROUP BY 1), r AS (SELECT t.driver_id, avg(f.driver_rating) AS rating FROM fact_trip_feedback f "
                 "JOIN fact_trips t USING (trip_id) GROUP BY 1) SELECT d.driver_name, c.city_name, e.trips AS completed_trips, "
                 "round(e.earnings, 2) AS earnings, round(r.rating, 2) AS avg_rating FROM e JOIN dim_driver d USING (driver_id) "
                 "JOIN dim_city c ON c.city_id = d.city_id LEFT JOIN r ON r.driver_id = e.driver_id "
                 "ORDER BY e.earnings DESC, d.driver_name LIMIT 10", ("bar", "driver_name", ["earnings"]), difficulty="advanced",
                 skills=["CTEs", "multi-table joins", "ranking"]),
        question("q6", "Does surge hit the monsoon commute? Using the date dimension, generate a report per calendar month (number and name) of the average surge multiplier in peak hours and outside them (3 decimals).",
                 ["month_num", "month_name", "peak_avg_surge", "offpeak_avg_surge"],
                 "SELECT d.month_num, d.month_name, round(avg(t.surge_multiplier) FILTER (WHERE t.request_hour IN (8, 9, 18, 19, 20)), 3) AS peak_avg_surge, "
                 "round(avg(t.surge_multiplier) FILTER (WHERE t.request_hour NOT IN (8, 9, 18, 19, 20)), 3) AS offpeak_avg_surge "
                 "FROM fact_trips t JOIN dim_date d ON d.date = t.trip_date GROUP BY 1, 2 ORDER BY 1",
                 ("line", "month_name", ["peak_avg_surge", "offpeak_avg_surge"]), skills=["joins", "date dimension", "FILTER"]),
        question("q7", "Is every city still growing? Generate a report per city and month of completed trips and month-over-month growth (percent, 2 decimals; empty for each city's first month).",
                 ["city_name", "month", "completed_trips", "mom_growth_pct"],
                 "WITH m AS (SELECT c.city_name, strftime(t.trip_date, '%Y-%m') AS month, count(*) AS n FROM fact_trips t "
                 f"JOIN dim_city c USING (city_id) WHERE t.{done} GROUP BY 1, 2) SELECT city_name, month, n AS completed_trips, "
                 "round(100 * (n / lag(n) OVER (PARTITION BY city_name ORDER BY month) - 1), 2) AS mom_growth_pct FROM m ORDER BY city_name, month",
                 ("line", "month", ["completed_trips"]), difficulty="advanced", skills=["CTEs", "LAG", "growth rates"]),
    ]
    insights = [
        shift("night_driver_cancellations", "Drivers refuse night trips", "Between 22:00 and 04:59 one request in five is cancelled by the driver.",
              "fact_trips", "trip_status", NIGHT, "Cancelled by driver", 0.2,
              "SELECT avg(CASE WHEN trip_status = 'Cancelled by driver' THEN 1 ELSE 0 END) FILTER (WHERE "
              f"{NIGHT}) > 2 * avg(CASE WHEN trip_status = 'Cancelled by driver' THEN 1 ELSE 0 END) FILTER (WHERE NOT {NIGHT}) FROM fact_trips",
              ["q3"]),
        shift("monsoon_surge", "Monsoon commutes surge", "In July and August, peak-hour requests get the 1.8x surge 35% of the time.",
              "fact_trips", "surge_multiplier", MONSOON_PEAK, 1.8, 0.35,
              f"SELECT avg(surge_multiplier) FILTER (WHERE {MONSOON_PEAK}) > avg(surge_multiplier) FILTER (WHERE NOT ({MONSOON_PEAK})) + 0.15 FROM fact_trips",
              ["q6"]),
        shift("long_wait_low_rating", "Long waits cost stars", "Riders who waited over 12 minutes give 1 star 35% of the time.",
              "fact_trip_feedback", "driver_rating", "wait_minutes > 12", 1, 0.35,
              "SELECT avg(driver_rating) FILTER (WHERE wait_minutes > 12) < avg(driver_rating) FILTER (WHERE wait_minutes <= 12) - 0.4 FROM fact_trip_feedback",
              ["q5"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_rider", "rider_name", 0.02), fault("casing", "fact_trips", "payment_method", 0.01)],
        "advanced": [fault("nulls", "dim_rider", "rider_name", 0.03), fault("casing", "fact_trips", "payment_method", 0.02),
                     fault("spelling", "dim_city", "city_name", 0.2), fault("duplicates", "fact_trips", "", 0.004),
                     fault("outliers", "fact_trips", "distance_km", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_trips", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} runs bike, auto and cab rides in {len(names)} cities from its base in {names[0]}. "
        f"From {w.start:%B %Y} to {w.end:%B %Y} riders requested {{total_trips}} trips and paid INR {{gross_mln}} million in fares, "
        f"but {{cancel_pct}}% of requests were cancelled and riders complain about surge pricing. {ceo.name} ({ceo.role}) "
        "must show investors that growth is healthy and decide where to recruit drivers."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Ride hailing", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=ceo.name, role=ceo.role, part="stakeholder",
                      voice="Investors ask about cancellations and surge every call. I want the real picture."),
            Character(name=ops.name, role=ops.role, part="manager",
                      voice="Break it down by city, category and hour. I need it before the weekly marketplace review."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: query the trips and explain what drives bookings and cancellations."),
        ],
        kpis=[
            kpi("Gross Bookings", "Fares paid on completed trips.", "SUM(fare_amount)"),
            kpi("Platform Revenue", "Commission kept by the platform.", "SUM(platform_commission)"),
            kpi("Completion Rate", "Share of requests completed.", "COUNT(status = 'Completed') / COUNT(trip_id) x 100"),
            kpi("Average Pickup Wait", "Minutes from request to pickup.", "AVG(wait_minutes)"),
            kpi("Fare per km", "Gross bookings per km driven.", "SUM(fare_amount) / SUM(distance_km)"),
            kpi("Average Driver Rating", "Mean stars riders give drivers.", "AVG(driver_rating)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="total_trips", description="Number of trip requests", sql="SELECT count(*) FROM fact_trips", decimals=0),
            StoryNumber(id="gross_mln", description="Gross bookings in millions of INR",
                        sql="SELECT round(sum(fare_amount) / 1e6, 2) FROM fact_trips", decimals=2),
            StoryNumber(id="cancel_pct", description="Share of requests cancelled, percent",
                        sql="SELECT round(100 * avg(CASE WHEN trip_status <> 'Completed' THEN 1 ELSE 0 END), 1) FROM fact_trips", decimals=1),
        ],
    )
    if "promotions" in ctx.extras:
        _add_promotions(problem, schema)
    return problem, schema


def _add_promotions(problem: Problem, schema: Schema) -> None:
    """Feedback extra: promo codes redeemed on trips."""
    schema.tables.append(Table(
        name="fact_promo_redemptions", kind="fact", primary_key="redemption_id",
        size=PerParentSize(parent="fact_trips", fraction=0.12), description="Promo codes riders applied to trips.", columns=[
            col("redemption_id", "string", "Unique redemption code.", seq("PR", 8)),
            col("trip_id", "string", "Trip the promo was applied to, linked to fact_trips.", fk(unique=True)),
            col("fare_amount", "decimal", "Fare of the trip (from fact_trips), INR.", lookup("trip_id", "fare_amount"), unit="INR"),
            col("promo_code", "category", "Promo code used.", choice(["FIRST50", "MONSOON20", "WEEKEND15", "REFER100"], [0.3, 0.3, 0.25, 0.15])),
            col("discount_pct", "decimal", "Discount share of the fare.", choice([0.15, 0.2, 0.5], [0.35, 0.4, 0.25])),
            col("discount_amount", "decimal", "Discount given, capped at INR 100.", expr("round(least(fare_amount * discount_pct, 100), 2)"), unit="INR"),
        ]))
    schema.relationships.append(rel("fact_trips", "trip_id", "fact_promo_redemptions", "trip_id"))
    schema.rules.append(rule("discount_capped", "A promo discount never exceeds the fare or INR 100.",
                             "SELECT * FROM fact_promo_redemptions WHERE discount_amount > fare_amount + 0.01 OR discount_amount > 100",
                             table="fact_promo_redemptions"))
    problem.questions[1] = question(
        "q2", "Which promo codes cost us the most? Generate a report per promo code of redemptions, total discount (INR) and average discount (2 decimals).",
        ["promo_code", "redemptions", "total_discount", "avg_discount"],
        "SELECT promo_code, count(*) AS redemptions, round(sum(discount_amount), 2) AS total_discount, round(avg(discount_amount), 2) AS avg_discount "
        "FROM fact_promo_redemptions GROUP BY 1 ORDER BY total_discount DESC", ("bar", "promo_code", ["total_discount"]),
        difficulty="beginner", skills=["aggregation"])


DOMAIN = DomainTemplate(
    key="ride_hailing",
    title="Ride hailing",
    industry="Ride hailing",
    keywords=("ride hailing", "ride-hailing", "ride sharing", "rideshare", "cab", "cabs", "taxi", "auto rickshaw",
              "bike taxi", "ola", "uber", "rapido", "mobility", "drivers", "trips", "commute"),
    summary=("Ride-hailing apps match riders with driver partners and price trips from a fare card (base, per km, per "
             "minute) times a demand surge. Completion rate, pickup wait, surge and driver supply by city and hour "
             "drive growth and rider trust."),
    research_kpis=("Gross bookings", "Platform revenue", "Completion rate", "Cancellation rate", "Average pickup wait",
                   "Surge share", "Driver rating"),
    build=build,
    extras={"promotions": "a promo redemptions table (fact_promo_redemptions) with promo codes and capped discounts"},
)
