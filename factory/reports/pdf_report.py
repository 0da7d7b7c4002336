"""quality_report.pdf: cover, category breakdown, the 12 visuals with captions, what a learner will notice (the
findings), and the failed checks."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from factory.reports.base import ReportContext, ReportWriter, write_atomic
from factory.reports.theme import GREEN, INK, LIGHT, NAVY, RED, TEAL, png_bytes, score_colour
from factory.reports.visuals import VISUALS, failed_checks, qa_numbers
from factory.safe_text import is_answer_key_check

FILENAME = "quality_report.pdf"
PAGE_W, PAGE_H = A4
MARGIN = 1.8 * cm
CONTENT_W = PAGE_W - 2 * MARGIN
MAX_FIG_H = 19 * cm
MAX_FAILED = 60
PageDrawer = Callable[[Canvas, SimpleDocTemplate], None]
PNG_DPI = 130


def _fonts() -> tuple[str, str, str]:
    """Register DejaVu Sans (ships with matplotlib, covers → and ✓) once; return regular, bold, italic."""
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for name, file in (("DejaVuSans", "DejaVuSans.ttf"), ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
                           ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
        registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold", italic="DejaVuSans-Oblique",
                           boldItalic="DejaVuSans-Bold")
    return "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"


def _styles() -> dict[str, ParagraphStyle]:
    reg, bold, ital = _fonts()
    ink, navy = colors.HexColor(INK), colors.HexColor(NAVY)
    return {
        "body": ParagraphStyle("body", fontName=reg, fontSize=9, leading=12.5, textColor=ink),
        "small": ParagraphStyle("small", fontName=reg, fontSize=7, leading=9, textColor=ink),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, textColor=navy, spaceBefore=4, spaceAfter=8),
        "fig": ParagraphStyle("fig", fontName=bold, fontSize=10.5, leading=13, textColor=navy, spaceBefore=10, spaceAfter=4),
        "caption": ParagraphStyle("caption", fontName=ital, fontSize=8, leading=10.5, textColor=colors.HexColor("#4A5568"),
                                  spaceBefore=3, spaceAfter=6),
        "title": ParagraphStyle("title", fontName=bold, fontSize=26, leading=31, textColor=navy),
        "subtitle": ParagraphStyle("subtitle", fontName=reg, fontSize=13, leading=17, textColor=ink),
        "score": ParagraphStyle("score", fontName=bold, fontSize=44, leading=50, alignment=TA_CENTER),
        "verdict": ParagraphStyle("verdict", fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER),
        "center": ParagraphStyle("center", fontName=reg, fontSize=9, leading=12, alignment=TA_CENTER, textColor=ink),
    }


def _table(rows: list[list[object]], widths: list[float], header_colour: str = NAVY) -> Table:
    reg, bold, _ = _fonts()
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), bold, 8),
        ("FONT", (0, 1), (-1, -1), reg, 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(header_colour)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(LIGHT)]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D5DCE6")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


class PdfReport(ReportWriter):
    """The quality report (reportlab + matplotlib PNGs drawn from DuckDB aggregates)."""

    name = "pdf"

    def paths(self, ctx: ReportContext) -> list[str]:
        """quality_report.pdf."""
        return [FILENAME]

    def write(self, ctx: ReportContext, out_dir: Path) -> list[Path]:
        """Build the PDF in memory, then write it atomically."""
        st = _styles()
        story: list[object] = self._cover(ctx, st)
        story += [PageBreak(), Paragraph("Quality at a glance", st["h1"])]
        story += [self._visual(st, 0, ctx), self._breakdown(ctx, st), self._visual(st, 1, ctx)]
        sections = {2: "The schema", 6: "What the data looks like", 11: "Learning alignment"}
        for i in range(2, len(VISUALS)):
            if i in sections:
                story += [PageBreak(), Paragraph(sections[i], st["h1"])]
            story.append(self._visual(st, i, ctx))
        story += [PageBreak(), *learner_notice_page(ctx, st)]
        story += [PageBreak(), *self._failed_checks(ctx, st)]
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN, title=f"Data quality report: {ctx.run.title}",
                                author=ctx.brand, subject=ctx.run.challenge.id)
        doc.build(story, onFirstPage=self._cover_band(ctx), onLaterPages=self._footer(ctx))
        return [write_atomic(out_dir / FILENAME, buf.getvalue())]

    def _cover(self, ctx: ReportContext, st: dict[str, ParagraphStyle]) -> list[object]:
        ch, run = ctx.run.challenge, ctx.run
        overall, threshold, passed, *_ = qa_numbers(run.qa)
        colour = score_colour(overall, threshold)
        verdict = "PASSED" if passed else "BELOW THRESHOLD"
        facts = [["Challenge id", ch.id], ["Company", ch.problem.company],
                 ["Industry", ch.problem.industry or ch.problem.domain], ["Difficulty", ch.difficulty.capitalize()],
                 ["Data window", f"{ch.schema_.window.start:%d %b %Y} – {ch.schema_.window.end:%d %b %Y}"],
                 ["Tables", f"{len(run.tables)} ({sum(run.row_counts.values()):,} rows in total)"],
                 ["Questions", str(len(ch.problem.questions))], ["Report date", f"{run.built_on:%d %B %Y}"]]
        reg, bold, _ = _fonts()
        info = Table([[Paragraph(f"<b>{escape(k)}</b>", st["body"]), Paragraph(escape(v), st["body"])] for k, v in facts],
                     colWidths=[4 * cm, CONTENT_W - 4 * cm])
        info.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D5DCE6")),
                                  ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        score = Table([[Paragraph(f'<font color="{colour}">{overall:.1f}</font>', st["score"])],
                       [Paragraph(f"overall quality score out of 10 · threshold {threshold:g}", st["center"])],
                       [Paragraph(f'<font color="{colour}">{verdict}</font>', st["verdict"])]],
                      colWidths=[CONTENT_W])
        score.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(LIGHT)),
                                   ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return [Spacer(1, 3.2 * cm), Paragraph("Data Quality Report", st["title"]), Spacer(1, 4),
                Paragraph(escape(run.title), st["subtitle"]), Spacer(1, 0.9 * cm), score, Spacer(1, 0.9 * cm), info,
                Spacer(1, 0.6 * cm),
                Paragraph("This report proves the challenge data is fit for learning: its structure, business rules, "
                          "realism and the answerability of every question were checked automatically. Every chart "
                          "is computed from the full tables in DuckDB.", st["body"])]

    def _breakdown(self, ctx: ReportContext, st: dict[str, ParagraphStyle]) -> object:
        cats = ctx.run.qa.get("categories", {}) or {}
        _, threshold, _, names, scores, weights, _, _ = qa_numbers(ctx.run.qa)
        rows: list[list[object]] = [["Category", "Weight", "Score", "Checks", "Failed", "Status"]]
        for n, s, w in zip(names, scores, weights, strict=True):
            checks = cats[n].get("checks", []) or []
            failed = sum(1 for c in checks if not c.get("success", False))
            status = "ok" if s >= threshold else ("review" if s >= threshold - 2 else "fix")
            rows.append([n.replace("_", " ").capitalize(), f"{w * 100:g}%", f"{s:.1f}", str(len(checks)), str(failed),
                         Paragraph(f'<font color="{score_colour(s, threshold)}"><b>{status}</b></font>', st["small"])])
        t = _table(rows, [5.6 * cm, 2 * cm, 2 * cm, 2.2 * cm, 2 * cm, CONTENT_W - 13.8 * cm])
        t.setStyle(TableStyle([("ALIGN", (1, 0), (4, -1), "RIGHT")]))
        return KeepTogether([Paragraph("Category breakdown", st["fig"]), t, Spacer(1, 6)])

    def _visual(self, st: dict[str, ParagraphStyle], index: int, ctx: ReportContext) -> object:
        v = VISUALS[index]
        fig = v.draw(ctx)
        w_in, h_in = fig.get_size_inches()
        data = png_bytes(fig, dpi=PNG_DPI)
        width = CONTENT_W
        height = width * h_in / w_in
        if height > MAX_FIG_H:
            width, height = width * MAX_FIG_H / height, MAX_FIG_H
        img = Image(io.BytesIO(data), width=width, height=height)
        return KeepTogether([Paragraph(f"Figure {index + 1}. {escape(v.title)}", st["fig"]), img,
                             Paragraph(escape(v.caption), st["caption"])])

    def _failed_checks(self, ctx: ReportContext, st: dict[str, ParagraphStyle]) -> list[object]:
        failed = failed_checks(ctx.run.qa)
        out: list[object] = [Paragraph("Failed checks", st["h1"])]
        if not failed:
            out.append(Paragraph("Every check passed: there is nothing to fix.", st["body"]))
            return out
        out.append(Paragraph(f"{len(failed)} check(s) failed. Each row shows where, how many rows are affected and "
                             "example values; the full list is in qa_results.json.", st["body"]))
        out.append(Spacer(1, 6))
        rows: list[list[object]] = [["Category", "Check", "Where", "Unexpected", "Examples / message"]]
        for name, c in failed[:MAX_FAILED]:
            where = ".".join(x for x in (c.get("table") or "", c.get("column") or "") if x) or "–"
            count = c.get("unexpected_count")
            pct = c.get("unexpected_percent")
            unexpected = "–" if count is None else f"{count:,}" + (f" ({pct:.2f}%)" if isinstance(pct, int | float) else "")
            shown = [] if is_answer_key_check(c) else (c.get("examples") or [])[:5]  # the PDF ships to learners too
            examples = ", ".join(_short(x) for x in shown)
            detail = "; ".join(x for x in (examples and f"e.g. {examples}", c.get("message") or "") if x)
            rows.append([Paragraph(escape(name.replace("_", " ")), st["small"]),
                         Paragraph(_severity(c.get("severity")) + " "
                                   + escape(str(c.get("id") or c.get("expectation") or "")), st["small"]),
                         Paragraph(escape(where).replace(".", ".<br/>", 1), st["small"]), Paragraph(escape(unexpected), st["small"]),
                         Paragraph(escape(detail[:400]), st["small"])])
        out.append(_table(rows, [2.4 * cm, 3.9 * cm, 3.9 * cm, 2.3 * cm, CONTENT_W - 12.5 * cm], header_colour=RED))
        if len(failed) > MAX_FAILED:
            out.append(Paragraph(f"… and {len(failed) - MAX_FAILED} more in qa_results.json.", st["small"]))
        return out

    def _cover_band(self, ctx: ReportContext) -> PageDrawer:
        def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
            reg, bold, _ = _fonts()
            canvas.saveState()
            canvas.setFillColor(colors.HexColor(NAVY))
            canvas.rect(0, PAGE_H - 3.4 * cm, PAGE_W, 3.4 * cm, stroke=0, fill=1)
            canvas.setFillColor(colors.HexColor(TEAL))
            canvas.rect(0, PAGE_H - 3.6 * cm, PAGE_W, 0.2 * cm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(bold, 18)
            canvas.drawString(MARGIN, PAGE_H - 1.9 * cm, ctx.brand)
            canvas.setFont(reg, 10)
            canvas.drawString(MARGIN, PAGE_H - 2.6 * cm, "Data Challenge · quality report")
            canvas.restoreState()
        return draw

    def _footer(self, ctx: ReportContext) -> PageDrawer:
        def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
            reg, _, _ = _fonts()
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor("#D5DCE6"))
            canvas.line(MARGIN, 1.3 * cm, PAGE_W - MARGIN, 1.3 * cm)
            canvas.setFont(reg, 7)
            canvas.setFillColor(colors.HexColor("#6B7280"))
            canvas.drawString(MARGIN, 0.9 * cm, f"{ctx.brand} · {ctx.run.challenge.id} · data quality report")
            canvas.drawRightString(PAGE_W - MARGIN, 0.9 * cm, f"page {doc.page}")
            canvas.restoreState()
        return draw


MAX_FINDINGS = 40


def learner_notice_page(ctx: ReportContext, st: dict[str, ParagraphStyle]) -> list[object]:
    """"What a learner will notice": every finding of qa_results.json (blocking first) with where it is, how
    many rows and example rows."""
    findings = list(ctx.run.qa.get("findings") or [])
    out: list[object] = [Paragraph("What a learner will notice", st["h1"])]
    if not findings:
        out.append(Paragraph("Nothing: no impossible record, implausible concentration, contradictory name or "
                             "story number was found in the data.", st["body"]))
        return out
    blocking = sum(1 for f in findings if f.get("severity") == "blocking")
    out.append(Paragraph(f"{len(findings)} finding(s), {blocking} blocking (a blocking finding fails the run whatever "
                         "its score). Each names where it is, how many rows and example rows.", st["body"]))
    out.append(Spacer(1, 6))
    rows: list[list[object]] = [["Severity", "What a learner sees", "Where", "Rows", "Examples"]]
    for f in findings[:MAX_FINDINGS]:
        where = ".".join(x for x in (f.get("table") or "", f.get("column") or "") if x) or "–"
        count, share = f.get("count"), f.get("share")
        rows_text = "–" if count is None else f"{count:,}" + (f" ({100 * share:.1f}%)" if isinstance(share, int | float) else "")
        examples = "; ".join(_short(", ".join(f"{k}={v}" for k, v in e.items()), 110) if isinstance(e, dict) else _short(e)
                             for e in (f.get("examples") or [])[:3])
        colour = RED if f.get("severity") == "blocking" else SEVERITY_COLOURS["minor"]
        rows.append([Paragraph(f'<font color="{colour}"><b>{escape(str(f.get("severity") or ""))}</b></font>', st["small"]),
                     Paragraph(escape(str(f.get("title") or "")) + "<br/>" + escape(str(f.get("message") or "")[:300]),
                               st["small"]),
                     Paragraph(escape(where).replace(".", ".<br/>", 1), st["small"]), Paragraph(escape(rows_text), st["small"]),
                     Paragraph(escape(examples), st["small"])])
    out.append(_table(rows, [1.8 * cm, 6.0 * cm, 3.2 * cm, 2.0 * cm, CONTENT_W - 13.0 * cm], header_colour=RED))
    if len(findings) > MAX_FINDINGS:
        out.append(Paragraph(f"… and {len(findings) - MAX_FINDINGS} more in qa_results.json.", st["small"]))
    return out


SEVERITY_COLOURS = {"critical": RED, "major": "#B7791F", "minor": "#6B7280"}


def _severity(severity: object) -> str:
    """The severity as a coloured bold tag (reportlab markup)."""
    name = str(severity or "")
    return f'<font color="{SEVERITY_COLOURS.get(name, INK)}"><b>{escape(name)}</b></font>' if name else ""


def _short(value: object, width: int = 60) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = ["FILENAME", "GREEN", "PdfReport"]
