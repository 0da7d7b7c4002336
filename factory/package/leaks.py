"""The learner package's last gate: nothing in it may give the answers away.

`find_leaks` reads every entry of the learner package as a learner would and names what leaks: instructor-only
files (answers, workbook, quality results, messiness plan, clean data, solutions, the spec, any PDF), answer
SQL, planted insights, generator parameters or answer-key fields in JSON, and fault-revealing text (a SQL
comment or a line naming a faulty column with a fault word). The data itself (CSV, Parquet, DuckDB) is not
scanned: it is what the learner is meant to have.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factory.errors import PackageError
from factory.spec.models import Challenge

#: entries no learner may receive (exact names, or folder prefixes ending in '/')
INSTRUCTOR_ONLY = ("answers/", "clean/", "solutions/", "analytical_answers.xlsx", "qa_results.json", "messiness.json",
                   "challenge.json", "quality_report.pdf")
INSTRUCTOR_SUFFIXES = (".xlsx", ".pdf")
#: JSON keys of the spec, the quality results and the answer key that reveal answers, generators or faults
SECRET_KEYS = frozenset({"answer_sql", "insights", "detect_sql", "generator", "generators", "weights", "params",
                         "effect", "messiness", "faults", "row_keys", "rows_clean", "impact", "checks",
                         "categories", "sql"})
FAULT_WORDS = re.compile(r"duplicat|fault|messiness|inject|planted|misspel|typo|outlier|trap", re.IGNORECASE)
#: words a load script's own comment has no reason to say (the spec's table descriptions are judged as text)
COMMENT_WORDS = re.compile(FAULT_WORDS.pattern + r"|dirty|corrupt", re.IGNORECASE)
TEXT_SUFFIXES = (".json", ".txt", ".md", ".sql")
DATA_PREFIXES = ("datasets/", "parquet/")


@dataclass(frozen=True)
class Leak:
    """One thing the learner package must not carry: the entry and what it reveals."""

    entry: str
    what: str

    def __str__(self) -> str:
        return f"{self.entry}: {self.what}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _json_keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_keys(v)


def _text(source: Path | bytes) -> str:
    data = source if isinstance(source, bytes) else source.read_bytes()
    return data.decode("utf-8", "replace")


def _sql_comments(text: str) -> list[str]:
    lines = [ln.strip()[2:] for ln in text.splitlines() if ln.strip().startswith("--")]
    return lines + re.findall(r"/\*(.*?)\*/", text, flags=re.DOTALL)


def _fault_lines(text: str, faults: list[dict[str, Any]]) -> list[str]:
    """Lines that name a faulty column (table.column or the column's name) together with a fault word."""
    cols = {str(f.get("column")) for f in faults if f.get("column")}
    out = []
    for line in text.splitlines():
        if FAULT_WORDS.search(line) and any(re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", line) for c in cols):
            out.append(line.strip())
    return out


def find_leaks(entries: Mapping[str, Path | bytes], challenge: Challenge,
               faults: list[dict[str, Any]] | None = None) -> list[Leak]:
    """Every leak in the learner package's entries (empty when it gives nothing away)."""
    leaks: list[Leak] = []
    secrets = [(f"the answer SQL of {q.id}", _squash(q.answer_sql)) for q in challenge.problem.questions
               if q.answer_sql.strip()]
    for i in challenge.schema_.insights:
        secrets += [(f"the planted insight '{i.title}'", _squash(i.title)), (f"the insight statement of '{i.title}'",
                                                                             _squash(i.statement))]
    descriptions = {t.description.strip() for t in challenge.schema_.tables}
    for name in sorted(entries):
        if name.startswith(INSTRUCTOR_ONLY) or name in INSTRUCTOR_ONLY or name.endswith(INSTRUCTOR_SUFFIXES):
            leaks.append(Leak(name, "an instructor-only file"))
            continue
        if name.startswith(DATA_PREFIXES) or not name.endswith(TEXT_SUFFIXES):
            continue
        text = _text(entries[name])
        flat = _squash(text)
        leaks += [Leak(name, what) for what, secret in secrets if secret and secret in flat]
        if name.endswith(".json"):
            try:
                keys = sorted(set(_json_keys(json.loads(text))) & SECRET_KEYS)
            except ValueError:
                keys = []
            if name != "manifest.json" and keys:
                leaks.append(Leak(name, "answer-key or generator fields " + ", ".join(repr(k) for k in keys)))
        if name.endswith(".sql"):
            leaks += [Leak(name, f"a comment revealing a fault: {c.strip()!r}") for c in _sql_comments(text)
                      if COMMENT_WORDS.search(c) and c.strip() not in descriptions][:1]
        leaks += [Leak(name, f"a line revealing a fault: {ln!r}") for ln in _fault_lines(text, faults or [])][:1]
    return leaks


def check_learner_package(entries: Mapping[str, Path | bytes], challenge: Challenge,
                          faults: list[dict[str, Any]] | None = None) -> None:
    """Raise PackageError naming the first leaked file (and how many leaks there are) when anything leaks."""
    leaks = find_leaks(entries, challenge, faults)
    if leaks:
        files = list(dict.fromkeys(leak.entry for leak in leaks))
        more = f" (leaked files: {', '.join(files)})" if len(leaks) > 1 else ""
        raise PackageError(f"the learner package would leak {leaks[0].what} in {leaks[0].entry}{more}",
                           hint="remove it from that file; the learner ZIP carries the data, the data dictionary, "
                                "the brief, README.txt and the load scripts only")
