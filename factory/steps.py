"""Phase steps on a run folder: each reads its inputs from the folder, makes one factory call, writes its output.

The orchestration (tasks/) wraps each step once; the folder is what carries a run from phase to phase, so a
phase can also run on its own (a deployment of one phase flow) on a folder an earlier phase filled.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from factory.errors import ConfigError
from factory.llm.base import ProblemDraft
from factory.spec.models import Challenge, Difficulty, Research
from factory.spec.validate import load_challenge

RESEARCH_FILE = "research.json"
PROBLEM_FILE = "problem.json"
CHALLENGE_FILE = "challenge.json"
COVERAGE_FILE = "coverage.json"


class ResearchOutcome(BaseModel):
    """The research and the run folder it decided (the challenge id comes from the library domain)."""

    research: Research
    challenge_id: str
    run_dir: Path


def challenge_id_for(research: Research, domain: str, seed: int, difficulty: str = "intermediate") -> str:
    """The id assemble_challenge will give this run: derived from the request (domain text, seed, difficulty)."""
    from factory.drafting import challenge_id

    return challenge_id(research.domain or domain, seed, difficulty)


def _versions(name: str) -> Any:
    """name, name-v2, name-v3, ..."""
    yield name
    n = 2
    while True:
        yield f"{name}-v{n}"
        n += 1


def run_folder(out_dir: Path, challenge_id: str) -> Path:
    """The run folder of a request: <out>/<id>, or <out>/<id>-v2, -v3 ... when that folder holds a published
    package (its manifest.json): a published package is never overwritten."""
    from factory.storage import MANIFEST_NAME

    return next(d for d in (Path(out_dir) / n for n in _versions(challenge_id)) if not (d / MANIFEST_NAME).is_file())


def publish_key(store: Any, name: str) -> str:
    """The first of name, name-v2, ... not yet published in `store` (a published package is never overwritten)."""
    from factory.storage import MANIFEST_NAME

    return next(k for k in _versions(name) if not store.exists(f"{k}/{MANIFEST_NAME}"))


def _start_clean(run_dir: Path) -> None:
    """Empty a run folder a previous run of the same request left (no stale file survives)."""
    import shutil

    if run_dir.is_dir():
        for child in run_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _read(run_dir: Path, name: str, made_by: str) -> str:
    path = run_dir / name
    if not path.is_file():
        raise ConfigError(f"{path} is missing", hint=f"run {made_by} on this run folder first")
    return path.read_text(encoding="utf-8")


def research_step(out_dir: Path, domain: str, *, seed: int, provider: str | None = None,
                  difficulty: str = "intermediate") -> ResearchOutcome:
    """What is known about the domain; creates <out>/<challenge id>/ afresh and writes research.json there."""
    from factory.drafting import check_inputs
    from factory.llm.registry import get_provider

    check_inputs(domain, seed, difficulty)
    research = get_provider(provider).research(domain.strip())
    cid = challenge_id_for(research, domain, seed, difficulty)
    run_dir = run_folder(Path(out_dir), cid)
    _start_clean(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    _write(run_dir / RESEARCH_FILE, research.model_dump_json(indent=2))
    return ResearchOutcome(research=research, challenge_id=cid, run_dir=run_dir)


def problem_step(run_dir: Path, domain: str, *, provider: str | None, seed: int, difficulty: Difficulty,
                 feedback: str = "") -> ProblemDraft:
    """Phase 1: the problem and its questions (problem.json), rewritten with the approver's feedback."""
    from factory.drafting import draft_problem
    from factory.llm.registry import get_provider

    research = Research.model_validate_json(_read(run_dir, RESEARCH_FILE, "the research step"))
    _, draft = draft_problem(get_provider(provider), domain, seed=seed, difficulty=difficulty, feedback=feedback,
                             research=research)
    _write(run_dir / PROBLEM_FILE, draft.model_dump_json(indent=2))
    return draft


def schema_step(run_dir: Path, *, provider: str | None, seed: int, difficulty: Difficulty,
                feedback: str = "") -> Challenge:
    """Phase 2: the schema for the approved problem, assembled and validated into challenge.json."""
    from factory.drafting import assemble_challenge, draft_schema
    from factory.llm.registry import get_provider

    research = Research.model_validate_json(_read(run_dir, RESEARCH_FILE, "phase 1"))
    problem = ProblemDraft.model_validate_json(_read(run_dir, PROBLEM_FILE, "phase 1"))
    schema = draft_schema(get_provider(provider), problem.problem, seed=seed, feedback=feedback,
                          state=problem.draft_state)
    notes = [n for n in (problem.note, schema.note) if n is not None]
    challenge = assemble_challenge(schema.problem, schema.schema_, seed=seed, difficulty=difficulty,
                                   research=research, notes=notes)
    if run_dir.name != challenge.id and not re.fullmatch(rf"{re.escape(challenge.id)}-v\d+", run_dir.name):
        raise ConfigError(f"challenge id {challenge.id!r} does not match its run folder {run_dir}",
                          hint="run phase 1 into this folder again")
    _write(run_dir / CHALLENGE_FILE, challenge.to_json())
    return challenge


def load_run_challenge(run_dir: Path) -> Challenge:
    """The validated challenge.json of a run folder."""
    _read(run_dir, CHALLENGE_FILE, "phase 2")
    return load_challenge(run_dir / CHALLENGE_FILE)


def coverage_step(run_dir: Path) -> Any:
    """How well the schema answers the questions (coverage.json): CoverageReport(score 0-10, gaps)."""
    from factory.schema.coverage import coverage_report

    report = coverage_report(load_run_challenge(run_dir))
    _write(run_dir / COVERAGE_FILE, json.dumps(_dump(report), indent=2, default=str))
    return report


def preview_step(run_dir: Path, *, rows: int) -> Any:
    """Phase 3: a few rows of every table through the same generator (preview/)."""
    from factory.generate import generate_preview

    return generate_preview(load_run_challenge(run_dir), run_dir, rows=rows)


def generate_step(run_dir: Path, *, rows: int | None, chunk_rows: int | None = None) -> Any:
    """Phase 4: the full dataset (datasets/, generation.json)."""
    from factory.generate import generate_dataset

    return generate_dataset(load_run_challenge(run_dir), run_dir, rows=rows, chunk_rows=chunk_rows)


def _dump(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(obj)
    return obj
