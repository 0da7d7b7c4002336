"""Cell writing and styling for the workbook: text stays text (no formula injection), formats, widths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from factory.reports.theme import LIGHT, NAVY, TEAL
from factory.safe_text import looks_like_formula

HEADER_FILL = PatternFill("solid", fgColor=NAVY.lstrip("#"))
BAND_FILL = PatternFill("solid", fgColor=LIGHT.lstrip("#"))
ACCENT_FILL = PatternFill("solid", fgColor=TEAL.lstrip("#"))
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=16, color=NAVY.lstrip("#"))
SUBTITLE_FONT = Font(bold=True, size=12, color=NAVY.lstrip("#"))
LABEL_FONT = Font(bold=True, color="1E2530")
MONO_FONT = Font(name="Consolas", size=9)
THIN = Border(bottom=Side(style="thin", color="D5DCE6"))
WRAP = Alignment(wrap_text=True, vertical="top")
INT_FORMAT = "#,##0"
DEC_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def put(ws: Worksheet, row: int, col: int, value: object, *, font: Font | None = None, fmt: str | None = None) -> Cell:
    """Write one value; text is always stored as text, so '=cmd()' can never become a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, bool) or value is None or isinstance(value, int | float | dt.date | dt.datetime):
        cell.value = value
        if fmt is None and isinstance(value, int | float) and not isinstance(value, bool):
            fmt = INT_FORMAT if isinstance(value, int) else DEC_FORMAT
        if fmt is None and isinstance(value, dt.datetime):
            fmt = TIME_FORMAT
        elif fmt is None and isinstance(value, dt.date):
            fmt = DATE_FORMAT
    else:
        cell.value = str(value)
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    if fmt:
        cell.number_format = fmt
    if font is not None:
        cell.font = font
    return cell


def header_row(ws: Worksheet, row: int, names: Sequence[str], col: int = 1) -> None:
    """A styled header row."""
    for j, name in enumerate(names):
        c = put(ws, row, col + j, name, font=HEADER_FONT)
        c.fill = HEADER_FILL
        c.alignment = Alignment(vertical="center", wrap_text=True)


def table(ws: Worksheet, row: int, names: Sequence[str], rows: Iterable[Sequence[object]], col: int = 1,
          formats: Sequence[str | None] | None = None) -> int:
    """Header plus banded rows; returns the last row written."""
    header_row(ws, row, names, col)
    last = row
    for i, values in enumerate(rows):
        last = row + 1 + i
        for j, v in enumerate(values):
            c = put(ws, last, col + j, v, fmt=formats[j] if formats else None)
            c.border = THIN
            if i % 2:
                c.fill = BAND_FILL
    return last


def fit_widths(ws: Worksheet, *, minimum: int = 8, maximum: int = 60, skip_rows: int = 0) -> None:
    """Set column widths from the longest value in each column (ignoring the first `skip_rows` rows)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=skip_rows + 1):
        for c in row:
            if c.value is None:
                continue
            text = f"{c.value:,.2f}" if isinstance(c.value, float) else str(c.value)
            longest = max((len(part) for part in text.split("\n")), default=0)
            widths[c.column] = max(widths.get(c.column, 0), longest)
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, w + 2))


def number_format_for(values: Sequence[object]) -> str | None:
    """The format of a column from its values: whole numbers, decimals or dates."""
    sample = [v for v in values if v is not None][:200]
    if sample and all(isinstance(v, int) and not isinstance(v, bool) for v in sample):
        return INT_FORMAT
    if sample and all(isinstance(v, int | float) and not isinstance(v, bool) for v in sample):
        return DEC_FORMAT
    return None


def coerce(value: object) -> object:
    """Answer values from JSON: ISO date strings become dates, the rest stays as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
