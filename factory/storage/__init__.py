"""Artifact stores (local folder, S3-compatible), chosen by settings, and atomic package publishing."""

from __future__ import annotations

from pathlib import Path

from factory.errors import ConfigError
from factory.settings import Settings, get_settings
from factory.storage.base import MANIFEST_NAME, ArtifactStore, Manifest, ManifestFile
from factory.storage.local import LocalStore
from factory.storage.publish import PublishedRun, find_packages, list_packages, publish_run
from factory.storage.s3 import S3Store, make_client


def get_store(settings: Settings | None = None, *, local_root: Path | str | None = None) -> ArtifactStore:
    """The store settings ask for: FACTORY_STORAGE=local (`local_root` or FACTORY_OUTPUT_DIR) or s3 (FACTORY_S3_*)."""
    s = settings or get_settings()
    if s.storage == "s3":
        if not s.s3_bucket:
            raise ConfigError("FACTORY_STORAGE=s3 needs a bucket", hint="set FACTORY_S3_BUCKET")
        return S3Store(
            s.s3_bucket, prefix=s.s3_prefix, endpoint_url=s.s3_endpoint_url, presign_expiry_s=s.s3_presign_expiry_s
        )
    return LocalStore(local_root if local_root is not None else s.output_dir)


__all__ = [
    "MANIFEST_NAME", "ArtifactStore", "LocalStore", "Manifest", "ManifestFile", "PublishedRun", "S3Store",
    "find_packages", "get_store", "list_packages", "make_client", "publish_run",
]
