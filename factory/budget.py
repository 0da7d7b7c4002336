"""Budgets checked before any work: rows of every table against FACTORY_MAX_ROWS, and the bytes a run will
write against the free disk of its output folder. Refused with the table named, before a file is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from factory.errors import GenerationError
from factory.settings import get_settings
from factory.spec.models import Schema

#: average CSV bytes of one value by column type (with its separator), a deliberate over-estimate
CSV_BYTES: dict[str, int] = {
    "id": 9, "integer": 8, "decimal": 11, "string": 18, "category": 12, "boolean": 6, "date": 11,
    "timestamp": 20, "year": 5,
}
#: bytes of the other formats relative to the CSV (Parquet, DuckDB file, clean Parquet copy)
FORMAT_SHARE: dict[str, float] = {"csv": 1.0, "parquet": 0.5, "duckdb": 0.6}
CLEAN_SHARE = 0.5
#: keep this share of the free space free
DISK_MARGIN = 0.9


def check_rows(rows: dict[str, int], *, max_rows: int | None = None) -> None:
    """Refuse when any table (not only the main one) has more rows than the budget."""
    limit = get_settings().max_rows if max_rows is None else max_rows
    for name, n in rows.items():
        if n > limit:
            raise GenerationError(f"{n:,} rows is above the row budget FACTORY_MAX_ROWS={limit:,}", table=name,
                                  hint="ask for fewer main rows, or lower this table's ratio/size in the spec")


def estimate_bytes(schema: Schema, rows: dict[str, int], formats: tuple[str, ...] = ("csv",)) -> dict[str, int]:
    """Bytes each table will take on disk in `formats` (plus the clean copy when the data has faults)."""
    share = sum(FORMAT_SHARE.get(f, 1.0) for f in formats) + (CLEAN_SHARE if schema.messiness.level > 0 else 0.0)
    out = {}
    for table in schema.tables:
        row_bytes = sum(CSV_BYTES.get(c.type, 16) for c in table.columns) + 1
        out[table.name] = int(rows.get(table.name, 0) * row_bytes * share)
    return out


def check_disk(schema: Schema, rows: dict[str, int], out_dir: str | Path, formats: tuple[str, ...] = ("csv",)) -> int:
    """Refuse when the run would not fit the free disk of `out_dir`; returns the estimate in bytes."""
    sizes = estimate_bytes(schema, rows, formats)
    need = sum(sizes.values())
    free = shutil.disk_usage(_existing(Path(out_dir))).free
    if need > free * DISK_MARGIN:
        biggest = max(sizes, key=lambda n: sizes[n])
        raise GenerationError(
            f"the run needs about {_human(need)} on disk ({biggest}: {_human(sizes[biggest])}) but {out_dir} has "
            f"{_human(free)} free", table=biggest, hint="ask for fewer rows or free some disk space")
    return need


def check_budget(schema: Schema, rows: dict[str, int], out_dir: str | Path | None = None,
                 formats: tuple[str, ...] = ("csv",)) -> None:
    """Rows of every table, then disk (when `out_dir` is given): the run is refused before any work."""
    check_rows(rows)
    if out_dir is not None:
        check_disk(schema, rows, out_dir, formats)


def _existing(path: Path) -> Path:
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:,.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:,.1f} PB"
