"""`factory generate` and `factory preview`: a challenge spec's tables as CSV (and Parquet / DuckDB)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.csv as pacsv
import typer

from factory.cli import params
from factory.cli.app import app, emit_json
from factory.generate import GenerationResult, generate_dataset, generate_preview

HEAD_ROWS = 10


def _progress(fraction: float, message: str) -> None:
    sys.stderr.write(f"\r[{fraction:6.1%}] {message[:70]:<70}")
    if fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _summary(result: GenerationResult) -> dict:
    return {
        "out_dir": str(result.out_dir), "seed": result.seed, "seconds": result.seconds, "chunk_rows": result.chunk_rows,
        "formats": result.formats, "tables": {n: {"rows": t.rows, "files": t.files} for n, t in result.tables.items()},
    }


@app.command("generate")
def generate(
    spec: Path = typer.Option(..., "--spec", help="challenge.json to generate data for."),
    out: Path = typer.Option(..., "--out", callback=params.out_dir,
                              help="Output folder (datasets/, messiness.json, generation.json)."),
    rows: int | None = typer.Option(None, "--rows", callback=params.positive,
                                    help="Rows of the main fact table (default: the spec's)."),
    seed: int | None = typer.Option(None, "--seed", callback=params.seed, help="Override the spec's seed."),
    chunk_rows: int | None = typer.Option(None, "--chunk-rows", callback=params.positive,
                                          help="Rows generated per chunk (bounds memory)."),
    formats: str = typer.Option("csv", "--formats", help="Comma-separated: csv,parquet,duckdb (CSV always)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
) -> None:
    """Generate the full dataset of a challenge spec; exit 2 on bad input (nothing written)."""
    ch = params.load_spec(spec)
    if seed is not None:
        ch = ch.model_copy(update={"seed": seed})
    result = generate_dataset(ch, out.resolve(), rows=rows, chunk_rows=chunk_rows, formats=tuple(formats.split(",")),
                              progress=None if as_json else _progress)
    if as_json:
        emit_json(_summary(result))
        return
    for name, t in result.tables.items():
        typer.echo(f"{name:<32} {t.rows:>12,} rows  {t.files.get('csv', '')}")
    typer.echo(f"seed {result.seed}, {result.seconds:.2f} s -> {result.out_dir}")


@app.command("preview")
def preview(
    spec: Path = typer.Option(..., "--spec", help="challenge.json to preview."),
    out: Path = typer.Option(..., "--out", callback=params.out_dir,
                              help="Output folder (the preview goes to OUT/preview/)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary with the first rows of each table."),
) -> None:
    """Generate about 30 rows a table under OUT/preview/ and print the first 10 rows of each table."""
    ch = params.load_spec(spec)
    result = generate_preview(ch, out.resolve())
    heads = {}
    for name, t in result.tables.items():
        data = pacsv.read_csv(t.files["csv"]).slice(0, HEAD_ROWS)
        heads[name] = data
    if as_json:
        summary = _summary(result)
        summary["head"] = {n: d.to_pylist() for n, d in heads.items()}
        emit_json(summary)
        return
    for name, data in heads.items():
        typer.echo(f"\n== {name} ({result.tables[name].rows} rows)")
        typer.echo(data.to_pandas().to_string(index=False))
