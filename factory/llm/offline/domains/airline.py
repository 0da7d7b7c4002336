"""Domestic airline: flights on routes with aircraft (on-time performance, load factor), ticket sample, cancellations."""

from __future__ import annotations

import math

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
from factory.llm.offline.context import INDIAN_CITIES, DomainContext
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

# city -> (IATA code, latitude, longitude) of its airport
AIRPORTS: dict[str, tuple[str, float, float]] = {
    "Mumbai": ("BOM", 19.09, 72.87), "Delhi": ("DEL", 28.56, 77.10), "Bengaluru": ("BLR", 13.20, 77.71),
    "Hyderabad": ("HYD", 17.24, 78.43), "Chennai": ("MAA", 12.99, 80.17), "Kolkata": ("CCU", 22.65, 88.45),
    "Pune": ("PNQ", 18.58, 73.92), "Ahmedabad": ("AMD", 23.07, 72.63), "Indore": ("IDR", 22.72, 75.80),
    "Bhopal": ("BHO", 23.29, 77.34), "Jaipur": ("JAI", 26.82, 75.81), "Lucknow": ("LKO", 26.76, 80.89),
    "Nagpur": ("NAG", 21.09, 79.05), "Coimbatore": ("CJB", 11.03, 77.04), "Kochi": ("COK", 10.15, 76.40),
    "Vadodara": ("BDQ", 22.34, 73.22), "Surat": ("STV", 21.11, 72.74), "Nashik": ("ISK", 20.12, 73.91),
    "Mysuru": ("MYQ", 12.23, 76.66), "Chandigarh": ("IXC", 30.67, 76.79), "Dehradun": ("DED", 30.19, 78.18),
    "Bhubaneswar": ("BBI", 20.24, 85.82), "Visakhapatnam": ("VTZ", 17.72, 83.22), "Madurai": ("IXM", 9.83, 78.09),
    "Ludhiana": ("LUH", 30.85, 75.95), "Patna": ("PAT", 25.59, 85.09), "Ranchi": ("IXR", 23.31, 85.32),
    "Guwahati": ("GAU", 26.11, 91.59), "Raipur": ("RPR", 21.18, 81.74), "Kanpur": ("KNU", 26.40, 80.41),
    "Agra": ("AGR", 27.16, 77.96), "Varanasi": ("VNS", 25.45, 82.86), "Jodhpur": ("JDH", 26.25, 73.05),
    "Rajkot": ("RAJ", 22.31, 70.78), "Vijayawada": ("VGA", 16.53, 80.80), "Thiruvananthapuram": ("TRV", 8.48, 76.92),
    "Mangaluru": ("IXE", 12.96, 74.89), "Hubballi": ("HBX", 15.36, 75.08),
}
# (aircraft type, seats) in fleet proportions; the fleet cycles through this list
FLEET: tuple[tuple[str, int], ...] = (
    ("A320neo", 186), ("A320neo", 186), ("A320neo", 186), ("A321neo", 222), ("A321neo", 222),
    ("ATR 72-600", 78), ("ATR 72-600", 78), ("737 MAX 8", 189),
)
FIRST = ("Udaan", "Vihang", "Megha", "Suryoday", "Pavan", "Nabh", "Kalpana", "Aruna", "Hansa", "Gagan")
SECOND = ("Air", "Airways", "Airlines", "Aviation")
FOG = "origin_code = 'DEL' AND month(flight_date) IN (12, 1)"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _network(ctx: DomainContext) -> list[tuple[str, str, str]]:
    """Airports served: the context's cities, with Delhi (the fog-prone hub) always in the network."""
    cities = list(ctx.cities[:8])
    if all(c[0] != "Delhi" for c in cities):
        delhi = next(c for c in INDIAN_CITIES if c[0] == "Delhi")
        cities = cities[:7] + [delhi] if len(cities) >= 8 else cities + [delhi]
    return cities


