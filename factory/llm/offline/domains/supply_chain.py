"""Inbound supply chain of an appliance maker: suppliers, warehouses, materials, purchase orders and stock snapshots."""

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
    RatioSize,
    Schema,
    StoryNumber,
    Table,
)

# category -> (supplier name stems, supplier name suffix, quoted lead time range in days)
CATEGORIES: dict[str, tuple[tuple[str, ...], str, tuple[int, int]]] = {
    "Metals": (("Shree Ganesh", "Vardhman", "Bharat", "Jindal Vale", "Kalyani"), "Steels", (7, 12)),
    "Plastics & Polymers": (("Supreme", "Nilkamal Chem", "Sunrise", "Deccan", "Kaveri"), "Polymers", (5, 10)),
    "Electrical Components": (("Precision", "Unity", "Voltex", "Sigma", "Everbright"), "Electricals", (10, 18)),
    "Electronics": (("Silicon Coast", "Microtek", "Circuit House", "Nova", "Orion"), "Electronics", (21, 35)),
    "Packaging": (("Om Sai", "Greenwrap", "Mahalaxmi", "Pack Plus", "Shubh"), "Packaging", (3, 6)),
    "Fasteners & Hardware": (("Sterling", "Apex", "Ludhiana Bolt", "Rajdeep", "Tork"), "Fasteners", (4, 8)),
}
# (material, category, unit of measure, standard cost INR per unit, order pack = minimum order quantity, daily demand)
MATERIALS: tuple[tuple[str, str, str, float, int, int], ...] = (
    ("CRCA Steel Sheet 0.8mm", "Metals", "kg", 68, 500, 900), ("Copper Winding Wire 0.5mm", "Metals", "kg", 820, 100, 140),
    ("Aluminium Ingot", "Metals", "kg", 235, 250, 300), ("Stainless Steel Rod 12mm", "Metals", "kg", 190, 200, 160),
    ("ABS Granules", "Plastics & Polymers", "kg", 145, 500, 700), ("Polypropylene Granules", "Plastics & Polymers", "kg", 110, 500, 800),
    ("PVC Compound", "Plastics & Polymers", "kg", 95, 400, 500), ("Polycarbonate Sheet", "Plastics & Polymers", "piece", 420, 100, 60),
    ("BLDC Motor 28W", "Electrical Components", "piece", 780, 200, 180), ("Induction Motor 50W", "Electrical Components", "piece", 640, 200, 150),
    ("Capacitor 2.5uF", "Electrical Components", "piece", 18, 2000, 1500), ("Power Cord 1.5m", "Electrical Components", "piece", 55, 1000, 900),
    ("Rocker Switch", "Electrical Components", "piece", 9, 5000, 2500), ("Thermal Fuse", "Electrical Components", "piece", 12, 3000, 1200),
    ("Control PCB Assembly", "Electronics", "piece", 310, 300, 220), ("Microcontroller IC", "Electronics", "piece", 95, 1000, 500),
    ("LED Driver Module", "Electronics", "piece", 140, 500, 300), ("Remote Control Unit", "Electronics", "piece", 120, 500, 250),
    ("Temperature Sensor", "Electronics", "piece", 45, 1000, 400), ("Corrugated Carton 5-ply", "Packaging", "piece", 38, 2000, 1600),
    ("EPS Foam Insert", "Packaging", "piece", 22, 2000, 1600), ("Poly Bag", "Packaging", "piece", 2.5, 10000, 3000),
    ("Stretch Wrap Roll", "Packaging", "roll", 480, 50, 20), ("Printed User Manual", "Packaging", "piece", 6, 5000, 1600),
    ("Machine Screw M4 (box of 1000)", "Fasteners & Hardware", "box", 260, 50, 25), ("Rubber Grommet", "Fasteners & Hardware", "piece", 3, 10000, 4000),
    ("Fan Blade Set", "Fasteners & Hardware", "set", 160, 500, 300), ("Mounting Bracket", "Fasteners & Hardware", "piece", 35, 1000, 500),
)
REGIONS = {"Delhi": "North", "Punjab": "North", "Chandigarh": "North", "Uttarakhand": "North", "Uttar Pradesh": "North",
           "Rajasthan": "North", "Maharashtra": "West", "Gujarat": "West", "Madhya Pradesh": "Central",
           "Chhattisgarh": "Central", "Karnataka": "South", "Tamil Nadu": "South", "Kerala": "South", "Telangana": "South",
           "Andhra Pradesh": "South", "West Bengal": "East", "Odisha": "East", "Bihar": "East", "Jharkhand": "East",
           "Assam": "East"}
