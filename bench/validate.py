"""Validation benchmark: validate_dataset over a generated run with a large main fact, all eight categories.

    python -m bench.validate --rows 1000000 --json
    python -m bench.validate --rows 1000000 --repeat 3 --domain quick_commerce
    python -m bench.validate --rows 1000000 --spec tests/fixtures/legacy/quick_commerce.json --json

By default the process is pinned to one core (--all-cores lifts it). `learner_eye_s` times the declared
constraint checks and the learner-eye checks alone on the loaded run (they are part of validate_dataset);
`--without-new-checks` leaves both out of validate_dataset (the "before" figure on the same data).

The run (data + approved preview) is generated first and not timed. Timed separately: the one-off imports
(Great Expectations, SDV), the answer key (story numbers + answer tables) and each validate_dataset call
(loading the CSVs with their spec types, a fresh GX context, every check of every category, SDV diagnostic and
quality report, qa_results.json). The target is validate_dataset <= 10 s for a 1M-row main fact.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_S = 10.0


def _generate(domain: str, rows: int, out: Path, difficulty: str, spec: Path | None = None) -> tuple[float, dict[str, int]]:
    from factory.drafting import draft_challenge  # noqa: PLC0415
    from factory.generate import generate_dataset, generate_preview  # noqa: PLC0415
    from factory.spec.validate import load_challenge  # noqa: PLC0415

    if spec is not None:
        challenge = load_challenge(spec)
    else:
        from factory.llm.offline.domains import all_domains  # noqa: PLC0415

        challenge = draft_challenge(all_domains()[domain].title, seed=7, difficulty=difficulty,
                                    provider="offline").challenge
    started = time.perf_counter()
    generate_dataset(challenge, out, rows=rows)
    generate_preview(challenge, out)
    sizes = json.loads((out / "generation.json").read_text()).get("generated_rows", {})
    return time.perf_counter() - started, sizes


def _cpu() -> float:
    """CPU seconds (user + system, all threads) of this process: less sensitive to a busy machine than wall time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _learner_eye_s(out: Path) -> float:
    """Seconds of the declared-constraint and learner-eye checks alone over the loaded run."""
    from factory.answers.basis import answer_basis, load_clean  # noqa: PLC0415
    from factory.answers.tables import load_run  # noqa: PLC0415
    from factory.quality.context import CheckContext  # noqa: PLC0415
    from factory.quality.declared import check_declared  # noqa: PLC0415
    from factory.quality.learner_eye import check_learner_eye  # noqa: PLC0415
    from factory.quality.learning import check_questions  # noqa: PLC0415

    data = load_run(out)
    clean = load_clean(out, challenge=data.challenge) if answer_basis(out) == "clean" else None
    ctx = CheckContext(data=data, con=data.connection(with_fault_keys=True),
                       clean_con=clean.connection() if clean is not None else None)
    answers = check_questions(ctx)
    started = time.perf_counter()
    check_declared(ctx)
    check_learner_eye(ctx, answers)
    return time.perf_counter() - started


def run(domain: str, rows: int, repeat: int, keep: Path | None, difficulty: str = "beginner",
        spec: Path | None = None) -> dict[str, Any]:
    """Generate once, then time imports, the answer key and `repeat` validations."""
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        out = keep or Path(tmp) / "run"
        gen_s, sizes = _generate(domain, rows, out, difficulty, spec)

        started = time.perf_counter()
        import great_expectations  # noqa: F401, PLC0415
        import sdv.evaluation  # noqa: F401, PLC0415

        from factory.answers import compute_answers, fill_story_numbers  # noqa: PLC0415
        from factory.quality import validate_dataset  # noqa: PLC0415
        import_s = time.perf_counter() - started

        started = time.perf_counter()
        fill_story_numbers(out)
        compute_answers(out)
        answers_s = time.perf_counter() - started

        runs: list[float] = []
        cpu: list[float] = []
        results = None
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), _cpu()
            results = validate_dataset(out)
            runs.append(time.perf_counter() - started)
            cpu.append(_cpu() - cpu_started)
        eye_s = _learner_eye_s(out)
    assert results is not None
    checks = sum(len(c.checks) for c in results.categories.values())
    return {
        "domain": str(spec) if spec is not None else domain, "difficulty": difficulty,
        "one_core": _one_core, "learner_eye_s": round(eye_s, 2), "findings": [f.id for f in results.findings], "main_rows": rows, "tables": sizes, "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "generate_s": round(gen_s, 2), "imports_s": round(import_s, 2), "answers_s": round(answers_s, 2),
        "validate_s": [round(x, 2) for x in runs], "validate_best_s": round(min(runs), 2),
        "validate_cpu_s": [round(x, 2) for x in cpu],
        "target_s": TARGET_S, "within_target": min(runs) <= TARGET_S,
        "overall": results.overall, "passed": results.passed, "checks": checks,
        "failed": [c.id for c in results.failed_checks()],
        "scores": {name: c.score for name, c in results.categories.items()},
    }


_one_core = False


def _pin() -> None:
    """Pin this process (and DuckDB's threads) to its first allowed core."""
    global _one_core  # noqa: PLW0603
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        _one_core = True


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="Main fact rows.")
    parser.add_argument("--domain", default="quick_commerce", help="Library domain key.")
    parser.add_argument("--difficulty", default="beginner",
                        help="beginner = messiness 0; advanced = level 2 (duplicates, nulls, outliers, ...).")
    parser.add_argument("--repeat", type=int, default=1, help="Validations to time (best is reported).")
    parser.add_argument("--keep", type=Path, default=None, help="Write the run here instead of a temp folder.")
    parser.add_argument("--spec", type=Path, default=None, help="Generate from this challenge.json instead of a domain.")
    parser.add_argument("--all-cores", action="store_true", help="Do not pin the process to one core.")
    parser.add_argument("--without-new-checks", action="store_true",
                        help="Validate without the declared-constraint and learner-eye checks (before/after).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()
    if not args.all_cores:
        _pin()
    if args.without_new_checks:
        import factory.quality.validate as validate  # noqa: PLC0415

        validate.check_declared = lambda ctx: None  # type: ignore[assignment]
        validate.check_learner_eye = lambda ctx, answers: None  # type: ignore[assignment]
    report = run(args.domain, args.rows, max(1, args.repeat), args.keep, args.difficulty, args.spec)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['domain']}: {report['main_rows']:,} main rows, {report['checks']} checks, overall {report['overall']}")
    print(f"  generate {report['generate_s']} s (not timed) | imports {report['imports_s']} s | "
          f"answers {report['answers_s']} s")
    print(f"  validate_dataset {report['validate_s']} s (best {report['validate_best_s']} s, target <= {TARGET_S} s), "
          f"CPU {report['validate_cpu_s']} s; declared + learner-eye checks {report['learner_eye_s']} s, "
          f"{len(report['findings'])} finding(s)")


if __name__ == "__main__":
    main()
