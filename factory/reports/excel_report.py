"""analytical_answers.xlsx: Executive Summary, one sheet per question (text, SQL, answer, native chart),
Data Dictionary, Quality Metrics, Data Samples and, when faults were planted, Traps (the messiness answer key:
each fault, whether a cleaning can undo it, and how each answer moves when it is missed)."""

from __future__ import annotations

import io
from pathlib import Path

import sqlglot
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference, ScatterChart, Series
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from factory.answers.solutions_verified import verified_table
from factory.reports.base import ReportContext, ReportWriter, write_atomic
from factory.reports.excel_style import (
    LABEL_FONT,
    MONO_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    WRAP,
    coerce,
    fit_widths,
    number_format_for,
    put,
    table,
)
from factory.reports.run_data import quote
from factory.reports.visuals import qa_numbers, weight_fraction
from factory.spec.models import Question

FILENAME = "analytical_answers.xlsx"
#: how the workbook names the data the answers were computed on
BASIS_TEXT = {"clean": "the clean data (before the planted faults; the Traps sheet says what a cleaning can and "
                       "cannot recover)",
              "delivered": "the delivered data"}
SAMPLE_ROWS = 10
MAX_CHART_ROWS = 50  # a chart of more categories is unreadable; the table keeps every row
SUMMARY_TEXT_WIDTH = 75
FIXED_SHEETS = ("Executive Summary", "Data Dictionary", "Quality Metrics", "Data Samples")
TRAPS_SHEET = "Traps"
VERIFIED_TITLE = "Verified on"


def question_sheet_name(q: Question) -> str:
    """Sheet title of a question, e.g. 'Q1'."""
    return q.id.upper()[:31]


