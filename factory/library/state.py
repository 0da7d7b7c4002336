"""What drafting decided, carried from phase 1 to phase 2 in problem.json (`draft_state`): no search, no guessing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from factory.spec.models import Difficulty


class CastMember(BaseModel):
    """A named character and the gender their name was drawn for."""

    model_config = ConfigDict(extra="forbid")

    name: str
    gender: str


class DraftState(BaseModel):
    """Every decision of a library draft: the same state always builds the same problem and schema."""

    model_config = ConfigDict(extra="forbid")

    pack: str = Field(description="Pack (or archetype pack) the challenge is built from.")
    generic: bool = Field(False, description="True when built from a generic archetype in the request's words.")
    request: str = Field(description="The domain text as the operator asked for it.")
    business: str = Field("", description="The request's business words (used by archetype packs).")
    seed: int
    difficulty: Difficulty
    place: str = Field(description="The place the story is set in (a gazetteer name).")
    country: str
    cities: list[str] = Field(min_length=1)
    year_start: int = Field(ge=2000, le=2100)
    years: int = Field(ge=1, le=10)
    extras: list[str] = Field(default_factory=list)
    question_count: int = Field(10, ge=5, le=12)
    question_ids: list[str] = Field(default_factory=list)
    company: str
    cast: list[CastMember] = Field(min_length=3, max_length=3)
    applied: list[str] = Field(default_factory=list, description="Feedback applied so far, in words.")
    headline: str = Field("", description="First line of every summary: what was matched and what is generic.")

    @property
    def year_end(self) -> int:
        """Last calendar year of the window."""
        return self.year_start + self.years - 1
