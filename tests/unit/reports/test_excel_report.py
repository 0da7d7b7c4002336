"""analytical_answers.xlsx: every sheet, one native chart per question of the question's type, answer tables
with output_fields as headers, frozen headers, and text that stays text (no formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from factory.reports.base import ReportContext
from factory.reports.excel_report import FIXED_SHEETS, TRAPS_SHEET, ExcelReport
from factory.reports.profile import build_profile
from factory.reports.run_data import load_run
from factory.safe_text import csv_safe, looks_like_formula
from factory.settings import Settings
from tests.unit.reports.pipeline import DOMAINS, RunOf, copy_run


def build_workbook(run: Path) -> Path:
    """Only the workbook of a run folder (what build_reports does for it, without the PDF)."""
    data = load_run(run)
    try:
        return ExcelReport().write(ReportContext(data, build_profile(data), Settings()), run)[0]
    finally:
        data.close()


CHART_TAGS = {"bar": ("barChart", "bar"), "column": ("barChart", "col"), "line": ("lineChart", None),
              "pie": ("pieChart", None), "scatter": ("scatterChart", None)}


def _rels(zf: zipfile.ZipFile, part: str) -> list[str]:
    """Absolute part names that `part` points to (its _rels/<name>.rels file)."""
    folder, name = posixpath.split(part)
    rels = f"{folder}/_rels/{name}.rels"
    if rels not in zf.namelist():
        return []
    root = ElementTree.fromstring(zf.read(rels))
    return [_resolve(folder, r.get("Target", "")) for r in root]


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name (targets are absolute '/xl/...' or relative)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def charts_by_sheet(path: Path) -> dict[str, list[str]]:
    """Sheet title -> the chart XML drawn on it (followed through the package relationships)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(path) as zf:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): _resolve("xl", r.get("Target", "")) for r in rels}
        out: dict[str, list[str]] = {}
        for sheet in wb.find("m:sheets", ns):
            part = targets[sheet.get(f"{{{ns['r']}}}id")]
            drawings = [d for d in _rels(zf, part) if "/drawings/" in d]
            out[sheet.get("name")] = [zf.read(c).decode() for d in drawings for c in _rels(zf, d) if "/charts/" in c]
        return out


def _iso(v: object) -> object:
    """A cell as the answer key writes it: openpyxl reads a date cell back as a datetime at midnight."""
    if isinstance(v, dt.datetime) and v.time() == dt.time():
        return v.date().isoformat()
    return v.isoformat() if hasattr(v, "isoformat") else v


@pytest.mark.parametrize("domain", DOMAINS)
def test_workbook_has_every_sheet_and_one_chart_per_question(domain: str, run_of: RunOf) -> None:
    run: Path = run_of(domain)
    challenge = json.loads((run / "challenge.json").read_text())
    answers = json.loads((run / "answers" / "answers.json").read_text())
    path = run / "analytical_answers.xlsx"
    wb = openpyxl.load_workbook(path)
    questions = challenge["problem"]["questions"]
    assert wb.sheetnames == [FIXED_SHEETS[0], *[q["id"].upper() for q in questions], *FIXED_SHEETS[1:], TRAPS_SHEET]
    with zipfile.ZipFile(path) as zf:
        assert len([n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]) == len(questions)
    charts = charts_by_sheet(path)
    for q in questions:
        ws = wb[q["id"].upper()]
        assert len(charts[ws.title]) == 1, ws.title
        tag, direction = CHART_TAGS[q["chart"]["type"]]
        assert f"<c:{tag}>" in charts[ws.title][0] or f"<{tag}>" in charts[ws.title][0]
        if direction:
            assert f'barDir val="{direction}"' in charts[ws.title][0]
        header = [c.value for c in ws[4]][: len(q["output_fields"])]
        assert header == q["output_fields"]
        assert ws.freeze_panes == "A5"
        ans = answers[q["id"]]
        body = [[c.value for c in row[: len(q["output_fields"])]] for row in ws.iter_rows(min_row=5, max_row=4 + ans["row_count"])]
        assert len(body) == ans["row_count"]
        if ans["rows"]:
            first = [_iso(v) for v in body[0]]
            want = [v[:10] if isinstance(v, str) and re.match(r"\d{4}-\d\d-\d\d$", v) else v for v in ans["rows"][0]]
            assert first == pytest.approx(want) if all(isinstance(v, int | float) for v in want) else first == want
    for name in FIXED_SHEETS[1:]:
        assert charts[name] == []
        assert wb[name].freeze_panes in ("A2", "A3")
    summary = {r[0]: r[1] for r in wb[FIXED_SHEETS[0]].iter_rows(min_row=4, max_col=2, values_only=True) if r[0]}
    assert {a["basis"] for a in answers.values()} == {"clean"}  # advanced runs: planted faults, clean/ basis
    assert summary["Answers computed on"].startswith("the clean data")
    messiness = json.loads((run / "messiness.json").read_text())
    traps = [[c.value for c in row] for row in wb[TRAPS_SHEET].iter_rows(min_row=4, max_row=3 + len(messiness["faults"]))]
    assert [r[1] for r in traps] == [f["kind"] for f in messiness["faults"]]
    assert all(r[5] == ("yes" if f["recoverable"] else "NO") for r, f in zip(traps, messiness["faults"], strict=True))
    dictionary = wb["Data Dictionary"]
    shipped = [(t["name"], c["name"]) for t in challenge["schema"]["tables"] for c in t["columns"] if not c.get("hidden")]
    head = [c.value for c in dictionary[1]]
    at = (head.index("Table"), head.index("Column"))
    listed = [(row[at[0]], row[at[1]]) for row in dictionary.iter_rows(min_row=2, values_only=True)]
    assert listed == shipped  # one row per delivered column, in spec order; hidden helpers are not shipped


