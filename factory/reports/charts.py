"""The report charts: each draws one matplotlib Figure from aggregates (never from raw rows)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Wedge

from factory.reports.profile import BoxStat, Cardinality, Histogram, TopValues
from factory.reports.theme import (
    GREY,
    INK,
    KIND_COLOURS,
    LIGHT,
    NAVY,
    RC,
    RED,
    SERIES,
    TEAL,
    human,
    new_figure,
    score_colour,
    short,
)

NULL_CMAP = LinearSegmentedColormap.from_list("nulls", ["#EEF3F8", "#FCE3C0", "#F4A259", RED])


def themed_chart(fn: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw under the report theme."""
    import matplotlib.pyplot as plt

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with plt.rc_context(RC):
            return fn(*args, **kwargs)

    return wrapper


def _grid(n: int, cols: int = 2) -> tuple[int, int]:
    return max(1, math.ceil(n / cols)), min(cols, max(n, 1))


def _empty(ax: Any, text: str) -> None:
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", color=GREY, fontsize=9, transform=ax.transAxes)


@themed_chart
def score_card(overall: float, threshold: float, passed: bool, categories: int, checks: int, failed: int) -> Figure:
    """A gauge of the overall score out of 10 with the pass threshold marked."""
    fig = new_figure(2.6)
    ax = fig.add_subplot(1, 2, 1, aspect="equal")
    ax.axis("off")
    colour = score_colour(overall, threshold)
    ax.add_patch(Wedge((0, 0), 1.0, 0, 180, width=0.22, color=LIGHT))
    ax.add_patch(Wedge((0, 0), 1.0, 180 - 180 * min(max(overall, 0), 10) / 10, 180, width=0.22, color=colour))
    t_angle = math.radians(180 - 180 * threshold / 10)
    ax.plot([0.74 * math.cos(t_angle), 1.04 * math.cos(t_angle)], [0.74 * math.sin(t_angle), 1.04 * math.sin(t_angle)],
            color=INK, lw=1.5)
    ax.text(1.08 * math.cos(t_angle), 1.1 * math.sin(t_angle), f"pass {threshold:g}", ha="center", fontsize=7, color=INK)
    ax.text(0, 0.18, f"{overall:.1f}", ha="center", va="center", fontsize=30, weight="bold", color=colour)
    ax.text(0, -0.12, "out of 10", ha="center", va="center", fontsize=8, color=GREY)
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-0.25, 1.2)
    tx = fig.add_subplot(1, 2, 2)
    tx.axis("off")
    verdict = "PASSED" if passed else "BELOW THRESHOLD"
    tx.text(0.0, 0.82, verdict, fontsize=16, weight="bold", color=colour, transform=tx.transAxes)
    lines = [f"Threshold: {threshold:g} / 10", f"Categories scored: {categories}",
             f"Checks run: {checks:,}", f"Checks failed: {failed:,}"]
    for i, line in enumerate(lines):
        tx.text(0.0, 0.58 - i * 0.15, line, fontsize=9, color=INK, transform=tx.transAxes)
    return fig


@themed_chart
def category_scores(names: list[str], scores: list[float], weights: list[float], threshold: float) -> Figure:
    """Horizontal bars of the category scores (0-10) with the threshold line."""
    fig = new_figure(3.0)
    ax = fig.add_subplot()
    y = np.arange(len(names))[::-1]
    labels = [f"{n.replace('_', ' ').capitalize()}  ({w * 100:g}%)" for n, w in zip(names, weights, strict=True)]
    ax.barh(y, scores, color=[score_colour(s, threshold) for s in scores], height=0.62)
    for yi, s in zip(y, scores, strict=True):
        ax.text(min(s, 10) + 0.12, yi, f"{s:.1f}", va="center", fontsize=7.5, color=INK)
    ax.axvline(threshold, color=INK, lw=1, ls="--")
    ax.text(threshold, len(names) - 0.35, f" threshold {threshold:g}", fontsize=7, color=INK)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 10.8)
    ax.set_xlabel("score (0-10); weight of each category in brackets")
    ax.grid(axis="y", visible=False)
    return fig


@themed_chart
def rows_per_table(names: list[str], counts: list[int], kinds: list[str]) -> Figure:
    """Rows per table on a log scale, coloured by table kind."""
    fig = new_figure(0.9 + 0.32 * len(names))
    ax = fig.add_subplot()
    y = np.arange(len(names))[::-1]
    ax.barh(y, [max(c, 1) for c in counts], color=[KIND_COLOURS.get(k, GREY) for k in kinds], height=0.6)
    for yi, c in zip(y, counts, strict=True):
        ax.text(max(c, 1) * 1.08, yi, f"{c:,}", va="center", fontsize=7.5, color=INK)
    ax.set_xscale("log")
    ax.set_xlim(0.8, max(max(counts, default=1), 1) * 8)
    ax.set_yticks(y, names)
    ax.set_xlabel("rows (log scale)")
    ax.grid(axis="y", visible=False)
    handles = [ax.bar(0, 0, color=c, label=k) for k, c in KIND_COLOURS.items() if k in kinds]
    ax.legend(handles=handles, loc="lower right")
    return fig


