"""Grading benchmark: N learners x every question of a large challenge, the answer key and learner tables loaded once.

    python -m bench.grade --rows 1000000 --learners 1000 --json
    python -m bench.grade --run out/<challenge id> --learners 200

The run (data + answer key) is generated first and not timed (or given with --run). Each learner submits every
question (10 for the default food_delivery pack) in a mix that exercises every path: 40% the key SQL in MySQL
(transpiled back to DuckDB and run in the sandbox over the full tables), 30% the answer CSV, 20% the key SQL
with a wrong filter (a LIMIT) and 10% hostile SQL (reads a file, two statements or not SQL). Timed: loading
the key (`load_s`) and grading the folder (`grade_s`); reported: submissions (learner x question) per second,
CPU seconds and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

HOSTILE = ("SELECT * FROM read_csv('/etc/passwd')", "SELECT 1; SELECT 2", "grade me please")


def _generate(domain: str, rows: int, out: Path) -> Path:
    from factory.answers import compute_answers, fill_story_numbers  # noqa: PLC0415
    from factory.drafting import draft_challenge  # noqa: PLC0415
    from factory.generate import generate_dataset  # noqa: PLC0415
    from factory.llm.offline.domains import all_domains  # noqa: PLC0415

    challenge = draft_challenge(all_domains()[domain].title, seed=7, difficulty="intermediate",
                                provider="offline").challenge
    out.mkdir(parents=True)
    (out / "challenge.json").write_text(challenge.to_json(), encoding="utf-8")
    generate_dataset(challenge, out, rows=rows)
    fill_story_numbers(out)
    compute_answers(out)
    return out


def _submissions(run: Path, learners: int, folder: Path) -> int:
    """DIR/<learner>/<qid>.sql|.csv for every learner and question; the number of files."""
    from factory.answers.solutions import transpile  # noqa: PLC0415

    answers = {q: a for q, a in json.loads((run / "answers" / "answers.json").read_text()).items() if "error" not in a}
    mysql = {q: transpile(a["sql"], "mysql") for q, a in answers.items()}
    count = 0
    for i in range(learners):
        d = folder / f"learner{i:05d}"
        d.mkdir(parents=True)
        for j, qid in enumerate(answers):
            kind = (i + j) % 10
            if kind < 4:
                (d / f"{qid}.sql").write_text(mysql[qid])
            elif kind < 7:
                (d / f"{qid}.csv").write_bytes((run / "answers" / f"{qid}.csv").read_bytes())
            elif kind < 9:
                (d / f"{qid}.sql").write_text(f"SELECT * FROM ({mysql[qid].rstrip().rstrip(';')}) AS q LIMIT 1")
            else:
                (d / f"{qid}.sql").write_text(HOSTILE[(i + j) % len(HOSTILE)])
            count += 1
    return count


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--domain", default="food_delivery")
    parser.add_argument("--run", type=Path, default=None, help="An answered run folder (skips generation).")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from factory.grading import grade_folder, open_key, write_report  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        run = args.run or _generate(args.domain, args.rows, root / "run")
        generate_s = time.perf_counter() - t if args.run is None else 0.0
        files = _submissions(run, args.learners, root / "submissions")
        cpu0, t = _cpu(), time.perf_counter()
        with open_key(run) as key:
            load_s = time.perf_counter() - t
            t = time.perf_counter()
            graded = grade_folder(key, root / "submissions", dialect="mysql")
            grade_s = time.perf_counter() - t
            rows = key.rows
        write_report(graded, root / "report.csv")
        result: dict[str, Any] = {
            "rows": rows, "learners": args.learners, "questions": len(graded) // max(args.learners, 1),
            "submissions": files, "passed": sum(g.verdict.passed for g in graded), "generate_s": round(generate_s, 1),
            "load_s": round(load_s, 2), "grade_s": round(grade_s, 2),
            "submissions_per_s": round(files / grade_s, 1) if grade_s else None,
            "cpu_s": round(_cpu() - cpu0, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:>18}: {v}")


if __name__ == "__main__":
    main()
