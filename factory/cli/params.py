"""Typer callbacks for numbers and output paths: a bad value is one `error:` line (exit 2), never a usage box."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import typer

from factory.errors import ConfigError
from factory.spec import load_challenge
from factory.spec.models import Challenge

#: seeds are unsigned 63-bit integers (numpy and the counter-based streams take them as they are)
SEED_LIMIT = 2**63


def seed(value: int | None) -> int | None:
    """--seed: an integer in [0, 2^63)."""
    if value is not None and not 0 <= value < SEED_LIMIT:
        raise typer.BadParameter(f"must be an integer from 0 to 2^63-1, got {value}")
    return value


def positive(value: int | None) -> int | None:
    """--rows, --chunk-rows: an integer >= 1."""
    if value is not None and value < 1:
        raise typer.BadParameter(f"must be at least 1, got {value}")
    return value


def threshold(value: float | None) -> float | None:
    """--threshold: a finite number from 0 to 10."""
    if value is not None and not (math.isfinite(value) and 0 <= value <= 10):
        raise typer.BadParameter(f"must be a number from 0 to 10, got {value}")
    return value


def out_dir(value: Path | None) -> Path | None:
    """--out (a folder): an existing writable folder, or one that can be created under a writable folder."""
    if value is None:
        return value
    if value.exists() and not value.is_dir():
        raise typer.BadParameter(f"{value} exists and is not a folder")
    writable_or_fail(value)
    return value


def writable_or_fail(folder: Path) -> None:
    """Raise BadParameter unless files can be created in `folder` (or its nearest existing parent)."""
    probe = folder.resolve()
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise typer.BadParameter(f"{probe} is not a folder")
    if str(probe).startswith(("/proc", "/sys", "/dev")):
        raise typer.BadParameter(f"{folder} is a system folder, not a data folder")
    try:
        fd, name = tempfile.mkstemp(prefix=".factory-probe-", dir=probe)
    except OSError as exc:
        raise typer.BadParameter(f"{folder} is not writable ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(name)


def load_spec(path: Path) -> Challenge:
    """--spec / SPEC: the validated challenge; a file nested too deeply to parse is one clear error."""
    try:
        return load_challenge(path)  # value checks included (factory.spec.values, via check_challenge)
    except RecursionError:
        raise ConfigError(f"{path}: the JSON is nested too deeply to read (hundreds of levels); "
                          "a challenge spec is a few levels deep") from None
