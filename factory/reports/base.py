"""Interchangeable report writers behind one base class, and the context they all read."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from factory.reports.profile import Profile
from factory.reports.run_data import RunData
from factory.settings import Settings


@dataclass
class ReportContext:
    """What every writer reads: the loaded run, its aggregates and the settings (brand)."""

    run: RunData
    profile: Profile
    settings: Settings

    @property
    def brand(self) -> str:
        """Brand shown in headers and package names."""
        return self.settings.brand


class ReportWriter(ABC):
    """Writes one kind of report into the run folder; `paths` names what it writes (relative to the run)."""

    name: str = ""

    @abstractmethod
    def paths(self, ctx: ReportContext) -> list[str]:
        """Relative paths this writer produces."""

    @abstractmethod
    def write(self, ctx: ReportContext, out_dir: Path) -> list[Path]:
        """Write the report(s) under out_dir and return their paths."""


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary name next to `path`, then rename (readers never see half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8", newline="\n")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)
    return path
