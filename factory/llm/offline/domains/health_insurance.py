"""Health insurance claims (also pet and motor insurance: same claims flow, adapted catalogues)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Line:
    """A line of business: its catalogues and the words the story uses."""

    label: str
    industry: str
    provider: str
    procedures: tuple[tuple[str, str, float, float], ...]  # (procedure, specialty, tariff INR, claim frequency weight)
    plans: tuple[tuple[str, str, float, float, float], ...]  # (plan, tier, sum insured, annual premium, copay)
    provider_types: tuple[tuple[str, str], ...]  # (type, name suffix)
    insured_types: tuple[tuple[str, float], ...]
    insured: str
    age: tuple[float, float, float]  # mean, sd, max
    daily_charge: tuple[float, float, float, float]  # mean, sd, min, max
    max_stay: int


HEALTH = Line(
    "health", "Health insurance", "hospital",
    (("Angioplasty", "Cardiology", 240000, 3), ("Coronary Bypass Surgery", "Cardiology", 380000, 1),
     ("Knee Replacement", "Orthopaedics", 260000, 3), ("Fracture Fixation", "Orthopaedics", 95000, 6),
     ("Normal Delivery", "Maternity", 45000, 8), ("Caesarean Delivery", "Maternity", 85000, 7),
     ("Cataract Surgery", "Ophthalmology", 35000, 9), ("Chemotherapy Cycle", "Oncology", 120000, 4),
     ("Appendectomy", "General Surgery", 70000, 5), ("Hernia Repair", "General Surgery", 65000, 5),
     ("Dengue Treatment", "Infectious Disease", 40000, 12), ("Typhoid Treatment", "Infectious Disease", 30000, 10),
     ("Gallbladder Removal", "Gastroenterology", 90000, 5), ("Kidney Stone Removal", "Urology", 75000, 6),
     ("Dialysis Session", "Nephrology", 18000, 8), ("Pneumonia Treatment", "Pulmonology", 55000, 10)),
    (("Silver Shield", "Basic", 300000, 12000, 0.2), ("Gold Care", "Standard", 500000, 18500, 0.1),
     ("Platinum Plus", "Premium", 1000000, 29000, 0.0), ("Family Floater Plus", "Standard", 1000000, 34000, 0.1),
     ("Senior Secure", "Senior", 500000, 38000, 0.3), ("Diamond Elite", "Premium", 2500000, 52000, 0.0)),
    (("Multispeciality Hospital", "Multispeciality Hospital"), ("General Hospital", "Hospital"),
     ("Nursing Home", "Nursing Home"), ("Speciality Centre", "Heart & Ortho Institute"),
     ("Eye & Day-care Centre", "Eye & Day Care")),
    (("Self", 0.4), ("Spouse", 0.25), ("Child", 0.2), ("Parent", 0.15)),
    "member", (36, 16, 85), (3500, 1100, 1500, 12000), 9,
)
PET = Line(
    "pet", "Pet insurance", "veterinary clinic",
    (("Fracture Repair", "Orthopaedics", 35000, 5), ("Cruciate Ligament Surgery", "Orthopaedics", 60000, 2),
     ("Parvovirus Treatment", "Infectious Disease", 18000, 8), ("Tick Fever Treatment", "Infectious Disease", 12000, 12),
     ("Dental Scaling", "Dental", 8000, 8), ("Tooth Extraction", "Dental", 10000, 5),
     ("Foreign Body Removal", "Surgery", 40000, 4), ("Spay/Neuter Complication", "Surgery", 22000, 3),
     ("Skin Allergy Treatment", "Dermatology", 7000, 14), ("Ear Infection Treatment", "Dermatology", 5000, 12),
     ("Kidney Disease Care", "Internal Medicine", 25000, 4), ("Gastroenteritis", "Internal Medicine", 9000, 14),
     ("Tumour Removal", "Oncology", 55000, 2), ("Imaging & Diagnostics", "Diagnostics", 6000, 10)),
    (("Paw Basic", "Basic", 50000, 5000, 0.2), ("Paw Plus", "Standard", 100000, 7500, 0.1),
     ("Whisker Premium", "Premium", 200000, 11000, 0.0), ("Senior Pet Care", "Senior", 75000, 9500, 0.3)),
    (("Veterinary Hospital", "Veterinary Hospital"), ("Pet Clinic", "Pet Clinic"),
     ("Diagnostic Lab", "Vet Diagnostics"), ("Mobile Vet", "Mobile Vet Care")),
    (("Dog", 0.72), ("Cat", 0.25), ("Rabbit", 0.03)),
    "insured pet", (5, 3, 16), (1200, 400, 300, 4000), 5,
)
MOTOR = Line(
    "motor", "Motor insurance", "garage",
    (("Bumper Replacement", "Body Work", 18000, 14), ("Door Panel Repair", "Body Work", 25000, 10),
     ("Windshield Replacement", "Glass", 22000, 9), ("Headlamp Replacement", "Electricals", 12000, 10),
     ("Engine Repair (Water Ingress)", "Engine", 150000, 3), ("Gearbox Repair", "Engine", 85000, 2),
     ("Full Repaint", "Paint", 60000, 3), ("Scratch & Dent Repair", "Paint", 8000, 25),
     ("Airbag Replacement", "Safety", 70000, 2), ("Suspension Repair", "Mechanical", 30000, 6),
     ("Total Loss Settlement", "Total Loss", 450000, 0.6), ("Theft Settlement", "Theft", 500000, 0.4)),
    (("Comprehensive Basic", "Basic", 400000, 9000, 0.2), ("Comprehensive Standard", "Standard", 600000, 14000, 0.1),
     ("Zero Depreciation", "Premium", 800000, 21000, 0.0), ("Fleet Cover", "Commercial", 1500000, 32000, 0.1)),
    (("Authorised Dealer Workshop", "Motors Authorised Workshop"), ("Multi-brand Garage", "Auto Garage"),
     ("Body Shop", "Body Shop")),
    (("Hatchback", 0.38), ("Sedan", 0.2), ("SUV", 0.27), ("Two-wheeler", 0.15)),
    "insured vehicle", (4, 2.5, 15), (500, 150, 150, 1500), 20,
)
PREFIXES = ("Sanjeevani", "Lifeline", "Arogya", "CarePoint", "Suraksha", "Jeevan", "Shanti", "Medistar", "Noble",
            "Sunrise", "Dhanvantari", "Sahyadri", "Kaveri", "Ganga", "Northstar", "Vatsalya", "Aastha", "Prakash")
PET_NAMES = ["Bruno", "Simba", "Coco", "Leo", "Tiger", "Milo", "Luna", "Max", "Sheru", "Rocky", "Bella", "Oreo",
             "Kiara", "Toffee", "Snowy", "Ginger", "Shadow", "Mishti", "Biscuit", "Jimmy"]
FIRST = ("Raksha", "Kavach", "Suraksha", "Bharosa", "Sahay", "Abhay", "Nirbhay", "Ashray", "Chhaya", "Sankalp")
SECOND = ("General Insurance", "Health Insurance", "Assurance", "Insurance Co.", "Cover")
DECISIONS = ("PAY", "PED", "NDC", "EXC", "DOC", "LAP")
REASONS = {"PED": "Pre-existing condition", "NDC": "Non-disclosure", "EXC": "Excluded treatment",
           "DOC": "Documents incomplete", "LAP": "Policy not in force"}


def line_of(text: str) -> Line:
    """The line of business the operator's text asks for (health by default)."""
    low = text.lower()
    if any(w in low for w in ("pet", "veterinar", "dog", "cat ")):
        return PET
    if any(w in low for w in ("motor", "car insurance", "vehicle", "auto insurance", "two-wheeler", "bike")):
        return MOTOR
    return HEALTH


