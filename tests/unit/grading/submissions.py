"""A folder of learners' submissions for a run: correct, almost-correct and hostile, in both layouts."""

from __future__ import annotations

import json
from pathlib import Path


def submissions_folder(run: Path, root: Path) -> Path:
    """DIR/ada/<qid>.sql (every key SQL: all pass), DIR/bob/<qid>.csv (the key CSVs, one rounded badly),
    DIR/eve_<qid>.sql (hostile) and a stray file naming no question."""
    answers = json.loads((run / "answers" / "answers.json").read_text())
    qids = [q for q, a in answers.items() if "error" not in a]
    folder = root / "submissions"
    (folder / "ada").mkdir(parents=True)
    (folder / "bob").mkdir()
    for qid in qids:
        (folder / "ada" / f"{qid}.sql").write_text(answers[qid]["sql"])
        (folder / "bob" / f"{qid}.csv").write_bytes((run / "answers" / f"{qid}.csv").read_bytes())
    (folder / "bob" / f"{qids[0]}.csv").write_text("nothing,to,see\n1,2,3\n")
    (folder / f"eve_{qids[0]}.sql").write_text("SELECT * FROM read_csv('/etc/passwd')")
    (folder / f"eve_{qids[1]}.sql").write_text("ATTACH '/tmp/x.db' AS x; SELECT 1")
    (folder / "eve_notes.sql").write_text("SELECT 1")
    return folder
