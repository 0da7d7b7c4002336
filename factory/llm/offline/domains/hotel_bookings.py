"""Hotel bookings for a chain of business and luxury hotels (revenue, cancellations, ratings)."""

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
    Schema,
    StoryNumber,
    Table,
)

SUFFIXES = ("Grands", "Exotica", "City", "Blu", "Bay", "Palace", "Seasons", "Residency")
# (room class, capacity, base nightly rate in INR, share of rooms)
ROOMS: tuple[tuple[str, int, float, float], ...] = (
    ("Standard", 2, 4200.0, 0.45), ("Elite", 3, 6500.0, 0.3), ("Premium", 4, 9800.0, 0.18), ("Presidential", 6, 21000.0, 0.07),
)
PLATFORMS = ["direct online", "makeyourtrip", "logtrip", "tripster", "journey", "direct offline", "others"]
PLATFORM_WEIGHTS = [0.1, 0.2, 0.11, 0.14, 0.12, 0.05, 0.28]
STATUSES = ["Checked Out", "Cancelled", "No Show"]
FIRST = ("Atliq", "Sarovar", "Kesari", "Neelam", "Aranya", "Tulsi", "Rajmahal", "Sahyadri", "Indigo", "Coral")
SECOND = ("Grands", "Hotels", "Hospitality", "Stays", "Resorts")
WINTER = "month(check_in_date) IN (12, 1)"
CANCEL_REFUND = 0.4  # share of revenue kept when a booking is cancelled


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The hotel-bookings problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    brand = company.split()[0]
    w = ctx.window
    cities = ctx.cities[:4]
    props = [(f"{brand} {SUFFIXES[(i * 3 + j) % len(SUFFIXES)]}", cat, c[0])
             for i, c in enumerate(cities) for j, cat in enumerate(("Luxury", "Business", "Luxury" if i % 2 else "Business"))]
    first_id = 16558
    weak = first_id + 1  # the property whose service slipped
    weak_name = props[1][0] + ", " + props[1][2]
    ceo, rev, analyst = ctx.person("Managing Director"), ctx.person("Head of Revenue Management"), ctx.person("Data Analyst")

    tables = [
        date_dimension(),
        Table(name="dim_hotels", kind="dimension", primary_key="property_id", size=FixedSize(rows=len(props)),
              description="Hotels of the chain.", columns=[
                  col("property_id", "id", "Unique property identifier.", seq(start=first_id)),
                  col("property_name", "string", "Hotel name.", choice([p[0] for p in props], cycle=True)),
                  col("category", "category", "Luxury or Business.", choice([p[1] for p in props], cycle=True)),
                  col("city", "category", "City of the hotel.", choice([p[2] for p in props], cycle=True)),
                  col("rooms_available", "integer", "Rooms the hotel can sell each night.",
                      choice([80, 120, 60, 150, 90, 110, 70, 130, 100, 140, 75, 95], cycle=True)),
              ]),
        Table(name="dim_rooms", kind="dimension", primary_key="room_id", size=FixedSize(rows=len(ROOMS)),
              description="Room classes with capacity and base nightly rate.", columns=[
                  col("room_id", "string", "Room class code.", seq("RT", 1)),
                  col("room_class", "category", "Room class name.", choice([r[0] for r in ROOMS], cycle=True)),
                  col("max_guests", "integer", "Most guests the room takes.", choice([r[1] for r in ROOMS], cycle=True)),
                  col("base_rate", "decimal", "Base nightly rate on weekdays, INR.", choice([r[2] for r in ROOMS], cycle=True), unit="INR"),
                  col("inventory_share", "decimal", "Share of the chain's rooms in this class.", choice([r[3] for r in ROOMS], cycle=True)),
              ]),
        Table(name="fact_bookings", kind="fact", primary_key="booking_id", size=MainSize(),
              description="One row per room booking.", columns=[
                  col("booking_id", "string", "Unique booking code.", seq("BK", 8)),
                  col("property_id", "id", "Hotel booked, linked to dim_hotels.", fk(0.5)),
                  col("check_in_date", "date", "Date of arrival, linked to dim_date.",
                      date(month_weights=[1.2, 0.95, 0.9, 0.85, 1.1, 1.05, 0.8, 0.8, 0.9, 1.1, 1.15, 1.35],
                           weekday_weights=[0.9, 0.85, 0.85, 0.9, 1.15, 1.35, 1.1], trend=0.08)),
                  col("lead_days", "integer", "Days between booking and arrival.", dist("exponential", 0, 120, 0, scale=18)),
                  col("booking_date", "date", "Date the booking was made.", expr("check_in_date - CAST(lead_days AS INTEGER)")),
                  col("stay_nights", "integer", "Nights booked.", dist("poisson", 1, 7, 0, lam=1.4)),
                  col("checkout_date", "date", "Date of departure.", expr("check_in_date + CAST(stay_nights AS INTEGER)")),
                  col("room_id", "string", "Room class booked, linked to dim_rooms.", fk(weight_column="inventory_share")),
                  col("base_rate", "decimal", "Weekday rate of the room class (from dim_rooms), INR.", lookup("room_id", "base_rate"), unit="INR"),
                  col("room_rate", "decimal", "Nightly rate charged: base rate, +20% when arriving on a Friday or Saturday.",
                      expr("round(base_rate * CASE WHEN isodow(check_in_date) IN (5, 6) THEN 1.2 ELSE 1.0 END, 2)"), unit="INR"),
                  col("no_guests", "integer", "Guests on the booking.", dist("poisson", 1, 2, 0, lam=1.6)),
                  col("booking_platform", "category", "Where the booking came from.", choice(PLATFORMS, PLATFORM_WEIGHTS)),
                  col("booking_status", "category", "Checked Out, Cancelled or No Show.", choice(STATUSES, [0.72, 0.23, 0.05])),
                  col("revenue_generated", "decimal", "Value of the booking: room_rate x stay_nights, INR.",
                      expr("round(room_rate * stay_nights, 2)"), unit="INR"),
                  col("revenue_realized", "decimal", f"Revenue kept: all of it, or {CANCEL_REFUND:.0%} when cancelled, INR.",
                      expr(f"CASE WHEN booking_status = 'Cancelled' THEN round(revenue_generated * {CANCEL_REFUND}, 2) ELSE revenue_generated END"),
                      unit="INR"),
              ]),
        Table(name="fact_ratings", kind="fact", primary_key="rating_id", size=PerParentSize(parent="fact_bookings", fraction=0.45),
              description="Ratings guests left after their stay (one per rated booking).", columns=[
                  col("rating_id", "string", "Unique rating code.", seq("RV", 8)),
                  col("booking_id", "string", "Booking rated, linked to fact_bookings.", fk(unique=True)),
                  col("property_id", "id", "Hotel rated (from the booking).", lookup("booking_id", "property_id")),
                  col("checkout_date", "date", "Departure date of the stay (from the booking).", lookup("booking_id", "checkout_date")),
                  col("review_date", "date", "Date the rating was submitted.", date(after="checkout_date", lag_min=0, lag_max=10)),
                  col("rating", "integer", "Stars given, 1 to 5.", choice([1, 2, 3, 4, 5], [0.04, 0.07, 0.19, 0.38, 0.32]),
                      nullable=ctx.difficulty != "beginner"),
                  col("would_recommend", "boolean", "True when the guest would recommend the hotel (4 stars or more).", expr("rating >= 4")),
              ]),
    ]
    rels = [
        rel("dim_hotels", "property_id", "fact_bookings", "property_id", min_children=1),
        rel("dim_date", "date", "fact_bookings", "check_in_date"),
        rel("dim_rooms", "room_id", "fact_bookings", "room_id"),
        rel("fact_bookings", "booking_id", "fact_ratings", "booking_id"),
    ]
    rules = [
        rule("booked_before_arrival", "A booking is made on or before its check-in date.",
             "SELECT * FROM fact_bookings WHERE booking_date > check_in_date", category="temporal", table="fact_bookings"),
        rule("checkout_after_checkin", "Guests check out after they check in.",
             "SELECT * FROM fact_bookings WHERE checkout_date <= check_in_date", category="temporal", table="fact_bookings"),
        rule("review_after_stay", "A rating is submitted on or after the stay ends.",
             "SELECT r.* FROM fact_ratings r JOIN fact_bookings b USING (booking_id) WHERE r.review_date < b.checkout_date",
             category="temporal", table="fact_ratings"),
        rule("rate_from_price_list", "The nightly rate is the room class's base rate, 20% higher for Friday and Saturday arrivals.",
             "SELECT b.* FROM fact_bookings b JOIN dim_rooms r USING (room_id) WHERE abs(b.room_rate - "
             "round(r.base_rate * CASE WHEN isodow(b.check_in_date) IN (5, 6) THEN 1.2 ELSE 1.0 END, 2)) > 0.01",
             table="fact_bookings"),
        rule("revenue_generated_formula", "revenue_generated equals room_rate x stay_nights.",
             "SELECT * FROM fact_bookings WHERE abs(revenue_generated - round(room_rate * stay_nights, 2)) > 0.01", table="fact_bookings"),
        rule("realized_not_above_generated", f"Revenue realized equals revenue generated, or {CANCEL_REFUND:.0%} of it for cancellations.",
             "SELECT * FROM fact_bookings WHERE revenue_realized > revenue_generated + 0.01 OR "
             f"(booking_status = 'Cancelled' AND abs(revenue_realized - round(revenue_generated * {CANCEL_REFUND}, 2)) > 0.01)",
             table="fact_bookings"),
        rule("rating_range", "Ratings are whole stars from 1 to 5.", "SELECT * FROM fact_ratings WHERE rating NOT BETWEEN 1 AND 5",
             table="fact_ratings"),
    ]
    checked = "b.booking_status = 'Checked Out'"
    questions = [
        question("q1", f"{rev.name} wants to see where revenue comes from. Generate a report of revenue realized (INR) per city and hotel category, largest first.",
                 ["city", "category", "revenue_realized"],
                 "SELECT h.city, h.category, round(sum(b.revenue_realized), 2) AS revenue_realized FROM fact_bookings b "
                 "JOIN dim_hotels h USING (property_id) GROUP BY 1, 2 ORDER BY revenue_realized DESC, city, category",
                 ("bar", "city", ["revenue_realized"]), difficulty="beginner", skills=["joins", "aggregation"]),
        question("q2", "Which booking platforms hurt us with cancellations? Generate a report per booking platform of bookings, cancelled bookings and the cancellation rate (percent, 2 decimals), worst first.",
                 ["booking_platform", "total_bookings", "cancelled_bookings", "cancellation_rate_pct"],
                 "SELECT booking_platform, count(*) AS total_bookings, count(*) FILTER (WHERE booking_status = 'Cancelled') AS cancelled_bookings, "
                 "round(100 * avg(CASE WHEN booking_status = 'Cancelled' THEN 1 ELSE 0 END), 2) AS cancellation_rate_pct "
                 "FROM fact_bookings GROUP BY 1 ORDER BY cancellation_rate_pct DESC, booking_platform",
                 ("bar", "booking_platform", ["cancellation_rate_pct"]), skills=["conditional aggregation"]),
        question("q3", "Is there a seasonal pattern? Generate a report per check-in month of bookings, average nights per stay (2 decimals) and revenue realized, in date order.",
                 ["month", "bookings", "avg_stay_nights", "revenue_realized"],
                 "SELECT strftime(check_in_date, '%Y-%m') AS month, count(*) AS bookings, round(avg(stay_nights), 2) AS avg_stay_nights, "
                 "round(sum(revenue_realized), 2) AS revenue_realized FROM fact_bookings GROUP BY 1 ORDER BY 1",
                 ("line", "month", ["revenue_realized"]), difficulty="beginner", skills=["date functions", "aggregation"]),
        question("q4", "Do weekends pay better? Using the date dimension, generate a report for weekday and weekend arrivals of checked-out bookings, room nights sold and ADR (average daily rate = revenue realized / room nights, 2 decimals).",
                 ["day_type", "bookings", "room_nights", "adr"],
                 "SELECT CASE WHEN d.is_weekend THEN 'Weekend' ELSE 'Weekday' END AS day_type, count(*) AS bookings, "
                 "sum(b.stay_nights) AS room_nights, round(sum(b.revenue_realized) / sum(b.stay_nights), 2) AS adr "
                 f"FROM fact_bookings b JOIN dim_date d ON d.date = b.check_in_date WHERE {checked} GROUP BY 1 ORDER BY 1",
                 ("column", "day_type", ["adr"]), skills=["joins", "date dimension", "KPIs"]),
        question("q5", f"{ceo.name} reads bad reviews online. Generate a report per hotel of the number of ratings, the average rating (2 decimals) and the share of guests who would recommend it (percent, 2 decimals), lowest average first.",
                 ["property_name", "city", "ratings", "avg_rating", "recommend_pct"],
                 "SELECT h.property_name, h.city, count(*) AS ratings, round(avg(r.rating), 2) AS avg_rating, "
                 "round(100 * avg(CASE WHEN r.would_recommend THEN 1 ELSE 0 END), 2) AS recommend_pct "
                 "FROM fact_ratings r JOIN fact_bookings b USING (booking_id) JOIN dim_hotels h ON h.property_id = b.property_id "
                 "GROUP BY 1, 2 ORDER BY avg_rating, property_name",
                 ("bar", "property_name", ["avg_rating"]), skills=["multi-table joins", "aggregation"]),
        question("q6", "How much booked value do we actually keep? Generate a report per room class of bookings, revenue generated, revenue realized and the realisation percentage (2 decimals).",
                 ["room_class", "bookings", "revenue_generated", "revenue_realized", "realisation_pct"],
                 "SELECT r.room_class, count(*) AS bookings, round(sum(b.revenue_generated), 2) AS revenue_generated, "
                 "round(sum(b.revenue_realized), 2) AS revenue_realized, round(100 * sum(b.revenue_realized) / sum(b.revenue_generated), 2) AS realisation_pct "
                 "FROM fact_bookings b JOIN dim_rooms r USING (room_id) GROUP BY 1 ORDER BY realisation_pct, room_class",
                 ("column", "room_class", ["realisation_pct"]), difficulty="advanced", skills=["joins", "KPIs"]),
        question("q7", "Which hotel leads each city? Generate a report of every hotel's revenue realized, its rank in its city and its share of the city's revenue (percent, 2 decimals).",
                 ["city", "property_name", "revenue_realized", "city_rank", "city_share_pct"],
                 "WITH p AS (SELECT h.city, h.property_name, sum(b.revenue_realized) AS rev FROM fact_bookings b "
                 "JOIN dim_hotels h USING (property_id) GROUP BY 1, 2) SELECT city, property_name, round(rev, 2) AS revenue_realized, "
                 "rank() OVER (PARTITION BY city ORDER BY rev DESC) AS city_rank, "
                 "round(100 * rev / sum(rev) OVER (PARTITION BY city), 2) AS city_share_pct FROM p ORDER BY city, city_rank, property_name",
                 ("bar", "property_name", ["city_share_pct"]), difficulty="advanced", skills=["CTEs", "window functions"]),
    ]
    insights = [
        shift("logtrip_cancellations", "One platform cancels far more", "Bookings from logtrip are cancelled about 45% of the time.",
              "fact_bookings", "booking_status", "booking_platform = 'logtrip'", "Cancelled", 0.45,
              "SELECT avg(CASE WHEN booking_status = 'Cancelled' THEN 1 ELSE 0 END) FILTER (WHERE booking_platform = 'logtrip') > "
              "1.4 * avg(CASE WHEN booking_status = 'Cancelled' THEN 1 ELSE 0 END) FILTER (WHERE booking_platform <> 'logtrip') FROM fact_bookings",
              ["q2"]),
        scale("winter_long_stays", "Winter holidays mean longer stays", "Guests arriving in December and January stay about 60% longer.",
              "fact_bookings", "stay_nights", WINTER, 1.6,
              f"SELECT avg(stay_nights) FILTER (WHERE {WINTER}) > 1.25 * avg(stay_nights) FILTER (WHERE NOT {WINTER}) FROM fact_bookings",
              ["q3"]),
        shift("weak_service", "One hotel's service slipped", f"{weak_name} gets 1-star ratings four times as often as the rest.",
              "fact_ratings", "rating", f"property_id = {weak}", 1, 0.3,
              f"SELECT avg(rating) FILTER (WHERE property_id = {weak}) < avg(rating) FILTER (WHERE property_id <> {weak}) - 0.4 FROM fact_ratings",
              ["q5"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "fact_ratings", "rating", 0.02), fault("casing", "fact_bookings", "booking_platform", 0.01)],
        "advanced": [fault("nulls", "fact_ratings", "rating", 0.03), fault("casing", "fact_bookings", "booking_platform", 0.02),
                     fault("spelling", "dim_hotels", "city", 0.1), fault("duplicates", "fact_bookings", "", 0.005),
                     fault("outliers", "fact_bookings", "no_guests", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_bookings", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} runs {len(props)} business and luxury hotels in {', '.join(c[0] for c in cities)}. "
        f"From {w.start:%B %Y} to {w.end:%B %Y} it took {{total_bookings}} bookings worth INR {{revenue_mln}} million realized, "
        f"but {{cancel_pct}}% of bookings were cancelled and online ratings average {{avg_rating}} stars. "
        f"{ceo.name} ({ceo.role}) sees competitors winning market share and wants to know where revenue leaks."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Hospitality", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=ceo.name, role=ceo.role, part="stakeholder",
                      voice="Our occupancy looks fine on paper, yet revenue is slipping. Find out why."),
            Character(name=rev.name, role=rev.role, part="manager",
                      voice="I need revenue, ADR, cancellations and ratings by hotel, platform and month for Monday's review."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: build the KPIs and tell management where to act."),
        ],
        kpis=[
            kpi("Revenue Realized", "Revenue the hotels keep after cancellations.", "SUM(revenue_realized)"),
            kpi("ADR", "Average daily rate: revenue per room night sold.", "SUM(revenue_realized) / SUM(stay_nights)"),
            kpi("Cancellation Rate", "Share of bookings cancelled.", "COUNT(status = 'Cancelled') / COUNT(booking_id) x 100"),
            kpi("Realisation %", "Share of booked value realized.", "SUM(revenue_realized) / SUM(revenue_generated) x 100"),
            kpi("Average Rating", "Mean stars given by guests.", "AVG(rating)"),
            kpi("RevPAR", "Revenue per available room night.", "SUM(revenue_realized) / (SUM(rooms_available) x days)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="total_bookings", description="Number of bookings", sql="SELECT count(*) FROM fact_bookings", decimals=0),
            StoryNumber(id="revenue_mln", description="Revenue realized in millions of INR",
                        sql="SELECT round(sum(revenue_realized) / 1e6, 2) FROM fact_bookings", decimals=2),
            StoryNumber(id="cancel_pct", description="Cancellation rate in percent",
                        sql="SELECT round(100 * avg(CASE WHEN booking_status = 'Cancelled' THEN 1 ELSE 0 END), 1) FROM fact_bookings", decimals=1),
            StoryNumber(id="avg_rating", description="Average rating", sql="SELECT round(avg(rating), 2) FROM fact_ratings", decimals=2),
        ],
    )
    if "ancillary" in ctx.extras:
        _add_ancillary(problem, schema)
    return problem, schema


def _add_ancillary(problem: Problem, schema: Schema) -> None:
    """Feedback extra: spend on food, spa and transfers charged to stays."""
    schema.tables.append(Table(
        name="fact_ancillary_spend", kind="fact", primary_key="charge_id", size=PerParentSize(parent="fact_bookings", fraction=0.35),
        description="Extra services charged to a stay (one charge per stay that used them).", columns=[
            col("charge_id", "string", "Unique charge code.", seq("AN", 8)),
            col("booking_id", "string", "Stay charged, linked to fact_bookings.", fk(unique=True)),
            col("check_in_date", "date", "Arrival date of the stay.", lookup("booking_id", "check_in_date")),
            col("charge_date", "date", "Date of the charge.", date(after="check_in_date", lag_min=0, lag_max=3)),
            col("service", "category", "Service used.", choice(["Restaurant", "Bar", "Spa", "Airport transfer", "Laundry"], [0.4, 0.2, 0.15, 0.15, 0.1])),
            col("amount", "decimal", "Amount charged, INR.", dist("lognormal", 200, 40000, 2, mean=7.6, sigma=0.7), unit="INR"),
        ]))
    schema.relationships.append(rel("fact_bookings", "booking_id", "fact_ancillary_spend", "booking_id"))
    schema.rules.append(rule("charge_during_stay", "Services are charged on or after arrival.",
                             "SELECT a.* FROM fact_ancillary_spend a JOIN fact_bookings b USING (booking_id) WHERE a.charge_date < b.check_in_date",
                             category="temporal", table="fact_ancillary_spend"))
    problem.questions[0] = question(
        "q1", "Which extra services earn the most? Generate a report per service of charges, total amount (INR) and average charge (2 decimals).",
        ["service", "charges", "total_amount", "avg_charge"],
        "SELECT service, count(*) AS charges, round(sum(amount), 2) AS total_amount, round(avg(amount), 2) AS avg_charge "
        "FROM fact_ancillary_spend GROUP BY 1 ORDER BY total_amount DESC", ("bar", "service", ["total_amount"]),
        difficulty="beginner", skills=["aggregation"])


DOMAIN = DomainTemplate(
    key="hotel_bookings",
    title="Hotel bookings",
    industry="Hospitality",
    keywords=("hotel", "hotels", "hospitality", "booking", "bookings", "resort", "rooms", "occupancy", "revpar", "adr",
              "homestay", "guest house", "lodging", "atliq grands"),
    summary=("Hotel chains sell room nights through their own channels and online travel agencies. Revenue depends "
             "on occupancy, the average daily rate and how many bookings cancel; guest ratings drive future demand."),
    research_kpis=("Revenue realized", "Average daily rate (ADR)", "RevPAR", "Occupancy", "Cancellation rate",
                   "Average rating"),
    build=build,
    extras={"ancillary": "an ancillary spend table (fact_ancillary_spend): restaurant, spa and transfer charges per stay"},
)
