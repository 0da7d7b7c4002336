"""`factory validate DIR`: score a generated dataset in eight categories and write DIR/qa_results.json."""

from __future__ import annotations

from pathlib import Path

import typer

from factory.cli import params
from factory.cli.app import app, emit_json

EXIT_FAILED = 1
MAX_LISTED = 25


@app.command("validate")
def validate(
    run_dir: Path = typer.Argument(..., help="Run folder written by `factory generate` (challenge.json + datasets/)."),
    threshold: float | None = typer.Option(None, "--threshold", callback=params.threshold,
                                           help="Overall score needed to pass (default: FACTORY_QUALITY_THRESHOLD)."),
    as_json: bool = typer.Option(False, "--json", help="Print qa_results.json instead of the table."),
    fill: bool = typer.Option(True, "--fill/--no-fill",
                              help="Compute story numbers that are not filled yet (rewrites challenge.json)."),
) -> None:
    """Validate a dataset; exit 0 when it passes, 1 when it does not, 2 on bad input.

    A folder straight from `factory generate` has no story numbers yet: they are computed first (phase 4 order).
    """
    from factory.answers import fill_story_numbers, read_challenge  # noqa: PLC0415
    from factory.quality import validate_dataset  # noqa: PLC0415  (GX and SDV load only for this command)

    missing = [s.id for s in read_challenge(run_dir, []).problem.story_numbers if s.value is None]
    if missing and fill:
        fill_story_numbers(run_dir)
        if not as_json:
            typer.echo(f"filled story numbers from the data: {', '.join(missing)}")
    results = validate_dataset(run_dir, threshold=threshold)
    if as_json:
        emit_json(results.model_dump(mode="json"))
    else:
        typer.echo(f"{results.challenge_id}: quality {results.overall:.2f} / 10 (threshold {results.threshold:g}) "
                   f"-> {'PASSED' if results.passed else 'FAILED'}")
        typer.echo(f"{'category':<24} {'weight':>6} {'score':>6} {'checks':>7} {'failed':>7}")
        for name, cat in results.categories.items():
            failed = sum(not c.success for c in cat.checks)
            typer.echo(f"{name:<24} {cat.weight:>5g}% {cat.score:>6.2f} {len(cat.checks):>7} {failed:>7}")
        failed_checks = results.failed_checks()
        if failed_checks:
            typer.echo(f"\nfailed checks ({len(failed_checks)}):")
            for c in failed_checks[:MAX_LISTED]:
                where = ".".join(x for x in (c.table, c.column) if x) or "-"
                examples = f" examples: {c.examples}" if c.examples else ""
                typer.echo(f"  [{c.severity}] {c.id} ({where}): {c.message or c.expectation}{examples}")
            if len(failed_checks) > MAX_LISTED:
                typer.echo(f"  ... {len(failed_checks) - MAX_LISTED} more in {Path(run_dir) / 'qa_results.json'}")
        if results.blocking:
            more = f" and {len(results.blocking) - 10} more" if len(results.blocking) > 10 else ""
            typer.echo(f"\nblocking (critical) failures: {', '.join(results.blocking[:10])}{more}")
        typer.echo(f"\nwrote {Path(run_dir) / 'qa_results.json'}")
    if not results.passed:
        raise typer.Exit(EXIT_FAILED)
