"""The 12 mandatory visuals of the quality report: title, one-line caption (what to look at) and figure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.figure import Figure

from factory.reports import charts
from factory.reports.base import ReportContext
from factory.reports.er_diagram import er_diagram

CATEGORIES: tuple[str, ...] = (
    "schema_conformance", "referential_integrity", "business_rules", "temporal_consistency",
    "distributions", "diversity", "answerability", "documentation",
)


@dataclass(frozen=True)
class Visual:
    """One figure of the report."""

    key: str
    title: str
    caption: str
    draw: Callable[[ReportContext], Figure]


def weight_fraction(weight: object) -> float:
    """A category weight as a fraction: qa_results states percent (12.5), older files a fraction (0.125)."""
    w = float(weight or 0.0)  # type: ignore[arg-type]
    return w / 100 if w > 1 else w


SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}



def failed_checks(qa: dict) -> list[tuple[str, dict]]:
    """(category, check) of every failed check, worst severity first."""
    found = [(name, c) for name, cat in (qa.get("categories") or {}).items() for c in cat.get("checks", []) or []
             if not c.get("success", False)]
    return sorted(found, key=lambda nc: SEVERITY_ORDER.get(str(nc[1].get("severity")), 3))


def qa_numbers(qa: dict) -> tuple[float, float, bool, list[str], list[float], list[float], int, int]:
    """Overall, threshold, passed, category names, scores, weights, checks run and failed from qa_results."""
    cats = qa.get("categories", {}) or {}
    names = [c for c in CATEGORIES if c in cats] + [c for c in cats if c not in CATEGORIES]
    scores = [float(cats[n].get("score", 0.0)) for n in names]
    weights = [weight_fraction(cats[n].get("weight")) for n in names]
    checks = [ch for n in names for ch in cats[n].get("checks", []) or []]
    failed = sum(1 for ch in checks if not ch.get("success", False))
    return (float(qa.get("overall", 0.0)), float(qa.get("threshold", 8.0)), bool(qa.get("passed", False)),
            names, scores, weights, len(checks), failed)


def _score_card(ctx: ReportContext) -> Figure:
    overall, threshold, passed, names, _, _, n, failed = qa_numbers(ctx.run.qa)
    return charts.score_card(overall, threshold, passed, len(names), n, failed)


def _categories(ctx: ReportContext) -> Figure:
    _, threshold, _, names, scores, weights, _, _ = qa_numbers(ctx.run.qa)
    return charts.category_scores(names, scores, weights, threshold)


def _rows(ctx: ReportContext) -> Figure:
    tables = ctx.run.tables
    return charts.rows_per_table([t.name for t in tables], [ctx.profile.row_counts[t.name] for t in tables],
                                 [t.kind for t in tables])


def _trend(ctx: ReportContext) -> Figure:
    m = ctx.profile.measure
    label = "rows" if m is None or not m.column else f"{m.agg}({m.column})" + (f" [{m.unit}]" if m.unit else "")
    return charts.monthly_trend(ctx.profile.monthly, label)


VISUALS: tuple[Visual, ...] = (
    Visual("score_card", "Overall quality score",
           "The weighted score out of 10 against the pass threshold: green passes, amber is close, red fails.", _score_card),
    Visual("category_scores", "Scores of the 8 quality categories",
           "Each category scored 0-10; bars left of the dashed threshold line show where the data needs work.", _categories),
    Visual("er_diagram", "Entity-relationship diagram",
           "Tables with their primary (PK) and foreign (FK) keys; every arrow is a join path from child to parent.",
           lambda ctx: er_diagram(ctx.run.challenge.schema_)),
    Visual("rows_per_table", "Rows per table",
           "Table sizes on a log scale: facts should dwarf dimensions; an empty or tiny fact table is a red flag.", _rows),
    Visual("null_heatmap", "Null rate per column",
           "Darker cells hold more missing values; only nullable or deliberately messy columns should be shaded.",
           lambda ctx: charts.null_heatmap(ctx.profile.null_rates)),
    Visual("children_per_parent", "Children per parent for each relationship",
           "How many child rows each parent has: skewed boxes show popular parents, a box at 0 shows childless parents.",
           lambda ctx: charts.children_per_parent(ctx.profile.cardinality)),
    Visual("distributions", "Distributions of the key numeric measures",
           "Shapes of the main measures between their 0.5th and 99.5th percentiles: look for skew, spikes and gaps.",
           lambda ctx: charts.distributions(ctx.profile.histograms)),
    Visual("top_values", "Top values of the key categorical columns",
           "Most frequent values as a share of rows: check the mix is plausible and no spelling variants split a value.",
           lambda ctx: charts.top_values(ctx.profile.top_values)),
    Visual("monthly_trend", "Monthly trend of the main measure",
           "The headline measure per month (line) over rows per month (bars): seasonality and growth should be visible.",
           _trend),
    Visual("correlation", "Correlation heatmap of the main fact table",
           "Pearson r between numeric columns: strong red or blue cells are derived or related measures worth explaining.",
           lambda ctx: charts.correlation_heatmap(ctx.profile.corr_labels, ctx.profile.corr)),
    Visual("outliers", "Outliers of the key measures",
           "Box plots from DuckDB quantiles (whiskers at 1.5 IQR); dots are the most extreme values to inspect or clean.",
           lambda ctx: charts.outlier_boxes(ctx.profile.boxes)),
    Visual("coverage", "Question x table coverage",
           "Which tables each question needs: every table should serve at least one question.",
           lambda ctx: charts.coverage_matrix(*ctx.profile.coverage)),
)
