"""Grade one submission file, or a folder of them (one subfolder or file per learner, questions by file name),
into verdicts and a report CSV."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from factory.errors import GradingError
from factory.grading.compare import Verdict, compare
from factory.grading.key import GradingKey
from factory.grading.submission import SubmissionRefused, read_csv, run_sql

SUFFIXES = (".sql", ".csv")
REPORT_COLUMNS = ("learner", "question", "file", "passed", "score", "rows_expected", "rows_submitted",
                  "rows_matched", "columns_missing", "columns_extra", "hint", "error")


@dataclass
class Graded:
    """One learner's verdict for one question (file "" when the learner submitted nothing for it)."""

    learner: str
    file: str
    verdict: Verdict


def grade_file(key: GradingKey, qid: str, path: str | Path, *, kind: str | None = None,
               dialect: str = "mysql") -> Verdict:
    """The verdict of one submission for question `qid`; kind "sql" or "csv" (default: the file's suffix).

    A submission that cannot be graded (not SQL, refused by the sandbox, unreadable CSV) gets a failing verdict
    whose `error` says why; only an unknown question or a missing file raises GradingError.
    """
    answer = key.question(qid)
    path = Path(path)
    if not path.is_file():
        raise GradingError(f"{path}: no such file")
    kind = kind or path.suffix.lower().lstrip(".")
    try:
        if kind == "csv":
            columns, rows = read_csv(path)
        elif kind == "sql":
            columns, rows = run_sql(key, path, dialect, max_rows=max(10 * len(answer.rows), 10_000))
        else:
            raise SubmissionRefused(f"not a .sql or .csv file ({path.suffix or 'no suffix'})")
    except SubmissionRefused as exc:
        return Verdict(qid, False, 0.0, rows_expected=len(answer.rows), error=str(exc), hint=str(exc))
    except OSError as exc:
        return Verdict(qid, False, 0.0, rows_expected=len(answer.rows), error=f"unreadable: {exc.strerror or exc}")
    return compare(answer, columns, rows)


def submissions(folder: str | Path, questions: list[str]) -> dict[str, dict[str, Path]]:
    """learner -> {question -> file}: DIR/<learner>/<qid>.sql|.csv, or DIR/<learner>_<qid>.sql|.csv.

    A file naming no question is listed under the question "" (reported, not graded)."""
    root = Path(folder)
    if not root.is_dir():
        raise GradingError(f"--submissions {root}: not a folder")
    by_length = sorted(questions, key=len, reverse=True)
    out: dict[str, dict[str, Path]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        rel = path.relative_to(root)
        stem = path.stem
        if len(rel.parts) > 1:
            learner, qid = rel.parts[0], next((q for q in by_length if stem == q), "")
        else:
            qid = next((q for q in by_length if stem == q or stem.endswith(("_" + q, "-" + q, "." + q))), "")
            learner = stem[: -len(qid) - 1] if qid and stem != qid else stem
        files = out.setdefault(learner, {})
        files[qid if qid not in files else ""] = path
    return out


def grade_folder(key: GradingKey, folder: str | Path, *, dialect: str = "mysql") -> list[Graded]:
    """Every learner's verdict for every question of the key (not submitted: score 0 with that reason)."""
    qids = list(key.questions)
    graded: list[Graded] = []
    for learner, files in submissions(folder, qids).items():
        for qid in qids:
            path = files.get(qid)
            if path is None:
                graded.append(Graded(learner, "", Verdict(qid, False, 0.0, rows_expected=len(key.questions[qid].rows),
                                                          error="not submitted")))
            else:
                graded.append(Graded(learner, str(path.relative_to(folder)), grade_file(key, qid, path,
                                                                                        dialect=dialect)))
        stray = files.get("")
        if stray is not None:
            graded.append(Graded(learner, str(stray.relative_to(folder)), Verdict(
                "", False, 0.0, error=f"the file name names no question ({', '.join(qids)})")))
    return graded


def report_csv(graded: list[Graded]) -> str:
    """The report as CSV text (one row per learner and question)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(REPORT_COLUMNS)
    for g in graded:
        v = g.verdict
        writer.writerow([g.learner, v.question, g.file, v.passed, f"{v.score:.3f}", v.rows_expected, v.rows_submitted,
                         v.rows_matched, ";".join(v.columns_missing), ";".join(v.columns_extra), v.hint, v.error])
    return buf.getvalue()


def write_report(graded: list[Graded], path: str | Path) -> Path:
    """Write the report CSV atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        fh.write(report_csv(graded))
    os.replace(tmp, path)
    return path


def score_distribution(graded: list[Graded]) -> list[dict[str, object]]:
    """Per question: submissions, passed, mean score and counts per score band (for the flow's artifact)."""
    rows: dict[str, dict[str, object]] = {}
    bands = ("0", "0-0.5", "0.5-1", "1")
    for g in graded:
        v = g.verdict
        if not v.question:
            continue
        r = rows.setdefault(v.question, {"question": v.question, "submissions": 0, "passed": 0, "mean_score": 0.0,
                                         **dict.fromkeys(bands, 0)})
        r["submissions"] += 1  # type: ignore[operator]
        r["passed"] += int(v.passed)  # type: ignore[operator]
        r["mean_score"] += v.score  # type: ignore[operator]
        band = "1" if v.score >= 1 else "0" if v.score <= 0 else "0-0.5" if v.score < 0.5 else "0.5-1"
        r[band] += 1  # type: ignore[operator]
    for r in rows.values():
        r["mean_score"] = round(float(r["mean_score"]) / max(int(r["submissions"]), 1), 3)  # type: ignore[arg-type]
    return list(rows.values())
