"""Validation benchmark: validate_dataset over a generated run with a large main fact, all eight categories.

    python -m bench.validate --rows 1000000 --json
    python -m bench.validate --rows 1000000 --repeat 3 --domain quick_commerce

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


def _generate(domain: str, rows: int, out: Path, difficulty: str) -> tuple[float, dict[str, int]]:
    from factory.drafting import draft_challenge  # noqa: PLC0415
    from factory.generate import generate_dataset, generate_preview  # noqa: PLC0415
    from factory.llm.offline.domains import all_domains  # noqa: PLC0415

    challenge = draft_challenge(all_domains()[domain].title, seed=7, difficulty=difficulty, provider="offline").challenge
    started = time.perf_counter()
    generate_dataset(challenge, out, rows=rows)
    generate_preview(challenge, out)
    sizes = json.loads((out / "generation.json").read_text()).get("generated_rows", {})
    return time.perf_counter() - started, sizes


def _cpu() -> float:
    """CPU seconds (user + system, all threads) of this process: less sensitive to a busy machine than wall time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(domain: str, rows: int, repeat: int, keep: Path | None, difficulty: str = "beginner") -> dict[str, Any]:
    """Generate once, then time imports, the answer key and `repeat` validations."""
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        out = keep or Path(tmp) / "run"
        gen_s, sizes = _generate(domain, rows, out, difficulty)

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
    assert results is not None
    checks = sum(len(c.checks) for c in results.categories.values())
    return {
        "domain": domain, "difficulty": difficulty, "main_rows": rows, "tables": sizes, "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "generate_s": round(gen_s, 2), "imports_s": round(import_s, 2), "answers_s": round(answers_s, 2),
        "validate_s": [round(x, 2) for x in runs], "validate_best_s": round(min(runs), 2),
        "validate_cpu_s": [round(x, 2) for x in cpu],
        "target_s": TARGET_S, "within_target": min(runs) <= TARGET_S,
        "overall": results.overall, "passed": results.passed, "checks": checks,
        "failed": [c.id for c in results.failed_checks()],
        "scores": {name: c.score for name, c in results.categories.items()},
    }


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="Main fact rows.")
    parser.add_argument("--domain", default="quick_commerce", help="Library domain key.")
    parser.add_argument("--difficulty", default="beginner",
                        help="beginner = messiness 0; advanced = level 2 (duplicates, nulls, outliers, ...).")
    parser.add_argument("--repeat", type=int, default=1, help="Validations to time (best is reported).")
    parser.add_argument("--keep", type=Path, default=None, help="Write the run here instead of a temp folder.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()
    report = run(args.domain, args.rows, max(1, args.repeat), args.keep, args.difficulty)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['domain']}: {report['main_rows']:,} main rows, {report['checks']} checks, overall {report['overall']}")
    print(f"  generate {report['generate_s']} s (not timed) | imports {report['imports_s']} s | "
          f"answers {report['answers_s']} s")
    print(f"  validate_dataset {report['validate_s']} s (best {report['validate_best_s']} s, target <= {TARGET_S} s), "
          f"CPU {report['validate_cpu_s']} s")


if __name__ == "__main__":
    main()
