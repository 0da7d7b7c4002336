"""The instructor and learner ZIPs of a run, each with manifest.json (size + sha256 of every file) written last.

Entries are plain relative POSIX names. Each ZIP is written to a temporary name and renamed, so a reader
never sees half a package; the two ZIPs are compressed in parallel (zlib releases the GIL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb

from factory.errors import PackageError
from factory.reports.run_data import load_challenge_file, read_json
from factory.spec.models import Challenge

MANIFEST = "manifest.json"
CHUNK = 1 << 20
#: files only the instructor package holds (relative paths or folder prefixes ending in '/')
ANSWER_ONLY = ("analytical_answers.xlsx", "answers/", "messiness.json")
ANSWER_KEY_CHECKS = ("fault_present", "messiness_recorded")
COMPRESS_LEVEL = 1
REQUIRED = ("challenge.json", "qa_results.json", "quality_report.pdf", "analytical_answers.xlsx",
            "data_dictionary.txt", "README.txt")


@dataclass(frozen=True)
class PackageResult:
    """Paths of both ZIPs and the instructor package's manifest."""

    package: Path
    learner_package: Path
    manifest: dict[str, Any]
    learner_manifest: dict[str, Any]


def package_name(brand: str, challenge_id: str, *, learner: bool = False) -> str:
    """<brand>_data_challenge_<id>.zip (or ..._learner.zip)."""
    return f"{brand}_data_challenge_{challenge_id}" + ("_learner" if learner else "") + ".zip"


def check_entry(name: str) -> str:
    """Return `name` if it is a plain relative POSIX path inside the package, else raise PackageError."""
    p = PurePosixPath(name)
    if not name or "\\" in name or p.is_absolute() or ".." in p.parts or name.startswith("/") or ":" in p.parts[0]:
        raise PackageError(f"unsafe entry name in package: {name!r}")
    return str(p)


def package_files(run_dir: Path, challenge: Challenge) -> dict[str, Path]:
    """Entry name -> file of the instructor package, checking that every required piece exists."""
    missing = [f for f in REQUIRED if not (run_dir / f).is_file()]
    missing += [f"datasets/{t.name}.csv" for t in challenge.schema_.tables if not (run_dir / "datasets" / f"{t.name}.csv").is_file()]
    if not (run_dir / "answers" / "answers.json").is_file():
        missing.append("answers/answers.json")
    if not list((run_dir / "sql").glob("*/load.sql")):
        missing.append("sql/<dialect>/load.sql")
    if missing:
        raise PackageError(f"{run_dir} is missing {', '.join(missing)}", hint="build the reports first: factory package DIR")
    files: dict[str, Path] = {f: run_dir / f for f in REQUIRED}
    for t in challenge.schema_.tables:
        files[f"datasets/{t.name}.csv"] = run_dir / "datasets" / f"{t.name}.csv"
    for folder in ("sql", "answers"):
        for p in sorted((run_dir / folder).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                files[p.relative_to(run_dir).as_posix()] = p
    for extra in ("messiness.json", f"{challenge.id}.duckdb"):
        if (run_dir / extra).is_file():
            files[extra] = run_dir / extra
    return {check_entry(k): v for k, v in files.items()}


def learner_challenge(challenge: Challenge) -> bytes:
    """challenge.json without answer SQL and without the planted insights (the stories to discover)."""
    data = json.loads(challenge.to_json())
    for q in data["problem"]["questions"]:
        q["answer_sql"] = ""
    data["schema"]["insights"] = []
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def learner_qa(qa: dict[str, Any]) -> bytes:
    """qa_results.json with the messiness answer-key checks' evidence (keys, counts) removed."""
    for cat in (qa.get("categories") or {}).values():
        for c in cat.get("checks", []) or []:
            if str(c.get("id", "")).startswith(ANSWER_KEY_CHECKS):
                c["examples"], c["observed_value"] = [], None
    return (json.dumps(qa, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _duckdb_is_tables_only(path: Path, challenge: Challenge) -> bool:
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        finally:
            con.close()
    except duckdb.Error:
        return False
    return names <= {t.name for t in challenge.schema_.tables}


def write_zip(target: Path, files: dict[str, Path], overrides: dict[str, bytes], meta: dict[str, Any]) -> dict[str, Any]:
    """Write a ZIP (temp name, then rename) with manifest.json last; return the manifest."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{id(files)}.tmp")
    entries: list[dict[str, Any]] = []
    stamp = dt.datetime.now().timetuple()[:6]
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
            for name in sorted(set(files) | set(overrides)):
                info = zipfile.ZipInfo(check_entry(name), date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                digest, size = hashlib.sha256(), 0
                with zf.open(info, "w", force_zip64=True) as out:
                    if name in overrides:
                        data = overrides[name]
                        out.write(data)
                        digest.update(data)
                        size = len(data)
                    else:
                        with files[name].open("rb") as fh:
                            while chunk := fh.read(CHUNK):
                                out.write(chunk)
                                digest.update(chunk)
                                size += len(chunk)
                entries.append({"path": name, "size": size, "sha256": digest.hexdigest()})
            manifest = {**meta, "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        "file_count": len(entries), "files": entries}
            info = zipfile.ZipInfo(MANIFEST, date_time=stamp)
            info.external_attr = 0o644 << 16
            zf.writestr(info, json.dumps(manifest, indent=2) + "\n", compress_type=zipfile.ZIP_DEFLATED)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PackageError(f"could not write {target}: {exc}") from None
    return manifest


def build_packages(run_dir: str | Path, *, brand: str | None = None) -> PackageResult:
    """Write <brand>_data_challenge_<id>.zip (instructor) and ..._learner.zip (no answers) into the run folder."""
    from factory.settings import get_settings

    root = Path(run_dir)
    brand = brand or get_settings().brand
    if not brand.replace("-", "").replace("_", "").isalnum():
        raise PackageError(f"brand {brand!r} must be letters, digits, '-' or '_' (it is part of the file name)")
    challenge = load_challenge_file(root)
    files = package_files(root, challenge)
    learner = {k: v for k, v in files.items() if not k.startswith(ANSWER_ONLY)}
    db = f"{challenge.id}.duckdb"
    if db in learner and not _duckdb_is_tables_only(learner[db], challenge):
        learner.pop(db)
    overrides = {"challenge.json": learner_challenge(challenge),
                 "qa_results.json": learner_qa(read_json(root / "qa_results.json", "qa_results.json"))}
    meta = {"challenge_id": challenge.id, "brand": brand, "company": challenge.problem.company}
    full_path, learner_path = root / package_name(brand, challenge.id), root / package_name(brand, challenge.id, learner=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        full = pool.submit(write_zip, full_path, files, {}, {**meta, "package": full_path.name, "audience": "instructor"})
        lrn = pool.submit(write_zip, learner_path, {k: v for k, v in learner.items() if k not in overrides}, overrides,
                          {**meta, "package": learner_path.name, "audience": "learner"})
        return PackageResult(full_path, learner_path, full.result(), lrn.result())
