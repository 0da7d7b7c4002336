"""The instructor and learner ZIPs of a run, each with manifest.json (size + sha256 of every file) written last.

Entries are plain relative POSIX names. Each ZIP is written to a temporary name and renamed, so a reader
never sees half a package. Files both packages hold are compressed once (a base ZIP copied per package).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb

from factory.answers.solutions import write_solutions
from factory.errors import PackageError
from factory.package.formula_guard import guard_datasets, remove_staging
from factory.package.leaks import check_learner_package
from factory.package.learner import BRIEF_JSON, BRIEF_MD, is_learner_entry, learner_documents
from factory.reports.run_data import load_challenge_file, read_json
from factory.sandbox import database_file
from factory.spec.models import Challenge

MANIFEST = "manifest.json"
CHUNK = 1 << 20
#: files only the instructor package holds (relative paths or folder prefixes ending in '/'); clean/ is the
#: cleaned reference data the answer key is computed on (it would hand learners the cleaning's result). The
#: learner package is chosen from an allow-list (factory.package.learner), this names the main exclusions.
ANSWER_ONLY = ("analytical_answers.xlsx", "answers/", "clean/", "messiness.json", "qa_results.json", "challenge.json",
               "quality_report.pdf", "solutions/")
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
    for folder in ("sql", "answers", "parquet", "clean", "solutions"):
        for p in sorted((run_dir / folder).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                files[p.relative_to(run_dir).as_posix()] = p
    for extra in ("messiness.json", f"{challenge.id}.duckdb"):
        if (run_dir / extra).is_file():
            files[extra] = run_dir / extra
    return {check_entry(k): v for k, v in files.items()}


def _duckdb_is_tables_only(path: Path, challenge: Challenge) -> bool:
    try:
        con = database_file(path)
        try:
            names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        finally:
            con.close()
    except duckdb.Error:
        return False
    return names <= {t.name for t in challenge.schema_.tables}


def file_digest(path: Path) -> tuple[int, str]:
    """Size and sha256 of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _add(zf: zipfile.ZipFile, name: str, source: Path | bytes, stamp: tuple[int, ...],
         digests: dict[str, tuple[int, str]]) -> dict[str, Any]:
    """Add one entry (a file, or bytes) and return its manifest line."""
    check_entry(name)
    if isinstance(source, bytes):
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.external_attr = 0o644 << 16
        zf.writestr(info, source, compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        size, sha = len(source), hashlib.sha256(source).hexdigest()
    else:
        zf.write(source, arcname=name)
        size, sha = digests.get(name) or file_digest(source)
    return {"path": name, "size": size, "sha256": sha}


def write_packages(targets: dict[Path, tuple[dict[str, Path | bytes], dict[str, Any]]], shared: dict[str, Path],
                   digests: dict[str, tuple[int, str]]) -> dict[Path, dict[str, Any]]:
    """Write several ZIPs that share most files: the shared files are compressed once into a base ZIP, which is
    copied per target; each copy then gets its own entries and finally its manifest.json. Every ZIP is written
    under a temporary name and renamed when complete. Returns each target's manifest."""
    stamp = dt.datetime.now().timetuple()[:6]
    any_target = next(iter(targets))
    base = any_target.with_name(f".{any_target.stem}.{os.getpid()}.base.tmp")
    temps = [base]
    manifests: dict[Path, dict[str, Any]] = {}
    try:
        with zipfile.ZipFile(base, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
            shared_entries = [_add(zf, name, shared[name], stamp, digests) for name in sorted(shared)]
        for target, (own, meta) in targets.items():
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temps.append(tmp)
            shutil.copyfile(base, tmp)
            with zipfile.ZipFile(tmp, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
                entries = shared_entries + [_add(zf, name, own[name], stamp, digests) for name in sorted(own)]
                manifest = {**meta, "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                            "file_count": len(entries), "files": sorted(entries, key=lambda e: e["path"])}
                _add(zf, MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"), stamp, {})
            manifests[target] = manifest
        for target in targets:
            os.replace(target.with_name(f".{target.name}.{os.getpid()}.tmp"), target)
    except OSError as exc:
        raise PackageError(f"could not write the packages: {exc}") from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return manifests


def build_packages(run_dir: str | Path, *, brand: str | None = None) -> PackageResult:
    """Write <brand>_data_challenge_<id>.zip (instructor) and ..._learner.zip (no answers) into the run folder."""
    from factory.settings import get_settings

    root = Path(run_dir)
    brand = brand or get_settings().brand
    if not brand.replace("-", "").replace("_", "").isalnum():
        raise PackageError(f"brand {brand!r} must be letters, digits, '-' or '_' (it is part of the file name)")
    challenge = load_challenge_file(root)
    write_solutions(root, challenge)
    staging = root / f".package.{os.getpid()}.tmp"
    try:  # dataset CSVs formula-guarded in both ZIPs; the originals in the instructor's Parquet
        files, originals = guard_datasets(package_files(root, challenge), staging)
        return _build(root, challenge, brand, files, originals)
    finally:
        remove_staging(staging)


def _build(root: Path, challenge: Challenge, brand: str, files: dict[str, Path],
           originals: dict[str, Path]) -> PackageResult:
    learner: dict[str, Path | bytes] = {k: v for k, v in files.items() if is_learner_entry(k, challenge)}
    db = f"{challenge.id}.duckdb"
    if db in learner and not _duckdb_is_tables_only(files[db], challenge):
        learner.pop(db)
    docs = learner_documents(root, challenge, brand)
    learner.update(docs)
    files_out: dict[str, Path | bytes] = {**files, **originals, BRIEF_MD: docs[BRIEF_MD], BRIEF_JSON: docs[BRIEF_JSON]}
    faults = read_json(root / "messiness.json", "messiness.json").get("faults", []) if "messiness.json" in files else []
    check_learner_package(learner, challenge, faults)
    shared = {k: v for k, v in files.items() if learner.get(k) is v}
    meta = {"challenge_id": challenge.id, "brand": brand, "company": challenge.problem.company}
    full_path = root / package_name(brand, challenge.id)
    learner_path = root / package_name(brand, challenge.id, learner=True)
    digests = {name: file_digest(path) for name, path in files.items()}
    manifests = write_packages({
        full_path: ({k: v for k, v in files_out.items() if k not in shared},
                    {**meta, "package": full_path.name, "audience": "instructor"}),
        learner_path: ({k: v for k, v in learner.items() if k not in shared},
                       {**meta, "package": learner_path.name, "audience": "learner"}),
    }, shared, digests)
    return PackageResult(full_path, learner_path, manifests[full_path], manifests[learner_path])
