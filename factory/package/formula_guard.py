"""The formula guard on the dataset CSVs of both ZIPs: a text value that starts with = + - @ (or a tab / carriage
return) gets a leading apostrophe, so a spreadsheet shows it as text instead of running it (OWASP CSV
injection). Numbers such as -12.5 stay as they are. The original values stay in the instructor package's Parquet
(`parquet/<table>.parquet`, written from the unguarded CSV when the run has no Parquet copy).
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from factory.safe_text import csv_safe

#: a field that may need the guard: starts (after a separator, maybe a quote) with = + @ tab CR, or - not a number
_RISKY = re.compile(rb'(?:^|,)"?(?:[=+@\t\r]|-(?![0-9.]))', re.MULTILINE)
_BLOCK = 1 << 22


def needs_guard(path: Path) -> bool:
    """True when some field of the CSV may start like a formula (a quick byte scan, no parsing)."""
    tail = b""
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            if _RISKY.search(tail + block):
                return True
            tail = block[-64:]
    return False


def guard_csv(src: Path, dst: Path) -> int:
    """Write `src` to `dst` with every formula-like text field guarded; returns how many fields changed."""
    changed = 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open(newline="", encoding="utf-8") as fin, dst.open("w", newline="", encoding="utf-8") as fout:
        writer = csv.writer(fout, lineterminator="\n")
        for i, row in enumerate(csv.reader(fin)):
            if i == 0:
                writer.writerow(row)
                continue
            safe = [csv_safe(v) for v in row]
            changed += sum(a is not b for a, b in zip(safe, row, strict=True))
            writer.writerow(safe)
    return changed


def guard_datasets(files: dict[str, Path], staging: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Package entries with guarded dataset CSVs, and the Parquet originals the instructor package must add.

    `files` maps entry names to files (datasets/<table>.csv among them); guarded copies and Parquet originals
    are written under `staging`. Entries needing no guard keep their file.
    """
    out = dict(files)
    originals: dict[str, Path] = {}
    for name, path in files.items():
        if not (name.startswith("datasets/") and name.endswith(".csv")) or not needs_guard(path):
            continue
        guarded = staging / name
        if guard_csv(path, guarded) == 0:
            guarded.unlink()
            continue
        out[name] = guarded
        parquet = "parquet/" + Path(name).stem + ".parquet"
        if parquet not in files:
            target = staging / parquet
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pacsv.read_csv(path), target)
            originals[parquet] = target
    return out, originals


def remove_staging(staging: Path) -> None:
    """Delete the guarded copies once the ZIPs are written."""
    shutil.rmtree(staging, ignore_errors=True)
