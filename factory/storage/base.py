"""The artifact store interface: where run folders and packages are published (local folder or S3)."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, Field

from factory.errors import StorageError

MANIFEST_NAME = "manifest.json"


class ManifestFile(BaseModel):
    """One published file: its key (relative to the package folder), size and checksum."""

    key: str
    size: int = Field(ge=0)
    sha256: str


class Manifest(BaseModel):
    """The marker of a complete package (written last; readers trust only packages that have one)."""

    challenge_id: str
    published_at: str
    store: str
    files: list[ManifestFile]
    package: str = Field(description="Key of the full (instructor) ZIP, relative to the package folder.")
    learner_package: str = Field(description="Key of the learner ZIP, relative to the package folder.")


def clean_key(key: str) -> str:
    """Normalise a store key (POSIX, relative, no '..'); raise StorageError for unsafe keys."""
    parts = PurePosixPath(key.replace("\\", "/")).parts
    if not parts or key.startswith("/") or any(p in ("..", "") for p in parts):
        raise StorageError(f"unsafe store key {key!r}", hint="keys are relative paths without '..'")
    return "/".join(p for p in parts if p != ".")


class ArtifactStore(ABC):
    """Put, read, list and link artifacts by key; publish a package atomically (manifest last)."""

    name: str = "store"

    @abstractmethod
    def put_file(self, key: str, path: Path) -> str:
        """Upload a local file under `key`; return its location (URI)."""

    @abstractmethod
    def put_bytes(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> str:
        """Store `data` under `key`; return its location (URI)."""

    @abstractmethod
    def get_bytes(self, key: str) -> bytes:
        """The content stored under `key` (StorageError when missing)."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """True when something is stored under `key`."""

    @abstractmethod
    def list(self, prefix: str = "") -> list[str]:
        """Sorted keys under `prefix` (recursively)."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove `key` (no error when it is already gone)."""

    @abstractmethod
    def url(self, key: str, *, expires_s: int | None = None) -> str:
        """A link a person can download `key` from (presigned for S3, file:// for a local folder)."""

    @abstractmethod
    def check(self) -> None:
        """Fail early with one clear StorageError when the store cannot be used."""

    def publish_package(self, folder: str, files: Mapping[str, Path], manifest: Manifest) -> Manifest:
        """Publish `files` under `folder`/: withdraw any old manifest, upload every file, write the manifest last.

        A failure part-way leaves the folder without a manifest, so readers never trust a partial package.
        """
        folder = clean_key(folder)
        self.check()
        self.delete(f"{folder}/{MANIFEST_NAME}")
        for rel, path in files.items():
            self.put_file(f"{folder}/{clean_key(rel)}", path)
        self.put_bytes(
            f"{folder}/{MANIFEST_NAME}",
            manifest.model_dump_json(indent=2).encode(),
            content_type="application/json",
        )
        return manifest

    def read_manifest(self, folder: str) -> Manifest | None:
        """The manifest of the package in `folder`, or None when it is not (completely) published."""
        key = f"{clean_key(folder)}/{MANIFEST_NAME}"
        if not self.exists(key):
            return None
        try:
            return Manifest.model_validate(json.loads(self.get_bytes(key)))
        except (ValueError, TypeError) as exc:
            raise StorageError(f"{key} is not a valid package manifest: {exc}") from None
