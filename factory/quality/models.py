"""Quality results (qa_results.json, a contract), the eight categories, their weights and the scoring."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Severity = Literal["critical", "major", "minor"]

#: category -> weight in percent of the overall score (groups: structural 25, business 25, realism 20,
#: learning 20, documentation 10)
CATEGORY_WEIGHTS: dict[str, float] = {
    "schema_conformance": 12.5,
    "referential_integrity": 12.5,
    "business_rules": 12.5,
    "temporal_consistency": 12.5,
    "distributions": 10.0,
    "diversity": 10.0,
    "answerability": 20.0,
    "documentation": 10.0,
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_WEIGHTS)
SEVERITY_WEIGHTS: dict[str, float] = {"critical": 5.0, "major": 2.0, "minor": 1.0}
MAX_EXAMPLES = 5
#: a failed critical check (a blocking finding) halves its category's score, once per failure: a category with
#: something that stops publication cannot look nearly perfect because many small checks passed around it
BLOCKING_FACTOR = 0.5


class CheckResult(BaseModel):
    """One expectation's outcome (names are a contract)."""

    id: str
    category: str = Field(exclude=True)
    table: str = ""
    column: str = ""
    expectation: str
    success: bool
    severity: Severity = "major"
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    examples: list[Any] = Field(default_factory=list, description="Up to 5 offending keys or values.")
    observed_value: Any = None
    message: str = ""


class Finding(BaseModel):
    """Something a learner, an instructor or an approver notices in the data (qa_results.json `findings`).

    severity "blocking" fails the run whatever the score (its check is critical); "warning" only informs.
    examples: up to 5 offending rows, each {column: value} with the row's key and the columns that show it.
    """

    id: str = Field(description="The id of the check that records it (categories.<category>.checks[].id).")
    check: str = Field(description="The kind of finding, e.g. child_before_parent, top_share, name_repeats.")
    category: str
    severity: Literal["blocking", "warning"] = "blocking"
    title: str = Field(description="What a learner will notice, in one line.")
    table: str = ""
    column: str = ""
    count: int | None = Field(None, description="Offending rows (or groups).")
    total: int | None = Field(None, description="Rows (or groups) looked at.")
    share: float | None = Field(None, description="count / total (0-1).")
    limit: float | None = Field(None, description="The share (or value) above which it is reported.")
    message: str = ""
    examples: list[dict[str, Any]] = Field(default_factory=list)


class CategoryResult(BaseModel):
    """A category's 0-10 score, its weight (percent) and its checks."""

    score: float
    weight: float
    checks: list[CheckResult]


class QAResults(BaseModel):
    """The whole quality result (qa_results.json)."""

    challenge_id: str
    overall: float
    passed: bool
    threshold: float
    blocking: list[str] = Field(default_factory=list, description="Ids of failed critical checks (each fails the run).")
    categories: dict[str, CategoryResult]
    findings: list[Finding] = Field(default_factory=list, description="What a learner will notice, blocking first.")
    seconds: float = 0.0

    def failed_checks(self) -> list[CheckResult]:
        """Every failed check, worst severity first."""
        order = {"critical": 0, "major": 1, "minor": 2}
        failed = [c for cat in self.categories.values() for c in cat.checks if not c.success]
        return sorted(failed, key=lambda c: order[c.severity])


class PreviewReport(BaseModel):
    """Phase 3 preview checks: FK integrity, types, PK uniqueness, a realism smoke check (0-10)."""

    challenge_id: str
    score: float
    passed: bool
    checks: list[CheckResult]


def category_score(checks: list[CheckResult]) -> float:
    """0-10: the severity-weighted share of passed checks (10 when there is nothing to check)."""
    total = sum(SEVERITY_WEIGHTS[c.severity] for c in checks)
    if not total:
        return 10.0
    passed = sum(SEVERITY_WEIGHTS[c.severity] for c in checks if c.success)
    return round(10.0 * passed / total, 2)


def blocked_score(checks: list[CheckResult]) -> float:
    """The category score: severity-weighted pass share, halved for every failed critical check."""
    failed = sum(1 for c in checks if c.severity == "critical" and not c.success)
    return round(category_score(checks) * BLOCKING_FACTOR ** failed, 2)


def score_results(challenge_id: str, checks: list[CheckResult], threshold: float, seconds: float = 0.0,
                  findings: list[Finding] | None = None) -> QAResults:
    """Group checks by category, score each, and weigh them into the overall score.

    `passed` needs overall >= threshold and no failed critical check (an orphan key, a wrong answer or a
    blocking learner-eye finding is never acceptable, however good the rest is). Each failed critical check
    halves its category's score, so a run with blocking findings cannot score as publishable (>= 9.5).
    """
    categories: dict[str, CategoryResult] = {}
    for name, weight in CATEGORY_WEIGHTS.items():
        mine = [c for c in checks if c.category == name]
        categories[name] = CategoryResult(score=blocked_score(mine), weight=weight, checks=mine)
    overall = round(sum(c.score * c.weight for c in categories.values()) / sum(CATEGORY_WEIGHTS.values()), 2)
    blocking = [c.id for c in checks if c.severity == "critical" and not c.success]
    return QAResults(challenge_id=challenge_id, overall=overall, passed=overall >= threshold and not blocking,
                     threshold=threshold, blocking=blocking, categories=categories,
                     findings=sorted(findings or [], key=lambda f: f.severity != "blocking"),
                     seconds=round(seconds, 2))
