"""Tasks of phases 1-2: research, problem, schema, coverage (each wraps one factory step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task

from factory import steps
from factory.llm.base import ProblemDraft
from factory.spec.models import Challenge, Difficulty
from factory.steps import ResearchOutcome
from tasks.policy import POLICY, POLICY_WRITES_SPEC

LLM_TIMEOUT_S = 1800


@task(name="research", timeout_seconds=LLM_TIMEOUT_S, **POLICY_WRITES_SPEC)
def research_task(out_dir: Path, domain: str, seed: int, provider: str | None, run_key: str,
                  difficulty: str = "intermediate") -> ResearchOutcome:
    """What is known about the domain (web search with Groq, the domain library offline)."""
    return steps.research_step(out_dir, domain, seed=seed, provider=provider, difficulty=difficulty)


@task(name="problem", timeout_seconds=LLM_TIMEOUT_S, **POLICY_WRITES_SPEC)
def problem_task(run_dir: Path, domain: str, provider: str | None, seed: int, difficulty: Difficulty,
                 feedback: str, run_key: str) -> ProblemDraft:
    """Phase 1: problem statement, cast, KPIs, questions (with the approver's feedback)."""
    return steps.problem_step(run_dir, domain, provider=provider, seed=seed, difficulty=difficulty, feedback=feedback)


@task(name="schema", timeout_seconds=LLM_TIMEOUT_S, **POLICY_WRITES_SPEC)
def schema_task(run_dir: Path, provider: str | None, seed: int, difficulty: Difficulty, feedback: str,
                run_key: str) -> Challenge:
    """Phase 2: tables, rules, insights, messiness; challenge.json assembled and validated."""
    return steps.schema_step(run_dir, provider=provider, seed=seed, difficulty=difficulty, feedback=feedback)


@task(name="coverage", timeout_seconds=300, **POLICY)
def coverage_task(run_dir: Path, run_key: str) -> Any:
    """How well the schema can answer every question (score 0-10, gaps)."""
    return steps.coverage_step(run_dir)
