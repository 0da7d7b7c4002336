"""What the learner ZIP holds: the data, the data dictionary, a learner brief, README.txt and the load scripts.

Everything is chosen from an allow-list (never "everything minus the answers"), so a new file the factory
starts writing stays instructor-only until it is added here. The brief is built field by field from the spec:
company, story, characters, problem, KPIs and the questions with their output fields; no SQL, generator,
insight, messiness plan or quality result can reach it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from factory.reports.text_docs import readme_text, render_story
from factory.sandbox import file_reader
from factory.spec.models import Challenge

BRIEF_MD = "brief.md"
BRIEF_JSON = "challenge_brief.json"
#: entries of the instructor package a learner also gets (exact names, or folder prefixes ending in '/')
LEARNER_NAMES = ("data_dictionary.txt", "README.txt")
LEARNER_PREFIXES = ("datasets/", "parquet/")
LEARNER_SQL = re.compile(r"^sql/(mysql|postgresql|duckdb)/(schema|load)\.sql$")


def is_learner_entry(name: str, challenge: Challenge) -> bool:
    """True for an instructor-package entry the learner package may carry as it is."""
    tables = {t.name for t in challenge.schema_.tables}
    if name.startswith(LEARNER_PREFIXES):
        folder, _, file = name.partition("/")
        stem, dot, ext = file.rpartition(".")
        return "/" not in file and dot == "." and stem in tables and ext == ("csv" if folder == "datasets" else "parquet")
    return name in LEARNER_NAMES or bool(LEARNER_SQL.match(name)) or name == f"{challenge.id}.duckdb"


def learner_brief(challenge: Challenge) -> dict[str, Any]:
    """challenge_brief.json: the story and the questions as a learner reads them (allow-listed fields only)."""
    p = challenge.problem
    return {
        "challenge_id": challenge.id,
        "company": p.company,
        "industry": p.industry or p.domain,
        "difficulty": challenge.difficulty,
        "story": render_story(challenge),
        "characters": [{"name": c.name, "role": c.role, "part": c.part, "voice": c.voice} for c in p.characters],
        "kpis": [{"name": k.name, "definition": k.definition, "formula": k.formula} for k in p.kpis],
        "data_window": {"start": challenge.schema_.window.start.isoformat(), "end": challenge.schema_.window.end.isoformat()},
        "tables": [t.name for t in challenge.schema_.tables],
        "questions": [{"id": q.id, "text": q.text, "difficulty": q.difficulty, "output_fields": list(q.output_fields)}
                      for q in p.questions],
    }


def brief_markdown(brief: dict[str, Any]) -> str:
    """brief.md: the same brief for reading."""
    out = [f"# {brief['company']}: {brief['industry']} data challenge", "",
           f"Challenge `{brief['challenge_id']}` · difficulty: {brief['difficulty']} · data from "
           f"{brief['data_window']['start']} to {brief['data_window']['end']}", "", "## The story", "", brief["story"], "",
           "## The people", ""]
    for c in brief["characters"]:
        out.append(f"- **{c['name']}**, {c['role']} ({c['part']})" + (f": \"{c['voice']}\"" if c["voice"] else ""))
    out += ["", "## Key metrics", ""]
    out += [f"- **{k['name']}**: {k['definition']} Formula: {k['formula']}" for k in brief["kpis"]]
    out += ["", "## The questions", ""]
    for q in brief["questions"]:
        out += [f"### {q['id'].upper()} ({q['difficulty']})", "", q["text"], "",
                "Output fields: " + ", ".join(f"`{f}`" for f in q["output_fields"]), ""]
    out += ["## The data", "", "Tables: " + ", ".join(f"`{t}`" for t in brief["tables"]) + ". Every column is "
            "explained in data_dictionary.txt; README.txt says how to load the data.", ""]
    return "\n".join(out)


def row_counts(run_dir: Path, challenge: Challenge) -> dict[str, int]:
    """Rows per delivered table: generation.json's written rows, else counted from the CSVs."""
    try:
        rows = json.loads((run_dir / "generation.json").read_text(encoding="utf-8")).get("rows") or {}
    except (OSError, ValueError):
        rows = {}
    counts = {t.name: int(rows[t.name]) for t in challenge.schema_.tables if isinstance(rows.get(t.name), int)}
    missing = [t.name for t in challenge.schema_.tables if t.name not in counts]
    if missing:
        paths = {name: (run_dir / "datasets" / f"{name}.csv").resolve() for name in missing}
        con = file_reader([p for p in paths.values() if p.is_file()])
        try:
            for name in missing:
                path = paths[name]
                counts[name] = int(con.execute("SELECT count(*) FROM read_csv(?, header = true, all_varchar = true)",
                                               [str(path)]).fetchone()[0]) if path.is_file() else 0
        finally:
            con.close()
    return counts


def learner_documents(run_dir: Path, challenge: Challenge, brand: str) -> dict[str, bytes]:
    """The files written for the learner package only: README.txt (learner contents), brief.md, challenge_brief.json."""
    brief = learner_brief(challenge)
    readme = readme_text(challenge, row_counts(run_dir, challenge), brand, parquet=(run_dir / "parquet").is_dir(),
                         learner=True)
    return {"README.txt": readme.encode("utf-8"), BRIEF_MD: brief_markdown(brief).encode("utf-8"),
            BRIEF_JSON: (json.dumps(brief, indent=2, ensure_ascii=False) + "\n").encode("utf-8")}
