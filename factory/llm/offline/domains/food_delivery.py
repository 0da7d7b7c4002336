"""Food delivery from restaurants (orders, delivery partners, ratings)."""

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

CUISINES = ("North Indian", "South Indian", "Chinese", "Biryani", "Pizza", "Burgers", "Desserts", "Street Food",
            "Healthy", "Cafe")
ADJ = ("Spice", "Royal", "Green", "Urban", "Tandoor", "Masala", "Golden", "Coastal", "Punjabi", "Udupi", "Dragon",
       "Smoky", "Little", "Happy", "Saffron")
NOUN = ("Kitchen", "Dhaba", "Bowl", "House", "Express", "Corner", "Bites", "Hub", "Grill", "Cafe", "Tiffins", "Wok")
FIRST = ("Tiffin", "Swaad", "Zaika", "Hungry", "Thali", "Chatpata", "Dabba", "Rasoi", "Biteful", "Khana")
SECOND = ("Express", "Eats", "Now", "Box", "Go", "Runner")
HOURS = [0.3, 0.15, 0.05, 0.02, 0.02, 0.03, 0.1, 0.4, 0.9, 1.0, 0.9, 1.4, 2.6, 2.8, 1.8, 1.0, 0.9, 1.2, 1.7, 2.6,
         3.2, 3.0, 2.0, 0.9]
