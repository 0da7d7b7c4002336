"""Which data the answer key is computed on: the clean tables (clean/, before fault injection) when the run has
planted faults, else the delivered tables (datasets/, which are then the clean data)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb

from factory.answers.tables import RunData, load_run, read_challenge, shipped_columns
from factory.errors import ValidationRunError
from factory.sandbox import DUCKDB_TYPES, SqlBudget, file_reader, quote_ident
from factory.settings import get_settings
from factory.spec.models import Challenge

Basis = Literal["clean", "delivered"]
#: the engine's folder of clean tables (factory.generate.api.CLEAN_DIR; answers must not import generate)
CLEAN_DIR = "clean"


def answer_basis(run_dir: str | Path) -> Basis:
    """"clean" when the run folder holds clean tables (clean/*.parquet), else "delivered"."""
    folder = Path(run_dir) / CLEAN_DIR
    return "clean" if folder.is_dir() and any(folder.glob("*.parquet")) else "delivered"


def load_clean(run_dir: str | Path, *, challenge: Challenge | None = None) -> RunData:
    """The run's clean tables (clean/<table>.parquet), typed like the delivered ones; no faults recorded.

    A missing or unreadable clean table raises ValidationRunError: a partial clean copy must not silently
    change the basis of the answer key.
    """
    root = Path(run_dir)
    data = RunData(run_dir=root, challenge=challenge or read_challenge(root))
    paths = {t.name: (root / CLEAN_DIR / f"{t.name}.parquet").resolve() for t in data.challenge.schema_.tables}
    con = file_reader([p for p in paths.values() if p.is_file()], budget=SqlBudget(get_settings().sql_file_timeout_s, None))
    try:
        for table in data.challenge.schema_.tables:
            path = paths[table.name]
            if not path.is_file():
                raise ValidationRunError(f"{path} is missing", hint="regenerate the data (factory generate)")
            select = ", ".join(f"CAST({quote_ident(c.name)} AS {DUCKDB_TYPES[c.type]}) AS {quote_ident(c.name)}"
                               for c in shipped_columns(table))
            try:
                data.tables[table.name] = con.sql(f"SELECT {select} FROM read_parquet(?)",
                                                  params=[str(path)]).to_arrow_table()
            except duckdb.Error as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise ValidationRunError(f"{path} is unreadable: {first}",
                                         hint="regenerate the data (factory generate)") from None
            data.headers[table.name] = [c.name for c in shipped_columns(table)]
    finally:
        con.close()
    return data


def load_basis(run_dir: str | Path, *, challenge: Challenge | None = None) -> tuple[Basis, RunData]:
    """The basis of the run's answer key and its tables (clean when present, else the delivered CSVs)."""
    basis = answer_basis(run_dir)
    if basis == "clean":
        return basis, load_clean(run_dir, challenge=challenge)
    return basis, load_run(run_dir, challenge=challenge)
