"""`factory spec-schema` and `factory check-spec`: the published JSON Schema and spec validation."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from factory.cli import params
from factory.cli.app import app, emit_json
from factory.errors import SpecError
from factory.spec import json_schema


@app.command("spec-schema")
def spec_schema() -> None:
    """Print the JSON Schema of challenge.json."""
    typer.echo(json.dumps(json_schema(), indent=2))


@app.command("check-spec")
def check_spec(
    spec: Path = typer.Argument(..., help="challenge.json to validate."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
) -> None:
    """Validate a challenge.json, then run its SQL under the budget on a small sample; exit 2 with every problem."""
    from factory.sample_run import sample_problems  # noqa: PLC0415 (the engine loads only for this command)

    ch = params.load_spec(spec)
    problems = sample_problems(ch)
    if problems:
        raise SpecError(problems, source=str(spec))
    if as_json:
        emit_json({"valid": True, "id": ch.id, "tables": [t.name for t in ch.schema_.tables]})
    else:
        typer.echo(f"{spec}: valid ({len(ch.schema_.tables)} tables, {len(ch.problem.questions)} questions)")