class ExcelReport(ReportWriter):
    """The answers workbook (openpyxl, native Excel charts)."""

    name = "excel"

    def paths(self, ctx: ReportContext) -> list[str]:
        """analytical_answers.xlsx."""
        return [FILENAME]

    def write(self, ctx: ReportContext, out_dir: Path) -> list[Path]:
        """Build every sheet and save atomically."""
        wb = Workbook()
        self._summary(wb.active, ctx)
        for q in ctx.run.challenge.problem.questions:
            self._question(wb.create_sheet(question_sheet_name(q)), ctx, q)
        self._dictionary(wb.create_sheet("Data Dictionary"), ctx)
        self._quality(wb.create_sheet("Quality Metrics"), ctx)
        self._samples(wb.create_sheet("Data Samples"), ctx)
        if (ctx.run.messiness or {}).get("faults"):
            self._traps(wb.create_sheet(TRAPS_SHEET), ctx)
        for ws in wb.worksheets:
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        buf = io.BytesIO()
        wb.save(buf)
        return [write_atomic(out_dir / FILENAME, buf.getvalue())]

    def _summary(self, ws: Worksheet, ctx: ReportContext) -> None:
        ws.title = "Executive Summary"
        run, ch = ctx.run, ctx.run.challenge
        overall, threshold, passed, names, scores, weights, n_checks, failed = qa_numbers(run.qa)
        put(ws, 1, 1, f"{ctx.brand} data challenge · analytical answers", font=TITLE_FONT)
        put(ws, 2, 1, run.title, font=SUBTITLE_FONT)
        facts = [("Challenge id", ch.id), ("Company", ch.problem.company), ("Industry", ch.problem.industry or ch.problem.domain),
                 ("Headquarters", ch.problem.city or "–"), ("Difficulty", ch.difficulty.capitalize()),
                 ("Data window", f"{ch.schema_.window.start.isoformat()} to {ch.schema_.window.end.isoformat()}"),
                 ("Report date", run.built_on), ("Overall quality score", round(overall, 2)),
                 ("Quality status", "PASSED" if passed else f"below threshold {threshold:g}"),
                 ("Checks run / failed", f"{n_checks:,} / {failed:,}"),
                 ("Answers computed on", BASIS_TEXT[run.answer_basis])]
        for i, (k, v) in enumerate(facts):
            put(ws, 4 + i, 1, k, font=LABEL_FONT)
            put(ws, 4 + i, 2, v, fmt="0.00" if isinstance(v, float) else None).alignment = Alignment(horizontal="left")
        row = 4 + len(facts) + 1
        put(ws, row, 1, "Quality scores", font=SUBTITLE_FONT)
        row = table(ws, row + 1, ["Category", "Weight", "Score (0-10)"],
                    [[n.replace("_", " ").capitalize(), w, s] for n, s, w in zip(names, scores, weights, strict=True)],
                    formats=[None, "0.0%", "0.0"]) + 2
        put(ws, row, 1, "Key numbers", font=SUBTITLE_FONT)
        numbers: list[list[object]] = [[s.description, s.value] for s in ch.problem.story_numbers]
        numbers += [[f"Rows in {t.name}", run.row_counts[t.name]] for t in run.tables]
        last = table(ws, row + 1, ["Number", "Value"], numbers)
        for r in range(row + 2, last + 1):
            ws.cell(row=r, column=2).alignment = Alignment(horizontal="left")
        row = last + 2
        put(ws, row, 1, "Questions", font=SUBTITLE_FONT)
        start = row + 1
        rows = []
        for q in ch.problem.questions:
            ans = run.answers.get(q.id, {})
            rows.append([question_sheet_name(q), q.text, q.difficulty, ans.get("row_count", len(ans.get("rows", [])))])
        last = table(ws, start, ["Sheet", "Question", "Difficulty", "Answer rows"], rows)
        for r in range(start + 1, last + 1):
            cell = ws.cell(row=r, column=1)
            cell.hyperlink = f"#'{cell.value}'!A1"
            cell.font = Font(color="1F3A5F", underline="single")
            text = ws.cell(row=r, column=2)
            text.alignment = WRAP
            ws.row_dimensions[r].height = 15 * (1 + len(str(text.value)) // SUMMARY_TEXT_WIDTH)
        put(ws, last + 2, 1, VERIFIED_TITLE, font=SUBTITLE_FONT)  # the solutions/ run on real engines
        answered = sum(1 for a in run.answers.values() if isinstance(a, dict) and "error" not in a)
        table(ws, last + 3, ["Engine", "Version", "Questions equal"], verified_table(run.run_dir, answered))
        fit_widths(ws, skip_rows=2, maximum=40)
        ws.column_dimensions["B"].width = SUMMARY_TEXT_WIDTH + 2
        ws.freeze_panes = "A3"

    def _question(self, ws: Worksheet, ctx: ReportContext, q: Question) -> None:
        ans = ctx.run.answers.get(q.id, {})
        columns = list(q.output_fields)
        got = list(ans.get("columns") or columns)
        rows = [[coerce(r[got.index(c)]) if c in got else None for c in columns] for r in ans.get("rows", [])]
        width = max(len(columns), 6)
        skills = ", ".join(q.skills) or "–"
        put(ws, 1, 1, f"{q.id.upper()} · {q.difficulty} · skills: {skills}", font=SUBTITLE_FONT)
        put(ws, 2, 1, q.text).alignment = WRAP
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.row_dimensions[2].height = 15 * (1 + len(q.text) // (14 * width))
        header = 4
        formats = [number_format_for([r[j] for r in rows]) for j in range(len(columns))]
        last = table(ws, header, columns, rows, formats=formats)
        if not rows:
            error = ans.get("error") or ""
            put(ws, header + 1, 1, f"(no answer: {error})" if error else "(the answer has no rows)")
            last = header + 1
        ws.freeze_panes = ws.cell(row=header + 1, column=1)
        fit_widths(ws, skip_rows=2, maximum=45)
        sql_row = last + 2
        put(ws, sql_row, 1, "SQL (DuckDB) that produces this answer", font=LABEL_FONT)
        sql = pretty_sql(ans.get("sql") or q.answer_sql)
        cell = put(ws, sql_row + 1, 1, sql, font=MONO_FONT)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=sql_row + 1, start_column=1, end_row=sql_row + 1, end_column=width)
        ws.row_dimensions[sql_row + 1].height = 12.5 * (sql.count("\n") + 1) + 6
        numbers = [v for r in rows for v in r if isinstance(v, int | float) and not isinstance(v, bool)]
        note = f" (first {MAX_CHART_ROWS} rows)" if len(rows) > MAX_CHART_ROWS else ""
        chart = build_chart(q, header, min(max(last, header + 1), header + MAX_CHART_ROWS), len(columns), ws,
                            start_at_zero=all(v >= 0 for v in numbers), note=note)
        ws.add_chart(chart, ws.cell(row=header, column=len(columns) + 2).coordinate)

    def _dictionary(self, ws: Worksheet, ctx: ReportContext) -> None:
        schema = ctx.run.challenge.schema_
        rows = []
        for t in schema.tables:
            for c in t.visible_columns:
                rel = schema.parent_of(t.name, c.name)
                key = "PK" if c.name == t.primary_key else ""
                if rel is not None:
                    key = (key + " " if key else "") + f"FK → {rel.parent_table_name}.{rel.parent_primary_key}"
                rows.append([t.name, t.kind, c.name, c.type, c.unit, "yes" if c.nullable else "no", key, c.description])
        last = table(ws, 1, ["Table", "Kind", "Column", "Type", "Unit", "Nullable", "Key", "Description"], rows)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:H{last}"
        fit_widths(ws, maximum=70)

    def _quality(self, ws: Worksheet, ctx: ReportContext) -> None:
        names = ["Category", "Weight", "Score", "Check", "Table", "Column", "Expectation", "Passed", "Severity",
                 "Unexpected rows", "Unexpected %", "Message", "Examples"]
        rows = []
        for cat, body in (ctx.run.qa.get("categories") or {}).items():
            for c in body.get("checks", []) or []:
                examples = ", ".join(str(x) for x in (c.get("examples") or [])[:5])
                rows.append([cat, weight_fraction(body.get("weight")), body.get("score"), c.get("id"), c.get("table"), c.get("column"),
                             c.get("expectation"), "yes" if c.get("success") else "NO", c.get("severity"),
                             c.get("unexpected_count"), c.get("unexpected_percent"), c.get("message"), examples[:300]])
        last = table(ws, 1, names, rows, formats=[None, "0.0%", "0.0", None, None, None, None, None, None,
                                                  "#,##0", "0.00", None, None])
        for r in range(2, last + 1):
            if ws.cell(row=r, column=8).value == "NO":
                ws.cell(row=r, column=8).font = Font(bold=True, color="D1495B")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:M{max(last, 1)}"
        fit_widths(ws, maximum=50)

    def _samples(self, ws: Worksheet, ctx: ReportContext) -> None:
        put(ws, 1, 1, f"First {SAMPLE_ROWS} rows of every table (the full tables are in datasets/)", font=SUBTITLE_FONT)
        row = 3
        for t in ctx.run.tables:
            cur = ctx.run.con.execute(f"SELECT * FROM {quote(t.name)} LIMIT {SAMPLE_ROWS}")
            names = [d[0] for d in cur.description]
            put(ws, row, 1, f"{t.name}  ({ctx.run.row_counts[t.name]:,} rows)", font=LABEL_FONT)
            row = table(ws, row + 1, names, cur.fetchall()) + 2
        ws.freeze_panes = "A2"
        fit_widths(ws, skip_rows=1, maximum=32)


    def _traps(self, ws: Worksheet, ctx: ReportContext) -> None:
        """The messiness answer key: faults (recoverable or not, how to fix) and their effect on each answer."""
        faults = ctx.run.messiness.get("faults") or []
        put(ws, 1, 1, "Planted faults and traps (answers are computed on the clean data)", font=SUBTITLE_FONT)
        rows = [[f"T{i}", f.get("kind"), f.get("table"), f.get("column") or "(whole rows)", f.get("count"),
                 "yes" if f.get("recoverable", True) else "NO", f.get("fix", "")] for i, f in enumerate(faults, 1)]
        last = table(ws, 3, ["Trap", "Kind", "Table", "Column", "Rows", "Recoverable", "How to clean it"], rows)
        put(ws, last + 2, 1, "If a trap is missed: each question's answer on the data with that one trap vs the key",
            font=SUBTITLE_FONT)
        effects = []
        for q in ctx.run.challenge.problem.questions:
            entry = (ctx.run.messiness.get("questions") or {}).get(q.id) or {}
            for m in entry.get("faults") or []:
                effects.append([q.id.upper(), f"T{int(m.get('fault', 0)) + 1}", m.get("kind"),
                                "changes" if m.get("changed") else "no change", m.get("max_relative_change"),
                                m.get("summary")])
            if entry.get("delivered"):
                d = entry["delivered"]
                effects.append([q.id.upper(), "all (as delivered)", "", "changes" if d.get("changed") else "no change",
                                d.get("max_relative_change"), d.get("summary")])
        table(ws, last + 3, ["Question", "Trap", "Kind", "Answer", "Largest relative change", "Effect"], effects,
              formats=[None, None, None, None, "0.0%", None])
        ws.freeze_panes = "A4"
        fit_widths(ws, skip_rows=1, maximum=90)


def pretty_sql(sql: str) -> str:
    """SQL laid out one clause per line (as written when it cannot be parsed)."""
    try:
        return sqlglot.transpile(sql, read="duckdb", write="duckdb", pretty=True)[0]
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, IndexError):
        return sql


