"""Learner-eye checks: what a learner, an instructor or an approver notices within an hour, inferred from the
schema (names, descriptions, types, foreign keys) and the data, with no declaration in the spec.

Each check records a check result in the category where it belongs and, when it fails, a Finding (table,
column, example rows). Blocking findings are critical checks: they fail `passed` whatever the weighted score.
All of them run as DuckDB SQL over the loaded tables (no Python loop over rows).
"""

from __future__ import annotations

from factory.answers.compute import Answer
from factory.quality.context import CheckContext
from factory.quality.learner_eye_answers import (
    check_flat_answers,
    check_statement_counts,
    check_unread_tables,
    read_by_questions,
    story_findings,
)
from factory.quality.learner_eye_people import check_people
from factory.quality.learner_eye_place import check_places
from factory.quality.learner_eye_shape import check_concentration, check_single_values
from factory.quality.learner_eye_state import check_states
from factory.quality.learner_eye_time import check_time


def check_learner_eye(ctx: CheckContext, answers: dict[str, Answer]) -> None:
    """Run every learner-eye check (after the documentation checks, whose story numbers become findings)."""
    read = read_by_questions(ctx)
    check_time(ctx)
    check_states(ctx)
    check_places(ctx)
    check_people(ctx)
    check_concentration(ctx)
    check_single_values(ctx, read)
    check_unread_tables(ctx, read)
    check_flat_answers(ctx, answers)
    with ctx.guard("documentation", "learner.statement_count", "expect_no_statement_count", severity="critical"):
        check_statement_counts(ctx)
    story_findings(ctx)
