"""`factory package DIR`: build the reports and both ZIPs (instructor and learner) of a validated dataset folder."""

from __future__ import annotations

from pathlib import Path

import typer

from factory.cli.app import app, emit_json
from factory.errors import PackageError


def _check_folder(run_dir: Path) -> None:
    """The folder holds challenge.json, datasets/ and qa_results.json, or a PackageError says what is missing."""
    if not run_dir.is_dir():
        raise PackageError(f"{run_dir} is not a folder", hint="pass the run folder written by `factory generate`")
    missing = [name for name in ("challenge.json", "datasets", "qa_results.json") if not (run_dir / name).exists()]
    if missing:
        hint = "validate the data first: factory validate DIR" if missing == ["qa_results.json"] else (
            "generate the data first: factory generate")
        raise PackageError(f"{run_dir} is missing {', '.join(missing)}", hint=hint)


def _ensure_answers(run_dir: Path) -> None:
    """Compute answers/ and the story numbers when the folder does not hold them yet."""
    from factory.reports.run_data import load_challenge_file  # noqa: PLC0415

    has_answers = (run_dir / "answers" / "answers.json").is_file()
    unfilled = any(s.value is None for s in load_challenge_file(run_dir).problem.story_numbers)
    if has_answers and not unfilled:
        return
    from factory.answers import compute_answers, fill_story_numbers  # noqa: PLC0415

    if unfilled:
        fill_story_numbers(run_dir)
    if not has_answers:
        compute_answers(run_dir)


@app.command("package")
def package(
    run_dir: Path = typer.Argument(..., help="Validated run folder (challenge.json, datasets/, qa_results.json)."),
    brand: str | None = typer.Option(None, "--brand", help="Brand in the ZIP names (default: FACTORY_BRAND)."),
    as_json: bool = typer.Option(False, "--json", help="Print {package, learner_package, files} as JSON."),
) -> None:
    """Build quality_report.pdf, analytical_answers.xlsx, the text docs, SQL scripts and both ZIPs."""
    from factory.package import build_packages  # noqa: PLC0415
    from factory.reports import build_reports  # noqa: PLC0415
    from factory.settings import get_settings  # noqa: PLC0415

    run_dir = run_dir.resolve()
    _check_folder(run_dir)
    _ensure_answers(run_dir)
    settings = get_settings()
    if brand:
        settings = settings.model_copy(update={"brand": brand})
    build_reports(run_dir, settings=settings)
    result = build_packages(run_dir, brand=settings.brand)
    if as_json:
        emit_json({"package": str(result.package), "learner_package": str(result.learner_package),
                   "files": result.manifest["file_count"]})
    else:
        typer.echo(str(result.package))
        typer.echo(str(result.learner_package))
