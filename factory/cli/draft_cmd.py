"""`factory draft`: phases 1-2 from the command line, writing challenge.json atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from factory.cli import params
from factory.cli.app import app, emit_json
from factory.drafting import check_inputs, draft_challenge
from factory.errors import ConfigError
from factory.llm.registry import PROVIDERS, get_provider
from factory.problem.summary import summary_json, summary_text


def resolve_out(out: Path) -> Path:
    """The file to write: `out`, or out/challenge.json when `out` is a directory; its folder must be writable."""
    target = out / "challenge.json" if out.is_dir() else out
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise ConfigError(f"--out: {parent} is not a directory")
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"--out: cannot create the folder {parent} ({exc.strerror or exc})") from None
    if not os.access(parent, os.W_OK):
        raise ConfigError(f"--out: the folder {parent} is not writable; pass a writable path, e.g. --out ./challenge.json")
    if target.exists() and not os.access(target, os.W_OK):
        raise ConfigError(f"--out: {target} exists and is not writable")
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename (never a partly written file)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigError(f"--out: cannot write {path} ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.command("draft")
def draft(
    domain: str = typer.Option(..., "--domain", help="The business domain in free text, e.g. 'pet insurance in Pune'."),
    seed: int = typer.Option(42, "--seed", callback=params.seed, help="Seed: the same domain and seed give the same spec."),
    difficulty: str = typer.Option("intermediate", "--difficulty", help="beginner, intermediate or advanced."),
    provider: str | None = typer.Option(None, "--provider", help=f"LLM provider: {', '.join(PROVIDERS)} (default: settings)."),
    feedback: str = typer.Option("", "--feedback", help="Change requests, e.g. 'use 2023-2024, add a returns table'."),
    out: Path = typer.Option(Path("challenge.json"), "--out", help="Where to write challenge.json (file or folder)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary instead of text."),
) -> None:
    """Draft a challenge spec (problem, questions, schema, rules, insights) and check its coverage."""
    check_inputs(domain, seed, difficulty)
    if provider is not None and provider.strip().lower() not in PROVIDERS:
        raise ConfigError(f"--provider: unknown provider '{provider}'; allowed values: {', '.join(PROVIDERS)}")
    target = resolve_out(out).resolve()
    result = draft_challenge(domain, seed=seed, difficulty=difficulty, provider=get_provider(provider), feedback=feedback)
    write_atomic(target, result.challenge.to_json() + "\n")
    if as_json:
        emit_json(summary_json(result.challenge, result.coverage, str(target)))
    else:
        typer.echo(summary_text(result.challenge, result.coverage, str(target)))
