"""The Typer app every `factory` command registers on, and the shared output helpers."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

app = typer.Typer(
    name="factory",
    help="Data Challenge Factory: turn a business domain into a verified data-analytics challenge package.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
state: dict[str, bool] = {"debug": False}


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks of errors.")) -> None:
    """Data Challenge Factory."""
    state["debug"] = debug


def emit_json(obj: Any) -> None:
    """Print one JSON object on stdout."""
    sys.stdout.write(json.dumps(obj, indent=2, default=str) + "\n")
