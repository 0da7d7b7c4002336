"""Shared helpers of the generation tests: build library challenges, load a run folder into DuckDB."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from factory.llm.offline.context import make_context
from factory.llm.offline.domains import all_domains
from factory.spec.models import Challenge, Difficulty


def library_challenge(key: str, difficulty: Difficulty = "beginner", seed: int = 42, *, extras: bool = True) -> Challenge:
    """The library domain `key` built at `difficulty` (with every extra table switched on)."""
    t = all_domains()[key]
    ctx = make_context(t.title, seed, difficulty, tier2_only=t.tier2_only, fiscal_start_month=t.fiscal_start_month,
                       extras=set(t.extras) if extras else set())
    problem, schema = t.build(ctx)
    return Challenge(id=f"{key.replace('_', '-')}-{seed}", seed=seed, difficulty=difficulty, problem=problem,
                     schema=schema)


#: the quick-commerce challenge as the v1 library built it (seed 42), frozen so the engine tests do not follow
#: changes of the library
FROZEN = Path(__file__).resolve().parents[2] / "fixtures" / "specs"


def quick_commerce(difficulty: Difficulty = "advanced", seed: int = 42) -> Challenge:
    """The quick-commerce challenge of the brief (returns extra on), from its frozen v1 spec."""
    path = FROZEN / f"v1_quick_commerce_{difficulty}.json"
    ch = Challenge.model_validate(json.loads(path.read_text(encoding="utf-8")))
    return ch if seed == ch.seed else ch.model_copy(update={"seed": seed, "id": f"quick-commerce-{seed}"})


def load_run(out: Path, challenge: Challenge, folder: str = "datasets") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with every table of the run read back from its CSV (types from the file)."""
    con = duckdb.connect()
    for t in challenge.schema_.tables:
        path = out / folder / f"{t.name}.csv"
        con.execute(f"CREATE TABLE \"{t.name}\" AS SELECT * FROM read_csv('{path}', header=true, auto_detect=true, "
                    "sample_size=-1)")
    return con


def sha256s(folder: Path) -> dict[str, str]:
    """sha256 of every file in folder (by name)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}
