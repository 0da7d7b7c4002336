"""Generate a spec v2 challenge and run its compiled checks: shipped checks on the written CSVs, checks that read
hidden columns on the generator's full tables (in memory, same seed)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from factory.constraints import CheckResult, compile_checks, run_checks
from factory.generate import generate_dataset, generate_tables, make_plan
from factory.settings import get_settings
from factory.spec.models import Challenge
from tests.unit.generate.helpers import load_run


def generate_and_check(ch: Challenge, out: Path, *, rows: int | None = None,
                       chunk_rows: int | None = None) -> list[CheckResult]:
    """Every compiled check's result over a fresh run of `ch` written to `out`."""
    generate_dataset(ch, out, rows=rows, chunk_rows=chunk_rows)
    checks = compile_checks(ch.schema_)
    con = load_run(out, ch)
    results = run_checks(con, [c for c in checks if not c.uses_hidden])
    missing = {r.check.id for r in results if r.error and "column" in r.error}  # reads a hidden column unflagged
    results = [r for r in results if r.check.id not in missing]
    hidden = [c for c in checks if c.uses_hidden or c.id in missing]
    if hidden:
        plan = make_plan(ch, rows, seed=None, max_rows=get_settings().max_rows)
        full = duckdb.connect()
        for name, data in generate_tables(plan, hidden=True).items():
            full.register(name, data)
        results += run_checks(full, hidden)
    return results


def failures(results: list[CheckResult]) -> list[str]:
    """One line per check that failed (violations over tolerance or could not run)."""
    return [r.describe() for r in results if not r.passed]