def build(ctx: DomainContext) -> tuple[Problem, Schema]:
    """The insurance-claims problem and schema for this context."""
    ln = line_of(ctx.domain_text)
    company = ctx.company(FIRST, SECOND if ln is HEALTH else tuple(x for x in SECOND if x != "Health Insurance"))
    w = ctx.window
    n_prov = 5 * len(ctx.cities)
    prov_cities = [ctx.cities[i % len(ctx.cities)] for i in range(n_prov)]
    combos = [(p, t) for p in PREFIXES for t in ln.provider_types]
    picked = ctx.rng.sample(combos, k=n_prov) if len(combos) >= n_prov else [combos[i % len(combos)] for i in range(n_prov)]
    prov_names = [f"{p} {t[1]}" for p, t in picked]
    inflated = sorted(f"HSP{i:03d}" for i in ctx.rng.sample(range(1, n_prov + 1), k=2))
    infl = f"provider_id IN ('{inflated[0]}', '{inflated[1]}')"
    head, ops, analyst = ctx.person("Chief Claims Officer"), ctx.person("Claims Operations Manager"), ctx.person("Data Analyst")
    weights_by_city = [3 if c[2] == "Tier 1" else 1.5 for c in ctx.cities]
    member_name = (choice(PET_NAMES) if ln is PET else faker("name", 3000))

    tables = [
        date_dimension(),
        Table(name="dim_plan", kind="dimension", primary_key="plan_id", size=FixedSize(rows=len(ln.plans)),
              description=f"{ln.industry} plans sold, with cover and price.", columns=[
                  col("plan_id", "string", "Unique plan code.", seq("PLN", 2)),
                  col("plan_name", "string", "Marketed plan name.", choice([p[0] for p in ln.plans], cycle=True)),
                  col("plan_tier", "category", "Tier of the plan.", choice([p[1] for p in ln.plans], cycle=True)),
                  col("sum_insured", "decimal", "Maximum payable per policy year in INR.", choice([float(p[2]) for p in ln.plans], cycle=True), unit="INR"),
                  col("annual_premium", "decimal", "Premium per policy per year in INR.", choice([float(p[3]) for p in ln.plans], cycle=True), unit="INR"),
                  col("copay_pct", "decimal", "Share of the payable amount the policyholder bears (co-pay), as a fraction.", choice([p[4] for p in ln.plans], cycle=True)),
              ]),
        Table(name="dim_policy", kind="dimension", primary_key="policy_id", size=RatioSize(ratio=1.6, min_rows=60),
              description="Policies in force during the window (bought at least 30 days before it starts).", columns=[
                  col("policy_id", "string", "Unique policy number.", seq("POL", 7)),
                  col("plan_id", "string", "Plan bought, linked to dim_plan.", fk(0.6)),
                  col("holder_city", "category", "City of the policyholder.", choice([c[0] for c in ctx.cities], weights_by_city)),
                  col("sales_channel", "category", "Channel that sold the policy.", choice(["Agent", "Online", "Bancassurance", "Broker", "Corporate"], [0.38, 0.27, 0.15, 0.1, 0.1]), nullable=True),
                  col("policy_start_date", "date", "Date cover first started.", date(start=w.start.replace(year=w.start.year - 4), end=w.start - dt.timedelta(days=31), trend=0.2)),
                  col("sum_insured", "decimal", "Sum insured of the plan in INR.", lookup("plan_id", "sum_insured"), unit="INR"),
                  col("copay_pct", "decimal", "Co-pay share of the plan.", lookup("plan_id", "copay_pct")),
              ]),
        Table(name="dim_member", kind="dimension", primary_key="member_id", size=RatioSize(ratio=2.6, min_rows=100),
              description=f"Insured {ln.insured}s covered by the policies.", columns=[
                  col("member_id", "string", f"Unique {ln.insured} code.", seq("MEM", 7)),
                  col("policy_id", "string", "Policy covering the member, linked to dim_policy.", fk(0.3)),
                  col("member_name", "string", f"Name of the {ln.insured}.", member_name),
                  col("insured_type", "category", "Self/spouse/child/parent (health), species (pet) or vehicle segment (motor).",
                      choice([t[0] for t in ln.insured_types], [t[1] for t in ln.insured_types])),
                  col("gender", "category", "Gender (or sex of the pet).", choice(["Female", "Male"], [0.49, 0.51]), nullable=True),
                  col("age_years", "integer", f"Age of the {ln.insured} in years at the window start.",
                      dist("normal", 0, ln.age[2], 0, mean=ln.age[0], sd=ln.age[1])),
                  col("sum_insured", "decimal", "Sum insured of the member's policy in INR.", lookup("policy_id", "sum_insured"), unit="INR"),
                  col("copay_pct", "decimal", "Co-pay share of the member's policy.", lookup("policy_id", "copay_pct")),
              ]),
        Table(name="dim_provider", kind="dimension", primary_key="provider_id", size=FixedSize(rows=n_prov),
              description=f"Treating providers ({ln.provider}s) that bill claims.", columns=[
                  col("provider_id", "string", "Unique provider code.", seq("HSP", 3)),
                  col("provider_name", "string", "Provider name.", choice(prov_names, cycle=True)),
                  col("provider_type", "category", "Kind of provider.", choice([t[0] for _, t in picked], cycle=True)),
                  col("city_name", "category", "City of the provider.", choice([c[0] for c in prov_cities], cycle=True)),
                  col("state", "category", "State of the provider.", choice([c[1] for c in prov_cities], cycle=True)),
                  col("city_tier", "category", "Tier 1 or Tier 2 city.", choice([c[2] for c in prov_cities], cycle=True)),
                  col("is_network", "boolean", "True when the provider is in the insurer's cashless network.", choice([True, False], [0.7, 0.3])),
              ]),
        Table(name="dim_procedure", kind="dimension", primary_key="procedure_id", size=FixedSize(rows=len(ln.procedures)),
              description="Procedures claimed for, with the insurer's package tariff.", columns=[
                  col("procedure_id", "string", "Unique procedure code.", seq("PRC", 3)),
                  col("procedure_name", "string", "Procedure or treatment.", choice([p[0] for p in ln.procedures], cycle=True)),
                  col("specialty", "category", "Specialty the procedure belongs to.", choice([p[1] for p in ln.procedures], cycle=True)),
                  col("package_rate", "decimal", "Agreed package tariff in INR.", choice([float(p[2]) for p in ln.procedures], cycle=True), unit="INR"),
                  col("claim_weight", "decimal", "Relative claim frequency of the procedure (actuarial incidence weight).",
                      choice([float(p[3]) for p in ln.procedures], cycle=True)),
              ]),
        Table(name="fact_claims", kind="fact", primary_key="claim_id", size=MainSize(),
              description="One row per claim, from admission to settlement.", columns=[
                  col("claim_id", "string", "Unique claim number.", seq("CLM", 8)),
                  col("admission_date", "date", "Date of admission (or of the incident), linked to dim_date.",
                      date(month_weights=[0.9, 0.85, 0.9, 0.95, 1.0, 1.05, 1.25, 1.35, 1.3, 1.15, 1.0, 0.95], trend=0.12)),
                  col("member_id", "string", "Insured member, linked to dim_member.", fk(0.4)),
                  col("policy_id", "string", "Policy of the member, linked to dim_policy.", lookup("member_id", "policy_id")),
                  col("provider_id", "string", "Treating provider, linked to dim_provider.", fk(0.7)),
                  col("is_network_provider", "boolean", "Provider's network status at claim time.", lookup("provider_id", "is_network")),
                  col("procedure_id", "string", "Procedure claimed, linked to dim_procedure.", fk(weight_column="claim_weight")),
                  col("preauth_requested", "boolean", "True when a pre-authorisation was requested before treatment.", choice([True, False], [0.7, 0.3])),
                  col("claim_type", "category", "Cashless (network provider with pre-authorisation) or Reimbursement.",
                      expr("CASE WHEN is_network_provider AND preauth_requested THEN 'Cashless' ELSE 'Reimbursement' END")),
                  col("discharge_date", "date", "Date of discharge (or of repair completion).", date(after="admission_date", lag_min=0, lag_max=ln.max_stay)),
                  col("length_of_stay_days", "integer", "Days between admission and discharge.", expr("date_diff('day', admission_date, discharge_date)"), unit="days"),
                  col("submission_lag_days", "integer", "Days from discharge to a complete claim submission.", dist("exponential", 0, 20, 0, scale=4), unit="days"),
                  col("submitted_date", "date", "Date the complete claim was submitted.", expr("discharge_date + CAST(submission_lag_days AS INTEGER)")),
                  col("package_rate", "decimal", "Procedure tariff in INR (from dim_procedure).", lookup("procedure_id", "package_rate"), unit="INR"),
                  col("daily_charge", "decimal", "Room, boarding or storage charge per day in INR.",
                      dist("normal", ln.daily_charge[2], ln.daily_charge[3], 0, mean=ln.daily_charge[0], sd=ln.daily_charge[1]), unit="INR"),
                  col("claimed_amount", "decimal", "Amount claimed in INR: package_rate + daily_charge x max(length_of_stay_days, 1).",
                      expr("round(package_rate + daily_charge * greatest(length_of_stay_days, 1), 0)"), unit="INR"),
                  col("non_payable_amount", "decimal", "Items not covered by the policy (consumables, extras) in INR.",
                      dist("lognormal", 0, 20000, 0, mean=7.2, sigma=0.7), unit="INR"),
                  col("sum_insured", "decimal", "Sum insured of the member's policy in INR.", lookup("member_id", "sum_insured"), unit="INR"),
                  col("copay_pct", "decimal", "Co-pay share of the member's policy.", lookup("member_id", "copay_pct")),
                  col("decision_code", "category", "Adjudication code: PAY or a rejection code.", choice(list(DECISIONS), [0.92, 0.03, 0.015, 0.02, 0.01, 0.005])),
                  col("claim_status", "category", "Settled or Rejected.", expr("CASE WHEN decision_code = 'PAY' THEN 'Settled' ELSE 'Rejected' END")),
                  col("rejection_reason", "category", "Why the claim was rejected (empty when settled).",
                      expr("CASE decision_code " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in REASONS.items()) + " ELSE NULL END"), nullable=True),
                  col("approved_amount", "decimal", "Amount paid in INR: min(sum_insured, (claimed - non-payable) x (1 - copay_pct)); 0 when rejected.",
                      expr("CASE WHEN claim_status = 'Settled' THEN least(sum_insured, round(greatest(claimed_amount - non_payable_amount, 0) * (1 - copay_pct), 0)) ELSE 0 END"), unit="INR"),
                  col("tat_days", "integer", "Turnaround: days from submission to settlement or rejection.", dist("gamma", 1, 60, 0, shape=2.2, scale=3.5), unit="days"),
                  col("settlement_date", "date", "Date the claim was settled or rejected.", expr("submitted_date + CAST(tat_days AS INTEGER)")),
              ]),
    ]
    rels = [
        rel("dim_plan", "plan_id", "dim_policy", "plan_id"),
        rel("dim_policy", "policy_id", "dim_member", "policy_id"),
        rel("dim_date", "date", "fact_claims", "admission_date"),
        rel("dim_member", "member_id", "fact_claims", "member_id"),
        rel("dim_policy", "policy_id", "fact_claims", "policy_id"),
        rel("dim_provider", "provider_id", "fact_claims", "provider_id"),
        rel("dim_procedure", "procedure_id", "fact_claims", "procedure_id"),
    ]
    rules = [
        rule("approved_not_above_claimed", "The approved amount never exceeds the claimed amount.",
             "SELECT * FROM fact_claims WHERE approved_amount > claimed_amount", table="fact_claims"),
        rule("approved_within_sum_insured", "No claim pays more than the policy's sum insured.",
             "SELECT c.* FROM fact_claims c JOIN dim_policy p USING (policy_id) WHERE c.approved_amount > p.sum_insured", table="fact_claims"),
        rule("rejected_pays_nothing", "Rejected claims have an approved amount of zero and a rejection reason.",
             "SELECT * FROM fact_claims WHERE claim_status = 'Rejected' AND (approved_amount <> 0 OR rejection_reason IS NULL)", table="fact_claims"),
        rule("cashless_only_in_network", "Cashless claims happen only at network providers.",
             "SELECT c.* FROM fact_claims c JOIN dim_provider p USING (provider_id) WHERE c.claim_type = 'Cashless' AND NOT p.is_network",
             table="fact_claims"),
        rule("claimed_formula", "claimed_amount = package_rate + daily_charge x max(length_of_stay_days, 1), and package_rate is the procedure tariff.",
             "SELECT c.* FROM fact_claims c JOIN dim_procedure p USING (procedure_id) WHERE c.package_rate <> p.package_rate "
             "OR abs(c.claimed_amount - round(c.package_rate + c.daily_charge * greatest(c.length_of_stay_days, 1), 0)) > 0.5",
             table="fact_claims"),
        rule("member_on_policy", "A claim's policy is the policy that covers its member.",
             "SELECT c.* FROM fact_claims c JOIN dim_member m USING (member_id) WHERE c.policy_id <> m.policy_id", table="fact_claims"),
        rule("claim_event_order", "Admission <= discharge <= submission <= settlement.",
             "SELECT * FROM fact_claims WHERE discharge_date < admission_date OR submitted_date < discharge_date OR settlement_date < submitted_date",
             category="temporal", table="fact_claims"),
        rule("waiting_period", "Claims start at least 30 days after the policy started (initial waiting period).",
             "SELECT c.* FROM fact_claims c JOIN dim_policy p USING (policy_id) WHERE c.admission_date < p.policy_start_date + INTERVAL 30 DAY",
             category="temporal", table="fact_claims"),
    ]
    reimb, cash = "claim_type = 'Reimbursement'", "claim_type = 'Cashless'"
    quarter = "year(admission_date) || '-Q' || quarter(admission_date)"
    questions = [
        question("q1", f"{ops.name} needs the monthly claims run-rate. Generate a report of the number of claims, total claimed amount and total approved amount per admission month, in date order.",
                 ["month", "claims", "claimed_amount", "approved_amount"],
                 "SELECT strftime(admission_date, '%Y-%m') AS month, count(*) AS claims, round(sum(claimed_amount), 0) AS claimed_amount, "
                 "round(sum(approved_amount), 0) AS approved_amount FROM fact_claims GROUP BY 1 ORDER BY 1",
                 ("line", "month", ["claimed_amount", "approved_amount"]), difficulty="beginner", skills=["aggregation", "date functions"]),
        question("q2", "Why are claims being rejected? Generate a report of rejected claims per rejection reason with their share of all rejections (percent, 2 decimals), most frequent first.",
                 ["rejection_reason", "rejected_claims", "share_pct"],
                 "SELECT rejection_reason, count(*) AS rejected_claims, round(100 * count(*) / sum(count(*)) OVER (), 2) AS share_pct "
                 "FROM fact_claims WHERE claim_status = 'Rejected' GROUP BY 1 ORDER BY rejected_claims DESC, rejection_reason",
                 ("bar", "rejection_reason", ["rejected_claims"]), difficulty="beginner", skills=["filtering", "aggregation"]),
        question("q3", f"{head.name} hears that reimbursement customers wait too long. Generate a report per claim type of claims, rejection rate (percent, 2 decimals), average turnaround days and 90th-percentile turnaround days.",
                 ["claim_type", "claims", "rejection_rate_pct", "avg_tat_days", "p90_tat_days"],
                 "SELECT claim_type, count(*) AS claims, round(100 * avg(CASE WHEN claim_status = 'Rejected' THEN 1 ELSE 0 END), 2) AS rejection_rate_pct, "
                 "round(avg(tat_days), 1) AS avg_tat_days, round(quantile_cont(tat_days, 0.9), 1) AS p90_tat_days FROM fact_claims GROUP BY 1 ORDER BY 1",
                 ("column", "claim_type", ["avg_tat_days", "p90_tat_days"]), skills=["conditional aggregation", "percentiles"]),
        question("q4", "Which specialties cost us most? Generate a report per specialty of claims, average claimed amount, average approved amount of settled claims and payout ratio (approved / claimed, percent, 2 decimals), by total approved descending.",
                 ["specialty", "claims", "avg_claimed_amount", "avg_approved_amount", "payout_ratio_pct"],
                 "SELECT p.specialty, count(*) AS claims, round(avg(c.claimed_amount), 0) AS avg_claimed_amount, "
                 "round(avg(c.approved_amount) FILTER (WHERE c.claim_status = 'Settled'), 0) AS avg_approved_amount, "
                 "round(100 * sum(c.approved_amount) / sum(c.claimed_amount), 2) AS payout_ratio_pct "
                 "FROM fact_claims c JOIN dim_procedure p USING (procedure_id) GROUP BY 1 ORDER BY sum(c.approved_amount) DESC, 1",
                 ("bar", "specialty", ["avg_claimed_amount", "avg_approved_amount"]), skills=["joins", "aggregation"]),
        question("q5", f"The audit team suspects over-billing. Generate a report of the 10 {ln.provider}s whose average daily charge is furthest above the average of the providers in the same city, with the premium in percent (1 decimal).",
                 ["provider_name", "city_name", "claims", "avg_daily_charge", "city_avg_daily_charge", "premium_over_city_pct"],
                 "WITH p AS (SELECT pr.provider_id, pr.provider_name, pr.city_name, count(*) AS claims, avg(c.daily_charge) AS a "
                 "FROM fact_claims c JOIN dim_provider pr USING (provider_id) GROUP BY 1, 2, 3), "
                 "r AS (SELECT *, avg(a) OVER (PARTITION BY city_name) AS city_a FROM p) "
                 "SELECT provider_name, city_name, claims, round(a, 0) AS avg_daily_charge, round(city_a, 0) AS city_avg_daily_charge, "
                 "round(100 * (a / city_a - 1), 1) AS premium_over_city_pct FROM r ORDER BY premium_over_city_pct DESC, provider_id LIMIT 10",
                 ("bar", "provider_name", ["premium_over_city_pct"]), difficulty="advanced", skills=["CTEs", "window functions", "benchmarking"]),
        question("q6", f"Finance wants the loss ratio per plan. Premium earned is the plan's annual premium x {ctx.years} years for every policy. Generate a report per plan of policies, premium earned, approved claims and loss ratio (approved / premium, percent, 2 decimals), worst first.",
                 ["plan_name", "policies", "premium_earned", "approved_claims", "loss_ratio_pct"],
                 f"WITH prem AS (SELECT p.plan_id, count(*) AS policies, sum(pl.annual_premium) * {ctx.years} AS premium "
                 "FROM dim_policy p JOIN dim_plan pl USING (plan_id) GROUP BY 1), "
                 "paid AS (SELECT p.plan_id, sum(c.approved_amount) AS approved FROM fact_claims c JOIN dim_policy p USING (policy_id) GROUP BY 1) "
                 "SELECT pl.plan_name, prem.policies, round(prem.premium, 0) AS premium_earned, round(coalesce(paid.approved, 0), 0) AS approved_claims, "
                 "round(100 * coalesce(paid.approved, 0) / prem.premium, 2) AS loss_ratio_pct FROM prem JOIN dim_plan pl USING (plan_id) "
                 "LEFT JOIN paid USING (plan_id) ORDER BY loss_ratio_pct DESC, plan_name",
                 ("bar", "plan_name", ["loss_ratio_pct"]), difficulty="advanced", skills=["CTEs", "multi-table joins", "ratios"]),
        question("q7", "Is the payout growing faster for one claim type? Generate a report per admission quarter and claim type of the approved amount and its quarter-over-quarter growth (percent, 2 decimals; empty for the first quarter).",
                 ["quarter", "claim_type", "approved_amount", "qoq_growth_pct"],
                 f"WITH q AS (SELECT {quarter} AS quarter, claim_type, sum(approved_amount) AS amt FROM fact_claims GROUP BY 1, 2) "
                 "SELECT quarter, claim_type, round(amt, 0) AS approved_amount, "
                 "round(100 * (amt / lag(amt) OVER (PARTITION BY claim_type ORDER BY quarter) - 1), 2) AS qoq_growth_pct FROM q ORDER BY quarter, claim_type",
                 ("line", "quarter", ["approved_amount"]), difficulty="advanced", skills=["CTEs", "LAG", "growth rates"]),
    ]
    rej = "CASE WHEN claim_status = 'Rejected' THEN 1 ELSE 0 END"
    insights = [
        shift("reimbursement_paperwork", "Reimbursement paperwork rejections",
              "About one reimbursement claim in five is rejected, mostly for incomplete documents; cashless claims rarely are.",
              "fact_claims", "decision_code", reimb, "DOC", 0.15,
              f"SELECT avg({rej}) FILTER (WHERE {reimb}) > 1.8 * avg({rej}) FILTER (WHERE {cash}) FROM fact_claims",
              ["q2", "q3"]),
        scale("slow_reimbursement", "Slow reimbursement settlement", "Reimbursement claims take about 2.5 times longer to settle than cashless ones.",
              "fact_claims", "tat_days", reimb, 2.5,
              f"SELECT avg(tat_days) FILTER (WHERE {reimb}) > 1.8 * avg(tat_days) FILTER (WHERE {cash}) FROM fact_claims",
              ["q3"]),
        scale("over_billing", f"Two {ln.provider}s over-bill", f"{inflated[0]} and {inflated[1]} charge about 80% more per day than their peers.",
              "fact_claims", "daily_charge", infl, 1.8,
              f"SELECT avg(daily_charge) FILTER (WHERE {infl}) > 1.4 * avg(daily_charge) FILTER (WHERE NOT ({infl})) FROM fact_claims",
              ["q5"]),
    ]
    faults = {
        "beginner": [],
        "intermediate": [fault("nulls", "dim_member", "gender", 0.03), fault("casing", "dim_provider", "city_name", 0.05),
                         fault("nulls", "dim_policy", "sales_channel", 0.02)],
        "advanced": [fault("nulls", "dim_member", "gender", 0.04), fault("casing", "dim_provider", "city_name", 0.06),
                     fault("spelling", "dim_procedure", "specialty", 0.1), fault("duplicates", "fact_claims", "", 0.006),
                     fault("outliers", "fact_claims", "non_payable_amount", 0.003)],
    }[ctx.difficulty]
    schema = Schema(locale=ctx.locale, window=w, main_table="fact_claims", default_rows=100_000, tables=tables,
                    relationships=rels, rules=rules, insights=insights,
                    messiness=Messiness(level={"beginner": 0, "intermediate": 1, "advanced": 2}[ctx.difficulty], faults=faults))
    statement = (
        f"{company} sells {ln.industry.lower()} across {len(ctx.cities)} cities, headquartered in {ctx.hq_city}. "
        f"Between {w.start:%B %Y} and {w.end:%B %Y} it received {{total_claims}} claims and paid INR {{total_approved}}, "
        f"yet {{rejection_pct}}% of claims were rejected and a claim took {{avg_tat}} days on average to close. "
        f"Complaints to the ombudsman are rising and the regulator watches settlement ratios. {head.name} ({head.role}) "
        "wants to know where money leaks, which customers wait, and which providers to audit."
    )
    problem = Problem(
        company=company, domain=ctx.domain_text, industry=ln.industry, city=ctx.hq_city, statement=statement,
        difficulty=ctx.difficulty,
        characters=[
            Character(name=head.name, role=head.role, part="stakeholder",
                      voice="Our settlement ratio is our reputation. Show me where we pay too much and where we make customers wait."),
            Character(name=ops.name, role=ops.role, part="manager",
                      voice=f"I review the claims desk every Monday. I need turnaround, rejections and {ln.provider} costs on one page."),
            Character(name=analyst.name, role=analyst.role, part="analyst",
                      voice="You are the analyst: join claims to members, plans and providers, and let the numbers speak."),
        ],
        kpis=[
            kpi("Claim Settlement Ratio", "Share of claims settled rather than rejected.", "COUNT(claim_status = 'Settled') / COUNT(claim_id) x 100"),
            kpi("Rejection Rate", "Share of claims rejected.", "AVG(claim_status = 'Rejected') x 100"),
            kpi("Payout Ratio", "Approved amount as a share of the claimed amount.", "SUM(approved_amount) / SUM(claimed_amount) x 100"),
            kpi("Incurred Loss Ratio", "Claims paid as a share of premium earned.", "SUM(approved_amount) / SUM(annual_premium x years) x 100"),
            kpi("Average Turnaround", "Mean days from submission to decision.", "AVG(tat_days)"),
            kpi("Cashless Share", "Share of claims handled cashless.", "AVG(claim_type = 'Cashless') x 100"),
        ],
        questions=questions,
        story_numbers=[
            StoryNumber(id="total_claims", description="Number of claims", sql="SELECT count(*) FROM fact_claims", decimals=0),
            StoryNumber(id="total_approved", description="Total approved amount in INR", sql="SELECT round(sum(approved_amount), 0) FROM fact_claims", decimals=0),
            StoryNumber(id="rejection_pct", description="Rejection rate in percent",
                        sql=f"SELECT round(100 * avg({rej}), 1) FROM fact_claims", decimals=1),
            StoryNumber(id="avg_tat", description="Average turnaround in days", sql="SELECT round(avg(tat_days), 1) FROM fact_claims", decimals=1),
        ],
    )
    if "investigations" in ctx.extras:
        _add_investigations(problem, schema)
    return problem, schema


