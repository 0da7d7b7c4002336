"""Flow parameters and results as pydantic models (the Prefect UI renders the parameters as forms)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from factory.spec.models import Difficulty
from factory.storage import PublishedRun

ApprovalMode = Literal["manual", "auto", "threshold"]


class ChallengeRequest(BaseModel):
    """What to generate: one challenge for one domain."""

    domain: str = Field(min_length=3, description="Business domain, e.g. 'quick-commerce grocery delivery'.")
    rows: int | None = Field(None, ge=1, description="Rows of the main fact table (default FACTORY_DEFAULT_ROWS).")
    seed: int = Field(42, ge=0, description="Root seed: same spec + seed gives the same data.")
    difficulty: Difficulty = Field("intermediate", description="beginner, intermediate or advanced.")
    provider: Literal["offline", "groq"] | None = Field(None, description="LLM provider (default FACTORY_LLM_PROVIDER).")
    out_dir: str | None = Field(None, description="Folder of run folders (default FACTORY_OUTPUT_DIR).")
    approval: ApprovalMode = Field(
        "manual",
        description="manual: every gate waits for an approver; auto: approve every gate; "
        "threshold: approve a gate when its score reaches the threshold, else wait.",
    )
    min_coverage: float = Field(8.0, ge=0, le=10, description="Coverage score that auto-approves the schema gate.")
    min_preview: float = Field(8.0, ge=0, le=10, description="Preview check score that auto-approves the preview gate.")
    min_quality: float | None = Field(
        None, ge=0, le=10, description="Overall quality a package needs (default FACTORY_QUALITY_THRESHOLD)."
    )


class BatchRequest(BaseModel):
    """Several challenges, one per domain, approved automatically only where every score passes."""

    domains: list[str] = Field(min_length=1, description="One challenge per domain.")
    rows: int | None = Field(None, ge=1, description="Rows of each main fact table.")
    seed: int = Field(42, ge=0, description="Root seed of every challenge.")
    difficulty: Difficulty = "intermediate"
    provider: Literal["offline", "groq"] | None = None
    out_dir: str | None = None
    min_coverage: float = Field(8.0, ge=0, le=10)
    min_preview: float = Field(8.0, ge=0, le=10)
    min_quality: float | None = Field(None, ge=0, le=10)
    challenge_deployment: str = Field(
        "challenge/challenge", description="Deployment each challenge runs as when the batch itself is deployed."
    )

    def requests(self) -> list[ChallengeRequest]:
        """One threshold-approved ChallengeRequest per domain."""
        common = self.model_dump(exclude={"domains", "challenge_deployment"})
        return [ChallengeRequest(domain=d, approval="threshold", **common) for d in self.domains]


class PhaseOutcome(BaseModel):
    """What a phase produced and what its gate shows the approver."""

    phase: Literal["problem", "schema", "preview", "full", "package"]
    challenge_id: str
    run_dir: str
    summary: str = Field("", description="Markdown the approver reads (also the gate form's description).")
    score: float | None = Field(None, description="The phase's score (0-10) when it has one.")
    feedback: str = Field("", description="The approver feedback this phase was (re)generated with.")
    passed: bool | None = Field(None, description="Phase 4: the overall score reached the quality threshold.")
    threshold: float | None = None
    blocking: list[str] = Field(default_factory=list, description="Phase 4: failed critical checks (never publishable).")
    scores: dict[str, float] = Field(default_factory=dict, description="Phase 4: score of each quality category.")
    published: PublishedRun | None = Field(None, description="Phase 5: where the packages were published.")


class ChallengeOutcome(BaseModel):
    """The result of a challenge run (also the `factory run --json` object)."""

    challenge_id: str
    run_dir: str
    package: str
    learner_package: str
    package_url: str = ""
    learner_package_url: str = ""
    overall_score: float
    passed: bool
    scores: dict[str, float] = Field(description="Score of each quality category (0-10).")
    gate_scores: dict[str, float] = Field(default_factory=dict, description="Coverage and preview check scores.")