FIRST = ("Havells", "Breeze", "Surya", "Ujala", "Kiran", "Pavan", "Shakti", "Prakash", "Sagar", "Tejas")
SECOND = ("Appliances", "Home Appliances", "Electricals", "Consumer Durables", "Industries")


def _suppliers(ctx: DomainContext) -> list[tuple[str, str, int, tuple[str, str, str]]]:
    """Three suppliers per category: (name, category, quoted lead time, (city, state, tier))."""
    out = []
    for cat, (stems, suffix, (lo, hi)) in CATEGORIES.items():
        for stem in ctx.rng.sample(stems, k=3):
            out.append((f"{stem} {suffix}", cat, ctx.rng.randint(lo, hi), ctx.rng.choice(ctx.cities)))
    return out


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The supply-chain problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    sups = _suppliers(ctx)
    sup_ids = [f"SUP{i + 1:03d}" for i in range(len(sups))]
    # each material has one approved supplier of its category; the supplier's quoted lead time applies
    mat_sup, seen = [], dict.fromkeys(CATEGORIES, 0)
    for m in MATERIALS:  # round robin inside the category, so every supplier supplies something
        own = [i for i, s in enumerate(sups) if s[1] == m[1]]
        mat_sup.append(own[seen[m[1]] % len(own)])
        seen[m[1]] += 1
    lead = [sups[i][2] for i in mat_sup]
    whs = ctx.cities[: min(6, len(ctx.cities))]
    wh_types = ["Plant Store" if i < 2 else "Regional Warehouse" for i in range(len(whs))]
    slow = sup_ids[ctx.rng.choice([i for i, s in enumerate(sups) if s[1] not in ("Electronics",)])]
    slow_name = sups[sup_ids.index(slow)][0]
    heavy = f"WH{ctx.rng.randint(1, len(whs)):02d}"
    head, mgr, analyst = ctx.person("Chief Supply Chain Officer"), ctx.person("Procurement Manager"), ctx.person("Supply Chain Analyst")
    monsoon = "month(order_date) IN (7, 8, 9)"
    elec = "category = 'Electronics'"

    tables = [
        date_dimension(),
        Table(name="dim_supplier", kind="dimension", primary_key="supplier_id", size=FixedSize(rows=len(sups)),
              description="Approved suppliers of materials and components.", columns=[
                  col("supplier_id", "string", "Unique supplier code.", seq("SUP", 3)),
                  col("supplier_name", "string", "Supplier's trading name.", choice([s[0] for s in sups], cycle=True)),
                  col("supplier_category", "category", "What the supplier sells.", choice([s[1] for s in sups], cycle=True)),
                  col("supplier_city", "category", "City the supplier ships from.", choice([s[3][0] for s in sups], cycle=True)),
                  col("supplier_state", "category", "State the supplier ships from.", choice([s[3][1] for s in sups], cycle=True)),
                  col("quoted_lead_time_days", "integer", "Lead time the supplier commits to, order to delivery.", choice([s[2] for s in sups], cycle=True), unit="days"),
                  col("payment_terms_days", "integer", "Days of credit the supplier gives.", choice([30, 45, 60, 90], [0.35, 0.3, 0.25, 0.1])),
              ]),
        Table(name="dim_warehouse", kind="dimension", primary_key="warehouse_id", size=FixedSize(rows=len(whs)),
              description="Plant stores and regional warehouses that receive materials.", columns=[
                  col("warehouse_id", "string", "Unique warehouse code.", seq("WH", 2)),
                  col("warehouse_name", "string", "Warehouse name.", choice([f"{c[0]} {t}" for c, t in zip(whs, wh_types, strict=True)], cycle=True)),
                  col("warehouse_type", "category", "Plant Store or Regional Warehouse.", choice(wh_types, cycle=True)),
                  col("city", "category", "City of the warehouse.", choice([c[0] for c in whs], cycle=True)),
                  col("region", "category", "Region of India.", choice([REGIONS.get(c[1], "Central") for c in whs], cycle=True)),
                  col("capacity_pallets", "integer", "Storage capacity in pallet positions.", dist("normal", 800, 6000, 0, mean=2500, sd=900)),
              ]),
        Table(name="dim_product", kind="dimension", primary_key="product_id", size=FixedSize(rows=len(MATERIALS)),
              description="Materials and components bought, with their approved supplier and planning parameters.", columns=[
                  col("product_id", "string", "Unique material code (SKU).", seq("MAT", 4)),
                  col("product_name", "string", "Material description.", choice([m[0] for m in MATERIALS], cycle=True)),
                  col("category", "category", "Material category.", choice([m[1] for m in MATERIALS], cycle=True)),
                  col("unit_of_measure", "category", "Unit the material is counted in.", choice([m[2] for m in MATERIALS], cycle=True)),
                  col("standard_cost", "decimal", "Standard purchase cost per unit in INR.", choice([float(m[3]) for m in MATERIALS], cycle=True), unit="INR"),
                  col("order_pack_qty", "integer", "Minimum order quantity; orders are whole multiples of it.", choice([m[4] for m in MATERIALS], cycle=True)),
                  col("avg_daily_demand", "integer", "Average daily consumption per warehouse, in units.", choice([m[5] for m in MATERIALS], cycle=True)),
                  col("supplier_id", "string", "Approved supplier of the material (a dim_supplier code).", choice([sup_ids[i] for i in mat_sup], cycle=True)),
                  col("lead_time_days", "integer", "Quoted lead time of the approved supplier.", choice(lead, cycle=True), unit="days"),
                  col("reorder_point", "integer", "Stock level that triggers a new order: demand x (lead time + 5 safety days).",
                      expr("avg_daily_demand * (lead_time_days + 5)")),
              ]),
        Table(name="fact_purchase_orders", kind="fact", primary_key="po_line_id", size=MainSize(),
              description="One row per purchase-order line, from order to receipt.", columns=[
                  col("po_line_id", "string", "Unique purchase-order line.", seq("PO", 8)),
                  col("order_date", "date", "Date the order was placed, linked to dim_date.",
                      date(month_weights=[1.0, 1.0, 1.2, 0.9, 0.95, 1.0, 1.05, 1.15, 1.25, 1.2, 0.9, 0.85],
                           weekday_weights=[1.2, 1.15, 1.1, 1.1, 1.05, 0.6, 0.05], trend=0.1)),
                  col("warehouse_id", "string", "Receiving warehouse, linked to dim_warehouse.", fk(0.5)),
                  col("product_id", "string", "Material ordered, linked to dim_product.", fk(0.6)),
                  col("supplier_id", "string", "Supplier (the material's approved supplier), linked to dim_supplier.", lookup("product_id", "supplier_id")),
                  col("category", "category", "Material category.", lookup("product_id", "category")),
                  col("unit_cost", "decimal", "Price per unit in INR (the standard cost).", lookup("product_id", "standard_cost"), unit="INR"),
                  col("lead_time_days", "integer", "Quoted lead time in days.", lookup("product_id", "lead_time_days"), unit="days"),
                  col("order_pack_qty", "integer", "Minimum order quantity of the material.", lookup("product_id", "order_pack_qty")),
                  col("packs_ordered", "integer", "Number of order packs.", dist("poisson", 1, 30, 0, lam=4)),
                  col("quantity_ordered", "integer", "Units ordered: order_pack_qty x packs_ordered.", expr("order_pack_qty * packs_ordered")),
                  col("order_value", "decimal", "Order value in INR: quantity_ordered x unit_cost.", expr("round(quantity_ordered * unit_cost, 2)"), unit="INR"),
                  col("slippage_days", "integer", "Days the supplier dispatched later (+) or earlier (-) than planned.",
                      choice([-3, -2, -1, 0, 1, 2, 3, 5, 8], [0.06, 0.12, 0.22, 0.32, 0.12, 0.07, 0.05, 0.03, 0.01]), unit="days"),
                  col("dispatch_days", "integer", "Days from order to dispatch: max(1, lead time - 4 + slippage).",
                      expr("greatest(1, lead_time_days - 4 + slippage_days)"), unit="days"),
                  col("ship_date", "date", "Date the supplier dispatched the goods.", expr("order_date + CAST(dispatch_days AS INTEGER)")),
                  col("transit_days", "integer", "Days in transit.", dist("poisson", 1, 15, 0, lam=2.2), unit="days", nullable=True),
                  col("received_date", "date", "Date the goods were received at the warehouse.", expr("ship_date + CAST(transit_days AS INTEGER)")),
                  col("promised_date", "date", "Delivery date promised: order date + quoted lead time.", expr("order_date + CAST(lead_time_days AS INTEGER)")),
                  col("delay_days", "integer", "Days received after the promised date (negative = early).", expr("date_diff('day', promised_date, received_date)"), unit="days"),
                  col("on_time", "boolean", "True when received on or before the promised date.", expr("received_date <= promised_date")),
                  col("fill_rate", "decimal", "Share of the ordered quantity delivered.", choice([1.0, 0.98, 0.95, 0.9, 0.75], [0.82, 0.07, 0.05, 0.04, 0.02])),
                  col("quantity_received", "integer", "Units received: floor(quantity_ordered x fill_rate).", expr("CAST(floor(quantity_ordered * fill_rate) AS INTEGER)")),
                  col("in_full", "boolean", "True when the full ordered quantity arrived.", expr("quantity_received >= quantity_ordered")),
                  col("otif", "boolean", "On time and in full.", expr("on_time AND in_full")),
              ]),
        Table(name="fact_inventory_snapshots", kind="fact", primary_key="snapshot_id", size=RatioSize(ratio=0.5, min_rows=60),
              description="Stock of a material in a warehouse, captured at cycle counts.", columns=[
                  col("snapshot_id", "string", "Unique snapshot code.", seq("INV", 8)),
                  col("snapshot_date", "date", "Date of the count, linked to dim_date.", date(weekday_weights=[1.2, 1.1, 1.1, 1.1, 1.1, 0.8, 0.0])),
                  col("warehouse_id", "string", "Warehouse counted, linked to dim_warehouse.", fk(0.3)),
                  col("product_id", "string", "Material counted, linked to dim_product.", fk(0.3)),
                  col("unit_cost", "decimal", "Standard cost per unit in INR.", lookup("product_id", "standard_cost"), unit="INR"),
                  col("avg_daily_demand", "integer", "Average daily consumption of the material.", lookup("product_id", "avg_daily_demand")),
                  col("reorder_point", "integer", "Reorder point of the material.", lookup("product_id", "reorder_point")),
                  col("days_of_cover", "decimal", "Days of consumption the stock covers.", dist("gamma", 0, 180, 1, shape=2.5, scale=13), unit="days"),
                  col("on_hand_qty", "integer", "Units on hand: avg_daily_demand x days_of_cover, rounded.", expr("CAST(round(avg_daily_demand * days_of_cover) AS INTEGER)")),
                  col("stock_value", "decimal", "Value on hand in INR: on_hand_qty x unit_cost.", expr("round(on_hand_qty * unit_cost, 2)"), unit="INR"),
                  col("below_reorder_point", "boolean", "True when on-hand stock is below the reorder point.", expr("on_hand_qty < reorder_point")),
              ]),
    ]
    rels = [
        rel("dim_date", "date", "fact_purchase_orders", "order_date"),
        rel("dim_warehouse", "warehouse_id", "fact_purchase_orders", "warehouse_id"),
        rel("dim_product", "product_id", "fact_purchase_orders", "product_id"),
        rel("dim_supplier", "supplier_id", "fact_purchase_orders", "supplier_id"),
        rel("dim_date", "date", "fact_inventory_snapshots", "snapshot_date"),
        rel("dim_warehouse", "warehouse_id", "fact_inventory_snapshots", "warehouse_id"),
        rel("dim_product", "product_id", "fact_inventory_snapshots", "product_id"),
    ]
    rules = [
        rule("order_value_formula", "order_value = quantity_ordered x unit_cost, and unit_cost is the material's standard cost.",
             "SELECT o.* FROM fact_purchase_orders o JOIN dim_product p USING (product_id) WHERE o.unit_cost <> p.standard_cost "
             "OR abs(o.order_value - round(o.quantity_ordered * o.unit_cost, 2)) > 0.005", table="fact_purchase_orders"),
        rule("approved_supplier", "Every order goes to the material's approved supplier.",
             "SELECT o.* FROM fact_purchase_orders o JOIN dim_product p USING (product_id) WHERE o.supplier_id <> p.supplier_id",
             table="fact_purchase_orders"),
        rule("order_in_packs", "Quantities are whole multiples of the order pack and never more is received than ordered.",
             "SELECT * FROM fact_purchase_orders WHERE quantity_ordered % order_pack_qty <> 0 OR quantity_received > quantity_ordered",
             table="fact_purchase_orders"),
        rule("otif_flags", "on_time, in_full and otif agree with the dates and quantities.",
             "SELECT * FROM fact_purchase_orders WHERE on_time <> (received_date <= promised_date) "
             "OR in_full <> (quantity_received >= quantity_ordered) OR otif <> (on_time AND in_full)", table="fact_purchase_orders"),
        rule("po_event_order", "Order <= ship < receipt, and the promise is the order date plus the quoted lead time.",
             "SELECT * FROM fact_purchase_orders WHERE ship_date < order_date OR received_date <= ship_date "
             "OR promised_date <> order_date + CAST(lead_time_days AS INTEGER)", category="temporal", table="fact_purchase_orders"),
        rule("stock_value_formula", "stock_value = on_hand_qty x unit_cost and the reorder flag matches the reorder point.",
             "SELECT * FROM fact_inventory_snapshots WHERE abs(stock_value - round(on_hand_qty * unit_cost, 2)) > 0.005 "
             "OR below_reorder_point <> (on_hand_qty < reorder_point) OR on_hand_qty < 0", table="fact_inventory_snapshots"),
    ]
    b = "CASE WHEN {} THEN 1 ELSE 0 END"
    questions = [
        question("q1", f"{mgr.name} needs the monthly buy. Generate a report per order month of purchase-order lines and total order value, in date order.",
                 ["month", "po_lines", "order_value"],
                 "SELECT strftime(order_date, '%Y-%m') AS month, count(*) AS po_lines, round(sum(order_value), 2) AS order_value "
                 "FROM fact_purchase_orders GROUP BY 1 ORDER BY 1", ("column", "month", ["order_value"]), difficulty="beginner",
                 skills=["aggregation", "date functions"]),
        question("q2", f"{head.name} wants a supplier scorecard. Generate a report per supplier of PO lines, on-time rate, in-full rate and OTIF rate (percent, 2 decimals), worst OTIF first.",
                 ["supplier_name", "supplier_category", "po_lines", "on_time_pct", "in_full_pct", "otif_pct"],
                 f"SELECT s.supplier_name, s.supplier_category, count(*) AS po_lines, round(100 * avg({b.format('o.on_time')}), 2) AS on_time_pct, "
                 f"round(100 * avg({b.format('o.in_full')}), 2) AS in_full_pct, round(100 * avg({b.format('o.otif')}), 2) AS otif_pct "
                 "FROM fact_purchase_orders o JOIN dim_supplier s USING (supplier_id) GROUP BY s.supplier_id, 1, 2 ORDER BY otif_pct, supplier_name",
                 ("bar", "supplier_name", ["otif_pct"]), skills=["joins", "conditional aggregation"]),
        question("q3", "Do the rains hurt inbound logistics? Generate a report per calendar month (across years) of average transit days and the share of lines received late (percent, 2 decimals), in calendar order.",
                 ["month_num", "month_name", "avg_transit_days", "late_pct"],
                 f"SELECT d.month_num, d.month_name, round(avg(o.transit_days), 2) AS avg_transit_days, round(100 * avg({b.format('NOT o.on_time')}), 2) AS late_pct "
                 "FROM fact_purchase_orders o JOIN dim_date d ON d.date = o.order_date GROUP BY 1, 2 ORDER BY 1",
                 ("line", "month_name", ["avg_transit_days"]), difficulty="beginner", skills=["joins", "date dimension"]),
        question("q4", "Where do short deliveries hit us? Generate a report per material category of ordered units, received units, unit fill rate (received / ordered, percent, 2 decimals) and the share of lines delivered in full (percent, 2 decimals), lowest in-full share first.",
                 ["category", "units_ordered", "units_received", "fill_rate_pct", "in_full_pct"],
                 f"SELECT category, sum(quantity_ordered) AS units_ordered, sum(quantity_received) AS units_received, "
                 f"round(100 * sum(quantity_received) / sum(quantity_ordered), 2) AS fill_rate_pct, round(100 * avg({b.format('in_full')}), 2) AS in_full_pct "
                 "FROM fact_purchase_orders GROUP BY 1 ORDER BY in_full_pct, 1", ("bar", "category", ["in_full_pct"]),
                 skills=["aggregation", "ratios"]),
        question("q5", "Finance says too much cash sits in stock. Generate a report per warehouse of cycle-count snapshots, average days of cover, average stock value per snapshot and the share of snapshots below the reorder point (percent, 2 decimals), highest days of cover first.",
                 ["warehouse_name", "snapshots", "avg_days_of_cover", "avg_stock_value", "below_reorder_pct"],
                 f"SELECT w.warehouse_name, count(*) AS snapshots, round(avg(i.days_of_cover), 1) AS avg_days_of_cover, round(avg(i.stock_value), 2) AS avg_stock_value, "
                 f"round(100 * avg({b.format('i.below_reorder_point')}), 2) AS below_reorder_pct FROM fact_inventory_snapshots i "
                 "JOIN dim_warehouse w USING (warehouse_id) GROUP BY w.warehouse_id, 1 ORDER BY avg_days_of_cover DESC",
                 ("bar", "warehouse_name", ["avg_days_of_cover"]), skills=["joins", "inventory metrics"]),
        question("q6", "Which suppliers slip most against their promise within their category? Generate a report of every supplier's average delay against the promised date (days, 2 decimals) and its rank inside its category (1 = most delayed).",
                 ["supplier_category", "supplier_name", "avg_delay_days", "rank_in_category"],
                 "WITH d AS (SELECT s.supplier_id, s.supplier_category, s.supplier_name, avg(o.delay_days) AS delay FROM fact_purchase_orders o "
                 "JOIN dim_supplier s USING (supplier_id) GROUP BY 1, 2, 3) SELECT supplier_category, supplier_name, round(delay, 2) AS avg_delay_days, "
                 "rank() OVER (PARTITION BY supplier_category ORDER BY delay DESC) AS rank_in_category FROM d ORDER BY supplier_category, rank_in_category, supplier_name",
                 ("bar", "supplier_name", ["avg_delay_days"]), difficulty="advanced", skills=["CTEs", "window functions", "ranking"]),
        question("q7", "Run an ABC analysis of spend: rank materials by total order value, and classify them A (up to 80% of cumulative spend), B (up to 95%) or C (the rest). Generate a report with each material's spend, cumulative share (percent, 2 decimals) and class.",
                 ["product_name", "category", "spend", "cumulative_share_pct", "abc_class"],
                 "WITH s AS (SELECT p.product_name, p.category, sum(o.order_value) AS spend FROM fact_purchase_orders o JOIN dim_product p USING (product_id) "
                 "GROUP BY p.product_id, 1, 2), c AS (SELECT *, 100 * sum(spend) OVER (ORDER BY spend DESC, product_name ROWS UNBOUNDED PRECEDING) / sum(spend) OVER () AS cum FROM s) "
                 "SELECT product_name, category, round(spend, 2) AS spend, round(cum, 2) AS cumulative_share_pct, "
                 "CASE WHEN cum <= 80 THEN 'A' WHEN cum <= 95 THEN 'B' ELSE 'C' END AS abc_class FROM c ORDER BY spend DESC, product_name",
                 ("bar", "product_name", ["spend"]), difficulty="advanced", skills=["CTEs", "running totals", "segmentation"]),
    ]
    slow_where = f"supplier_id = '{slow}'"
    insights = [
        scale("monsoon_transit", "Monsoon slows trucks", "Orders placed in July-September spend about 80% longer in transit.",
              "fact_purchase_orders", "transit_days", monsoon, 1.8,
              f"SELECT avg(transit_days) FILTER (WHERE {monsoon}) > 1.4 * avg(transit_days) FILTER (WHERE NOT {monsoon}) FROM fact_purchase_orders",
              ["q3"]),
        shift("chip_shortage", "Electronics arrive short", "Only about half of electronics lines arrive in full, against four in five elsewhere.",
              "fact_purchase_orders", "fill_rate", elec, 0.75, 0.4,
              f"SELECT avg({b.format('in_full')}) FILTER (WHERE {elec}) < 0.8 * avg({b.format('in_full')}) FILTER (WHERE NOT {elec}) FROM fact_purchase_orders",
              ["q4"]),
        shift("slow_supplier", "One supplier keeps slipping", f"{slow_name} ({slow}) dispatches 8 days late on about half of its lines.",
              "fact_purchase_orders", "slippage_days", slow_where, 8, 0.5,
              f"SELECT avg(delay_days) FILTER (WHERE {slow_where}) > avg(delay_days) FILTER (WHERE NOT {slow_where}) + 2 FROM fact_purchase_orders",
              ["q2", "q6"]),
        scale("overstocked_warehouse", "One warehouse hoards stock", f"Warehouse {heavy} holds about twice the days of cover of the others.",
              "fact_inventory_snapshots", "days_of_cover", f"warehouse_id = '{heavy}'", 2.0,
              f"SELECT avg(days_of_cover) FILTER (WHERE warehouse_id = '{heavy}') > 1.5 * avg(days_of_cover) FILTER (WHERE warehouse_id <> '{heavy}') FROM fact_inventory_snapshots",
              ["q5"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("casing", "dim_supplier", "supplier_city", 0.1), fault("nulls", "fact_purchase_orders", "transit_days", 0.01)],
        "advanced": [fault("casing", "dim_supplier", "supplier_city", 0.12), fault("nulls", "fact_purchase_orders", "transit_days", 0.02),
                     fault("spelling", "dim_product", "category", 0.08), fault("duplicates", "fact_purchase_orders", "", 0.005),
                     fault("outliers", "fact_inventory_snapshots", "days_of_cover", 0.003)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_purchase_orders", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} assembles fans, mixers and small appliances from materials bought from {len(sups)} suppliers and stocked in "
        f"{len(whs)} plant stores and warehouses ({', '.join(c[0] for c in whs[:3])} and more). Between {w.start:%B %Y} and "
        f"{w.end:%B %Y} it placed {{po_lines}} purchase-order lines worth INR {{spend}}, but only {{otif_pct}}% arrived on time "
        f"and in full, so lines stopped for parts while cash sat in the wrong stock. {head.name} ({head.role}) wants to know "
        "which suppliers, materials and warehouses to fix first."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Manufacturing supply chain", city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=head.name, role=head.role, part="stakeholder",
                      voice="A line that waits for a ten-rupee part loses lakhs. Show me who lets us down and where our cash is stuck."),
            Character(name=mgr.name, role=mgr.role, part="manager",
                      voice="I meet the suppliers next week. I need OTIF per supplier and a clear view of delays, by month and category."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: join orders to suppliers, materials and warehouses, and find the bottlenecks."),
        ],
        kpis=[
            kpi("OTIF", "Share of PO lines delivered on time and in full.", "AVG(otif) x 100"),
            kpi("On-time Rate", "Share of PO lines received by the promised date.", "AVG(on_time) x 100"),
            kpi("Fill Rate", "Units received as a share of units ordered.", "SUM(quantity_received) / SUM(quantity_ordered) x 100"),
            kpi("Average Delay", "Mean days received after the promise.", "AVG(delay_days)"),
            kpi("Days of Cover", "Days of demand the stock on hand covers.", "AVG(on_hand_qty / avg_daily_demand)"),
            kpi("Spend", "Value of purchase orders placed.", "SUM(order_value)"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="po_lines", description="Purchase-order lines", sql="SELECT count(*) FROM fact_purchase_orders", decimals=0),
            StoryNumber(id="spend", description="Total order value in INR", sql="SELECT round(sum(order_value), 0) FROM fact_purchase_orders", decimals=0),
            StoryNumber(id="otif_pct", description="OTIF rate in percent", sql=f"SELECT round(100 * avg({b.format('otif')}), 1) FROM fact_purchase_orders", decimals=1),
        ],
    )
    if "inspections" in ctx.extras:
        _add_inspections(problem, schema)
    return problem, schema


def _add_inspections(problem: Problem, schema: Schema) -> None:
    """Feedback extra: goods-receipt quality inspections, one per inspected PO line."""
    schema.tables.append(Table(
        name="fact_quality_inspections", kind="fact", primary_key="inspection_id",
        size=PerParentSize(parent="fact_purchase_orders", fraction=0.3),
        description="Incoming quality inspections of received goods.", columns=[
            col("inspection_id", "string", "Unique inspection code.", seq("QI", 8)),
            col("po_line_id", "string", "Inspected PO line, linked to fact_purchase_orders.", fk(unique=True)),
            col("received_date", "date", "Date the goods were received.", lookup("po_line_id", "received_date")),
            col("inspection_lag_days", "integer", "Days from receipt to inspection.", choice([0, 1, 2, 3], [0.5, 0.3, 0.15, 0.05]), unit="days"),
            col("inspection_date", "date", "Date of the inspection.", expr("received_date + CAST(inspection_lag_days AS INTEGER)")),
            col("inspected_qty", "integer", "Units inspected (the units received).", lookup("po_line_id", "quantity_received")),
            col("defect_rate", "decimal", "Share of units rejected.", choice([0.0, 0.005, 0.01, 0.02, 0.05], [0.55, 0.2, 0.13, 0.08, 0.04])),
            col("rejected_qty", "integer", "Units rejected: floor(inspected_qty x defect_rate).", expr("CAST(floor(inspected_qty * defect_rate) AS INTEGER)")),
            col("result", "category", "Accepted, or Accepted with deviation when units were rejected.",
                expr("CASE WHEN rejected_qty = 0 THEN 'Accepted' ELSE 'Accepted with deviation' END")),
        ]))
    schema.relationships.append(rel("fact_purchase_orders", "po_line_id", "fact_quality_inspections", "po_line_id"))
    q1 = question("q1", "Quality wants a supplier defect league table. Generate a report per supplier of inspected lines, units inspected, units rejected and defects per million units (ppm, whole number), worst first.",
                  ["supplier_name", "inspected_lines", "units_inspected", "units_rejected", "defect_ppm"],
                  "SELECT s.supplier_name, count(*) AS inspected_lines, sum(q.inspected_qty) AS units_inspected, sum(q.rejected_qty) AS units_rejected, "
                  "round(1000000 * sum(q.rejected_qty) / sum(q.inspected_qty), 0) AS defect_ppm FROM fact_quality_inspections q "
                  "JOIN fact_purchase_orders o USING (po_line_id) JOIN dim_supplier s ON s.supplier_id = o.supplier_id "
                  "GROUP BY s.supplier_id, 1 ORDER BY defect_ppm DESC, supplier_name",
                  ("bar", "supplier_name", ["defect_ppm"]), skills=["multi-table joins", "ratios"])
    problem.questions = [q1 if q.id == "q1" else q for q in problem.questions]
    schema.rules.append(rule("rejected_within_inspected", "Rejected units never exceed the units inspected.",
                             "SELECT * FROM fact_quality_inspections WHERE rejected_qty > inspected_qty OR rejected_qty < 0",
                             table="fact_quality_inspections"))
    schema.rules.append(rule("inspection_after_receipt", "Goods are inspected on or after the day they arrive.",
                             "SELECT q.* FROM fact_quality_inspections q JOIN fact_purchase_orders o USING (po_line_id) WHERE q.inspection_date < o.received_date",
                             category="temporal", table="fact_quality_inspections"))


DOMAIN = DomainTemplate(
    key="supply_chain",
    title="Supply chain and procurement",
    industry="Manufacturing supply chain",
    keywords=("supply chain", "supply-chain", "procurement", "purchasing", "purchase orders", "purchase order", "suppliers",
              "supplier", "vendor", "vendors", "sourcing", "inventory", "stock levels", "warehouse", "warehousing", "logistics",
              "inbound logistics", "otif", "on time in full", "lead time", "raw materials", "manufacturing",
              "factory", "manufacturing plant", "distribution", "distributor", "wholesale", "3pl", "replenishment", "stockout"),
    summary=("Manufacturers buy materials and components from many suppliers and hold stock in plant stores and "
             "warehouses. Supplier reliability (on time in full), lead times, transit delays and the balance between "
             "stockouts and excess inventory decide whether production lines run and how much cash is tied up."),
    research_kpis=("OTIF", "Supplier lead time", "Fill rate", "Days of inventory cover", "Inventory turns", "Spend under management"),
    build=build,
    extras={"inspections": "a quality-inspection table (fact_quality_inspections) with rejected quantities"},
)
