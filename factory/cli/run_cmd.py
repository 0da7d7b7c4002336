"""`factory run`: the whole challenge (phases 1-5 with approval gates) through the Prefect challenge flow.

The orchestration layer (flows/) is imported inside the command, so the rest of the CLI stays Prefect-free.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import typer
from pydantic import ValidationError

from factory.cli import params
from factory.cli.app import app, emit_json, state
from factory.errors import ConfigError, FactoryError
from factory.settings import get_settings

EXIT_BELOW_THRESHOLD = 1


def _request(domain: str, rows: int | None, seed: int, difficulty: str, provider: str | None, out: Path | None,
             yes: bool) -> object:
    from flows.params import ChallengeRequest

    try:
        return ChallengeRequest(
            domain=domain, rows=rows, seed=seed, difficulty=difficulty,
            provider=provider.strip().lower() if provider else None,
            out_dir=str(out or get_settings().output_dir), approval="auto" if yes else "manual",
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"--{field.replace('_', '-')}: {first['msg']} (got {first.get('input')!r})") from None


def _gate_handler(interactive: bool, err: bool):  # noqa: ANN202 (returns flows.local_run.GateHandler)
    """Ask the terminal at each gate, or say where the approval is awaited."""
    from flows.gates import Approval
    from flows.local_run import GateRequest

    def ask(gate: GateRequest) -> Approval | None:
        typer.echo("\n" + "=" * 78 + f"\n{gate.description}\n" + "=" * 78, err=err)
        if not interactive:
            typer.echo(f"Waiting for an approver at {gate.where}\n(approve or reject there; this command "
                       "continues when the run is resumed)", err=True)
            return None
        decision = ""
        while decision not in ("approve", "reject"):
            raw = typer.prompt("approve or reject? [approve/reject]", default="approve", err=err).strip().lower()
            decision = {"a": "approve", "y": "approve", "yes": "approve", "r": "reject", "n": "reject"}.get(raw, raw)
        feedback = typer.prompt("feedback (what to change)", default="", err=err) if decision == "reject" else ""
        return Approval(decision=decision, feedback=feedback)

    return ask


def _check_before_start(rows: int | None) -> None:
    """Refuse before phase 1 what would only fail later: rows over the budget, an unusable artifact store."""
    from factory.storage import get_store  # noqa: PLC0415
    from factory.storage.publish import check_writable  # noqa: PLC0415

    settings = get_settings()
    if rows is not None and rows > settings.max_rows:
        raise ConfigError(f"--rows: {rows:,} is above FACTORY_MAX_ROWS={settings.max_rows:,}",
                          hint="ask for fewer rows or raise FACTORY_MAX_ROWS")
    if settings.storage == "s3":
        check_writable(get_store(settings))


@app.command("run")
def run(
    domain: str = typer.Option(..., "--domain", help="The business domain in free text."),
    rows: int | None = typer.Option(None, "--rows", callback=params.positive,
                                    help="Rows of the main fact table (default FACTORY_DEFAULT_ROWS)."),
    seed: int = typer.Option(42, "--seed", callback=params.seed,
                             help="Root seed: the same domain and seed give the same challenge."),
    difficulty: str = typer.Option("intermediate", "--difficulty", help="beginner, intermediate or advanced."),
    provider: str | None = typer.Option(None, "--provider", help="LLM provider: offline or groq (default: settings)."),
    out: Path | None = typer.Option(None, "--out", callback=params.out_dir,
                                    help="Folder of run folders (default FACTORY_OUTPUT_DIR)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Approve every gate."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object (Prefect logs stay on stderr)."),
) -> None:
    """Run phases 1-5 with approval gates (--yes approves them all); the run folder is <out>/<challenge id>/."""
    started = time.perf_counter()
    request = _request(domain, rows, seed, difficulty, provider, out, yes)
    _check_before_start(rows)
    from flows.gates import ApprovalRejected, GateTimeout
    from flows.local_run import run_challenge
    from flows.run_guard import prefect_log_to_file

    interactive = not yes and sys.stdin.isatty()
    log = Path(request.out_dir) / "logs" / f"factory-run-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    with prefect_log_to_file(log, debug=state["debug"]):
        try:
            outcome = run_challenge(request, _gate_handler(interactive, err=as_json),  # type: ignore[arg-type]
                                    server_log=None if state["debug"] else log)
        except (GateTimeout, ApprovalRejected) as exc:
            raise ConfigError(str(exc)) from None
        except FactoryError as exc:  # the failing phase's error, once; Prefect's tracebacks are in the log
            raise FactoryError(f"{exc.message} (Prefect log: {log})", hint=exc.hint) from exc
        except Exception as exc:  # noqa: BLE001 (one message, no traceback, unless --debug)
            raise FactoryError(f"the challenge run failed: {type(exc).__name__}: {exc} (Prefect log: {log})") from exc
    seconds = round(time.perf_counter() - started, 2)
    if as_json:
        emit_json({
            "challenge_id": outcome.challenge_id, "package": outcome.package,
            "learner_package": outcome.learner_package, "overall_score": outcome.overall_score,
            "scores": outcome.scores, "passed": outcome.passed, "run_dir": outcome.run_dir,
            "package_url": outcome.package_url, "learner_package_url": outcome.learner_package_url,
            "seconds": seconds,
        })
    else:
        typer.echo(f"challenge {outcome.challenge_id}: overall quality {outcome.overall_score:.2f}/10 "
                   f"({'passed' if outcome.passed else 'below threshold'}) in {seconds:.0f} s")
        typer.echo(f"run folder:      {outcome.run_dir}\npackage:         {outcome.package}\n"
                   f"learner package: {outcome.learner_package}")
        if outcome.package_url.startswith("http"):
            typer.echo(f"download:        {outcome.package_url}\nlearner:         {outcome.learner_package_url}")
    if not outcome.passed:
        raise typer.Exit(EXIT_BELOW_THRESHOLD)