def build_chart(q: Question, header: int, last: int, ncols: int, ws: Worksheet, *, start_at_zero: bool = True,
                note: str = "") -> object:
    """A native Excel chart of the answer table, of the question's chart type (a column chart by default)."""
    spec = q.chart
    fields = q.output_fields
    kind = spec.type if spec else "column"
    x = fields.index(spec.x) + 1 if spec and spec.x in fields else 1
    ys = [fields.index(y) + 1 for y in (spec.y if spec else fields[1:2]) if y in fields] or [min(2, ncols)]
    cats = Reference(ws, min_col=x, min_row=header + 1, max_row=last)
    if kind == "scatter":
        chart = ScatterChart()
        chart.style = 13
        for y in ys:
            values = Reference(ws, min_col=y, min_row=header, max_row=last)
            s = Series(values, cats, title_from_data=True)
            s.marker.symbol = "circle"
            s.graphicalProperties.line.noFill = True
            chart.series.append(s)
    else:
        if kind == "line":
            chart = LineChart()
            chart.smooth = False
        elif kind == "pie":
            chart, ys = PieChart(), ys[:1]
        else:
            chart = BarChart()
            chart.type = "bar" if kind == "bar" else "col"
            if start_at_zero:
                chart.y_axis.scaling.min = 0  # bars start at zero, never exaggerating differences
            if kind == "bar":
                chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
        for y in ys:
            chart.add_data(Reference(ws, min_col=y, min_row=header, max_row=last), titles_from_data=True)
        chart.set_categories(cats)
        if kind == "line":
            for s in chart.series:
                s.smooth = False
    title = (spec.title if spec and spec.title else None) or f"{q.id.upper()}: " + ", ".join(fields[y - 1] for y in ys)
    chart.title = title + note
    if kind != "pie":
        chart.x_axis.title = fields[x - 1]
        chart.y_axis.title = ", ".join(fields[y - 1] for y in ys)
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if len(ys) == 1:
            chart.legend = None
    chart.width, chart.height = 18, 9
    return chart