def _add_investigations(problem: Problem, schema: Schema) -> None:
    """Feedback extra: a fraud-investigations fact table, one row per claim referred to the special investigation unit."""
    schema.tables.append(Table(
        name="fact_investigations", kind="fact", primary_key="investigation_id",
        size=PerParentSize(parent="fact_claims", fraction=0.05),
        description="Claims referred to the special investigation unit (SIU) and what it found.", columns=[
            col("investigation_id", "string", "Unique investigation code.", seq("SIU", 7)),
            col("claim_id", "string", "Claim investigated, linked to fact_claims.", fk(unique=True)),
            col("referred_date", "date", "Date of referral (the claim's submission date).", lookup("claim_id", "submitted_date")),
            col("investigation_days", "integer", "Days the investigation took.", dist("gamma", 3, 90, 0, shape=2, scale=10), unit="days"),
            col("closed_date", "date", "Date the investigation closed.", expr("referred_date + CAST(investigation_days AS INTEGER)")),
            col("trigger", "category", "What raised the flag.", choice(["Billing pattern", "Duplicate documents", "Early claim", "Tip-off", "Random audit"], [0.35, 0.2, 0.2, 0.1, 0.15])),
            col("outcome", "category", "Finding of the investigation.", choice(["Genuine", "Fraud confirmed", "Inconclusive"], [0.62, 0.18, 0.2])),
            col("approved_amount", "decimal", "Amount paid on the claim in INR (from fact_claims).", lookup("claim_id", "approved_amount"), unit="INR"),
            col("recovered_amount", "decimal", "Amount recovered in INR: the paid amount when fraud is confirmed, else 0.",
                expr("CASE WHEN outcome = 'Fraud confirmed' THEN approved_amount ELSE 0 END"), unit="INR"),
        ]))
    schema.relationships.append(rel("fact_claims", "claim_id", "fact_investigations", "claim_id"))
    q4 = question("q4", "The special investigation unit must justify its budget. Generate a report per referral trigger of investigations, confirmed frauds, fraud hit rate (percent, 2 decimals), amount recovered and average days to close, by amount recovered.",
                  ["trigger", "investigations", "frauds_confirmed", "hit_rate_pct", "recovered_amount", "avg_days_to_close"],
                  "SELECT trigger, count(*) AS investigations, sum(CASE WHEN outcome = 'Fraud confirmed' THEN 1 ELSE 0 END) AS frauds_confirmed, "
                  "round(100 * avg(CASE WHEN outcome = 'Fraud confirmed' THEN 1 ELSE 0 END), 2) AS hit_rate_pct, round(sum(recovered_amount), 0) AS recovered_amount, "
                  "round(avg(date_diff('day', referred_date, closed_date)), 1) AS avg_days_to_close FROM fact_investigations GROUP BY 1 ORDER BY recovered_amount DESC, 1",
                  ("bar", "trigger", ["recovered_amount"]), skills=["aggregation", "date arithmetic"])
    problem.questions = [q4 if q.id == "q4" else q for q in problem.questions]
    schema.rules.append(rule("recovery_not_above_paid", "Recoveries never exceed what was paid on the claim.",
                             "SELECT i.* FROM fact_investigations i JOIN fact_claims c USING (claim_id) WHERE i.recovered_amount > c.approved_amount",
                             table="fact_investigations"))
    schema.rules.append(rule("investigation_after_submission", "An investigation closes on or after the claim's submission.",
                             "SELECT i.* FROM fact_investigations i JOIN fact_claims c USING (claim_id) WHERE i.closed_date < c.submitted_date",
                             category="temporal", table="fact_investigations"))


DOMAIN = DomainTemplate(
    key="health_insurance",
    title="Health insurance claims",
    industry="Health insurance",
    keywords=("health insurance", "insurance", "insurer", "insurance claims", "claims", "claim settlement", "mediclaim",
              "tpa", "third party administrator", "hospitalisation", "hospitalization", "cashless", "reimbursement",
              "policyholder", "insurance premium", "loss ratio", "underwriting", "pet insurance", "veterinary", "motor insurance",
              "car insurance", "vehicle insurance", "two-wheeler insurance", "general insurance", "life insurance",
              "medical insurance", "health cover", "health plan", "payer", "hospital claims"),
    summary=("Health insurers and their TPAs adjudicate hospital claims: cashless at network hospitals with "
             "pre-authorisation, or reimbursement after discharge. Profitability hinges on the loss ratio, provider "
             "tariffs and fraud control; customer trust on the claim settlement ratio and turnaround time."),
    research_kpis=("Claim settlement ratio", "Incurred loss ratio", "Rejection rate", "Turnaround time",
                   "Average claim size", "Cashless share"),
    build=build,
    extras={"investigations": "a fraud-investigations table (fact_investigations) with outcomes and recoveries"},
)
