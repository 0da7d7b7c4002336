"""Run the Typer app so that every failure is one `error:` line and exit code 2 (tracebacks only with --debug)."""

from __future__ import annotations

import sys
import traceback

import typer
from typer._click import exceptions as cx  # typer's own click: its usage errors

from factory.errors import FactoryError

EXIT_ERROR = 2


def run_app(app: typer.Typer, state: dict[str, bool]) -> None:
    """Call `app`; FactoryError, usage errors, deep input, OS errors and any other crash end in one line."""
    debug = "--debug" in sys.argv[1:]
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except cx.ClickException as exc:  # bad option values, missing options, unknown commands
        _fail(f"{_usage_message(exc)}", debug=False)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except FactoryError as exc:
        _fail(str(exc), debug=debug or state.get("debug", False))
    except RecursionError:
        _fail("the input is nested too deeply to read (a JSON file nested hundreds of levels?)",
              debug=debug or state.get("debug", False))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}", debug=debug or state.get("debug", False))
    except Exception as exc:  # noqa: BLE001 (one line; the traceback with --debug)
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        _fail(f"unexpected {type(exc).__name__}: {text} (run with --debug for the traceback)",
              debug=debug or state.get("debug", False))
    sys.exit(code if isinstance(code, int) else 0)


def _usage_message(exc: cx.ClickException) -> str:
    param = getattr(exc, "param", None)
    if isinstance(exc, cx.MissingParameter) and param is not None:
        return f"{'/'.join(getattr(param, 'opts', None) or [param.name or ''])}: missing (required)"
    if isinstance(exc, cx.BadParameter) and param is not None:
        names = [n for n in (getattr(param, "opts", None) or [param.name or ""]) if n]
        return f"{'/'.join(names)}: {exc.message}"
    return exc.format_message()


def _fail(message: str, *, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    sys.stderr.write(f"error: {message}\n")
    sys.exit(EXIT_ERROR)
