"""`factory grade RUN_DIR_OR_ZIP`: grade a learner's submission for one question, or a folder of submissions."""

from __future__ import annotations

from pathlib import Path

import typer

from factory.cli.app import app, emit_json
from factory.errors import GradingError

EXIT_FAILED = 1
DIALECTS = ("mysql", "postgresql", "duckdb")


def _cell(value: object) -> str:
    return "NULL" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


@app.command("grade")
def grade(
    source: Path = typer.Argument(..., help="Run folder or instructor ZIP holding the answer key."),
    question: str | None = typer.Option(None, "--question", help="Question id the submission answers."),
    csv_file: Path | None = typer.Option(None, "--csv", help="The learner's answer as a CSV file."),
    sql_file: Path | None = typer.Option(None, "--sql", help="The learner's query (one SELECT)."),
    dialect: str = typer.Option("mysql", "--dialect", help="SQL dialect of the submissions: mysql|postgresql|duckdb."),
    submissions: Path | None = typer.Option(None, "--submissions",
                                            help="Folder of submissions: DIR/<learner>/<qid>.sql|.csv or "
                                                 "DIR/<learner>_<qid>.sql|.csv."),
    report: Path | None = typer.Option(None, "--report", help="Report CSV to write (with --submissions)."),
    as_json: bool = typer.Option(False, "--json", help="Print the verdict(s) as JSON."),
) -> None:
    """Grade submissions; exit 0 when every given question passes, 1 when some fail, 2 on bad input."""
    from factory.grading import grade_file, grade_folder, open_key, write_report  # noqa: PLC0415

    if dialect not in DIALECTS:
        raise GradingError(f"--dialect {dialect}: choose from {', '.join(DIALECTS)}")
    if submissions is not None:
        if question or csv_file or sql_file:
            raise GradingError("--submissions grades every question: drop --question/--csv/--sql")
        if report is None:
            raise GradingError("--report FILE.csv: missing (required with --submissions)")
        with open_key(source) as key:
            graded = grade_folder(key, submissions, dialect=dialect)
        if not graded:
            raise GradingError(f"--submissions {submissions}: no submission files found")
        write_report(graded, report)
        passed = sum(g.verdict.passed for g in graded)
        if as_json:
            emit_json({"report": str(report), "graded": len(graded), "passed": passed,
                       "verdicts": [{"learner": g.learner, "file": g.file, **g.verdict.to_dict()} for g in graded]})
        else:
            typer.echo(f"graded {len(graded)} question answers of {len({g.learner for g in graded})} learners: "
                       f"{passed} passed; wrote {report}")
        if passed < len(graded):
            raise typer.Exit(EXIT_FAILED)
        return
    if question is None:
        raise GradingError("--question QID: missing (or give --submissions DIR --report FILE.csv)")
    if (csv_file is None) == (sql_file is None):
        raise GradingError("give exactly one of --csv FILE or --sql FILE")
    path = csv_file or sql_file
    with open_key(source) as key:
        verdict = grade_file(key, question, path, kind="csv" if csv_file else "sql", dialect=dialect)
    if as_json:
        emit_json(verdict.to_dict())
    else:
        _print(verdict)
    if not verdict.passed:
        raise typer.Exit(EXIT_FAILED)


def _print(v: object) -> None:
    from factory.grading import Verdict  # noqa: PLC0415

    assert isinstance(v, Verdict)
    typer.echo(f"{v.question}: {'PASSED' if v.passed else 'FAILED'}  score {v.score:.3f}")
    if v.error:
        typer.echo(f"  {v.error}")
        return
    if v.columns_missing or v.columns_extra or v.columns_order_wrong:
        typer.echo(f"  columns: missing {v.columns_missing or '-'}, extra {v.columns_extra or '-'}"
                   f"{', wrong order' if v.columns_order_wrong else ''}")
    typer.echo(f"  rows: {v.rows_submitted} submitted, {v.rows_expected} expected, {v.rows_matched} matched"
               f"{' (wrong order)' if v.rows_order_wrong else ''}")
    for d in v.differences:
        names = list((d["expected"] or d["submitted"]).keys())
        want = " | ".join(_cell(d["expected"][n]) for n in names) if d["expected"] else "(no such row)"
        got = " | ".join(_cell(d["submitted"][n]) for n in names) if d["submitted"] else "(missing)"
        typer.echo(f"  expected: {want}\n  got:      {got}")
    if v.hint:
        typer.echo(f"  hint: {v.hint}")
