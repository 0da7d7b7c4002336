"""The Provider interface every LLM provider implements (phases 1-2)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from factory.spec.models import Difficulty, FeedbackNote, Problem, Research, Schema


class ProblemDraft(BaseModel):
    """A provider's answer to `problem()`: the problem plus what it did with feedback."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    problem: Problem
    note: FeedbackNote | None = None
    draft_state: dict[str, Any] | None = None  # what a library draft decided (factory.library.state.DraftState)


class SchemaDraft(BaseModel):
    """A provider's answer to `schema()`: the schema, the problem with answer SQL filled in, feedback notes."""

    problem: Problem
    schema_: Schema
    note: FeedbackNote | None = None


@runtime_checkable
class Provider(Protocol):
    """Writes the research, the problem statement and the schema of a challenge."""

    name: str

    def research(self, domain: str) -> Research:
        """What is known about the domain: summary, KPIs, sources."""
        ...

    def problem(
        self, research: Research, feedback: str = "", *, seed: int, difficulty: Difficulty
    ) -> ProblemDraft:
        """The business problem, cast, KPIs and 5-7 questions (answer SQL may wait for the schema)."""
        ...

    def schema(self, problem: Problem, feedback: str = "", *, seed: int) -> SchemaDraft:
        """Tables, relationships, rules, insights, messiness; and the questions' answer SQL."""
        ...