def test_formula_like_text_stays_text(run_of: RunOf, tmp_path: Path) -> None:
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    evil = ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)"]
    answers = json.loads((run / "answers" / "answers.json").read_text())
    qid = next(q for q, a in answers.items() if a["rows"])
    answers[qid]["rows"][0][0] = evil[0]
    (run / "answers" / "answers.json").write_text(json.dumps(answers))
    cid = json.loads((run / "challenge.json").read_text())["id"]
    path = run / "datasets" / "dim_product.csv"
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("product_name")] = evil[1]
    with path.open("w", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
    (run / f"{cid}.duckdb").unlink(missing_ok=True)
    build_workbook(run)
    wb = openpyxl.load_workbook(run / "analytical_answers.xlsx")
    cell = wb[qid.upper()]["A5"]
    assert cell.value == evil[0] and cell.data_type == "s" and cell.quotePrefix
    found = [c for row in wb["Data Samples"].iter_rows() for c in row if c.value == evil[1]]
    assert found and all(c.data_type == "s" for c in found)
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    with zipfile.ZipFile(run / "analytical_answers.xlsx") as zf:
        assert not any("<f>" in zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))


@pytest.mark.parametrize("value", ["=1+1", "+A1", "-cmd", "@x", "\t=1"])
def test_csv_safe_neutralises_formulas(value: str) -> None:
    assert looks_like_formula(value)
    assert str(csv_safe(value)).startswith("'")


def test_csv_safe_keeps_numbers_and_plain_text() -> None:
    assert csv_safe("-12.5") == "-12.5"
    assert csv_safe("Dairy") == "Dairy"
    assert csv_safe(3) == 3


@pytest.mark.parametrize(("kind", "cls"), [("scatter", "ScatterChart"), ("pie", "PieChart"), ("line", "LineChart"),
                                           ("bar", "BarChart"), ("column", "BarChart")])
def test_each_chart_type_becomes_its_native_chart(kind: str, cls: str) -> None:
    from openpyxl import Workbook

    from factory.reports.excel_report import build_chart
    from factory.spec.models import Chart, Question

    q = Question(id="q9", text="Generate a report of spend against visits per city.", output_fields=["city", "visits", "spend"],
                 chart=Chart(type=kind, x="visits" if kind == "scatter" else "city", y=["spend"]))
    ws = Workbook().active
    for r, row in enumerate([["city", "visits", "spend"], ["Pune", 3, 10.5], ["Agra", 5, 20.0]], start=4):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    chart = build_chart(q, 4, 6, 3, ws)
    assert type(chart).__name__ == cls
    assert len(chart.series) == 1
    if kind in ("bar", "column"):
        assert chart.type == ("bar" if kind == "bar" else "col")


def test_long_answers_chart_the_first_rows_only(run_of: RunOf, tmp_path: Path) -> None:
    from factory.reports.excel_report import MAX_CHART_ROWS

    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    answers = json.loads((run / "answers" / "answers.json").read_text())
    spec = json.loads((run / "challenge.json").read_text())
    q = next(q for q in spec["problem"]["questions"] if q["chart"]["x"] == q["output_fields"][0])
    width = len(answers[q["id"]]["columns"])
    answers[q["id"]]["rows"] = [[f"m{i:03d}", *[float(i)] * (width - 1)] for i in range(MAX_CHART_ROWS + 25)]
    answers[q["id"]]["row_count"] = MAX_CHART_ROWS + 25
    (run / "answers" / "answers.json").write_text(json.dumps(answers))
    build_workbook(run)
    ws = openpyxl.load_workbook(run / "analytical_answers.xlsx")[q["id"].upper()]
    assert ws.cell(row=5 + MAX_CHART_ROWS + 24, column=1).value == f"m{MAX_CHART_ROWS + 24:03d}"
    chart = charts_by_sheet(run / "analytical_answers.xlsx")[q["id"].upper()][0]
    assert f"$A$5:$A${4 + MAX_CHART_ROWS}" in chart and f"first {MAX_CHART_ROWS} rows" in chart
