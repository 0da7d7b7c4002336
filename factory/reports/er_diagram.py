"""The ER diagram: tables as boxes (keys listed), foreign keys as arrows child -> parent, parents drawn above.

Drawn with matplotlib patches so no graphviz binary is needed. Layout: a table's level is one more than its
deepest parent's; each level is a row (wrapped when too wide), ordered by the mean position of its parents.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from factory.reports.charts import themed_chart
from factory.reports.theme import GREY, INK, KIND_COLOURS, new_figure, short
from factory.spec.models import Schema, Table

FONT = 6.3  # points, monospace
CHAR_W = 0.64 * FONT / 72  # inches per character of DejaVu Sans Mono (0.6 em) plus a safety margin
LINE_H = 1.45 * FONT / 72
PAD = 0.08
GAP_X, GAP_Y = 0.35, 0.45
MAX_ROW_W = 7.6
MAX_OTHER = 3


@dataclass
class Box:
    """A table's box: its text lines and position (inches, bottom-left)."""

    table: Table
    lines: list[tuple[str, str]]  # (text, style) with style in {"pk", "fk", "col", "more"}
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0

    @property
    def cx(self) -> float:
        """Centre x."""
        return self.x + self.w / 2


def _box(schema: Schema, t: Table) -> Box:
    lines: list[tuple[str, str]] = [(f"PK {t.primary_key}", "pk")]
    others = []
    for c in t.visible_columns:
        rel = schema.parent_of(t.name, c.name)
        if rel is not None and c.name != t.primary_key:
            lines.append((f"FK {c.name} → {rel.parent_table_name}", "fk"))
        elif rel is not None:
            lines[0] = (f"PK {c.name} → {rel.parent_table_name}", "pk")
        elif c.name != t.primary_key:
            others.append(c)
    lines += [(f"   {c.name}: {c.type}", "col") for c in others[:MAX_OTHER]]
    if len(others) > MAX_OTHER:
        lines.append((f"   … {len(others) - MAX_OTHER} more columns", "more"))
    lines = [(short(text, 40), style) for text, style in lines]
    chars = max([len(text) for text, _ in lines] + [len(t.name) + 2])
    return Box(t, lines, chars * CHAR_W + 2 * PAD, (len(lines) + 1.4) * LINE_H + 2 * PAD)


def _levels(schema: Schema) -> dict[str, int]:
    parents = {t.name: [r.parent_table_name for r in schema.relationships
                        if r.child_table_name == t.name and r.parent_table_name != t.name] for t in schema.tables}
    level: dict[str, int] = {}

    def depth(name: str, seen: tuple[str, ...] = ()) -> int:
        if name not in level:
            ps = [p for p in parents.get(name, []) if p not in seen and p in parents]
            level[name] = 1 + max((depth(p, (*seen, name)) for p in ps), default=-1)
        return level[name]

    for t in schema.tables:
        depth(t.name)
    return level


def layout(schema: Schema) -> tuple[list[Box], float, float]:
    """Boxes placed in rows by level; returns boxes, total width and height in inches."""
    boxes = {t.name: _box(schema, t) for t in schema.tables}
    level = _levels(schema)
    rows: list[list[Box]] = []
    for lv in sorted(set(level.values())):
        members = [boxes[t.name] for t in schema.tables if level[t.name] == lv]
        if rows:
            placed = {b.table.name: b.cx for row in rows for b in row}
            members.sort(key=lambda b, placed=placed: _barycentre(schema, b, placed))
        row: list[Box] = []
        for b in members:
            if row and sum(x.w + GAP_X for x in row) + b.w > MAX_ROW_W:
                rows.append(_place_row(row))
                row = []
            row.append(b)
        rows.append(_place_row(row))
    width = max(sum(b.w for b in row) + GAP_X * (len(row) - 1) for row in rows)
    y = 0.0
    for row in reversed(rows):  # bottom row first
        row_h = max(b.h for b in row)
        offset = (width - (sum(b.w for b in row) + GAP_X * (len(row) - 1))) / 2
        for b in row:
            b.x += offset
            b.y = y + row_h - b.h
        y += row_h + GAP_Y
    return [b for row in rows for b in row], width, y - GAP_Y


def _barycentre(schema: Schema, box: Box, placed: dict[str, float]) -> float:
    """Mean x of the box's already placed parents (0 without any)."""
    xs = [placed[r.parent_table_name] for r in schema.relationships
          if r.child_table_name == box.table.name and r.parent_table_name in placed]
    return sum(xs) / len(xs) if xs else 0.0


