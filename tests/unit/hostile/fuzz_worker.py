"""The fuzz test's worker: reads one task a line on stdin ({"spec": path, "out": folder, "result": path}), runs
`factory check-spec` and, when the spec passes, `factory generate` through the real CLI app, and writes what
happened to the result file: "ok", "refused" (a clean error) or "traceback" (any other exception)."""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path
from typing import Any

from typer._click import exceptions as cx

from factory.cli import app
from factory.errors import FactoryError

GENERATE_ROWS = "150"


def _call(args: list[str]) -> dict[str, Any]:
    try:
        app(args=args, standalone_mode=False)
    except (FactoryError, cx.ClickException, SystemExit) as exc:
        return {"status": "refused", "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    except BaseException as exc:  # noqa: BLE001 (what the fuzz test hunts)
        return {"status": "traceback", "error": f"{type(exc).__name__}: {exc}"[:500],
                "where": traceback.format_exc().splitlines()[-3:]}
    return {"status": "ok"}


def run_task(task: dict[str, str]) -> dict[str, Any]:
    """check-spec, then generate when the spec passed."""
    check = _call(["check-spec", task["spec"]])
    if check["status"] != "ok":
        return {"check": check}
    return {"check": check, "generate": _call(["generate", "--spec", task["spec"], "--out", task["out"],
                                               "--rows", GENERATE_ROWS, "--json"])}


def main() -> None:
    """Serve tasks until stdin closes; command output goes to stderr, results to their files."""
    protocol, sys.stdout = sys.stdout, sys.stderr
    for line in sys.stdin:
        task = json.loads(line)
        result = run_task(task)
        done = Path(task["result"])
        tmp = done.with_suffix(".part")
        tmp.write_text(json.dumps(result), encoding="utf-8")
        tmp.replace(done)  # the test reads it as soon as it exists
    protocol.flush()


if __name__ == "__main__":
    main()
