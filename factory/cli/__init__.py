"""The `factory` command line. Errors are one clear message and exit code 2 (tracebacks only with --debug)."""

from __future__ import annotations

import sys
import traceback

from factory.cli import (
    draft_cmd,  # noqa: F401  (registers commands)
    generate_cmd,  # noqa: F401  (registers commands)
    package_cmd,  # noqa: F401  (registers commands)
    run_cmd,  # noqa: F401  (registers commands)
    spec_cmd,  # noqa: F401  (registers commands)
    validate_cmd,  # noqa: F401  (registers commands)
)
from factory.cli.app import app, state
from factory.errors import FactoryError

EXIT_ERROR = 2


def main() -> None:
    """Console-script entry point."""
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except FactoryError as exc:
        if debug or state["debug"]:
            traceback.print_exc()
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)


__all__ = ["app", "main"]
