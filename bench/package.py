"""Package benchmark: reports (PDF + Excel + text + SQL + DuckDB file) and both ZIPs for a large challenge.

    python -m bench.package --rows 1000000 --json
    python -m bench.package --rows 1000000 --run-dir /tmp/pkg-bench --json    keep (and reuse) the run folder

Untimed setup: offline draft of a library domain, generation, story numbers, answers and validation. Timed:
`build_reports` (loading the CSVs into the DuckDB file, aggregates, 12 charts, PDF, workbook, text docs, SQL
scripts) and `build_packages` (instructor + learner ZIPs with manifests). Target: <= 15 s for 1M fact rows.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from factory.answers import compute_answers, fill_story_numbers
from factory.drafting import draft_challenge
from factory.generate import generate_dataset
from factory.llm.offline.domains import all_domains
from factory.package import build_packages
from factory.quality import validate_dataset
from factory.reports import build_reports

TARGET_S = 15.0


def prepare(run: Path, domain: str, rows: int, seed: int) -> dict[str, float]:
    """Generate, answer and validate a run folder (reused when it already holds qa_results.json)."""
    if (run / "qa_results.json").is_file() and (run / "answers" / "answers.json").is_file():
        return {"reused": 1.0}
    run.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    ch = draft_challenge(all_domains()[domain].title, seed=seed, difficulty="intermediate", provider="offline").challenge
    (run / "challenge.json").write_text(ch.to_json(), encoding="utf-8")
    generate_dataset(ch, run, rows=rows)
    gen = time.perf_counter() - t
    fill_story_numbers(run)
    compute_answers(run)
    t2 = time.perf_counter()
    validate_dataset(run, sdv=False)
    return {"generate_s": round(gen, 2), "validate_s": round(time.perf_counter() - t2, 2)}


def measure(run: Path) -> dict[str, object]:
    """Time build_reports and build_packages on a prepared run folder."""
    for stale in [run / f for f in ("quality_report.pdf", "analytical_answers.xlsx")] + list(run.glob("*.duckdb")):
        stale.unlink(missing_ok=True)
    t = time.perf_counter()
    reports = build_reports(run)
    t_reports = time.perf_counter() - t
    t = time.perf_counter()
    packages = build_packages(run)
    t_zip = time.perf_counter() - t
    csv_mb = sum(p.stat().st_size for p in (run / "datasets").glob("*.csv")) / 1e6
    return {
        "reports_s": round(t_reports, 2),
        "reports_breakdown_s": {k: round(v, 2) for k, v in reports.seconds.items()},
        "zips_s": round(t_zip, 2),
        "total_s": round(t_reports + t_zip, 2),
        "target_s": TARGET_S,
        "within_target": t_reports + t_zip <= TARGET_S,
        "csv_mb": round(csv_mb, 1),
        "package_mb": round(packages.package.stat().st_size / 1e6, 1),
        "learner_package_mb": round(packages.learner_package.stat().st_size / 1e6, 1),
        "pdf_kb": round(reports.pdf.stat().st_size / 1e3),
        "xlsx_kb": round(reports.workbook.stat().st_size / 1e3),
    }


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="Main fact rows.")
    ap.add_argument("--domain", default="quick_commerce", choices=sorted(all_domains()))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--run-dir", type=Path, default=None, help="Keep the run folder here (reused if prepared).")
    ap.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = ap.parse_args()
    tmp = None if args.run_dir else tempfile.mkdtemp(prefix="bench-pkg-")
    run = args.run_dir or Path(tmp)
    try:
        setup = prepare(run, args.domain, args.rows, args.seed)
        result = {"domain": args.domain, "rows": args.rows, "setup": setup, **measure(run)}
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
