"""validate_dataset: every check of the eight categories over a run folder, scored into qa_results.json."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from factory.answers.basis import answer_basis, load_clean
from factory.answers.compute import write_atomic
from factory.answers.tables import RunData, load_run
from factory.errors import ValidationRunError
from factory.quality.answer_key import check_answer_key
from factory.quality.context import CheckContext
from factory.quality.declared import check_declared
from factory.quality.diversity import check_diversity
from factory.quality.gx_suites import new_context, run_table_suites
from factory.quality.learner_eye import check_learner_eye
from factory.quality.learning import check_documentation, check_insights, check_questions
from factory.quality.logic import check_dates, check_derived, check_rules
from factory.quality.models import QAResults, score_results
from factory.quality.realism import check_distributions
from factory.quality.sdv_checks import check_sdv_diagnostic, check_sdv_quality
from factory.quality.structure import (
    check_columns,
    check_files,
    check_foreign_keys,
    check_row_counts,
    check_types,
)
from factory.settings import get_settings


def run_checks(data: RunData, *, gx_context: Any = None, preview: RunData | None = None, sdv: bool = True,
               clean: RunData | None = None, basis: str = "delivered", clean_error: str = "") -> CheckContext:
    """Run every check over loaded data; the returned context holds the results (`.checks`).

    With basis "clean", story numbers are checked against `clean` (the tables they were computed on) and the
    questions also run on it; the delivered tables stay the subject of every other check.
    """
    ctx = CheckContext(data=data, con=data.connection(with_fault_keys=True), basis=basis,
                       clean_con=clean.connection() if clean is not None else None, clean_error=clean_error)
    try:
        check_files(ctx)
        check_columns(ctx)
        run_table_suites(ctx, gx_context if gx_context is not None else new_context())
        check_types(ctx)
        check_row_counts(ctx)
        check_foreign_keys(ctx)
        check_rules(ctx)
        check_derived(ctx)
        check_dates(ctx)
        check_distributions(ctx)
        check_diversity(ctx)
        answers = check_questions(ctx)
        check_insights(ctx)
        check_documentation(ctx)
        check_answer_key(ctx)
        check_declared(ctx)
        check_learner_eye(ctx, answers)
        if sdv:
            check_sdv_diagnostic(ctx)
            check_sdv_quality(ctx, preview)
    finally:
        ctx.con.close()
        if ctx.clean_con is not None:
            ctx.clean_con.close()
    return ctx


def load_preview(run_dir: Path, data: RunData) -> RunData | None:
    """The approved preview's tables (preview/datasets), when the run folder has them."""
    if not (run_dir / "preview" / "datasets").is_dir():
        return None
    preview = load_run(run_dir, datasets="preview/datasets", challenge=data.challenge)
    return preview if preview.tables else None


def validate_dataset(run_dir: str | Path, *, threshold: float | None = None, sdv: bool = True,
                     gx_context: Any = None) -> QAResults:
    """Validate a run folder (challenge.json + datasets/) and write run_dir/qa_results.json.

    Missing or unreadable files and renamed columns become failing checks; only a folder without a valid
    challenge.json raises (ValidationRunError / SpecError).
    """
    started = time.perf_counter()
    root = Path(run_dir)
    limit = get_settings().quality_threshold if threshold is None else float(threshold)
    data = load_run(root)
    preview = load_preview(root, data) if sdv else None
    basis, clean, clean_error = answer_basis(root), None, ""
    if basis == "clean":
        try:
            clean = load_clean(root, challenge=data.challenge)
        except ValidationRunError as exc:
            clean_error = exc.message
    ctx = run_checks(data, gx_context=gx_context, preview=preview, sdv=sdv, clean=clean, basis=basis,
                     clean_error=clean_error)
    results = score_results(data.challenge.id, ctx.checks, limit, time.perf_counter() - started, ctx.findings)
    write_atomic(root / "qa_results.json", results.model_dump_json(indent=2))
    return results
