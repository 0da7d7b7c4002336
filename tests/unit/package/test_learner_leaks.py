"""The learner ZIP gives nothing away: opened as a learner would, for every library domain and difficulty.

The checks here are written independently of factory.package.leaks: they read the ZIP and the instructor's
files (challenge.json, answers/, messiness.json) and look for every piece of the answer key in what a learner
gets. A leak planted in a run folder stops packaging with an error naming the leaked file (CLI exit 2).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from factory.errors import PackageError
from factory.generate.traps_plan import with_traps
from factory.package import BRIEF_JSON, BRIEF_MD, MANIFEST, build_packages, package_name
from tests.unit.reports.pipeline import DOMAINS, RunOf, copy_run, library_challenge, packaged_run_at

FACTORY = str(Path(sys.executable).parent / "factory")
LEAK_ROWS = 2000
DIALECTS = ("mysql", "postgresql", "duckdb")
GENERATOR_WORDS = ('"weights"', '"params"', '"generator"', '"dist"', '"answer_sql"', '"insights"', '"detect_sql"',
                   '"faults"', '"row_keys"', '"rate"', '"checks"')
FAULT_TALK = re.compile(r"duplicat|fault|messiness|inject|planted|misspel|typo|outlier|trap|blank|trailing",
                        re.IGNORECASE)
#: fast subset of the other difficulties (the full matrix is marked slow)
FAST_OTHER = [("quick_commerce", "beginner"), ("telecom", "intermediate")]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def allowed_names(challenge: dict) -> set[str]:
    """Every entry a learner ZIP may hold."""
    tables = [t["name"] for t in challenge["schema"]["tables"]]
    return ({f"datasets/{t}.csv" for t in tables} | {f"parquet/{t}.parquet" for t in tables}
            | {f"sql/{d}/{f}.sql" for d in DIALECTS for f in ("schema", "load")}
            | {"data_dictionary.txt", "README.txt", BRIEF_MD, BRIEF_JSON, MANIFEST, f"{challenge['id']}.duckdb"})


def assert_learner_zip_gives_nothing_away(run: Path) -> None:
    """Open the learner ZIP of a packaged run and fail on any piece of the answer key in it."""
    challenge = json.loads((run / "challenge.json").read_text())
    messiness = json.loads((run / "messiness.json").read_text()) if (run / "messiness.json").is_file() else {}
    zpath = run / package_name("codebasics", challenge["id"], learner=True)
    with zipfile.ZipFile(zpath) as zf:
        names = set(zf.namelist())
        extra = names - allowed_names(challenge)
        assert not extra, f"learner ZIP holds files a learner must not get: {sorted(extra)}"
        must = {f"datasets/{t['name']}.csv" for t in challenge["schema"]["tables"]}
        must |= {"data_dictionary.txt", "README.txt", BRIEF_MD, BRIEF_JSON, "sql/mysql/load.sql",
                 "sql/postgresql/load.sql", "sql/duckdb/load.sql"}
        assert must <= names, sorted(must - names)
        assert not [n for n in names if n.endswith((".pdf", ".xlsx")) or n.startswith(("answers/", "clean/"))]
        texts = {n: zf.read(n).decode("utf-8") for n in names if n.endswith((".txt", ".md", ".json", ".sql"))
                 and n != MANIFEST}
        if f"{challenge['id']}.duckdb" in names:
            db = run / "learner_check.duckdb"
            db.write_bytes(zf.read(f"{challenge['id']}.duckdb"))
            con = duckdb.connect(str(db), read_only=True)
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            con.close()
            db.unlink()
            assert tables <= {t["name"] for t in challenge["schema"]["tables"]}, tables
    secrets = [(f"answer SQL of {q['id']}", q["answer_sql"]) for q in challenge["problem"]["questions"]]
    secrets += [(f"insight title {i['id']}", i["title"]) for i in challenge["schema"]["insights"]]
    secrets += [(f"insight statement {i['id']}", i["statement"]) for i in challenge["schema"]["insights"]]
    for qid in [q["id"] for q in challenge["problem"]["questions"]]:
        body = (run / "answers" / f"{qid}.csv").read_text().split("\n", 1)[-1]
        if len(body) > 40:
            secrets.append((f"answer table of {qid}", body))
    fault_cols = {f["column"] for f in messiness.get("faults", []) if f.get("column")}
    for name, text in texts.items():
        flat = _flat(text)
        for what, secret in secrets:
            assert _flat(secret) not in flat, f"{name} carries the {what}"
        for word in GENERATOR_WORDS:
            assert word not in text, f"{name} carries the spec / answer-key field {word}"
        if name.endswith(".sql"):
            comments = [ln for ln in text.splitlines() if ln.strip().startswith("--")]
            assert not [c for c in comments if FAULT_TALK.search(c)], f"{name} has a comment revealing a fault"
        for line in text.splitlines():
            named = [c for c in fault_cols if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", line)]
            assert not (named and FAULT_TALK.search(line)), f"{name} reveals a fault of {named}: {line!r}"
    readme = texts["README.txt"]
    assert "reproduces them exactly" not in readme and "Instructor package only" not in readme
    brief = json.loads(texts[BRIEF_JSON])
    assert set(brief) == {"challenge_id", "company", "industry", "difficulty", "story", "characters", "kpis",
                          "data_window", "tables", "questions"}
    for q, bq in zip(challenge["problem"]["questions"], brief["questions"], strict=True):
        assert set(bq) == {"id", "text", "difficulty", "output_fields"}
        assert bq["id"] == q["id"] and bq["output_fields"] == q["output_fields"]
        assert q["text"] in texts[BRIEF_MD] and all(f"`{f}`" in texts[BRIEF_MD] for f in q["output_fields"])


@pytest.mark.parametrize("domain", DOMAINS)
def test_learner_zip_gives_nothing_away_advanced(domain: str, run_of: RunOf) -> None:
    assert_learner_zip_gives_nothing_away(run_of(domain))


@pytest.mark.parametrize(("domain", "difficulty"), FAST_OTHER)
def test_learner_zip_gives_nothing_away_other_difficulties(domain: str, difficulty: str, tmp_path: Path) -> None:
    assert_learner_zip_gives_nothing_away(packaged_run_at(domain, difficulty, tmp_path, rows=LEAK_ROWS))


@pytest.mark.slow
@pytest.mark.parametrize("difficulty", ["beginner", "intermediate", "advanced"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_learner_zip_gives_nothing_away_every_domain_and_difficulty(domain: str, difficulty: str,
                                                                    tmp_path: Path) -> None:
    assert_learner_zip_gives_nothing_away(packaged_run_at(domain, difficulty, tmp_path, rows=LEAK_ROWS))


def test_traps_stay_in_the_instructor_pack(tmp_path: Path) -> None:
    ch = with_traps(library_challenge("quick_commerce"), level=3)
    run = packaged_run_at("quick_commerce", "advanced", tmp_path, rows=LEAK_ROWS, challenge=ch)
    assert_learner_zip_gives_nothing_away(run)
    cid = json.loads((run / "challenge.json").read_text())["id"]
    messiness = json.loads((run / "messiness.json").read_text())
    with zipfile.ZipFile(run / package_name("codebasics", cid)) as zf:
        readme = " ".join(zf.read("README.txt").decode().split())
        assert json.loads(zf.read("messiness.json"))["questions"] == messiness["questions"]
    with zipfile.ZipFile(run / package_name("codebasics", cid, learner=True)) as zf:
        learner_readme = zf.read("README.txt").decode()
    assert "ANSWER KEY AND TRAPS" in readme and "ANSWER KEY AND TRAPS" not in learner_readme
    for f in messiness["faults"]:
        where = f"{f['table']}.{f['column']}" if f["column"] else "\u0000"
        assert where not in learner_readme and ("_" not in f["kind"] or f["kind"] not in learner_readme)


def test_instructor_zip_keeps_everything_and_the_brief(run_of: RunOf) -> None:
    run = run_of("quick_commerce")
    challenge = json.loads((run / "challenge.json").read_text())
    with zipfile.ZipFile(run / package_name("codebasics", challenge["id"])) as zf:
        names = set(zf.namelist())
        assert {"challenge.json", "qa_results.json", "quality_report.pdf", "analytical_answers.xlsx", "messiness.json",
                "answers/answers.json", BRIEF_MD, BRIEF_JSON} <= names
        assert json.loads(zf.read("challenge.json")) == challenge
        assert "Instructor package only" in zf.read("README.txt").decode()


def test_a_leak_found_at_packaging_stops_it_naming_the_file(run_of: RunOf, tmp_path: Path) -> None:
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    load = run / "sql" / "mysql" / "load.sql"
    load.write_text(load.read_text() + "-- 12 duplicate rows were planted in the orders table\n")
    with pytest.raises(PackageError, match=r"sql/mysql/load\.sql"):
        build_packages(run)
    assert not list(run.glob("*.zip")) and not list(run.glob(".*.tmp"))


def test_cli_package_exits_2_on_a_leak(run_of: RunOf, tmp_path: Path) -> None:
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    spec = json.loads((run / "challenge.json").read_text())
    title = spec["schema"]["insights"][0]["title"]
    spec["schema"]["tables"][0]["description"] += f" Note: {title}."
    (run / "challenge.json").write_text(json.dumps(spec, indent=2))
    proc = subprocess.run([FACTORY, "package", str(run)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "error:" in proc.stderr and "data_dictionary.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert not list(run.glob("*learner.zip"))
