"""The `factory` command line. Errors are one clear message and exit code 2 (tracebacks only with --debug)."""

from __future__ import annotations

from factory.cli import (
    api_cmd,  # noqa: F401  (registers commands)
    draft_cmd,  # noqa: F401  (registers commands)
    generate_cmd,  # noqa: F401  (registers commands)
    grade_cmd,  # noqa: F401  (registers commands)
    library_cmd,  # noqa: F401  (registers commands)
    package_cmd,  # noqa: F401  (registers commands)
    run_cmd,  # noqa: F401  (registers commands)
    spec_cmd,  # noqa: F401  (registers commands)
    validate_cmd,  # noqa: F401  (registers commands)
)
from factory.cli.app import app, state
from factory.cli.entry import EXIT_ERROR, run_app


def main() -> None:
    """Console-script entry point: every failure is one `error:` line, exit code 2 (tracebacks with --debug)."""
    run_app(app, state)


__all__ = ["EXIT_ERROR", "app", "main"]
