"""One visual theme for every report: colours, fonts and the matplotlib defaults (Agg backend)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

NAVY = "#1F3A5F"
TEAL = "#2A9D8F"
AMBER = "#E9A23B"
RED = "#D1495B"
GREEN = "#3A9D5D"
GREY = "#8A94A6"
LIGHT = "#EEF2F7"
INK = "#1E2530"
KIND_COLOURS = {"fact": NAVY, "dimension": TEAL, "bridge": AMBER}
SERIES = [NAVY, TEAL, AMBER, RED, "#6C5B7B", "#4D908E", "#F28482", "#577590"]
FIG_WIDTH = 7.2  # inches; the PDF shows figures 17 cm wide

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlecolor": INK,
    "axes.labelsize": 8,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#C9D1DC",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#E3E8EF",
    "grid.linewidth": 0.6,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "figure.dpi": 100,
}


def new_figure(height: float, width: float = FIG_WIDTH, layout: str | None = "constrained") -> Figure:
    """A figure in the report theme (not registered with pyplot, so it is freed when dropped)."""
    with plt.rc_context(RC):
        return Figure(figsize=(width, height), layout=layout)


def themed() -> object:
    """Context manager applying the theme while axes are drawn."""
    return plt.rc_context(RC)


def score_colour(score: float, threshold: float) -> str:
    """Green at or above the threshold, amber within 2 points below it, red under that."""
    if score >= threshold:
        return GREEN
    return AMBER if score >= threshold - 2 else RED


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def short(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def human(n: float) -> str:
    """Compact number: 1.2M, 35.4K, 812."""
    a = abs(n)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if a >= div:
            return f"{n / div:.1f}{suffix}"
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.2f}"