@themed_chart
def null_heatmap(null_rates: dict[str, list[tuple[str, float]]]) -> Figure:
    """One column of cells per table, one cell per column, shaded and labelled by its null rate."""
    tables = list(null_rates)
    depth = max((len(v) for v in null_rates.values()), default=1)
    fig = new_figure(0.8 + 0.3 * depth)
    ax = fig.add_subplot()
    grid = np.full((depth, len(tables)), np.nan)
    for j, t in enumerate(tables):
        for i, (_, rate) in enumerate(null_rates[t]):
            grid[i, j] = rate
    vmax = max(0.05, float(np.nanmax(grid)) if np.isfinite(grid).any() else 0.05)
    im = ax.imshow(np.ma.masked_invalid(grid), cmap=NULL_CMAP, vmin=0, vmax=vmax, aspect="auto")
    width = max(8, int(110 / max(len(tables), 1)))
    for j, t in enumerate(tables):
        for i, (col, rate) in enumerate(null_rates[t]):
            label = f"{short(col, width)}  {rate * 100:.1f}%" if rate else short(col, width + 6)
            ax.text(j, i, label, ha="center", va="center", fontsize=5.8, color=INK if rate < vmax * 0.7 else "white")
    ax.set_xticks(range(len(tables)), [short(t, 22) for t in tables], fontsize=6.5)
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(tables)), minor=True)
    ax.set_yticks(np.arange(-0.5, depth), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    fig.colorbar(im, ax=ax, shrink=0.6, fraction=0.04, pad=0.02, label="share of NULL values",
                 format=lambda v, _: f"{v * 100:.0f}%")
    return fig


@themed_chart
def children_per_parent(stats: list[Cardinality]) -> Figure:
    """Box plot per relationship of the number of children each parent row has."""
    fig = new_figure(0.9 + 0.42 * max(len(stats), 1))
    ax = fig.add_subplot()
    if not stats:
        _empty(ax, "The schema has no relationships.")
        return fig
    boxes = [{"label": f"{short(s.label, 48)}  (mean {s.mean:,.1f})", "whislo": s.min, "q1": s.q1, "med": s.median,
              "q3": s.q3, "whishi": s.max, "fliers": []} for s in stats][::-1]
    ax.bxp(boxes, orientation="horizontal", showfliers=False, widths=0.55, patch_artist=True,
           boxprops={"facecolor": "#D6E4F0", "edgecolor": NAVY}, medianprops={"color": RED, "linewidth": 1.6},
           whiskerprops={"color": NAVY}, capprops={"color": NAVY})
    for i, s in enumerate(stats[::-1], start=1):
        ax.plot([s.p95], [i], marker="|", color=RED, markersize=9)
    if max(s.max for s in stats) > 50 * max(min(s.median for s in stats), 1):
        ax.set_xscale("symlog", linthresh=1)
        ax.xaxis.set_major_formatter(lambda v, _: human(v))
    ax.set_xlabel("children per parent row (box: quartiles, whiskers: min-max, red tick: 95th percentile)")
    ax.grid(axis="y", visible=False)
    return fig


@themed_chart
def distributions(hists: list[Histogram]) -> Figure:
    """Histograms of the key numeric measures (bins computed in DuckDB)."""
    rows, cols = _grid(len(hists))
    fig = new_figure(0.4 + 2.1 * rows)
    if not hists:
        _empty(fig.add_subplot(), "The main table has no numeric measures.")
        return fig
    for i, h in enumerate(hists):
        ax = fig.add_subplot(rows, cols, i + 1)
        widths = np.diff(h.edges)
        ax.bar(h.edges[:-1], h.counts, width=widths * (0.8 if h.discrete else 0.95), align="edge",
               color=SERIES[i % len(SERIES)], alpha=0.9)
        ax.set_title(short(h.label, 48), fontsize=8)
        ax.yaxis.set_major_formatter(lambda v, _: human(v))
        ax.set_ylabel("rows")
    return fig


@themed_chart
def top_values(tops: list[TopValues]) -> Figure:
    """Bars of the most frequent values of the key categorical columns."""
    rows, cols = _grid(len(tops))
    fig = new_figure(0.4 + 2.2 * rows)
    if not tops:
        _empty(fig.add_subplot(), "No categorical column with repeated values.")
        return fig
    for i, t in enumerate(tops):
        ax = fig.add_subplot(rows, cols, i + 1)
        labels = [short(v, 20) for v, _ in t.values][::-1]
        shares = [n / t.total * 100 for _, n in t.values][::-1]
        ax.barh(labels, shares, color=SERIES[i % len(SERIES)], height=0.65)
        for y, s in enumerate(shares):
            ax.text(s, y, f" {s:.1f}%", va="center", fontsize=6.5, color=INK)
        ax.set_title(f"{short(t.label, 36)}  ({t.distinct:,} distinct)", fontsize=8)
        ax.set_xlim(0, max(shares) * 1.25)
        ax.set_xlabel("% of rows")
        ax.grid(axis="y", visible=False)
    return fig


@themed_chart
def monthly_trend(points: list[tuple[str, float, int]], measure_label: str) -> Figure:
    """The main measure per month (line) over the number of rows per month (bars)."""
    fig = new_figure(3.0)
    ax = fig.add_subplot()
    if not points:
        _empty(ax, "The main table has no date column to trend by.")
        return fig
    months = [m for m, _, _ in points]
    x = np.arange(len(months))
    ax2 = ax.twinx()
    ax2.bar(x, [n for _, _, n in points], color=LIGHT, width=0.8, zorder=0)
    ax2.set_ylabel("rows per month", color=GREY)
    ax2.grid(False)
    ax2.spines["right"].set_visible(True)
    ax2.yaxis.set_major_formatter(lambda v, _: human(v))
    ax.set_zorder(ax2.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(x, [v for _, v, _ in points], color=NAVY, marker="o", markersize=3, lw=1.8)
    ax.set_ylabel(measure_label, color=NAVY)
    ax.yaxis.set_major_formatter(lambda v, _: human(v))
    step = max(1, len(months) // 12)
    ax.set_xticks(x[::step], months[::step], rotation=45, ha="right")
    return fig


@themed_chart
def correlation_heatmap(labels: list[str], matrix: list[list[float | None]]) -> Figure:
    """Pearson correlations of the main table's numeric columns."""
    n = len(labels)
    fig = new_figure(1.2 + 0.42 * max(n, 2), width=min(7.2, 2.4 + 0.62 * max(n, 2)))
    ax = fig.add_subplot()
    if n < 2:
        _empty(ax, "Fewer than two numeric columns: nothing to correlate.")
        return fig
    m = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    im = ax.imshow(m, cmap="RdBu_r", vmin=-1, vmax=1)
    for i in range(n):
        for j in range(n):
            v = m[i, j]
            ax.text(j, i, "–" if np.isnan(v) else f"{v:.2f}", ha="center", va="center", fontsize=6.5,
                    color="white" if not np.isnan(v) and abs(v) > 0.6 else INK)
    names = [short(x, 18) for x in labels]
    ax.set_xticks(range(n), names, rotation=40, ha="right")
    ax.set_yticks(range(n), names)
    ax.grid(False)
    fig.colorbar(im, ax=ax, shrink=0.8, label="Pearson r")
    return fig


@themed_chart
def outlier_boxes(stats: list[BoxStat]) -> Figure:
    """One box plot per key measure from DuckDB quantiles, with the most extreme outliers as dots."""
    cols = max(len(stats), 1)
    fig = new_figure(2.8)
    if not stats:
        _empty(fig.add_subplot(), "The main table has no numeric measures.")
        return fig
    for i, s in enumerate(stats):
        ax = fig.add_subplot(1, cols, i + 1)
        ax.bxp([{"label": "", "whislo": s.whislo, "q1": s.q1, "med": s.med, "q3": s.q3, "whishi": s.whishi,
                 "fliers": s.fliers}], widths=0.5, patch_artist=True,
               boxprops={"facecolor": "#D6E4F0", "edgecolor": NAVY}, medianprops={"color": RED, "linewidth": 1.6},
               flierprops={"marker": "o", "markersize": 3, "markerfacecolor": TEAL, "markeredgecolor": "none", "alpha": 0.7})
        share = s.outliers / s.n * 100 if s.n else 0.0
        ax.set_title(short(s.label.split(".", 1)[-1], 22), fontsize=8)
        ax.set_xlabel(f"{s.outliers:,} outliers ({share:.1f}%)", fontsize=7)
        ax.set_xticks([])
        ax.yaxis.set_major_formatter(lambda v, _: human(v))
    return fig


@themed_chart
def coverage_matrix(qids: list[str], tables: list[str], matrix: list[list[int]]) -> Figure:
    """Which tables each question's answer reads (a filled cell = used)."""
    fig = new_figure(0.9 + 0.34 * max(len(qids), 1))
    ax = fig.add_subplot()
    m = np.array(matrix or [[0] * len(tables)], dtype=float)
    ax.imshow(m, cmap=LinearSegmentedColormap.from_list("cov", ["#F5F7FA", TEAL]), vmin=0, vmax=1, aspect="auto")
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j]:
                ax.text(j, i, "✓", ha="center", va="center", color="white", fontsize=9, weight="bold")
    used = m.sum(axis=0)
    ax.set_xticks(range(len(tables)), [f"{short(t, 20)}\n({int(u)} q)" for t, u in zip(tables, used, strict=True)],
                  fontsize=6.5)
    ax.set_yticks(range(len(qids)), qids)
    ax.xaxis.tick_top()
    ax.grid(False)
    ax.set_xticks(np.arange(-0.5, len(tables)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(qids)), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    return fig
