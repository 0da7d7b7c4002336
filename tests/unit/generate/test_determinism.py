"""Same spec + seed gives byte-identical files whatever the chunk size; another seed gives other data."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from factory.generate import generate_dataset
from factory.generate.randomness import BLOCK_ROWS
from tests.unit.generate.helpers import quick_commerce, sha256s

ROWS = 3 * BLOCK_ROWS + 123  # several blocks and a partial last one


def test_same_seed_any_chunking_gives_identical_files(tmp_path: Path) -> None:
    ch = quick_commerce("advanced")  # messiness on: duplicates, nulls, casing and outliers must be stable too
    runs = {}
    for name, chunk in (("a", None), ("b", None), ("c", BLOCK_ROWS), ("d", 2 * BLOCK_ROWS + 5)):
        out = tmp_path / name
        generate_dataset(ch, out, rows=ROWS, chunk_rows=chunk, formats=("csv",))
        messiness = json.loads((out / "messiness.json").read_text())
        messiness.pop("generation_id", None)  # one id per run (which generation a folder holds), not data
        runs[name] = {**sha256s(out / "datasets"), "messiness.json": messiness}
    assert runs["a"] == runs["b"] == runs["c"] == runs["d"]
    assert len(runs["a"]) == len(ch.schema_.tables) + 1


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    ch = quick_commerce("beginner")
    generate_dataset(ch, tmp_path / "a", rows=2000)
    generate_dataset(ch.model_copy(update={"seed": 7}), tmp_path / "b", rows=2000)
    a, b = sha256s(tmp_path / "a" / "datasets"), sha256s(tmp_path / "b" / "datasets")
    assert a["fact_order_lines.csv"] != b["fact_order_lines.csv"]
    assert a["dim_customer.csv"] != b["dim_customer.csv"]
    assert a["dim_product.csv"] == b["dim_product.csv"]  # catalogue cycles through fixed values: seed-free


def test_background_writes_change_nothing(tmp_path: Path, monkeypatch) -> None:
    import factory.generate.api as api

    ch = quick_commerce("advanced")
    generate_dataset(ch, tmp_path / "a", rows=ROWS, chunk_rows=BLOCK_ROWS)
    monkeypatch.setattr(api, "BACKGROUND_WRITES", False)
    generate_dataset(ch, tmp_path / "b", rows=ROWS)
    assert sha256s(tmp_path / "a" / "datasets") == sha256s(tmp_path / "b" / "datasets")


def test_clean_copy_is_identical_at_any_chunking(tmp_path: Path, monkeypatch) -> None:
    """clean/*.parquet (the tables before fault injection) is byte-identical whatever the chunk size, with row
    groups that straddle chunks; it holds the generated rows without the injected duplicates."""
    from factory.generate.writers import ParquetWriter

    monkeypatch.setattr(ParquetWriter, "row_group_rows", BLOCK_ROWS + 1000)  # not aligned with any chunk
    ch = quick_commerce("advanced")
    runs = {}
    for name, chunk in (("a", None), ("c", BLOCK_ROWS), ("d", 2 * BLOCK_ROWS + 5)):
        out = tmp_path / name
        generate_dataset(ch, out, rows=ROWS, chunk_rows=chunk, formats=("csv", "parquet"))
        runs[name] = (sha256s(out / "clean"), sha256s(out / "parquet"))
    assert runs["a"] == runs["c"] == runs["d"]
    assert sorted(runs["a"][0]) == sorted(f"{t.name}.parquet" for t in ch.schema_.tables)
    meta = pq.read_metadata(tmp_path / "c" / "clean" / "fact_order_lines.parquet")
    group = BLOCK_ROWS + 1000
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert sizes == [group] * (ROWS // group) + [ROWS % group]  # full groups, then the rest
    rows = json.loads((tmp_path / "c" / "generation.json").read_text())["rows"]["fact_order_lines"]
    assert rows > ROWS  # the delivered CSV has the injected duplicates, the clean copy does not
