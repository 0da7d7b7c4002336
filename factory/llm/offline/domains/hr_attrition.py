"""HR attrition: employees of a technology company with departments, job roles, pay bands, ratings and exits."""

from __future__ import annotations

import datetime as dt

from factory.llm.offline.build import (
    choice,
    col,
    date,
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
    Problem,
    RatioSize,
    Schema,
    StoryNumber,
    Table,
)

# department -> (function, [(job title, level, band midpoint INR a year, headcount weight)])
DEPARTMENTS: dict[str, tuple[str, tuple[tuple[str, str, int, float], ...]]] = {
    "Engineering": ("Technology", (("Software Engineer", "L2", 1200000, 30), ("Senior Software Engineer", "L3", 2000000, 18),
                                   ("QA Engineer", "L2", 900000, 10), ("DevOps Engineer", "L3", 1600000, 5),
                                   ("Engineering Manager", "L5", 4200000, 4))),
    "Product & Design": ("Technology", (("Product Manager", "L4", 2800000, 5), ("UX Designer", "L3", 1500000, 4))),
    "Sales": ("Business", (("Sales Executive", "L1", 500000, 20), ("Key Account Manager", "L3", 1300000, 8),
                           ("Regional Sales Manager", "L5", 2600000, 3))),
    "Customer Support": ("Business", (("Support Associate", "L1", 360000, 30), ("Support Team Lead", "L3", 700000, 5))),
    "Operations": ("Business", (("Operations Analyst", "L2", 700000, 10), ("Operations Manager", "L4", 1500000, 4))),
    "Finance": ("Corporate", (("Accountant", "L2", 650000, 5), ("Finance Manager", "L4", 1800000, 2))),
    "Human Resources": ("Corporate", (("HR Executive", "L2", 550000, 4), ("HR Business Partner", "L4", 1400000, 2))),
    "Marketing": ("Business", (("Marketing Associate", "L2", 700000, 5), ("Brand Manager", "L4", 1900000, 2))),
}
EXIT_REASONS = ("Better pay", "Better pay", "Career growth", "Career growth", "Manager relationship", "Work-life balance",
                "Relocation", "Higher studies", "Health or family")