WEEKEND_DINNER = "isodow(order_date) >= 6 AND order_hour BETWEEN 19 AND 22"
FREE_DELIVERY_FROM = 499


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The food-delivery problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    names = [c[0] for c in ctx.cities]
    n_rest = 10 * len(names)
    rest_names = [f"{ctx.pick(ADJ)} {ctx.pick(NOUN)}" for _ in range(n_rest)]
    coo, ops, analyst = ctx.person("Chief Operating Officer"), ctx.person("City Operations Lead"), ctx.person("Business Analyst")

    tables = [
        date_dimension(),
        Table(name="dim_city", kind="dimension", primary_key="city_id", size=FixedSize(rows=len(names)),
              description="Cities the app operates in.", columns=[
                  col("city_id", "id", "Unique city identifier.", seq()),
                  col("city_name", "category", "City name.", choice(names, cycle=True)),
                  col("state", "category", "State.", choice([c[1] for c in ctx.cities], cycle=True)),
                  col("city_tier", "category", "Tier 1 or Tier 2.", choice([c[2] for c in ctx.cities], cycle=True)),
              ]),
        Table(name="dim_restaurant", kind="dimension", primary_key="restaurant_id", size=FixedSize(rows=n_rest),
              description="Partner restaurants listed on the app.", columns=[
                  col("restaurant_id", "string", "Unique restaurant code.", seq("R", 4)),
                  col("restaurant_name", "string", "Restaurant name.", choice(rest_names, cycle=True)),
                  col("city_id", "id", "City of the restaurant, linked to dim_city.", fk(0.5)),
                  col("cuisine", "category", "Main cuisine.", choice(list(CUISINES), [0.18, 0.12, 0.12, 0.14, 0.09, 0.08, 0.07, 0.08, 0.05, 0.07])),
                  col("avg_cost_for_two", "integer", "Menu price level: average cost for two, INR.", dist("lognormal", 150, 2500, 0, mean=6.1, sigma=0.45), unit="INR"),
              ]),
        Table(name="dim_customer", kind="dimension", primary_key="customer_id", size=RatioSize(ratio=0.1, min_rows=50),
              description="Registered customers.", columns=[
                  col("customer_id", "string", "Unique customer code.", seq("CU", 7)),
                  col("customer_name", "string", "Customer name.", faker("name", 3000), nullable=ctx.difficulty != "beginner"),
                  col("city_id", "id", "Home city, linked to dim_city.", fk(0.5)),
                  col("signup_date", "date", "Date the customer signed up.", date(start=w.start.replace(year=w.start.year - 2), end=w.end, trend=0.25)),
                  col("is_gold_member", "boolean", "True for paid-membership customers (free delivery perks).", choice([True, False], [0.18, 0.82])),
              ]),
        Table(name="dim_delivery_partner", kind="dimension", primary_key="partner_id", size=RatioSize(ratio=0.01, min_rows=30),
              description="Delivery partners (riders).", columns=[
                  col("partner_id", "string", "Unique rider code.", seq("DP", 5)),
                  col("partner_name", "string", "Rider name.", faker("name", 2000)),
                  col("vehicle_type", "category", "Vehicle used.", choice(["Motorbike", "Scooter", "EV Scooter", "Bicycle"], [0.5, 0.25, 0.18, 0.07])),
                  col("joined_on", "date", "Date the rider joined.", date(start=w.start.replace(year=w.start.year - 2), end=w.start)),
              ]),
        Table(name="fact_orders", kind="fact", primary_key="order_id", size=MainSize(),
              description="One row per food order.", columns=[
                  col("order_id", "string", "Unique order code.", seq("OD", 9)),
                  col("order_date", "date", "Order date, linked to dim_date.",
                      date(month_weights=[0.95, 0.9, 0.95, 1.0, 1.05, 1.0, 1.1, 1.1, 1.0, 1.15, 1.2, 1.25],
                           weekday_weights=[0.85, 0.85, 0.9, 0.95, 1.1, 1.3, 1.35], trend=0.3)),
                  col("order_hour", "integer", "Hour of the day the order was placed (0-23).", choice(list(range(24)), HOURS)),
                  col("customer_id", "string", "Customer, linked to dim_customer.", fk(1.1)),
                  col("restaurant_id", "string", "Restaurant, linked to dim_restaurant.", fk(0.9)),
                  col("city_id", "id", "City of the order (the restaurant's city), linked to dim_city.", lookup("restaurant_id", "city_id")),
                  col("partner_id", "string", "Rider who delivered, linked to dim_delivery_partner.", fk(0.3)),
                  col("items", "integer", "Items in the order.", dist("poisson", 1, 10, 0, lam=2.2)),
                  col("subtotal", "decimal", "Food value before discounts and fees, INR.", dist("lognormal", 99, 4000, 2, mean=5.9, sigma=0.5), unit="INR"),
                  col("coupon_pct", "decimal", "Coupon discount applied, as a fraction.", choice([0.0, 0.1, 0.2, 0.3], [0.6, 0.2, 0.14, 0.06])),
                  col("discount_amount", "decimal", "subtotal x coupon_pct, INR.", expr("round(subtotal * coupon_pct, 2)"), unit="INR"),
                  col("delivery_fee", "decimal", f"Delivery fee, INR: free from INR {FREE_DELIVERY_FROM} of food, else 35.",
                      expr(f"CASE WHEN subtotal >= {FREE_DELIVERY_FROM} THEN 0.0 ELSE 35.0 END"), unit="INR"),
                  col("order_total", "decimal", "Amount the customer paid: subtotal - discount + delivery fee + 5 platform fee, INR.",
                      expr("round(subtotal - discount_amount + delivery_fee + 5, 2)"), unit="INR"),
                  col("distance_km", "decimal", "Road distance restaurant to customer, km.", dist("gamma", 0.3, 15, 1, shape=2.5, scale=1.3), unit="km"),
                  col("prep_minutes", "integer", "Minutes the restaurant took to prepare the food.", dist("normal", 5, 45, 0, mean=16, sd=5), unit="minutes"),
                  col("travel_minutes", "integer", "Minutes from pickup to doorstep.", dist("lognormal", 4, 70, 0, mean=2.7, sigma=0.35), unit="minutes"),
                  col("delivery_minutes", "integer", "Minutes from order to doorstep: prep + travel.", expr("prep_minutes + travel_minutes"), unit="minutes"),
                  col("order_status", "category", "Delivered or Cancelled.", choice(["Delivered", "Cancelled"], [0.94, 0.06])),
              ]),
        Table(name="fact_ratings", kind="fact", primary_key="rating_id", size=PerParentSize(parent="fact_orders", fraction=0.4),
              description="Ratings customers gave an order (food and delivery).", columns=[
                  col("rating_id", "string", "Unique rating code.", seq("RT", 9)),
                  col("order_id", "string", "Order rated, linked to fact_orders.", fk(unique=True)),
                  col("order_date", "date", "Date of the order (from fact_orders).", lookup("order_id", "order_date")),
                  col("rating_date", "date", "Date the rating was given.", date(after="order_date", lag_min=0, lag_max=3)),
                  col("delivery_minutes", "integer", "Delivery time of the order (from fact_orders).", lookup("order_id", "delivery_minutes")),
                  col("food_rating", "integer", "Stars for the food, 1-5.", choice([1, 2, 3, 4, 5], [0.04, 0.06, 0.18, 0.4, 0.32])),
                  col("delivery_rating", "integer", "Stars for the delivery, 1-5.", choice([1, 2, 3, 4, 5], [0.05, 0.07, 0.18, 0.38, 0.32])),
              ]),
    ]
    rels = [
        rel("dim_city", "city_id", "dim_restaurant", "city_id", min_children=1),
        rel("dim_city", "city_id", "dim_customer", "city_id"),
        rel("dim_date", "date", "fact_orders", "order_date"),
        rel("dim_customer", "customer_id", "fact_orders", "customer_id"),
        rel("dim_restaurant", "restaurant_id", "fact_orders", "restaurant_id"),
        rel("dim_delivery_partner", "partner_id", "fact_orders", "partner_id"),
        rel("dim_city", "city_id", "fact_orders", "city_id"),
        rel("fact_orders", "order_id", "fact_ratings", "order_id"),
    ]
    rules = [
        rule("order_total_formula", "order_total equals subtotal - discount_amount + delivery_fee + the INR 5 platform fee.",
             "SELECT * FROM fact_orders WHERE abs(order_total - round(subtotal - discount_amount + delivery_fee + 5, 2)) > 0.01",
             table="fact_orders"),
        rule("discount_formula", "discount_amount equals subtotal x coupon_pct and never exceeds 30% of the food.",
             "SELECT * FROM fact_orders WHERE abs(discount_amount - round(subtotal * coupon_pct, 2)) > 0.01 OR coupon_pct > 0.3",
             table="fact_orders"),
        rule("free_delivery_threshold", f"Delivery is free from INR {FREE_DELIVERY_FROM} of food and INR 35 below it.",
             f"SELECT * FROM fact_orders WHERE delivery_fee <> CASE WHEN subtotal >= {FREE_DELIVERY_FROM} THEN 0 ELSE 35 END",
             table="fact_orders"),
        rule("delivery_time_adds_up", "Delivery minutes are preparation plus travel minutes.",
             "SELECT * FROM fact_orders WHERE delivery_minutes <> prep_minutes + travel_minutes", table="fact_orders"),
        rule("order_in_restaurant_city", "An order is delivered in its restaurant's city.",
             "SELECT o.* FROM fact_orders o JOIN dim_restaurant r USING (restaurant_id) WHERE o.city_id <> r.city_id",
             table="fact_orders"),
        rule("rating_after_order", "A rating is given on or after the order date.",
             "SELECT r.* FROM fact_ratings r JOIN fact_orders o USING (order_id) WHERE r.rating_date < o.order_date",
             category="temporal", table="fact_ratings"),
        rule("rating_range", "Ratings are 1 to 5 stars.",
             "SELECT * FROM fact_ratings WHERE food_rating NOT BETWEEN 1 AND 5 OR delivery_rating NOT BETWEEN 1 AND 5",
             table="fact_ratings"),
    ]
    delivered = "order_status = 'Delivered'"
    questions = [
        question("q1", f"{ops.name} needs the growth curve. Generate a report per month of delivered orders and gross order value (sum of order_total, INR), in date order.",
                 ["month", "orders", "gross_order_value"],
                 f"SELECT strftime(order_date, '%Y-%m') AS month, count(*) AS orders, round(sum(order_total), 2) AS gross_order_value "
                 f"FROM fact_orders WHERE {delivered} GROUP BY 1 ORDER BY 1", ("line", "month", ["gross_order_value"]),
                 difficulty="beginner", skills=["aggregation", "date functions"]),
        question("q2", "Which restaurants matter most? Generate a report of the top 10 restaurants by delivered order value with their cuisine and city.",
                 ["restaurant_name", "cuisine", "city_name", "orders", "order_value"],
                 "SELECT r.restaurant_name, r.cuisine, c.city_name, count(*) AS orders, round(sum(o.order_total), 2) AS order_value "
                 f"FROM fact_orders o JOIN dim_restaurant r USING (restaurant_id) JOIN dim_city c ON c.city_id = r.city_id WHERE o.{delivered} "
                 "GROUP BY 1, 2, 3 ORDER BY order_value DESC, restaurant_name LIMIT 10", ("bar", "restaurant_name", ["order_value"]),
                 skills=["multi-table joins", "ranking"]),
        question("q3", "When do people order? Generate a report per hour of the day of orders and average order value (2 decimals).",
                 ["order_hour", "orders", "avg_order_value"],
                 "SELECT order_hour, count(*) AS orders, round(avg(order_total), 2) AS avg_order_value FROM fact_orders "
                 "GROUP BY 1 ORDER BY 1", ("column", "order_hour", ["orders"]), difficulty="beginner", skills=["aggregation"]),
        question("q4", f"{coo.name} asks which cities deliver slowly. Generate a report per city of delivered orders, average delivery minutes (2 decimals) and the share of orders that took more than 40 minutes (percent, 2 decimals), slowest first.",
                 ["city_name", "orders", "avg_delivery_minutes", "over_40_min_pct"],
                 "SELECT c.city_name, count(*) AS orders, round(avg(o.delivery_minutes), 2) AS avg_delivery_minutes, "
                 "round(100 * avg(CASE WHEN o.delivery_minutes > 40 THEN 1 ELSE 0 END), 2) AS over_40_min_pct "
                 "FROM fact_orders o JOIN dim_restaurant r USING (restaurant_id) JOIN dim_city c ON c.city_id = r.city_id "
                 f"WHERE o.{delivered} GROUP BY 1 ORDER BY avg_delivery_minutes DESC, city_name",
                 ("bar", "city_name", ["avg_delivery_minutes"]), skills=["multi-table joins", "conditional aggregation"]),
        question("q5", "Do late deliveries cost us ratings? Generate a report per delivery-time band (up to 30, 31-45, over 45 minutes) of ratings, average delivery rating and average food rating (2 decimals).",
                 ["delivery_band", "ratings", "avg_delivery_rating", "avg_food_rating"],
                 "SELECT CASE WHEN delivery_minutes <= 30 THEN '1: up to 30' WHEN delivery_minutes <= 45 THEN '2: 31-45' ELSE '3: over 45' END AS delivery_band, "
                 "count(*) AS ratings, round(avg(delivery_rating), 2) AS avg_delivery_rating, round(avg(food_rating), 2) AS avg_food_rating "
                 "FROM fact_ratings GROUP BY 1 ORDER BY 1", ("column", "delivery_band", ["avg_delivery_rating"]),
                 skills=["CASE bucketing", "aggregation"]),
        question("q6", "How loyal are customers? Generate a report per city of ordering customers, customers with 3 or more orders and the repeat rate (percent, 2 decimals).",
                 ["city_name", "customers", "repeat_customers", "repeat_rate_pct"],
                 "WITH c AS (SELECT o.customer_id, count(*) AS n FROM fact_orders o GROUP BY 1) "
                 "SELECT ci.city_name, count(*) AS customers, count(*) FILTER (WHERE c.n >= 3) AS repeat_customers, "
                 "round(100 * avg(CASE WHEN c.n >= 3 THEN 1 ELSE 0 END), 2) AS repeat_rate_pct FROM c "
                 "JOIN dim_customer cu USING (customer_id) JOIN dim_city ci ON ci.city_id = cu.city_id GROUP BY 1 ORDER BY repeat_rate_pct DESC, city_name",
                 ("bar", "city_name", ["repeat_rate_pct"]), difficulty="advanced", skills=["CTEs", "customer segmentation"]),
        question("q7", "Are weekend dinners our best slot? Using the date dimension, generate a report per day type (weekday/weekend) and meal slot (lunch 11-15h, dinner 19-22h, other) of orders and average order value (2 decimals).",
                 ["day_type", "meal_slot", "orders", "avg_order_value"],
                 "SELECT CASE WHEN d.is_weekend THEN 'Weekend' ELSE 'Weekday' END AS day_type, "
                 "CASE WHEN o.order_hour BETWEEN 11 AND 15 THEN 'Lunch' WHEN o.order_hour BETWEEN 19 AND 22 THEN 'Dinner' ELSE 'Other' END AS meal_slot, "
                 "count(*) AS orders, round(avg(o.order_total), 2) AS avg_order_value FROM fact_orders o JOIN dim_date d ON d.date = o.order_date "
                 "GROUP BY 1, 2 ORDER BY 1, 2", ("column", "meal_slot", ["avg_order_value"]), difficulty="advanced",
                 skills=["joins", "date dimension", "CASE bucketing"]),
    ]
    insights = [
        scale("weekend_dinner_baskets", "Weekend dinners bring bigger baskets", "Saturday and Sunday dinner orders are about 40% larger.",
              "fact_orders", "subtotal", WEEKEND_DINNER, 1.4,
              f"SELECT avg(subtotal) FILTER (WHERE {WEEKEND_DINNER}) > 1.2 * avg(subtotal) FILTER (WHERE NOT ({WEEKEND_DINNER})) FROM fact_orders",
              ["q7"]),
        scale("metro_traffic", f"{names[0]} traffic slows riders", f"Rides in {names[0]} take about 35% longer from pickup to door.",
              "fact_orders", "travel_minutes", "city_id = 1", 1.35,
              "SELECT avg(travel_minutes) FILTER (WHERE city_id = 1) > 1.2 * avg(travel_minutes) FILTER (WHERE city_id <> 1) FROM fact_orders",
              ["q4"]),
        shift("late_one_star", "Late deliveries get one star", "Orders that took over 45 minutes get a 1-star delivery rating 40% of the time.",
              "fact_ratings", "delivery_rating", "delivery_minutes > 45", 1, 0.4,
              "SELECT avg(delivery_rating) FILTER (WHERE delivery_minutes > 45) < avg(delivery_rating) FILTER (WHERE delivery_minutes <= 45) - 0.5 FROM fact_ratings",
              ["q5"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("casing", "dim_restaurant", "cuisine", 0.03), fault("nulls", "dim_customer", "customer_name", 0.01)],
        "advanced": [fault("casing", "dim_restaurant", "cuisine", 0.05), fault("nulls", "dim_customer", "customer_name", 0.02),
                     fault("spelling", "dim_city", "city_name", 0.2), fault("duplicates", "fact_orders", "", 0.004),
                     fault("outliers", "fact_orders", "distance_km", 0.002)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_orders", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} delivers food from {n_rest} partner restaurants in {len(names)} cities, led by {names[0]}. "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} customers placed {{total_orders}} orders worth INR {{gov_mln}} million, "
        f"yet the average delivery took {{avg_delivery}} minutes and delivery ratings are slipping. {coo.name} ({coo.role}) "
        "must decide where to add riders and which restaurants and time slots to promote."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Food delivery", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=coo.name, role=coo.role, part="stakeholder",
                      voice="Growth is easy to buy with coupons. I want to know which orders are worth having."),
            Character(name=ops.name, role=ops.role, part="manager",
                      voice="Give me cities, hours and restaurants in one deck. Keep it simple, I present on Thursday."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: answer the requests and recommend where to act."),
        ],
        kpis=[
            kpi("Gross Order Value", "What customers paid for delivered orders.", "SUM(order_total) WHERE delivered"),
            kpi("Average Order Value", "Mean amount per order.", "SUM(order_total) / COUNT(order_id)"),
            kpi("Average Delivery Time", "Minutes from order to doorstep.", "AVG(delivery_minutes)"),
            kpi("Cancellation Rate", "Share of orders cancelled.", "COUNT(status = 'Cancelled') / COUNT(order_id) x 100"),
            kpi("Repeat Rate", "Share of customers with 3 or more orders.", "COUNT(customers with >= 3 orders) / COUNT(customers) x 100"),
            kpi("Average Delivery Rating", "Mean stars for delivery.", "AVG(delivery_rating)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="total_orders", description="Number of orders", sql="SELECT count(*) FROM fact_orders", decimals=0),
            StoryNumber(id="gov_mln", description="Gross order value of delivered orders, millions of INR",
                        sql=f"SELECT round(sum(order_total) / 1e6, 2) FROM fact_orders WHERE {delivered}", decimals=2),
            StoryNumber(id="avg_delivery", description="Average delivery minutes",
                        sql="SELECT round(avg(delivery_minutes), 1) FROM fact_orders", decimals=1),
        ],
    )
    if "refunds" in ctx.extras:
        _add_refunds(problem, schema)
    return problem, schema


def _add_refunds(problem: Problem, schema: Schema) -> None:
    """Feedback extra: refunds for complaints (missing items, spilled food, late delivery)."""
    schema.tables.append(Table(
        name="fact_refunds", kind="fact", primary_key="refund_id", size=PerParentSize(parent="fact_orders", fraction=0.03),
        description="Refunds granted after a complaint.", columns=[
            col("refund_id", "string", "Unique refund code.", seq("RF", 8)),
            col("order_id", "string", "Order refunded, linked to fact_orders.", fk(unique=True)),
            col("order_total", "decimal", "What the customer paid (from fact_orders), INR.", lookup("order_id", "order_total"), unit="INR"),
            col("reason", "category", "Complaint reason.", choice(["Missing item", "Spilled food", "Late delivery", "Wrong order", "Quality"], [0.3, 0.15, 0.25, 0.15, 0.15])),
            col("refund_share", "decimal", "Share of the order refunded.", choice([0.25, 0.5, 1.0], [0.4, 0.35, 0.25])),
            col("refund_amount", "decimal", "Amount refunded, INR.", expr("round(order_total * refund_share, 2)"), unit="INR"),
        ]))
    schema.relationships.append(rel("fact_orders", "order_id", "fact_refunds", "order_id"))
    schema.rules.append(rule("refund_not_above_paid", "A refund never exceeds what the customer paid.",
                             "SELECT * FROM fact_refunds WHERE refund_amount > order_total + 0.01", table="fact_refunds"))
    problem.questions[2] = question(
        "q3", "What do complaints cost? Generate a report per refund reason of refunds, amount refunded (INR) and average refund share (percent, 2 decimals).",
        ["reason", "refunds", "refund_amount", "avg_refund_share_pct"],
        "SELECT reason, count(*) AS refunds, round(sum(refund_amount), 2) AS refund_amount, round(100 * avg(refund_share), 2) AS avg_refund_share_pct "
        "FROM fact_refunds GROUP BY 1 ORDER BY refund_amount DESC", ("bar", "reason", ["refund_amount"]),
        difficulty="beginner", skills=["aggregation"])


DOMAIN = DomainTemplate(
    key="food_delivery",
    title="Food delivery",
    industry="Food delivery",
    keywords=("food delivery", "food", "restaurant", "restaurants", "swiggy", "zomato", "cloud kitchen", "meal delivery",
              "takeaway", "tiffin", "delivery partner", "riders", "dining"),
    summary=("Food-delivery apps connect customers, restaurants and delivery partners. Order value, coupons, delivery "
             "fees, delivery time and ratings decide unit economics; demand peaks at lunch, dinner and weekends."),
    research_kpis=("Gross order value", "Average order value", "Average delivery time", "Cancellation rate",
                   "Repeat rate", "Delivery rating"),
    build=build,
    extras={"refunds": "a refunds table (fact_refunds) with complaint reasons and refunded amounts"},
)
