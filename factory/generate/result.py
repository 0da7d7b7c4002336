"""What a generation run returns (and records in generation.json)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class TableOutput(BaseModel):
    """One generated table: rows written and its files by format (csv, parquet, duckdb)."""

    rows: int
    files: dict[str, str] = Field(default_factory=dict)


class GenerationResult(BaseModel):
    """The outcome of generate_dataset / generate_preview."""

    out_dir: Path
    tables: dict[str, TableOutput]
    seed: int
    seconds: float
    chunk_rows: int = 0
    formats: list[str] = Field(default_factory=lambda: ["csv"])
