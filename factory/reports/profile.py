"""Aggregates behind every chart, computed in DuckDB (one small result per chart, never raw rows)."""

from __future__ import annotations

from dataclasses import dataclass

from factory.reports.run_data import RunData, quote
from factory.reports.selection import (
    MainMeasure,
    coverage,
    key_categories,
    main_measure,
    measures,
    numeric_columns,
)
from factory.spec.models import Schema
from factory.spec.tables import Relationship


@dataclass(frozen=True)
class Cardinality:
    """Children per parent of one relationship (parents without children count as 0)."""

    label: str
    min: float
    q1: float
    median: float
    q3: float
    p95: float
    max: float
    mean: float
    childless_share: float


@dataclass(frozen=True)
class Histogram:
    """Counts per bin of one numeric column (edges has one more item than counts)."""

    label: str
    edges: list[float]
    counts: list[int]
    discrete: bool


@dataclass(frozen=True)
class TopValues:
    """Most frequent values of a categorical column."""

    label: str
    values: list[tuple[str, int]]
    distinct: int
    total: int


@dataclass(frozen=True)
class BoxStat:
    """Box-plot statistics (Tukey fences at 1.5 IQR) and the most extreme outliers."""

    label: str
    whislo: float
    q1: float
    med: float
    q3: float
    whishi: float
    fliers: list[float]
    outliers: int
    n: int


@dataclass
class Profile:
    """All aggregates the PDF charts and the workbook need."""

    row_counts: dict[str, int]
    null_rates: dict[str, list[tuple[str, float]]]
    cardinality: list[Cardinality]
    histograms: list[Histogram]
    top_values: list[TopValues]
    measure: MainMeasure | None
    monthly: list[tuple[str, float, int]]
    corr_labels: list[str]
    corr: list[list[float | None]]
    boxes: list[BoxStat]
    coverage: tuple[list[str], list[str], list[list[int]]]


def _shipped(schema: Schema, r: Relationship) -> bool:
    """Both ends of a relationship are in the delivered files (a hidden helper key is never shipped)."""
    ends = ((r.parent_table_name, r.parent_primary_key), (r.child_table_name, r.child_foreign_key))
    return all((t := schema.table(tn)) is not None and cn in {c.name for c in t.visible_columns} for tn, cn in ends)


def build_profile(run: RunData) -> Profile:
    """Compute every aggregate of the run's tables."""
    ch = run.challenge
    schema = ch.schema_
    main = schema.table(schema.main_table) or schema.tables[0]
    key_measures = measures(ch, main)
    mm = main_measure(ch)
    labels, corr = correlation(run, main.name, [c.name for c in numeric_columns(ch, main)])
    return Profile(
        row_counts=dict(run.row_counts),
        null_rates={t.name: null_rates(run, t.name, [c.name for c in t.visible_columns]) for t in schema.tables},
        cardinality=[cardinality(run, r.parent_table_name, r.parent_primary_key, r.child_table_name,
                                 r.child_foreign_key) for r in schema.relationships if _shipped(schema, r)],
        histograms=[histogram(run, main.name, c.name, c.type == "integer") for c in key_measures],
        top_values=informative_top_values(run),
        measure=mm,
        monthly=monthly(run, mm) if mm and mm.date_column else [],
        corr_labels=labels,
        corr=corr,
        boxes=[box_stat(run, main.name, c.name) for c in key_measures],
        coverage=coverage(ch),
    )


def null_rates(run: RunData, table: str, columns: list[str]) -> list[tuple[str, float]]:
    """Share of NULL values of each column (one scan)."""
    have = {r[0] for r in run.con.execute(f"DESCRIBE {quote(table)}").fetchall()}
    cols = [c for c in columns if c in have]
    if not cols or not run.row_counts.get(table):
        return [(c, 0.0) for c in cols]
    sel = ", ".join(f"avg(CASE WHEN {quote(c)} IS NULL THEN 1.0 ELSE 0.0 END)" for c in cols)
    row = run.con.execute(f"SELECT {sel} FROM {quote(table)}").fetchone()
    return [(c, float(v or 0.0)) for c, v in zip(cols, row, strict=True)]


def cardinality(run: RunData, parent: str, pk: str, child: str, fk: str) -> Cardinality:
    """Distribution of the number of children per parent row."""
    sql = (
        f"WITH c AS (SELECT {quote(fk)} AS k, count(*) AS n FROM {quote(child)} GROUP BY 1), "
        f"p AS (SELECT coalesce(c.n, 0) AS n FROM {quote(parent)} AS par LEFT JOIN c ON c.k = par.{quote(pk)}) "
        "SELECT min(n), quantile_cont(n, 0.25), median(n), quantile_cont(n, 0.75), quantile_cont(n, 0.95), max(n), "
        "avg(n), avg(CASE WHEN n = 0 THEN 1.0 ELSE 0.0 END) FROM p"
    )
    r = [float(v or 0.0) for v in run.con.execute(sql).fetchone()]
    return Cardinality(f"{parent} → {child}", *r)