def _place_row(row: list[Box]) -> list[Box]:
    x = 0.0
    for b in row:
        b.x = x
        x += b.w + GAP_X
    return row


@themed_chart
def er_diagram(schema: Schema) -> Figure:
    """The schema's tables, keys and relationships."""
    boxes, width, height = layout(schema)
    margin = 0.15
    fig = new_figure(height + 2 * margin + 0.25, width=width + 2 * margin, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-margin, width + margin)
    ax.set_ylim(-margin - 0.25, height + margin)
    ax.axis("off")
    by_name = {b.table.name: b for b in boxes}
    _draw_links(ax, schema, by_name)
    for b in boxes:
        colour = KIND_COLOURS.get(b.table.kind, GREY)
        ax.add_patch(FancyBboxPatch((b.x, b.y), b.w, b.h, boxstyle="round,pad=0,rounding_size=0.04",
                                    facecolor="white", edgecolor=colour, linewidth=1.1, zorder=3))
        head_h = 1.4 * LINE_H
        ax.add_patch(FancyBboxPatch((b.x, b.y + b.h - head_h), b.w, head_h, boxstyle="round,pad=0,rounding_size=0.04",
                                    facecolor=colour, edgecolor=colour, linewidth=1.1, zorder=4))
        ax.text(b.x + PAD, b.y + b.h - head_h / 2, b.table.name, color="white", fontsize=FONT + 0.7, weight="bold",
                va="center", family="DejaVu Sans Mono", zorder=5)
        for i, (text, style) in enumerate(b.lines):
            ax.text(b.x + PAD, b.y + b.h - head_h - PAD - (i + 0.5) * LINE_H, text, fontsize=FONT, va="center",
                    family="DejaVu Sans Mono", zorder=5, color=INK if style in ("pk", "fk") else GREY,
                    weight="bold" if style == "pk" else "normal")
    kinds = {t.kind for t in schema.tables}
    handles = [Patch(color=c, label=f"{k} table") for k, c in KIND_COLOURS.items() if k in kinds]
    ax.legend(handles=handles, loc="lower left", ncol=len(handles), frameon=False, fontsize=6, handlelength=1.2,
              borderaxespad=0.1)
    ax.text(width + margin - 0.05, -margin - 0.12, "arrows point from a foreign key (n) to the parent's primary key (1)",
            fontsize=6, color=GREY, va="center", ha="right")
    return fig


def _draw_links(ax: object, schema: Schema, by_name: dict[str, Box]) -> None:
    out_ports: dict[str, list[tuple[float, object]]] = {}
    in_ports: dict[str, list[tuple[float, object]]] = {}
    rels = [r for r in schema.relationships if r.parent_table_name in by_name and r.child_table_name in by_name]
    for r in rels:
        out_ports.setdefault(r.child_table_name, []).append((by_name[r.parent_table_name].cx, r))
        in_ports.setdefault(r.parent_table_name, []).append((by_name[r.child_table_name].cx, r))

    def port(ports: dict[str, list[tuple[float, object]]], name: str, r: object) -> float:
        items = sorted(ports[name], key=lambda p: p[0])
        i = [id(x[1]) for x in items].index(id(r))
        b = by_name[name]
        return b.x + b.w * (i + 1) / (len(items) + 1)

    for r in rels:
        child, parent = by_name[r.child_table_name], by_name[r.parent_table_name]
        x0, y0 = port(out_ports, child.table.name, r), child.y + child.h
        x1, y1 = port(in_ports, parent.table.name, r), parent.y
        if parent is child or y1 < y0:  # same row or upward: route around the side
            x0, y0, x1, y1 = child.x + child.w, child.y + child.h / 2, parent.x + parent.w, parent.y + parent.h / 2
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=2,
                    arrowprops={"arrowstyle": "-|>", "color": "#7A8699", "lw": 0.8, "shrinkA": 0, "shrinkB": 0,
                                "connectionstyle": "arc3,rad=0.0" if abs(x1 - x0) < 0.05 else "arc3,rad=0.08"})
        ax.text(x0 + 0.03, y0 + 0.05, "n", fontsize=5.5, color=GREY, zorder=2)
        ax.text(x1 + 0.03, y1 - 0.11, "1", fontsize=5.5, color=GREY, zorder=2)