FIRST = ("Nimbus", "Vistara", "Quantix", "Aarohan", "Infinia", "Tathya", "Sarvam", "Brightpath", "Kaizen", "Ekatva")
SECOND = ("Technologies", "Tech Solutions", "Software", "Systems", "Digital", "Labs")


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The HR-attrition problem and schema for this context."""
    company = ctx.company(FIRST, SECOND)
    w = ctx.window
    cutoff = f"DATE '{w.end.isoformat()}'"
    start = f"DATE '{w.start.isoformat()}'"
    y0, y1 = w.start.year, w.end.year
    depts = list(DEPARTMENTS)
    dep_ids = {d: f"DEP{i + 1:02d}" for i, d in enumerate(depts)}
    roles = [(d, *r) for d in depts for r in DEPARTMENTS[d][1]]
    eng = dep_ids["Engineering"]
    offices = ctx.cities[: min(5, len(ctx.cities))]
    office_types = ["Headquarters"] + ["Delivery Centre" if i % 2 else "Regional Office" for i in range(1, len(offices))]
    chro, mgr, analyst = ctx.person("Chief Human Resources Officer"), ctx.person("HR Business Partner Lead"), ctx.person("People Analyst")
    low_sat = "job_satisfaction = 1"
    underpaid = "compa_ratio < 0.9"
    eff_start = f"greatest(hire_date + INTERVAL 30 DAY, {start})::DATE"
    exit_sql = (f"CASE WHEN attrition = 'Yes' THEN {eff_start} + CAST(hash(employee_id) % "
                f"(date_diff('day', {eff_start}, {cutoff}) + 1) AS INTEGER) ELSE NULL END")
    reasons = "[" + ", ".join(f"'{r}'" for r in EXIT_REASONS) + "]"

    tables = [
        Table(name="dim_department", kind="dimension", primary_key="department_id", size=FixedSize(rows=len(depts)),
              description="Departments of the company.", columns=[
                  col("department_id", "string", "Unique department code.", seq("DEP", 2)),
                  col("department_name", "category", "Department name.", choice(depts, cycle=True)),
                  col("function_group", "category", "Technology, Business or Corporate function.", choice([DEPARTMENTS[d][0] for d in depts], cycle=True)),
                  col("department_head", "string", "Name of the department head.", faker("name", 40)),
              ]),
        Table(name="dim_job_role", kind="dimension", primary_key="job_role_id", size=FixedSize(rows=len(roles)),
              description="Job roles with their level and salary band (annual CTC, INR).", columns=[
                  col("job_role_id", "string", "Unique job-role code.", seq("ROLE", 3)),
                  col("job_title", "string", "Job title.", choice([r[1] for r in roles], cycle=True)),
                  col("department_id", "string", "Department the role belongs to (a dim_department code).", choice([dep_ids[r[0]] for r in roles], cycle=True)),
                  col("job_level", "category", "Career level L1 (entry) to L5 (senior manager).", choice([r[2] for r in roles], cycle=True)),
                  col("band_min", "decimal", "Salary band minimum, INR a year (75% of the midpoint).", choice([0.75 * r[3] for r in roles], cycle=True), unit="INR"),
                  col("band_mid", "decimal", "Salary band midpoint, INR a year.", choice([float(r[3]) for r in roles], cycle=True), unit="INR"),
                  col("band_max", "decimal", "Salary band maximum, INR a year (125% of the midpoint).", choice([1.25 * r[3] for r in roles], cycle=True), unit="INR"),
                  col("headcount_weight", "decimal", "Relative size of the role in the workforce plan.", choice([float(r[4]) for r in roles], cycle=True)),
              ]),
        Table(name="dim_location", kind="dimension", primary_key="location_id", size=FixedSize(rows=len(offices)),
              description="Offices employees work from.", columns=[
                  col("location_id", "string", "Unique office code.", seq("LOC", 2)),
                  col("city", "category", "City of the office.", choice([c[0] for c in offices], cycle=True)),
                  col("state", "category", "State of the office.", choice([c[1] for c in offices], cycle=True)),
                  col("city_tier", "category", "Tier 1 or Tier 2 city.", choice([c[2] for c in offices], cycle=True)),
                  col("office_type", "category", "Headquarters, Regional Office or Delivery Centre.", choice(office_types, cycle=True)),
              ]),
        Table(name="fact_employees", kind="fact", primary_key="employee_id", size=MainSize(),
              description=f"One row per employee on the books at any time between {w.start} and {w.end} (HR master extract at the cut-off).",
              columns=[
                  col("employee_id", "string", "Unique employee code.", seq("EMP", 6)),
                  col("employee_name", "string", "Employee's full name.", faker("name", 5000)),
                  col("gender", "category", "Gender as recorded by HR.", choice(["Female", "Male", "Non-binary"], [0.37, 0.62, 0.01])),
                  col("age", "integer", "Age in years at the cut-off (or at exit).", dist("normal", 21, 60, 0, mean=31, sd=7)),
                  col("education", "category", "Highest qualification.", choice(["Diploma", "Bachelor's", "Master's", "MBA", "PhD"], [0.08, 0.55, 0.22, 0.13, 0.02]), nullable=True),
                  col("hire_date", "date", "Date of joining.", date(start=w.start.replace(year=y0 - 6), end=w.end - dt.timedelta(days=30), trend=0.2,
                                                                month_weights=[1.1, 0.9, 0.9, 1.0, 1.0, 1.2, 1.3, 1.3, 1.0, 0.9, 0.8, 0.7])),
                  col("job_role_id", "string", "Current job role, linked to dim_job_role.", fk(weight_column="headcount_weight")),
                  col("department_id", "string", "Department of the role, linked to dim_department.", lookup("job_role_id", "department_id")),
                  col("job_level", "category", "Career level of the role.", lookup("job_role_id", "job_level")),
                  col("location_id", "string", "Office, linked to dim_location.", fk(0.6)),
                  col("work_mode", "category", "Onsite, Hybrid or Remote.", choice(["Onsite", "Hybrid", "Remote"], [0.35, 0.5, 0.15])),
                  col("distance_from_home_km", "decimal", "Commute distance to the office in km.", dist("lognormal", 1, 80, 1, mean=2.3, sigma=0.6), unit="km"),
                  col("band_mid", "decimal", "Salary band midpoint of the role, INR a year.", lookup("job_role_id", "band_mid"), unit="INR"),
                  col("compa_ratio", "decimal", "Pay position in the band: annual CTC / band midpoint.", dist("normal", 0.86, 1.15, 3, mean=1.0, sd=0.07)),
                  col("annual_ctc", "decimal", "Annual cost to company in INR: band_mid x compa_ratio, to the nearest thousand.",
                      expr("round(band_mid * compa_ratio, -3)"), unit="INR"),
                  col("last_hike_pct", "decimal", "Salary increase at the last appraisal, percent.", choice([0.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0], [0.06, 0.12, 0.2, 0.24, 0.18, 0.1, 0.07, 0.03])),
                  col("performance_rating", "integer", "Last appraisal rating: 1 Unsatisfactory .. 5 Outstanding.", choice([1, 2, 3, 4, 5], [0.04, 0.14, 0.47, 0.25, 0.1])),
                  col("job_satisfaction", "integer", "Engagement-survey job satisfaction: 1 Low .. 4 Very high.", choice([1, 2, 3, 4], [0.12, 0.2, 0.38, 0.3])),
                  col("work_life_balance", "integer", "Engagement-survey work-life balance: 1 Bad .. 4 Best.", choice([1, 2, 3, 4], [0.08, 0.22, 0.45, 0.25])),
                  col("overtime", "category", "Regularly works overtime (Yes/No).", choice(["Yes", "No"], [0.28, 0.72])),
                  col("attrition", "category", "Yes when the employee left during the window.", choice(["Yes", "No"], [0.12, 0.88])),
                  col("exit_date", "date", "Last working day (empty for current employees); after probation and inside the window.",
                      expr(exit_sql), nullable=True),
                  col("exit_reason", "category", "Main reason given in the exit interview (empty for current employees).",
                      expr(f"CASE WHEN attrition = 'Yes' THEN {reasons}[1 + CAST(hash(employee_id || ':reason') % {len(EXIT_REASONS)} AS INTEGER)] ELSE NULL END"),
                      nullable=True),
                  col("tenure_years", "decimal", "Years from hire to exit (or to the cut-off for current employees).",
                      expr(f"round(date_diff('day', hire_date, coalesce(exit_date, {cutoff})) / 365.25, 2)"), unit="years"),
              ]),
    ]
    rels = [
        rel("dim_job_role", "job_role_id", "fact_employees", "job_role_id"),
        rel("dim_department", "department_id", "fact_employees", "department_id"),
        rel("dim_location", "location_id", "fact_employees", "location_id"),
    ]
    rules = [
        rule("ctc_within_band", "Every salary lies inside its role's band.",
             "SELECT e.* FROM fact_employees e JOIN dim_job_role r USING (job_role_id) WHERE e.annual_ctc < r.band_min OR e.annual_ctc > r.band_max",
             table="fact_employees"),
        rule("department_of_role", "An employee's department is the department of their role.",
             "SELECT e.* FROM fact_employees e JOIN dim_job_role r USING (job_role_id) WHERE e.department_id <> r.department_id",
             table="fact_employees"),
        rule("exit_fields_consistent", "Leavers (attrition = Yes) have an exit date and reason; current employees have neither.",
             "SELECT * FROM fact_employees WHERE (attrition = 'Yes') <> (exit_date IS NOT NULL) OR (attrition = 'Yes') <> (exit_reason IS NOT NULL)",
             table="fact_employees"),
        rule("scores_in_range", "Ratings are 1-5 and survey scores 1-4.",
             "SELECT * FROM fact_employees WHERE performance_rating NOT BETWEEN 1 AND 5 OR job_satisfaction NOT BETWEEN 1 AND 4 "
             "OR work_life_balance NOT BETWEEN 1 AND 4", table="fact_employees"),
        rule("exit_after_probation_in_window", "Exits happen after the 30-day probation and inside the analysis window.",
             f"SELECT * FROM fact_employees WHERE exit_date < hire_date + INTERVAL 30 DAY OR exit_date < {start} OR exit_date > {cutoff}",
             category="temporal", table="fact_employees"),
        rule("hired_before_cutoff", "Nobody joins in the last 30 days before the cut-off or later.",
             f"SELECT * FROM fact_employees WHERE hire_date > {cutoff} - INTERVAL 30 DAY", category="temporal", table="fact_employees"),
        rule("tenure_formula", "tenure_years = days from hire to exit (or cut-off) / 365.25, rounded to 2 places.",
             f"SELECT * FROM fact_employees WHERE abs(tenure_years - round(date_diff('day', hire_date, coalesce(exit_date, {cutoff})) / 365.25, 2)) > 0.005",
             table="fact_employees"),
    ]
    yes = "CASE WHEN attrition = 'Yes' THEN 1 ELSE 0 END"
    bands = ("CASE WHEN tenure_years < 1 THEN '1: under 1 year' WHEN tenure_years < 2 THEN '2: 1-2 years' "
             "WHEN tenure_years < 5 THEN '3: 2-5 years' ELSE '4: 5+ years' END")
    questions = [
        question("q1", f"{chro.name} wants attrition by department. Generate a report per department of employees, leavers and attrition rate (leavers / employees, percent, 2 decimals), highest rate first.",
                 ["department_name", "employees", "leavers", "attrition_rate_pct"],
                 f"SELECT d.department_name, count(*) AS employees, sum({yes}) AS leavers, round(100 * avg({yes}), 2) AS attrition_rate_pct "
                 "FROM fact_employees e JOIN dim_department d USING (department_id) GROUP BY 1 ORDER BY attrition_rate_pct DESC, 1",
                 ("bar", "department_name", ["attrition_rate_pct"]), difficulty="beginner", skills=["joins", "aggregation"]),
        question("q2", "When do people leave? Generate a report of the number of exits per month of the window, in date order.",
                 ["month", "exits"],
                 "SELECT strftime(exit_date, '%Y-%m') AS month, count(*) AS exits FROM fact_employees WHERE exit_date IS NOT NULL GROUP BY 1 ORDER BY 1",
                 ("line", "month", ["exits"]), difficulty="beginner", skills=["filtering", "date functions"]),
        question("q3", "Does the engagement survey predict exits? Generate a report per job-satisfaction score of employees, leavers and attrition rate (percent, 2 decimals).",
                 ["job_satisfaction", "employees", "leavers", "attrition_rate_pct"],
                 f"SELECT job_satisfaction, count(*) AS employees, sum({yes}) AS leavers, round(100 * avg({yes}), 2) AS attrition_rate_pct "
                 "FROM fact_employees GROUP BY 1 ORDER BY 1", ("column", "job_satisfaction", ["attrition_rate_pct"]),
                 skills=["segmentation", "conditional aggregation"]),
        question("q4", f"{mgr.name} hears we pay below market. Generate a report per department of employees, average compa-ratio (3 decimals), median annual CTC and attrition rate of employees paid below 90% of their band midpoint versus the rest (percent, 2 decimals).",
                 ["department_name", "employees", "avg_compa_ratio", "median_annual_ctc", "underpaid_attrition_pct", "others_attrition_pct"],
                 f"SELECT d.department_name, count(*) AS employees, round(avg(e.compa_ratio), 3) AS avg_compa_ratio, median(e.annual_ctc) AS median_annual_ctc, "
                 f"round(100 * avg({yes}) FILTER (WHERE e.compa_ratio < 0.9), 2) AS underpaid_attrition_pct, "
                 f"round(100 * avg({yes}) FILTER (WHERE e.compa_ratio >= 0.9), 2) AS others_attrition_pct "
                 "FROM fact_employees e JOIN dim_department d USING (department_id) GROUP BY 1 ORDER BY avg_compa_ratio, 1",
                 ("bar", "department_name", ["avg_compa_ratio"]), skills=["joins", "FILTER", "pay analytics"]),
        question("q5", f"The board wants the annual attrition rate for {y0}-{y1}. For each year generate a report of opening headcount (1 January), hires, exits, closing headcount (31 December) and attrition rate = exits / average of opening and closing headcount (percent, 2 decimals).",
                 ["year", "opening_headcount", "hires", "exits", "closing_headcount", "attrition_rate_pct"],
                 f"WITH y AS (SELECT unnest(range({y0}, {y1 + 1})) AS year), c AS (SELECT y.year, "
                 "sum(CASE WHEN e.hire_date < make_date(y.year, 1, 1) AND (e.exit_date IS NULL OR e.exit_date >= make_date(y.year, 1, 1)) THEN 1 ELSE 0 END) AS opening, "
                 "sum(CASE WHEN year(e.hire_date) = y.year THEN 1 ELSE 0 END) AS hires, "
                 "sum(CASE WHEN year(e.exit_date) = y.year THEN 1 ELSE 0 END) AS exits, "
                 "sum(CASE WHEN e.hire_date <= make_date(y.year, 12, 31) AND (e.exit_date IS NULL OR e.exit_date > make_date(y.year, 12, 31)) THEN 1 ELSE 0 END) AS closing "
                 "FROM y CROSS JOIN fact_employees e GROUP BY 1) SELECT year, opening AS opening_headcount, hires, exits, closing AS closing_headcount, "
                 "round(100 * exits / ((opening + closing) / 2.0), 2) AS attrition_rate_pct FROM c ORDER BY year",
                 ("column", "year", ["attrition_rate_pct"]), difficulty="advanced", skills=["CTEs", "headcount logic", "date arithmetic"]),
        question("q6", "Do we lose people early? Generate a report per tenure band (under 1 year, 1-2, 2-5, 5+ years, tenure to exit or cut-off) of employees, leavers, attrition rate and the band's share of all leavers (both percent, 2 decimals), and the average compa-ratio (3 decimals).",
                 ["tenure_band", "employees", "leavers", "attrition_rate_pct", "share_of_leavers_pct", "avg_compa_ratio"],
                 f"WITH b AS (SELECT {bands} AS tenure_band, count(*) AS employees, sum({yes}) AS leavers, avg(compa_ratio) AS c FROM fact_employees GROUP BY 1) "
                 "SELECT tenure_band, employees, leavers, round(100 * leavers / employees, 2) AS attrition_rate_pct, "
                 "round(100 * leavers / sum(leavers) OVER (), 2) AS share_of_leavers_pct, round(c, 3) AS avg_compa_ratio FROM b ORDER BY tenure_band",
                 ("column", "tenure_band", ["attrition_rate_pct"]), difficulty="advanced", skills=["CASE bands", "window functions"]),
        question("q7", "Which departments lose their best people? Generate a report per department of leavers, regretted leavers (rating 4 or 5), their share of the department's leavers (percent, 2 decimals) and the department's rank by regretted leavers (1 = most).",
                 ["department_name", "leavers", "regretted_leavers", "regretted_share_pct", "regretted_rank"],
                 "WITH l AS (SELECT d.department_name, count(*) AS leavers, sum(CASE WHEN e.performance_rating >= 4 THEN 1 ELSE 0 END) AS regretted "
                 "FROM fact_employees e JOIN dim_department d USING (department_id) WHERE e.attrition = 'Yes' GROUP BY 1) "
                 "SELECT department_name, leavers, regretted AS regretted_leavers, round(100 * regretted / leavers, 2) AS regretted_share_pct, "
                 "dense_rank() OVER (ORDER BY regretted DESC) AS regretted_rank FROM l ORDER BY regretted_rank, department_name",
                 ("bar", "department_name", ["regretted_leavers"]), difficulty="advanced", skills=["CTEs", "ranking", "window functions"]),
    ]
    insights = [
        shift("disengaged_leave", "Disengaged employees leave", "Employees with the lowest job-satisfaction score leave at about three times the usual rate.",
              "fact_employees", "attrition", low_sat, "Yes", 0.4,
              f"SELECT avg({yes}) FILTER (WHERE {low_sat}) > 2 * avg({yes}) FILTER (WHERE job_satisfaction >= 3) FROM fact_employees",
              ["q3"]),
        scale("engineering_underpaid", "Engineering pay lags the market", "Engineers sit about 12% lower in their pay bands than everyone else.",
              "fact_employees", "compa_ratio", f"department_id = '{eng}'", 0.88,
              f"SELECT avg(compa_ratio) FILTER (WHERE department_id = '{eng}') < 0.93 * avg(compa_ratio) FILTER (WHERE department_id <> '{eng}') FROM fact_employees",
              ["q4"]),
        shift("underpaid_leave", "Underpaid employees leave", "Employees paid below 90% of their band midpoint leave about two and a half times as often.",
              "fact_employees", "attrition", underpaid, "Yes", 0.3,
              f"SELECT avg({yes}) FILTER (WHERE {underpaid}) > 1.5 * avg({yes}) FILTER (WHERE compa_ratio >= 0.95) FROM fact_employees",
              ["q4", "q1"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "fact_employees", "education", 0.03), fault("casing", "dim_location", "city", 0.2)],
        "advanced": [fault("nulls", "fact_employees", "education", 0.05), fault("casing", "fact_employees", "employee_name", 0.02),
                     fault("spelling", "fact_employees", "work_mode", 0.02), fault("duplicates", "fact_employees", "", 0.005),
                     fault("outliers", "fact_employees", "distance_from_home_km", 0.003)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_employees", default_rows=20_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} builds software with teams in {len(offices)} offices ({', '.join(c[0] for c in offices[:3])} and more). "
        f"Between {w.start:%B %Y} and {w.end:%B %Y}, {{leavers}} of its {{employees}} employees left, an overall attrition of "
        f"{{attrition_pct}}%, and replacing each one costs months of hiring and ramp-up. Managers blame pay; HR blames "
        f"engagement. {chro.name} ({chro.role}) needs evidence before the next compensation review."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry="Human resources", city=offices[0][0], statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=chro.name, role=chro.role, part="stakeholder",
                      voice="Every exit of a good engineer sets a project back a quarter. I want to know who leaves, when, and why."),
            Character(name=mgr.name, role=mgr.role, part="manager",
                      voice="I present to the leadership team on Monday. Department numbers, pay position and survey scores, please."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the people analyst: segment the workforce and find the drivers of attrition."),
        ],
        kpis=[
            kpi("Attrition Rate", "Share of employees who left in the window.", "COUNT(attrition = 'Yes') / COUNT(employee_id) x 100"),
            kpi("Annual Attrition Rate", "Exits in a year over the average headcount of the year.", "exits / ((opening_headcount + closing_headcount) / 2) x 100"),
            kpi("Regretted Attrition", "Leavers rated 4 or 5 as a share of all leavers.", "COUNT(attrition = 'Yes' AND performance_rating >= 4) / COUNT(attrition = 'Yes') x 100"),
            kpi("Compa-ratio", "Pay relative to the band midpoint.", "AVG(annual_ctc / band_mid)"),
            kpi("Average Tenure", "Mean years of service.", "AVG(tenure_years)"),
            kpi("Early Attrition", "Share of leavers who left within their first year.", "COUNT(tenure_years < 1 AND attrition = 'Yes') / COUNT(attrition = 'Yes') x 100"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="employees", description="Employees on the books in the window", sql="SELECT count(*) FROM fact_employees", decimals=0),
            StoryNumber(id="leavers", description="Employees who left", sql="SELECT count(*) FROM fact_employees WHERE attrition = 'Yes'", decimals=0),
            StoryNumber(id="attrition_pct", description="Attrition in percent", sql=f"SELECT round(100 * avg({yes}), 1) FROM fact_employees", decimals=1),
        ],
    )
    if "surveys" in ctx.extras:
        _add_surveys(problem, schema, start, cutoff)
    return problem, schema


def _add_surveys(problem: Problem, schema: Schema, start: str, cutoff: str) -> None:
    """Feedback extra: pulse-survey responses (a second fact table), each dated while the employee was employed."""
    lo = "greatest(hire_date, " + start + ")"
    hi = f"coalesce(exit_date, {cutoff})"
    schema.tables.append(Table(
        name="fact_pulse_surveys", kind="fact", primary_key="response_id", size=RatioSize(ratio=1.5, min_rows=30),
        description="Pulse-survey responses employees gave while employed.", columns=[
            col("response_id", "string", "Unique response code.", seq("PS", 8)),
            col("employee_id", "string", "Responding employee, linked to fact_employees.", fk(0.2)),
            col("hire_date", "date", "Employee's hire date.", lookup("employee_id", "hire_date")),
            col("exit_date", "date", "Employee's exit date (empty if still employed).", lookup("employee_id", "exit_date"), nullable=True),
            col("response_date", "date", "Date of the response, while the employee was employed in the window.",
                expr(f"{lo}::DATE + CAST(hash(response_id) % (date_diff('day', {lo}::DATE, {hi}) + 1) AS INTEGER)")),
            col("engagement_score", "integer", "I am proud to work here: 1 strongly disagree .. 5 strongly agree.", choice([1, 2, 3, 4, 5], [0.06, 0.12, 0.27, 0.35, 0.2])),
            col("manager_support_score", "integer", "My manager supports my growth: 1 .. 5.", choice([1, 2, 3, 4, 5], [0.07, 0.13, 0.28, 0.32, 0.2])),
            col("enps", "integer", "How likely to recommend us as an employer: 0 .. 10.", choice(list(range(11)), [2, 1, 2, 3, 4, 8, 10, 16, 20, 18, 16])),
        ]))
    schema.relationships.append(rel("fact_employees", "employee_id", "fact_pulse_surveys", "employee_id"))
    q2 = question("q2", "Did leavers tell us they were unhappy? Generate a report comparing the pulse-survey answers of leavers and current employees: responses, average engagement and manager-support scores (2 decimals) and eNPS (percent promoters 9-10 minus percent detractors 0-6, 1 decimal).",
                  ["employee_group", "responses", "avg_engagement_score", "avg_manager_support_score", "enps_score"],
                  "SELECT CASE WHEN e.attrition = 'Yes' THEN 'Leaver' ELSE 'Current' END AS employee_group, count(*) AS responses, "
                  "round(avg(s.engagement_score), 2) AS avg_engagement_score, round(avg(s.manager_support_score), 2) AS avg_manager_support_score, "
                  "round(100 * avg(CASE WHEN s.enps >= 9 THEN 1 ELSE 0 END) - 100 * avg(CASE WHEN s.enps <= 6 THEN 1 ELSE 0 END), 1) AS enps_score "
                  "FROM fact_pulse_surveys s JOIN fact_employees e USING (employee_id) GROUP BY 1 ORDER BY 1",
                  ("column", "employee_group", ["enps_score"]), skills=["joins", "eNPS", "conditional aggregation"])
    problem.questions = [q2 if q.id == "q2" else q for q in problem.questions]
    left = "exit_date IS NOT NULL"
    schema.insights.append(shift(
        "leavers_disengaged", "Leavers were disengaged before they left",
        "Four in ten pulse answers from future leavers score engagement at 2 out of 5.",
        "fact_pulse_surveys", "engagement_score", left, 2, 0.4,
        f"SELECT avg(engagement_score) FILTER (WHERE {left}) < avg(engagement_score) FILTER (WHERE NOT ({left})) - 0.4 FROM fact_pulse_surveys",
        ["q2"]))
    schema.rules.append(rule("survey_while_employed", "Responses fall between hire (or window start) and exit (or cut-off).",
                             f"SELECT s.* FROM fact_pulse_surveys s JOIN fact_employees e USING (employee_id) WHERE s.response_date < e.hire_date "
                             f"OR s.response_date > coalesce(e.exit_date, {cutoff}) OR s.response_date < {start}",
                             category="temporal", table="fact_pulse_surveys"))
    schema.rules.append(rule("survey_scores_in_range", "Scores are 1-5 and eNPS 0-10.",
                             "SELECT * FROM fact_pulse_surveys WHERE engagement_score NOT BETWEEN 1 AND 5 OR manager_support_score NOT BETWEEN 1 AND 5 "
                             "OR enps NOT BETWEEN 0 AND 10", table="fact_pulse_surveys"))


DOMAIN = DomainTemplate(
    key="hr_attrition",
    title="HR attrition and workforce analytics",
    industry="Human resources",
    keywords=("hr", "human resources", "attrition", "employee attrition", "employee turnover", "turnover", "retention",
              "employee retention", "workforce", "people analytics", "headcount", "employees", "employee", "hiring",
              "recruitment", "talent", "payroll", "compensation", "salary", "appraisal", "performance review",
              "engagement survey", "employee satisfaction", "resignation", "exits", "staffing", "it services", "it company"),
    summary=("People teams track who joins, who leaves and why. Attrition is driven by pay position in the band, "
             "engagement, workload and career growth; its cost is hiring, ramp-up and lost delivery, so HR segments "
             "exits by department, tenure, rating and survey scores to target retention spend."),
    research_kpis=("Attrition rate", "Regretted attrition", "Early attrition", "Compa-ratio", "Average tenure",
                   "Employee Net Promoter Score"),
    build=build,
    extras={"surveys": "a pulse-survey table (fact_pulse_surveys) with engagement scores and eNPS"},
)
