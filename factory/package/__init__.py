"""The challenge packages: the instructor ZIP (everything) and the learner ZIP (no answers, no answer keys)."""

from factory.package.builder import (
    ANSWER_ONLY,
    MANIFEST,
    PackageResult,
    build_packages,
    check_entry,
    learner_challenge,
    package_name,
)

__all__ = ["ANSWER_ONLY", "MANIFEST", "PackageResult", "build_packages", "check_entry", "learner_challenge",
           "package_name"]
