"""Phases 1-2: draft the problem and the schema with a provider, assemble and validate the challenge spec."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from factory.errors import ConfigError
from factory.llm.base import ProblemDraft, Provider, SchemaDraft
from factory.schema.coverage import CoverageReport, coverage_report
from factory.spec.models import DIFFICULTIES, Challenge, Difficulty, FeedbackNote, Problem, Research, Schema
from factory.spec.validate import validate_challenge

MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class DraftResult:
    """A drafted, validated challenge with its coverage report and the research behind it."""

    challenge: Challenge
    coverage: CoverageReport
    research: Research


def check_inputs(domain: str, seed: int, difficulty: str) -> Difficulty:
    """Reject an empty domain, a negative seed or an unknown difficulty with a message naming the field."""
    if not domain or not domain.strip():
        raise ConfigError("domain: must not be empty; describe a business, e.g. 'pet insurance in Pune'")
    if not 0 <= seed <= MAX_SEED:
        raise ConfigError(f"seed: must be between 0 and {MAX_SEED}, got {seed}")
    if difficulty not in DIFFICULTIES:
        raise ConfigError(f"difficulty: unknown value '{difficulty}'; allowed values: {', '.join(DIFFICULTIES)}")
    return difficulty  # type: ignore[return-value]


def draft_problem(
    provider: Provider, domain: str, *, seed: int, difficulty: str, feedback: str = "", research: Research | None = None
) -> tuple[Research, ProblemDraft]:
    """Phase 1: research the domain (unless given) and draft the problem, applying feedback."""
    level = check_inputs(domain, seed, difficulty)
    research = research or provider.research(domain.strip())
    return research, provider.problem(research, feedback, seed=seed, difficulty=level)


def draft_schema(provider: Provider, problem: Problem, *, seed: int, feedback: str = "",
                 state: dict[str, Any] | None = None) -> SchemaDraft:
    """Phase 2: draft the schema for the problem (and the questions' answer SQL), applying feedback.

    `state` is what phase 1 decided (ProblemDraft.draft_state); providers that carry state rebuild from it.
    """
    check_inputs(problem.domain, seed, problem.difficulty)
    if getattr(provider, "carries_state", False):
        return provider.schema(problem, feedback, seed=seed, state=state)  # type: ignore[call-arg]
    return provider.schema(problem, feedback, seed=seed)


def challenge_id(domain: str, seed: int, difficulty: str = "intermediate", options: str = "") -> str:
    """A run id derived from the request: slug of the domain text, the seed and a digest of the whole request
    (domain, seed, difficulty, options), so different requests never share an id or a run folder."""
    text = " ".join(domain.lower().split())
    digest = hashlib.sha256(f"{text}|{seed}|{difficulty}|{options}".encode()).hexdigest()[:6]
    tail = f"-{seed}-{digest}"
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].rstrip("-") or "challenge"
    return (slug[: 63 - len(tail)].rstrip("-") or "challenge") + tail


def assemble_challenge(
    problem: Problem,
    schema: Schema,
    *,
    seed: int,
    difficulty: str,
    research: Research | None = None,
    notes: Iterable[FeedbackNote | None] = (),
) -> Challenge:
    """The validated challenge spec (SpecError listing every problem otherwise).

    The problem's own difficulty wins when feedback changed it from the requested one.
    """
    level = problem.difficulty if problem.difficulty in DIFFICULTIES else check_inputs(problem.domain, seed, difficulty)
    challenge = Challenge(
        id=challenge_id(problem.domain, seed, difficulty), seed=seed, difficulty=level, problem=problem,
        schema=schema, research=research, feedback=[n for n in notes if n is not None],
    )
    return validate_challenge(challenge, source=f"challenge '{challenge.id}'")


def draft_challenge(
    domain: str, *, seed: int, difficulty: str, provider: Provider | str | None = None, feedback: str = ""
) -> DraftResult:
    """Phases 1-2 end to end: research, problem, schema, validation and the coverage check."""
    if provider is None or isinstance(provider, str):
        from factory.llm.registry import get_provider

        provider = get_provider(provider)
    research, pdraft = draft_problem(provider, domain, seed=seed, difficulty=difficulty, feedback=feedback)
    # a provider that carries state applied the feedback once, in phase 1; applying it again would double it
    again = "" if pdraft.draft_state is not None else feedback
    sdraft = draft_schema(provider, pdraft.problem, seed=seed, feedback=again, state=pdraft.draft_state)
    challenge = assemble_challenge(sdraft.problem, sdraft.schema_, seed=seed, difficulty=difficulty, research=research,
                                   notes=(pdraft.note, sdraft.note))
    return DraftResult(challenge=challenge, coverage=coverage_report(challenge), research=research)
