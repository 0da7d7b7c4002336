"""Reports of a validated run: quality_report.pdf, analytical_answers.xlsx, data_dictionary.txt, README.txt,
SQL scripts (MySQL, PostgreSQL, DuckDB) and the DuckDB database file.

    build_reports(run_dir) -> ReportSet

Every writer is a `ReportWriter`; `WRITERS` is the registry, in build order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from factory.errors import ReportError
from factory.reports.base import ReportContext, ReportWriter
from factory.reports.excel_report import ExcelReport
from factory.reports.pdf_report import PdfReport
from factory.reports.profile import build_profile
from factory.reports.run_data import load_run, persist_duckdb
from factory.reports.sql_scripts import SqlScripts
from factory.reports.text_docs import TextDocs
from factory.reports.visuals import VISUALS
from factory.settings import Settings, get_settings

WRITERS: tuple[ReportWriter, ...] = (PdfReport(), ExcelReport(), TextDocs(), SqlScripts())
FOREGROUND = WRITERS[:3]


@dataclass
class ReportSet:
    """What build_reports wrote (absolute paths) and how long each writer took."""

    run_dir: Path
    pdf: Path
    workbook: Path
    data_dictionary: Path
    readme: Path
    sql: list[Path]
    duckdb: Path | None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        """Every file written or reused."""
        return [self.pdf, self.workbook, self.data_dictionary, self.readme, *self.sql,
                *([self.duckdb] if self.duckdb else [])]


def build_reports(run_dir: str | Path, *, settings: Settings | None = None,
                  progress: Callable[[str], None] | None = None) -> ReportSet:
    """Build every report of a validated run folder (needs challenge.json, datasets/, qa_results.json, answers/).

    DuckDB work that no chart waits for (writing `<id>.duckdb`, scanning keys for the SQL scripts) runs on a
    second thread with its own cursor while matplotlib draws on this one.
    """
    root = Path(run_dir)
    settings = settings or get_settings()
    if not (root / "qa_results.json").is_file():
        raise ReportError(f"{root} has no qa_results.json", hint="validate the data first: factory validate")
    if not (root / "answers" / "answers.json").is_file():
        raise ReportError(f"{root} has no answers/answers.json", hint="compute the answers first (factory.answers)")
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    run = load_run(root)
    try:
        missing = [q.id for q in run.challenge.problem.questions if q.id not in run.answers]
        if missing:
            raise ReportError(f"answers/answers.json has no answer for {', '.join(missing)}",
                              hint="recompute the answers for this challenge.json")
        seconds["load"] = time.perf_counter() - t0
        t = time.perf_counter()
        ctx = ReportContext(run, build_profile(run), settings)
        seconds["profile"] = time.perf_counter() - t
        with ThreadPoolExecutor(max_workers=1) as pool:
            background = pool.submit(_background, ctx, root)
            written: dict[str, list[Path]] = {}
            for w in FOREGROUND:
                t = time.perf_counter()
                if progress:
                    progress(w.name)
                written[w.name] = w.write(ctx, root)
                seconds[w.name] = time.perf_counter() - t
            sql, db_path, bg_seconds = background.result()
        seconds.update(bg_seconds)
    finally:
        run.close()
    return ReportSet(root, written["pdf"][0], written["excel"][0], written["text"][0], written["text"][1],
                     sql, db_path, seconds)


def _background(ctx: ReportContext, root: Path) -> tuple[list[Path], Path, dict[str, float]]:
    """SQL scripts and the DuckDB file, on a private cursor (a connection object is not shared across threads)."""
    run = replace(ctx.run, con=ctx.run.con.cursor())
    try:
        t = time.perf_counter()
        sql = SqlScripts().write(replace(ctx, run=run), root)
        t_sql = time.perf_counter() - t
        db_path = persist_duckdb(run)
        ctx.run.duckdb_path = db_path
        return sql, db_path, {"sql": t_sql, "duckdb_file": time.perf_counter() - t - t_sql}
    finally:
        run.con.close()


__all__ = ["VISUALS", "WRITERS", "ReportContext", "ReportSet", "ReportWriter", "build_reports"]