def _routes(cities: list[tuple[str, str, str]]) -> list[dict[str, object]]:
    """Every ordered pair of airports, with great-circle distance, block time and base fare."""
    out = []
    for a in cities:
        for b in cities:
            if a == b:
                continue
            (ca, la, oa), (cb, lb, ob) = AIRPORTS[a[0]], AIRPORTS[b[0]]
            p1, p2, dl = math.radians(la), math.radians(lb), math.radians(ob - oa)
            km = 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))
            km = round(km * 1.05)  # airways are longer than the great circle
            tiers = (a[2] == "Tier 1") + (b[2] == "Tier 1")
            out.append({"code": f"{ca}-{cb}", "o_city": a[0], "o": ca, "d_city": b[0], "d": cb, "km": km,
                        "block": 5 * round((km / 12.5 + 35) / 5), "fare": float(10 * round((1500 + 3.2 * km) / 10)),
                        "type": ("Regional", "Metro-Regional", "Metro-Metro")[tiers], "weekly": (7, 14, 35)[tiers]})
    return out


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The airline problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    code = "".join(word[0] for word in company.split()[:2]).upper()
    w = ctx.window
    y0 = w.start.year
    cities = _network(ctx)
    routes = _routes(cities)
    weak = ctx.rng.choice([i for i, r in enumerate(routes) if r["type"] != "Metro-Metro"] or list(range(len(routes))))
    back = next(i for i, r in enumerate(routes) if r["o"] == routes[weak]["d"] and r["d"] == routes[weak]["o"])
    weak_ids = f"route_id IN ({weak + 1}, {back + 1})"
    weak_pair = f"{routes[weak]['o_city']}-{routes[weak]['d_city']}"
    tails = sorted({"VT-" + "".join(ctx.rng.choice(LETTERS) for _ in range(3)) for _ in range(40)})[:24]
    fleet = [FLEET[i % len(FLEET)] for i in range(len(tails))]
    coo, planner, analyst = ctx.person("Chief Operating Officer"), ctx.person("Network Planning Manager"), ctx.person("Data Analyst")
    hours = list(range(5, 23))

    def rc(key: str) -> list:
        return [r[key] for r in routes]

    tables = [
        date_dimension(),
        Table(name="dim_route", kind="dimension", primary_key="route_id", size=FixedSize(rows=len(routes)),
              description="Non-stop routes flown (one row per direction).", columns=[
                  col("route_id", "id", "Unique route identifier.", seq()),
                  col("route_code", "category", "Origin-destination airport codes, e.g. BOM-DEL.", choice(rc("code"), cycle=True)),
                  col("origin_city", "category", "City of departure.", choice(rc("o_city"), cycle=True)),
                  col("origin_code", "category", "IATA code of the departure airport.", choice(rc("o"), cycle=True)),
                  col("destination_city", "category", "City of arrival.", choice(rc("d_city"), cycle=True)),
                  col("destination_code", "category", "IATA code of the arrival airport.", choice(rc("d"), cycle=True)),
                  col("distance_km", "integer", "Flown distance in km.", choice(rc("km"), cycle=True), unit="km"),
                  col("block_minutes", "integer", "Scheduled gate-to-gate time in minutes.", choice(rc("block"), cycle=True), unit="minutes"),
                  col("base_fare_inr", "decimal", "Base one-way economy (Saver) fare in INR.", choice(rc("fare"), cycle=True), unit="INR"),
                  col("route_type", "category", "Metro-Metro, Metro-Regional or Regional.", choice(rc("type"), cycle=True)),
                  col("weekly_frequency", "integer", "Scheduled departures per week.", choice(rc("weekly"), cycle=True)),
              ]),
        Table(name="dim_aircraft", kind="dimension", primary_key="aircraft_id", size=FixedSize(rows=len(tails)),
              description="Aircraft in the fleet.", columns=[
                  col("aircraft_id", "id", "Unique aircraft identifier.", seq()),
                  col("registration", "string", "Registration mark (tail number).", choice(tails, cycle=True)),
                  col("aircraft_type", "category", "Aircraft model.", choice([f[0] for f in fleet], cycle=True)),
                  col("seats", "integer", "Seats installed.", choice([f[1] for f in fleet], cycle=True)),
                  col("delivery_year", "integer", "Year the aircraft joined the fleet.", dist("uniform", y0 - 10, y0 - 1, 0, low=y0 - 10, high=y0 - 1)),
              ]),
        Table(name="fact_flights", kind="fact", primary_key="flight_id", size=MainSize(),
              description="One row per operated flight (departure), with punctuality and passengers.", columns=[
                  col("flight_id", "string", "Unique flight (sector) record.", seq("FL", 8)),
                  col("flight_date", "date", "Scheduled departure date, linked to dim_date.",
                      date(month_weights=[1.0, 0.9, 0.95, 1.0, 1.15, 1.15, 0.9, 0.85, 0.9, 1.05, 1.1, 1.15],
                           weekday_weights=[1.05, 0.95, 0.95, 1.0, 1.1, 0.95, 1.1], trend=0.12)),
                  col("route_id", "id", "Route flown, linked to dim_route.", fk(weight_column="weekly_frequency")),
                  col("aircraft_id", "id", "Aircraft operating the flight, linked to dim_aircraft.", fk(0.3)),
                  col("origin_code", "category", "Departure airport (from dim_route).", lookup("route_id", "origin_code")),
                  col("dep_hour", "integer", "Scheduled departure hour (local time).",
                      choice(hours, [3, 6, 7, 6, 4, 3, 3, 3, 3, 3, 4, 5, 6, 6, 5, 4, 3, 2])),
                  col("flight_number", "string", "Flight number: carrier code and route/hour service number.",
                      expr(f"'{code} ' || CAST(route_id * 20 + dep_hour AS VARCHAR)")),
                  col("scheduled_departure", "timestamp", "Scheduled departure time.", expr("CAST(flight_date AS TIMESTAMP) + INTERVAL (dep_hour) HOUR")),
                  col("departure_delay_min", "integer", "Minutes the flight left after schedule (0 = on time or early).",
                      dist("exponential", 0, 600, 0, scale=9)),
                  col("actual_departure", "timestamp", "Actual off-block time: scheduled_departure + departure_delay_min.",
                      expr("scheduled_departure + INTERVAL (departure_delay_min) MINUTE")),
                  col("is_on_time", "boolean", "True when the flight left within 15 minutes of schedule (DGCA definition).", expr("departure_delay_min <= 15")),
                  col("seats", "integer", "Seats on the aircraft (from dim_aircraft).", lookup("aircraft_id", "seats")),
                  col("demand_index", "decimal", "Bookings relative to seats from revenue management (above 1 = overbooked).",
                      dist("normal", 0.35, 1.1, 3, mean=0.86, sd=0.1)),
                  col("passengers", "integer", "Passengers flown: seats x demand_index, capped at the seats.",
                      expr("least(seats, CAST(floor(seats * demand_index) AS INTEGER))")),
              ]),
        Table(name="fact_bookings", kind="fact", primary_key="booking_id", size=RatioSize(ratio=1.5, min_rows=200),
              description="A random sample of passenger tickets (not every ticket) with fare, channel and booking date; "
                          "use fact_flights for passenger counts.", columns=[
                  col("booking_id", "string", "Unique ticket record.", seq("BK", 9)),
                  col("flight_id", "string", "Flight booked, linked to fact_flights.", fk()),
                  col("flight_date", "date", "Departure date (from fact_flights).", lookup("flight_id", "flight_date")),
                  col("route_id", "id", "Route (from fact_flights), linked to dim_route.", lookup("flight_id", "route_id")),
                  col("base_fare_inr", "decimal", "Route base fare in INR (from dim_route).", lookup("route_id", "base_fare_inr"), unit="INR"),
                  col("channel", "category", "Where the ticket was sold.", choice(["Website", "Mobile app", "Online travel agent", "Corporate travel desk"], [0.3, 0.3, 0.3, 0.1])),
                  col("fare_family", "category", "Fare bundle bought.", choice(["Saver", "Flexi", "Business"], [0.75, 0.2, 0.05])),
                  col("days_before_departure", "integer", "Days between booking and departure.", dist("gamma", 0, 180, 0, shape=1.6, scale=14), unit="days"),
                  col("booking_date", "date", "Date the ticket was bought: flight_date - days_before_departure.",
                      expr("flight_date - CAST(days_before_departure AS INTEGER)")),
                  col("fare_inr", "decimal", "Ticket fare in INR: base fare x fare-family multiplier (Saver 1, Flexi 1.35, Business 3.2) "
                      "x advance-purchase multiplier (under 7 days 1.8, under 21 days 1.3, else 1), rounded to the rupee.",
                      expr("round(base_fare_inr * CASE fare_family WHEN 'Saver' THEN 1.0 WHEN 'Flexi' THEN 1.35 ELSE 3.2 END "
                           "* CASE WHEN days_before_departure < 7 THEN 1.8 WHEN days_before_departure < 21 THEN 1.3 ELSE 1.0 END, 0)"), unit="INR"),
                  col("ancillary_inr", "decimal", "Paid extras (seat, meal, excess baggage) in INR.", choice([0.0, 199.0, 399.0, 899.0, 1500.0], [0.5, 0.15, 0.15, 0.12, 0.08]), unit="INR"),
                  col("total_paid_inr", "decimal", "Amount paid in INR: fare_inr + ancillary_inr.", expr("fare_inr + ancillary_inr"), unit="INR"),
              ]),
    ]
    rels = [
        rel("dim_date", "date", "fact_flights", "flight_date"),
        rel("dim_route", "route_id", "fact_flights", "route_id"),
        rel("dim_aircraft", "aircraft_id", "fact_flights", "aircraft_id"),
        rel("fact_flights", "flight_id", "fact_bookings", "flight_id"),
        rel("dim_route", "route_id", "fact_bookings", "route_id"),
    ]
    rules = [
        rule("passengers_within_seats", "A flight never carries more passengers than it has seats.",
             "SELECT f.* FROM fact_flights f JOIN dim_aircraft a USING (aircraft_id) WHERE f.passengers > a.seats OR f.passengers < 0 OR f.seats <> a.seats",
             table="fact_flights"),
        rule("on_time_definition", "is_on_time is true exactly when the departure delay is at most 15 minutes.",
             "SELECT * FROM fact_flights WHERE is_on_time <> (departure_delay_min <= 15) OR departure_delay_min < 0", table="fact_flights"),
        rule("departure_times_consistent", "Flights are scheduled on their flight date and leave delay minutes after schedule.",
             "SELECT * FROM fact_flights WHERE CAST(scheduled_departure AS DATE) <> flight_date "
             "OR actual_departure <> scheduled_departure + INTERVAL (departure_delay_min) MINUTE", category="temporal", table="fact_flights"),
        rule("origin_matches_route", "A flight departs from its route's origin.",
             "SELECT f.* FROM fact_flights f JOIN dim_route r USING (route_id) WHERE f.origin_code <> r.origin_code", table="fact_flights"),
        rule("booked_before_departure", "Tickets are bought on or before the flight date.",
             "SELECT b.* FROM fact_bookings b JOIN fact_flights f USING (flight_id) WHERE b.booking_date > f.flight_date OR b.flight_date <> f.flight_date",
             category="temporal", table="fact_bookings"),
        rule("fare_policy", "The fare follows the route base fare, fare-family and advance-purchase multipliers; total = fare + extras.",
             "SELECT b.* FROM fact_bookings b JOIN dim_route r USING (route_id) WHERE abs(b.fare_inr - round(r.base_fare_inr * "
             "CASE b.fare_family WHEN 'Saver' THEN 1.0 WHEN 'Flexi' THEN 1.35 ELSE 3.2 END * CASE WHEN b.days_before_departure < 7 THEN 1.8 "
             "WHEN b.days_before_departure < 21 THEN 1.3 ELSE 1.0 END, 0)) > 0.5 OR abs(b.total_paid_inr - (b.fare_inr + b.ancillary_inr)) > 0.005",
             table="fact_bookings"),
    ]
    otp = "round(100 * avg(CASE WHEN f.is_on_time THEN 1 ELSE 0 END), 2)"
    winter = "month(f.flight_date) IN (12, 1)"
    questions = [
        question("q1", f"{coo.name} wants the traffic trend. Generate a report per month of flights operated, passengers flown and load factor (passengers / seats, percent, 2 decimals), in date order.",
                 ["month", "flights", "passengers", "load_factor_pct"],
                 "SELECT strftime(flight_date, '%Y-%m') AS month, count(*) AS flights, sum(passengers) AS passengers, "
                 "round(100.0 * sum(passengers) / sum(seats), 2) AS load_factor_pct FROM fact_flights GROUP BY 1 ORDER BY 1",
                 ("line", "month", ["passengers"]), difficulty="beginner", skills=["aggregation", "weighted ratios"]),
        question("q2", "Which airports hurt our punctuality? Generate a report per departure airport of departures, on-time performance (percent departing within 15 minutes, 2 decimals) and average delay in minutes, worst first.",
                 ["origin_code", "origin_city", "departures", "on_time_pct", "avg_delay_min"],
                 f"SELECT r.origin_code, r.origin_city, count(*) AS departures, {otp} AS on_time_pct, round(avg(f.departure_delay_min), 2) AS avg_delay_min "
                 "FROM fact_flights f JOIN dim_route r USING (route_id) GROUP BY 1, 2 ORDER BY on_time_pct, origin_code",
                 ("bar", "origin_code", ["on_time_pct"]), difficulty="beginner", skills=["joins", "conditional aggregation"]),
        question("q3", f"{planner.name} is reviewing the network. Generate a report of the 10 routes with the lowest load factor: route, route type, flights, seats, passengers and load factor (percent, 2 decimals).",
                 ["route_code", "route_type", "flights", "seats", "passengers", "load_factor_pct"],
                 "SELECT r.route_code, r.route_type, count(*) AS flights, sum(f.seats) AS seats, sum(f.passengers) AS passengers, "
                 "round(100.0 * sum(f.passengers) / sum(f.seats), 2) AS load_factor_pct FROM fact_flights f JOIN dim_route r USING (route_id) "
                 "GROUP BY 1, 2 ORDER BY load_factor_pct, route_code LIMIT 10", ("bar", "route_code", ["load_factor_pct"]),
                 skills=["joins", "weighted ratios", "ranking"]),
        question("q4", "Does winter fog wreck the schedule? Generate a report per departure airport of on-time performance in December-January and in the other months (percent, 2 decimals) and the gap in percentage points, largest gap first.",
                 ["origin_code", "winter_on_time_pct", "other_on_time_pct", "gap_pts"],
                 f"WITH o AS (SELECT f.origin_code, 100 * avg(CASE WHEN f.is_on_time THEN 1 ELSE 0 END) FILTER (WHERE {winter}) AS w, "
                 f"100 * avg(CASE WHEN f.is_on_time THEN 1 ELSE 0 END) FILTER (WHERE NOT {winter}) AS o FROM fact_flights f GROUP BY 1) "
                 "SELECT origin_code, round(w, 2) AS winter_on_time_pct, round(o, 2) AS other_on_time_pct, round(o - w, 2) AS gap_pts "
                 "FROM o ORDER BY gap_pts DESC NULLS LAST, origin_code", ("bar", "origin_code", ["winter_on_time_pct", "other_on_time_pct"]),
                 skills=["CTEs", "FILTER", "seasonality"]),
        question("q5", "Is punctuality improving? Generate a report per month of flights, on-time performance (percent, 2 decimals) and its 3-month rolling average (percent, 2 decimals), in date order.",
                 ["month", "flights", "on_time_pct", "rolling_3m_on_time_pct"],
                 "SELECT strftime(flight_date, '%Y-%m') AS month, count(*) AS flights, "
                 "round(100.0 * avg(CASE WHEN is_on_time THEN 1 ELSE 0 END), 2) AS on_time_pct, "
                 "round(100.0 * sum(sum(CASE WHEN is_on_time THEN 1 ELSE 0 END)) OVER w / sum(count(*)) OVER w, 2) AS rolling_3m_on_time_pct "
                 "FROM fact_flights GROUP BY 1 WINDOW w AS (ORDER BY strftime(flight_date, '%Y-%m') ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) ORDER BY 1",
                 ("line", "month", ["on_time_pct", "rolling_3m_on_time_pct"]), difficulty="advanced",
                 skills=["window functions over aggregates", "window frames", "rolling averages"]),
        question("q6", "Who books late and pays more? Generate a report per sales channel of tickets, share of tickets (percent, 2 decimals), average days booked ahead, share bought in the last 7 days (percent, 2 decimals) and the fare premium over the average ticket (percent, 2 decimals).",
                 ["channel", "tickets", "ticket_share_pct", "avg_days_ahead", "last_minute_pct", "fare_premium_pct"],
                 "WITH c AS (SELECT channel, count(*) AS tickets, avg(days_before_departure) AS ahead, "
                 "avg(CASE WHEN days_before_departure < 7 THEN 1 ELSE 0 END) AS last_minute, avg(fare_inr) AS fare FROM fact_bookings GROUP BY 1) "
                 "SELECT channel, tickets, round(100.0 * tickets / sum(tickets) OVER (), 2) AS ticket_share_pct, round(ahead, 1) AS avg_days_ahead, "
                 "round(100 * last_minute, 2) AS last_minute_pct, round(100 * (fare / ((SELECT avg(fare_inr) FROM fact_bookings)) - 1), 2) AS fare_premium_pct "
                 "FROM c ORDER BY fare_premium_pct DESC", ("bar", "channel", ["fare_premium_pct"]), difficulty="advanced",
                 skills=["CTEs", "window functions", "subqueries"]),
    ]
    insights = [
        scale("delhi_winter_fog", "Winter fog at Delhi", "Departures from Delhi in December and January are delayed about 3.5 times as long.",
              "fact_flights", "departure_delay_min", FOG, 3.5,
              f"SELECT avg(CASE WHEN is_on_time THEN 1 ELSE 0 END) FILTER (WHERE {FOG}) < "
              f"0.75 * avg(CASE WHEN is_on_time THEN 1 ELSE 0 END) FILTER (WHERE NOT ({FOG})) FROM fact_flights",
              ["q2", "q4"]),
        scale("weak_route", f"{weak_pair} flies half empty", f"Flights between {weak_pair.replace('-', ' and ')} sell about 40% fewer seats than the network.",
              "fact_flights", "demand_index", weak_ids, 0.6,
              f"SELECT sum(passengers) FILTER (WHERE {weak_ids}) / sum(seats) FILTER (WHERE {weak_ids}) < "
              f"0.8 * sum(passengers) FILTER (WHERE NOT ({weak_ids})) / sum(seats) FILTER (WHERE NOT ({weak_ids})) FROM fact_flights",
              ["q3"]),
        scale("corporate_last_minute", "Corporate travel books last minute", "Corporate travel desks book about 70% closer to departure, so they pay the highest fares.",
              "fact_bookings", "days_before_departure", "channel = 'Corporate travel desk'", 0.3,
              "SELECT avg(fare_inr) FILTER (WHERE channel = 'Corporate travel desk') > 1.15 * avg(fare_inr) FILTER (WHERE channel <> 'Corporate travel desk') FROM fact_bookings",
              ["q6"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "fact_bookings", "channel", 0.02), fault("casing", "fact_bookings", "fare_family", 0.02)],
        "advanced": [fault("nulls", "fact_bookings", "channel", 0.03), fault("casing", "fact_bookings", "fare_family", 0.03),
                     fault("spelling", "dim_route", "origin_city", 0.05), fault("duplicates", "fact_flights", "", 0.005),
                     fault("outliers", "fact_flights", "passengers", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_flights", default_rows=60_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    hubs = [c[0] for c in cities]
    statement = (
        f"{company} ({code}) flies {len(routes)} domestic routes between {len(hubs)} cities ({', '.join(hubs[:3])} and more). "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} it flew {{passengers}} passengers at a load factor of {{load_factor_pct}}%, "
        f"but only {{otp_pct}}% of departures left on time. {coo.name} ({coo.role}) must explain punctuality to the regulator "
        f"and decide which routes deserve aircraft next season."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Airline", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=coo.name, role=coo.role, part="stakeholder",
                      voice="Every delayed departure costs us slots and goodwill. Show me where and when it happens."),
            Character(name=planner.name, role=planner.role, part="manager",
                      voice="Schedule filing closes soon. I need load factors by route and who is buying our seats."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: combine flights, routes, aircraft and tickets, and find the stories."),
        ],
        kpis=[
            kpi("Load Factor", "Share of seats filled (weighted by seats, not an average of flights).", "100 x SUM(passengers) / SUM(seats)"),
            kpi("On-Time Performance", "Share of departures within 15 minutes of schedule.", "100 x AVG(is_on_time)"),
            kpi("Average Departure Delay", "Mean minutes late at departure.", "AVG(departure_delay_min)"),
            kpi("Average Fare", "Mean ticket fare.", "AVG(fare_inr)"),
            kpi("Ancillary Revenue per Ticket", "Extras sold per ticket.", "SUM(ancillary_inr) / COUNT(booking_id)"),
            kpi("ASK", "Available seat kilometres: capacity offered.", "SUM(seats x distance_km)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="passengers", description="Passengers flown", sql="SELECT sum(passengers) FROM fact_flights", decimals=0),
            StoryNumber(id="load_factor_pct", description="Load factor in percent",
                        sql="SELECT round(100.0 * sum(passengers) / sum(seats), 1) FROM fact_flights", decimals=1),
            StoryNumber(id="otp_pct", description="On-time performance in percent",
                        sql="SELECT round(100 * avg(CASE WHEN is_on_time THEN 1 ELSE 0 END), 1) FROM fact_flights", decimals=1),
        ],
    )
    if "cancellations" in ctx.extras:
        _add_cancellations(problem, schema)
    return problem, schema


def _add_cancellations(problem: Problem, schema: Schema) -> None:
    """Feedback extra: ticket cancellations with refunds (a third fact table) and a question about them."""
    schema.tables.append(Table(
        name="fact_cancellations", kind="fact", primary_key="cancellation_id",
        size=PerParentSize(parent="fact_bookings", fraction=0.07),
        description="Tickets cancelled by the passenger before departure, with the refund paid.", columns=[
            col("cancellation_id", "string", "Unique cancellation record.", seq("CX", 8)),
            col("booking_id", "string", "Ticket cancelled, linked to fact_bookings.", fk(unique=True)),
            col("booking_date", "date", "Date the ticket was bought (from fact_bookings).", lookup("booking_id", "booking_date")),
            col("days_before_departure", "integer", "Days the ticket was booked ahead (from fact_bookings).", lookup("booking_id", "days_before_departure"), unit="days"),
            col("fare_family", "category", "Fare bundle (from fact_bookings).", lookup("booking_id", "fare_family")),
            col("fare_inr", "decimal", "Fare paid in INR (from fact_bookings).", lookup("booking_id", "fare_inr"), unit="INR"),
            col("cancel_point", "decimal", "How far from booking to departure the cancellation came (0 = at booking, 1 = on the day).",
                dist("uniform", 0, 1, 2, low=0, high=1)),
            col("cancellation_date", "date", "Date cancelled: between booking and departure.",
                expr("booking_date + CAST(floor(days_before_departure * cancel_point) AS INTEGER)")),
            col("refund_inr", "decimal", "Refund in INR: Saver fare minus INR 3,500 fee, Flexi fare minus INR 1,500, Business in full (never below 0).",
                expr("CASE fare_family WHEN 'Saver' THEN greatest(fare_inr - 3500, 0) WHEN 'Flexi' THEN greatest(fare_inr - 1500, 0) ELSE fare_inr END"), unit="INR"),
        ]))
    schema.relationships.append(rel("fact_bookings", "booking_id", "fact_cancellations", "booking_id"))
    schema.rules += [
        rule("cancel_between_booking_and_flight", "A cancellation happens between booking and departure.",
             "SELECT c.* FROM fact_cancellations c JOIN fact_bookings b USING (booking_id) "
             "WHERE c.cancellation_date < b.booking_date OR c.cancellation_date > b.flight_date", category="temporal", table="fact_cancellations"),
        rule("refund_not_above_fare", "A refund is never negative and never exceeds the fare.",
             "SELECT c.* FROM fact_cancellations c JOIN fact_bookings b USING (booking_id) WHERE c.refund_inr < 0 OR c.refund_inr > b.fare_inr",
             table="fact_cancellations"),
    ]
    if len(problem.questions) < 7:
        problem.questions.append(question(
            "q7", "What do cancellations cost us? Generate a report per fare family of tickets, cancellations, cancellation rate (percent, 2 decimals), refunds paid and refunds as a share of cancelled fares (percent, 2 decimals).",
            ["fare_family", "tickets", "cancellations", "cancellation_rate_pct", "refund_inr", "refund_share_pct"],
            "SELECT b.fare_family, count(*) AS tickets, count(c.cancellation_id) AS cancellations, "
            "round(100.0 * count(c.cancellation_id) / count(*), 2) AS cancellation_rate_pct, round(coalesce(sum(c.refund_inr), 0), 2) AS refund_inr, "
            "round(100 * sum(c.refund_inr) / nullif(sum(c.fare_inr), 0), 2) AS refund_share_pct "
            "FROM fact_bookings b LEFT JOIN fact_cancellations c USING (booking_id) GROUP BY 1 ORDER BY cancellation_rate_pct DESC, fare_family",
            ("column", "fare_family", ["refund_share_pct"]), skills=["LEFT JOIN", "rates"]))


DOMAIN = DomainTemplate(
    key="airline",
    title="Domestic airline operations",
    industry="Airline",
    keywords=("airline", "airlines", "aviation", "air travel", "flights", "flight", "airport", "airports", "air carrier",
              "low-cost carrier", "lcc", "on-time performance", "otp", "flight delays", "load factor", "routes",
              "route network", "aircraft", "fleet", "air tickets", "air fares", "passengers", "indigo", "air india",
              "charter", "regional airline"),
    summary=("Airlines sell seats on scheduled flights. They track load factor (passengers / seats), on-time "
             "performance (DGCA counts departures within 15 minutes), delays by airport and season (winter fog in "
             "North India), fares by booking window and channel, ancillaries and cancellations."),
    research_kpis=("Load factor", "On-time performance", "Average delay", "Average fare", "RASK / CASK",
                   "Ancillary revenue per passenger"),
    build=build,
    extras={"cancellations": "a cancellations table (fact_cancellations): cancelled tickets and refunds"},
)
