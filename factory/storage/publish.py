"""Publish a run folder and its two packages under <challenge id>/ (manifest last); list published packages."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
import zipfile
from pathlib import Path

from pydantic import BaseModel

from factory.errors import StorageError
from factory.storage.base import MANIFEST_NAME, ArtifactStore, Manifest, ManifestFile, clean_key

SKIP_NAMES = {MANIFEST_NAME}
SKIP_SUFFIXES = (".part", ".tmp")
#: name parts of temporary files a killed process leaves behind (never published)
DEBRIS_MARKERS = (".partial-", ".staging-")


class PublishedRun(BaseModel):
    """Where a run was published and the download links of its packages."""

    challenge_id: str
    manifest: Manifest
    manifest_url: str
    package_url: str
    learner_package_url: str


def find_packages(run_dir: Path) -> tuple[Path, Path]:
    """The full and learner ZIPs at the top of a run folder (StorageError when either is missing)."""
    zips = sorted(p for p in run_dir.glob("*_data_challenge_*.zip") if p.is_file())
    learner = [p for p in zips if p.stem.endswith("_learner")]
    full = [p for p in zips if not p.stem.endswith("_learner")]
    if len(full) != 1 or len(learner) != 1:
        raise StorageError(
            f"{run_dir} must hold exactly one full and one learner package (found {[p.name for p in zips]})",
            hint="build the packages (phase 5 / `factory package`) before publishing",
        )
    return full[0], learner[0]


def run_files(run_dir: Path) -> dict[str, Path]:
    """Every file of the run folder by its relative POSIX path; hidden, temporary and debris files and old
    manifests are left out."""
    files = {}
    for p in sorted(run_dir.rglob("*")):
        rel = p.relative_to(run_dir)
        if (p.is_file() and p.name not in SKIP_NAMES and not p.name.endswith(SKIP_SUFFIXES)
                and not any(part.startswith(".") or any(m in part for m in DEBRIS_MARKERS) for part in rel.parts)):
            files[rel.as_posix()] = p
    return files


def listed_files(run_dir: Path, package: Path) -> dict[str, Path] | None:
    """The run-folder files the package's manifest.json lists (None when the package has no file list).

    A listed file absent from the run folder or of another size (written for the package only, e.g. the learner
    README) is not uploaded from the folder: it is inside the ZIP.
    """
    try:
        with zipfile.ZipFile(package) as zf:
            manifest = json.loads(zf.read(MANIFEST_NAME))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise StorageError(f"{package.name} has no readable {MANIFEST_NAME}: {exc}") from None
    entries = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(entries, list):
        return None
    out: dict[str, Path] = {}
    for entry in entries:
        key = clean_key(str(entry.get("path", "")))
        path = run_dir / key
        if not path.is_file() or path.stat().st_size != entry.get("size"):
            continue  # written for the package only (learner README, brief): it lives inside the ZIP
        out[key] = path
    return out


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def publish_run(store: ArtifactStore, run_dir: Path | str, challenge_id: str) -> PublishedRun:
    """Upload both packages and the run-folder files their manifest lists under <challenge id>/, then
    manifest.json last (a package without a file list: every non-hidden, non-temporary file of the folder)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise StorageError(f"run folder {run_dir} does not exist")
    folder = clean_key(challenge_id)
    full, learner = find_packages(run_dir)
    listed = listed_files(run_dir, full)
    files = run_files(run_dir) if listed is None else {**listed, full.name: full, learner.name: learner}
    manifest = Manifest(
        challenge_id=challenge_id,
        published_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        store=store.name,
        files=[ManifestFile(key=k, size=p.stat().st_size, sha256=sha256_file(p)) for k, p in files.items()],
        package=full.name,
        learner_package=learner.name,
    )
    store.publish_package(folder, files, manifest)
    return PublishedRun(
        challenge_id=challenge_id,
        manifest=manifest,
        manifest_url=store.url(f"{folder}/{MANIFEST_NAME}"),
        package_url=store.url(f"{folder}/{full.name}"),
        learner_package_url=store.url(f"{folder}/{learner.name}"),
    )


def check_writable(store: ArtifactStore) -> None:
    """Fail early (before a run does any work) when the store cannot be reached or written: HEAD the bucket,
    then write and delete one small probe object."""
    store.check()
    key = f".factory-write-check/{uuid.uuid4().hex}"
    store.put_bytes(key, b"ok")
    store.delete(key)


def list_packages(store: ArtifactStore) -> list[Manifest]:
    """Manifests of every completely published package (folders without a manifest are ignored)."""
    manifests = []
    for key in store.list():
        parts = key.split("/")
        if len(parts) == 2 and parts[1] == MANIFEST_NAME:
            m = store.read_manifest(parts[0])
            if m is not None:
                manifests.append(m)
    return manifests
