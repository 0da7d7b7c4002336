"""The challenge packages: the instructor ZIP (everything) and the learner ZIP (data, dictionary, brief, README,
load scripts; nothing that gives an answer away, checked by factory.package.leaks before writing)."""

from factory.package.builder import (
    ANSWER_ONLY,
    MANIFEST,
    PackageResult,
    build_packages,
    check_entry,
    package_name,
)
from factory.package.leaks import Leak, check_learner_package, find_leaks
from factory.package.learner import BRIEF_JSON, BRIEF_MD, learner_brief

__all__ = ["ANSWER_ONLY", "BRIEF_JSON", "BRIEF_MD", "MANIFEST", "Leak", "PackageResult", "build_packages", "check_entry",
           "check_learner_package", "find_leaks", "learner_brief", "package_name"]
