"""The local-folder artifact store (the default; its root is settings.output_dir)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from factory.errors import StorageError
from factory.storage.base import ArtifactStore, clean_key


class LocalStore(ArtifactStore):
    """Artifacts as files under `root`; writes go through a temporary file and an atomic rename."""

    name = "local"

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    def path(self, key: str) -> Path:
        """The file that holds `key`."""
        return self.root / clean_key(key)

    def put_file(self, key: str, path: Path) -> str:
        """Copy `path` to `key` (nothing to copy when it already is that file)."""
        dest = self.path(key)
        src = Path(path).resolve()
        if not src.is_file():
            raise StorageError(f"cannot publish {src}: no such file")
        if src != dest:
            self._write(dest, lambda tmp: shutil.copyfile(src, tmp))
        return dest.as_uri()

    def put_bytes(self, key: str, data: bytes, *, content_type: str = "application/octet-stream") -> str:
        """Write `data` to `key` atomically."""
        dest = self.path(key)
        self._write(dest, lambda tmp: tmp.write_bytes(data))
        return dest.as_uri()

    def get_bytes(self, key: str) -> bytes:
        """Read `key`."""
        p = self.path(key)
        try:
            return p.read_bytes()
        except FileNotFoundError:
            raise StorageError(f"{key} not found in {self.root}") from None
        except OSError as exc:
            raise StorageError(f"cannot read {p}: {exc.strerror}") from None

    def exists(self, key: str) -> bool:
        """True when `key` is a file."""
        return self.path(key).is_file()

    def list(self, prefix: str = "") -> list[str]:
        """Keys of every file under `prefix`."""
        base = self.path(prefix) if prefix else self.root
        if base.is_file():
            return [clean_key(prefix)]
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*") if p.is_file())

    def delete(self, key: str) -> None:
        """Remove `key` if present."""
        self.path(key).unlink(missing_ok=True)

    def url(self, key: str, *, expires_s: int | None = None) -> str:
        """A file:// URI (local files do not expire)."""
        return self.path(key).as_uri()

    def check(self) -> None:
        """The root must be a writable folder (created when missing)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create output folder {self.root}: {exc.strerror}") from None
        if not os.access(self.root, os.W_OK):
            raise StorageError(f"output folder {self.root} is not writable", hint="set FACTORY_OUTPUT_DIR")

    def _write(self, dest: Path, writer: Callable[[Path], object]) -> None:
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".{dest.name}.part")
            writer(tmp)
            os.replace(tmp, dest)
        except OSError as exc:
            raise StorageError(f"cannot write {dest}: {exc.strerror}") from None

    def __repr__(self) -> str:
        return f"LocalStore({str(self.root)!r})"
