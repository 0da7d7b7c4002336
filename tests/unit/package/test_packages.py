"""Instructor and learner ZIPs: contents, no answers for learners, manifests that match, safe entry names."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from factory.errors import PackageError
from factory.package import MANIFEST, build_packages, check_entry, package_name
from tests.unit.reports.pipeline import DOMAINS, RunOf, copy_run


def _zip_pair(run: Path) -> tuple[Path, Path]:
    cid = json.loads((run / "challenge.json").read_text())["id"]
    return run / package_name("codebasics", cid), run / package_name("codebasics", cid, learner=True)


def _check_manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert names[-1] == MANIFEST, "manifest.json must be written last"
        manifest = json.loads(zf.read(MANIFEST))
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(listed) == set(names) - {MANIFEST}
        assert manifest["file_count"] == len(listed)
        for name, entry in listed.items():
            data = zf.read(name)
            assert entry["size"] == len(data) == zf.getinfo(name).file_size, name
            assert entry["sha256"] == hashlib.sha256(data).hexdigest(), name
        for name in names:
            assert check_entry(name) == name
        return manifest


@pytest.mark.parametrize("domain", DOMAINS)
def test_learner_zip_holds_no_answer_and_manifests_match(domain: str, run_of: RunOf) -> None:
    run: Path = run_of(domain)
    full, learner = _zip_pair(run)
    challenge = json.loads((run / "challenge.json").read_text())
    tables = [f"datasets/{t['name']}.csv" for t in challenge["schema"]["tables"]]
    full_manifest, learner_manifest = _check_manifest(full), _check_manifest(learner)
    assert full_manifest["audience"] == "instructor" and learner_manifest["audience"] == "learner"
    with zipfile.ZipFile(full) as zf:
        names = set(zf.namelist())
        for must in ["quality_report.pdf", "analytical_answers.xlsx", "data_dictionary.txt", "README.txt",
                     "challenge.json", "qa_results.json", "messiness.json", "answers/answers.json",
                     "sql/mysql/schema.sql", "sql/mysql/load.sql", "sql/postgresql/schema.sql",
                     "sql/postgresql/load.sql", f"{challenge['id']}.duckdb", *tables]:
            assert must in names, must
        assert all(f"answers/{q['id']}.csv" in names for q in challenge["problem"]["questions"])
        assert json.loads(zf.read("challenge.json")) == challenge
        assert challenge["schema"]["messiness"]["level"] > 0  # advanced: the answer key is on the clean tables
        assert {f"clean/{t['name']}.parquet" for t in challenge["schema"]["tables"]} <= names
        assert {a["basis"] for a in json.loads(zf.read("answers/answers.json")).values()} == {"clean"}
        readme = zf.read("README.txt").decode()
        assert "computed on the clean data (clean/)" in readme and "- clean/: Instructor package only" in readme
    with zipfile.ZipFile(learner) as zf:
        names = set(zf.namelist())
        assert not any(n.startswith(("answers/", "clean/")) for n in names)
        for secret in ("analytical_answers.xlsx", "messiness.json", "qa_results.json", "challenge.json",
                       "quality_report.pdf"):
            assert secret not in names, secret
        assert {"README.txt", "data_dictionary.txt", "brief.md", "challenge_brief.json", *tables} <= names
        readme = zf.read("README.txt").decode()
        assert "clean/" not in readme and "analytical_answers.xlsx" not in readme
        assert all(f"datasets/{t['name']}.csv" in readme for t in challenge["schema"]["tables"])
    assert not [p for p in run.iterdir() if p.name.endswith(".tmp")]


def test_brand_names_the_zips(run_of: RunOf, tmp_path: Path) -> None:
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    result = build_packages(run, brand="acme")
    cid = json.loads((run / "challenge.json").read_text())["id"]
    assert result.package.name == f"acme_data_challenge_{cid}.zip"
    assert result.learner_package.name == f"acme_data_challenge_{cid}_learner.zip"
    assert result.manifest["brand"] == "acme" and result.package.is_file()
    with pytest.raises(PackageError, match="brand"):
        build_packages(run, brand="../evil")


def test_missing_reports_is_a_clear_error(run_of: RunOf, tmp_path: Path) -> None:
    run = copy_run(run_of("quick_commerce"), tmp_path / "run")
    (run / "quality_report.pdf").unlink()
    with pytest.raises(PackageError, match="quality_report.pdf"):
        build_packages(run)


@pytest.mark.parametrize("name", ["/etc/passwd", "../x.csv", "a/../../b", "C:/x", "a\\b", ""])
def test_unsafe_entry_names_are_refused(name: str) -> None:
    with pytest.raises(PackageError):
        check_entry(name)


def test_engine_duckdb_and_parquet_are_reused_and_shipped(tmp_path: Path) -> None:
    from factory.answers import compute_answers, fill_story_numbers
    from factory.generate import generate_dataset
    from factory.quality import validate_dataset
    from factory.reports import build_reports
    from tests.unit.reports.pipeline import library_challenge

    ch = library_challenge("quick_commerce")
    run = tmp_path / "run"
    run.mkdir()
    (run / "challenge.json").write_text(ch.to_json())
    generate_dataset(ch, run, rows=600, formats=("csv", "duckdb", "parquet"))
    fill_story_numbers(run)
    compute_answers(run)
    validate_dataset(run, sdv=False)
    db = run / f"{ch.id}.duckdb"
    before = db.stat().st_mtime_ns
    reports = build_reports(run)
    assert reports.duckdb == db and db.stat().st_mtime_ns == before
    result = build_packages(run)
    parquet = {f"parquet/{t.name}.parquet" for t in ch.schema_.tables}
    for path in (result.package, result.learner_package):
        with zipfile.ZipFile(path) as zf:
            assert parquet <= set(zf.namelist()) and db.name in zf.namelist()
    assert "parquet/" in (run / "README.txt").read_text()
