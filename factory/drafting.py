"""Phases 1-2: draft the problem and the schema with a provider, assemble and validate the challenge spec."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


def draft_schema(provider: Provider, problem: Problem, *, seed: int, feedback: str = "") -> SchemaDraft:
    """Phase 2: draft the schema for the problem (and the questions' answer SQL), applying feedback."""
    check_inputs(problem.domain, seed, problem.difficulty)
    return provider.schema(problem, feedback, seed=seed)


def challenge_id(domain: str, seed: int) -> str:
    """A run id like 'quick-commerce-42': the slug of the (library) domain and the seed."""
    slug = re.sub(r"[^a-z0-9]+", "-", domain.lower()).strip("-") or "challenge"
    tail = f"-{seed}"
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
    base = research.library_domain if research is not None and research.library_domain else problem.domain
    challenge = Challenge(
        id=challenge_id(base.replace("_", "-"), seed), seed=seed, difficulty=level, problem=problem,
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
    sdraft = draft_schema(provider, pdraft.problem, seed=seed, feedback=feedback)
    challenge = assemble_challenge(sdraft.problem, sdraft.schema_, seed=seed, difficulty=difficulty, research=research,
                                   notes=(pdraft.note, sdraft.note))
    return DraftResult(challenge=challenge, coverage=coverage_report(challenge), research=research)