def histogram(run: RunData, table: str, column: str, integer: bool, bins: int = 30) -> Histogram:
    """Counts per bin between the 0.5th and 99.5th percentiles (values beyond fall in the edge bins)."""
    c, t = quote(column), quote(table)
    lo, hi, distinct = run.con.execute(
        f"SELECT quantile_cont({c}, 0.005), quantile_cont({c}, 0.995), approx_count_distinct({c}) FROM {t}"
    ).fetchone()
    label = f"{table}.{column}"
    if lo is None:
        return Histogram(label, [0.0, 1.0], [0], False)
    lo, hi = float(lo), float(hi)
    if integer and (hi - lo) <= 40:
        rows = run.con.execute(
            f"SELECT least(greatest({c}, {lo}), {hi}) AS v, count(*) FROM {t} WHERE {c} IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).fetchall()
        counts = {int(v): int(n) for v, n in rows}
        values = list(range(int(lo), int(hi) + 1))
        return Histogram(label, [v - 0.5 for v in values] + [values[-1] + 0.5], [counts.get(v, 0) for v in values], True)
    if hi <= lo:
        hi = lo + 1.0
    width = (hi - lo) / bins
    rows = run.con.execute(
        f"SELECT least(greatest(floor(({c} - {lo}) / {width}), 0), {bins - 1})::INTEGER AS b, count(*) "
        f"FROM {t} WHERE {c} IS NOT NULL GROUP BY 1"
    ).fetchall()
    counts = {int(b): int(n) for b, n in rows}
    return Histogram(label, [lo + i * width for i in range(bins + 1)], [counts.get(i, 0) for i in range(bins)], False)


def top_values(run: RunData, table: str, column: str, limit: int = 8) -> TopValues:
    """The most frequent values of a column, with the number of distinct values."""
    c, t = quote(column), quote(table)
    rows = run.con.execute(
        f"SELECT coalesce(CAST({c} AS VARCHAR), '(null)') AS v, count(*) AS n FROM {t} GROUP BY 1 ORDER BY n DESC, v LIMIT {limit}"
    ).fetchall()
    distinct, total = run.con.execute(f"SELECT count(DISTINCT {c}), count(*) FROM {t}").fetchone()
    return TopValues(f"{table}.{column}", [(str(v), int(n)) for v, n in rows], int(distinct), int(total))


def informative_top_values(run: RunData, limit: int = 4) -> list[TopValues]:
    """Top values of the key categorical columns, skipping columns whose values are (almost) all distinct."""
    found: list[TopValues] = []
    for t, c in key_categories(run.challenge):
        tv = top_values(run, t.name, c.name)
        if tv.total and tv.distinct <= 0.8 * tv.total and tv.distinct > 1:
            found.append(tv)
        if len(found) == limit:
            break
    return found


def monthly(run: RunData, mm: MainMeasure) -> list[tuple[str, float, int]]:
    """(YYYY-MM, aggregated measure, rows) per month of the main table's date."""
    d, t = quote(mm.date_column or ""), quote(mm.table)
    value = f"{mm.agg}({quote(mm.column)})" if mm.column else "count(*)"
    rows = run.con.execute(
        f"SELECT strftime(date_trunc('month', {d}), '%Y-%m') AS m, {value}, count(*) FROM {t} "
        f"WHERE {d} IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return [(m, float(v or 0.0), int(n)) for m, v, n in rows]


def correlation(run: RunData, table: str, columns: list[str]) -> tuple[list[str], list[list[float | None]]]:
    """Pearson correlation of every pair of columns (booleans as 0/1), one scan."""
    if len(columns) < 2:
        return columns, [[1.0] * len(columns) for _ in columns]
    types = dict(run.con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {quote(table)})").fetchall())
    expr = {c: f"CAST({quote(c)} AS DOUBLE)" if types.get(c) != "BOOLEAN" else f"CAST({quote(c)} AS INTEGER)"
            for c in columns}
    pairs = [(a, b) for i, a in enumerate(columns) for b in columns[i + 1:]]
    sel = ", ".join(f"corr({expr[a]}, {expr[b]})" for a, b in pairs)
    row = run.con.execute(f"SELECT {sel} FROM {quote(table)}").fetchone()
    m: list[list[float | None]] = [[1.0 if i == j else None for j in range(len(columns))] for i in range(len(columns))]
    for (a, b), v in zip(pairs, row, strict=True):
        i, j = columns.index(a), columns.index(b)
        m[i][j] = m[j][i] = None if v is None else float(v)
    return columns, m


def box_stat(run: RunData, table: str, column: str, max_fliers: int = 40) -> BoxStat:
    """Quartiles, Tukey whiskers, the outlier count and the most extreme outliers of a column."""
    c, t = quote(column), quote(table)
    q1, med, q3, lo, hi, n = run.con.execute(
        f"SELECT quantile_cont({c}, 0.25), median({c}), quantile_cont({c}, 0.75), min({c}), max({c}), count({c}) FROM {t}"
    ).fetchone()
    label = f"{table}.{column}"
    if n == 0:
        return BoxStat(label, 0, 0, 0, 0, 0, [], 0, 0)
    q1, med, q3, lo, hi = (float(v) for v in (q1, med, q3, lo, hi))
    low_f, high_f = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    wlo, whi, outliers = run.con.execute(
        f"SELECT min({c}) FILTER (WHERE {c} >= {low_f}), max({c}) FILTER (WHERE {c} <= {high_f}), "
        f"count(*) FILTER (WHERE {c} < {low_f} OR {c} > {high_f}) FROM {t}"
    ).fetchone()
    fliers = [float(v) for (v,) in run.con.execute(
        f"SELECT DISTINCT {c} FROM {t} WHERE {c} < {low_f} OR {c} > {high_f} ORDER BY abs({c} - {med}) DESC LIMIT {max_fliers}"
    ).fetchall()]
    return BoxStat(label, float(wlo if wlo is not None else lo), q1, med, q3, float(whi if whi is not None else hi),
                   fliers, int(outliers), int(n))
